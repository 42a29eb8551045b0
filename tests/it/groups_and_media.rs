use bot_api_emulator::{BOT_USERNAME, ChatKind, Incoming};
use hailong::domain::Language;
use hailong::i18n::Key;

use crate::helpers::{TestApp, citizen};

const GROUP: i64 = -100_123;

fn in_group(text: &str) -> Incoming {
    Incoming::Text {
        chat: ChatKind::Group(GROUP),
        text: text.into(),
    }
}

#[tokio::test]
async fn a_sticker_gets_a_hint_to_type() {
    let mut app = TestApp::spawn().await;
    app.send(&citizen(41, Some("vi")), Incoming::Sticker).await;
    assert_eq!(
        app.last_message(41).text(),
        Some(app.t(Language::Vi, Key::MediaUnsupported).as_str())
    );
}

#[tokio::test]
async fn a_photo_gets_a_hint_to_type() {
    let mut app = TestApp::spawn().await;
    app.send(&citizen(42, Some("en")), Incoming::Photo).await;
    assert_eq!(
        app.last_message(42).text(),
        Some(app.t(Language::En, Key::MediaUnsupported).as_str())
    );
}

#[tokio::test]
async fn an_edited_message_asks_for_a_new_one() {
    let mut app = TestApp::spawn().await;
    let user = citizen(43, Some("km"));
    app.send(
        &user,
        Incoming::EditedText {
            text: "/start".into(),
        },
    )
    .await;
    assert_eq!(app.messages_in(43).len(), 1);
    assert_eq!(
        app.last_message(43).text(),
        Some(app.t(Language::Km, Key::EditedUnsupported).as_str())
    );
}

#[tokio::test]
async fn a_channel_post_is_ignored() {
    let mut app = TestApp::spawn().await;
    app.send(
        &citizen(44, None),
        Incoming::ChannelPost {
            text: "tin mới".into(),
        },
    )
    .await;
    assert!(app.answers().is_empty());
    assert_eq!(app.errors(), 0);
}

#[tokio::test]
async fn chatter_in_a_group_gets_silence() {
    let mut app = TestApp::spawn().await;
    app.send(&citizen(45, Some("vi")), in_group("xin chào mọi người"))
        .await;
    app.send(&citizen(45, Some("vi")), in_group("/start")).await;
    app.send(&citizen(45, Some("vi")), Incoming::Sticker).await;
    let answered: Vec<_> = app.answers().iter().map(|c| c.chat_id()).collect();
    assert_eq!(answered, [Some(45)], "only the private sticker is answered");
}

#[tokio::test]
async fn a_group_message_addressed_to_the_bot_invites_a_private_chat() {
    let mut app = TestApp::spawn().await;
    app.send(
        &citizen(46, Some("en")),
        in_group(&format!("/start@{BOT_USERNAME}")),
    )
    .await;
    let expected = app.t_args(
        Language::En,
        Key::GroupPrivateOnly,
        &[("bot", BOT_USERNAME)],
    );
    assert_eq!(app.last_message(GROUP).text(), Some(expected.as_str()));
}

#[tokio::test]
async fn a_command_named_for_this_bot_is_obeyed_and_one_for_another_is_not() {
    let mut app = TestApp::spawn().await;
    let user = citizen(47, Some("vi"));
    app.send_text(&user, &format!("/help@{BOT_USERNAME}")).await;
    let help = app.t(Language::Vi, Key::Help);
    assert_eq!(app.last_message(47).text(), Some(help.as_str()));
    app.send_text(&user, "/help@another_bot").await;
    assert_ne!(
        app.last_message(47).text(),
        Some(help.as_str()),
        "another bot's command is not this bot's"
    );
    assert_eq!(app.answers().len(), 2, "both answered, once each");
}
