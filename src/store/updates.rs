use sqlx::SqliteConnection;

use super::{StoreError, inbox, now_text};

/// Records that `key` is being answered, and marks its inbox row done in the
/// same transaction as the answer; false when it was answered before.
pub async fn claim_update(conn: &mut SqliteConnection, key: &str) -> Result<bool, StoreError> {
    inbox::mark_done(&mut *conn, key).await?;
    let done = sqlx::query(
        "INSERT INTO handled_updates (update_key, handled_at) VALUES (?, ?)
         ON CONFLICT (update_key) DO NOTHING",
    )
    .bind(key)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The highest Telegram update id received or answered, 0 if none.
pub async fn last_telegram_update(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT max(
           coalesce((SELECT max(CAST(substr(update_key, 4) AS INTEGER)) FROM handled_updates
                     WHERE update_key LIKE 'tg:%'), 0),
           coalesce((SELECT next_offset - 1 FROM inbox_offsets WHERE source = 'telegram'), 0))",
    )
    .fetch_one(conn)
    .await?)
}

/// Telegram redelivers an update for at most a day; older keys, and inbox
/// rows the worker has finished with, are dead weight.
pub async fn forget_updates_before(
    conn: &mut SqliteConnection,
    before: &str,
) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM handled_updates WHERE handled_at < ?")
        .bind(before)
        .execute(&mut *conn)
        .await?;
    let finished = sqlx::query("DELETE FROM inbox WHERE finished_at < ?")
        .bind(before)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() + finished.rows_affected())
}
