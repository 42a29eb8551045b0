//! `hailong export responses|index|cases`: a period's files for a report,
//! as CSV or a workbook, headers in the reader's language, days in Vietnam.
//! The sheets are built here for every place that exports: this command,
//! `hailong index --format xlsx`, `hailong cases export`, the dashboard and
//! `/export` in the chat. Responses carry no chat identity and no dossier
//! code: a code beside a comment can point at one person.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, ValueEnum};
use sqlx::SqliteConnection;

use super::args::{By, parse_day, parse_language};
use super::workbook::{self, Heading, Sheet};
use super::{CliError, on_store};
use crate::configuration::Settings;
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::case::may_handle;
use crate::domain::moment::{day_start, local_date};
use crate::domain::satisfaction::{Cell, GroupBy, IndexRow, IndexRules};
use crate::domain::{AgencyCode, Language, Role};
use crate::flows::survey::{chip_key, level_key};
use crate::i18n::{I18n, Key};
use crate::store::audit::{self, Entry};
use crate::store::cases::Case;
use crate::store::response_reports::{self, CountedResponse};
use crate::store::rollup::{self, Slice};
use crate::store::{StoreError, case_reports, catalog, units};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export: the counted responses (no chat identity), the index, or the feedback cases
    #[arg(value_enum)]
    what: What,
    /// First day (dd/mm/yyyy or yyyy-mm-dd), in Vietnam [default: the first there is]
    #[arg(long, value_parser = parse_day)]
    from: Option<NaiveDate>,
    /// Last day, included [default: the last there is]
    #[arg(long, value_parser = parse_day)]
    to: Option<NaiveDate>,
    /// The index: one row per agency, procedure, commune, month or channel [default: one row, `all`; the workbook has every grouping]
    #[arg(long, value_enum)]
    by: Option<By>,
    /// Only this agency's responses, dossiers and cases
    #[arg(long, value_name = "CODE", value_parser = parse_agency)]
    agency: Option<AgencyCode>,
    /// The language of the headers and words (vi, en, km)
    #[arg(long, default_value = "vi", value_parser = parse_language)]
    lang: Language,
    /// Only responses verified through the receipt's link: the responses
    /// listed, and the index counted from them (the dashboard's "verified only")
    #[arg(long)]
    verified: bool,
    #[arg(long, value_enum)]
    format: Format,
    /// The file to write
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

fn parse_agency(raw: &str) -> Result<AgencyCode, String> {
    AgencyCode::parse(raw).map_err(|e| e.to_string())
}

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    Responses,
    Index,
    Cases,
}

impl What {
    pub fn word(self) -> &'static str {
        match self {
            Self::Responses => "responses",
            Self::Index => "index",
            Self::Cases => "cases",
        }
    }

    fn title(self) -> Key {
        match self {
            Self::Responses => Key::XlsxResponsesTitle,
            Self::Index => Key::XlsxTitle,
            Self::Cases => Key::XlsxCasesTitle,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn word(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// Which rows a file holds: Vietnamese days, both included (`None`: an open
/// end), a slice, the index's grouping, and the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub slice: Slice,
    pub by: Option<GroupBy>,
    /// Only the responses verified through the receipt's link (the
    /// dashboard's "verified only"); the index counts them by its rules.
    pub verified_only: bool,
    pub lang: Language,
    /// Whose export it is: a case is listed only to those who may handle it
    /// ([`may_handle`]: a held case waits for admins), as in the chat and
    /// on the dashboard. The operator at the server reads as an admin.
    pub reader: Role,
}

impl Selection {
    /// The period and the slice, for the audit trail.
    pub fn describe(&self) -> String {
        let day = |d: Option<NaiveDate>| d.map_or_else(|| "-".to_owned(), |d| d.to_string());
        let mut text = format!("from {} to {}", day(self.from), day(self.to));
        let mut add = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                text.push_str(&format!(" {name} {value}"));
            }
        };
        add(
            "agencies",
            self.slice.agencies.as_ref().map(|a| a.join(",")),
        );
        add("procedure", self.slice.procedure.clone());
        add("commune", self.slice.commune.clone());
        add("channel", self.slice.channel.clone());
        add("verified", self.verified_only.then(|| "only".to_owned()));
        text
    }

    /// The period as the index reads it: `[from, to)` in time.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        bounds(self.from, self.to)
    }

    fn heading(&self, what: What) -> Heading {
        Heading {
            title: what.title(),
            from: self.from,
            to: self.to,
            made: Utc::now(),
        }
    }
}

/// Vietnamese days, both included, as `[from, to)` in time; an open end is
/// as far as stored times go.
pub fn bounds(from: Option<NaiveDate>, to: Option<NaiveDate>) -> (DateTime<Utc>, DateTime<Utc>) {
    let (start, end) = rollup::all_time();
    let from = from.map_or(start, day_start).max(start);
    let to = to
        .and_then(|d| d.succ_opt())
        .map_or(end, day_start)
        .min(end);
    (from, to)
}

