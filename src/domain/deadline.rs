//! Whether a dossier is on time, in working days: the one rule the card, the
//! index and the late report ask.
//!
//! While a dossier waits for the citizen (5: papers requested, 6: payment
//! requested) the clock is the citizen's, never the office's. When it comes
//! back, [`ClockRestart`] says how the promised date moves. A new date sent
//! with a reason is a Form 04 apology (Circular 03/2025): the citizen is told
//! the new date, but the office is still judged against its first promise.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Status;
use super::calendar::Calendar;
use super::moment::local_date;

/// How the promised date moves when a dossier comes back from the citizen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockRestart {
    /// The promised date stays: the strict reading of Decree 118/2025.
    #[default]
    Keep,
    /// Moved on by the working days the citizen was waited for: the common
    /// practice of pausing the clock while the citizen has the dossier.
    Extend,
    /// The new date the feed sends (`new_due_at` without a `delay_reason`):
    /// systems that issue a new receipt when the papers are complete.
    NewDate,
}

/// A time the dossier waited for the citizen: from entering 5 or 6 until it
/// left that status (None: still waiting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub status: Status,
    pub since: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

fn awaits_citizen(status: Status) -> bool {
    matches!(
        status,
        Status::SupplementRequested | Status::PaymentRequested
    )
}

/// The waits in a history of (status, time) in time order.
pub fn waits(history: &[(Status, DateTime<Utc>)]) -> Vec<Wait> {
    let mut waits: Vec<Wait> = Vec::new();
    for &(status, at) in history {
        let open = waits.last_mut().filter(|w| w.until.is_none());
        match open {
            Some(wait) if wait.status == status => {}
            Some(wait) => {
                wait.until = Some(at);
                if awaits_citizen(status) {
                    waits.push(Wait {
                        status,
                        since: at,
                        until: None,
                    });
                }
            }
            None if awaits_citizen(status) => waits.push(Wait {
                status,
                since: at,
                until: None,
            }),
            None => {}
        }
    }
    waits
}

/// What the deadline rules need to know of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineFacts {
    pub status: Status,
    pub due_at: NaiveDate,
    pub returned_at: Option<DateTime<Utc>>,
    pub new_due_at: Option<NaiveDate>,
    pub delay_reason: Option<String>,
    pub waits: Vec<Wait>,
}

impl DeadlineFacts {
    /// The Form 04 apology's new date and reason, if the office gave one.
    pub fn apology(&self) -> Option<(NaiveDate, &str)> {
        self.new_due_at.zip(self.delay_reason.as_deref())
    }
}

/// The longest delay reason a citizen is shown.
pub const MAX_DELAY_REASON: usize = 500;

/// A Form 04 reason as the citizen reads it: trimmed, 1 to 500 characters.
pub fn parse_delay_reason(raw: &str) -> Result<String, String> {
    let reason = raw.trim();
    if reason.is_empty() || reason.chars().count() > MAX_DELAY_REASON {
        return Err(format!("1 to {MAX_DELAY_REASON} characters"));
    }
    Ok(reason.to_owned())
}

/// A reason says why the new date was given, so it never comes alone.
pub fn reason_without_date(
    new_due_at: Option<NaiveDate>,
    reason: Option<&str>,
) -> Option<&'static str> {
    (new_due_at.is_none() && reason.is_some()).then_some("a delay_reason needs a new_due_at")
}

/// Where a dossier stands against its promise, in working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timing {
    /// In the office's hands, not late: `days` working days left until `date`.
    DueIn {
        date: NaiveDate,
        days: i64,
    },
    /// In the office's hands, `days` working days past the date it was told.
    Overdue {
        days: i64,
    },
    /// In the office's hands after `date`, the date it was told, on the days
    /// off right after it: no working day is lost yet, so not overdue (the
    /// late report and the index agree), but no day is left either.
    PastDue {
        date: NaiveDate,
    },
    /// Waiting for the citizen since `since` (a date in Vietnam): never overdue.
    Awaiting {
        status: Status,
        since: NaiveDate,
    },
    ReturnedEarly {
        days: i64,
    },
    ReturnedOnTime,
    ReturnedLate {
        days: i64,
    },
    /// Closed without a result (refused, withdrawn, stopped) or ready: nothing to count.
    Closed,
}

