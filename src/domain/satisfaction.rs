//! Every figure of the satisfaction index, in one place: what citizens said
//! (each level's share, the satisfied share with its Wilson 95 % interval,
//! the response rate), Decision 766's satisfaction group computed from the
//! dossiers, and Circular 01's nine indices when a province turns them on.
//! The store counts; this module turns counts into figures, and [`FORMULAS`]
//! says how, for `--help`, the README and the JSON `formula` key.

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::domain::case::{CaseRating, CaseState};
use crate::domain::moment::parse_local_date;
use crate::domain::{Level, Scale};
use crate::i18n::Key;

/// Groups of fewer responses than this are flagged: with 30 responses a
/// satisfied share near 80 % still has a 95 % interval about 30 points wide,
/// too wide to rank one group above another.
pub const SMALL_SAMPLE: i64 = 30;
/// Decision 766's target for dossier satisfaction, in percent.
pub const DOSSIER_SATISFACTION_TARGET: f64 = 90.0;
const Z95: f64 = 1.959_963_984_540_054;

/// How each figure is computed, by its JSON key: the one text `--help`, the
/// README and the JSON `formula` key show.
pub const FORMULAS: &[(&str, &str)] = &[
    (
        "<level>_share",
        "responses at that level ÷ counted responses × 100",
    ),
    (
        "satisfaction",
        "(Rất hài lòng + Hài lòng) ÷ counted responses × 100, with the Wilson 95 % interval [satisfaction_low, satisfaction_high]",
    ),
    (
        "response_rate",
        "responses ÷ dossiers returned in the period × 100",
    ),
    ("verified_share", "verified responses ÷ responses × 100"),
    (
        "small_sample",
        "counted responses < 30 (the 95 % interval is then wider than about 30 points)",
    ),
    (
        "d766_dossier_satisfaction",
        "Decision 766: max(0, 100 − (d766_overdue_share + d766_disliked_share)); target 90",
    ),
    (
        "d766_overdue_share",
        "dossiers returned late (working days, against the first promise) ÷ dossiers returned × 100",
    ),
    (
        "d766_disliked_share",
        "dossiers returned that drew a complaint or a Không hài lòng ÷ dossiers returned × 100",
    ),
    (
        "d766_on_time_share",
        "dossiers returned on time or early (working days) ÷ dossiers returned × 100",
    ),
    (
        "d766_late_apologized_share",
        "dossiers returned late with a Form 04 apology ÷ dossiers returned × 100",
    ),
    (
        "d766_feedback_on_time",
        "Decision 766: feedback cases answered by their due day ÷ d766_feedback_due × 100; d766_feedback_due = cases whose due day (working days, the current deadline after a reopening) falls in the period and that were answered or whose due day has passed, neither withdrawn nor held for review; a reopened case waiting for its new answer is not answered; null when none",
    ),
    (
        "d766_feedback_satisfaction",
        "Decision 766: (d766_feedback_first_time − those rated Không hài lòng, reopened, or overdue (answered after the due day, or open past it)) ÷ d766_feedback_first_time × 100; d766_feedback_first_time = cases opened in the period, neither withdrawn nor held for review (a reopening is a re-complaint, not a new case); null when none",
    ),
    (
        "index_1 … index_9",
        "Circular 01 (when [index] circular_01 = true): mean score 0..2 of the responses that measured the index; null when none did",
    ),
    (
        "index_2",
        "Circular 01 (when [index] circular_01 = true), from the feed's step times: 2 × returned dossiers whose every agency finished its step by the office's promise (working days; no per-agency allotment is sent) ÷ returned dossiers with step times; null when none has step times",
    ),
    (
        "mean_total, grade",
        "sum of the nine index means (0..18) and its grade, only when all nine are measured; else null",
    ),
    (
        "indices_measured, indices_mean",
        "how many of the nine indices are measured, and the mean of those (0..2)",
    ),
];

/// The formulas as lines of text, for `--help`.
pub fn formulas_text() -> String {
    FORMULAS
        .iter()
        .map(|(key, formula)| format!("  {key}: {formula}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Which responses the headline counts (`[index] counts`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// Every response, with the verified share shown beside it.
    #[default]
    All,
    /// Only responses reached through the receipt's signed link.
    Verified,
}

/// The `[index]` settings: what the index counts and shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IndexRules {
    /// Show Circular 01's nine indices. Off by default: Circular 03/2025 does
    /// not appear to carry its scoring tool over.
    pub circular_01: bool,
    pub counts: Counted,
}

impl IndexRules {
    /// These rules, counting only verified responses when `verified_only`
    /// (the dashboard's "verified only", `hailong export --verified`).
    pub fn verified_if(self, verified_only: bool) -> Self {
        if verified_only {
            Self {
                counts: Counted::Verified,
                ..self
            }
        } else {
            self
        }
    }
}

/// Why `/stats` could not read its period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    Unreadable,
    /// Two dates, the first after the second.
    Reversed,
    /// Written as a date, but no such day: 31/02/2026, or 01/13/2026 typed
    /// month first.
    NotADate(String),
}

