//! Each returned dossier's lateness and whether its steps were on time,
//! decided by [`Deadlines`] when the dossier is settled and stored with it;
//! triggers sum them per return day and grouping in `dossier_days`, which
//! the index reads instead of every returned dossier and its history.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{FromRow, SqliteConnection};

use super::lateness::FactsRow;
use super::{StoreError, parse_time};
use crate::domain::deadline::Deadlines;
use crate::domain::moment::local_date;
use crate::domain::{DossierId, Status};

/// Decides again, from what is stored now, the return day, lateness and step
/// timeliness of each of `ids` (NULL for those not returned). Called by every
/// write that can change them, in its transaction.
pub async fn decide(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    ids: &[DossierId],
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    #[derive(FromRow)]
    struct Row {
        id: DossierId,
        #[sqlx(flatten)]
        facts: FactsRow,
    }
    #[derive(FromRow)]
    struct Event {
        dossier_id: DossierId,
        status: i64,
        at: String,
    }
    #[derive(FromRow)]
    struct Step {
        dossier_id: DossierId,
        finished_at: String,
    }
    let ids = serde_json::to_string(ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT d.id, d.status, d.due_at, d.returned_at, d.new_due_at, d.delay_reason
         FROM json_each(?) j JOIN dossiers d ON d.id = j.value",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    // Only dossiers that waited for the citizen (5 or 6) have waits to read.
    let events: Vec<Event> = sqlx::query_as(
        "SELECT e.dossier_id, e.status, e.at FROM json_each(?) j JOIN dossier_events e ON e.dossier_id = j.value
         WHERE EXISTS (SELECT 1 FROM dossier_events w WHERE w.dossier_id = j.value AND w.status IN (5, 6))
         ORDER BY e.dossier_id, e.at, e.id",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let steps: Vec<Step> = sqlx::query_as(
        "SELECT s.dossier_id, s.finished_at FROM json_each(?) j JOIN dossier_steps s ON s.dossier_id = j.value",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let corrupt = |what: &str| StoreError::Corrupt(what.to_owned());
    let status = |code| Status::from_code(code).map_err(|_| corrupt("status"));
    let mut histories: HashMap<DossierId, Vec<(Status, DateTime<Utc>)>> = HashMap::new();
    for event in events {
        histories
            .entry(event.dossier_id)
            .or_default()
            .push((status(event.status)?, parse_time(&event.at)?));
    }
    let mut finished: HashMap<DossierId, Vec<DateTime<Utc>>> = HashMap::new();
    for step in steps {
        finished
            .entry(step.dossier_id)
            .or_default()
            .push(parse_time(&step.finished_at)?);
    }
    let mut decided = Vec::with_capacity(rows.len());
    for row in rows {
        let history = histories.get(&row.id).map(Vec::as_slice);
        let facts = row.facts.facts(history.unwrap_or_default())?;
        let returned_at = facts.returned_at;
        let lateness = deadlines.lateness(&facts);
        let steps_on_time = lateness.and_then(|_| {
            deadlines.steps_on_time(
                &facts,
                finished.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
            )
        });
        decided.push(serde_json::json!([
            row.id,
            lateness.and(returned_at.map(|at| local_date(at).to_string())),
            lateness.map(|l| l.code()),
            steps_on_time.map(i64::from),
        ]));
    }
    // Only rows whose figures change are written: the triggers of
    // `dossier_days` move the per-day sums from the old figures to the new.
    sqlx::query(
        "UPDATE dossiers SET return_day = j.value ->> 1, lateness = j.value ->> 2,
             steps_on_time = j.value ->> 3
         FROM json_each(?) j
         WHERE dossiers.id = j.value ->> 0
           AND (return_day IS NOT j.value ->> 1 OR lateness IS NOT j.value ->> 2
                OR steps_on_time IS NOT j.value ->> 3)",
    )
    .bind(serde_json::Value::Array(decided).to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Decides the returned dossiers not yet decided: those returned before the
/// migration that added the figures, which SQL could not decide (the
/// working-day calendar is configuration).
pub async fn decide_undecided(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
) -> Result<(), StoreError> {
    let ids = undecided(&mut *conn).await?;
    decide(conn, deadlines, &ids).await
}

/// The returned dossiers whose lateness is not decided yet.
pub async fn undecided(conn: &mut SqliteConnection) -> Result<Vec<DossierId>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM dossiers WHERE status = 10 AND lateness IS NULL")
            .fetch_all(conn)
            .await?,
    )
}
