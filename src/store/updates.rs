use serde::de::DeserializeOwned;
use sqlx::{FromRow, SqliteConnection};

use super::{StoreError, dialogues, now_text, roles};
use crate::domain::{ChatId, Grant, UserId};

/// What an answer starts from, read as its update is claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim<S> {
    /// The chat's step; the default (idle) when it has none.
    pub step: S,
    /// What was granted to the sender in the chat or by `hailong roles`.
    pub granted: Option<Grant>,
}

/// Records that `key` is being answered and marks its inbox row done, in the
/// same transaction as the answer, and reads what the answer starts from:
/// the step of `chat` and what was granted to `sender`. None when the update
/// was answered before. One statement, as every update starts here; the
/// step and the grant are read as `dialogues::step_column!` and
/// `roles::grant_columns!` say.
pub async fn claim_update<S: DeserializeOwned + Default>(
    conn: &mut SqliteConnection,
    key: &str,
    chat: ChatId,
    sender: Option<UserId>,
) -> Result<Option<Claim<S>>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        step: Option<String>,
        #[sqlx(flatten)]
        grant: roles::GrantColumns,
    }
    // `fetch_all`, not `fetch_optional`: a limit would stop the statements
    // at the first row.
    let rows: Vec<Row> = sqlx::query_as(concat!(
        "UPDATE inbox SET state = 'done', answered_at = ?2 WHERE update_key = ?1 AND state = 'pending';
         INSERT INTO handled_updates (update_key, handled_at) VALUES (?1, ?2)
         ON CONFLICT (update_key) DO NOTHING RETURNING ",
        dialogues::step_column!("?3"),
        ", ",
        roles::grant_columns!("?4"),
    ))
    .bind(key)
    .bind(now_text())
    .bind(chat)
    .bind(sender)
    .fetch_all(conn)
    .await?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(None);
    };
    let granted = match sender {
        Some(user) => row.grant.read(user)?,
        None => None,
    };
    Ok(Some(Claim {
        step: dialogues::parse_step(row.step)?,
        granted,
    }))
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
