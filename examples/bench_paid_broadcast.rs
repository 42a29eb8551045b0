//! An emergency notice as a paid broadcast (`[broadcast] paid = true`,
//! `allow_paid_broadcast`, up to 1,000 messages a second) to 100,000
//! citizens, sent by the real `hailong run` in a child process through the
//! Bot API emulator enforcing Telegram's limits (30 a second free, 1,000
//! paid). Reports the achieved rate against the free 30 a second in the same
//! run's terms, and fails unless every recipient got it once, every notice
//! was sent paid, and Telegram never answered 429.
//!
//! cargo build --release && cargo run --release --example bench_paid_broadcast   # --small: 3,000

use std::time::Duration;

use anyhow::bail;
use bot_api_emulator::{Call, Emulator, RateLimits};
use hailong::domain::broadcast_pace::FREE_PER_SECOND;
use serde_json::Value;

#[path = "support/binary.rs"]
mod binary;
#[path = "support/broadcast.rs"]
mod broadcast;
#[path = "support/scale.rs"]
mod scale;

use binary::hailong_binary;
use broadcast::{Bot, database_with_citizens, finished, queue_broadcast};
use scale::Scale;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, rest) = Scale::from_args()?;
    anyhow::ensure!(rest.is_empty(), "unexpected arguments {rest:?}");
    let recipients = scale.pick(3_000, 100_000);
    let binary = hailong_binary()?;
    let fake = Emulator::start().await?;
    fake.enforce_limits(RateLimits::default());
    let dir = tempfile::tempdir()?;
    let url = database_with_citizens(dir.path(), recipients).await?;
    let paid = [("HAILONG_BROADCAST_PAID", "true")];
    let mut bot = Bot::spawn(
        &binary,
        &url,
        &fake,
        &[
            paid[0],
            ("HAILONG_BROADCAST_PAID_PER_SECOND", "1000"),
            // At 1,000 a second, a few milliseconds a request need hundreds under way.
            ("HAILONG_BROADCAST_IN_FLIGHT", "200"),
        ],
    )?;
    let before = fake.call_count();
    let preview = queue_broadcast(
        &binary,
        dir.path(),
        &url,
        "<b>Cảnh báo bão</b>: người dân ở nhà, tránh xa bờ biển.",
        &paid,
    )?;
    print!("{preview}");
    // Well over the time at 1,000 a second, well under the free pace's.
    let limit = Duration::from_secs(60 + recipients.unsigned_abs() / 200);
    let summary = finished(&url, limit).await?;
    bot.kill()?;
    let calls: Vec<Call> = fake.calls().into_iter().skip(before).collect();
    let notices: Vec<&Call> = calls
        .iter()
        .filter(|c| c.succeeded() && c.params.contains_key("parse_mode"))
        .collect();
    let too_many = calls.iter().filter(|c| c.status == 429).count();
    let unpaid = notices
        .iter()
        .filter(|c| c.params.get("allow_paid_broadcast") != Some(&Value::Bool(true)))
        .count();
    let (first, last) = (notices[0].at, notices[notices.len() - 1].at);
    let rate = (notices.len() - 1) as f64 / last.duration_since(first).as_secs_f64();
    println!("| recipients | {} |", summary.recipients.total);
    println!("| delivered | {} |", summary.recipients.delivered);
    println!("| 429 answers | {too_many} |");
    println!(
        "| achieved rate | {rate:.0} messages/s ({:.1}x the free {FREE_PER_SECOND}/s) |",
        rate / f64::from(FREE_PER_SECOND)
    );
    println!(
        "| time | {:.1} s (free pace: {:.0} s) |",
        last.duration_since(first).as_secs_f64(),
        recipients as f64 / f64::from(FREE_PER_SECOND)
    );
    if summary.recipients.delivered != recipients || notices.len() as i64 != recipients {
        bail!(
            "benchmark check failed: {} delivered, {} notices, for {recipients}",
            summary.recipients.delivered,
            notices.len()
        );
    }
    if too_many > 0 || unpaid > 0 {
        bail!("benchmark check failed: {too_many} answers 429, {unpaid} notices not paid");
    }
    if rate <= 2.0 * f64::from(FREE_PER_SECOND) {
        bail!("benchmark check failed: {rate:.0}/s is not above the free pace");
    }
    Ok(())
}
