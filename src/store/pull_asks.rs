//! When the status source was last asked about the dossiers it told us of,
//! and which of them to ask about again.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{StoreError, time_text};
use crate::domain::{DossierCode, DossierId, Status};

/// Records that the source was asked about `dossier` at `at`.
pub async fn asked(
    conn: &mut SqliteConnection,
    dossier: DossierId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO pull_asks (dossier_id, asked_at) VALUES (?, ?)
         ON CONFLICT (dossier_id) DO UPDATE SET asked_at = excluded.asked_at",
    )
    .bind(dossier)
    .bind(time_text(at))
    .execute(conn)
    .await?;
    Ok(())
}

/// The dossier whose id is `$id` has been told of by the status source
/// alone: no import or ingest API call has moved it.
macro_rules! source_alone {
    ($id:literal) => {
        concat!(
            "NOT EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = ",
            $id,
            " AND e.source <> 'pull')"
        )
    };
}

/// Whether the source alone still keeps `dossier` current (see [`due`]).
pub async fn kept_by_source_alone(
    conn: &mut SqliteConnection,
    dossier: DossierId,
) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar(concat!("SELECT ", source_alone!("?")))
        .bind(dossier)
        .fetch_one(conn)
        .await?)
}

/// Up to `limit` dossiers to ask the source about again, the longest unasked
/// first: last asked before `asked_before`, followed by someone, not at a
/// final status, and told of by the source alone. A dossier an import or
/// the ingest API has moved is theirs from then on: the source, which does
/// not date what it says, must not move it back.
pub async fn due(
    conn: &mut SqliteConnection,
    asked_before: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<(DossierId, DossierCode)>, StoreError> {
    let finals: Vec<String> = Status::ALL
        .iter()
        .filter(|s| s.is_final())
        .map(|s| s.code().to_string())
        .collect();
    let rows: Vec<(DossierId, String)> = sqlx::query_as(concat!(
        "SELECT d.id, d.code FROM pull_asks p JOIN dossiers d ON d.id = p.dossier_id
         WHERE p.asked_at < ?1
           AND d.status NOT IN (SELECT value FROM json_each(?2))
           AND EXISTS (SELECT 1 FROM follows f WHERE f.dossier_id = d.id)
           AND ",
        source_alone!("d.id"),
        " ORDER BY p.asked_at LIMIT ?3"
    ))
    .bind(time_text(asked_before))
    .bind(format!("[{}]", finals.join(",")))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, code)| match DossierCode::parse(&code) {
            Ok(code) => Ok((id, code)),
            Err(_) => Err(StoreError::Corrupt(format!("dossier code {code}"))),
        })
        .collect()
}
