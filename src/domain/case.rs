//! Citizen feedback (phản ánh, kiến nghị): a case's number, kind and state,
//! and the one rule of which action moves a case from which state to which.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::calendar::Calendar;
use super::text_enum::text_enum;
use super::{DomainError, Language, Role, Scope};

/// `PA-YYMMDD-NNNN`: the local day the case was opened and that day's sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseNumber {
    day: NaiveDate,
    seq: u16,
}

impl CaseNumber {
    pub const MAX_SEQ: u16 = 9999;

    /// The `seq`-th case of `day`; None past the ten-thousandth of a day.
    pub fn new(day: NaiveDate, seq: u16) -> Option<Self> {
        (1..=Self::MAX_SEQ)
            .contains(&seq)
            .then_some(Self { day, seq })
    }

    /// Reads `PA-261126-0007`, in any case, with surrounding spaces.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let raw = raw.trim().to_ascii_uppercase();
        let rest = raw.strip_prefix("PA-").ok_or(DomainError::CaseNumber)?;
        let (date, seq) = rest.split_once('-').ok_or(DomainError::CaseNumber)?;
        if date.len() != 6 || seq.len() != 4 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DomainError::CaseNumber);
        }
        let day = NaiveDate::parse_from_str(&format!("20{date}"), "%Y%m%d")
            .map_err(|_| DomainError::CaseNumber)?;
        let seq = seq.parse().map_err(|_| DomainError::CaseNumber)?;
        Self::new(day, seq).ok_or(DomainError::CaseNumber)
    }

    pub fn day(&self) -> NaiveDate {
        self.day
    }

    pub fn seq(&self) -> u16 {
        self.seq
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PA-{:02}{:02}{:02}-{:04}",
            self.day.year() % 100,
            self.day.month(),
            self.day.day(),
            self.seq
        )
    }
}

text_enum! {
    /// What a row of a case's history records: an action, or something the
    /// deadline job did that moves no state.
    CaseEvent, CaseEvent {
        Open = "open",
        Take = "take",
        Forward = "forward",
        Answer = "answer",
        RatedSatisfied = "rate_satisfied",
        RatedNotSatisfied = "rate_not_satisfied",
        Withdraw = "withdraw",
        CloseUnrated = "close_unrated",
        RemindHalfTime = "remind_half_time",
        RemindLastDay = "remind_last_day",
        Escalate = "escalate",
    }
}

text_enum! {
    /// What a case is about.
    CaseKind, CaseKind {
        /// The dossier is late.
        Delay = "delay",
        /// Attitude, or harassment (nhũng nhiễu).
        Attitude = "attitude",
        /// Papers asked beyond what the rule lists.
        Papers = "papers",
        /// A proposal (kiến nghị).
        Proposal = "proposal",
        Other = "other",
    }
}

text_enum! {
    /// What the citizen said the case concerns.
    Subject, CaseSubject {
        /// A dossier they follow: its agency and procedure come with it.
        Dossier = "dossier",
        Agency = "agency",
        Procedure = "procedure",
        /// The province in general: the intake chat holds it.
        Province = "province",
    }
}

text_enum! {
    /// Where a case stands.
    CaseState, CaseState {
        Received = "received",
        /// Taken by a staff member (Nhận xử lý).
        Acknowledged = "acknowledged",
        /// Sent to another agency, which has yet to take it.
        Forwarded = "forwarded",
        Answered = "answered",
        /// The citizen was not satisfied with the answer: open again, once.
        Reopened = "reopened",
        Closed = "closed",
        Withdrawn = "withdrawn",
    }
}

text_enum! {
    /// Who did something to a case.
    Actor, CaseActor {
        Citizen = "citizen",
        Staff = "staff",
        Admin = "admin",
        /// The deadline job.
        System = "system",
    }
}

text_enum! {
    /// The citizen's rating of an answer.
    CaseRating, CaseRating {
        Satisfied = "satisfied",
        NotSatisfied = "not_satisfied",
    }
}