/// The days `/stats` covers: this year (the default), this month or quarter
/// (`month`, `quarter`, `year`, or the Vietnamese `tháng`, `quý`, `năm`), or
/// `FROM TO`, two dates (dd/mm/yyyy or yyyy-mm-dd), both included.
pub fn resolve_period(
    argument: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), PeriodError> {
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
    let span = |first: Option<NaiveDate>, last: Option<NaiveDate>| {
        first.zip(last).ok_or(PeriodError::Unreadable)
    };
    let argument = argument.map(|a| a.trim().to_lowercase());
    match argument.as_deref().filter(|a| !a.is_empty()) {
        None | Some("year" | "năm") => span(first_of(year, 1), month_end(year, 12)),
        Some("month" | "tháng") => span(first_of(year, month), month_end(year, month)),
        Some("quarter" | "quý") => {
            let first = (month - 1) / 3 * 3 + 1;
            span(first_of(year, first), month_end(year, first + 2))
        }
        Some(range) => {
            let mut parts = range.split_whitespace();
            let mut date = || {
                let part = parts.next().ok_or(PeriodError::Unreadable)?;
                parse_local_date(part).map_err(|_| {
                    let written_as_a_date = part.contains(['/', '-'])
                        && part
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '/' || c == '-');
                    if written_as_a_date {
                        PeriodError::NotADate(part.to_owned())
                    } else {
                        PeriodError::Unreadable
                    }
                })
            };
            let (from, to) = (date()?, date()?);
            if parts.next().is_some() {
                return Err(PeriodError::Unreadable);
            }
            if from > to {
                return Err(PeriodError::Reversed);
            }
            Ok((from, to))
        }
    }
}

/// What the dossiers returned in a period say for Decision 766 and index 2.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DossierTally {
    pub returned: i64,
    /// Returned late, in working days against the office's first promise.
    pub late: i64,
    /// Of those, with a Form 04 apology.
    pub late_apologized: i64,
    /// Drew a complaint or a "Không hài lòng" (a counted low rating).
    pub disliked: i64,
    /// Returned with step times.
    pub stepped: i64,
    /// Of those, every agency finished its step by the office's promise.
    pub steps_on_time: i64,
}

impl DossierTally {
    /// Index 2 (see [`FORMULAS`]): 2 for a dossier whose every step was on
    /// time, 0 otherwise, averaged; None when no dossier carries steps.
    pub fn step_score(&self) -> Option<f64> {
        (self.stepped > 0).then(|| 2.0 * self.steps_on_time as f64 / self.stepped as f64)
    }
}

/// One feedback case as Decision 766's feedback figures read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub state: CaseState,
    /// Held for review as a flood, never routed: not counted.
    pub held: bool,
    pub opened_day: NaiveDate,
    pub due_day: NaiveDate,
    /// The day in Vietnam of its last answer, if any.
    pub answered_day: Option<NaiveDate>,
    pub reopened: bool,
    pub rating: Option<CaseRating>,
}

impl CaseFacts {
    /// Counted at all: neither withdrawn nor held.
    fn counted(&self) -> bool {
        !self.held && self.state != CaseState::Withdrawn
    }

    /// Its answer, unless it was reopened and waits for a new one.
    fn answer(&self) -> Option<NaiveDate> {
        self.answered_day.filter(|_| !self.state.is_open())
    }

    /// Whether its answer came by its due day; None while it has none.
    pub fn answered_on_time(&self) -> Option<bool> {
        self.answer().map(|answered| answered <= self.due_day)
    }

    /// Answered after its due day, or open past it on `today`.
    fn overdue(&self, today: NaiveDate) -> bool {
        match self.answered_on_time() {
            Some(on_time) => !on_time,
            None => self.state.is_overdue(self.due_day, today),
        }
    }

    /// Whose on-time share it counts in: answered, or past its due day.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.counted() && (self.answer().is_some() || today > self.due_day)
    }

    /// Whose satisfaction it counts in: every counted case, once, by the day it was opened.
    pub fn is_first_time(&self) -> bool {
        self.counted()
    }
}

