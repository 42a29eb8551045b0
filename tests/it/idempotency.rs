use hailong::domain::Language;
use hailong::i18n::Key;

use crate::helpers::{TestApp, citizen};

#[tokio::test]
async fn a_message_delivered_twice_is_answered_once() {
    let mut app = TestApp::spawn().await;
    let update = app.send_text(&citizen(31, Some("vi")), "/start").await;
    app.redeliver(update).await;
    assert_eq!(app.messages_in(31).len(), 1);
}

#[tokio::test]
async fn a_button_tap_delivered_twice_changes_the_language_once() {
    let mut app = TestApp::spawn().await;
    let user = citizen(32, Some("vi"));
    app.send_text(&user, "/language").await;
    let tap = app.press(&user, "English").await;
    app.send_text(&user, "/language").await;
    app.press(&user, "ភាសាខ្មែរ").await;
    app.redeliver(tap).await;
    assert_eq!(app.calls_of("editMessageText").len(), 2);
    app.send_text(&user, "/help").await;
    assert_eq!(
        app.last_message(32).text(),
        Some(app.t(Language::Km, Key::Help).as_str())
    );
}
