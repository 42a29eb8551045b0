//! Value parsers shared by the subcommands' arguments.

use chrono::NaiveDate;
use clap::ValueEnum;

use crate::domain::Language;
use crate::domain::moment::parse_local_date;
use crate::domain::satisfaction::GroupBy;

/// A day as typed: `2026-11-25` or `25/11/2026`.
pub fn parse_day(raw: &str) -> Result<NaiveDate, String> {
    parse_local_date(raw).map_err(|e| e.to_string())
}

/// A language as typed: `vi`, `en` or `km`.
pub fn parse_language(raw: &str) -> Result<Language, String> {
    Language::parse(raw).map_err(|e| e.to_string())
}

/// The CLI's names for [`GroupBy`]: the domain type knows nothing of clap.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum By {
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