impl CaseState {
    /// Still waiting for an answer: its deadline runs.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Received | Self::Acknowledged | Self::Forwarded | Self::Reopened
        )
    }

    /// Open and past the day by which it was to be answered.
    pub fn is_overdue(self, due_day: NaiveDate, today: NaiveDate) -> bool {
        self.is_open() && today > due_day
    }
}

/// Something done to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    /// Staff take it (Nhận xử lý).
    Take,
    /// Staff send it to another agency.
    Forward,
    /// Staff answer it.
    Answer,
    /// The citizen rates the answer.
    Rate(CaseRating),
    /// The citizen withdraws it.
    Withdraw,
    /// Nobody rated the answer within `[feedback] close_unrated_after_days`:
    /// the deadline job closes it.
    Lapse,
}

impl CaseAction {
    /// The history's word for it.
    pub fn as_str(self) -> &'static str {
        self.event().as_str()
    }

    /// The history's row for it.
    pub fn event(self) -> CaseEvent {
        match self {
            Self::Take => CaseEvent::Take,
            Self::Forward => CaseEvent::Forward,
            Self::Answer => CaseEvent::Answer,
            Self::Rate(CaseRating::Satisfied) => CaseEvent::RatedSatisfied,
            Self::Rate(CaseRating::NotSatisfied) => CaseEvent::RatedNotSatisfied,
            Self::Withdraw => CaseEvent::Withdraw,
            Self::Lapse => CaseEvent::CloseUnrated,
        }
    }
}

/// Why an action does not apply to a case as it stands (a stale button, a
/// second tap): nothing changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a case that is {state} cannot be {action}", action = action.as_str())]
pub struct NotNow {
    pub state: CaseState,
    pub action: CaseAction,
}

/// The state `action` moves a case to. `reopened` says whether the case was
/// reopened before: an answer is rated down to a reopening only once, the
/// second "not satisfied" closes it.
pub fn after(state: CaseState, action: CaseAction, reopened: bool) -> Result<CaseState, NotNow> {
    use CaseState as S;
    let next = match (state, action) {
        (S::Received | S::Forwarded | S::Reopened, CaseAction::Take) => S::Acknowledged,
        (S::Received | S::Acknowledged | S::Reopened, CaseAction::Forward) => S::Forwarded,
        (S::Received | S::Acknowledged | S::Forwarded | S::Reopened, CaseAction::Answer) => {
            S::Answered
        }
        (S::Answered, CaseAction::Rate(CaseRating::Satisfied)) => S::Closed,
        (S::Answered, CaseAction::Rate(CaseRating::NotSatisfied)) if !reopened => S::Reopened,
        (S::Answered, CaseAction::Rate(CaseRating::NotSatisfied)) => S::Closed,
        (S::Answered, CaseAction::Lapse) => S::Closed,
        (open, CaseAction::Withdraw) if open.is_open() => S::Withdrawn,
        _ => return Err(NotNow { state, action }),
    };
    Ok(next)
}

/// The day by which a case opened (or reopened) on `from` must be answered:
/// `within` working days later.
pub fn due_day(calendar: &Calendar, from: NaiveDate, within: u32) -> NaiveDate {
    calendar.add_working_days(from, within)
}

/// How far an open case has run towards its deadline: the deadline job tells
/// people once per stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStage {
    /// Half the working days to answer are gone: the holder is reminded.
    HalfTime,
    /// Today is the due day: the holder is reminded again.
    LastDay,
    /// Open past its due day: admins are told.
    Overdue,
}

impl DeadlineStage {
    /// The stored spelling (`case_alerts.stage`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HalfTime => "half_time",
            Self::LastDay => "last_day",
            Self::Overdue => "overdue",
        }
    }
}

/// The latest stage a case in `state`, due on `due_day` after `within`
/// working days, has reached on `today`; None while it has time or once it
/// is answered. A stage the job missed (it was down) is passed over when a
/// later one applies: a half-time reminder on the last day says nothing new.
pub fn deadline_stage(
    calendar: &Calendar,
    state: CaseState,
    due_day: NaiveDate,
    within: u32,
    today: NaiveDate,
) -> Option<DeadlineStage> {
    if !state.is_open() {
        return None;
    }
    if state.is_overdue(due_day, today) {
        Some(DeadlineStage::Overdue)
    } else if today == due_day {
        Some(DeadlineStage::LastDay)
    } else if calendar.working_days_between(today, due_day) <= i64::from(left_at_half_time(within))
    {
        Some(DeadlineStage::HalfTime)
    } else {
        None
    }
}

