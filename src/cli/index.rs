//! `hailong index`: the satisfaction index by group and period.

use std::collections::{BTreeMap, HashMap};

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, ValueEnum};
use sqlx::SqliteConnection;

use super::CliError;
use super::args::{parse_day, parse_language};
use super::workbook::{self, Heading};
use crate::configuration::Settings;
use crate::domain::Language;
use crate::domain::moment::day_start;
use crate::domain::satisfaction::{FORMULAS, GroupBy, IndexRow, formulas_text};
use crate::i18n::{I18n, Key};
use crate::store::catalog;
use crate::store::{Store, rollup, units};

#[derive(Debug, Args)]
#[command(after_long_help = formulas_help())]
pub struct IndexArgs {
    /// First day of the period (dossiers returned from this date, in Vietnam)
    #[arg(long, value_parser = parse_day)]
    from: Option<NaiveDate>,
    /// Last day of the period, included
    #[arg(long, value_parser = parse_day)]
    to: Option<NaiveDate>,
    /// One row per agency, procedure, commune, month or channel [default: one row, `all`]
    #[arg(long, value_enum)]
    by: Option<By>,
    /// `xlsx` writes a workbook (one sheet per grouping) and needs --out
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Write to this file instead of the terminal
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The language of the workbook's headers and sheet names (vi, en, km)
    #[arg(long, default_value = "vi", value_parser = parse_language)]
    lang: Language,
}

/// The CLI's names for [`GroupBy`]: the domain type knows nothing of clap.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum By {
    Agency,
    Procedure,
    Commune,
    Month,
    Channel,
}

