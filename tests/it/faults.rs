use std::time::Duration;

use bot_api_emulator::{Call, ChatKind, Fault, Incoming, Person, RateLimits};
use hailong::domain::Language;
use hailong::i18n::Key;

use crate::dashboard::{A, ok};
use crate::helpers::{TestApp, citizen};
use crate::index::rated_app;

#[tokio::test]
async fn a_429_is_waited_out_and_the_reply_still_arrives() {
    let mut app = TestApp::spawn().await;
    app.fake.fail_next("sendMessage", Fault::RetryAfter(1));
    app.send_text(&citizen(51, Some("vi")), "/help").await;
    let statuses: Vec<u16> = app
        .calls_of("sendMessage")
        .iter()
        .map(|c| c.status)
        .collect();
    assert_eq!(statuses, [429, 200]);
    assert_eq!(
        app.last_message(51).text(),
        Some(app.t(Language::Vi, Key::Help).as_str())
    );
    assert_eq!(app.errors(), 0);
}

#[tokio::test]
async fn a_user_who_blocked_the_bot_does_not_stop_it() {
    let mut app = TestApp::spawn().await;
    app.fake.block(52);
    app.send_text(&citizen(52, Some("vi")), "/start").await;
    assert_eq!(app.calls_of("sendMessage")[0].status, 403);
    assert_eq!(app.errors(), 1);
    app.send_text(&citizen(53, Some("en")), "/help").await;
    assert_eq!(
        app.last_message(53).text(),
        Some(app.t(Language::En, Key::Help).as_str())
    );
}

#[tokio::test]
async fn a_reply_that_meets_a_5xx_is_tried_again_and_arrives() {
    let mut app = TestApp::spawn().await;
    app.fake.fail_next("sendMessage", Fault::ServerError(502));
    app.send_text(&citizen(54, Some("vi")), "/help").await;
    assert_tried_again_at_once(&app.messages_in(54));
    assert_eq!(
        app.last_message(54).text(),
        Some(app.t(Language::Vi, Key::Help).as_str())
    );
    assert_eq!(app.errors(), 0);
}

/// `calls` met a 502 and then got through a backoff later (a reply's first is
/// a quarter of a second, a job's a second), not after the 10 s teloxide's
/// requester sleeps on every 5xx before it says so.
pub(crate) fn assert_tried_again_at_once(calls: &[Call]) {
    let statuses: Vec<u16> = calls.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [502, 200]);
    let waited = calls[1].at.duration_since(calls[0].at);
    assert!(
        waited < Duration::from_secs(5),
        "tried again after {waited:?}"
    );
}

/// A chart and a workbook are uploaded: they are tried again as promptly as
/// a text.
#[tokio::test]
async fn a_chart_and_a_workbook_that_meet_a_5xx_are_tried_again_at_once() {
    let mut app = rated_app().await;
    ok(&app.cli(&["roles", "grant", "staff", "505", A], "").await);
    let staff = Person::new(505, Some("en"));
    app.fake.fail_next("sendPhoto", Fault::ServerError(502));
    app.send_text(&staff, "/stats").await;
    assert_tried_again_at_once(&app.calls_of("sendPhoto"));
    assert_eq!(app.fake.uploads_named("hailong-stats.png").len(), 2);
    app.fake.fail_next("sendDocument", Fault::ServerError(502));
    app.send_text(&staff, "/export 01/11/2026 30/11/2026").await;
    assert_tried_again_at_once(&app.calls_of("sendDocument"));
    let workbooks = app.fake.uploads_named("hailong-2026-11-01-2026-11-30.xlsx");
    assert_eq!(workbooks.len(), 2);
    assert!(workbooks[1].starts_with(b"PK"), "a workbook is a zip");
    assert_eq!(app.errors(), 0);
}

#[tokio::test]
async fn with_one_call_in_ten_failing_every_update_gets_its_reply() {
    let app = TestApp::spawn().await;
    app.fake.fail_every(10, Fault::ServerError(502));
    let users: Vec<_> = (0..8).map(|n| citizen(540 + n, Some("en"))).collect();
    let mut updates = Vec::new();
    for _ in 0..3 {
        for user in &users {
            let help = Incoming::Text {
                chat: ChatKind::Private,
                text: "/help".into(),
            };
            updates.push(app.fake.push(user, help));
        }
    }
    for update in updates {
        app.wait_handled(update).await;
    }
    let help = app.t(Language::En, Key::Help);
    for user in &users {
        let replies: Vec<_> = app
            .messages_in(user.id)
            .into_iter()
            .filter(|m| m.succeeded())
            .collect();
        assert_eq!(replies.len(), 3, "user {}", user.id);
        assert!(replies.iter().all(|m| m.text() == Some(help.as_str())));
    }
    assert!(app.fake.answered_with(502) >= 3, "the faults happened");
    assert_eq!(app.errors(), 0);
}

#[tokio::test]
async fn a_failed_button_acknowledgement_does_not_hold_back_the_reply() {
    let mut app = TestApp::spawn().await;
    let user = citizen(56, Some("vi"));
    app.send_text(&user, "/language").await;
    app.fake.fail_next("answerCallbackQuery", Fault::Forbidden);
    app.press(&user, "English").await;
    assert_eq!(app.calls_of("answerCallbackQuery")[0].status, 403);
    let edit = app.last_message(56);
    assert_eq!(edit.method, "editMessageText");
    assert!(edit.succeeded());
    assert_eq!(
        edit.text(),
        Some(app.t(Language::En, Key::LanguageChanged).as_str())
    );
}

#[tokio::test]
async fn replies_stay_within_telegrams_rate_limits() {
    let mut app = TestApp::spawn().await;
    app.fake.enforce_limits(RateLimits::default());
    let user = citizen(55, Some("en"));
    for command in ["/start", "/help", "/language"] {
        app.send_text(&user, command).await;
    }
    assert_eq!(app.fake.answered_with(429), 0);
    assert!(app.messages_in(55).iter().all(|m| m.succeeded()));
    assert_eq!(app.messages_in(55).len(), 3);
}
