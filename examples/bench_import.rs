//! How fast `hailong import dossiers` writes: the real command, 100,000 rows
//! into a fresh database with the demo catalog, against a 10,000-row baseline
//! in the same run. Every row must be in the database afterwards, or the run
//! fails.
//!
//! cargo build --release && cargo run --release --example bench_import   # --small: 1,000 vs 5,000 rows

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context as _, ensure};

#[path = "support/binary.rs"]
mod binary;
#[path = "support/catalog.rs"]
mod catalog;
#[path = "support/scale.rs"]
mod scale;

use binary::hailong_binary;
use catalog::{AGENCIES, PROCEDURES, store_with_catalog};
use scale::Scale;

fn dossiers_csv(rows: usize) -> String {
    let agencies: Vec<&str> = AGENCIES
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    let procedures: Vec<&str> = PROCEDURES
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    let mut csv = String::from(
        "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n",
    );
    for n in 0..rows {
        let agency = agencies[n % agencies.len()];
        let procedure = procedures[n % procedures.len()];
        let status = n % 10 + 1;
        let day = n % 28 + 1;
        let returned = if status == 10 {
            format!("2026-10-{day:02}T15:00:00+07:00")
        } else {
            String::new()
        };
        let channel = ["direct", "online", "postal"][n % 3];
        csv.push_str(&format!(
            "{agency}-2610{day:02}-{n:06},{procedure},{agency},{status},2026-10-{day:02}T08:00:00+07:00,2026-11-{day:02},{returned},{channel},32014\n"
        ));
    }
    csv
}

/// Seconds `hailong import dossiers` took to import `rows` generated rows.
async fn import(binary: &Path, rows: usize) -> anyhow::Result<f64> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    // The catalog is set-up, not the code under test.
    let store = store_with_catalog(&url).await?;
    let file = dir.path().join("dossiers.csv");
    std::fs::write(&file, dossiers_csv(rows))?;
    let started = Instant::now();
    let out = Command::new(binary)
        .args(["import", "dossiers"])
        .arg(&file)
        .env("HAILONG_DATABASE_URL", &url)
        .env("RUST_LOG", "warn")
        .output()
        .context("starting hailong import")?;
    let seconds = started.elapsed().as_secs_f64();
    ensure!(
        out.status.success(),
        "benchmark check failed: hailong import dossiers exited with {}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dossiers")
        .fetch_one(&mut *store.read().await?)
        .await?;
    ensure!(
        usize::try_from(stored) == Ok(rows),
        "benchmark check failed: {rows} rows imported but {stored} dossiers stored"
    );
    println!(
        "{rows:>7} rows: {seconds:6.2} s  {:>9.0} rows/s  ({})",
        rows as f64 / seconds,
        String::from_utf8_lossy(&out.stdout).trim()
    );
    Ok(seconds)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, rest) = Scale::from_args()?;
    ensure!(rest.is_empty(), "unexpected arguments {rest:?}");
    let (base_rows, rows) = scale.pick((1_000, 5_000), (10_000, 100_000));
    let binary = hailong_binary()?;
    let baseline = import(&binary, base_rows).await?;
    let full = import(&binary, rows).await?;
    println!(
        "{rows} rows took {:.1}x the time of {base_rows} ({}x would be linear)",
        full / baseline,
        rows / base_rows
    );
    println!(
        "target: 100,000 rows in under 10 s -> {}",
        match scale {
            Scale::Full if full < 10.0 => "met",
            Scale::Full => "NOT met",
            Scale::Small => "not measured (--small)",
        }
    );
    Ok(())
}
