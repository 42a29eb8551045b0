//! Handler time of a dossier look-up (the whole flow: the update's write
//! transaction, the look-up, the card) with 1,000,000 dossiers stored, against
//! a baseline of 1,000 dossiers in the same process. No Telegram round trip.
//!
//! cargo run --release --example bench_lookup

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use hailong::configuration::SurveySettings;
use hailong::domain::{
    AgencyCode, Channel, DistrictCode, DossierCode, ProcedureCode, Roles, Status,
};
use hailong::domain::{ChatId, UserId};
use hailong::flows::{Chat, Context, Event, Incoming, Processed, Sender, process};
use hailong::i18n::I18n;
use hailong::links::Signer;
use hailong::store::Store;
use hailong::store::dossiers::{DossierRecord, Source, insert_dossiers};

mod support;

use support::store_with_catalog;
const LOOKUPS: usize = 2_000;

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
    let mut tx = store.begin_write().await?;
    for start in (0..dossiers).step_by(50_000) {
        let records: Vec<DossierRecord> = (start..(start + 50_000).min(dossiers))
            .map(|n| DossierRecord {
                code: DossierCode::parse(&code(n)).expect("a valid code"),
                procedure: ProcedureCode::parse("1.001193").expect("valid"),
                agency: AgencyCode::parse("000.00.31.H12").expect("valid"),
                district: DistrictCode::parse("964").ok(),
                channel: Channel::Direct,
                received_at: received,
                due_at: received.date_naive() + chrono::Days::new(5),
                returned_at: None,
                status: Status::Processing,
            })
            .collect();
        insert_dossiers(&mut tx, &records, Source::Import, Utc::now()).await?;
    }
    tx.commit().await?;
    Ok(store)
}

async fn measure(label: &str, dossiers: usize, dir: &std::path::Path) -> anyhow::Result<Duration> {
    let store = store_with(dossiers, dir).await?;
    let ctx = Context {
        i18n: Arc::new(I18n::load()?),
        province: "Cà Mau".into(),
        bot_username: "bench_bot".into(),
        signer: Signer::new("bench"),
        lookups_per_minute: u32::MAX,
        status_source: None,
        survey: SurveySettings::default(),
        roles: Arc::new(Roles::default()),
    };
    let mut times = Vec::with_capacity(LOOKUPS);
    for i in 0..LOOKUPS {
        let n = (i * 7919) % dossiers;
        let incoming = Incoming {
            key: format!("bench:{i}"),
            chat: Chat {
                id: ChatId(1_000 + (i % 50) as i64),
                private: true,
            },
            sender: Some(Sender {
                id: UserId(1_000 + (i % 50) as i64),
                client_language: Some("vi".into()),
            }),
            event: Event::text(&code(n).to_lowercase(), "bench_bot"),
            html: None,
        };
        let started = Instant::now();
        let processed = process(&store, &ctx, &incoming).await?;
        times.push(started.elapsed());
        if !matches!(processed, Processed::Answered(ref o) if !o.replies.is_empty()) {
            anyhow::bail!("look-up {i} gave no answer");
        }
    }
    times.sort();
    let median = times[times.len() / 2];
    let p99 = times[times.len() * 99 / 100];
    println!(
        "{label:>9} dossiers: median {:>6.0} µs, p99 {:>6.0} µs over {LOOKUPS} look-ups",
        median.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6
    );
    Ok(median)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let baseline = measure("1,000", 1_000, dir.path()).await?;
    let full = measure("1,000,000", 1_000_000, dir.path()).await?;
    println!(
        "median at 1,000,000 dossiers is {:.2}x the median at 1,000",
        full.as_secs_f64() / baseline.as_secs_f64()
    );
    println!(
        "target: under 5 ms of handler time -> {}",
        if full < Duration::from_millis(5) {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