/// How a returned dossier stands against the office's first promise; stored
/// with the dossier when it is settled, for Decision 766's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lateness {
    OnTime,
    Late,
    /// Late, with a Form 04 apology.
    LateApologized,
}

impl Lateness {
    /// The stored code (`dossiers.lateness`).
    pub fn code(self) -> i64 {
        match self {
            Self::OnTime => 0,
            Self::Late => 1,
            Self::LateApologized => 2,
        }
    }
}

/// The calendar and the clock-restart setting, asked by every rule about time.
#[derive(Debug, Default)]
pub struct Deadlines {
    pub calendar: Calendar,
    pub restart: ClockRestart,
}

impl Deadlines {
    pub fn new(calendar: Calendar, restart: ClockRestart) -> Self {
        Self { calendar, restart }
    }

    /// The date the office is judged against: the first promise, moved only
    /// by the clock-restart setting, never by an apology.
    pub fn office_due(&self, facts: &DeadlineFacts) -> NaiveDate {
        match self.restart {
            ClockRestart::Keep => facts.due_at,
            ClockRestart::Extend => {
                let waited: i64 = facts
                    .waits
                    .iter()
                    .filter_map(|w| {
                        let until = w.until?;
                        Some(
                            self.calendar
                                .working_days_between(local_date(w.since), local_date(until)),
                        )
                    })
                    .sum();
                self.calendar
                    .add_working_days(facts.due_at, u32::try_from(waited).unwrap_or(0))
            }
            ClockRestart::NewDate => match (facts.new_due_at, &facts.delay_reason) {
                (Some(date), None) if facts.waits.iter().any(|w| w.until.is_some()) => date,
                _ => facts.due_at,
            },
        }
    }

    /// The date the citizen is told: the apology's new date, else the office's.
    pub fn promised(&self, facts: &DeadlineFacts) -> NaiveDate {
        facts
            .apology()
            .map_or_else(|| self.office_due(facts), |(date, _)| date)
    }

    /// Working days the office was late: by the return, or by `today` for a
    /// dossier still in its hands; None when it is not (yet) late.
    pub fn late_by(&self, facts: &DeadlineFacts, today: NaiveDate) -> Option<i64> {
        let end = match facts.returned_at {
            Some(returned) => local_date(returned),
            None if in_office_hands(facts.status) => today,
            None => return None,
        };
        self.late_on(self.office_due(facts), end)
    }

    /// Working days past `due` on `day`; None when not past it.
    fn late_on(&self, due: NaiveDate, day: NaiveDate) -> Option<i64> {
        Some(self.calendar.working_days_between(due, day)).filter(|days| *days > 0)
    }

    /// A returned dossier's lateness, as Decision 766 counts it; None while
    /// it is not returned.
    pub fn lateness(&self, facts: &DeadlineFacts) -> Option<Lateness> {
        let returned = facts
            .returned_at
            .filter(|_| facts.status == Status::Returned)?;
        let late = self.late_by(facts, local_date(returned)).is_some();
        Some(match (late, facts.apology().is_some()) {
            (false, _) => Lateness::OnTime,
            (true, false) => Lateness::Late,
            (true, true) => Lateness::LateApologized,
        })
    }

    /// Circular 01's index 2 (time at each agency) for a dossier with step
    /// times: whether every agency finished its step by the office's
    /// promise, in working days. The feed sends no time allotted to each
    /// agency, so the dossier's promise is the only bound that is not a
    /// guess; None without steps.
    pub fn steps_on_time(&self, facts: &DeadlineFacts, finished: &[DateTime<Utc>]) -> Option<bool> {
        let due = self.office_due(facts);
        (!finished.is_empty()).then(|| {
            finished
                .iter()
                .all(|at| self.late_on(due, local_date(*at)).is_none())
        })
    }

