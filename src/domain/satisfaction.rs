//! The satisfaction index staff read: shares of each level, the share
//! satisfied with its Wilson 95 % interval, the Circular 01 indices and grade.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::moment::parse_local_date;

use crate::domain::Level;
use crate::i18n::Key;

/// Groups of fewer responses than this are flagged: their interval is wide.
pub const SMALL_SAMPLE: i64 = 30;
const Z95: f64 = 1.959_963_984_540_054;

/// The days `/stats` covers: this year (the default), this `month` or
/// `quarter`, or `FROM TO` (dates, both included).
pub fn resolve_period(argument: Option<&str>, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first_of = |year, month| NaiveDate::from_ymd_opt(year, month, 1);
    let month_end = |year: i32, month: u32| {
        let (y, m) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        first_of(y, m).and_then(|d| d.pred_opt())
    };
    let (year, month) = (today.year(), today.month());
    match argument.map(str::trim).filter(|a| !a.is_empty()) {
        None | Some("year") => Some((first_of(year, 1)?, month_end(year, 12)?)),
        Some("month") => Some((first_of(year, month)?, month_end(year, month)?)),
        Some("quarter") => {
            let first = (month - 1) / 3 * 3 + 1;
            Some((first_of(year, first)?, month_end(year, first + 2)?))
        }
        Some(range) => {
            let mut parts = range.split_whitespace();
            let from = parse_local_date(parts.next()?).ok()?;
            let to = parse_local_date(parts.next()?).ok()?;
            (parts.next().is_none() && from <= to).then_some((from, to))
        }
    }
}

/// What the database knows about one group, before any percentages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupFigures {
    pub group: String,
    pub responses: i64,
    pub verified: i64,
    pub returned: i64,
    /// Counts per level, in `Level::ALL` order.
    pub levels: [i64; 5],
    pub index_means: [Option<f64>; 9],
    pub mean_total: Option<f64>,
}

/// How to group the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Agency,
    Procedure,
    Commune,
    Month,
    Channel,
}

/// The grades of a Circular 01 total (0..18), with closed and open ends made
/// explicit: Excellent (15, 18], Good [12, 15], Fair [9, 12), Average [6, 9),
/// Poor [0, 6). A total of exactly 15 is Good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Excellent,
    Good,
    Fair,
    Average,
    Poor,
}

impl Grade {
    pub fn of(total: f64) -> Self {
        if total > 15.0 {
            Self::Excellent
        } else if total >= 12.0 {
            Self::Good
        } else if total >= 9.0 {
            Self::Fair
        } else if total >= 6.0 {
            Self::Average
        } else {
            Self::Poor
        }
    }
}

/// The Wilson score interval for `successes` out of `n`, as fractions.
pub fn wilson(successes: i64, n: i64) -> Option<(f64, f64)> {
    if n <= 0 {
        return None;
    }
    let (k, n) = (successes as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let centre = p + z2 / (2.0 * n);
    let margin = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let denominator = 1.0 + z2 / n;
    Some((
        ((centre - margin) / denominator).max(0.0),
        ((centre + margin) / denominator).min(1.0),
    ))
}

/// One value of an [`IndexRow`] as a file shows it; `None` is a figure that
/// cannot be computed, written as an empty cell, never as zero.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    /// In percent (0..100), as the row holds it.
    Percent(Option<f64>),
    Number(Option<f64>),
    /// A word the reader's language says.
    Word(Option<Key>),
}