/// What the feedback cases of a group say for Decision 766.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedbackTally {
    /// Cases due in the period, answered or past their due day.
    pub due: i64,
    /// Of those, answered by their due day.
    pub on_time: i64,
    /// Cases opened in the period.
    pub first_time: i64,
    /// Of those, rated not satisfied, reopened or overdue.
    pub unsatisfied: i64,
}

impl FeedbackTally {
    /// Counts `case` as due in the period (its due day falls in it).
    pub fn add_due(&mut self, case: &CaseFacts, today: NaiveDate) {
        if case.is_due(today) {
            self.due += 1;
            self.on_time += i64::from(!case.overdue(today));
        }
    }

    /// Counts `case` as opened in the period.
    pub fn add_opened(&mut self, case: &CaseFacts, today: NaiveDate) {
        if case.is_first_time() {
            self.first_time += 1;
            let disliked = case.rating == Some(CaseRating::NotSatisfied);
            self.unsatisfied += i64::from(disliked || case.reopened || case.overdue(today));
        }
    }

    /// Decision 766's two feedback figures in percent: (on time, satisfaction).
    pub fn shares(&self) -> (Option<f64>, Option<f64>) {
        (
            percent(self.on_time, self.due),
            percent(self.first_time - self.unsatisfied, self.first_time),
        )
    }
}

/// What the database knows about one group, before any percentages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupFigures {
    pub group: String,
    pub responses: i64,
    pub verified: i64,
    /// Counts per level, in `Level::ALL` order, of all responses.
    pub levels: [i64; 5],
    /// The same among verified responses.
    pub verified_levels: [i64; 5],
    /// The mean score 0..2 of each index the responses measure
    /// ([`Measure::Responses`]), by its place in [`INDICES`]; None when no
    /// counted response carries a score for it.
    pub index_means: [Option<f64>; INDICES.len()],
    pub dossiers: DossierTally,
    pub feedback: FeedbackTally,
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

/// Where an index's score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// The mean of the scores the responses carry, each given by `Source`:
    /// one row of `response_scores` per response and index number, summed
    /// per day in `index_rollup`.
    Responses(Source),
    /// The step times of the dossiers returned ([`DossierTally::step_score`]).
    Steps,
    /// Nothing the bot sees measures it yet: always null, never assumed.
    Unmeasured,
}

/// What gives a response its score for an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A fact of the dossier's history, computed when the rating is made.
    Fact(Fact),
    /// The citizen's answer to an optional question of the survey.
    Answer(AnswerTo),
}

/// A fact of the dossier that scores an index (flows::survey says how).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// Returned early, on time or late, in working days against the promise.
    Timeliness,
    /// How many times the applicant was asked to supplement the dossier.
    SupplementRequests,
    /// Whether the result passed through the one-stop shop.
    OneStopShop,
}

/// An optional question whose answer scores an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerTo {
    /// The officials' attitude, a level scored by [`Level::score`].
    Attitude,
    /// How many agencies the citizen had to contact, answered as 0..2.
    Agencies,
}

/// One Circular 01 index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Index {
    pub name: &'static str,
    pub measure: Measure,
    /// The workbook's header.
    pub header: Key,
}

const fn index(name: &'static str, measure: Measure, header: Key) -> Index {
    Index {
        name,
        measure,
        header,
    }
}

/// Circular 01/2018's indices, each scored 0..2, in the Circular's order:
/// the n-th is `index_n` in JSON and CSV, a column of the workbook, and
/// `index_no` n in `response_scores` and `index_rollup`. Adding one means
/// adding it here, with its words and where its score comes from: the
/// rating and the answers then store its scores, the rollup sums them and
/// the files show them, with no column or query to add.
pub const INDICES: [Index; 9] = [
    index(
        "total time against the rule",
        Measure::Responses(Source::Fact(Fact::Timeliness)),
        Key::XlsxIndex1,
    ),
    index("time at each agency", Measure::Steps, Key::XlsxIndex2),
    index(
        "times the applicant had to come back",
        Measure::Responses(Source::Fact(Fact::SupplementRequests)),
        Key::XlsxIndex3,
    ),
    index(
        "agencies contacted",
        Measure::Responses(Source::Answer(AnswerTo::Agencies)),
        Key::XlsxIndex4,
    ),
    index(
        "handled through the one-stop shop",
        Measure::Responses(Source::Fact(Fact::OneStopShop)),
        Key::XlsxIndex5,
    ),
    index("procedure published", Measure::Unmeasured, Key::XlsxIndex6),
    index(
        "officials' attitude",
        Measure::Responses(Source::Answer(AnswerTo::Attitude)),
        Key::XlsxIndex7,
    ),
    index(
        "feedback handled on time",
        Measure::Unmeasured,
        Key::XlsxIndex8,
    ),
    index("online service", Measure::Unmeasured, Key::XlsxIndex9),
];

