//! The dashboard's filters, read from the URL's query so that a view can be
//! bookmarked and shared: `period` (`year`, `quarter`, `month`) or
//! `from`/`to`, `agency`, `procedure`, `commune`, `channel`, `verified`,
//! and `by`, the grouping of the table.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Deserialize;

use crate::domain::moment::{day_start, parse_local_date};
use crate::domain::satisfaction::{GroupBy, IndexRules, resolve_period};
use crate::domain::{AgencyCode, Channel, ProcedureCode};
use crate::store::rollup::Slice;

/// The query as a browser sends it: empty fields are "any".
#[derive(Debug, Default, Deserialize)]
pub struct RawFilters {
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    agency: Option<String>,
    procedure: Option<String>,
    commune: Option<String>,
    channel: Option<String>,
    verified: Option<String>,
    by: Option<String>,
}

/// A period chosen by name, or by its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year,
    Quarter,
    Month,
    Days,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Year, Period::Quarter, Period::Month, Period::Days];

    pub fn word(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Quarter => "quarter",
            Self::Month => "month",
            Self::Days => "days",
        }
    }
}

/// The groupings of the table, by their word in the URL.
pub const GROUPINGS: [(GroupBy, &str); 5] = [
    (GroupBy::Agency, "agency"),
    (GroupBy::Procedure, "procedure"),
    (GroupBy::Commune, "commune"),
    (GroupBy::Channel, "channel"),
    (GroupBy::Month, "month"),
];

fn by_word(by: GroupBy) -> &'static str {
    GROUPINGS
        .iter()
        .find(|(b, _)| *b == by)
        .map_or("agency", |(_, w)| w)
}

/// The filters of one view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters {
    pub period: Period,
    /// First and last day (both included), in Vietnam.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub agency: Option<AgencyCode>,
    pub procedure: Option<ProcedureCode>,
    pub commune: Option<String>,
    pub channel: Option<Channel>,
    pub verified: bool,
    pub by: GroupBy,
}

/// A filter that could not be read, and why: a date, a choice and a code
/// are each told in their own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// The filter's name in the URL.
    pub field: &'static str,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a day (dd/mm/yyyy or yyyy-mm-dd): what was given.
    Date(String),
    /// The first day is after the last.
    Reversed { from: NaiveDate, to: NaiveDate },
    /// Not one of the filter's words: what was given, and the words.
    Choice(String, Vec<&'static str>),
    /// Not a code (letters, digits, `.`, `_`, `-`): what was given.
    Code(String),
}

/// At most this many characters of what was given are echoed: enough to
/// recognise it, not a page of someone's pasted text.
const ECHOED: usize = 40;

fn echoed(given: &str) -> String {
    let mut shown: String = given.chars().take(ECHOED).collect();
    if given.chars().nth(ECHOED).is_some() {
        shown.push('…');
    }
    shown
}

impl FilterError {
    pub fn date(field: &'static str, given: &str) -> Self {
        let problem = Problem::Date(echoed(given));
        Self { field, problem }
    }

    pub fn choice(field: &'static str, given: &str, choices: &[&'static str]) -> Self {
        let problem = Problem::Choice(echoed(given), choices.to_vec());
        Self { field, problem }
    }

    pub fn code(field: &'static str, given: &str) -> Self {
        let problem = Problem::Code(echoed(given));
        Self { field, problem }
    }
}

