//! Reading agency, procedure and dossier CSV files. Every row is checked
//! before anything is written; each problem names its file, line and column.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use chrono::{DateTime, Utc};

use super::checks::{Claims, Fields};
use crate::domain::deadline::{parse_delay_reason, reason_without_date};
use crate::domain::moment::{parse_instant, parse_local_date};
use crate::domain::steps::parse_steps_cell;
use crate::domain::units::{self, CommuneCode, OldCommune, Readings, Unit, UnitKind};
use crate::domain::{AgencyCode, Channel, DossierCode, ProcedureCode, Status};
use crate::store::catalog::{Agency, Names, Procedure};
use crate::store::dossiers::DossierRecord;

/// One problem in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl Problem {
    fn new(line: u64, column: &str, reason: impl ToString) -> Self {
        Self {
            line,
            column: column.to_owned(),
            reason: reason.to_string(),
        }
    }

    /// `FILE:LINE: column: reason`
    pub fn display<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        struct Shown<'a>(&'a Problem, &'a str);
        impl fmt::Display for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "{}:{}: {}: {}",
                    self.1, self.0.line, self.0.column, self.0.reason
                )
            }
        }
        Shown(self, file)
    }
}

/// A CSV file's columns by name, and its rows as they are read: a row is
/// parsed and dropped before the next is read, so a file is never held whole.
struct Table<R> {
    columns: HashMap<String, usize>,
    reader: csv::Reader<R>,
}

/// The header's first bytes are enough to tell the separator.
const SNIFF: usize = 4096;

impl<R: Read> Table<BufReader<R>> {
    fn open(input: R, required: &[&str]) -> Result<Self, Vec<Problem>> {
        let mut input = BufReader::with_capacity(64 * 1024, input);
        let delimiter = sniff_delimiter(&mut input)?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(delimiter)
            .from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| vec![Problem::new(1, "header", e)])?
            .clone();
        let columns: HashMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, name)| (name.to_ascii_lowercase(), i))
            .collect();
        let missing: Vec<Problem> = required
            .iter()
            .filter(|name| !columns.contains_key(**name))
            .map(|name| Problem::new(1, name, "missing from the header row"))
            .collect();
        if missing.is_empty() {
            Ok(Self { columns, reader })
        } else {
            Err(missing)
        }
    }
}

/// Skips a UTF-8 byte order mark and tells `,` from `;`: Excel writes CSV
/// with `;` under Vietnamese regional settings, where the comma is the
/// decimal mark. The header row decides: it holds only column names, so
/// whichever of the two it holds more of separates them.
fn sniff_delimiter(input: &mut impl BufRead) -> Result<u8, Vec<Problem>> {
    let unreadable = |e: std::io::Error| vec![Problem::new(1, "header", e)];
    let head = input.fill_buf().map_err(unreadable)?;
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let head = &head[if bom { 3 } else { 0 }..];
    let line = head
        .split(|b| *b == b'\n')
        .next()
        .unwrap_or_default()
        .get(..SNIFF)
        .unwrap_or(head);
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    if bom {
        input.consume(3);
    }
    Ok(delimiter)
}

/// The fields of one row, recording a problem for each bad one.
struct Row<'a> {
    columns: &'a HashMap<String, usize>,
    line: u64,
    record: &'a csv::StringRecord,
    problems: &'a mut Vec<Problem>,
}

