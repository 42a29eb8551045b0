//! `hailong cases export`: the feedback cases opened in a period, as CSV or
//! a workbook, with headers in the reader's language. The citizen appears
//! only as "#k", never by a chat identity; states, kinds and ratings keep
//! the API's words, so that a sheet and a sync read alike.

use std::io::Write;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};

use super::CliError;
use super::args::{parse_day, parse_language};
use super::workbook::{self, Heading, Sheet};
use crate::configuration::Settings;
use crate::domain::Language;
use crate::domain::moment::local_date;
use crate::domain::satisfaction::Cell;
use crate::i18n::{I18n, Key};
use crate::store::cases::Case;
use crate::store::{Store, case_reports};

#[derive(Debug, Args)]
pub struct CasesArgs {
    #[command(subcommand)]
    command: CasesCommand,
}

#[derive(Debug, Subcommand)]
enum CasesCommand {
    /// Write the cases opened from --from to --to (days in Vietnam, both included)
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// First day (dd/mm/yyyy or yyyy-mm-dd), in Vietnam
    #[arg(long, value_parser = parse_day)]
    from: NaiveDate,
    /// Last day, included
    #[arg(long, value_parser = parse_day)]
    to: NaiveDate,
    /// `xlsx` writes a workbook and needs --out
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Write to this file instead of the terminal
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The language of the headers (vi, en, km)
    #[arg(long, default_value = "vi", value_parser = parse_language)]
    lang: Language,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Xlsx,
}

pub async fn cases(settings: &Settings, args: CasesArgs) -> Result<(), CliError> {
    match args.command {
        CasesCommand::Export(args) => export(settings, args).await,
    }
}

async fn export(settings: &Settings, args: ExportArgs) -> Result<(), CliError> {
    if args.from > args.to {
        return Err(CliError::Usage(format!(
            "--from {} is after --to {}",
            args.from, args.to
        )));
    }
    if matches!(args.format, Format::Xlsx) && args.out.is_none() {
        return Err(CliError::Usage(
            "--format xlsx writes a workbook, which is not for a terminal: add --out FILE".into(),
        ));
    }
    let store = Store::open(&settings.database.url).await?;
    let mut conn = store.read().await?;
    let cases = case_reports::opened_between(&mut conn, args.from, args.to).await?;
    let codes = case_reports::dossier_codes(&mut conn, &cases).await?;
    let rows: Vec<Vec<Cell>> = cases
        .iter()
        .map(|case| {
            let code = case.dossier.and_then(|id| codes.get(&id));
            cells(case, code.map(String::as_str)).into()
        })
        .collect();
    let i18n = I18n::load().map_err(anyhow::Error::from)?;
    let sheet = Sheet {
        name: Key::XlsxSheetCases,
        headers: HEADERS.to_vec(),
        rows,
    };
    let bytes = match args.format {
        Format::Csv => {
            workbook::csv_bytes(&i18n, args.lang, &sheet).map_err(anyhow::Error::from)?
        }
        Format::Xlsx => {
            let heading = Heading {
                title: Key::XlsxCasesTitle,
                from: Some(args.from),
                to: Some(args.to),
                made: Utc::now(),
            };
            workbook::to_bytes(&i18n, args.lang, &heading, &[sheet]).map_err(anyhow::Error::from)?
        }
    };
    match args.out {
        Some(path) => std::fs::write(&path, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(anyhow::Error::from)?,
    }
    Ok(())
}

/// The export's columns; [`cells`] gives a case's values in this order.
const HEADERS: [Key; 17] = [
    Key::XlsxCaseNumber,
    Key::XlsxCaseOpened,
    Key::XlsxCaseCitizen,
    Key::XlsxCaseSubject,
    Key::XlsxCaseKind,
    Key::XlsxCaseAgency,
    Key::XlsxCaseProcedure,
    Key::XlsxCaseDossier,
    Key::XlsxCaseLanguage,
    Key::XlsxCaseState,
    Key::XlsxCaseDue,
    Key::XlsxCaseAnswered,
    Key::XlsxCaseOnTime,
    Key::XlsxCaseRating,
    Key::XlsxCaseReopened,
    Key::XlsxCaseBody,
    Key::XlsxCaseAnswer,
];

/// One case as the export shows it, in [`HEADERS`]' order.
fn cells(case: &Case, dossier_code: Option<&str>) -> [Cell; HEADERS.len()] {
    let text = |value: Option<&str>| Cell::Text(value.unwrap_or_default().to_owned());
    let yes_no = |yes: bool| Cell::Word(Some(if yes { Key::XlsxYes } else { Key::XlsxNo }));
    [
        Cell::Text(case.number.to_string()),
        Cell::Date(Some(case.number.day())),
        Cell::Text(case.citizen_no.map(|k| format!("#{k}")).unwrap_or_default()),
        Cell::Text(case.subject.to_string()),
        Cell::Text(case.kind.to_string()),
        text(case.agency.as_deref()),
        text(case.procedure.as_deref()),
        text(dossier_code),
        Cell::Text(case.language.code().into()),
        Cell::Text(case.state.to_string()),
        Cell::Date(Some(case.due_day)),
        Cell::Date(case.answered_at.map(local_date)),
        case_reports::facts(case)
            .answered_on_time()
            .map_or(Cell::Word(None), yes_no),
        text(case.rating.map(|r| r.as_str())),
        yes_no(case.reopened),
        text(case.body.as_deref()),
        text(case.answer.as_deref()),
    ]
}
