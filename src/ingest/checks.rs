//! What a feed may say about a dossier, whichever way it comes (CSV, the
//! ingest API, the status source): nothing dated more than a day ahead of our
//! clock, nothing before the receipt, and no record that contradicts itself
//! (a returned dossier without its return, a return on a dossier still in the
//! office, a promise made before the dossier was received). A time far ahead
//! would otherwise stay the newest for ever and freeze the dossier's status
//! (see [`crate::store::dossiers::settle`]); a contradiction would show the
//! citizen "being processed" and "returned on time" on one card. Steps at
//! each agency lie within received..returned.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::domain::moment::local_date;
use crate::domain::steps::Step;
use crate::domain::{AgencyCode, Channel, CommuneCode, DossierCode, ProcedureCode, Status};
use crate::store::dossiers::DossierRecord;

/// How far ahead of our clock a time may be: clocks and time zones of other
/// systems disagree by hours, never by a day.
const AHEAD: TimeDelta = TimeDelta::days(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RecordProblem {
    #[error("more than one day in the future")]
    InFuture,
    #[error("earlier than received_at")]
    BeforeReceipt,
    #[error("earlier than the day received_at falls on")]
    DueBeforeReceipt,
    #[error("required when status is 10 (returned)")]
    ReturnWithoutDate,
    #[error("only a returned dossier (status 10) has one; this row's status is {0}")]
    DateWithoutReturn(i64),
    #[error("step {0}: started before received_at")]
    StepBeforeReceipt(usize),
    #[error("step {0}: finished after returned_at")]
    StepAfterReturn(usize),
    #[error("step {0}: more than one day in the future")]
    StepInFuture(usize),
}

/// What a record claims, field by field; a field that did not parse is None
/// and is not checked again.
#[derive(Debug, Clone, Copy, Default)]
pub struct Claims {
    pub received_at: Option<DateTime<Utc>>,
    pub due_at: Option<NaiveDate>,
    pub returned_at: Option<DateTime<Utc>>,
    pub status: Option<Status>,
    pub status_at: Option<DateTime<Utc>>,
}

/// A dossier record's fields as a feed gave them (a CSV row, an API body),
/// each None when it was absent or did not parse.
#[derive(Debug, Default)]
pub struct Fields {
    pub code: Option<DossierCode>,
    pub procedure: Option<ProcedureCode>,
    pub agency: Option<AgencyCode>,
    pub commune: Option<CommuneCode>,
    pub channel: Option<Channel>,
    pub claims: Claims,
    pub new_due_at: Option<NaiveDate>,
    pub delay_reason: Option<String>,
    /// None when the feed sent no steps: the stored ones stay.
    pub steps: Option<Vec<Step>>,
}

impl Fields {
    /// The record, if every required field parsed; each contradiction is
    /// passed to `problem` by field, and a record with one is not for writing
    /// (the caller refuses it whole).
    pub fn into_record(
        self,
        now: DateTime<Utc>,
        mut problem: impl FnMut(&'static str, RecordProblem),
    ) -> Option<DossierRecord> {
        for (field, found) in record_problems(&self.claims, now) {
            problem(field, found);
        }
        for found in step_problems(self.steps.as_deref().unwrap_or_default(), &self.claims, now) {
            problem("steps", found);
        }
        let c = self.claims;
        Some(DossierRecord {
            code: self.code?,
            procedure: self.procedure?,
            agency: self.agency?,
            commune: self.commune,
            channel: self.channel?,
            received_at: c.received_at?,
            due_at: c.due_at?,
            returned_at: c.returned_at,
            status: c.status?,
            status_at: c.status_at,
            new_due_at: self.new_due_at,
            delay_reason: self.delay_reason,
            steps: self.steps,
        })
    }
}

impl From<&DossierRecord> for Claims {
    fn from(record: &DossierRecord) -> Self {
        Self {
            received_at: Some(record.received_at),
            due_at: Some(record.due_at),
            returned_at: record.returned_at,
            status: Some(record.status),
            status_at: record.status_at,
        }
    }
}

/// A status event's time.
pub fn check_event_time(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), RecordProblem> {
    if at > now + AHEAD {
        Err(RecordProblem::InFuture)
    } else {
        Ok(())
    }
}

/// A time after the receipt: a return, or the time a status was set.
pub fn check_after_receipt(
    at: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Result<(), RecordProblem> {
    if at < received_at {
        Err(RecordProblem::BeforeReceipt)
    } else {
        Ok(())
    }
}

/// The problems of each step against the dossier: started before the
/// receipt, finished after the return (or ahead of our clock).
pub fn step_problems(steps: &[Step], claims: &Claims, now: DateTime<Utc>) -> Vec<RecordProblem> {
    let mut problems = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let n = i + 1;
        if claims.received_at.is_some_and(|r| step.started < r) {
            problems.push(RecordProblem::StepBeforeReceipt(n));
        }
        if claims.returned_at.is_some_and(|r| step.finished > r) {
            problems.push(RecordProblem::StepAfterReturn(n));
        } else if step.finished > now + AHEAD {
            problems.push(RecordProblem::StepInFuture(n));
        }
    }
    problems
}

/// Every problem of a record, by field.
pub fn record_problems(claims: &Claims, now: DateTime<Utc>) -> Vec<(&'static str, RecordProblem)> {
    let mut problems = Vec::new();
    let received = claims.received_at;
    if let Some(Err(problem)) = received.map(|at| check_event_time(at, now)) {
        problems.push(("received_at", problem));
    }
    for (field, at) in [
        ("returned_at", claims.returned_at),
        ("status_at", claims.status_at),
    ] {
        let Some(at) = at else { continue };
        if let Err(problem) = check_event_time(at, now) {
            problems.push((field, problem));
        } else if let Some(Err(problem)) = received.map(|r| check_after_receipt(at, r)) {
            problems.push((field, problem));
        }
    }
    if let (Some(due), Some(received)) = (claims.due_at, received)
        && due < local_date(received)
    {
        problems.push(("due_at", RecordProblem::DueBeforeReceipt));
    }
    match (claims.status, claims.returned_at) {
        (Some(Status::Returned), None) => {
            problems.push(("returned_at", RecordProblem::ReturnWithoutDate));
        }
        (Some(status), Some(_)) if status != Status::Returned => {
            problems.push((
                "returned_at",
                RecordProblem::DateWithoutReturn(status.code()),
            ));
        }
        _ => {}
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        crate::domain::moment::parse_instant(raw).expect("a time")
    }

    fn day(raw: &str) -> NaiveDate {
        crate::domain::moment::parse_local_date(raw).expect("a date")
    }

    fn returned(received: &str, returned: &str) -> Claims {
        Claims {
            received_at: Some(at(received)),
            due_at: Some(day(&received[..10])),
            returned_at: Some(at(returned)),
            status: Some(Status::Returned),
            status_at: None,
        }
    }

    #[test]
    fn up_to_a_day_ahead_is_a_clock_difference_beyond_is_refused() {
        let now = at("2026-11-26T12:00:00Z");
        assert_eq!(check_event_time(at("2026-11-27T12:00:00Z"), now), Ok(()));
        assert_eq!(
            check_event_time(at("2026-11-27T12:00:01Z"), now),
            Err(RecordProblem::InFuture)
        );
        assert_eq!(
            check_event_time(at("2099-01-01"), now),
            Err(RecordProblem::InFuture)
        );
    }

    #[test]
    fn each_bad_time_of_a_record_is_named() {
        let now = at("2026-11-26T12:00:00Z");
        assert_eq!(
            record_problems(&returned("2026-11-20", "2026-11-19"), now),
            [("returned_at", RecordProblem::BeforeReceipt)]
        );
        assert_eq!(
            record_problems(&returned("2099-01-01", "2099-01-02"), now),
            [
                ("received_at", RecordProblem::InFuture),
                ("returned_at", RecordProblem::InFuture)
            ]
        );
        assert!(record_problems(&returned("2026-11-20", "2026-11-20"), now).is_empty());
        let unparsed_receipt = Claims {
            received_at: None,
            ..returned("2026-11-20", "2026-11-01")
        };
        assert!(record_problems(&unparsed_receipt, now).is_empty());
        let status_at = Claims {
            status: Some(Status::Processing),
            returned_at: None,
            status_at: Some(at("2026-11-19")),
            ..returned("2026-11-20", "2026-11-20")
        };
        assert_eq!(
            record_problems(&status_at, now),
            [("status_at", RecordProblem::BeforeReceipt)]
        );
    }

    #[test]
    fn steps_lie_between_the_receipt_and_the_return() {
        let now = at("2026-11-26T12:00:00Z");
        let claims = returned("2026-11-20T09:00:00+07:00", "2026-11-24T09:00:00+07:00");
        let step = |started: &str, finished: &str| Step {
            agency: crate::domain::AgencyCode::parse("A").expect("a code"),
            started: at(started),
            finished: at(finished),
        };
        let inside = step("2026-11-20T09:00:00+07:00", "2026-11-24T09:00:00+07:00");
        assert!(step_problems(std::slice::from_ref(&inside), &claims, now).is_empty());
        let early = step("2026-11-20T08:59:00+07:00", "2026-11-21T09:00:00+07:00");
        let late = step("2026-11-21T09:00:00+07:00", "2026-11-24T09:01:00+07:00");
        assert_eq!(
            step_problems(&[inside, early, late], &claims, now),
            [
                RecordProblem::StepBeforeReceipt(2),
                RecordProblem::StepAfterReturn(3)
            ]
        );
        assert_eq!(
            RecordProblem::StepAfterReturn(3).to_string(),
            "step 3: finished after returned_at"
        );
    }

    #[test]
    fn a_record_that_contradicts_itself_is_refused() {
        let now = at("2026-11-26T12:00:00Z");
        let ok = returned("2026-11-20T09:00:00+07:00", "2026-11-24T09:00:00+07:00");
        let undated_return = Claims {
            returned_at: None,
            ..ok
        };
        assert_eq!(
            record_problems(&undated_return, now),
            [("returned_at", RecordProblem::ReturnWithoutDate)]
        );
        let return_in_office = Claims {
            status: Some(Status::Processing),
            ..ok
        };
        assert_eq!(
            record_problems(&return_in_office, now),
            [("returned_at", RecordProblem::DateWithoutReturn(4))]
        );
        let promised_before_receipt = Claims {
            due_at: Some(day("2026-11-19")),
            ..ok
        };
        assert_eq!(
            record_problems(&promised_before_receipt, now),
            [("due_at", RecordProblem::DueBeforeReceipt)]
        );
        // Received late in the evening in Vietnam: the same local day is fine.
        let same_day = Claims {
            received_at: Some(at("2026-11-20T23:30:00+07:00")),
            due_at: Some(day("2026-11-20")),
            ..ok
        };
        assert!(record_problems(&same_day, now).is_empty());
    }
}
