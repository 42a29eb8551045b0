//! The inbox: every update written down before the channel is told it
//! arrived, and worked off from here. Any receiver (polling, a webhook) calls
//! [`receive`] and hands the rows it returns to the worker
//! ([`crate::jobs::waiting`]); the answer's transaction marks a row done
//! through [`super::updates::claim_update`].

use sqlx::SqliteConnection;

use super::{StoreError, now_text};
use crate::domain::ids::InboxId;

/// One update as a receiver hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    /// Channel-qualified and unique per update, e.g. `tg:1234`.
    pub update_key: String,
    /// Updates with the same chat key are handled one after another, in order.
    pub chat_key: String,
    /// The update as the channel sent it.
    pub body: String,
}

/// A row waiting for a handler.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Pending {
    pub id: InboxId,
    pub update_key: String,
    pub chat_key: String,
    pub body: String,
}

/// Where a source (such as Telegram's long poll) resumes: written with the
/// batch it confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume<'a> {
    pub source: &'a str,
    pub next_offset: i64,
}

/// The batch's insert: `?1` the time, `?2` the batch as a JSON array of
/// `[update_key, chat_key, body]`; an update that arrived before is only
/// counted. `WHERE true`: without it SQLite reads the upsert's ON as a
/// join's. Returns every row it touched with its deliveries.
macro_rules! receive_batch {
    () => {
        "INSERT INTO inbox (update_key, chat_key, body, received_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, ?1 FROM json_each(?2) WHERE true ORDER BY key
         ON CONFLICT (update_key) DO UPDATE SET deliveries = deliveries + 1
         RETURNING id, update_key, chat_key, body, deliveries"
    };
}

/// Writes `arrivals` down, in their order, and then where their source
/// resumes, in one query; returns the rows new here, to be handled, oldest
/// first. The caller's transaction commits the rows and the offset together.
/// An update that arrived before is only counted, so that a redelivery is
/// handled once.
pub async fn receive(
    conn: &mut SqliteConnection,
    arrivals: &[Arrival],
    resume: Option<Resume<'_>>,
) -> Result<Vec<Pending>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        pending: Pending,
        deliveries: i64,
    }
    let batch: Vec<[&str; 3]> = arrivals
        .iter()
        .map(|a| [a.update_key.as_str(), a.chat_key.as_str(), a.body.as_str()])
        .collect();
    let batch = serde_json::to_string(&batch).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let query = match resume {
        None => sqlx::query_as(receive_batch!()),
        Some(_) => sqlx::query_as(concat!(
            receive_batch!(),
            ";
             INSERT INTO inbox_offsets (source, next_offset) VALUES (?3, ?4)
             ON CONFLICT (source) DO UPDATE SET next_offset = max(next_offset, excluded.next_offset)"
        )),
    };
    let mut query = query.bind(now_text()).bind(batch);
    if let Some(resume) = resume {
        query = query.bind(resume.source).bind(resume.next_offset);
    }
    // `fetch_all`: a limit would stop before the offset's statement.
    let rows: Vec<Row> = query.fetch_all(conn).await?;
    let mut new: Vec<Pending> = rows
        .into_iter()
        .filter(|row| row.deliveries == 1)
        .map(|row| row.pending)
        .collect();
    // `RETURNING` promises no order.
    new.sort_by_key(|row| row.id);
    Ok(new)
}

/// How often `update_key` was delivered (0: never).
pub async fn deliveries(conn: &mut SqliteConnection, update_key: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT coalesce((SELECT deliveries FROM inbox WHERE update_key = ?), 0)",
    )
    .bind(update_key)
    .fetch_one(conn)
    .await?)
}

/// The offset `source` resumes from; 0 before its first batch.
pub async fn offset(conn: &mut SqliteConnection, source: &str) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT next_offset FROM inbox_offsets WHERE source = ?")
            .bind(source)
            .fetch_optional(conn)
            .await?
            .unwrap_or(0),
    )
}

/// The oldest `limit` rows waiting for a handler, oldest first: what the
/// worker holds in memory ([`crate::jobs::waiting`]).
pub async fn pending(
    conn: &mut SqliteConnection,
    limit: usize,
) -> Result<Vec<Pending>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, update_key, chat_key, body FROM inbox WHERE state = 'pending' ORDER BY id LIMIT ?",
    )
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(conn)
    .await?)
}

/// How the worker leaves a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// Answered: the answer's transaction (or an earlier delivery's) marked
    /// it done, so only its close, that its replies went out, is left.
    Answered,
    /// Nothing to answer: the close marks it done.
    Done,
    /// Handling failed with an error or a panic: it is not tried again.
    Failed,
}

/// The worker let go of `rows`: their replies went out or were given up on.
/// A row still pending was not answered and becomes what it was settled as;
/// an answered one stays done. One statement, whatever their number.
pub async fn finish(
    conn: &mut SqliteConnection,
    rows: &[(InboxId, Settled)],
) -> Result<(), StoreError> {
    let rows: Vec<(i64, &str)> = rows
        .iter()
        .map(|(id, settled)| {
            let state = match settled {
                Settled::Answered | Settled::Done => "done",
                Settled::Failed => "failed",
            };
            (id.0, state)
        })
        .collect();
    let rows = serde_json::to_string(&rows).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "UPDATE inbox SET finished_at = ?1,
           state = CASE inbox.state WHEN 'pending' THEN settled.value ->> 1 ELSE inbox.state END
         FROM json_each(?2) AS settled
         WHERE inbox.id = settled.value ->> 0",
    )
    .bind(now_text())
    .bind(rows)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rows answered whose replies were in flight when the last process
/// stopped, or whose close still waited to be written with others (at most
/// a tenth of a second: `jobs::inbox`): let go of, not answered again; how
/// many.
pub async fn let_go_of_answered(conn: &mut SqliteConnection) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE inbox SET finished_at = ? WHERE state <> 'pending' AND finished_at IS NULL",
    )
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Whether the worker has let go of `update_key` (false if it never arrived).
pub async fn is_finished(
    conn: &mut SqliteConnection,
    update_key: &str,
) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM inbox WHERE update_key = ? AND finished_at IS NOT NULL)",
    )
    .bind(update_key)
    .fetch_one(conn)
    .await?)
}
