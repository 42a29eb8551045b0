//! A broadcast to 10,000 citizens through the Bot API emulator enforcing
//! Telegram's limits (30 messages a second, one a second per chat), sent by
//! the real `hailong run` in a child process and queued with the real
//! `hailong broadcast` command.
//!
//! 1. Rate: the achieved messages per second against the 30/s limit, the
//!    429s, and how long a citizen's reply takes during the broadcast against
//!    the same reply with nothing else going on.
//! 2. Crash: the child is killed with SIGKILL halfway and started again; the
//!    broadcast finishes with no one messaged twice and at most the in-flight
//!    window uncertain.
//!
//! Every recipient must be delivered to exactly once in both runs, or the run
//! fails; at full size the rate targets must be met too.
//!
//! cargo build --release && cargo run --release --example bench_broadcast [RECIPIENTS]   # --small: 100

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use bot_api_emulator::{Call, ChatKind, Emulator, Incoming, Person, RateLimits};
use hailong::configuration::BroadcastSettings;

#[path = "support/binary.rs"]
mod binary;
#[path = "support/broadcast.rs"]
mod broadcast;
#[path = "support/scale.rs"]
mod scale;

use binary::hailong_binary;
use broadcast::{Bot, database_with_citizens, finished, queue_broadcast};
use scale::Scale;

const NOTICE: &str = "<b>Thông báo</b>: Bộ phận Một cửa nghỉ chiều thứ Sáu để bảo trì hệ thống.";

const LIMIT: f64 = 30.0;
/// Citizens who ask the bot something while the broadcast runs.
const ASKERS: i64 = 50_000_000;
/// Citizens who ask before the broadcast is queued, and so are in its audience.
const IDLE_ASKS: i64 = 5;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, rest) = Scale::from_args()?;
    let recipients: i64 = match rest.as_slice() {
        [] => scale.pick(100, 10_000),
        [n] => n.parse().context("RECIPIENTS must be a number")?,
        _ => bail!("unexpected arguments {rest:?}; expected [RECIPIENTS]"),
    };
    let binary = hailong_binary()?;
    let fake = Emulator::start().await?;
    fake.enforce_limits(RateLimits::default());
    println!(
        "Broadcast to {recipients} recipients through the emulator (30 messages/s, 1/s per chat)"
    );

    let rate = rate_run(&binary, &fake, recipients).await?;
    let crash = crash_run(&binary, recipients).await?;

    println!();
    println!("| measure | figure |");
    println!("| --- | ---: |");
    println!(
        "| achieved rate | {:.2} messages/s ({:.1} % of 30/s) |",
        rate.rate,
        rate.rate / LIMIT * 100.0
    );
    println!(
        "| all messages, replies included | {:.2} messages/s |",
        rate.total_rate
    );
    println!("| 429 answers | {} |", rate.too_many);
    println!(
        "| reply time, idle (baseline, median of {}) | {:.0} ms |",
        rate.idle.len(),
        median(&rate.idle)
    );
    println!(
        "| reply time during the broadcast (median of {}) | {:.0} ms ({:.2}× the baseline) |",
        rate.busy.len(),
        median(&rate.busy),
        median(&rate.busy) / median(&rate.idle)
    );
    println!("| crash: killed after | {} delivered |", crash.killed_after);
    println!(
        "| crash: delivered / uncertain / duplicates | {} / {} / {} |",
        crash.delivered, crash.uncertain, crash.duplicates
    );
    println!(
        "| crash: in-flight window | {} |",
        BroadcastSettings::default().in_flight
    );
    // Delivery is checked at every size; the rate only means something over
    // minutes, so a small run reports it without failing on it.
    let audience = recipients + IDLE_ASKS;
    let delivered = rate.total == audience
        && rate.delivered == audience
        && rate.chats == audience
        && crash.duplicates == 0
        && crash.uncertain <= BroadcastSettings::default().in_flight as i64
        && crash.delivered + crash.uncertain == recipients;
    let fast = rate.rate >= 0.95 * LIMIT && rate.too_many == 0;
    println!(
        "delivery: {}; rate targets: {}",
        if delivered { "PASS" } else { "FAIL" },
        if fast { "met" } else { "NOT met" }
    );
    if !delivered {
        bail!(
            "benchmark check failed: rate run delivered {} of {} (expected {audience}) to {} chats; \
             crash run delivered {} of {recipients} with {} uncertain and {} duplicates",
            rate.delivered,
            rate.total,
            rate.chats,
            crash.delivered,
            crash.uncertain,
            crash.duplicates
        );
    }
    if scale == Scale::Full && !fast {
        bail!("a rate target was missed");
    }
    Ok(())
}

struct RateRun {
    /// The broadcast's recipients, and those its summary counts as delivered.
    total: i64,
    delivered: i64,
    /// Distinct chats the emulator saw a notice reach.
    chats: i64,
    rate: f64,
    total_rate: f64,
    too_many: usize,
    idle: Vec<f64>,
    busy: Vec<f64>,
}

struct CrashRun {
    killed_after: usize,
    delivered: i64,
    uncertain: i64,
    duplicates: usize,
}