/// A response's score for one index, as `response_scores` holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexScore {
    /// The index's place in [`INDICES`], from 1.
    pub index_no: i64,
    /// 0..2.
    pub score: i64,
}

/// The scores a response gets, walking [`INDICES`]: every index its
/// responses measure whose source `score_of` knows a score for.
pub fn response_scores(mut score_of: impl FnMut(Source) -> Option<i64>) -> Vec<IndexScore> {
    INDICES
        .iter()
        .zip(1..)
        .filter_map(|(index, index_no)| match index.measure {
            Measure::Responses(source) => {
                score_of(source).map(|score| IndexScore { index_no, score })
            }
            Measure::Steps | Measure::Unmeasured => None,
        })
        .collect()
}

/// The Circular 01 indices of a group, as far as they are measured; written
/// as `index_1` … `index_9`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexSet(pub [Option<f64>; INDICES.len()]);

impl Serialize for IndexSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (n, score) in self.0.iter().enumerate() {
            map.serialize_entry(&format!("index_{}", n + 1), score)?;
        }
        map.end()
    }
}

impl IndexSet {
    /// The indices of `f`, each from where it is measured.
    pub fn of(f: &GroupFigures) -> Self {
        let mut scores = f.index_means;
        for (score, index) in scores.iter_mut().zip(&INDICES) {
            if index.measure == Measure::Steps {
                *score = f.dossiers.step_score();
            }
        }
        Self(scores)
    }

    /// Index `n` (1-based), if measured.
    pub fn get(&self, n: usize) -> Option<f64> {
        self.0.get(n.checked_sub(1)?).copied().flatten()
    }

    pub fn measured(&self) -> usize {
        self.0.iter().flatten().count()
    }

    /// The mean of the measured indices, 0..2.
    pub fn mean(&self) -> Option<f64> {
        let measured = self.measured();
        (measured > 0).then(|| self.0.iter().flatten().sum::<f64>() / measured as f64)
    }

    /// The Circular 01 total, 0..18: only when every index is measured. A
    /// sum of fewer indices scaled up is not a Circular 01 total.
    pub fn total(&self) -> Option<f64> {
        (self.measured() == INDICES.len()).then(|| self.0.iter().flatten().sum())
    }

    pub fn grade(&self) -> Option<Grade> {
        self.total().map(Grade::of)
    }
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

/// One value of a row of a file (the index's [`IndexRow`], a case export);
/// `None` is a figure that cannot be computed, written as an empty cell,
/// never as zero.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    /// In percent (0..100), as the row holds it.
    Percent(Option<f64>),
    Number(Option<f64>),
    /// A word the reader's language says.
    Word(Option<Key>),
    /// A day, written as dd/mm/yyyy.
    Date(Option<NaiveDate>),
}

/// One group's figures; the JSON keys are documented in README.md.
/// Decision 766's satisfaction group for one group of dossiers, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision766 {
    pub dossier_satisfaction: Option<f64>,
    pub overdue_share: Option<f64>,
    pub disliked_share: Option<f64>,
    pub on_time_share: Option<f64>,
    pub late_apologized_share: Option<f64>,
}

impl Decision766 {
    pub fn of(t: &DossierTally) -> Self {
        let overdue = share(t.late, t.returned);
        let disliked = share(t.disliked, t.returned);
        Self {
            dossier_satisfaction: overdue
                .zip(disliked)
                .map(|(o, d)| round((100.0 - o - d).max(0.0))),
            overdue_share: overdue.map(round),
            disliked_share: disliked.map(round),
            on_time_share: share(t.returned - t.late, t.returned).map(round),
            late_apologized_share: share(t.late_apologized, t.returned).map(round),
        }
    }
}