/// One group's figures; the JSON keys are documented in README.md.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexRow {
    pub group: String,
    pub responses: i64,
    pub verified_responses: i64,
    pub returned: i64,
    /// Responses ÷ dossiers returned, in percent.
    pub response_rate: Option<f64>,
    pub very_satisfied: i64,
    pub very_satisfied_share: Option<f64>,
    pub satisfied: i64,
    pub satisfied_share: Option<f64>,
    pub neutral: i64,
    pub neutral_share: Option<f64>,
    pub not_satisfied: i64,
    pub not_satisfied_share: Option<f64>,
    pub very_not_satisfied: i64,
    pub very_not_satisfied_share: Option<f64>,
    /// Satisfied or very satisfied, in percent.
    pub satisfaction: Option<f64>,
    pub satisfaction_low: Option<f64>,
    pub satisfaction_high: Option<f64>,
    /// Mean Circular 01 total, 0..18.
    pub mean_total: Option<f64>,
    pub grade: Option<Grade>,
    pub index_1: Option<f64>,
    pub index_2: Option<f64>,
    pub index_3: Option<f64>,
    pub index_4: Option<f64>,
    pub index_5: Option<f64>,
    pub index_6: Option<f64>,
    pub index_7: Option<f64>,
    pub index_8: Option<f64>,
    pub index_9: Option<f64>,
    pub small_sample: bool,
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| round(part as f64 * 100.0 / whole as f64))
}

