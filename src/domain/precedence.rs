//! Whether what a feed says about a stored dossier may change it: the rule
//! that keeps an old export from moving a dossier backwards.
//!
//! Between dated statuses the newest time wins, whatever the order they
//! arrive in (the history then decides the current status, see
//! [`crate::store::dossiers::settle`]). A CSV row without `status_at` is a
//! snapshot of unknown age, so it may only move a dossier whose current status
//! is itself undated and not final: re-importing last week's export changes
//! nothing that a dated event, or the end of the dossier's course, has settled
//! since.

use chrono::{DateTime, Utc};

use super::Status;

/// The current status of a stored dossier and how it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Current {
    pub status: Status,
    pub at: DateTime<Utc>,
    /// Set by a source that gave its time (the ingest API, the status source,
    /// a CSV row with `status_at`).
    pub dated: bool,
}

/// When a record's status was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Given by the feed, or the feed is live (the API's time of the call).
    At(DateTime<Utc>),
    /// A snapshot row without `status_at`; recorded at the import's time.
    Snapshot,
}

/// What a record does to a stored dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Its fields are written and its status joins the history as the
    /// newest event, so it becomes the current status.
    Apply,
    /// Older than the current status: its status joins the history, where it
    /// changes nothing, and its other fields are left as stored.
    History,
    /// A snapshot that may not move this dossier: nothing is written.
    Ignore,
}

pub fn effect(current: Current, stamp: Stamp) -> Effect {
    match stamp {
        // Ties go to the later arrival, as in the history.
        Stamp::At(at) if at >= current.at => Effect::Apply,
        Stamp::At(_) => Effect::History,
        Stamp::Snapshot if current.dated || current.status.is_final() => Effect::Ignore,
        Stamp::Snapshot => Effect::Apply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::moment::parse_instant;

    fn at(raw: &str) -> DateTime<Utc> {
        parse_instant(raw).expect("a time")
    }

    fn current(status: Status, dated: bool) -> Current {
        Current {
            status,
            at: at("2026-11-20T10:00:00+07:00"),
            dated,
        }
    }

    #[test]
    fn a_dated_record_applies_unless_older() {
        let now = current(Status::Processing, true);
        assert_eq!(
            effect(now, Stamp::At(at("2026-11-20T10:00:01+07:00"))),
            Effect::Apply
        );
        assert_eq!(effect(now, Stamp::At(now.at)), Effect::Apply, "a tie");
        assert_eq!(
            effect(now, Stamp::At(at("2026-11-19T10:00:00+07:00"))),
            Effect::History
        );
        let returned = current(Status::Returned, false);
        assert_eq!(
            effect(returned, Stamp::At(at("2026-11-21T00:00:00+07:00"))),
            Effect::Apply,
            "a dated event may reopen a dossier, as the events API may"
        );
    }

    #[test]
    fn a_snapshot_moves_only_undated_dossiers_still_in_course() {
        for status in Status::ALL {
            let expected = if status.is_final() {
                Effect::Ignore
            } else {
                Effect::Apply
            };
            assert_eq!(
                effect(current(status, false), Stamp::Snapshot),
                expected,
                "{status:?}"
            );
            assert_eq!(
                effect(current(status, true), Stamp::Snapshot),
                Effect::Ignore
            );
        }
    }
}
