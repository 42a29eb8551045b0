//! Re-importing 200,000 changed dossiers while the bot and the ingest API
//! serve traffic. `hailong import dossiers` runs as a child process, as an
//! operator would start it, and its peak RSS is read from /proc: first alone,
//! on a copy of the database (the import's own time), then while the bot (the
//! library `App`, against the Bot API emulator) runs in this process, API
//! clients post events and PUT dossiers at a steady rate, and citizens look
//! dossiers up, first for a few seconds without an import (the baseline), then
//! all through it.
//!
//! cargo build --release && cargo run --release --example bench_import_serving [--small] [ROWS]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bot_api_emulator::{ChatKind, Emulator, Incoming, Person};
use chrono::{TimeDelta, Utc};
use hailong::configuration::Settings;
use hailong::domain::{Channel, Status};
use hailong::startup::App;
use hailong::store::dossiers::DossierRecord;
use secrecy::SecretString;
use serde_json::json;
use tokio::sync::Mutex;

#[path = "support/binary.rs"]
mod binary;
#[path = "support/catalog.rs"]
mod catalog;
#[path = "support/dossiers.rs"]
mod dossiers;
#[path = "support/scale.rs"]
mod scale;

use binary::hailong_binary;
use catalog::store_with_catalog;
use dossiers::{AGENCY, dossier, store_dossiers};
use scale::Scale;

const API_TOKEN: &str = "bench-token";
const API_CLIENTS: usize = 4;
/// Each client's pace: 4 clients at 50 calls/s are 200 writes/s, far more
/// than a province's one-stop system sends, and steady, so the import's time
/// does not depend on how fast the clients happen to spin.
const API_CALL_EVERY: Duration = Duration::from_millis(20);
/// Dossiers the API clients write to, apart from the imported ones.
const TRAFFIC_DOSSIERS: usize = 64;
const BASELINE: Duration = Duration::from_secs(3);
/// A citizen's look-up every so often.
const LOOKUP_EVERY: Duration = Duration::from_millis(50);

fn imported_code(n: usize) -> String {
    format!("{AGENCY}-261001-{n:06}")
}

fn traffic_code(n: usize) -> String {
    format!("{AGENCY}-261002-{n:06}")
}

fn record(code: &str, status: Status) -> anyhow::Result<DossierRecord> {
    Ok(DossierRecord {
        channel: Channel::Online,
        ..dossier(code, status, Utc::now() - TimeDelta::days(20))?
    })
}

/// `rows` dossiers received, then the same rows processing as a CSV file.
async fn database_and_file(dir: &Path, rows: usize) -> anyhow::Result<(String, PathBuf)> {
    let url = format!("sqlite://{}", dir.join("hailong.db").display());
    let store = store_with_catalog(&url).await?;
    let mut codes: Vec<String> = (0..rows).map(imported_code).collect();
    codes.extend((0..TRAFFIC_DOSSIERS).map(traffic_code));
    let records = codes
        .iter()
        .map(|code| record(code, Status::Received))
        .collect::<anyhow::Result<Vec<_>>>()?;
    store_dossiers(&store, &records).await?;
    let mut csv = String::from(
        "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n",
    );
    for record in records.iter().take(rows) {
        csv.push_str(&format!(
            "{},{},{},4,{},{},,online,\n",
            record.code.as_str(),
            record.procedure,
            record.agency,
            record.received_at.to_rfc3339(),
            record.due_at
        ));
    }
    let file = dir.join("dossiers.csv");
    std::fs::write(&file, csv)?;
    // Closed, so the file holds everything and can be copied.
    store.close().await;
    Ok((url, file))
}

/// One API call's time and whether it succeeded, and whether the import ran.
#[derive(Debug, Clone, Copy)]
struct Sample {
    during_import: bool,
    millis: f64,
    ok: bool,
}