impl Row<'_> {
    fn raw(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|i| self.record.get(*i))
            .unwrap_or("")
    }

    fn optional(&self, column: &str) -> Option<&str> {
        Some(self.raw(column)).filter(|v| !v.is_empty())
    }

    fn required(&mut self, column: &str) -> Option<&str> {
        let value = self
            .columns
            .get(column)
            .and_then(|i| self.record.get(*i))
            .filter(|v| !v.is_empty());
        if value.is_none() {
            self.problems
                .push(Problem::new(self.line, column, "required"));
        }
        value
    }

    fn parse<T, E: ToString>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        let raw = self.required(column)?;
        match parse(raw) {
            Ok(value) => Some(value),
            Err(e) => {
                self.problems.push(Problem::new(self.line, column, e));
                None
            }
        }
    }

    fn parse_optional<T, E: ToString>(
        &mut self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        let raw = self.optional(column)?;
        match parse(raw) {
            Ok(value) => Some(value),
            Err(e) => {
                self.problems.push(Problem::new(self.line, column, e));
                None
            }
        }
    }

    /// The unit from `commune_code`, or from `district_code` as old files
    /// name it, read through the province's units.
    fn commune(&mut self, units: &Readings) -> Option<CommuneCode> {
        let column = ["commune_code", "district_code"]
            .into_iter()
            .find(|column| self.optional(column).is_some())?;
        self.parse_optional(column, |raw| units::resolve(raw, units.get(raw.trim())))
    }

    /// Names in three languages; English and Khmer fall back to Vietnamese.
    fn names(&mut self) -> Option<Names> {
        let vi = self.required("name_vi")?.to_owned();
        let en = self.optional("name_en").unwrap_or(&vi).to_owned();
        let km = self.optional("name_km").unwrap_or(&vi).to_owned();
        Some(Names { vi, en, km })
    }
}

/// A file's rows, each checked as it is read, with every problem kept.
struct Rows<R> {
    table: Table<BufReader<R>>,
    record: csv::StringRecord,
    /// Codes by the line they were first seen on: a code twice is refused.
    seen: HashMap<String, u64>,
    problems: Vec<Problem>,
}

impl<R: Read> Rows<R> {
    fn open(input: R, required: &[&str]) -> Result<Self, Vec<Problem>> {
        Ok(Self {
            table: Table::open(input, required)?,
            record: csv::StringRecord::new(),
            seen: HashMap::new(),
            problems: Vec::new(),
        })
    }

    /// The next row as `parse_row` reads it: None at the end of the file,
    /// Some(None) for a row with a problem.
    fn next<T>(
        &mut self,
        parse_row: &mut impl FnMut(&mut Row<'_>) -> Option<T>,
        code_of: impl Fn(&T) -> &str,
    ) -> Option<Option<T>> {
        match self.table.reader.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                self.problems.push(Problem::new(line, "row", e));
                return Some(None);
            }
        }
        let line = self.record.position().map_or(0, csv::Position::line);
        let mut row = Row {
            columns: &self.table.columns,
            line,
            record: &self.record,
            problems: &mut self.problems,
        };
        let Some(item) = parse_row(&mut row) else {
            return Some(None);
        };
        let code = code_of(&item);
        if let Some(first) = self.seen.get(code) {
            let problem = Problem::new(line, "code", format!("{code} is already on line {first}"));
            self.problems.push(problem);
        } else {
            self.seen.insert(code.to_owned(), line);
        }
        Some(Some(item))
    }

    fn finish(self) -> Result<(), Vec<Problem>> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems)
        }
    }
}

