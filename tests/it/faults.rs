use bot_api_emulator::{Fault, RateLimits};
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
async fn a_5xx_from_telegram_is_counted_and_the_bot_goes_on() {
    let mut app = TestApp::spawn().await;
    app.fake.fail_next("sendMessage", Fault::ServerError(502));
    app.send_text(&citizen(54, Some("vi")), "/start").await;
    assert_eq!(app.errors(), 1);
    app.send_text(&citizen(54, Some("vi")), "/help").await;
    let last = app.last_message(54);
    assert!(last.succeeded());
    assert_eq!(last.text(), Some(app.t(Language::Vi, Key::Help).as_str()));
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
