//! `hailong index`: the satisfaction index by group and period.

use std::collections::{BTreeMap, HashMap};

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::CliError;
use super::args::{By, parse_day, parse_language};
use super::export::{self, Selection, What};
use super::table::{Align, Table};
use super::workbook;
use crate::configuration::Settings;
use crate::domain::satisfaction::{Cell, FORMULAS, GroupBy, IndexRow, formulas_text};
use crate::domain::{Language, Role};
use crate::i18n::{I18n, Key};
use crate::store::Store;
use crate::store::rollup::Slice;

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
    /// The language of the table and of the workbook's headers and sheet names (vi, en, km); JSON and CSV keep their keys
    #[arg(long, default_value = "vi", value_parser = parse_language)]
    lang: Language,
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
    let by = args.by.map(GroupBy::from);
    // The workbook is `hailong export index`'s, audited as an export.
    if matches!(args.format, Format::Xlsx) {
        // Refused before the database is opened: nothing is read for nothing.
        let Some(out) = args.out else {
            return Err(CliError::Usage(
                "--format xlsx writes a workbook, which is not for a terminal: add --out FILE"
                    .into(),
            ));
        };
        let selection = Selection {
            from: args.from,
            to: args.to,
            slice: Slice::default(),
            by,
            verified_only: false,
            lang: args.lang,
            reader: Role::Admin,
        };
        return export::write(
            settings,
            What::Index,
            export::Format::Xlsx,
            &selection,
            Some(&out),
        )
        .await;
    }
    let period = export::bounds(args.from, args.to);
    // Opened with the rules: dossiers returned before the figures were kept
    // are decided before the first index reads them.
    let store = Store::open(&settings.database.url)
        .await?
        .with_deadlines(settings.deadlines())
        .await?;
    let mut conn = store.read().await?;
    // JSON and CSV are for machines: their keys and names are fixed
    // (names in Vietnamese, as documented); the table is for the reader.
    let names = match args.format {
        Format::Table => args.lang,
        Format::Json | Format::Csv | Format::Xlsx => Language::Vi,
    };
    let rows = export::index_rows(
        &mut conn,
        &settings.index,
        by,
        period,
        &Slice::default(),
        names,
    )
    .await?;
    let bytes = match args.format {
        Format::Json => json_text(&rows)?.into_bytes(),
        Format::Csv => csv_text(&rows)?.into_bytes(),
        // The workbook was written above.
        Format::Table | Format::Xlsx => {
            let i18n = I18n::load().map_err(anyhow::Error::from)?;
            table(&i18n, args.lang, by, &rows).into_bytes()
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
        // A share or a mean is written with its two decimals ("50.00"), as
        // the README says; JSON cannot keep a trailing zero, CSV can.
        let cell = |value: &serde_json::Value| match value {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Number(n) if n.is_f64() => {
                format!("{:.2}", n.as_f64().unwrap_or_default())
            }
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

/// The columns of the terminal's table, named as the workbook names them
/// ([`IndexRow::columns`]): the headline figures, not all forty.
const TABLE_COLUMNS: [Key; 13] = [
    Key::XlsxResponses,
    Key::XlsxVerifiedResponses,
    Key::XlsxReturned,
    Key::XlsxResponseRate,
    Key::XlsxSatisfaction,
    Key::DashboardInterval,
    Key::XlsxVerySatisfiedShare,
    Key::XlsxSatisfiedShare,
    Key::XlsxNeutralShare,
    Key::XlsxNotSatisfiedShare,
    Key::XlsxVeryNotSatisfiedShare,
    Key::XlsxD766DossierSatisfaction,
    Key::XlsxIndicesMeasured,
];

/// The index for a person at a terminal, in `lang`: the workbook's column
/// names (wrapped, so that a phrase does not widen a column of figures),
/// figures as the bot writes them ("80,0 %"), and "small sample" as the
/// workbook's last column, under its own header.
fn table(i18n: &I18n, lang: Language, by: Option<GroupBy>, rows: &[IndexRow]) -> String {
    let header = |key| i18n.t(lang, key);
    let mut columns = vec![
        (header(Key::XlsxGroup), Align::Left),
        (header(Key::XlsxName), Align::Left),
    ];
    columns.extend(TABLE_COLUMNS.iter().map(|key| (header(*key), Align::Right)));
    columns.push((header(Key::XlsxSmallSample), Align::Left));
    let mut table = Table::new(columns, "  ").wrap_headers_at(14);
    for row in rows {
        let cells: HashMap<Key, Cell> = row.columns().into_iter().collect();
        let shown = |key: &Key| match key {
            Key::DashboardInterval => match (row.satisfaction_low, row.satisfaction_high) {
                (Some(low), Some(high)) => i18n.interval(lang, low, high),
                _ => "-".to_owned(),
            },
            key => cells.get(key).map_or_else(
                || "-".to_owned(),
                |cell| workbook::cell_words(i18n, lang, cell),
            ),
        };
        let mut line = vec![
            row.group.clone(),
            i18n.group_words(lang, by, &row.group, row.name.as_deref()),
        ];
        line.extend(TABLE_COLUMNS.iter().map(shown));
        line.push(shown(&Key::XlsxSmallSample));
        table.push(line);
    }
    table.render()
}
