//! Dossier changes from any feed (CSV import, the ingest API, the status
//! source), and the notifications they owe to followers.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use crate::domain::Status;
use crate::domain::ids::DossierId;
use crate::store::dossiers::{self, DossierRecord, EventOutcome, Source, StatusEvent, Written};
use crate::store::outbox::{self, Notification};
use crate::store::{StoreError, survey};

/// Creates or updates a dossier; a new status notifies its followers.
pub async fn write_record(
    conn: &mut SqliteConnection,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    let written = dossiers::write_dossier(&mut *conn, record, source, now).await?;
    if written.status_changed {
        let at = dossiers::changed_status_time(record, now);
        notify_followers(conn, written.id, record.status, at).await?;
    }
    Ok(written)
}

/// Records a status event; the newest one moves the status and notifies followers.
pub async fn apply_event(
    conn: &mut SqliteConnection,
    dossier_id: i64,
    event: &StatusEvent,
    source: Source,
    now: DateTime<Utc>,
) -> Result<EventOutcome, StoreError> {
    let outcome = dossiers::record_event(&mut *conn, dossier_id, event, source, now).await?;
    if outcome
        == (EventOutcome::Recorded {
            status_changed: true,
        })
    {
        notify_followers(conn, dossier_id, event.status, event.at).await?;
    }
    Ok(outcome)
}

pub async fn notify_followers(
    conn: &mut SqliteConnection,
    dossier_id: i64,
    status: Status,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let notification = Notification::StatusChanged {
        dossier_id: DossierId(dossier_id),
        status,
        at,
    };
    let queued =
        outbox::enqueue_for_followers(&mut *conn, DossierId(dossier_id), &notification).await?;
    if status == Status::Returned {
        survey::invite_followers(conn, dossier_id).await?;
    }
    Ok(queued)
}