/// The last due day a case can have and be at half time on `today`: the
/// deadline job need read no case due later.
pub fn half_time_horizon(calendar: &Calendar, today: NaiveDate, within: u32) -> NaiveDate {
    calendar.add_working_days(today, left_at_half_time(within))
}

/// The working days left to answer at half time: half, rounded down.
fn left_at_half_time(within: u32) -> u32 {
    within / 2
}

/// At most this many characters of text in a case.
pub const MAX_BODY_CHARS: usize = 2000;
/// At most this many photos with a case.
pub const MAX_PHOTOS: usize = 3;

/// A case's text, or its answer's: 1 to 2,000 characters once trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseBody(String);

/// Kept in a chat's step while the case is written; read back through `parse`.
impl serde::Serialize for CaseBody {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for CaseBody {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl CaseBody {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let text = raw.trim();
        let chars = text.chars().count();
        if chars == 0 || chars > MAX_BODY_CHARS {
            return Err(DomainError::CaseBody);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Khmer when the text is written in Khmer script, whatever the chat's
    /// language: staff then know to answer in Khmer. Otherwise `chat`.
    pub fn written_in(&self, chat: Language) -> Language {
        let khmer = |c: char| ('\u{1780}'..='\u{17FF}').contains(&c);
        if self.0.chars().any(khmer) {
            Language::Km
        } else {
            chat
        }
    }
}

/// Whether `role` may see and act on a case held by `agency` (None: the
/// province's intake): admins always, staff whose scope covers the agency.
/// A held case (a flood) waits for admins.
pub fn may_handle(role: &Role, agency: Option<&str>, held: bool) -> bool {
    match role {
        Role::Admin => true,
        Role::Citizen => false,
        Role::Staff(_) if held => false,
        Role::Staff(Scope::All) => true,
        Role::Staff(Scope::Agencies(codes)) => {
            agency.is_some_and(|agency| codes.iter().any(|code| code.as_str() == agency))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_number_is_the_day_and_its_sequence() {
        let number = CaseNumber::new(day(2026, 11, 26), 7).expect("number");
        assert_eq!(number.to_string(), "PA-261126-0007");
        assert_eq!(CaseNumber::parse(" pa-261126-0007 "), Ok(number));
        for bad in [
            "PA-261126-0000",
            "PA-261326-0001",
            "PA-261126-001",
            "PB-261126-0001",
            "PA-261126-00a1",
            "PA261126-0001",
            "",
        ] {
            assert_eq!(
                CaseNumber::parse(bad),
                Err(DomainError::CaseNumber),
                "{bad}"
            );
        }
        assert_eq!(CaseNumber::new(day(2026, 1, 1), 10_000), None);
    }

    #[test]
    fn the_states_move_as_the_rule_says() {
        use CaseAction as A;
        use CaseState as S;
        assert_eq!(after(S::Received, A::Take, false), Ok(S::Acknowledged));
        assert_eq!(after(S::Acknowledged, A::Forward, false), Ok(S::Forwarded));
        assert_eq!(after(S::Forwarded, A::Take, false), Ok(S::Acknowledged));
        assert_eq!(after(S::Acknowledged, A::Answer, false), Ok(S::Answered));
        let down = A::Rate(CaseRating::NotSatisfied);
        assert_eq!(after(S::Answered, down, false), Ok(S::Reopened));
        assert_eq!(after(S::Answered, down, true), Ok(S::Closed));
        let up = A::Rate(CaseRating::Satisfied);
        assert_eq!(after(S::Answered, up, false), Ok(S::Closed));
        assert_eq!(after(S::Reopened, A::Withdraw, true), Ok(S::Withdrawn));
        assert_eq!(after(S::Answered, A::Lapse, false), Ok(S::Closed));
        assert!(after(S::Acknowledged, A::Lapse, false).is_err());
        // A second tap, or a stale button, moves nothing.
        for (state, action) in [
            (S::Acknowledged, A::Take),
            (S::Answered, A::Answer),
            (S::Answered, A::Withdraw),
            (S::Closed, up),
            (S::Withdrawn, A::Answer),
            (S::Received, up),
        ] {
            assert_eq!(after(state, action, false), Err(NotNow { state, action }));
        }
    }

    #[test]
    fn overdue_means_open_after_the_due_day() {
        let due = day(2026, 12, 10);
        assert!(!CaseState::Received.is_overdue(due, due));
        assert!(CaseState::Received.is_overdue(due, day(2026, 12, 11)));
        assert!(!CaseState::Answered.is_overdue(due, day(2026, 12, 11)));
    }

    #[test]
    fn the_deadline_counts_working_days() {
        let calendar = Calendar::new(&[], &[]);
        // Thursday 26/11/2026 + 10 working days = Thursday 10/12/2026.
        assert_eq!(due_day(&calendar, day(2026, 11, 26), 10), day(2026, 12, 10));
    }

    #[test]
    fn khmer_script_marks_the_case_khmer() {
        let body = CaseBody::parse("សូមជួយ ខ្ញុំ").expect("body");
        assert_eq!(body.written_in(Language::Vi), Language::Km);
        let body = CaseBody::parse("Hồ sơ trễ hạn").expect("body");
        assert_eq!(body.written_in(Language::En), Language::En);
    }

    #[test]
    fn only_staff_of_the_holding_agency_and_admins_handle_a_case() {
        let a = crate::domain::AgencyCode::parse("A").expect("code");
        let scoped = Role::Staff(Scope::Agencies(vec![a]));
        assert!(may_handle(&scoped, Some("A"), false));
        assert!(!may_handle(&scoped, Some("B"), false));
        assert!(!may_handle(&scoped, None, false));
        assert!(may_handle(&Role::Staff(Scope::All), None, false));
        assert!(!may_handle(&Role::Staff(Scope::All), Some("A"), true));
        assert!(may_handle(&Role::Admin, Some("B"), true));
        assert!(!may_handle(&Role::Citizen, Some("A"), false));
    }

    #[test]
    fn the_deadline_stages_come_at_half_time_on_the_last_day_and_after() {
        let calendar = Calendar::new(&[], &[]);
        let open = CaseState::Acknowledged;
        // Opened Thursday 26/11/2026, due Thursday 10/12 (10 working days):
        // half time when 5 working days are left, on Thursday 3/12.
        let due = day(2026, 12, 10);
        let stage = |state, today| deadline_stage(&calendar, state, due, 10, today);
        assert_eq!(stage(open, day(2026, 12, 2)), None);
        assert_eq!(stage(open, day(2026, 12, 3)), Some(DeadlineStage::HalfTime));
        assert_eq!(stage(open, day(2026, 12, 9)), Some(DeadlineStage::HalfTime));
        assert_eq!(stage(open, due), Some(DeadlineStage::LastDay));
        assert_eq!(stage(open, day(2026, 12, 11)), Some(DeadlineStage::Overdue));
        assert_eq!(stage(CaseState::Answered, day(2026, 12, 11)), None);
        assert_eq!(half_time_horizon(&calendar, day(2026, 12, 3), 10), due);
        // Within one working day there is no half time to speak of.
        assert_eq!(
            deadline_stage(&calendar, open, day(2026, 11, 27), 1, day(2026, 11, 26)),
            None
        );
    }

    #[test]
    fn a_body_is_one_to_two_thousand_characters() {
        assert!(CaseBody::parse("  ").is_err());
        assert!(CaseBody::parse(&"ạ".repeat(2000)).is_ok());
        assert!(CaseBody::parse(&"ạ".repeat(2001)).is_err());
        assert_eq!(CaseBody::parse(" x ").map(|b| b.0), Ok("x".to_owned()));
    }
}
