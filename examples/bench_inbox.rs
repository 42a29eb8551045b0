//! What an inbox tick costs when a backlog waits: after an outage Telegram
//! hands over everything it kept, the poller writes it all down at once, and
//! every handler that finishes ticks the worker for the next chat to start.
//!
//! The tick's pick (`jobs::waiting::Waiting::take_next`, in memory) with 31
//! chats busy and one slot free, as under load, against a small backlog and
//! a large one. The same run times the database read the tick used to make
//! (`inbox::next_per_chat`, the pending rows in arrival order until a free
//! chat's), against the same rows. Each is checked to have found the right
//! update.
//!
//! cargo run --release --example bench_inbox [--small]

use std::collections::HashSet;
use std::time::Instant;

use anyhow::ensure;
use futures::TryStreamExt;
use hailong::jobs::waiting::Waiting;
use hailong::store::Store;
use hailong::store::inbox::{self, Arrival, Pending};

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
    let mut tx = store.begin_write().await?;
    inbox::receive(&mut tx, &arrivals, None).await?;
    tx.commit().await?;
    Ok(store)
}

/// Seconds per tick over `ticks` ticks, now and as it used to be.
async fn per_tick(store: &Store, ticks: usize) -> anyhow::Result<(f64, f64)> {
    let busy: HashSet<String> = (0..BUSY).map(|n| format!("tg:{}", 1_000_000 + n)).collect();
    let first_free = format!("tg:{BUSY}");
    let mut conn = store.read().await?;
    let backlog = inbox::pending(&mut conn, usize::MAX).await?;
    // All of it held, as a smaller backlog would be.
    let waiting = Waiting::holding(backlog.len());
    waiting.add(backlog);

    let started = Instant::now();
    for _ in 0..ticks {
        let rows = waiting.take_next(|chat| busy.contains(chat), 1);
        ensure!(
            rows.len() == 1 && rows[0].update_key == first_free,
            "the tick did not find the oldest free chat's update"
        );
        // Back, so that every tick meets the same backlog.
        waiting.add(rows);
    }
    let now = started.elapsed().as_secs_f64() / ticks as f64;

    let busy_json = serde_json::to_string(&busy)?;
    let started = Instant::now();
    for _ in 0..ticks {
        // As `inbox::next_per_chat` read it, with one slot free.
        let mut rows = sqlx::query_as::<_, Pending>(
            "SELECT id, update_key, chat_key, body FROM inbox
             WHERE state = 'pending' AND chat_key NOT IN (SELECT value FROM json_each(?))
             ORDER BY id",
        )
        .bind(&busy_json)
        .fetch(&mut *conn);
        let first = rows.try_next().await?;
        drop(rows);
        let key = first.map(|row| row.update_key);
        ensure!(
            key.as_deref() == Some(first_free.as_str()),
            "the old read found {key:?}"
        );
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
    println!("| one tick, {BUSY} chats busy | {SMALL_BACKLOG} waiting | {large} waiting | ratio |");
    println!("|---|---|---|---|");
    for (name, a, b) in [
        ("now (in memory)", small_now, big_now),
        ("before (read from the database)", small_before, big_before),
    ] {
        println!(
            "| {name} | {:.1} µs | {:.1} µs | {:.2}× |",
            a * 1e6,
            b * 1e6,
            b / a
        );
    }
    println!("({ticks} ticks each)");
    Ok(())
}
