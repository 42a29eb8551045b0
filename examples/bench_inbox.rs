//! What an inbox tick costs when a backlog waits: after an outage Telegram
//! hands over everything it kept, the poller writes it all down at once, and
//! every handler that finishes ticks the worker for the next chat to start.
//!
//! The tick's read (`store::inbox::next_per_chat`) with 31 chats busy and one
//! slot free, as under load, against a small backlog and a large one. The
//! same run times the query the tick used to make (the oldest row of every
//! pending chat, grouped, then ordered), which read the whole backlog each time.
//! Each read is checked to have found the right update.
//!
//! cargo run --release --example bench_inbox [--small]

use std::collections::HashSet;
use std::time::Instant;

use anyhow::ensure;
use hailong::store::Store;
use hailong::store::inbox::{self, Arrival};

#[path = "support/scale.rs"]
mod scale;

use scale::Scale;

/// Chats with a handler running: their rows come first and are skipped.
const BUSY: usize = 31;
const SMALL_BACKLOG: usize = 100;

/// A store with `backlog` pending updates, one per chat, in chat order.
async fn store_with_backlog(dir: &std::path::Path, backlog: usize) -> anyhow::Result<Store> {
    let url = format!(
        "sqlite://{}",
        dir.join(format!("inbox-{backlog}.db")).display()
    );
    let store = Store::open(&url).await?;
    let arrivals: Vec<Arrival> = (0..backlog)
        .map(|n| Arrival {
            update_key: format!("tg:{n}"),
            chat_key: format!("tg:{}", 1_000_000 + n),
            body: format!(
                r#"{{"update_id":{n},"message":{{"text":"000.00.32.H12-261101-0001"}}}}"#
            ),
        })
        .collect();
    inbox::receive(&mut *store.write().await?, &arrivals).await?;
    Ok(store)
}

/// Seconds per tick's read over `ticks` reads, now and as it used to be.
async fn per_tick(store: &Store, ticks: usize) -> anyhow::Result<(f64, f64)> {
    let busy: HashSet<String> = (0..BUSY).map(|n| format!("tg:{}", 1_000_000 + n)).collect();
    let first_free = format!("tg:{BUSY}");
    let mut conn = store.read().await?;

    let started = Instant::now();
    for _ in 0..ticks {
        let rows = inbox::next_per_chat(&mut conn, &busy, 1).await?;
        ensure!(
            rows.len() == 1 && rows[0].update_key == first_free,
            "the tick did not find the oldest free chat's update"
        );
    }
    let now = started.elapsed().as_secs_f64() / ticks as f64;

    let busy_json = serde_json::to_string(&busy.iter().collect::<Vec<_>>())?;
    let started = Instant::now();
    for _ in 0..ticks {
        let key: String = sqlx::query_scalar(
            "SELECT i.update_key FROM inbox i
             JOIN (SELECT min(id) AS id FROM inbox WHERE state = 'pending' GROUP BY chat_key) first
               ON first.id = i.id
             WHERE i.chat_key NOT IN (SELECT value FROM json_each(?))
             ORDER BY i.id LIMIT 1",
        )
        .bind(&busy_json)
        .fetch_one(&mut *conn)
        .await?;
        ensure!(key == first_free, "the old query found {key}");
    }
    let before = started.elapsed().as_secs_f64() / ticks as f64;
    Ok((now, before))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, _) = Scale::from_args()?;
    let large = scale.pick(5_000, 50_000);
    let ticks = scale.pick(200, 1_000);
    let dir = tempfile::tempdir()?;
    let small = store_with_backlog(dir.path(), SMALL_BACKLOG).await?;
    let big = store_with_backlog(dir.path(), large).await?;
    let (small_now, small_before) = per_tick(&small, ticks).await?;
    let (big_now, big_before) = per_tick(&big, ticks).await?;
    println!(
        "| one tick's read, {BUSY} chats busy | {SMALL_BACKLOG} waiting | {large} waiting | ratio |"
    );
    println!("|---|---|---|---|");
    for (name, a, b) in [
        ("now (rows in arrival order)", small_now, big_now),
        ("before (every chat grouped)", small_before, big_before),
    ] {
        println!(
            "| {name} | {:.1} µs | {:.1} µs | {:.2}× |",
            a * 1e6,
            b * 1e6,
            b / a
        );
    }
    println!("({ticks} reads each)");
    Ok(())
}