/// One group's figures; the JSON keys are documented in README.md and
/// their formulas in [`FORMULAS`].
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
    /// Satisfied or very satisfied, in percent of the counted responses.
    pub satisfaction: Option<f64>,
    pub satisfaction_low: Option<f64>,
    pub satisfaction_high: Option<f64>,
    /// The Circular 01 total, 0..18, only when all nine indices are measured.
    pub mean_total: Option<f64>,
    pub grade: Option<Grade>,
    /// `index_1` … `index_9`, each 0..2 (None: unmeasured, or turned off).
    #[serde(flatten)]
    pub indices: IndexSet,
    pub small_sample: bool,
    /// The group's name (agency, procedure, commune), if it has one.
    pub name: Option<String>,
    pub verified_share: Option<f64>,
    /// Which responses the level counts and shares count.
    pub counted: Counted,
    pub counted_responses: i64,
    /// Circular 01: how many of the nine are measured (None: turned off).
    pub indices_measured: Option<usize>,
    pub indices_mean: Option<f64>,
    pub d766_dossier_satisfaction: Option<f64>,
    pub d766_overdue_share: Option<f64>,
    pub d766_disliked_share: Option<f64>,
    pub d766_on_time_share: Option<f64>,
    pub d766_late_apologized_share: Option<f64>,
    /// None when no case was due: no data, never 100.
    pub d766_feedback_on_time: Option<f64>,
    /// None when no case was opened in the period.
    pub d766_feedback_satisfaction: Option<f64>,
    pub d766_feedback_due: i64,
    pub d766_feedback_first_time: i64,
}

/// `part` in percent of `whole`, unrounded.
fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    share(part, whole).map(round)
}