impl From<By> for GroupBy {
    fn from(by: By) -> Self {
        match by {
            By::Agency => Self::Agency,
            By::Procedure => Self::Procedure,
            By::Commune => Self::Commune,
            By::Month => Self::Month,
            By::Channel => Self::Channel,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
    Xlsx,
}

/// The formulas under `--help`, from the one list in the domain.
fn formulas_help() -> String {
    format!(
        "How each figure is computed (JSON key: formula):\n{}",
        formulas_text()
    )
}

pub async fn index(settings: &Settings, args: IndexArgs) -> Result<(), CliError> {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        return Err(CliError::Usage(format!("--from {from} is after --to {to}")));
    }
    // Refused before the database is opened: nothing is read for nothing.
    if matches!(args.format, Format::Xlsx) && args.out.is_none() {
        return Err(CliError::Usage(
            "--format xlsx writes a workbook, which is not for a terminal: add --out FILE".into(),
        ));
    }
    let (start, end) = rollup::all_time();
    let from = args.from.map_or(start, day_start).max(start);
    let to = args
        .to
        .and_then(|d| d.succ_opt())
        .map_or(end, day_start)
        .min(end);
    // Opened with the rules: dossiers returned before the figures were kept
    // are decided before the first index reads them.
    let store = Store::open(&settings.database.url)
        .await?
        .with_deadlines(settings.deadlines())
        .await?;
    let mut conn = store.read().await?;
    let by = args.by.map(GroupBy::from);
    let bytes = match args.format {
        Format::Json => json_text(&rows(&mut conn, settings, by, from, to).await?)?.into_bytes(),
        Format::Csv => csv_text(&rows(&mut conn, settings, by, from, to).await?)?.into_bytes(),
        Format::Table => table(&rows(&mut conn, settings, by, from, to).await?).into_bytes(),
        Format::Xlsx => {
            // With --by, the overall sheet and that grouping; without, all.
            let groupings: Vec<GroupBy> = match by {
                Some(by) => vec![by],
                None => By::value_variants()
                    .iter()
                    .map(|b| GroupBy::from(*b))
                    .collect(),
            };
            let mut sheets = Vec::new();
            for by in std::iter::once(None).chain(groupings.into_iter().map(Some)) {
                let rows = rows(&mut conn, settings, by, from, to).await?;
                sheets.push(workbook::index_sheet(Key::grouping(by), &rows));
            }
            let heading = Heading {
                title: Key::XlsxTitle,
                from: args.from,
                to: args.to,
                made: Utc::now(),
            };
            let i18n = I18n::load().map_err(anyhow::Error::from)?;
            workbook::to_bytes(&i18n, args.lang, &heading, &sheets).map_err(anyhow::Error::from)?
        }
    };
    drop(conn);
    store.close().await;
    match args.out {
        Some(path) => std::fs::write(&path, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(anyhow::Error::from)?,
    }
    Ok(())
}

/// One row per group of `by`, as every format shows it.
async fn rows(
    conn: &mut SqliteConnection,
    settings: &Settings,
    by: Option<GroupBy>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<IndexRow>, CliError> {
    let figures = rollup::figures(conn, by, from, to, None).await?;
    let mut rows: Vec<IndexRow> = figures
        .iter()
        .map(|f| IndexRow::from_figures(f, &settings.index))
        .collect();
    for row in &mut rows {
        row.name = catalog::group_name(conn, by, &row.group, Language::Vi).await?;
    }
    if by == Some(GroupBy::Commune) {
        // An old commune split between several units is counted under its
        // old code, and so is an old district stored before the units were
        // loaded: say so, since neither is a unit of today.
        let kept: HashMap<String, bool> = units::kept_old_codes(conn)
            .await?
            .into_iter()
            .map(|k| (k.code, k.district))
            .collect();
        for row in &mut rows {
            if let Some(district) = kept.get(&row.group) {
                let mark = if *district {
                    "mã huyện cũ, đã chia tách"
                } else {
                    "mã cũ, đã chia tách"
                };
                row.group = format!("{} ({mark})", row.group);
            }
        }
    }
    Ok(rows)
}

/// Each JSON row carries a `formula` key: how each of its figures is computed.
fn json_text(rows: &[IndexRow]) -> Result<String, CliError> {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        row: &'a IndexRow,
        formula: BTreeMap<&'static str, &'static str>,
    }
    let formula: BTreeMap<_, _> = FORMULAS.iter().copied().collect();
    let rows: Vec<Row> = rows
        .iter()
        .map(|row| Row {
            row,
            formula: formula.clone(),
        })
        .collect();
    Ok(serde_json::to_string_pretty(&rows).map_err(anyhow::Error::from)? + "\n")
}

/// The CSV has the JSON keys as its header, in the same order; the indices
/// are a map in the row (one entry per index of the list), which the csv
/// crate does not write, so each row is written from its JSON object.
fn csv_text(rows: &[IndexRow]) -> Result<String, CliError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (i, row) in rows.iter().enumerate() {
        let json = serde_json::to_string(row).map_err(anyhow::Error::from)?;
        let Ordered(fields) = serde_json::from_str(&json).map_err(anyhow::Error::from)?;
        if i == 0 {
            writer
                .write_record(fields.iter().map(|(key, _)| key))
                .map_err(anyhow::Error::from)?;
        }
        let cell = |value: &serde_json::Value| match value {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        writer
            .write_record(fields.iter().map(|(_, value)| cell(value)))
            .map_err(anyhow::Error::from)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A JSON object's entries in the order they were written.
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Ordered;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ordered, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

fn table(rows: &[IndexRow]) -> String {
    let number = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"));
    let mut out = format!(
        "{:<40} {:>9} {:>8} {:>8} {:>7} {:>22} {:>29} {:>7} {:>9}\n",
        "group",
        "responses",
        "verified",
        "returned",
        "rate %",
        "satisfied % [95% CI]",
        "levels % (1/2/3/4/5)",
        "766 %",
        "c01 k/9"
    );
    for r in rows {
        let group = match &r.name {
            Some(name) => format!("{} {name}", r.group),
            None => r.group.clone(),
        };
        let satisfaction = match (r.satisfaction, r.satisfaction_low, r.satisfaction_high) {
            (Some(s), Some(l), Some(h)) => format!("{s:.1} [{l:.1}–{h:.1}]"),
            _ => "-".to_owned(),
        };
        let levels = [
            r.very_satisfied_share,
            r.satisfied_share,
            r.neutral_share,
            r.not_satisfied_share,
            r.very_not_satisfied_share,
        ]
        .map(number)
        .join("/");
        let circular_01 = r
            .indices_measured
            .map_or_else(|| "-".to_owned(), |k| format!("{k}/9"));
        let flag = if r.small_sample {
            " (small sample)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:<40} {:>9} {:>8} {:>8} {:>7} {:>22} {:>29} {:>7} {:>9}{flag}\n",
            group,
            r.responses,
            r.verified_responses,
            r.returned,
            number(r.response_rate),
            satisfaction,
            levels,
            number(r.d766_dossier_satisfaction),
            circular_01
        ));
    }
    out
}
