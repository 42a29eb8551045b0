//! Staged dossier imports: a run's rows wait in `import_staging` until the
//! whole file is there, and are applied onto `dossiers` in short batches once
//! the run is committed. The order of it all lives in `ingest::staged`.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

use super::dossiers::{Columns, DossierRecord, Settled, Source};
use super::{StoreError, dossier_days, parse_time, time_text};
use crate::domain::Status;
use crate::domain::deadline::Deadlines;
use crate::domain::ids::DossierId;
use crate::domain::precedence::{self, Current, Effect, Stamp};

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

/// A new or changed dossier, with the time its status takes effect and
/// whether the file gave that time.
pub struct StagedRow<'a> {
    pub seq: i64,
    pub record: &'a DossierRecord,
    pub status_at: DateTime<Utc>,
    pub dated: bool,
}

pub async fn stage(
    conn: &mut SqliteConnection,
    run: ImportRunId,
    rows: &[StagedRow<'_>],
) -> Result<(), StoreError> {
    // 16 parameters a row keeps each statement well under SQLite's 32766.
    const ROWS_PER_STATEMENT: usize = 1000;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO import_staging (run_id, seq, code, procedure_code, agency_code, commune_code, channel,
                 received_at, due_at, returned_at, status, new_due_at, delay_reason, status_at, dated, steps) ",
        );
        insert.push_values(chunk, |mut row, staged| {
            row.push_bind(run).push_bind(staged.seq);
            Columns::push_record(&mut row, staged.record);
            row.push_bind(time_text(staged.status_at))
                .push_bind(staged.dated)
                .push_bind(staged.record.steps_json());
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

/// Stored dossiers to which the staged rows `seqs` of `run` bring a Form 04
/// apology (a new date with a reason) they do not have yet; asked before
/// those rows are written.
async fn new_apologies(
    conn: &mut SqliteConnection,
    run: ImportRunId,
    seqs: &str,
) -> Result<Vec<DossierId>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT d.id FROM import_staging s JOIN dossiers d ON d.code = s.code
         WHERE s.run_id = ?1 AND s.seq IN (SELECT value FROM json_each(?2))
             AND s.new_due_at IS NOT NULL AND s.delay_reason IS NOT NULL
             AND (d.new_due_at IS NOT s.new_due_at OR d.delay_reason IS NOT s.delay_reason)",
    )
    .bind(run)
    .bind(seqs)
    .fetch_all(conn)
    .await?)
}

/// Writes the fields of the staged rows `?2` (a JSON list of seqs) of run
/// `?1` onto their dossiers, `?3` the time, and `$status` the status
/// columns to set as well, if any.
macro_rules! update_from_stage {
    ($status:literal) => {
        concat!(
            "UPDATE dossiers SET procedure_code = s.procedure_code, agency_code = s.agency_code,
                 commune_code = s.commune_code, channel = s.channel, received_at = s.received_at,
                 due_at = s.due_at, returned_at = s.returned_at, updated_at = ?3,
                 -- a row without a new date keeps the stored one and its reason
                 new_due_at = coalesce(s.new_due_at, dossiers.new_due_at),
                 delay_reason = CASE WHEN s.new_due_at IS NULL THEN dossiers.delay_reason ELSE s.delay_reason END",
            $status,
            "
             FROM import_staging s
             WHERE s.run_id = ?1 AND s.seq IN (SELECT value FROM json_each(?2)) AND s.code = dossiers.code"
        )
    };
}

/// What applying a batch did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Dossiers whose current status or its time moved.
    pub moved: Vec<Settled>,
    /// Rows older than the dossier's current status, kept as history.
    pub older: usize,
    /// Snapshot rows that may not move their dossier (see [`precedence`]).
    pub ignored: usize,
    /// Dossiers that got a Form 04 apology they did not have.
    pub apologies: Vec<DossierId>,
}

/// A staged row beside the dossier it would change, if there is one.
#[derive(FromRow)]
struct Pending {
    seq: i64,
    status: i64,
    status_at: String,
    dated: bool,
    id: Option<DossierId>,
    current: Option<i64>,
    current_at: Option<String>,
    current_dated: Option<bool>,
}

