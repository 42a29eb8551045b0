//! Handler time of a dossier look-up (the whole flow: the update's write
//! transaction, the look-up, the card) with 1,000,000 dossiers stored, against
//! a baseline of 1,000 dossiers in the same process. No Telegram round trip.
//! Every answer must be the dossier's card, or the run fails.
//!
//! cargo run --release --example bench_lookup            # --small: 20,000 dossiers

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use hailong::domain::{CommuneCode, Status, UserId};
use hailong::flows::{Callback, Context, Event, Incoming, Outcome, Processed, Reply, process};
use hailong::i18n::I18n;
use hailong::store::Store;
use hailong::store::dossiers::DossierRecord;

#[path = "support/catalog.rs"]
mod catalog;
#[path = "support/context.rs"]
mod context;
#[path = "support/dossiers.rs"]
mod dossiers;
#[path = "support/inbox.rs"]
mod inbox;
#[path = "support/scale.rs"]
mod scale;

use catalog::store_with_catalog;
use dossiers::{dossier, store_dossiers};
use scale::Scale;

fn code(n: usize) -> String {
    format!("000.00.31.H12-261001-{n:07}")
}

async fn store_with(dossiers: usize, dir: &std::path::Path) -> anyhow::Result<Store> {
    let store = store_with_catalog(&format!(
        "sqlite://{}",
        dir.join(format!("{dossiers}.db")).display()
    ))
    .await?;
    let received = Utc
        .with_ymd_and_hms(2026, 10, 1, 1, 0, 0)
        .single()
        .unwrap_or_default();
    for start in (0..dossiers).step_by(50_000) {
        let records = (start..(start + 50_000).min(dossiers))
            .map(|n| {
                Ok(DossierRecord {
                    commune: CommuneCode::parse("32014").ok(),
                    due_at: received.date_naive() + chrono::Days::new(5),
                    ..dossier(&code(n), Status::Processing, received)?
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        store_dossiers(&store, &records).await?;
    }
    Ok(store)
}

/// Whether `outcome` is the card of the dossier `code`: the only answer that
/// offers to follow it (not found, invalid and rate-limited answers do not).
fn is_card(outcome: &Outcome, code: &str) -> bool {
    matches!(outcome.replies.as_slice(), [Reply::Send { text, keyboard, .. }]
        if text.contains(code)
            && keyboard.0.iter().flatten().any(|b| matches!(b.callback, Callback::Follow(_) | Callback::Unfollow(_))))
}

/// One look-up of dossier `n` as update `key`; fails unless it answered with the card.
async fn look_up(store: &Store, ctx: &Context, key: String, n: usize) -> anyhow::Result<Duration> {
    let user = 1_000 + (n % 50) as i64;
    let event = Event::text(&code(n).to_lowercase(), "bench_bot");
    let incoming = Incoming::private(key, UserId(user), "vi", event);
    inbox::write_down(store, &incoming).await?;
    let started = Instant::now();
    let processed = process(store, ctx, &incoming).await?;
    let elapsed = started.elapsed();
    match processed {
        Processed::Answered { ref outcome, .. } if is_card(outcome, &code(n)) => Ok(elapsed),
        other => anyhow::bail!(
            "benchmark check failed: the look-up of {} did not answer with its card: {other:?}",
            code(n)
        ),
    }
}

async fn measure(
    label: &str,
    dossiers: usize,
    lookups: usize,
    dir: &std::path::Path,
) -> anyhow::Result<Duration> {
    let store = store_with(dossiers, dir).await?;
    let ctx = context::bench_context(Arc::new(I18n::load()?));
    // Untimed look-ups first, so neither run pays for a cold cache or pool.
    for i in 0..lookups / 10 {
        look_up(&store, &ctx, format!("warm:{i}"), (i * 104_729) % dossiers).await?;
    }
    let mut times = Vec::with_capacity(lookups);
    for i in 0..lookups {
        times.push(look_up(&store, &ctx, format!("bench:{i}"), (i * 7919) % dossiers).await?);
    }
    times.sort();
    let median = times[times.len() / 2];
    let p99 = times[times.len() * 99 / 100];
    println!(
        "{label:>9} dossiers: median {:>6.0} µs, p99 {:>6.0} µs over {lookups} look-ups (after {} to warm up)",
        median.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6,
        lookups / 10
    );
    Ok(median)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, rest) = Scale::from_args()?;
    anyhow::ensure!(rest.is_empty(), "unexpected arguments {rest:?}");
    let (dossiers, label, lookups) =
        scale.pick((20_000, "20,000", 200), (1_000_000, "1,000,000", 2_000));
    let dir = tempfile::tempdir()?;
    let baseline = measure("1,000", 1_000, lookups, dir.path()).await?;
    let full = measure(label, dossiers, lookups, dir.path()).await?;
    println!(
        "median at {label} dossiers is {:.2}x the median at 1,000",
        full.as_secs_f64() / baseline.as_secs_f64()
    );
    println!(
        "target: under 5 ms of handler time at {label} -> {}",
        if full < Duration::from_millis(5) {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
