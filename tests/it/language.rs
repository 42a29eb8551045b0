use hailong::domain::Language;
use hailong::i18n::Key;

use crate::helpers::{TestApp, citizen};
use bot_api_emulator::Incoming;

#[tokio::test]
async fn language_offers_each_language_by_its_own_name() {
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(21, Some("vi")), "/language").await;
    let prompt = app.last_message(21);
    assert_eq!(
        prompt.text(),
        Some(app.t(Language::Vi, Key::LanguagePrompt).as_str())
    );
    let labels: Vec<String> = prompt
        .buttons()
        .into_iter()
        .flatten()
        .map(|b| b.label)
        .collect();
    assert_eq!(labels, ["Tiếng Việt", "English", "ភាសាខ្មែរ"]);
}

#[tokio::test]
async fn choosing_a_language_confirms_in_it_and_removes_the_keyboard() {
    let mut app = TestApp::spawn().await;
    let user = citizen(22, Some("vi"));
    app.send_text(&user, "/language").await;
    app.press(&user, "ភាសាខ្មែរ").await;
    let edit = app.last_message(22);
    assert_eq!(edit.method, "editMessageText");
    assert_eq!(
        edit.text(),
        Some(app.t(Language::Km, Key::LanguageChanged).as_str())
    );
    assert!(edit.buttons().is_empty());
    assert_eq!(app.calls_of("answerCallbackQuery").len(), 1);
    app.send_text(&user, "/help").await;
    assert_eq!(
        app.last_message(22).text(),
        Some(app.t(Language::Km, Key::Help).as_str())
    );
}

#[tokio::test]
async fn the_chosen_language_survives_a_restart() {
    let mut app = TestApp::spawn().await;
    let user = citizen(23, Some("vi"));
    app.send_text(&user, "/language").await;
    app.press(&user, "English").await;
    app.restart().await;
    app.send_text(&user, "/start").await;
    let text = app.last_text(23);
    assert!(text.starts_with("Hello!"), "{text}");
}

#[tokio::test]
async fn the_chosen_language_wins_over_the_clients() {
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(24, Some("km")), "/language").await;
    app.press(&citizen(24, Some("km")), "Tiếng Việt").await;
    app.send_text(&citizen(24, Some("en")), "/help").await;
    assert_eq!(
        app.last_message(24).text(),
        Some(app.t(Language::Vi, Key::Help).as_str())
    );
}

#[tokio::test]
async fn forged_button_data_is_acknowledged_and_changes_nothing() {
    let mut app = TestApp::spawn().await;
    let user = citizen(25, Some("en"));
    app.send_text(&user, "/language").await;
    let (message_id, _) = app.fake.last_keyboard(25).expect("keyboard");
    for data in ["lang:fr", "lang:", "💥", "rate:999"] {
        app.send(
            &user,
            Incoming::Press {
                message_id,
                data: data.into(),
            },
        )
        .await;
    }
    let answers = app.calls_of("answerCallbackQuery");
    assert_eq!(answers.len(), 4);
    let expired = app.t(Language::En, Key::ButtonExpired);
    assert!(answers.iter().all(|a| a.text() == Some(expired.as_str())));
    assert!(app.calls_of("editMessageText").is_empty());
    app.send_text(&user, "/help").await;
    assert_eq!(
        app.last_message(25).text(),
        Some(app.t(Language::En, Key::Help).as_str())
    );
}