async fn rate_run(binary: &Path, fake: &Emulator, recipients: i64) -> anyhow::Result<RateRun> {
    let dir = tempfile::tempdir()?;
    let url = database_with_citizens(dir.path(), recipients).await?;
    let mut bot = Bot::spawn(binary, &url, fake, &[])?;
    let idle = {
        let mut times = Vec::new();
        for i in 0..IDLE_ASKS {
            times.push(reply_time(fake, ASKERS + i).await?);
        }
        times
    };
    let before = fake.call_count();
    queue_broadcast(binary, dir.path(), &url, NOTICE, &[])?;
    let mut busy = Vec::new();
    let mut asker = ASKERS + 100;
    let audience = recipients + IDLE_ASKS;
    let started = Instant::now();
    loop {
        let sent = notices(fake, before).len();
        if sent as i64 >= audience {
            break;
        }
        if started.elapsed() > time_to_send(audience) {
            bail!("benchmark check failed: only {sent} of {audience} sent");
        }
        // Asked every few seconds while at least a second's worth of notices is left.
        if (recipients - sent as i64) > 60 && busy.len() < 40 {
            busy.push(reply_time(fake, asker).await?);
            asker += 1;
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
        eprint!("\r  rate run: {sent} sent");
    }
    eprintln!();
    let times: Vec<Instant> = notices(fake, before).iter().map(|c| c.at).collect();
    let (first, last) = (times[0], times[times.len() - 1]);
    let span = last.duration_since(first).as_secs_f64();
    let rate = (times.len() - 1) as f64 / span;
    // Replies share Telegram's budget with the broadcast: all messages together.
    let all_sent = fake.calls()[before..]
        .iter()
        .filter(|c| c.succeeded() && c.method.starts_with("send") && c.at >= first && c.at <= last)
        .count();
    let total_rate = (all_sent - 1) as f64 / span;
    let too_many = fake.calls()[before..]
        .iter()
        .filter(|c| c.status == 429)
        .count();
    let chats = notices(fake, before)
        .iter()
        .filter_map(Call::chat_id)
        .collect::<std::collections::HashSet<_>>()
        .len() as i64;
    let summary = finished(&url, time_to_send(audience)).await?;
    bot.kill()?;
    Ok(RateRun {
        total: summary.recipients.total,
        delivered: summary.recipients.delivered,
        chats,
        rate,
        total_rate,
        too_many,
        idle,
        busy,
    })
}

async fn crash_run(binary: &Path, recipients: i64) -> anyhow::Result<CrashRun> {
    // A fresh emulator, so every call it records belongs to this run.
    let fake = Emulator::start().await?;
    fake.enforce_limits(RateLimits::default());
    let dir = tempfile::tempdir()?;
    let url = database_with_citizens(dir.path(), recipients).await?;
    let mut bot = Bot::spawn(binary, &url, &fake, &[])?;
    queue_broadcast(binary, dir.path(), &url, NOTICE, &[])?;
    let half = (recipients / 2) as usize;
    let started = Instant::now();
    while notices(&fake, 0).len() < half {
        if started.elapsed() > time_to_send(recipients) {
            bail!(
                "benchmark check failed: not {half} notices sent in {:?}",
                started.elapsed()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bot.kill()?; // SIGKILL: no chance to finish what is in flight
    let killed_after = notices(&fake, 0).len();
    eprintln!("  crash run: killed after {killed_after} delivered; starting again");
    let mut bot = Bot::spawn(binary, &url, &fake, &[])?;
    let summary = finished(&url, time_to_send(recipients)).await?;
    bot.kill()?;
    let mut per_chat = std::collections::HashMap::<i64, usize>::new();
    for call in notices(&fake, 0) {
        *per_chat
            .entry(call.chat_id().unwrap_or_default())
            .or_default() += 1;
    }
    Ok(CrashRun {
        killed_after,
        delivered: summary.recipients.delivered,
        uncertain: summary.recipients.uncertain,
        duplicates: per_chat.values().filter(|n| **n > 1).count(),
    })
}

/// The broadcast's summary once the bot reports it finished.
/// Long enough to send to `recipients` at well under Telegram's pace, so a
/// stuck run fails instead of hanging.
fn time_to_send(recipients: i64) -> Duration {
    Duration::from_secs(30 + recipients.unsigned_abs() / 10)
}

/// Successful broadcast messages (the only ones sent as HTML) since call `from`.
fn notices(fake: &Emulator, from: usize) -> Vec<Call> {
    fake.calls()
        .into_iter()
        .skip(from)
        .filter(|c| c.succeeded() && c.params.contains_key("parse_mode"))
        .collect()
}

/// From a citizen's /help to the bot's answer arriving, in milliseconds.
async fn reply_time(fake: &Emulator, user: i64) -> anyhow::Result<f64> {
    let asked = Instant::now();
    fake.push(
        &Person::new(user, Some("vi")),
        Incoming::Text {
            chat: ChatKind::Private,
            text: "/help".into(),
        },
    );
    loop {
        let answered = fake
            .calls()
            .into_iter()
            .rev()
            .find(|c| c.method == "sendMessage" && c.chat_id() == Some(user) && c.succeeded());
        if let Some(call) = answered {
            return Ok(call.at.duration_since(asked).as_secs_f64() * 1000.0);
        }
        if asked.elapsed() > Duration::from_secs(30) {
            bail!("no answer to {user} in 30 s");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}