    /// What the card says about time.
    pub fn timing(&self, facts: &DeadlineFacts, today: NaiveDate) -> Timing {
        if let Some(returned) = facts.returned_at.map(local_date) {
            let days = self
                .calendar
                .working_days_between(self.office_due(facts), returned);
            return match days {
                ..0 => Timing::ReturnedEarly { days: -days },
                0 => Timing::ReturnedOnTime,
                _ => Timing::ReturnedLate { days },
            };
        }
        if awaits_citizen(facts.status) {
            let since = facts
                .waits
                .last()
                .filter(|w| w.until.is_none())
                .map(|w| local_date(w.since))
                .unwrap_or(today);
            return Timing::Awaiting {
                status: facts.status,
                since,
            };
        }
        if !in_office_hands(facts.status) {
            return Timing::Closed;
        }
        let date = self.promised(facts);
        match self.late_on(date, today) {
            Some(days) => Timing::Overdue { days },
            // Lateness is counted in working days, so the days off right
            // after the date are not late yet; but no time is left either.
            None if today > date => Timing::PastDue { date },
            None => Timing::DueIn {
                date,
                days: self.calendar.working_days_between(today, date),
            },
        }
    }
}

/// Late dossiers of one group: how many, how many got an apology, and how
/// late in working days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LateTally {
    pub late: u64,
    pub apologized: u64,
    pub days_total: i64,
    pub days_max: i64,
}

impl LateTally {
    pub fn add(&mut self, days: i64, apologized: bool) {
        self.late += 1;
        self.apologized += u64::from(apologized);
        self.days_total += days;
        self.days_max = self.days_max.max(days);
    }

    pub fn mean_days(&self) -> Option<f64> {
        (self.late > 0).then(|| self.days_total as f64 / self.late as f64)
    }
}

