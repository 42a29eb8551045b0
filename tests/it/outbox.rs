//! The outbox under load and failure: many followers, a crash mid-drain,
//! Telegram down for a while.

use std::time::Duration;

use bot_api_emulator::Fault;
use hailong::configuration::Settings;
use hailong::domain::{ChatId, Language};
use hailong::i18n::Key;
use hailong::store::outbox::{Notification, count_in_state, enqueue};
use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, citizen};

const CODE: &str = "000.00.32.H12-261101-0001";
const FOLLOWERS: std::ops::Range<i64> = 7_000..7_100;

/// A dossier in progress followed by 100 citizens.
async fn followed_by_a_hundred(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let app = TestApp::spawn_with(adjust).await;
    app.seed_catalog().await;
    app.import_dossiers(&format!(
        "{CODE},1.001193,000.00.32.H12,4,2026-11-01,2026-11-05,,direct,32047\n"
    ))
    .await;
    app.add_citizens(FOLLOWERS, Some("vi")).await;
    for follower in FOLLOWERS {
        app.add_follow(follower, CODE).await;
    }
    app
}

async fn change_status(app: &TestApp, event_id: &str, status: i64) {
    let event = json!({"event_id": event_id, "status": status, "at": "2026-11-04T15:00:00+07:00"});
    let path = format!("/dossiers/{CODE}/events");
    assert_eq!(app.api(Method::POST, &path, event).await.0, 201);
}

async fn outbox_count(app: &TestApp, state: &str) -> i64 {
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    count_in_state(&mut conn, state).await.expect("a count")
}

/// Messages that reached each follower, oldest first.
fn received(app: &TestApp, chat: i64) -> Vec<String> {
    app.messages_in(chat)
        .into_iter()
        .filter(|c| c.succeeded())
        .map(|c| c.text().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn each_chat_gets_its_notification_then_its_invitation_once() {
    let app = followed_by_a_hundred(|_| {}).await;
    change_status(&app, "returned", 10).await;
    app.drain_jobs().await;
    for chat in FOLLOWERS {
        let got = received(&app, chat);
        assert_eq!(got.len(), 2, "chat {chat}: {got:#?}");
        assert!(got[0].contains("Đã trả kết quả"), "{}", got[0]);
        assert!(
            got[1].contains(CODE) && !got[1].contains("Đã trả kết quả"),
            "{}",
            got[1]
        );
    }
    assert_eq!(outbox_count(&app, "sent").await, 200);
}

/// What the bot queues itself leaves once it is committed, not at the
/// outbox's next look for what other processes queued (an hour away here):
/// a dossier's news from the ingest API, and the news of a role an admin
/// grants in the chat.
#[tokio::test]
async fn what_the_bot_queues_itself_leaves_at_once_not_at_the_next_look() {
    const ADMIN: i64 = 7_500;
    const MEMBER: i64 = 7_501;
    let mut app = followed_by_a_hundred(|s| {
        s.outbox.looks_every_ms = std::num::NonZeroU64::new(3_600_000).expect("an hour");
        s.roles.admins = vec![ADMIN];
    })
    .await;
    change_status(&app, "papers", 5).await;
    for follower in FOLLOWERS {
        let news = app.wait_for_messages(follower, 1).await;
        assert!(news[0].succeeded(), "{news:?}");
    }
    app.fake.meet(MEMBER);
    app.send_text(
        &citizen(ADMIN, Some("vi")),
        &format!("/grant staff {MEMBER}"),
    )
    .await;
    let news = app.wait_for_messages(MEMBER, 1).await;
    assert!(news[0].succeeded(), "{news:?}");
}

#[tokio::test]
async fn a_crash_mid_drain_leaves_at_most_the_window_uncertain_and_sends_none_twice() {
    let mut app = followed_by_a_hundred(|s| s.outbox.in_flight = 10).await;
    let before = app.fake.call_count();
    change_status(&app, "papers", 5).await;
    assert!(
        app.fake
            .wait_for_calls(before + 30, Duration::from_secs(30))
            .await
    );
    app.stop().await;
    let at_crash: usize = FOLLOWERS.map(|c| received(&app, c).len()).sum();
    assert!(at_crash < 100, "the crash came after the end");
    app.start_again().await;
    app.drain_jobs().await;
    let uncertain = outbox_count(&app, "uncertain").await;
    let sent = outbox_count(&app, "sent").await;
    assert!(uncertain <= 10, "{uncertain} uncertain");
    assert_eq!(sent + uncertain, 100, "{sent} sent, {uncertain} uncertain");
    let mut reached = 0;
    for chat in FOLLOWERS {
        let got = received(&app, chat).len();
        assert!(got <= 1, "chat {chat} got it {got} times");
        reached += got as i64;
    }
    assert!(reached >= sent, "{reached} reached, {sent} sent");
}

/// Telegram fails every message with `fault` for `outage` while 100
/// notifications wait: all arrive once it is back, none twice.
async fn every_notification_survives_an_outage(fault: Fault, outage: Duration) {
    let app = followed_by_a_hundred(|s| s.outbox.retry_cap_ms = 200).await;
    app.fake.down_for(outage, fault);
    change_status(&app, "papers", 5).await;
    tokio::time::sleep(outage).await;
    app.drain_jobs().await;
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    let most: i64 = sqlx::query_scalar("SELECT max(attempts) FROM outbox")
        .fetch_one(&mut *conn)
        .await
        .expect("attempts");
    assert!(most > 5, "tried beyond five times: at most {most}");
    for chat in FOLLOWERS {
        assert_eq!(received(&app, chat).len(), 1, "chat {chat}");
    }
    assert_eq!(outbox_count(&app, "sent").await, 100);
    assert_eq!(outbox_count(&app, "failed").await, 0);
}

/// Connections dropped for 5 s: each notification is tried many times.
#[tokio::test]
async fn every_notification_survives_telegram_being_unreachable() {
    every_notification_survives_an_outage(Fault::Unreachable, Duration::from_secs(5)).await;
}

/// 502s for 90 s; teloxide itself waits 10 s after each 5xx, so this one is
/// slow: `cargo test --test it -- --ignored outage`.
#[tokio::test]
#[ignore = "takes two minutes"]
async fn every_notification_survives_a_90_second_outage() {
    every_notification_survives_an_outage(Fault::ServerError(502), Duration::from_secs(90)).await;
}

/// Another process (`hailong import`, `hailong roles`) queues rows without
/// waking the serving bot's outbox. A row due later (a low rating's alert
/// waits ten minutes for its comment) must not put the outbox to sleep that
/// long: the row another process queued for now leaves within seconds.
#[tokio::test]
async fn a_row_due_later_does_not_hold_up_what_another_process_queues_for_now() {
    const MEMBER: i64 = 7_201;
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(MEMBER, Some("vi")), "/help").await;
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let later = chrono::Utc::now() + chrono::Duration::minutes(10);
    let news = Notification::RoleChanged { granted: None };
    enqueue(&mut tx, ChatId(7_202), &news, later)
        .await
        .expect("queued");
    tx.commit().await.expect("committed");
    // The outbox looks again within its idle wait of a second, and learns
    // that its next row is due in ten minutes.
    tokio::time::sleep(Duration::from_millis(1_500)).await;

    let granted = app.cli(&["roles", "grant", "admin", "7201"], "").await;
    assert!(granted.status.success(), "{granted:?}");
    let told = app.t(Language::Vi, Key::RoleGrantedAdmin);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !received(&app, MEMBER)
        .iter()
        .any(|text| text.starts_with(&told))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the news waits behind a row due in ten minutes"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