/// Two decimals: figures are read by people, and JSON should not show float noise.
fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl IndexRow {
    /// Each level with its count and share, most satisfied first.
    pub fn levels(&self) -> [(Level, i64, Option<f64>); 5] {
        [
            (
                Level::VerySatisfied,
                self.very_satisfied,
                self.very_satisfied_share,
            ),
            (Level::Satisfied, self.satisfied, self.satisfied_share),
            (Level::Neutral, self.neutral, self.neutral_share),
            (
                Level::NotSatisfied,
                self.not_satisfied,
                self.not_satisfied_share,
            ),
            (
                Level::VeryNotSatisfied,
                self.very_not_satisfied,
                self.very_not_satisfied_share,
            ),
        ]
    }

    /// The levels a reader is shown, with their counts and shares, most
    /// satisfied first: those the survey asks on `scale`, and any other that
    /// got answers under an earlier setting (hiding it would hide counted
    /// responses, and the shares would not add up). `/stats`, its chart and
    /// the dashboard all show these.
    pub fn levels_shown(&self, scale: Scale) -> Vec<(Level, i64, Option<f64>)> {
        self.levels()
            .into_iter()
            .filter(|(level, count, _)| scale.levels().contains(level) || *count > 0)
            .collect()
    }

    pub fn from_figures(f: &GroupFigures, rules: &IndexRules) -> Self {
        let (n, levels) = match rules.counts {
            Counted::All => (f.responses, f.levels),
            Counted::Verified => (f.verified, f.verified_levels),
        };
        let count = |level: Level| levels[Level::ALL.iter().position(|l| *l == level).unwrap_or(0)];
        let satisfied = count(Level::VerySatisfied) + count(Level::Satisfied);
        let interval = wilson(satisfied, n);
        let indices = if rules.circular_01 {
            IndexSet::of(f)
        } else {
            IndexSet([None; INDICES.len()])
        };
        let d766 = Decision766::of(&f.dossiers);
        let (feedback_on_time, feedback_satisfaction) = f.feedback.shares();
        Self {
            group: f.group.clone(),
            responses: f.responses,
            verified_responses: f.verified,
            returned: f.dossiers.returned,
            response_rate: percent(f.responses, f.dossiers.returned),
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
            mean_total: indices.total().map(round),
            grade: indices.grade(),
            indices: IndexSet(indices.0.map(|m| m.map(round))),
            small_sample: n < SMALL_SAMPLE,
            name: None,
            verified_share: percent(f.verified, f.responses),
            counted: rules.counts,
            counted_responses: n,
            indices_measured: rules.circular_01.then(|| indices.measured()),
            indices_mean: indices.mean().map(round),
            d766_dossier_satisfaction: d766.dossier_satisfaction,
            d766_overdue_share: d766.overdue_share,
            d766_disliked_share: d766.disliked_share,
            d766_on_time_share: d766.on_time_share,
            d766_late_apologized_share: d766.late_apologized_share,
            d766_feedback_on_time: feedback_on_time,
            d766_feedback_satisfaction: feedback_satisfaction,
            d766_feedback_due: f.feedback.due,
            d766_feedback_first_time: f.feedback.first_time,
        }
    }

    /// The row as (header, value) pairs, in the order of the JSON keys: the
    /// workbook writes whatever this lists, so a new figure is added here once.
    pub fn columns(&self) -> Vec<(Key, Cell)> {
        let indices = INDICES
            .iter()
            .zip(self.indices.0)
            .map(|(index, score)| (index.header, Cell::Number(score)));
        let mut columns = vec![
            (Key::XlsxGroup, Cell::Text(self.group.clone())),
            (
                Key::XlsxName,
                Cell::Text(self.name.clone().unwrap_or_default()),
            ),
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
        ];
        columns.extend(indices);
        columns.extend([
            (Key::XlsxVerifiedShare, Cell::Percent(self.verified_share)),
            (
                Key::XlsxD766DossierSatisfaction,
                Cell::Percent(self.d766_dossier_satisfaction),
            ),
            (
                Key::XlsxD766OverdueShare,
                Cell::Percent(self.d766_overdue_share),
            ),
            (
                Key::XlsxD766DislikedShare,
                Cell::Percent(self.d766_disliked_share),
            ),
            (
                Key::XlsxD766OnTimeShare,
                Cell::Percent(self.d766_on_time_share),
            ),
            (
                Key::XlsxD766LateApologizedShare,
                Cell::Percent(self.d766_late_apologized_share),
            ),
            (
                Key::XlsxD766FeedbackOnTime,
                Cell::Percent(self.d766_feedback_on_time),
            ),
            (
                Key::XlsxD766FeedbackSatisfaction,
                Cell::Percent(self.d766_feedback_satisfaction),
            ),
            (
                Key::XlsxD766FeedbackDue,
                Cell::Count(self.d766_feedback_due),
            ),
            (
                Key::XlsxD766FeedbackFirstTime,
                Cell::Count(self.d766_feedback_first_time),
            ),
            (
                Key::XlsxIndicesMeasured,
                Cell::Number(self.indices_measured.map(|n| n as f64)),
            ),
            (
                Key::XlsxSmallSample,
                Cell::Word(Some(if self.small_sample {
                    Key::XlsxYes
                } else {
                    Key::XlsxNo
                })),
            ),
        ]);
        columns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: Option<f64>, expected: f64) -> bool {
        actual.is_some_and(|a| (a - expected).abs() < 1e-9)
    }

    #[test]
    fn wilson_matches_hand_computed_intervals() {
        // 8 of 10: p = 0.8, z = 1.96 -> [0.4902, 0.9433] (Wilson 1927).
        let (low, high) = wilson(8, 10).expect("an interval");
        assert!((low - 0.4902).abs() < 1e-4, "{low}");
        assert!((high - 0.9433).abs() < 1e-4, "{high}");
        assert_eq!(wilson(0, 0), None);
        // 0 of 10: low 0, high 2·(z²/2n)/(1 + z²/n) = 0.2775.
        let (low, high) = wilson(0, 10).expect("an interval");
        assert_eq!(low, 0.0);
        assert!((high - 0.2775).abs() < 1e-4, "{high}");
        // 10 of 10: the mirror, [0.7225, 1].
        let (low, high) = wilson(10, 10).expect("an interval");
        assert!((low - 0.7225).abs() < 1e-4, "{low}");
        assert!((high - 1.0).abs() < 1e-9, "{high}");
    }

    fn figures() -> GroupFigures {
        GroupFigures {
            group: "all".into(),
            responses: 10,
            verified: 2,
            levels: [5, 3, 0, 2, 0],
            verified_levels: [1, 0, 0, 1, 0],
            index_means: [Some(2.0); 9],
            dossiers: DossierTally {
                returned: 20,
                late: 3,
                late_apologized: 1,
                disliked: 2,
                stepped: 4,
                steps_on_time: 3,
            },
            feedback: FeedbackTally::default(),
        }
    }

    #[test]
    fn level_shares_are_counts_over_counted_responses() {
        let row = IndexRow::from_figures(&figures(), &IndexRules::default());
        // 5, 3, 0, 2, 0 of 10.
        assert!(close(row.very_satisfied_share, 50.0));
        assert!(close(row.satisfied_share, 30.0));
        assert!(close(row.neutral_share, 0.0));
        assert!(close(row.not_satisfied_share, 20.0));
        assert!(close(row.very_not_satisfied_share, 0.0));
        assert!(close(row.satisfaction, 80.0));
        assert!(close(row.satisfaction_low, 49.02) && close(row.satisfaction_high, 94.33));
        // 10 responses on 20 returned; 2 of 10 verified.
        assert!(close(row.response_rate, 50.0) && close(row.verified_share, 20.0));
        assert!(row.small_sample);
        // Counting verified only: 1 very satisfied and 1 not of 2.
        let rules = IndexRules {
            counts: Counted::Verified,
            ..IndexRules::default()
        };
        let row = IndexRow::from_figures(&figures(), &rules);
        assert_eq!((row.counted_responses, row.responses), (2, 10));
        assert!(close(row.very_satisfied_share, 50.0) && close(row.satisfaction, 50.0));
        assert!(close(row.not_satisfied_share, 50.0));
    }

    #[test]
    fn the_levels_shown_are_the_scales_and_any_answered_under_another() {
        let shown = |levels: [i64; 5], scale: Scale| -> Vec<Level> {
            let f = GroupFigures {
                levels,
                ..figures()
            };
            IndexRow::from_figures(&f, &IndexRules::default())
                .levels_shown(scale)
                .into_iter()
                .map(|(level, _, _)| level)
                .collect()
        };
        assert_eq!(shown([5, 3, 0, 2, 0], Scale::Three), Scale::Three.levels());
        assert_eq!(shown([0; 5], Scale::Five), Scale::Five.levels());
        // A neutral answer from when the survey had five levels stays counted.
        assert_eq!(
            shown([5, 3, 1, 1, 0], Scale::Three),
            [
                Level::VerySatisfied,
                Level::Satisfied,
                Level::Neutral,
                Level::NotSatisfied
            ]
        );
    }

    #[test]
    fn decision_766_subtracts_late_and_disliked_shares() {
        // 20 returned, 3 late (1 with an apology), 2 disliked:
        // 100 − (15 + 10) = 75; on time 17 of 20 = 85; apologized 1 of 20 = 5.
        let d = Decision766::of(&figures().dossiers);
        assert!(close(d.overdue_share, 15.0) && close(d.disliked_share, 10.0));
        assert!(close(d.dossier_satisfaction, 75.0));
        assert!(d.dossier_satisfaction < Some(DOSSIER_SATISFACTION_TARGET));
        assert!(close(d.on_time_share, 85.0) && close(d.late_apologized_share, 5.0));
        // More late and disliked than dossiers: never below 0.
        let worst = DossierTally {
            returned: 4,
            late: 3,
            disliked: 3,
            ..DossierTally::default()
        };
        assert!(close(Decision766::of(&worst).dossier_satisfaction, 0.0));
        // Nothing returned: no figure, not 100.
        let none = Decision766::of(&DossierTally::default());
        assert_eq!(
            (none.dossier_satisfaction, none.on_time_share),
            (None, None)
        );
        let row = IndexRow::from_figures(&figures(), &IndexRules::default());
        assert_eq!(
            (row.d766_feedback_on_time, row.d766_feedback_satisfaction),
            (None, None),
            "no cases: no data, not 100"
        );
    }

    #[test]
    fn feedback_figures_count_cases_due_and_cases_opened() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("a date");
        let today = d(12, 20);
        let case = |state, due, answered, reopened, rating| CaseFacts {
            state,
            held: false,
            opened_day: d(11, 2),
            due_day: due,
            answered_day: answered,
            reopened,
            rating,
        };
        let due = d(11, 16);
        let cases = [
            // Answered on its due day and rated satisfied: on time, satisfied.
            case(
                CaseState::Closed,
                due,
                Some(due),
                false,
                Some(CaseRating::Satisfied),
            ),
            // Answered a day late: due, not on time; overdue, so not satisfied.
            case(CaseState::Answered, due, Some(d(11, 17)), false, None),
            // Answered on time, rated not satisfied, reopened, answered again: not satisfied.
            case(CaseState::Answered, due, Some(d(11, 13)), true, None),
            // Open past its due day: due, late, not satisfied.
            case(CaseState::Acknowledged, due, None, false, None),
            // Withdrawn, and held: not counted at all.
            case(CaseState::Withdrawn, due, None, false, None),
            CaseFacts {
                held: true,
                ..case(CaseState::Received, due, None, false, None)
            },
            // Open with time left: opened, not yet due; satisfied so far.
            case(CaseState::Received, d(12, 24), None, false, None),
        ];
        let mut tally = FeedbackTally::default();
        for c in &cases {
            tally.add_due(c, today);
            tally.add_opened(c, today);
        }
        // Due: 4 (the first four); on time: 2 (the first and the third).
        // First-time: 5; not satisfied: the late, the reopened, the open late one = 3.
        assert_eq!(
            tally,
            FeedbackTally {
                due: 4,
                on_time: 2,
                first_time: 5,
                unsatisfied: 3
            }
        );
        let (on_time, satisfaction) = tally.shares();
        assert!(close(on_time, 50.0) && close(satisfaction, 40.0));
        // A reopened case waiting for its new answer is not answered.
        let waiting = case(CaseState::Reopened, d(12, 30), Some(d(11, 10)), true, None);
        assert!(!waiting.is_due(today));
        let row = IndexRow::from_figures(
            &GroupFigures {
                feedback: tally,
                ..GroupFigures::default()
            },
            &IndexRules::default(),
        );
        assert!(close(row.d766_feedback_on_time, 50.0));
        assert!(close(row.d766_feedback_satisfaction, 40.0));
    }

    #[test]
    fn a_total_and_grade_only_when_all_nine_are_measured() {
        let some = IndexSet([
            Some(2.0),
            None,
            Some(1.0),
            Some(2.0),
            Some(2.0),
            None,
            Some(0.5),
            None,
            None,
        ]);
        // 5 of 9 measured, mean (2 + 1 + 2 + 2 + 0.5) / 5 = 1.5, no total.
        assert_eq!(some.measured(), 5);
        assert!(close(some.mean(), 1.5));
        assert_eq!((some.total(), some.grade()), (None, None));
        let all = IndexSet([Some(1.5); 9]);
        assert!(close(all.total(), 13.5));
        assert_eq!(all.grade(), Some(Grade::Good));
        assert_eq!(IndexSet([None; 9]).mean(), None);
    }

    #[test]
    fn circular_01_is_off_unless_turned_on() {
        let off = IndexRow::from_figures(&figures(), &IndexRules::default());
        assert_eq!(
            (off.indices.get(1), off.indices_measured, off.grade),
            (None, None, None)
        );
        let rules = IndexRules {
            circular_01: true,
            ..IndexRules::default()
        };
        let on = IndexRow::from_figures(&figures(), &rules);
        // Index 2 from the steps: 3 of 4 stepped dossiers on time = 2 × 0.75.
        // Total 8 × 2 + 1.5 = 17.5.
        assert_eq!(on.indices.get(2), Some(1.5));
        assert_eq!(
            (on.indices_measured, on.mean_total, on.grade),
            (Some(9), Some(17.5), Some(Grade::Excellent))
        );
        // Without step times, index 2 is not measured whatever the responses say.
        let mut unstepped = figures();
        unstepped.dossiers.stepped = 0;
        unstepped.dossiers.steps_on_time = 0;
        let row = IndexRow::from_figures(&unstepped, &rules);
        assert_eq!(
            (row.indices.get(2), row.indices_measured, row.grade),
            (None, Some(8), None)
        );
        let json = serde_json::to_value(&row).expect("JSON");
        assert_eq!(json["index_1"], 2.0);
        assert_eq!(json["index_2"], serde_json::Value::Null);
    }

    #[test]
    fn periods_are_calendar_spans_or_two_dates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date");
        let year = Ok((d("2026-01-01"), d("2026-12-31")));
        assert_eq!(resolve_period(None, today), year);
        assert_eq!(resolve_period(Some("năm"), today), year);
        let month = Ok((d("2026-11-01"), d("2026-11-30")));
        assert_eq!(resolve_period(Some("month"), today), month);
        assert_eq!(resolve_period(Some("Tháng"), today), month);
        let quarter = Ok((d("2026-10-01"), d("2026-12-31")));
        assert_eq!(resolve_period(Some("quarter"), today), quarter);
        assert_eq!(resolve_period(Some("quý"), today), quarter);
        let february = Ok((d("2026-02-01"), d("2026-02-28")));
        assert_eq!(
            resolve_period(Some("2026-02-01 2026-02-28"), today),
            february
        );
        assert_eq!(
            resolve_period(Some("01/02/2026 28/02/2026"), today),
            february
        );
        assert_eq!(
            resolve_period(Some("01/03/2026 28/02/2026"), today),
            Err(PeriodError::Reversed)
        );
        for not_a_day in ["32/01/2026", "29/02/2026", "02/13/2026", "2026-02-30"] {
            assert_eq!(
                resolve_period(Some(&format!("01/01/2026 {not_a_day}")), today),
                Err(PeriodError::NotADate(not_a_day.to_owned())),
                "{not_a_day}"
            );
        }
        for unreadable in ["soon", "01/02/2026", "01/02/2026 28/02/2026 x", "ngày 1/2"] {
            assert_eq!(
                resolve_period(Some(unreadable), today),
                Err(PeriodError::Unreadable),
                "{unreadable}"
            );
        }
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