/// Registered, received or in processing: the office holds the clock.
fn in_office_hands(status: Status) -> bool {
    status.is_pending() && !awaits_citizen(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::moment::parse_instant;

    fn day(raw: &str) -> NaiveDate {
        raw.parse().expect("a date")
    }

    fn at(raw: &str) -> DateTime<Utc> {
        parse_instant(raw).expect("a time")
    }

    fn facts(status: Status, history: &[(Status, &str)]) -> DeadlineFacts {
        let history: Vec<_> = history.iter().map(|(s, t)| (*s, at(t))).collect();
        DeadlineFacts {
            status,
            due_at: day("2026-11-20"),
            returned_at: None,
            new_due_at: None,
            delay_reason: None,
            waits: waits(&history),
        }
    }

    #[test]
    fn steps_are_on_time_when_every_agency_finished_by_the_promise() {
        // Promised Friday 20/11/2026; Saturday is no working day.
        let f = facts(Status::Returned, &[]);
        let deadlines = Deadlines::default();
        let on_time = [
            at("2026-11-18T10:00:00+07:00"),
            at("2026-11-21T10:00:00+07:00"),
        ];
        assert_eq!(deadlines.steps_on_time(&f, &on_time), Some(true));
        let one_late = [
            at("2026-11-18T10:00:00+07:00"),
            at("2026-11-23T10:00:00+07:00"),
        ];
        assert_eq!(deadlines.steps_on_time(&f, &one_late), Some(false));
        assert_eq!(deadlines.steps_on_time(&f, &[]), None);
    }

    #[test]
    fn a_returned_dossier_is_on_time_late_or_late_with_an_apology() {
        let deadlines = Deadlines::default();
        let returned = |at_: &str| DeadlineFacts {
            returned_at: Some(at(at_)),
            ..facts(Status::Returned, &[])
        };
        assert_eq!(
            deadlines.lateness(&returned("2026-11-20T16:00:00+07:00")),
            Some(Lateness::OnTime)
        );
        let late = returned("2026-11-23T09:00:00+07:00");
        assert_eq!(deadlines.lateness(&late), Some(Lateness::Late));
        let apologized = DeadlineFacts {
            new_due_at: Some(day("2026-11-25")),
            delay_reason: Some("thiếu hồ sơ".into()),
            ..late
        };
        assert_eq!(
            deadlines.lateness(&apologized),
            Some(Lateness::LateApologized)
        );
        assert_eq!(deadlines.lateness(&facts(Status::Processing, &[])), None);
    }

    #[test]
    fn waits_run_from_entering_5_or_6_to_leaving_it() {
        let history = [
            (Status::Received, at("2026-11-02")),
            (Status::SupplementRequested, at("2026-11-03")),
            (Status::SupplementRequested, at("2026-11-04")),
            (Status::Processing, at("2026-11-09")),
            (Status::PaymentRequested, at("2026-11-10")),
        ];
        assert_eq!(
            waits(&history),
            [
                Wait {
                    status: Status::SupplementRequested,
                    since: at("2026-11-03"),
                    until: Some(at("2026-11-09"))
                },
                Wait {
                    status: Status::PaymentRequested,
                    since: at("2026-11-10"),
                    until: None
                },
            ]
        );
    }

    #[test]
    fn each_setting_moves_the_date_its_own_way() {
        // Waited Tue 03/11 to Mon 09/11/2026: 4 working days.
        let mut f = facts(
            Status::Processing,
            &[
                (Status::Received, "2026-11-02"),
                (Status::SupplementRequested, "2026-11-03"),
                (Status::Processing, "2026-11-09"),
            ],
        );
        f.new_due_at = Some(day("2026-12-01"));
        let with = |restart| Deadlines::new(Calendar::default(), restart).office_due(&f);
        assert_eq!(with(ClockRestart::Keep), day("2026-11-20"));
        assert_eq!(with(ClockRestart::Extend), day("2026-11-26"));
        assert_eq!(with(ClockRestart::NewDate), day("2026-12-01"));
    }

    #[test]
    fn an_apology_tells_a_new_date_but_the_office_stays_late() {
        let mut f = facts(Status::Processing, &[(Status::Received, "2026-11-02")]);
        f.new_due_at = Some(day("2026-11-27"));
        f.delay_reason = Some("chờ xác minh".into());
        let d = Deadlines::default();
        assert_eq!(d.promised(&f), day("2026-11-27"));
        assert_eq!(d.office_due(&f), day("2026-11-20"));
        assert_eq!(d.late_by(&f, day("2026-11-24")), Some(2));
        assert_eq!(
            d.timing(&f, day("2026-11-24")),
            Timing::DueIn {
                date: day("2026-11-27"),
                days: 3
            }
        );
    }

    /// Promised Friday 27/11/2026: on the day there is time left; on the
    /// weekend after it the date has passed, but no working day yet (not
    /// late, as the index and the late report count it); on Monday one.
    #[test]
    fn the_days_off_after_the_date_leave_no_day_and_are_not_late_yet() {
        let f = DeadlineFacts {
            due_at: day("2026-11-27"),
            ..facts(Status::Processing, &[(Status::Received, "2026-11-02")])
        };
        let d = Deadlines::default();
        assert_eq!(
            d.timing(&f, day("2026-11-27")),
            Timing::DueIn {
                date: day("2026-11-27"),
                days: 0
            }
        );
        assert_eq!(d.late_by(&f, day("2026-11-27")), None);
        for weekend in ["2026-11-28", "2026-11-29"] {
            assert_eq!(
                d.timing(&f, day(weekend)),
                Timing::PastDue {
                    date: day("2026-11-27")
                },
                "{weekend}"
            );
            assert_eq!(d.late_by(&f, day(weekend)), None, "{weekend}");
        }
        assert_eq!(d.timing(&f, day("2026-11-30")), Timing::Overdue { days: 1 });
        assert_eq!(d.late_by(&f, day("2026-11-30")), Some(1));
    }

    #[test]
    fn waiting_for_the_citizen_is_never_overdue() {
        let f = facts(
            Status::SupplementRequested,
            &[
                (Status::Received, "2026-11-02"),
                (Status::SupplementRequested, "2026-11-05"),
            ],
        );
        let d = Deadlines::default();
        assert_eq!(
            d.timing(&f, day("2026-12-30")),
            Timing::Awaiting {
                status: Status::SupplementRequested,
                since: day("2026-11-05")
            }
        );
        assert_eq!(d.late_by(&f, day("2026-12-30")), None);
    }
}
