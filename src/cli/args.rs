//! Value parsers shared by the subcommands' arguments.

use chrono::NaiveDate;

use crate::domain::Language;
use crate::domain::moment::parse_local_date;

/// A day as typed: `2026-11-25` or `25/11/2026`.
pub fn parse_day(raw: &str) -> Result<NaiveDate, String> {
    parse_local_date(raw).map_err(|e| e.to_string())
}

/// A language as typed: `vi`, `en` or `km`.
pub fn parse_language(raw: &str) -> Result<Language, String> {
    Language::parse(raw).map_err(|e| e.to_string())
}
