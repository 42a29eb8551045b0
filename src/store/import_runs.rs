//! Staged dossier imports: a run's rows wait in `import_staging` until the
//! whole file is there, and are applied onto `dossiers` in short batches once
//! the run is committed. The order of it all lives in `ingest::staged`.

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::dossiers::{self, Columns, DossierRecord, Settled, Source};
use super::{StoreError, time_text};
use crate::domain::ids::DossierId;

/// A row of `import_runs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct ImportRunId(pub i64);

pub async fn begin_run(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> Result<ImportRunId, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO import_runs (state, started_at) VALUES ('staging', ?) RETURNING id",
    )
    .bind(time_text(now))
    .fetch_one(conn)
    .await?)
}

/// A new or changed dossier, with the time its status takes effect.
pub struct StagedRow<'a> {
    pub seq: i64,
    pub record: &'a DossierRecord,
    pub status_at: DateTime<Utc>,
}

pub async fn stage(
    conn: &mut SqliteConnection,
    run: ImportRunId,
    rows: &[StagedRow<'_>],
) -> Result<(), StoreError> {
    // 13 parameters a row keeps each statement well under SQLite's 32766.
    const ROWS_PER_STATEMENT: usize = 1000;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO import_staging (run_id, seq, code, procedure_code, agency_code, commune_code, channel,
                 received_at, due_at, returned_at, status, status_at) ",
        );
        insert.push_values(chunk, |mut row, staged| {
            row.push_bind(run).push_bind(staged.seq);
            Columns::push_record(&mut row, staged.record);
            row.push_bind(time_text(staged.status_at));
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// The one short step after which the run is applied whole.
pub async fn commit_run(conn: &mut SqliteConnection, run: ImportRunId) -> Result<(), StoreError> {
    sqlx::query("UPDATE import_runs SET state = 'committed' WHERE id = ?")
        .bind(run)
        .execute(conn)
        .await?;
    Ok(())
}

/// Committed runs not yet applied whole, oldest first.
pub async fn committed_runs(conn: &mut SqliteConnection) -> Result<Vec<ImportRunId>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM import_runs WHERE state = 'committed' ORDER BY id")
            .fetch_all(conn)
            .await?,
    )
}

/// Runs still staging that began before `before`: their import stopped.
pub async fn stale_runs(
    conn: &mut SqliteConnection,
    before: DateTime<Utc>,
) -> Result<Vec<ImportRunId>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM import_runs WHERE state = 'staging' AND started_at < ? ORDER BY id",
    )
    .bind(time_text(before))
    .fetch_all(conn)
    .await?)
}

/// Deletes up to `limit` staged rows of a run, then the run once it has none;
/// false when the run is gone.
pub async fn discard_some(
    conn: &mut SqliteConnection,
    run: ImportRunId,
    limit: u32,
) -> Result<bool, StoreError> {
    let deleted = sqlx::query(
        "DELETE FROM import_staging WHERE run_id = ?1 AND seq IN (
             SELECT seq FROM import_staging WHERE run_id = ?1 ORDER BY seq LIMIT ?2)",
    )
    .bind(run)
    .bind(limit)
    .execute(&mut *conn)
    .await?;
    if deleted.rows_affected() > 0 {
        return Ok(true);
    }
    sqlx::query("DELETE FROM import_runs WHERE id = ?")
        .bind(run)
        .execute(conn)
        .await?;
    Ok(false)
}

/// Applies the next `limit` staged rows of a committed run onto `dossiers`,
/// with a history row for each status that is not already current, and
/// removes them from the stage; returns the dossiers whose current status or
/// its time moved, or None when the run has no rows left (it is then
/// deleted). A dossier created since the file was compared is updated.
pub async fn apply_some(
    conn: &mut SqliteConnection,
    run: ImportRunId,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<Option<Vec<Settled>>, StoreError> {
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT max(seq) FROM (SELECT seq FROM import_staging WHERE run_id = ? ORDER BY seq LIMIT ?)",
    )
    .bind(run)
    .bind(limit)
    .fetch_one(&mut *conn)
    .await?;
    let Some(last) = last else {
        sqlx::query("DELETE FROM import_runs WHERE id = ?")
            .bind(run)
            .execute(conn)
            .await?;
        return Ok(None);
    };
    let updated_at = time_text(now);
    let source = Source::Import.as_str();
    // Existing dossiers first: a status that is not the current one becomes
    // history, and settle decides whether it is now the current one.
    let evented: Vec<DossierId> = sqlx::query_scalar(
        "INSERT INTO dossier_events (dossier_id, status, at, source)
         SELECT d.id, s.status, s.status_at, ?3 FROM import_staging s JOIN dossiers d ON d.code = s.code
         WHERE s.run_id = ?1 AND s.seq <= ?2 AND d.status != s.status
         RETURNING dossier_id",
    )
    .bind(run)
    .bind(last)
    .bind(source)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE dossiers SET procedure_code = s.procedure_code, agency_code = s.agency_code,
             commune_code = s.commune_code, channel = s.channel, received_at = s.received_at,
             due_at = s.due_at, returned_at = s.returned_at, updated_at = ?3
         FROM import_staging s WHERE s.run_id = ?1 AND s.seq <= ?2 AND s.code = dossiers.code",
    )
    .bind(run)
    .bind(last)
    .bind(&updated_at)
    .execute(&mut *conn)
    .await?;
    let moved = dossiers::settle(&mut *conn, &evented, now).await?;
    let inserted: Vec<DossierId> = sqlx::query_scalar(
        "INSERT INTO dossiers (code, procedure_code, agency_code, commune_code, channel, received_at, due_at,
             returned_at, status, status_at, updated_at)
         SELECT code, procedure_code, agency_code, commune_code, channel, received_at, due_at,
             returned_at, status, status_at, ?3
         FROM import_staging s WHERE s.run_id = ?1 AND s.seq <= ?2
             AND NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.code = s.code)
         RETURNING id",
    )
    .bind(run)
    .bind(last)
    .bind(&updated_at)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO dossier_events (dossier_id, status, at, source)
         SELECT d.id, d.status, d.status_at, ?2 FROM json_each(?1) j JOIN dossiers d ON d.id = j.value",
    )
    .bind(serde_json::to_string(&inserted).map_err(|e| StoreError::Corrupt(e.to_string()))?)
    .bind(source)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM import_staging WHERE run_id = ? AND seq <= ?")
        .bind(run)
        .bind(last)
        .execute(conn)
        .await?;
    Ok(Some(moved))
}
