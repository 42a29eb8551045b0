use serde::de::DeserializeOwned;
use sqlx::{FromRow, SqliteConnection};

use super::{StoreError, citizens, dialogues, now_text, roles};
use crate::domain::{ChatId, Grant, Language, UserId};

/// What an answer starts from, read as its update is claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim<S> {
    /// The chat's step; the default (idle) when it has none.
    pub step: S,
    /// What was granted to the sender in the chat or by `hailong roles`.
    pub granted: Option<Grant>,
    /// The language the sender chose, if they did ([`Language::answering`]).
    pub chosen_language: Option<Language>,
}

/// Marks the inbox row of `key` answered, in the same transaction as the
/// answer, and reads what the answer starts from: the step of `chat`, what
/// was granted to `sender` and the language they chose. None when the update
/// was answered before, or never received ([`super::inbox::receive`] writes
/// every update down first): the row's state is the one record of an answer.
/// What is read is read as `dialogues::step_column!`, `roles::grant_columns!`
/// and `citizens::chosen_language_column!` say.
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
        language: Option<String>,
    }
    // Two statements, not one `UPDATE … RETURNING`: SQLite builds a temporary
    // table for every `RETURNING`, which costs more than the second statement
    // on every update (BENCHMARKS.md).
    let claimed = sqlx::query(
        "UPDATE inbox SET state = 'done', answered_at = ?2
         WHERE update_key = ?1 AND state = 'pending'",
    )
    .bind(key)
    .bind(now_text())
    .execute(&mut *conn)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(None);
    }
    let row: Row = sqlx::query_as(concat!(
        "SELECT ",
        dialogues::step_column!("?1"),
        ", ",
        roles::grant_columns!("?2"),
        ", ",
        citizens::chosen_language_column!("?2"),
    ))
    .bind(chat)
    .bind(sender)
    .fetch_one(conn)
    .await?;
    let granted = match sender {
        Some(user) => row.grant.read(user)?,
        None => None,
    };
    Ok(Some(Claim {
        step: dialogues::parse_step(row.step)?,
        granted,
        chosen_language: citizens::parse_chosen(row.language)?,
    }))
}

/// The highest Telegram update id received or answered, 0 if none.
pub async fn last_telegram_update(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT max(
           coalesce((SELECT max(CAST(substr(update_key, 4) AS INTEGER)) FROM inbox
                     WHERE update_key LIKE 'tg:%'), 0),
           coalesce((SELECT next_offset - 1 FROM inbox_offsets WHERE source = 'telegram'), 0))",
    )
    .fetch_one(conn)
    .await?)
}

/// Telegram redelivers an update for at most a day; older inbox rows the
/// worker has finished with are dead weight.
pub async fn forget_updates_before(
    conn: &mut SqliteConnection,
    before: &str,
) -> Result<u64, StoreError> {
    // A few at a time (`in_chunks`), found by the table's index on time: a
    // row finished before `before` was received before it.
    super::in_chunks(conn, super::ROWS_AT_ONCE, |limit| {
        sqlx::query(
            "DELETE FROM inbox WHERE id IN
               (SELECT id FROM inbox WHERE received_at < ?1 AND finished_at < ?1 LIMIT ?2)",
        )
        .bind(before)
        .bind(limit)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ROWS_AT_ONCE;
    use crate::store::tests::{count, scratch};

    /// More old rows than one statement deletes, beside new ones and an old
    /// row still pending.
    #[tokio::test]
    async fn finished_inbox_rows_a_day_old_are_forgotten_whatever_their_number() {
        let (store, _url, _dir) = scratch().await;
        let old = ROWS_AT_ONCE + ROWS_AT_ONCE / 2;
        let mut tx = store.begin_write().await.expect("begins");
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 + 11)
             INSERT INTO inbox (update_key, chat_key, body, state, received_at, finished_at)
             SELECT 'tg:' || i, 'c', '{}',
                    CASE WHEN i = ?1 + 11 THEN 'pending' ELSE 'done' END,
                    CASE WHEN i <= ?1 OR i = ?1 + 11 THEN '2026-01-01' ELSE '2026-03-01' END,
                    CASE WHEN i <= ?1 THEN '2026-01-02' WHEN i = ?1 + 11 THEN NULL
                         ELSE '2026-03-02' END
             FROM n",
        )
        .bind(old)
        .execute(&mut *tx)
        .await
        .expect("rows");
        let forgotten = forget_updates_before(&mut tx, "2026-02-01")
            .await
            .expect("forgotten");
        assert_eq!(forgotten, u64::try_from(old).expect("positive"));
        assert_eq!(count(&mut tx, "SELECT count(*) FROM inbox").await, 11);
        assert_eq!(
            count(
                &mut tx,
                "SELECT count(*) FROM inbox WHERE state = 'pending'"
            )
            .await,
            1
        );
        tx.commit().await.expect("commits");
    }
}