/// A client that posts an event, then PUTs the dossier, over and over.
async fn api_client(
    base: String,
    client_no: usize,
    stop: Arc<AtomicBool>,
    importing: Arc<AtomicBool>,
    samples: Arc<Mutex<Vec<Sample>>>,
) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let since = Utc::now() - TimeDelta::days(1);
    let mut n = 0_usize;
    let mut pace = tokio::time::interval(API_CALL_EVERY);
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !stop.load(Ordering::Relaxed) {
        pace.tick().await;
        let code = traffic_code((client_no + n * API_CLIENTS) % TRAFFIC_DOSSIERS);
        let request = if n.is_multiple_of(2) {
            let at = since + TimeDelta::milliseconds(i64::try_from(n)? * 10);
            let status = if (n / 2).is_multiple_of(2) { 5 } else { 4 };
            client
                .post(format!("{base}/dossiers/{code}/events"))
                .json(&json!({
                    "event_id": format!("c{client_no}-{n}"),
                    "status": status,
                    "at": at.to_rfc3339(),
                }))
        } else {
            let r = record(&code, Status::Processing)?;
            client.put(format!("{base}/dossiers/{code}")).json(&json!({
                "procedure_code": r.procedure.to_string(),
                "agency_code": r.agency.to_string(),
                "status": 4,
                "received_at": r.received_at.to_rfc3339(),
                "due_at": r.due_at.to_string(),
                "channel": "online",
            }))
        };
        let during_import = importing.load(Ordering::Relaxed);
        let started = Instant::now();
        let ok = match request.bearer_auth(API_TOKEN).send().await {
            Ok(response) => {
                let ok = response.status().is_success();
                ok && response.bytes().await.is_ok()
            }
            Err(_) => false,
        };
        samples.lock().await.push(Sample {
            during_import,
            millis: started.elapsed().as_secs_f64() * 1000.0,
            ok,
        });
        n += 1;
    }
    Ok(())
}

/// Citizens looking up imported dossiers; returns (user, asked at, during import).
async fn citizens(
    fake: Emulator,
    rows: usize,
    stop: Arc<AtomicBool>,
    importing: Arc<AtomicBool>,
) -> Vec<(i64, Instant, bool)> {
    let mut asked = Vec::new();
    let mut user = 500_000_i64;
    while !stop.load(Ordering::Relaxed) {
        user += 1;
        let code = imported_code(usize::try_from(user).unwrap_or(0) * 7_919 % rows);
        let during_import = importing.load(Ordering::Relaxed);
        let at = Instant::now();
        fake.push(
            &Person::new(user, Some("vi")),
            Incoming::Text {
                chat: ChatKind::Private,
                text: code,
            },
        );
        asked.push((user, at, during_import));
        tokio::time::sleep(LOOKUP_EVERY).await;
    }
    asked
}

/// Peak resident memory of a running process, in MiB, from /proc.
fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let rank = ((values.len() as f64 - 1.0) * p).round() as usize;
    values.get(rank).copied().unwrap_or(f64::NAN)
}

/// What one `hailong import dossiers` child did.
struct ImportRun {
    summary: String,
    took: f64,
    peak_mib: f64,
}

