//! `hailong import agencies|procedures|dossiers FILE.csv`

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::anyhow;
use chrono::Utc;
use clap::{Args, ValueEnum};

use super::CliError;
use crate::configuration::Settings;
use crate::ingest::feed;
use crate::ingest::import::{self, Problem};
use crate::store::dossiers::{self, Source};
use crate::store::{Change, Store, catalog};

/// Problems printed before the rest are only counted.
const SHOWN_PROBLEMS: usize = 50;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds
    #[arg(value_enum)]
    what: What,
    /// A UTF-8 CSV file with a header row (see README.md for the columns)
    file: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum What {
    Agencies,
    Procedures,
    Dossiers,
}

#[derive(Debug, Default)]
struct Tally {
    inserted: usize,
    updated: usize,
    unchanged: usize,
    notifications: u64,
}

impl Tally {
    fn count(&mut self, change: Change) {
        match change {
            Change::Inserted => self.inserted += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

pub async fn import(settings: &Settings, args: ImportArgs) -> Result<(), CliError> {
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file)
        .map_err(|e| CliError::Usage(format!("cannot read {name}: {e}")))?;
    let store = Store::open(&settings.database.url).await?;
    println!("{}", load(&store, args.what, &name, &bytes).await?);
    Ok(())
}

/// Checks every row of `bytes`, then writes them all in one transaction;
/// returns the summary line.
pub async fn load(store: &Store, what: What, name: &str, bytes: &[u8]) -> Result<String, CliError> {
    let mut tx = store.begin_write().await?;
    let mut tally = Tally::default();
    match what {
        What::Agencies => {
            for agency in import::read_agencies(bytes).map_err(|p| report(name, &p))? {
                tally.count(catalog::upsert_agency(&mut tx, &agency).await?);
            }
        }
        What::Procedures => {
            for procedure in import::read_procedures(bytes).map_err(|p| report(name, &p))? {
                tally.count(catalog::upsert_procedure(&mut tx, &procedure).await?);
            }
        }
        What::Dossiers => {
            let procedures: HashSet<String> = catalog::procedure_codes(&mut tx)
                .await?
                .into_iter()
                .collect();
            let agencies: HashSet<String> =
                catalog::agency_codes(&mut tx).await?.into_iter().collect();
            let records = import::read_dossiers(bytes, &procedures, &agencies)
                .map_err(|p| report(name, &p))?;
            let stored = dossiers::all_stored_dossiers(&mut tx).await?;
            let now = Utc::now();
            let mut new = Vec::new();
            for record in records {
                match stored.get(record.code.as_str()) {
                    None => new.push(record),
                    Some(old) if !old.differs_from(&record) => tally.unchanged += 1,
                    Some(old) => {
                        let written =
                            dossiers::update_dossier(&mut tx, old, &record, Source::Import, now)
                                .await?;
                        tally.updated += 1;
                        if written.status_changed {
                            let at = dossiers::changed_status_time(&record, now);
                            tally.notifications +=
                                feed::notify_followers(&mut tx, written.id, record.status, at)
                                    .await?;
                        }
                    }
                }
            }
            tally.inserted = dossiers::insert_dossiers(&mut tx, &new, Source::Import, now)
                .await?
                .len();
        }
    }
    tx.commit().await.map_err(crate::store::StoreError::from)?;
    let what = format!("{what:?}").to_lowercase();
    let mut summary = format!(
        "{what}: {} inserted, {} updated, {} unchanged",
        tally.inserted, tally.updated, tally.unchanged
    );
    if tally.notifications > 0 {
        summary.push_str(&format!(
            "; {} status notifications queued",
            tally.notifications
        ));
    }
    Ok(summary)
}

fn report(file: &str, problems: &[Problem]) -> CliError {
    for problem in problems.iter().take(SHOWN_PROBLEMS) {
        eprintln!("{}", problem.display(file));
    }
    if problems.len() > SHOWN_PROBLEMS {
        eprintln!("… and {} more problems", problems.len() - SHOWN_PROBLEMS);
    }
    CliError::Failed(anyhow!(
        "{} problem(s) in {file}; nothing was imported",
        problems.len()
    ))
}