/// Reads a small file (agencies, procedures) whole.
fn read_rows<T>(
    input: impl Read,
    required: &[&str],
    mut parse_row: impl FnMut(&mut Row<'_>) -> Option<T>,
    code_of: impl Fn(&T) -> &str,
) -> Result<Vec<T>, Vec<Problem>> {
    let mut rows = Rows::open(input, required)?;
    let mut items = Vec::new();
    while let Some(item) = rows.next(&mut parse_row, &code_of) {
        items.extend(item);
    }
    rows.finish().map(|()| items)
}

pub fn read_agencies(input: impl Read, units: &Readings) -> Result<Vec<Agency>, Vec<Problem>> {
    read_rows(
        input,
        &["code", "name_vi"],
        |row| {
            let code = row.parse("code", AgencyCode::parse);
            let names = row.names();
            let commune = row.commune(units);
            let staff_chat_id = row.parse_optional("staff_chat_id", |raw| {
                raw.parse::<i64>()
                    .map_err(|_| "expected a Telegram chat id, such as -1001234567890")
            });
            Some(Agency {
                code: code?,
                names: names?,
                commune,
                staff_chat_id,
            })
        },
        |a| a.code.as_str(),
    )
}

/// Reads a units file: `code,name,kind,old_codes,old_names,old_districts,partial_old_codes`
/// (see `data/README.md`); old names are not kept, as no report shows them.
pub fn read_units(input: impl Read) -> Result<Vec<Unit>, Vec<Problem>> {
    read_rows(
        input,
        &["code", "name", "kind", "old_codes", "old_districts"],
        |row| {
            let code = row.parse("code", CommuneCode::parse);
            let name = row.required("name").map(str::to_owned);
            let kind = row.parse("kind", UnitKind::parse);
            let districts = row.raw("old_districts").to_owned();
            let partial = row.raw("partial_old_codes").to_owned();
            let old = row.parse("old_codes", |raw| {
                OldCommune::parse_list(raw, &districts, &partial)
            });
            Some(Unit {
                code: code?,
                name: name?,
                kind: kind?,
                old: old?,
            })
        },
        |u| u.code.as_str(),
    )
}

pub fn read_procedures(input: impl Read) -> Result<Vec<Procedure>, Vec<Problem>> {
    read_rows(
        input,
        &["code", "name_vi", "sector", "processing_days"],
        |row| {
            let code = row.parse("code", ProcedureCode::parse);
            let names = row.names();
            let sector = row.required("sector").map(str::to_owned);
            let days = row.parse("processing_days", |raw| {
                raw.parse::<u32>()
                    .map_err(|_| "expected a whole number of working days")
            });
            Some(Procedure {
                code: code?,
                names: names?,
                sector: sector?,
                processing_days: days?,
            })
        },
        |p| p.code.as_str(),
    )
}

/// The columns a dossier file must have; `returned_at` may be empty, and
/// `commune_code` (or an old `district_code`), `status_at`, `new_due_at`,
/// `delay_reason` and `steps` (see [`crate::domain::steps`]) may be left out.
const DOSSIER_COLUMNS: [&str; 8] = [
    "code",
    "procedure_code",
    "agency_code",
    "status",
    "received_at",
    "due_at",
    "returned_at",
    "channel",
];

/// A dossier file read in batches, so that a file of any size is checked
/// and staged in little memory (see [`crate::ingest::staged`]). Procedures
/// and agencies must be among those given, communes among the province's
/// units, and no time more than a day after `now`.
pub struct DossierRows<R> {
    rows: Rows<R>,
    procedures: HashSet<String>,
    agencies: HashSet<String>,
    units: Readings,
    now: DateTime<Utc>,
}

impl<R: Read> DossierRows<R> {
    pub fn open(
        input: R,
        procedures: HashSet<String>,
        agencies: HashSet<String>,
        units: Readings,
        now: DateTime<Utc>,
    ) -> Result<Self, Vec<Problem>> {
        Ok(Self {
            rows: Rows::open(input, &DOSSIER_COLUMNS)?,
            procedures,
            agencies,
            units,
            now,
        })
    }

    /// Up to `limit` more records that passed their checks; empty at the
    /// end of the file.
    pub fn next_batch(&mut self, limit: usize) -> Vec<DossierRecord> {
        let (procedures, agencies, units) = (&self.procedures, &self.agencies, &self.units);
        let now = self.now;
        let mut parse = |row: &mut Row<'_>| dossier_row(row, procedures, agencies, units, now);
        let mut batch = Vec::with_capacity(limit);
        while batch.len() < limit {
            match self.rows.next(&mut parse, |d| d.code.as_str()) {
                None => break,
                Some(record) => batch.extend(record),
            }
        }
        batch
    }

    /// Whether any row so far had a problem: nothing of the file is written then.
    pub fn has_problems(&self) -> bool {
        !self.rows.problems.is_empty()
    }

    pub fn finish(self) -> Result<(), Vec<Problem>> {
        self.rows.finish()
    }
}

fn dossier_row(
    row: &mut Row<'_>,
    procedures: &HashSet<String>,
    agencies: &HashSet<String>,
    units: &Readings,
    now: DateTime<Utc>,
) -> Option<DossierRecord> {
    let code = row.parse("code", DossierCode::parse);
    let procedure = row.parse("procedure_code", |raw| {
        let code = ProcedureCode::parse(raw).map_err(|e| e.to_string())?;
        if procedures.contains(code.as_str()) {
            Ok(code)
        } else {
            Err(format!("no procedure {code}; import procedures first"))
        }
    });
    let agency = row.parse("agency_code", |raw| {
        let code = AgencyCode::parse(raw).map_err(|e| e.to_string())?;
        if agencies.contains(code.as_str()) {
            Ok(code)
        } else {
            Err(format!("no agency {code}; import agencies first"))
        }
    });
    let status = row.parse("status", Status::parse);
    let received_at = row.parse("received_at", parse_instant);
    let due_at = row.parse("due_at", parse_local_date);
    let returned_at = row.parse_optional("returned_at", parse_instant);
    let channel = row.parse("channel", Channel::parse);
    let commune = row.commune(units);
    let status_at = row.parse_optional("status_at", parse_instant);
    // Optional columns (Form 04): files without them still import.
    let new_due_at = row.parse_optional("new_due_at", parse_local_date);
    let delay_reason = row.parse_optional("delay_reason", parse_delay_reason);
    if let Some(problem) = reason_without_date(new_due_at, delay_reason.as_deref()) {
        row.problems
            .push(Problem::new(row.line, "delay_reason", problem));
    }
    let steps = row.parse_optional("steps", |raw| {
        let steps = parse_steps_cell(raw)?;
        match steps
            .iter()
            .position(|s| !agencies.contains(s.agency.as_str()))
        {
            Some(i) => Err(format!(
                "step {}: no agency {}; import agencies first",
                i + 1,
                steps[i].agency
            )),
            None => Ok(steps),
        }
    });
    let fields = Fields {
        code,
        procedure,
        agency,
        commune,
        channel,
        claims: Claims {
            received_at,
            due_at,
            returned_at,
            status,
            status_at,
        },
        new_due_at,
        delay_reason,
        steps,
    };
    let line = row.line;
    fields.into_record(now, |column, problem| {
        row.problems.push(Problem::new(line, column, problem));
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n";

    fn camau() -> Readings {
        let units = read_units(units::DEFAULT_UNITS_CSV).expect("the built-in units read");
        units::readings(&units).into_iter().collect()
    }

    /// Reads a whole dossier file whose procedure is P and agency A, in Cà Mau.
    fn read(text: &str, now: DateTime<Utc>) -> Result<Vec<DossierRecord>, Vec<Problem>> {
        let known = |code: &str| std::iter::once(code.to_owned()).collect();
        let mut rows = DossierRows::open(text.as_bytes(), known("P"), known("A"), camau(), now)?;
        let mut records = Vec::new();
        loop {
            let batch = rows.next_batch(100);
            if batch.is_empty() {
                break;
            }
            records.extend(batch);
        }
        rows.finish().map(|()| records)
    }

    #[test]
    fn reads_dossiers_with_or_without_a_bom() {
        let text = format!(
            "\u{feff}{HEADER}a-1,P,A,10,2021-11-25,2021-11-30,2021-11-29T10:00:00+07:00,direct,32014\n"
        );
        let rows = read(&text, Utc::now()).expect("valid");
        assert_eq!(rows[0].code.as_str(), "A-1");
        assert_eq!(rows[0].status, Status::Returned);
        assert_eq!(rows[0].due_at.to_string(), "2021-11-30");
    }

    #[test]
    fn every_bad_field_is_reported_with_its_line_and_column() {
        let text = format!(
            "{HEADER}a-1,P,A,11,yesterday,2021-11-30,,fax,32014\nb/2,X,A,4,2021-11-25,2021-11-30,,direct,\n"
        );
        let problems = read(&text, Utc::now()).expect_err("invalid");
        let shown: Vec<String> = problems
            .iter()
            .map(|p| p.display("d.csv").to_string())
            .collect();
        assert!(
            shown.iter().any(|p| p.starts_with("d.csv:2: status:")),
            "{shown:?}"
        );
        assert!(
            shown.iter().any(|p| p.starts_with("d.csv:2: received_at:")),
            "{shown:?}"
        );
        assert!(
            shown.iter().any(|p| p.starts_with("d.csv:2: channel:")),
            "{shown:?}"
        );
        assert!(
            shown.iter().any(|p| p.starts_with("d.csv:3: code:")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("d.csv:3: procedure_code: no procedure X")),
            "{shown:?}"
        );
        assert_eq!(shown.len(), 5, "{shown:?}");
    }

    #[test]
    fn times_in_the_future_and_returns_before_receipt_are_line_errors() {
        let text = format!(
            "{HEADER}a-1,P,A,10,2026-11-20,2026-11-30,2026-11-19T10:00:00+07:00,direct,\n\
             a-2,P,A,4,2099-01-01,2099-01-30,,direct,\n"
        );
        let now = crate::domain::moment::parse_instant("2026-11-26").expect("a time");
        let problems = read(&text, now).expect_err("invalid");
        assert_eq!(
            problems,
            vec![
                Problem::new(2, "returned_at", "earlier than received_at"),
                Problem::new(3, "received_at", "more than one day in the future"),
            ]
        );
    }

    #[test]
    fn a_code_twice_in_one_file_is_refused() {
        let text = format!(
            "{HEADER}a-1,P,A,4,2021-11-25,2021-11-30,,direct,\nA-1,P,A,4,2021-11-25,2021-11-30,,direct,\n"
        );
        let problems = read(&text, Utc::now()).expect_err("invalid");
        assert_eq!(
            problems,
            vec![Problem::new(3, "code", "A-1 is already on line 2")]
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let problems = read_procedures(&b"code,name_vi\n1.1,x\n"[..]).expect_err("invalid");
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(columns, ["sector", "processing_days"]);
    }

    #[test]
    fn agency_names_fall_back_to_vietnamese() {
        let agencies = read_agencies(
            "code,name_vi,name_en,name_km,commune_code\nA,Sở Tư pháp,,,\n".as_bytes(),
            &camau(),
        )
        .expect("valid");
        assert_eq!(agencies[0].names.km, "Sở Tư pháp");
        assert_eq!(agencies[0].commune, None);
    }

    #[test]
    fn the_built_in_units_are_cà_mau_of_today() {
        let units = read_units(units::DEFAULT_UNITS_CSV).expect("the built-in units read");
        assert_eq!(units.len(), 64);
        assert_eq!(
            Ok(units),
            units::builtin(),
            "what a new database starts from"
        );
        let readings = camau();
        // Thành phố Cà Mau's old Phường 6 was split between two wards.
        assert_eq!(
            readings["32017"],
            units::Reading::Split(CommuneCode::parse("32017").expect("a code"))
        );
    }

    #[test]
    fn old_district_codes_are_read_by_line_and_unknown_codes_refused() {
        let text = "code,name_vi,district_code\nA,x,964\nB,y,31825\nC,z,99999\n";
        let problems = read_agencies(text.as_bytes(), &camau()).expect_err("invalid");
        let shown: Vec<String> = problems
            .iter()
            .map(|p| p.display("a.csv").to_string())
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert!(
            shown[0].starts_with("a.csv:2: district_code: old district 964 was divided"),
            "{shown:?}"
        );
        assert!(
            shown[1]
                .starts_with("a.csv:4: district_code: no unit of the province has code \"99999\""),
            "{shown:?}"
        );
    }
}
