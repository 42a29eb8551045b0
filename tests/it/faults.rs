use std::time::Duration;

use bot_api_emulator::{ChatKind, Fault, Incoming, RateLimits};
use hailong::domain::Language;
use hailong::i18n::Key;

use crate::helpers::{TestApp, citizen};

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
    let sent = app.messages_in(54);
    let statuses: Vec<u16> = sent.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [502, 200]);
    // Tried again after the first backoff (a quarter of a second), not after
    // the 10 s teloxide's requester sleeps on every 5xx before it says so.
    let waited = sent[1].at.duration_since(sent[0].at);
    assert!(
        waited < Duration::from_secs(5),
        "tried again after {waited:?}"
    );
    assert_eq!(
        app.last_message(54).text(),
        Some(app.t(Language::Vi, Key::Help).as_str())
    );
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
