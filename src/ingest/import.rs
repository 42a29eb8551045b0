//! Reading agency, procedure and dossier CSV files. Every row is checked
//! before anything is written; each problem names its file, line and column.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Utc};

use super::times::record_time_problems;
use crate::domain::moment::{parse_instant, parse_local_date};
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
/// parsed and dropped before the next is read, so a large file is never held
/// twice (as text records and as what they parse to).
struct Table<'a> {
    columns: HashMap<String, usize>,
    reader: csv::Reader<&'a [u8]>,
}

impl<'a> Table<'a> {
    fn open(bytes: &'a [u8], required: &[&str]) -> Result<Self, Vec<Problem>> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
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

/// Reads every row with `parse_row`, refusing a code seen twice in the file.
fn read_rows<T>(
    bytes: &[u8],
    required: &[&str],
    mut parse_row: impl FnMut(&mut Row<'_>) -> Option<T>,
    code_of: impl Fn(&T) -> String,
) -> Result<Vec<T>, Vec<Problem>> {
    let mut table = Table::open(bytes, required)?;
    let mut problems = Vec::new();
    let mut items = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match table.reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                problems.push(Problem::new(line, "row", e));
                continue;
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        let mut row = Row {
            columns: &table.columns,
            line,
            record: &record,
            problems: &mut problems,
        };
        if let Some(item) = parse_row(&mut row) {
            let code = code_of(&item);
            if let Some(first) = seen.insert(code.clone(), line) {
                problems.push(Problem::new(
                    line,
                    "code",
                    format!("{code} is already on line {first}"),
                ));
            }
            items.push(item);
        }
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    }
}

pub fn read_agencies(bytes: &[u8], units: &Readings) -> Result<Vec<Agency>, Vec<Problem>> {
    read_rows(
        bytes,
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
        |a| a.code.to_string(),
    )
}

/// Reads a units file: `code,name,kind,old_codes,old_names,old_districts,partial_old_codes`
/// (see `data/README.md`); old names are not kept, as no report shows them.
pub fn read_units(bytes: &[u8]) -> Result<Vec<Unit>, Vec<Problem>> {
    read_rows(
        bytes,
        &["code", "name", "kind", "old_codes", "old_districts"],
        |row| {
            let code = row.parse("code", CommuneCode::parse);
            let name = row.required("name").map(str::to_owned);
            let kind = row.parse("kind", UnitKind::parse);
            let list = |raw: &str| -> Vec<String> {
                raw.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            };
            let partial = list(row.raw("partial_old_codes"));
            let districts = list(row.raw("old_districts"));
            let old = row.parse("old_codes", |raw| {
                let codes = list(raw);
                if codes.len() != districts.len() {
                    return Err(format!(
                        "{} old codes but {} old districts",
                        codes.len(),
                        districts.len()
                    ));
                }
                if let Some(stray) = partial.iter().find(|p| !codes.contains(p)) {
                    return Err(format!("partial old code {stray} is not among old_codes"));
                }
                codes
                    .iter()
                    .zip(&districts)
                    .map(|(code, district)| {
                        Ok(OldCommune {
                            code: CommuneCode::parse(code).map_err(|e| format!("{code}: {e}"))?,
                            // "964 Thành phố Cà Mau (tỉnh Cà Mau)": the code comes first.
                            district: district
                                .split_whitespace()
                                .next()
                                .unwrap_or_default()
                                .to_owned(),
                            partial: partial.contains(code),
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()
            });
            Some(Unit {
                code: code?,
                name: name?,
                kind: kind?,
                old: old?,
            })
        },
        |u| u.code.to_string(),
    )
}

pub fn read_procedures(bytes: &[u8]) -> Result<Vec<Procedure>, Vec<Problem>> {
    read_rows(
        bytes,
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
        |p| p.code.to_string(),
    )
}

/// Reads dossiers whose procedure and agency must be among those given, in
/// the province's units, with no time more than a day after `now`.
pub fn read_dossiers(
    bytes: &[u8],
    procedures: &HashSet<String>,
    agencies: &HashSet<String>,
    units: &Readings,
    now: DateTime<Utc>,
) -> Result<Vec<DossierRecord>, Vec<Problem>> {
    read_rows(
        bytes,
        &[
            "code",
            "procedure_code",
            "agency_code",
            "status",
            "received_at",
            "due_at",
            "returned_at",
            "channel",
        ],
        |row| {
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
            for (column, problem) in record_time_problems(received_at, returned_at, now) {
                row.problems.push(Problem::new(row.line, column, problem));
            }
            Some(DossierRecord {
                code: code?,
                procedure: procedure?,
                agency: agency?,
                commune,
                channel: channel?,
                received_at: received_at?,
                due_at: due_at?,
                returned_at,
                status: status?,
            })
        },
        |d| d.code.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> HashSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    const HEADER: &str = "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n";

    fn camau() -> Readings {
        let units = read_units(units::DEFAULT_UNITS_CSV).expect("the built-in units read");
        units::readings(&units).into_iter().collect()
    }

    #[test]
    fn reads_dossiers_with_or_without_a_bom() {
        let text = format!(
            "\u{feff}{HEADER}a-1,P,A,10,2021-11-25,2021-11-30,2021-11-29T10:00:00+07:00,direct,32014\n"
        );
        let rows = read_dossiers(
            text.as_bytes(),
            &set(&["P"]),
            &set(&["A"]),
            &camau(),
            Utc::now(),
        )
        .expect("valid");
        assert_eq!(rows[0].code.as_str(), "A-1");
        assert_eq!(rows[0].status, Status::Returned);
        assert_eq!(rows[0].due_at.to_string(), "2021-11-30");
    }

    #[test]
    fn every_bad_field_is_reported_with_its_line_and_column() {
        let text = format!(
            "{HEADER}a-1,P,A,11,yesterday,2021-11-30,,fax,32014\nb/2,X,A,4,2021-11-25,2021-11-30,,direct,\n"
        );
        let problems = read_dossiers(
            text.as_bytes(),
            &set(&["P"]),
            &set(&["A"]),
            &camau(),
            Utc::now(),
        )
        .expect_err("invalid");
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
        let problems = read_dossiers(text.as_bytes(), &set(&["P"]), &set(&["A"]), &camau(), now)
            .expect_err("invalid");
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
        let problems = read_dossiers(
            text.as_bytes(),
            &set(&["P"]),
            &set(&["A"]),
            &camau(),
            Utc::now(),
        )
        .expect_err("invalid");
        assert_eq!(
            problems,
            vec![Problem::new(3, "code", "A-1 is already on line 2")]
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let problems = read_procedures(b"code,name_vi\n1.1,x\n").expect_err("invalid");
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
