//! What times a feed may give, whichever way it comes (CSV, the ingest API,
//! the status source): nothing dated more than a day ahead of our clock, and
//! no return before the receipt. A time far ahead would otherwise stay the
//! newest for ever and freeze the dossier's status (see
//! [`crate::store::dossiers::settle`]).

use chrono::{DateTime, TimeDelta, Utc};

/// How far ahead of our clock a time may be: clocks and time zones of other
/// systems disagree by hours, never by a day.
const AHEAD: TimeDelta = TimeDelta::days(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TimeProblem {
    #[error("more than one day in the future")]
    InFuture,
    #[error("earlier than received_at")]
    BeforeReceipt,
}

/// A status event's time.
pub fn check_event_time(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), TimeProblem> {
    if at > now + AHEAD {
        Err(TimeProblem::InFuture)
    } else {
        Ok(())
    }
}

/// A return, which cannot come before the receipt.
pub fn check_return(
    returned_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
) -> Result<(), TimeProblem> {
    if returned_at < received_at {
        Err(TimeProblem::BeforeReceipt)
    } else {
        Ok(())
    }
}

/// Every problem with a dossier's times, by field; a field that did not
/// parse is None and is not checked again.
pub fn record_time_problems(
    received_at: Option<DateTime<Utc>>,
    returned_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<(&'static str, TimeProblem)> {
    let mut problems = Vec::new();
    if let Some(Err(problem)) = received_at.map(|at| check_event_time(at, now)) {
        problems.push(("received_at", problem));
    }
    if let Some(returned) = returned_at {
        if let Err(problem) = check_event_time(returned, now) {
            problems.push(("returned_at", problem));
        } else if let Some(Err(problem)) = received_at.map(|r| check_return(returned, r)) {
            problems.push(("returned_at", problem));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        crate::domain::moment::parse_instant(raw).expect("a time")
    }

    #[test]
    fn up_to_a_day_ahead_is_a_clock_difference_beyond_is_refused() {
        let now = at("2026-11-26T12:00:00Z");
        assert_eq!(check_event_time(at("2026-11-27T12:00:00Z"), now), Ok(()));
        assert_eq!(
            check_event_time(at("2026-11-27T12:00:01Z"), now),
            Err(TimeProblem::InFuture)
        );
        assert_eq!(
            check_event_time(at("2099-01-01"), now),
            Err(TimeProblem::InFuture)
        );
    }

    #[test]
    fn each_bad_time_of_a_record_is_named() {
        let now = at("2026-11-26T12:00:00Z");
        assert_eq!(
            record_time_problems(Some(at("2026-11-20")), Some(at("2026-11-19")), now),
            [("returned_at", TimeProblem::BeforeReceipt)]
        );
        assert_eq!(
            record_time_problems(Some(at("2099-01-01")), Some(at("2099-01-02")), now),
            [
                ("received_at", TimeProblem::InFuture),
                ("returned_at", TimeProblem::InFuture)
            ]
        );
        assert!(
            record_time_problems(Some(at("2026-11-20")), Some(at("2026-11-20")), now).is_empty()
        );
        assert!(record_time_problems(None, Some(at("2026-11-01")), now).is_empty());
    }
}
