//! Dossier changes from any feed (CSV import, the ingest API, the status
//! source), and the notifications they owe to followers.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::status_source::RemoteDossier;
use crate::domain::deadline::Deadlines;
use crate::domain::ids::DossierId;
use crate::domain::{DossierCode, Status};
use crate::store::dossiers::{self, DossierRecord, EventOutcome, Source, StatusEvent, Written};
use crate::store::outbox::{self, Notification};
use crate::store::{StoreError, catalog, pull_asks, survey, units};

/// Creates or updates a dossier; a new current status notifies its followers.
pub async fn write_record(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    let written = dossiers::write_dossier(&mut *conn, deadlines, record, source, now).await?;
    if let Some(moved) = written.moved {
        notify_followers(&mut *conn, moved.id.0, moved.status, moved.at).await?;
    }
    if written.apology {
        apologize(conn, written.id).await?;
    }
    Ok(written)
}

/// Keeps what the status source said of a dossier, asked at `now`: its
/// agency and procedure under the names the source gave, if they are new
/// here (imported names are never overwritten), the record, as
/// [`write_record`] does, and when the source was asked. None, and nothing
/// kept, when an import or the ingest API has moved the dossier: it is
/// theirs, and the source, which does not date what it says, must not move
/// it back.
pub async fn keep_pulled(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    remote: &RemoteDossier,
    now: DateTime<Utc>,
) -> Result<Option<Written>, StoreError> {
    let record = &remote.record;
    if !pull_asks::left_to_source(&mut *conn, &record.code).await? {
        return Ok(None);
    }
    catalog::add_procedure_if_missing(&mut *conn, &record.procedure, &remote.procedure_names())
        .await?;
    catalog::add_agency_if_missing(&mut *conn, &record.agency, &remote.agency_names()).await?;
    let mut record = record.clone();
    // A unit the province does not know is left out, not a reason to
    // withhold the dossier from its citizen.
    if let Some(raw) = &remote.unit_code {
        let reading = units::reading(&mut *conn, raw).await?;
        record.commune = crate::domain::units::resolve(raw, reading.as_ref()).ok();
    }
    let written = write_record(&mut *conn, deadlines, &record, Source::Pull, now).await?;
    pull_asks::asked(conn, written.id, now).await?;
    Ok(Some(written))
}

/// Keeps that the status source, asked at `now`, does not know `code`
/// ([`pull_asks::not_known`]); on the ask that gives up on the dossier, its
/// followers are told once that it will no longer be kept current. Whether
/// any were.
pub async fn keep_not_known(
    conn: &mut SqliteConnection,
    code: &DossierCode,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let Some(gave_up) = pull_asks::not_known(&mut *conn, code, now).await? else {
        return Ok(false);
    };
    let notification = Notification::SourceDropped {
        dossier_id: gave_up.dossier,
    };
    Ok(outbox::enqueue_for_followers(conn, gave_up.dossier, &notification).await? > 0)
}

/// Records a status event; if it becomes the current status and that status
/// is new, followers are notified.
pub async fn apply_event(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    dossier_id: DossierId,
    event: &StatusEvent,
    source: Source,
    now: DateTime<Utc>,
) -> Result<EventOutcome, StoreError> {
    let outcome =
        dossiers::record_event(&mut *conn, deadlines, dossier_id, event, source, now).await?;
    if let EventOutcome::Recorded { moved, apology } = outcome {
        if let Some(moved) = moved {
            notify_followers(&mut *conn, moved.id.0, moved.status, moved.at).await?;
        }
        if apology {
            apologize(conn, dossier_id).await?;
        }
    }
    Ok(outcome)
}

/// Queues the Form 04 apology and new date to every follower of a dossier.
pub async fn apologize(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
) -> Result<u64, StoreError> {
    outbox::enqueue_for_followers(conn, dossier_id, &Notification::DelayApology { dossier_id })
        .await
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
