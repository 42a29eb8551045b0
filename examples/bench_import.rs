//! How fast `hailong import dossiers` writes: 100,000 rows into a fresh
//! database, against a 10,000-row baseline in the same process.
//!
//! cargo run --release --example bench_import

use std::time::Instant;

use hailong::cli::import::{What, load};

mod support;

use support::{AGENCIES, PROCEDURES, store_with_catalog};

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
        "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,district_code\n",
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
            "{agency}-2610{day:02}-{n:06},{procedure},{agency},{status},2026-10-{day:02}T08:00:00+07:00,2026-11-{day:02},{returned},{channel},964\n"
        ));
    }
    csv
}

async fn import(rows: usize) -> anyhow::Result<f64> {
    let dir = tempfile::tempdir()?;
    let store = store_with_catalog(&format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ))
    .await?;
    let csv = dossiers_csv(rows);
    let started = Instant::now();
    let summary = load(&store, What::Dossiers, "dossiers.csv", csv.as_bytes()).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{rows:>7} rows: {seconds:6.2} s  {:>9.0} rows/s  ({summary})",
        rows as f64 / seconds
    );
    Ok(seconds)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let baseline = import(10_000).await?;
    let full = import(100_000).await?;
    println!(
        "100,000 rows took {:.1}x the time of 10,000 (10x would be linear)",
        full / baseline
    );
    println!(
        "target: 100,000 rows in under 10 s -> {}",
        if full < 10.0 { "met" } else { "NOT met" }
    );
    Ok(())
}