/// Two decimals: figures are read by people, and JSON should not show float noise.
fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl IndexRow {
    pub fn from_figures(f: &GroupFigures) -> Self {
        let n = f.responses;
        let count =
            |level: Level| f.levels[Level::ALL.iter().position(|l| *l == level).unwrap_or(0)];
        let satisfied = count(Level::VerySatisfied) + count(Level::Satisfied);
        let interval = wilson(satisfied, n);
        let [i1, i2, i3, i4, i5, i6, i7, i8, i9] = f.index_means.map(|m| m.map(round));
        Self {
            group: f.group.clone(),
            responses: n,
            verified_responses: f.verified,
            returned: f.returned,
            response_rate: percent(n, f.returned),
            very_satisfied: count(Level::VerySatisfied),
            very_satisfied_share: percent(count(Level::VerySatisfied), n),
            satisfied: count(Level::Satisfied),
            satisfied_share: percent(count(Level::Satisfied), n),
            neutral: count(Level::Neutral),
            neutral_share: percent(count(Level::Neutral), n),
            not_satisfied: count(Level::NotSatisfied),
            not_satisfied_share: percent(count(Level::NotSatisfied), n),
            very_not_satisfied: count(Level::VeryNotSatisfied),
            very_not_satisfied_share: percent(count(Level::VeryNotSatisfied), n),
            satisfaction: percent(satisfied, n),
            satisfaction_low: interval.map(|(low, _)| round(low * 100.0)),
            satisfaction_high: interval.map(|(_, high)| round(high * 100.0)),
            mean_total: f.mean_total.map(round),
            grade: f.mean_total.map(Grade::of),
            index_1: i1,
            index_2: i2,
            index_3: i3,
            index_4: i4,
            index_5: i5,
            index_6: i6,
            index_7: i7,
            index_8: i8,
            index_9: i9,
            small_sample: n < SMALL_SAMPLE,
        }
    }

    /// The row as (header, value) pairs, in the order of the JSON keys: the
    /// workbook writes whatever this lists, so a new figure is added here once.
    pub fn columns(&self) -> Vec<(Key, Cell)> {
        vec![
            (Key::XlsxGroup, Cell::Text(self.group.clone())),
            (Key::XlsxResponses, Cell::Count(self.responses)),
            (
                Key::XlsxVerifiedResponses,
                Cell::Count(self.verified_responses),
            ),
            (Key::XlsxReturned, Cell::Count(self.returned)),
            (Key::XlsxResponseRate, Cell::Percent(self.response_rate)),
            (Key::XlsxVerySatisfied, Cell::Count(self.very_satisfied)),
            (
                Key::XlsxVerySatisfiedShare,
                Cell::Percent(self.very_satisfied_share),
            ),
            (Key::XlsxSatisfied, Cell::Count(self.satisfied)),
            (Key::XlsxSatisfiedShare, Cell::Percent(self.satisfied_share)),
            (Key::XlsxNeutral, Cell::Count(self.neutral)),
            (Key::XlsxNeutralShare, Cell::Percent(self.neutral_share)),
            (Key::XlsxNotSatisfied, Cell::Count(self.not_satisfied)),
            (
                Key::XlsxNotSatisfiedShare,
                Cell::Percent(self.not_satisfied_share),
            ),
            (
                Key::XlsxVeryNotSatisfied,
                Cell::Count(self.very_not_satisfied),
            ),
            (
                Key::XlsxVeryNotSatisfiedShare,
                Cell::Percent(self.very_not_satisfied_share),
            ),
            (Key::XlsxSatisfaction, Cell::Percent(self.satisfaction)),
            (
                Key::XlsxSatisfactionLow,
                Cell::Percent(self.satisfaction_low),
            ),
            (
                Key::XlsxSatisfactionHigh,
                Cell::Percent(self.satisfaction_high),
            ),
            (Key::XlsxMeanTotal, Cell::Number(self.mean_total)),
            (Key::XlsxGrade, Cell::Word(self.grade.map(Key::grade))),
            (Key::XlsxIndex1, Cell::Number(self.index_1)),
            (Key::XlsxIndex2, Cell::Number(self.index_2)),
            (Key::XlsxIndex3, Cell::Number(self.index_3)),
            (Key::XlsxIndex4, Cell::Number(self.index_4)),
            (Key::XlsxIndex5, Cell::Number(self.index_5)),
            (Key::XlsxIndex6, Cell::Number(self.index_6)),
            (Key::XlsxIndex7, Cell::Number(self.index_7)),
            (Key::XlsxIndex8, Cell::Number(self.index_8)),
            (Key::XlsxIndex9, Cell::Number(self.index_9)),
            (
                Key::XlsxSmallSample,
                Cell::Word(Some(if self.small_sample {
                    Key::XlsxYes
                } else {
                    Key::XlsxNo
                })),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_a_hand_computed_interval() {
        // 8 of 10: p = 0.8, z = 1.96 -> [0.4902, 0.9433] (Wilson 1927).
        let (low, high) = wilson(8, 10).expect("an interval");
        assert!((low - 0.4902).abs() < 1e-4, "{low}");
        assert!((high - 0.9433).abs() < 1e-4, "{high}");
        assert_eq!(wilson(0, 0), None);
        let (low, high) = wilson(0, 5).expect("an interval");
        assert_eq!(low, 0.0);
        assert!(high > 0.4 && high < 0.45, "{high}");
    }

    #[test]
    fn periods_are_calendar_spans_or_two_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date");
        assert_eq!(
            resolve_period(None, today),
            Some((d("2026-01-01"), d("2026-12-31")))
        );
        assert_eq!(
            resolve_period(Some("month"), today),
            Some((d("2026-11-01"), d("2026-11-30")))
        );
        assert_eq!(
            resolve_period(Some("quarter"), today),
            Some((d("2026-10-01"), d("2026-12-31")))
        );
        assert_eq!(
            resolve_period(Some("2026-02-01 2026-02-28"), today),
            Some((d("2026-02-01"), d("2026-02-28")))
        );
        assert_eq!(resolve_period(Some("2026-03-01 2026-02-28"), today), None);
        assert_eq!(resolve_period(Some("soon"), today), None);
    }

    #[test]
    fn grades_have_explicit_ends() {
        assert_eq!(Grade::of(15.01), Grade::Excellent);
        assert_eq!(Grade::of(15.0), Grade::Good);
        assert_eq!(Grade::of(12.0), Grade::Good);
        assert_eq!(Grade::of(11.99), Grade::Fair);
        assert_eq!(Grade::of(9.0), Grade::Fair);
        assert_eq!(Grade::of(6.0), Grade::Average);
        assert_eq!(Grade::of(5.99), Grade::Poor);
    }
}
