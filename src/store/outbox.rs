//! Messages sent away from any update (status notifications), with a state
//! per row so that a restart loses none and sends none twice.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use super::{StoreError, now_text, time_text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub chat_id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

/// Queues one message to every reachable follower of a dossier; returns how many.
pub async fn enqueue_for_followers(
    conn: &mut SqliteConnection,
    dossier_id: i64,
    kind: &str,
    payload: &str,
) -> Result<u64, StoreError> {
    let now = now_text();
    let done = sqlx::query(
        "INSERT INTO outbox (chat_id, kind, payload, not_before, created_at)
         SELECT f.user_id, ?, ?, ?, ? FROM follows f JOIN citizens c ON c.user_id = f.user_id
         WHERE f.dossier_id = ? AND c.unreachable_since IS NULL",
    )
    .bind(kind)
    .bind(payload)
    .bind(&now)
    .bind(&now)
    .bind(dossier_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Marks up to `limit` due messages as in flight and returns them.
pub async fn claim_due(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<OutboxItem>, StoreError> {
    let rows = sqlx::query(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND not_before <= ? ORDER BY id LIMIT ?)
         RETURNING id, chat_id, kind, payload, attempts",
    )
    .bind(time_text(now))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    let mut items = rows
        .iter()
        .map(|row| {
            Ok(OutboxItem {
                id: row.try_get(0)?,
                chat_id: row.try_get(1)?,
                kind: row.try_get(2)?,
                payload: row.try_get(3)?,
                attempts: row.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    items.sort_by_key(|item| item.id);
    Ok(items)
}

/// Ends a message's life: `sent` or `failed` (with the reason).
pub async fn finish(
    conn: &mut SqliteConnection,
    id: i64,
    sent: bool,
    error: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET state = ?, last_error = ?, done_at = ? WHERE id = ?")
        .bind(if sent { "sent" } else { "failed" })
        .bind(error)
        .bind(now_text())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Puts a message back in the queue until `not_before`.
pub async fn retry_later(
    conn: &mut SqliteConnection,
    id: i64,
    not_before: DateTime<Utc>,
    error: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET state = 'pending', not_before = ?, last_error = ? WHERE id = ?")
        .bind(time_text(not_before))
        .bind(error)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// At start-up: rows a previous process left in flight may or may not have
/// reached Telegram. They are set aside as `uncertain`, never sent again.
pub async fn set_aside_in_flight(conn: &mut SqliteConnection) -> Result<u64, StoreError> {
    let done =
        sqlx::query("UPDATE outbox SET state = 'uncertain', done_at = ? WHERE state = 'sending'")
            .bind(now_text())
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}

pub async fn count_in_state(conn: &mut SqliteConnection, state: &str) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state = ?")
            .bind(state)
            .fetch_one(conn)
            .await?,
    )
}
