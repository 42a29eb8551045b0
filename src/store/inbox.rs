//! The inbox: every update written down before the channel is told it
//! arrived, and worked off from here. Any receiver (polling, a webhook) calls
//! [`receive`]; the answer's transaction marks a row done through
//! [`super::updates::claim_update`].

use std::collections::HashSet;

use futures::TryStreamExt;
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

/// Writes `arrivals` down, in their order; an update that arrived before is
/// only counted, so that a redelivery is handled once. A batch is one
/// statement, however many updates a long poll brought.
pub async fn receive(conn: &mut SqliteConnection, arrivals: &[Arrival]) -> Result<(), StoreError> {
    let batch: Vec<[&str; 3]> = arrivals
        .iter()
        .map(|a| [a.update_key.as_str(), a.chat_key.as_str(), a.body.as_str()])
        .collect();
    let batch = serde_json::to_string(&batch).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // `WHERE true`: without it SQLite reads the upsert's ON as a join's.
    sqlx::query(
        "INSERT INTO inbox (update_key, chat_key, body, received_at)
         SELECT value ->> 0, value ->> 1, value ->> 2, ? FROM json_each(?) WHERE true ORDER BY key
         ON CONFLICT (update_key) DO UPDATE SET deliveries = deliveries + 1",
    )
    .bind(now_text())
    .bind(batch)
    .execute(conn)
    .await?;
    Ok(())
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

pub async fn set_offset(
    conn: &mut SqliteConnection,
    source: &str,
    next_offset: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO inbox_offsets (source, next_offset) VALUES (?, ?)
         ON CONFLICT (source) DO UPDATE SET next_offset = max(next_offset, excluded.next_offset)",
    )
    .bind(source)
    .bind(next_offset)
    .execute(conn)
    .await?;
    Ok(())
}

/// The oldest pending row of each chat not in `busy`, oldest first, at most
/// `limit`: a chat's next update waits until its previous one is finished.
/// Pending rows are read in arrival order until `limit` chats are found, so
/// that the cost is what a tick starts (and the rows of busy chats it skips),
/// not every update waiting in a burst.
pub async fn next_per_chat(
    conn: &mut SqliteConnection,
    busy: &HashSet<String>,
    limit: usize,
) -> Result<Vec<Pending>, StoreError> {
    let busy_json = serde_json::to_string(busy).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut rows = sqlx::query_as::<_, Pending>(
        "SELECT id, update_key, chat_key, body FROM inbox
         WHERE state = 'pending' AND chat_key NOT IN (SELECT value FROM json_each(?))
         ORDER BY id",
    )
    .bind(busy_json)
    .fetch(conn);
    let mut taken = HashSet::new();
    let mut next = Vec::new();
    while next.len() < limit
        && let Some(row) = rows.try_next().await?
    {
        // The first pending row met of a chat is its oldest.
        if taken.insert(row.chat_key.clone()) {
            next.push(row);
        }
    }
    Ok(next)
}

/// How the worker leaves a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// Answered (the answer's transaction marked it), or nothing to answer.
    Done,
    /// Handling failed with an error or a panic: it is not tried again.
    Failed,
}

/// The worker let go of `id`: its replies went out or were given up on. A row
/// still pending was not answered and becomes `settled`; an answered one
/// stays done.
pub async fn finish(
    conn: &mut SqliteConnection,
    id: InboxId,
    settled: Settled,
) -> Result<(), StoreError> {
    let state = match settled {
        Settled::Done => "done",
        Settled::Failed => "failed",
    };
    sqlx::query(
        "UPDATE inbox SET finished_at = ?,
           state = CASE state WHEN 'pending' THEN ? ELSE state END
         WHERE id = ?",
    )
    .bind(now_text())
    .bind(state)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Rows answered whose replies were in flight when the last process
/// stopped: let go of, not answered again; how many.
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
