//! Code enumeration by 50 accounts within one minute, each within its own
//! look-up limit (20 a minute), through the whole look-up flow: how many
//! dossiers they find with the budget for unknown codes (`[lookups]
//! unknown_per_minute`, 200) against none, in the same run, on the same
//! dossiers (one code in four exists). Fails unless, with the budget, they
//! find at most the budget, fewer than without it, and a citizen who did not
//! probe still gets a known dossier's card.
//!
//! cargo run --release --example bench_enumeration       # --small: fewer probes

use std::sync::Arc;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use hailong::configuration::LookupSettings;
use hailong::domain::{CommuneCode, Language, Status, UserId};
use hailong::flows::{Context, Event, Incoming, Outcome, Processed, Reply, process};
use hailong::i18n::{I18n, Key};
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

const ACCOUNTS: usize = 50;
/// One candidate code in this many is a real dossier.
const DENSITY: usize = 4;

fn code(n: usize) -> String {
    format!("000.00.31.H12-261001-{n:04}")
}

async fn store_with(candidates: usize, path: &std::path::Path) -> anyhow::Result<Store> {
    let store = store_with_catalog(&format!("sqlite://{}", path.display())).await?;
    let received = Utc
        .with_ymd_and_hms(2026, 10, 1, 1, 0, 0)
        .single()
        .unwrap_or_default();
    let records = (0..candidates)
        .step_by(DENSITY)
        .map(|n| {
            Ok(DossierRecord {
                commune: CommuneCode::parse("32014").ok(),
                due_at: received.date_naive() + chrono::Days::new(5),
                ..dossier(&code(n), Status::Processing, received)?
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    store_dossiers(&store, &records).await?;
    Ok(store)
}

/// The only answer carrying the code with a keyboard is its card.
fn is_card(outcome: &Outcome, code: &str) -> bool {
    matches!(outcome.replies.as_slice(), [Reply::Send { text, keyboard, .. }]
        if text.contains(code) && !keyboard.0.is_empty())
}

#[derive(Debug, Default)]
struct Tally {
    found: usize,
    not_found: usize,
    busy: usize,
    rate_limited: usize,
}

async fn look_up(
    store: &Store,
    ctx: &Context,
    key: String,
    user: i64,
    n: usize,
) -> anyhow::Result<Processed> {
    let incoming = Incoming::private(key, UserId(user), "vi", Event::text(&code(n), "bench_bot"));
    inbox::write_down(store, &incoming).await?;
    Ok(process(store, ctx, &incoming).await?)
}

async fn attack(
    label: &str,
    unknown_per_minute: u32,
    probes: usize,
    dir: &std::path::Path,
) -> anyhow::Result<Tally> {
    let store = store_with(probes, &dir.join(format!("{label}.db"))).await?;
    let i18n = Arc::new(I18n::load()?);
    let ctx = Context {
        lookups_per_minute: LookupSettings::default().per_minute,
        unknown_lookups_per_minute: unknown_per_minute,
        ..context::bench_context(i18n.clone())
    };
    let busy = i18n.t(Language::Vi, Key::LookupBusy);
    let limited = i18n.t(Language::Vi, Key::LookupRateLimited);
    let started = Instant::now();
    let mut tally = Tally::default();
    for n in 0..probes {
        let user = 10_000 + (n % ACCOUNTS) as i64;
        let Processed::Answered { outcome, .. } =
            look_up(&store, &ctx, format!("probe:{n}"), user, n).await?
        else {
            anyhow::bail!("benchmark check failed: probe {n} was taken for a duplicate");
        };
        let text = match outcome.replies.as_slice() {
            [Reply::Send { text, .. }] => text.as_str(),
            _ => "",
        };
        if is_card(&outcome, &code(n)) {
            tally.found += 1;
        } else if text == busy {
            tally.busy += 1;
        } else if text == limited {
            tally.rate_limited += 1;
        } else {
            tally.not_found += 1;
        }
    }
    anyhow::ensure!(
        started.elapsed().as_secs() < 50,
        "benchmark check failed: the probes took over a minute's window"
    );
    // A citizen who probed nothing, with a dossier that exists.
    let Processed::Answered { outcome: card, .. } =
        look_up(&store, &ctx, "citizen".into(), 1, 0).await?
    else {
        anyhow::bail!("benchmark check failed: the citizen's look-up was a duplicate");
    };
    anyhow::ensure!(
        is_card(&card, &code(0)),
        "benchmark check failed: a citizen who did not probe got no card ({label})"
    );
    println!(
        "{label:>10}: {probes} probes by {ACCOUNTS} accounts -> {} found, {} not found, {} try-later, {} over their own limit",
        tally.found, tally.not_found, tally.busy, tally.rate_limited
    );
    Ok(tally)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, rest) = Scale::from_args()?;
    anyhow::ensure!(rest.is_empty(), "unexpected arguments {rest:?}");
    let probes = scale.pick(1_200, 3_000);
    let budget = LookupSettings::default().unknown_per_minute;
    let dir = tempfile::tempdir()?;
    let without = attack("no budget", u32::MAX, probes, dir.path()).await?;
    let with = attack("budget 200", budget, probes, dir.path()).await?;
    anyhow::ensure!(
        with.found <= budget as usize && with.not_found <= budget as usize,
        "benchmark check failed: with the budget they found {} and learned {} codes do not exist (budget {budget})",
        with.found,
        with.not_found
    );
    anyhow::ensure!(
        with.found < without.found,
        "benchmark check failed: the budget changed nothing ({} vs {})",
        with.found,
        without.found
    );
    println!(
        "found with the budget: {} of {} without ({:.2}x); budget {budget} a minute -> met",
        with.found,
        without.found,
        with.found as f64 / without.found.max(1) as f64
    );
    Ok(())
}