pub async fn export(settings: &Settings, args: ExportArgs) -> Result<(), CliError> {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        return Err(CliError::Usage(format!("--from {from} is after --to {to}")));
    }
    if args.by.is_some() && args.what != What::Index {
        return Err(CliError::Usage(
            "--by groups the index; responses and cases are one row each".into(),
        ));
    }
    let selection = Selection {
        from: args.from,
        to: args.to,
        slice: Slice {
            agencies: args.agency.map(|code| vec![code.to_string()]),
            ..Slice::default()
        },
        by: args.by.map(GroupBy::from),
        verified_only: args.verified,
        lang: args.lang,
        reader: Role::Admin,
    };
    write(
        settings,
        args.what,
        args.format,
        &selection,
        Some(&args.out),
    )
    .await?;
    println!(
        "{} written ({} {})",
        args.out.display(),
        args.what.word(),
        args.format.word()
    );
    Ok(())
}

/// Writes the file to `out` (None: the terminal) and records the export in
/// the audit trail as the operator's.
pub(super) async fn write(
    settings: &Settings,
    what: What,
    format: Format,
    selection: &Selection,
    out: Option<&Path>,
) -> Result<(), CliError> {
    let i18n = Arc::new(I18n::load().map_err(anyhow::Error::from)?);
    on_store(settings, async |store| {
        let bytes = {
            let mut conn = store.read().await?;
            let rules = settings.index.verified_if(selection.verified_only);
            file(&mut conn, &i18n, &rules, what, format, selection).await?
        };
        match out {
            Some(path) => std::fs::write(path, bytes)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?,
            None => std::io::stdout()
                .write_all(&bytes)
                .map_err(anyhow::Error::from)?,
        }
        let mut tx = store.begin_write().await?;
        audit::record(
            &mut tx,
            &Entry {
                at: Utc::now(),
                actor: AuditActor::Operator,
                action: AuditAction::Export,
                target: Some(format!("cli {} {}", what.word(), format.word())),
                detail: Some(selection.describe()),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    })
    .await
}

/// The file's bytes: a CSV of one table, or a workbook. The index's CSV is
/// the selection's grouping; its workbook the overall sheet and that
/// grouping, or every grouping when none is chosen.
pub async fn file(
    conn: &mut SqliteConnection,
    i18n: &Arc<I18n>,
    rules: &IndexRules,
    what: What,
    format: Format,
    selection: &Selection,
) -> anyhow::Result<Vec<u8>> {
    let sheet = match what {
        What::Responses => responses_sheet(conn, i18n, selection).await?,
        What::Cases => cases_sheet(conn, selection).await?,
        What::Index if format == Format::Csv => {
            index_sheets(conn, rules, &[selection.by], selection)
                .await?
                .remove(0)
        }
        What::Index => {
            let groupings: Vec<Option<GroupBy>> = match selection.by {
                Some(by) => vec![None, Some(by)],
                None => std::iter::once(None)
                    .chain(By::value_variants().iter().map(|b| Some(GroupBy::from(*b))))
                    .collect(),
            };
            let sheets = index_sheets(conn, rules, &groupings, selection).await?;
            return Ok(
                workbook::to_bytes(i18n, selection.lang, selection.heading(what), sheets).await?,
            );
        }
    };
    Ok(match format {
        Format::Csv => workbook::csv_bytes(i18n, selection.lang, sheet).await?,
        Format::Xlsx => {
            workbook::to_bytes(i18n, selection.lang, selection.heading(what), vec![sheet]).await?
        }
    })
}

/// One index sheet per grouping (None: the overall row).
pub async fn index_sheets(
    conn: &mut SqliteConnection,
    rules: &IndexRules,
    groupings: &[Option<GroupBy>],
    selection: &Selection,
) -> Result<Vec<Sheet>, StoreError> {
    let mut sheets = Vec::with_capacity(groupings.len());
    for by in groupings {
        let rows = index_rows(
            conn,
            rules,
            *by,
            selection.bounds(),
            &selection.slice,
            selection.lang,
        )
        .await?;
        sheets.push(workbook::index_sheet(Key::grouping(*by), &rows));
    }
    Ok(sheets)
}

/// One row per group of `by` within `slice`, named in `lang`: what every
/// format of the index shows.
pub async fn index_rows(
    conn: &mut SqliteConnection,
    rules: &IndexRules,
    by: Option<GroupBy>,
    period: (DateTime<Utc>, DateTime<Utc>),
    slice: &Slice,
    lang: Language,
) -> Result<Vec<IndexRow>, StoreError> {
    let figures = rollup::figures_of(conn, by, period, slice).await?;
    let mut rows: Vec<IndexRow> = figures
        .iter()
        .map(|f| IndexRow::from_figures(f, rules))
        .collect();
    for row in &mut rows {
        row.name = catalog::group_name(conn, by, &row.group, lang).await?;
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

/// The responses sheet's columns; [`response_cells`] gives a response's
/// values in this order. No user, chat or dossier: see the module's note.
const RESPONSE_HEADERS: [Key; 15] = [
    Key::XlsxResponseDay,
    Key::XlsxResponseAgencyCode,
    Key::XlsxResponseAgency,
    Key::XlsxResponseProcedureCode,
    Key::XlsxResponseProcedure,
    Key::XlsxResponseCommune,
    Key::XlsxResponseChannel,
    Key::XlsxResponseVerified,
    Key::XlsxResponseOverall,
    Key::XlsxResponseConvenience,
    Key::XlsxResponseAttitude,
    Key::XlsxResponseAgencies,
    Key::XlsxResponseWentWell,
    Key::XlsxResponseWentBadly,
    Key::XlsxResponseComment,
];

/// The counted responses of the selection, one row each.
pub async fn responses_sheet(
    conn: &mut SqliteConnection,
    i18n: &I18n,
    selection: &Selection,
) -> Result<Sheet, StoreError> {
    let responses = response_reports::counted(
        conn,
        (selection.from, selection.to),
        &selection.slice,
        selection.verified_only,
    )
    .await?;
    Ok(Sheet {
        name: Key::XlsxSheetResponses,
        headers: RESPONSE_HEADERS.to_vec(),
        rows: responses
            .iter()
            .map(|r| response_cells(i18n, selection.lang, r).into())
            .collect(),
    })
}

/// One response as the export shows it, in [`RESPONSE_HEADERS`]' order.
fn response_cells(
    i18n: &I18n,
    lang: Language,
    response: &CountedResponse,
) -> [Cell; RESPONSE_HEADERS.len()] {
    let level = |level: Option<crate::domain::Level>| {
        Cell::Text(level.map_or_else(String::new, |l| {
            workbook::plain_words(i18n, lang, level_key(l))
        }))
    };
    let chips = |codes: &[String]| {
        Cell::Text(
            codes
                .iter()
                .filter_map(|c| chip_key(c))
                .map(|key| workbook::plain_words(i18n, lang, key))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    let agencies = response.agencies.and_then(|n| match n {
        2 => Some(Key::AgenciesNone),
        1 => Some(Key::AgenciesOneStop),
        0 => Some(Key::AgenciesSeveral),
        _ => None,
    });
    [
        Cell::Date(Some(response.return_day)),
        Cell::Text(response.agency_code.clone()),
        Cell::Text(response.agency.get(lang).to_owned()),
        Cell::Text(response.procedure_code.clone()),
        Cell::Text(response.procedure.get(lang).to_owned()),
        Cell::Text(response.commune_code.clone().unwrap_or_default()),
        Cell::Word(Some(Key::channel(response.channel))),
        Cell::Word(Some(if response.verified {
            Key::XlsxYes
        } else {
            Key::XlsxNo
        })),
        level(Some(response.overall)),
        level(response.convenience),
        level(response.attitude),
        Cell::Word(agencies),
        chips(&response.went_well),
        chips(&response.went_badly),
        Cell::Text(response.comment.clone().unwrap_or_default()),
    ]
}

/// The cases sheet's columns; [`case_cells`] gives a case's values in this order.
const CASE_HEADERS: [Key; 17] = [
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

/// The cases opened in the selection's period, by number. The citizen
/// appears only as "#k", never by a chat identity; states, kinds and
/// ratings keep the API's words, so that a sheet and a sync read alike.
pub async fn cases_sheet(
    conn: &mut SqliteConnection,
    selection: &Selection,
) -> Result<Sheet, StoreError> {
    let mut cases =
        case_reports::opened_in(conn, (selection.from, selection.to), &selection.slice).await?;
    cases.retain(|case| may_handle(&selection.reader, case.agency.as_deref(), case.held));
    let codes = case_reports::dossier_codes(conn, &cases).await?;
    Ok(Sheet {
        name: Key::XlsxSheetCases,
        headers: CASE_HEADERS.to_vec(),
        rows: cases
            .iter()
            .map(|case| {
                let code = case.dossier.and_then(|id| codes.get(&id));
                case_cells(case, code.map(String::as_str)).into()
            })
            .collect(),
    })
}

/// One case as the export shows it, in [`CASE_HEADERS`]' order.
fn case_cells(case: &Case, dossier_code: Option<&str>) -> [Cell; CASE_HEADERS.len()] {
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
