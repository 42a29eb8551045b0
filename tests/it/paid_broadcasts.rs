//! Emergency notices: paid broadcasts (`allow_paid_broadcast`) leave faster
//! than Telegram's free 30 a second, within its 1,000, and the admin sees
//! how long and how many Stars before Send.

use std::time::Duration;

use bot_api_emulator::{Emulator, RateLimits};
use hailong::domain::Language;
use hailong::i18n::Key;
use serde_json::{Value, json};

use crate::helpers::{TestApp, citizen};

const ADMIN: i64 = 9_100;

async fn send_burst(fake: &Emulator, count: i64, paid: bool) -> Vec<u16> {
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for chat in 0..count {
        let status = client
            .post(format!("{}bot0:test/sendMessage", fake.url()))
            .json(&json!({"chat_id": 10_000 + chat, "text": "x", "allow_paid_broadcast": paid}))
            .send()
            .await
            .expect("the emulator answers")
            .status()
            .as_u16();
        statuses.push(status);
    }
    statuses
}

#[tokio::test]
async fn the_emulator_holds_free_sends_to_30_a_second_and_paid_ones_to_1000() {
    let fake = Emulator::start().await.expect("starts");
    fake.enforce_limits(RateLimits::default());
    let free = send_burst(&fake, 31, false).await;
    assert_eq!(free.iter().filter(|s| **s == 429).count(), 1, "{free:?}");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let paid = send_burst(&fake, 300, true).await;
    assert!(paid.iter().all(|s| *s == 200), "{paid:?}");
    fake.enforce_limits(RateLimits {
        paid_per_second: 50,
        ..RateLimits::default()
    });
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let over = send_burst(&fake, 51, true).await;
    assert_eq!(over.iter().filter(|s| **s == 429).count(), 1, "{over:?}");
}

#[tokio::test]
async fn a_paid_broadcast_goes_out_with_allow_paid_broadcast_and_no_429_and_replies_stay_free() {
    let mut app = TestApp::spawn_with(|s| {
        s.roles.admins = vec![ADMIN];
        s.broadcast.paid = true;
        s.broadcast.in_flight = 50;
    })
    .await;
    app.fake.enforce_limits(RateLimits::default());
    app.add_citizens(1_000..1_300, Some("vi")).await;
    let admin = citizen(ADMIN, Some("en"));
    app.send_text(&admin, "/broadcast").await;
    app.send_text(&admin, "Storm warning: stay home tonight.")
        .await;
    app.press(&admin, "Everyone (301)").await;
    let confirm = app.last_text(ADMIN);
    assert!(
        confirm.contains("at most 30.1 Telegram Stars (0.1 Star a message)"),
        "{confirm}"
    );
    app.press(&admin, "📣 Send to 301").await;
    app.send_text(&citizen(1_001, Some("vi")), "/help").await;
    let summary = app.wait_for_broadcast(1, Duration::from_secs(60)).await;
    assert_eq!(summary.recipients.delivered, 301, "{summary:?}");
    assert_eq!(app.fake.answered_with(429), 0);
    let paid = |c: &bot_api_emulator::Call| {
        c.params.get("allow_paid_broadcast") == Some(&Value::Bool(true))
    };
    let notices: Vec<_> = app
        .calls_of("sendMessage")
        .into_iter()
        .filter(|c| c.text().is_some_and(|t| t.starts_with("Storm warning")))
        .collect();
    // The admin's preview came first, as a reply; then each one's notice.
    let (sent, preview): (Vec<_>, Vec<_>) = notices.iter().partition(|c| paid(c));
    assert_eq!(sent.len(), 301, "every notice is a paid broadcast");
    assert_eq!(preview.len(), 1);
    assert_eq!(preview[0].chat_id(), Some(ADMIN));
    let help = app.t(Language::Vi, Key::Help);
    let reply = app
        .messages_in(1_001)
        .into_iter()
        .find(|c| c.text() == Some(help.as_str()))
        .expect("the reply");
    assert!(!paid(&reply), "a reply is never paid");
}

#[tokio::test]
async fn a_free_broadcast_preview_tells_the_time_and_no_cost() {
    let mut app = TestApp::spawn_with(|s| s.roles.admins = vec![ADMIN]).await;
    app.add_citizens(1_000..1_300, Some("vi")).await;
    let admin = citizen(ADMIN, Some("en"));
    app.send_text(&admin, "/broadcast").await;
    app.send_text(&admin, "Office closed on Friday.").await;
    app.press(&admin, "Everyone (301)").await;
    let confirm = app.last_text(ADMIN);
    let estimate = app.t_args(
        Language::En,
        Key::BroadcastEstimate,
        &[("took", "10s"), ("rate", "29")],
    );
    assert!(confirm.ends_with(&estimate), "{confirm}");
    assert!(!confirm.contains("Stars"), "{confirm}");
}
