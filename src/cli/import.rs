//! `hailong import units|agencies|procedures|dossiers FILE.csv`

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;

use anyhow::anyhow;
use chrono::Utc;
use clap::{Args, ValueEnum};

use super::CliError;
use crate::configuration::Settings;
use crate::ingest::import::{self, DossierRows, Problem};
use crate::ingest::staged::{self, Followers, ImportError, Tally};
use crate::startup::check_units;
use crate::store::{Change, Store, StoreError, catalog, units};

/// Problems printed before the rest are only counted.
const SHOWN_PROBLEMS: usize = 50;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds
    #[arg(value_enum)]
    what: Kind,
    /// A UTF-8 CSV file with a header row (see README.md for the columns)
    file: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Kind {
    /// The province's communes, wards and special zones with their old codes
    /// (the columns of data/units/camau-communes-2025.csv); replaces the units
    Units,
    Agencies,
    Procedures,
    Dossiers,
}

/// What [`load`] reads: the files that point into the province's units.
#[derive(Debug, Clone, Copy)]
pub enum What {
    Agencies,
    Procedures,
    Dossiers,
}

pub async fn import(settings: &Settings, args: ImportArgs) -> Result<(), CliError> {
    let name = args.file.display().to_string();
    // Read as it is imported: a dossier file of any size is never held whole.
    let file = std::fs::File::open(&args.file)
        .map_err(|e| CliError::Usage(format!("cannot read {name}: {e}")))?;
    super::on_store(settings, async |store| {
        let what = match args.what {
            Kind::Units => {
                let summary = load_units(store, &settings.province.code, &name, file).await?;
                println!("{summary}");
                return Ok(());
            }
            Kind::Agencies => What::Agencies,
            Kind::Procedures => What::Procedures,
            Kind::Dossiers => What::Dossiers,
        };
        check_units(settings, store).await?;
        println!("{}", load(store, what, &name, file).await?);
        Ok(())
    })
    .await
}

/// Replaces the province's units with those of `input`, all rows checked
/// first; returns the summary line.
async fn load_units(
    store: &Store,
    province: &str,
    name: &str,
    input: impl Read,
) -> Result<String, CliError> {
    let read = import::read_units(input).map_err(|p| report(name, &p))?;
    let mut tx = store.begin_write().await?;
    let mapped = units::replace(&mut tx, province, &read).await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(format!(
        "units: {} loaded for province {province}; {mapped} stored old codes mapped to today's units",
        read.len()
    ))
}

/// Checks every row of `input`, then writes them: agencies and procedures (a
/// few hundred rows) in one transaction, dossiers staged and applied in short
/// ones (see [`staged`]); returns the summary line.
pub async fn load(
    store: &Store,
    what: What,
    name: &str,
    input: impl Read,
) -> Result<String, CliError> {
    load_for(store, what, name, input, Followers::Notify).await
}

/// [`load`], telling the followers of moved dossiers or not.
pub async fn load_for(
    store: &Store,
    what: What,
    name: &str,
    input: impl Read,
    followers: Followers,
) -> Result<String, CliError> {
    let tally = match what {
        What::Agencies => {
            let readings = units::all_readings(&mut *store.read().await?).await?;
            let agencies = import::read_agencies(input, &readings).map_err(|p| report(name, &p))?;
            let mut tx = store.begin_write().await?;
            let mut tally = Tally::default();
            for agency in agencies {
                count(&mut tally, catalog::upsert_agency(&mut tx, &agency).await?);
            }
            tx.commit().await.map_err(StoreError::from)?;
            tally
        }
        What::Procedures => {
            let procedures = import::read_procedures(input).map_err(|p| report(name, &p))?;
            let mut tx = store.begin_write().await?;
            let mut tally = Tally::default();
            for procedure in procedures {
                count(
                    &mut tally,
                    catalog::upsert_procedure(&mut tx, &procedure).await?,
                );
            }
            tx.commit().await.map_err(StoreError::from)?;
            tally
        }
        What::Dossiers => {
            let (procedures, agencies, readings) = {
                let mut conn = store.read().await?;
                let procedures: HashSet<String> = catalog::procedure_codes(&mut conn)
                    .await?
                    .into_iter()
                    .collect();
                let agencies: HashSet<String> = catalog::agency_codes(&mut conn)
                    .await?
                    .into_iter()
                    .collect();
                (procedures, agencies, units::all_readings(&mut conn).await?)
            };
            let now = Utc::now();
            let rows = DossierRows::open(input, procedures, agencies, readings, now)
                .map_err(|p| report(name, &p))?;
            match staged::import_dossiers(store, rows, followers, now).await {
                Ok(tally) => tally,
                Err(ImportError::Problems(problems)) => return Err(report(name, &problems)),
                Err(ImportError::Store(e)) => return Err(e.into()),
            }
        }
    };
    let what = format!("{what:?}").to_lowercase();
    let mut summary = format!(
        "{what}: {} inserted, {} updated, {} unchanged",
        tally.inserted, tally.updated, tally.unchanged
    );
    if tally.older > 0 {
        summary.push_str(&format!(
            "; {} older than the dossier's current status, kept as history",
            tally.older
        ));
    }
    if tally.ignored > 0 {
        summary.push_str(&format!(
            "; {} without status_at left alone (the dossier's status is final or was set with a date)",
            tally.ignored
        ));
    }
    if tally.notifications > 0 {
        let plural = if tally.notifications == 1 { "" } else { "s" };
        summary.push_str(&format!(
            "; {} status notification{plural} queued",
            tally.notifications
        ));
    }
    Ok(summary)
}

fn count(tally: &mut Tally, change: Change) {
    match change {
        Change::Inserted => tally.inserted += 1,
        Change::Updated => tally.updated += 1,
        Change::Unchanged => tally.unchanged += 1,
        Change::Older => tally.older += 1,
    }
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