async fn run_import(binary: &Path, url: &str, file: &Path) -> anyhow::Result<ImportRun> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(["import", "dossiers"])
        .arg(file)
        .env("HAILONG_DATABASE_URL", url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting hailong import")?;
    let mut peak_mib = 0.0_f64;
    while child.try_wait()?.is_none() {
        peak_mib = peak_mib.max(peak_rss_mib(child.id()).unwrap_or(0.0));
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let took = started.elapsed().as_secs_f64();
    let out = child.wait_with_output()?;
    if !out.status.success() {
        bail!(
            "hailong import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(ImportRun {
        summary: String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        took,
        peak_mib,
    })
}

/// The path measured is the one intended: every row really changed.
async fn check_every_row_changed(url: &str, summary: &str, rows: usize) -> anyhow::Result<()> {
    let store = hailong::store::Store::open(url).await?;
    let processing: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM dossiers WHERE code LIKE '%-261001-%' AND status = 4",
    )
    .fetch_one(&mut *store.read().await?)
    .await?;
    store.close().await;
    if summary != format!("dossiers: 0 inserted, {rows} updated, 0 unchanged")
        || processing != i64::try_from(rows)?
    {
        bail!("the import did not change every row: {summary}; {processing} processing");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, rest) = Scale::from_args()?;
    let rows: usize = rest
        .first()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(scale.pick(2_000, 200_000));
    let binary = hailong_binary()?;
    let dir = tempfile::tempdir()?;
    let (url, file) = database_and_file(dir.path(), rows).await?;
    let alone = dir.path().join("alone.db");
    std::fs::copy(dir.path().join("hailong.db"), &alone)?;
    let alone_url = format!("sqlite://{}", alone.display());
    let quiet = run_import(&binary, &alone_url, &file).await?;
    check_every_row_changed(&alone_url, &quiet.summary, rows).await?;

    let fake = Emulator::start().await?;
    let mut settings = Settings::default();
    settings.database.url = url.clone();
    settings.http.addr = ([127, 0, 0, 1], 0).into();
    settings.telegram.token = Some(SecretString::from("0:bench"));
    settings.telegram.api_url = Some(fake.url().parse()?);
    settings.telegram.poll_timeout_secs = 1;
    settings.api.token = API_TOKEN.into();
    let app = App::build(settings).await?;
    let metrics = app.metrics();
    let base = format!("http://127.0.0.1:{}/api/v1", app.http_port());
    let server = tokio::spawn(app.run_until_stopped());

    let stop = Arc::new(AtomicBool::new(false));
    let importing = Arc::new(AtomicBool::new(false));
    let samples = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = (0..API_CLIENTS)
        .map(|n| {
            tokio::spawn(api_client(
                base.clone(),
                n,
                stop.clone(),
                importing.clone(),
                samples.clone(),
            ))
        })
        .collect();
    let lookups = tokio::spawn(citizens(
        fake.clone(),
        rows,
        stop.clone(),
        importing.clone(),
    ));
    tokio::time::sleep(BASELINE).await;

    importing.store(true, Ordering::Relaxed);
    let busy = run_import(&binary, &url, &file).await?;
    importing.store(false, Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.await??;
    }
    let asked = lookups.await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    check_every_row_changed(&url, &busy.summary, rows).await?;

    let samples = samples.lock().await.clone();
    let calls = fake.calls();
    let reply_ms = |during: bool| -> (Vec<f64>, usize) {
        let mut times = Vec::new();
        let mut unanswered = 0;
        for (user, at, _) in asked.iter().filter(|a| a.2 == during) {
            match calls
                .iter()
                .find(|c| c.method == "sendMessage" && c.chat_id() == Some(*user) && c.succeeded())
            {
                Some(call) => times.push(call.at.duration_since(*at).as_secs_f64() * 1000.0),
                None => unanswered += 1,
            }
        }
        (times, unanswered)
    };
    for (name, run) in [("alone", &quiet), ("while serving", &busy)] {
        println!(
            "import {name}: {} in {:.2} s ({:.0} rows/s); peak RSS {:.0} MiB",
            run.summary,
            run.took,
            rows as f64 / run.took,
            run.peak_mib
        );
    }
    println!(
        "| phase | API calls | API errors | API p50 | API p99 | API max | look-ups | unanswered | look-up p99 |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut p99s = Vec::new();
    let mut errors = 0;
    for (name, during) in [("baseline, no import", false), ("during the import", true)] {
        let mut api: Vec<f64> = samples
            .iter()
            .filter(|s| s.during_import == during)
            .map(|s| s.millis)
            .collect();
        let failed = samples
            .iter()
            .filter(|s| s.during_import == during && !s.ok)
            .count();
        let (mut replies, unanswered) = reply_ms(during);
        errors += failed + unanswered;
        let p99 = percentile(&mut api, 0.99);
        p99s.push(p99);
        println!(
            "| {name} | {} | {failed} | {:.1} ms | {p99:.1} ms | {:.1} ms | {} | {unanswered} | {:.1} ms |",
            api.len(),
            percentile(&mut api, 0.5),
            percentile(&mut api, 1.0),
            replies.len() + unanswered,
            percentile(&mut replies, 0.99),
        );
    }
    let handler_errors = metrics.errors();
    println!("bot handler errors: {handler_errors}");
    println!(
        "API p99 during the import is {:.1}x the baseline's",
        p99s[1] / p99s[0]
    );
    let met = [&quiet, &busy]
        .iter()
        .all(|run| run.took < 15.0 && run.peak_mib < 200.0)
        && p99s[1] < 200.0
        && errors == 0
        && handler_errors == 0;
    let verdict = match (scale, met) {
        (Scale::Small, _) => "not measured (--small)",
        (Scale::Full, true) => "met",
        (Scale::Full, false) => "NOT met",
    };
    println!(
        "target at 200,000 rows: each import under 15 s and 200 MB, 0 errors, API p99 under 200 ms -> {verdict}"
    );
    server.abort();
    Ok(())
}
