//! The emulator itself refuses what Telegram refuses, so that the tests that
//! rely on it can trust a clean run.

use bot_api_emulator::{Emulator, Fault, RateLimits};
use serde_json::{Value, json};

async fn call(fake: &Emulator, method: &str, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}bot0:test/{method}", fake.url()))
        .json(&body)
        .send()
        .await
        .expect("the emulator answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn a_valid_send_is_answered_with_a_message() {
    let fake = Emulator::start().await.expect("starts");
    let (status, body) = call(&fake, "SendMessage", json!({"chat_id": 5, "text": "chào"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["result"]["text"], "chào");
    assert_eq!(body["result"]["chat"]["id"], 5);
    assert!(fake.violations().is_empty());
}

/// Telegram lets a bot write to a person only once they have opened it; a
/// group's chat is not a person's.
#[tokio::test]
async fn refusing_strangers_a_message_to_someone_never_met_is_403() {
    let fake = Emulator::start().await.expect("starts");
    let send = |chat: i64| json!({"chat_id": chat, "text": "chào"});
    assert_eq!(call(&fake, "sendMessage", send(7)).await.0, 200, "lenient");
    fake.refuse_strangers();
    let (status, body) = call(&fake, "sendMessage", send(8)).await;
    assert_eq!(status, 403);
    assert_eq!(
        body["description"],
        "Forbidden: bot can't initiate conversation with a user"
    );
    fake.meet(8);
    assert_eq!(call(&fake, "sendMessage", send(8)).await.0, 200);
    assert_eq!(call(&fake, "sendMessage", send(-100_777)).await.0, 200);
    assert!(fake.violations().is_empty(), "a refusal, not a violation");
}

#[tokio::test]
async fn an_unknown_method_is_404_and_recorded() {
    let fake = Emulator::start().await.expect("starts");
    let (status, _) = call(&fake, "sendTelegram", json!({})).await;
    assert_eq!(status, 404);
    assert_eq!(fake.take_violations().len(), 1);
}

#[tokio::test]
async fn text_over_4096_characters_is_400() {
    let fake = Emulator::start().await.expect("starts");
    let (status, body) = call(
        &fake,
        "sendMessage",
        json!({"chat_id": 5, "text": "a".repeat(4097)}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["ok"], false);
    assert_eq!(fake.take_violations().len(), 1);
}

#[tokio::test]
async fn callback_data_over_64_bytes_is_400() {
    let fake = Emulator::start().await.expect("starts");
    let markup = json!({"inline_keyboard": [[{"text": "x", "callback_data": "é".repeat(33)}]]});
    let (status, _) = call(
        &fake,
        "sendMessage",
        json!({"chat_id": 5, "text": "x", "reply_markup": markup}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(fake.take_violations()[0].contains("callback_data"));
}

#[tokio::test]
async fn missing_and_unknown_parameters_are_400() {
    let fake = Emulator::start().await.expect("starts");
    let (status, _) = call(&fake, "sendMessage", json!({"text": "x", "colour": "red"})).await;
    assert_eq!(status, 400);
    let violations = fake.take_violations();
    assert!(
        violations.iter().any(|v| v.contains("chat_id")),
        "{violations:?}"
    );
    assert!(
        violations.iter().any(|v| v.contains("colour")),
        "{violations:?}"
    );
}

#[tokio::test]
async fn faults_are_answered_as_telegram_answers_them() {
    let fake = Emulator::start().await.expect("starts");
    fake.fail_next("sendMessage", Fault::RetryAfter(7));
    fake.fail_next("sendMessage", Fault::ServerError(502));
    fake.block(9);
    let send = json!({"chat_id": 9, "text": "x"});
    let (status, body) = call(&fake, "sendMessage", send.clone()).await;
    assert_eq!(
        (status, body["parameters"]["retry_after"].as_i64()),
        (429, Some(7))
    );
    assert_eq!(call(&fake, "sendMessage", send.clone()).await.0, 502);
    let (status, body) = call(&fake, "sendMessage", send).await;
    assert_eq!(status, 403);
    assert_eq!(
        body["description"],
        "Forbidden: bot was blocked by the user"
    );
    fake.revoke_token();
    let (status, body) = call(&fake, "getMe", json!({})).await;
    assert_eq!(
        (status, body["description"].as_str()),
        (401, Some("Unauthorized"))
    );
    assert!(fake.violations().is_empty());
}

/// Telegram knows a private chat once its user wrote to the bot: a menu
/// scoped to one it does not know is refused.
#[tokio::test]
async fn a_menu_for_a_chat_telegram_never_met_is_refused() {
    let fake = Emulator::start().await.expect("starts");
    let menu = json!({"commands": [{"command": "help", "description": "Help"}],
                      "scope": {"type": "chat", "chat_id": 77}});
    let (status, body) = call(&fake, "setMyCommands", menu.clone()).await;
    assert_eq!(
        (status, body["description"].as_str()),
        (400, Some("Bad Request: chat not found"))
    );
    fake.meet(77);
    assert_eq!(call(&fake, "setMyCommands", menu).await.0, 200);
    assert!(fake.violations().is_empty());
}

#[tokio::test]
async fn with_limits_on_a_second_message_to_one_chat_within_a_second_is_429() {
    let fake = Emulator::start().await.expect("starts");
    fake.enforce_limits(RateLimits::default());
    let send = |chat: i64| json!({"chat_id": chat, "text": "x"});
    assert_eq!(call(&fake, "sendMessage", send(1)).await.0, 200);
    let (status, body) = call(&fake, "sendMessage", send(1)).await;
    assert_eq!(
        (status, body["parameters"]["retry_after"].as_i64()),
        (429, Some(1))
    );
    assert_eq!(
        call(&fake, "sendMessage", send(2)).await.0,
        200,
        "another chat is not held back"
    );
}

#[tokio::test]
async fn with_limits_on_the_31st_message_in_a_second_is_429() {
    let fake = Emulator::start().await.expect("starts");
    fake.enforce_limits(RateLimits::default());
    for chat in 1..=30 {
        assert_eq!(
            call(&fake, "sendMessage", json!({"chat_id": chat, "text": "x"}))
                .await
                .0,
            200
        );
    }
    assert_eq!(
        call(&fake, "sendMessage", json!({"chat_id": 31, "text": "x"}))
            .await
            .0,
        429
    );
    assert_eq!(fake.answered_with(429), 1);
}