/// Applies the next `limit` staged rows of a committed run onto `dossiers`
/// and removes them from the stage; None when the run has no rows left (it
/// is then deleted). Each row's effect on a stored dossier is
/// [`precedence::effect`]'s, decided here under the write lock, so an event
/// the API recorded since the file was compared is not overwritten. A dossier
/// created since then is updated.
pub async fn apply_some(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    run: ImportRunId,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<Option<Applied>, StoreError> {
    let pending: Vec<Pending> = sqlx::query_as(
        "SELECT s.seq, s.status, s.status_at, s.dated, d.id, d.status AS current,
             d.status_at AS current_at, d.status_dated AS current_dated
         FROM import_staging s LEFT JOIN dossiers d ON d.code = s.code
         WHERE s.run_id = ? ORDER BY s.seq LIMIT ?",
    )
    .bind(run)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let Some(last) = pending.last().map(|p| p.seq) else {
        sqlx::query("DELETE FROM import_runs WHERE id = ?")
            .bind(run)
            .execute(conn)
            .await?;
        return Ok(None);
    };
    let mut applied = Applied::default();
    // Rows written without a new status, rows whose status becomes current,
    // and rows whose status joins the history (the latter two as events).
    let (mut stays, mut moves, mut evented) = (Vec::new(), Vec::new(), Vec::new());
    for row in &pending {
        let (Some(id), Some(status), Some(at), Some(dated)) =
            (row.id, row.current, &row.current_at, row.current_dated)
        else {
            continue;
        };
        let current = Current {
            status: Status::from_code(status)
                .map_err(|_| StoreError::Corrupt("dossiers.status".into()))?,
            at: parse_time(at)?,
            dated,
        };
        let stamp = if row.dated {
            Stamp::At(parse_time(&row.status_at)?)
        } else {
            Stamp::Snapshot
        };
        let news = row.status != status || (row.dated && row.status_at != *at);
        match precedence::effect(current, stamp) {
            Effect::Apply if news => {
                moves.push(row.seq);
                evented.push(row.seq);
                applied.moved.push(Settled {
                    id,
                    status: Status::from_code(row.status)
                        .map_err(|_| StoreError::Corrupt("import_staging.status".into()))?,
                    at: parse_time(&row.status_at)?,
                    status_changed: row.status != status,
                });
            }
            Effect::Apply => stays.push(row.seq),
            Effect::History => {
                applied.older += 1;
                if news {
                    evented.push(row.seq);
                }
            }
            Effect::Ignore => applied.ignored += 1,
        }
    }
    let source = Source::Import.as_str();
    // `seq IN (SELECT value FROM json_each(?))`, not a join with json_each:
    // the planner would then walk every staged row of the run per batch.
    let seqs =
        |seqs: &[i64]| serde_json::to_string(seqs).map_err(|e| StoreError::Corrupt(e.to_string()));
    sqlx::query(
        "INSERT INTO dossier_events (dossier_id, status, at, dated, source)
         SELECT d.id, s.status, s.status_at, s.dated, ?3
         FROM import_staging s JOIN dossiers d ON d.code = s.code
         WHERE s.run_id = ?1 AND s.seq IN (SELECT value FROM json_each(?2))",
    )
    .bind(run)
    .bind(seqs(&evented)?)
    .bind(source)
    .execute(&mut *conn)
    .await?;
    let written = [&stays[..], &moves[..]].concat();
    applied.apologies = new_apologies(&mut *conn, run, &seqs(&written)?).await?;
    let updated_at = time_text(now);
    // An applied row's event is the newest of its dossier (that is what
    // `Effect::Apply` means), so its status becomes current here, in the same
    // write as its fields, as `dossiers::settle` would make it.
    for (rows, update) in [
        (&stays, update_from_stage!("")),
        (
            &moves,
            update_from_stage!(
                ", status = s.status, status_at = s.status_at, status_dated = s.dated"
            ),
        ),
    ] {
        sqlx::query(update)
            .bind(run)
            .bind(seqs(rows)?)
            .bind(&updated_at)
            .execute(&mut *conn)
            .await?;
    }
    let inserted: Vec<DossierId> = sqlx::query_scalar(
        "INSERT INTO dossiers (code, procedure_code, agency_code, commune_code, channel, received_at, due_at,
             returned_at, status, status_at, status_dated, updated_at, new_due_at, delay_reason)
         SELECT code, procedure_code, agency_code, commune_code, channel, received_at, due_at,
             returned_at, status, status_at, dated, ?3, new_due_at, delay_reason
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
        "INSERT INTO dossier_events (dossier_id, status, at, dated, source)
         SELECT d.id, d.status, d.status_at, d.status_dated, ?2
         FROM json_each(?1) j JOIN dossiers d ON d.id = j.value",
    )
    .bind(serde_json::to_string(&inserted).map_err(|e| StoreError::Corrupt(e.to_string()))?)
    .bind(source)
    .execute(&mut *conn)
    .await?;
    // Rows that carry steps replace their dossier's steps: the rows written
    // above, and the new dossiers.
    let stepped: Vec<i64> = sqlx::query_scalar(
        "SELECT s.seq FROM import_staging s WHERE s.run_id = ?1 AND s.steps IS NOT NULL
           AND (s.seq IN (SELECT value FROM json_each(?2))
                OR s.code IN (SELECT d.code FROM json_each(?3) j JOIN dossiers d ON d.id = j.value))",
    )
        .bind(run)
        .bind(seqs(&written)?)
        .bind(serde_json::to_string(&inserted).map_err(|e| StoreError::Corrupt(e.to_string()))?)
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM dossier_steps WHERE dossier_id IN (
             SELECT d.id FROM import_staging s JOIN dossiers d ON d.code = s.code
             WHERE s.run_id = ?1 AND s.seq IN (SELECT value FROM json_each(?2)))",
    )
    .bind(run)
    .bind(seqs(&stepped)?)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO dossier_steps (dossier_id, seq, agency_code, started_at, finished_at)
         SELECT d.id, step.key + 1, step.value ->> 0, step.value ->> 1, step.value ->> 2
         FROM import_staging s JOIN dossiers d ON d.code = s.code, json_each(s.steps) step
         WHERE s.run_id = ?1 AND s.seq IN (SELECT value FROM json_each(?2))",
    )
    .bind(run)
    .bind(seqs(&stepped)?)
    .execute(&mut *conn)
    .await?;
    // Every dossier the batch touched is decided again: a new status, a new
    // promise or new steps may change its lateness.
    let touched: Vec<DossierId> = pending
        .iter()
        .filter_map(|p| p.id)
        .chain(inserted.iter().copied())
        .collect();
    dossier_days::decide(&mut *conn, deadlines, &touched).await?;
    sqlx::query("DELETE FROM import_staging WHERE run_id = ? AND seq <= ?")
        .bind(run)
        .bind(last)
        .execute(conn)
        .await?;
    Ok(Some(applied))
}
