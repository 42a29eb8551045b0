//! Dossier changes from any feed (CSV import, the ingest API, the status
//! source), and the notifications they owe to followers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::domain::Status;
use crate::domain::ids::DossierId;
use crate::store::dossiers::{self, DossierRecord, EventOutcome, Source, StatusEvent, Written};
use crate::store::{StoreError, outbox, survey, time_text};

/// The outbox kind of a status notification.
pub const STATUS_CHANGED: &str = "status_changed";

/// What a status notification carries; it is worded when sent, in the
/// follower's language at that moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusNotice {
    pub dossier_id: i64,
    pub status: i64,
    pub at: String,
}

/// Creates or updates a dossier; a new current status notifies its followers.
pub async fn write_record(
    conn: &mut SqliteConnection,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    let written = dossiers::write_dossier(&mut *conn, record, source, now).await?;
    if let Some(moved) = written.moved {
        notify_followers(conn, moved.id.0, moved.status, moved.at).await?;
    }
    Ok(written)
}

/// Records a status event; if it becomes the current status and that status
/// is new, followers are notified.
pub async fn apply_event(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
    event: &StatusEvent,
    source: Source,
    now: DateTime<Utc>,
) -> Result<EventOutcome, StoreError> {
    let outcome = dossiers::record_event(&mut *conn, dossier_id, event, source, now).await?;
    if let EventOutcome::Recorded { moved: Some(moved) } = outcome {
        notify_followers(conn, moved.id.0, moved.status, moved.at).await?;
    }
    Ok(outcome)
}

pub async fn notify_followers(
    conn: &mut SqliteConnection,
    dossier_id: i64,
    status: Status,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let notice = StatusNotice {
        dossier_id,
        status: status.code(),
        at: time_text(at),
    };
    let payload = serde_json::to_string(&notice).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let queued =
        outbox::enqueue_for_followers(&mut *conn, dossier_id, STATUS_CHANGED, &payload).await?;
    if status == Status::Returned {
        survey::invite_followers(
            conn,
            dossier_id,
            &format!("{{\"dossier_id\":{dossier_id}}}"),
        )
        .await?;
    }
    Ok(queued)
}