fn given(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Filters {
    pub fn parse(raw: &RawFilters, today: NaiveDate) -> Result<Self, FilterError> {
        let day = |field: &'static str, raw: &Option<String>| {
            given(raw)
                .map(|v| parse_local_date(v).map_err(|_| FilterError::date(field, v)))
                .transpose()
        };
        let (from, to) = (day("from", &raw.from)?, day("to", &raw.to)?);
        let periods = Period::ALL.map(Period::word);
        let named = match given(&raw.period) {
            None if from.is_some() || to.is_some() => None,
            None => Some(Period::Year),
            Some(word) => match Period::ALL.into_iter().find(|p| p.word() == word) {
                Some(Period::Days) => None,
                Some(period) => Some(period),
                None => return Err(FilterError::choice("period", word, &periods)),
            },
        };
        // A named period wins over the days the form still shows.
        let (period, (first, last)) = match named {
            Some(period) => {
                let span = resolve_period(Some(period.word()), today)
                    .map_err(|_| FilterError::choice("period", period.word(), &periods))?;
                (period, span)
            }
            None => {
                // One end given: the other is the start of its year, or today.
                let to = to.unwrap_or(today);
                let from = from
                    .or_else(|| NaiveDate::from_ymd_opt(to.year(), 1, 1))
                    .ok_or_else(|| FilterError::date("to", &to.to_string()))?;
                if from > to {
                    let problem = Problem::Reversed { from, to };
                    return Err(FilterError {
                        field: "to",
                        problem,
                    });
                }
                (Period::Days, (from, to))
            }
        };
        let by = match given(&raw.by) {
            None => GroupBy::Agency,
            Some(word) => GROUPINGS
                .iter()
                .find(|(_, w)| *w == word)
                .map(|(by, _)| *by)
                .ok_or_else(|| FilterError::choice("by", word, &GROUPINGS.map(|(_, w)| w)))?,
        };
        Ok(Self {
            period,
            from: first,
            to: last,
            agency: given(&raw.agency)
                .map(|v| AgencyCode::parse(v).map_err(|_| FilterError::code("agency", v)))
                .transpose()?,
            procedure: given(&raw.procedure)
                .map(|v| ProcedureCode::parse(v).map_err(|_| FilterError::code("procedure", v)))
                .transpose()?,
            commune: given(&raw.commune).map(str::to_owned),
            channel: given(&raw.channel)
                .map(|v| {
                    Channel::parse(v).map_err(|_| {
                        FilterError::choice("channel", v, &Channel::ALL.map(Channel::code))
                    })
                })
                .transpose()?,
            verified: matches!(given(&raw.verified), Some("1" | "on" | "true")),
            by,
        })
    }

    /// `[from, to)` as the rollup reads it: whole days in Vietnam.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let end = self.to.succ_opt().unwrap_or(self.to);
        (day_start(self.from), day_start(end))
    }

    /// The first day after the period, for queries on Vietnamese days.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        (self.from, self.to.succ_opt().unwrap_or(self.to))
    }

    /// The dossiers to count: the agency asked for, only within the
    /// agencies the person may read. An agency outside them leaves none.
    pub fn slice(&self, readable: Option<&[String]>) -> Slice {
        let asked = self.agency.as_ref().map(ToString::to_string);
        let agencies = match (readable, asked) {
            (None, asked) => asked.map(|a| vec![a]),
            (Some(readable), None) => Some(readable.to_vec()),
            (Some(readable), Some(asked)) => {
                Some(readable.iter().filter(|r| **r == asked).cloned().collect())
            }
        };
        Slice {
            agencies,
            procedure: self.procedure.as_ref().map(ToString::to_string),
            commune: self.commune.clone(),
            channel: self.channel.map(|c| c.code().to_owned()),
        }
    }

    /// "Verified only" counts as the `[index] counts = "verified"` setting does.
    pub fn rules(&self, base: IndexRules) -> IndexRules {
        base.verified_if(self.verified)
    }

    /// The filters as a URL query, with `by` replaced when given: the same
    /// view for the export links and the grouping links.
    pub fn query(&self, by: Option<GroupBy>) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        match self.period {
            Period::Days => {
                query.append_pair("from", &self.from.to_string());
                query.append_pair("to", &self.to.to_string());
            }
            named => {
                query.append_pair("period", named.word());
            }
        }
        let fields = [
            ("agency", self.agency.as_ref().map(ToString::to_string)),
            (
                "procedure",
                self.procedure.as_ref().map(ToString::to_string),
            ),
            ("commune", self.commune.clone()),
            ("channel", self.channel.map(|c| c.code().to_owned())),
            ("verified", self.verified.then(|| "1".to_owned())),
        ];
        for (name, value) in fields {
            if let Some(value) = value {
                query.append_pair(name, &value);
            }
        }
        query.append_pair("by", by_word(by.unwrap_or(self.by)));
        query.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 8, 15).expect("a day")
    }

    fn raw(pairs: &[(&str, &str)]) -> RawFilters {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        from_query(&query)
    }

    fn from_query(query: &str) -> RawFilters {
        axum::extract::Query::<RawFilters>::try_from_uri(
            &format!("/dashboard?{query}").parse().expect("a URI"),
        )
        .expect("a query")
        .0
    }

    #[test]
    fn the_default_is_this_year_by_agency() {
        let f = Filters::parse(&RawFilters::default(), today()).expect("valid");
        assert_eq!(
            (f.from.to_string(), f.to.to_string()),
            ("2026-01-01".into(), "2026-12-31".into())
        );
        assert_eq!(f.by, GroupBy::Agency);
        assert_eq!(f.query(None), "period=year&by=agency");
    }

    #[test]
    fn the_query_reads_back_as_the_same_filters() {
        let f = Filters::parse(
            &raw(&[
                ("from", "01/07/2026"),
                ("to", "2026-07-31"),
                ("agency", "000.00.32.H12"),
                ("channel", "online"),
                ("verified", "1"),
                ("by", "month"),
                ("procedure", ""),
            ]),
            today(),
        )
        .expect("valid");
        assert_eq!(f.period, Period::Days);
        let again = Filters::parse(&from_query(&f.query(None)), today()).expect("valid");
        assert_eq!(again, f);
    }

    #[test]
    fn an_agency_outside_the_scope_leaves_nothing() {
        let f = Filters::parse(&raw(&[("agency", "B")]), today()).expect("valid");
        let readable = ["A".to_owned()];
        assert_eq!(f.slice(Some(&readable)).agencies, Some(vec![]));
        assert_eq!(f.slice(None).agencies, Some(vec!["B".to_owned()]));
        let all = Filters::parse(&RawFilters::default(), today()).expect("valid");
        assert_eq!(
            all.slice(Some(&readable)).agencies,
            Some(vec!["A".to_owned()])
        );
    }

    #[test]
    fn unreadable_filters_are_named_with_what_is_wrong() {
        let parsed = |field, value| Filters::parse(&raw(&[(field, value)]), today());
        assert_eq!(
            parsed("from", "32/13/2026"),
            Err(FilterError::date("from", "32/13/2026"))
        );
        assert_eq!(
            parsed("period", "week"),
            Err(FilterError::choice(
                "period",
                "week",
                &["year", "quarter", "month", "days"]
            ))
        );
        assert_eq!(
            parsed("channel", "fax"),
            Err(FilterError::choice(
                "channel",
                "fax",
                &["direct", "online", "postal"]
            ))
        );
        assert_eq!(
            parsed("by", "x"),
            Err(FilterError::choice(
                "by",
                "x",
                &["agency", "procedure", "commune", "channel", "month"]
            ))
        );
        assert_eq!(
            parsed("agency", "a b"),
            Err(FilterError::code("agency", "a b"))
        );
        assert_eq!(
            Filters::parse(
                &raw(&[("from", "2026-08-02"), ("to", "2026-08-01")]),
                today()
            ),
            Err(FilterError {
                field: "to",
                problem: Problem::Reversed {
                    from: NaiveDate::from_ymd_opt(2026, 8, 2).expect("a day"),
                    to: NaiveDate::from_ymd_opt(2026, 8, 1).expect("a day"),
                }
            })
        );
    }

    #[test]
    fn a_long_value_is_echoed_in_part() {
        let long = "x".repeat(500);
        let Err(FilterError {
            problem: Problem::Choice(shown, _),
            ..
        }) = Filters::parse(&raw(&[("period", &long)]), today())
        else {
            panic!("not refused as a choice");
        };
        assert_eq!(shown, format!("{}…", "x".repeat(ECHOED)));
    }
}
