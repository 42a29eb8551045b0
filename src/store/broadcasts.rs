//! Broadcasts: the notice, one row per recipient with where its delivery
//! stands, and the drafts admins compose in the chat.

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, SqliteConnection};

use super::{StoreError, audit, now_text, parse_time, time_text};
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::{Audience, Language, UserId};

/// Citizens who may receive a broadcast at all.
const REACHABLE: &str = "c.notices_off = 0 AND c.unreachable_since IS NULL";

/// Whether the recipient of the row being updated may still hear broadcasts.
const CAN_HEAR: &str = "SELECT 1 FROM citizens c
     WHERE c.user_id = broadcast_recipients.chat_id AND c.notices_off = 0 AND c.unreachable_since IS NULL";

/// The language the bot speaks to a citizen, in SQL, as `Language::from_client` decides it.
const LANGUAGE: &str = "COALESCE(c.language, CASE lower(substr(c.client_language, 1, 2))
     WHEN 'en' THEN 'en' WHEN 'km' THEN 'km' ELSE 'vi' END)";

/// The members of an audience, as `SELECT user_id` with its parameter, if any.
fn members(audience: &Audience) -> (String, Option<String>) {
    let followers = |column: &str| {
        format!(
            "SELECT DISTINCT c.user_id FROM citizens c
             JOIN follows f ON f.user_id = c.user_id
             JOIN dossiers d ON d.id = f.dossier_id
             WHERE {REACHABLE} AND d.{column} = ?"
        )
    };
    match audience {
        Audience::All => (
            format!("SELECT c.user_id FROM citizens c WHERE {REACHABLE}"),
            None,
        ),
        Audience::Commune(code) => (followers("commune_code"), Some(code.as_str().to_owned())),
        Audience::Agency(code) => (followers("agency_code"), Some(code.as_str().to_owned())),
        Audience::Procedure(code) => (followers("procedure_code"), Some(code.as_str().to_owned())),
        Audience::Language(lang) => (
            format!("SELECT c.user_id FROM citizens c WHERE {REACHABLE} AND {LANGUAGE} = ?"),
            Some(lang.code().to_owned()),
        ),
    }
}

/// How many citizens a broadcast to `audience` would reach now.
pub async fn audience_size(
    conn: &mut SqliteConnection,
    audience: &Audience,
) -> Result<i64, StoreError> {
    let (select, parameter) = members(audience);
    let sql = format!("SELECT count(*) FROM ({select})");
    Ok(sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(parameter)
        .fetch_one(conn)
        .await?)
}

/// The groups of one kind an audience can be drawn from, largest first, with
/// how many citizens each would reach. Groups nobody would hear are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Commune,
    Agency,
    Procedure,
    Language,
}

pub async fn audience_groups(
    conn: &mut SqliteConnection,
    grouping: Grouping,
    limit: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    let followers = |column: &str| {
        format!(
            "SELECT d.{column}, count(DISTINCT c.user_id) AS n FROM citizens c
             JOIN follows f ON f.user_id = c.user_id
             JOIN dossiers d ON d.id = f.dossier_id
             WHERE {REACHABLE} AND d.{column} IS NOT NULL
             GROUP BY d.{column} ORDER BY n DESC, d.{column} LIMIT ?"
        )
    };
    let sql = match grouping {
        Grouping::Commune => followers("commune_code"),
        Grouping::Agency => followers("agency_code"),
        Grouping::Procedure => followers("procedure_code"),
        Grouping::Language => format!(
            "SELECT {LANGUAGE} AS lang, count(*) AS n FROM citizens c WHERE {REACHABLE}
             GROUP BY lang ORDER BY n DESC, lang LIMIT ?"
        ),
    };
    let rows = sqlx::query_as(AssertSqlSafe(sql))
        .bind(limit)
        .fetch_all(conn)
        .await?;
    Ok(rows)
}

/// A broadcast as it is made, before anyone has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBroadcast {
    pub text_html: String,
    pub photo_file_id: Option<String>,
    pub photo_bytes: Option<Vec<u8>>,
    pub audience: Audience,
    pub created_by: String,
    pub idempotency_key: Option<String>,
    pub progress_chat_id: Option<i64>,
    pub progress_message_id: Option<i64>,
}

/// Adds the members of `audience` to broadcast `id`, `at_once` at a time in
/// the order of their ids ([`super::in_chunks`]); how many.
async fn add_recipients(
    conn: &mut SqliteConnection,
    id: i64,
    now: &str,
    audience: &Audience,
    at_once: i64,
) -> Result<i64, StoreError> {
    let (select, parameter) = members(audience);
    // The next are those after the last added, or from the first. Every
    // parameter is a plain `?`, bound in order: `select`'s has no number.
    let sql = format!(
        "INSERT INTO broadcast_recipients (broadcast_id, chat_id, not_before)
         SELECT ?, user_id, ? FROM ({select})
         WHERE user_id > coalesce(
             (SELECT max(chat_id) FROM broadcast_recipients WHERE broadcast_id = ?), ?)
         ORDER BY user_id LIMIT ?"
    );
    let added = super::in_chunks(conn, at_once, |limit| {
        let query = sqlx::query(AssertSqlSafe(sql.clone())).bind(id).bind(now);
        let query = match &parameter {
            Some(parameter) => query.bind(parameter.clone()),
            None => query,
        };
        query.bind(id).bind(i64::MIN).bind(limit)
    })
    .await?;
    Ok(i64::try_from(added).unwrap_or(i64::MAX))
}

/// Saves the broadcast with its recipients, as the audience is now; returns
/// its id and how many recipients it has.
pub async fn create(
    conn: &mut SqliteConnection,
    new: &NewBroadcast,
) -> Result<(i64, i64), StoreError> {
    let now = now_text();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO broadcasts (text_html, photo_file_id, photo_bytes, audience, created_by,
             idempotency_key, progress_chat_id, progress_message_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&new.text_html)
    .bind(&new.photo_file_id)
    .bind(&new.photo_bytes)
    .bind(new.audience.to_string())
    .bind(&new.created_by)
    .bind(&new.idempotency_key)
    .bind(new.progress_chat_id)
    .bind(new.progress_message_id)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    let recipients = add_recipients(conn, id, &now, &new.audience, super::ROWS_AT_ONCE).await?;
    // Who sent it, in the audit trail: an admin in the chat (`tg:ID`), else
    // the operator (the command line, or the API's holder of its token).
    let actor = new
        .created_by
        .strip_prefix("tg:")
        .and_then(|id| id.parse().ok())
        .map_or(AuditActor::Operator, |id| AuditActor::User(UserId(id)));
    let entry = audit::Entry {
        at: Utc::now(),
        actor,
        action: AuditAction::Broadcast,
        target: Some(format!("broadcast {id}")),
        detail: Some(format!(
            "{} via {}: {recipients} recipients",
            new.audience, new.created_by
        )),
    };
    audit::record(conn, &entry).await?;
    Ok((id, recipients))
}

pub async fn by_idempotency_key(
    conn: &mut SqliteConnection,
    key: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM broadcasts WHERE idempotency_key = ?")
            .bind(key)
            .fetch_optional(conn)
            .await?,
    )
}

/// What the worker needs of a broadcast being sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub text_html: String,
    pub photo_file_id: Option<String>,
    pub photo_bytes: Option<Vec<u8>>,
    pub progress_chat_id: Option<i64>,
    pub progress_message_id: Option<i64>,
    /// When sending first began, before any restart.
    pub started_at: DateTime<Utc>,
}

/// The oldest broadcast not yet finished, marked as sending.
pub async fn start_next(conn: &mut SqliteConnection) -> Result<Option<Job>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        text_html: String,
        photo_file_id: Option<String>,
        photo_bytes: Option<Vec<u8>>,
        progress_chat_id: Option<i64>,
        progress_message_id: Option<i64>,
        started_at: String,
    }
    let row: Option<Row> = sqlx::query_as(
        "UPDATE broadcasts SET state = 'sending', started_at = coalesce(started_at, ?)
         WHERE id = (SELECT id FROM broadcasts WHERE state IN ('queued', 'sending') ORDER BY id LIMIT 1)
         RETURNING id, text_html, photo_file_id, photo_bytes, progress_chat_id, progress_message_id,
             started_at",
    )
    .bind(now_text())
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(Job {
            id: row.id,
            text_html: row.text_html,
            photo_file_id: row.photo_file_id,
            photo_bytes: row.photo_bytes,
            progress_chat_id: row.progress_chat_id,
            progress_message_id: row.progress_message_id,
            started_at: parse_time(&row.started_at)?,
        })
    })
    .transpose()
}

pub async fn set_photo_file_id(
    conn: &mut SqliteConnection,
    id: i64,
    file_id: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE broadcasts SET photo_file_id = ?, photo_bytes = NULL WHERE id = ?")
        .bind(file_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_progress_message(
    conn: &mut SqliteConnection,
    id: i64,
    message_id: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE broadcasts SET progress_message_id = ? WHERE id = ?")
        .bind(message_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// One recipient whose message is about to leave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    pub chat_id: i64,
    pub attempts: i64,
    pub language: Language,
}

/// Marks the next due recipient of a sending broadcast as in flight. One who
/// opted out or became unreachable since is marked skipped instead, and the
/// next one is taken.
pub async fn claim_next(
    conn: &mut SqliteConnection,
    broadcast_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Claimed>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        chat_id: i64,
        attempts: i64,
        state: String,
        language: Option<String>,
    }
    loop {
        let row: Option<Row> = sqlx::query_as(AssertSqlSafe(format!(
            "UPDATE broadcast_recipients SET
                 state = CASE WHEN EXISTS ({CAN_HEAR}) THEN 'sending' ELSE 'skipped' END,
                 attempts = attempts + 1,
                 done_at = CASE WHEN EXISTS ({CAN_HEAR}) THEN NULL ELSE ?1 END
             WHERE broadcast_id = ?2 AND chat_id = (
                 SELECT chat_id FROM broadcast_recipients
                 WHERE broadcast_id = ?2 AND state = 'pending' AND not_before <= ?1
                 ORDER BY not_before, chat_id LIMIT 1)
               AND EXISTS (SELECT 1 FROM broadcasts b WHERE b.id = ?2 AND b.state = 'sending')
             RETURNING chat_id, attempts, state,
                 (SELECT {LANGUAGE} FROM citizens c WHERE c.user_id = broadcast_recipients.chat_id)
                     AS language"
        )))
        .bind(time_text(now))
        .bind(broadcast_id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        if row.state == "sending" {
            return Ok(Some(Claimed {
                chat_id: row.chat_id,
                attempts: row.attempts,
                language: Language::from_client(row.language.as_deref()),
            }));
        }
    }
}

/// Where a recipient's delivery ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// The user blocked the bot or deleted the account.
    Blocked,
    Failed,
}

pub async fn finish_recipient(
    conn: &mut SqliteConnection,
    broadcast_id: i64,
    chat_id: i64,
    outcome: Outcome,
    error: Option<&str>,
) -> Result<(), StoreError> {
    let state = match outcome {
        Outcome::Delivered => "delivered",
        Outcome::Blocked => "blocked",
        Outcome::Failed => "failed",
    };
    sqlx::query(
        "UPDATE broadcast_recipients SET state = ?, last_error = ?, done_at = ?
         WHERE broadcast_id = ? AND chat_id = ?",
    )
    .bind(state)
    .bind(error)
    .bind(now_text())
    .bind(broadcast_id)
    .bind(chat_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Back in the queue until `not_before`: Telegram did not take the message.
pub async fn retry_recipient(
    conn: &mut SqliteConnection,
    broadcast_id: i64,
    chat_id: i64,
    not_before: DateTime<Utc>,
    error: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE broadcast_recipients SET state = 'pending', not_before = ?, last_error = ?
         WHERE broadcast_id = ? AND chat_id = ? AND state = 'sending'",
    )
    .bind(time_text(not_before))
    .bind(error)
    .bind(broadcast_id)
    .bind(chat_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// When the earliest recipient waiting for a retry is due, if any waits.
pub async fn next_due(
    conn: &mut SqliteConnection,
    broadcast_id: i64,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let at: Option<String> = sqlx::query_scalar(
        "SELECT min(not_before) FROM broadcast_recipients WHERE broadcast_id = ? AND state = 'pending'",
    )
    .bind(broadcast_id)
    .fetch_one(conn)
    .await?;
    at.as_deref().map(parse_time).transpose()
}

/// Ends a broadcast with nothing left to send; a cancelled one stays cancelled.
pub async fn finish(conn: &mut SqliteConnection, id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE broadcasts SET state = CASE state WHEN 'cancelled' THEN 'cancelled' ELSE 'finished' END,
             finished_at = coalesce(finished_at, ?) WHERE id = ?",
    )
    .bind(now_text())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stops a broadcast: recipients not yet sent to never will be. Messages in
/// flight end as they end. False if there is no such broadcast still running.
pub async fn cancel(conn: &mut SqliteConnection, id: i64) -> Result<bool, StoreError> {
    let now = now_text();
    let stopped = sqlx::query(
        "UPDATE broadcasts SET state = 'cancelled', finished_at = ?
         WHERE id = ? AND state IN ('queued', 'sending')",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if stopped.rows_affected() == 0 {
        return Ok(false);
    }
    // A few at a time, as a broadcast's recipients are added.
    super::in_chunks(conn, super::ROWS_AT_ONCE, |limit| {
        sqlx::query(
            "UPDATE broadcast_recipients SET state = 'cancelled', done_at = ?
             WHERE broadcast_id = ? AND chat_id IN (SELECT chat_id FROM broadcast_recipients
                                                    WHERE broadcast_id = ? AND state = 'pending'
                                                    LIMIT ?)",
        )
        .bind(now.clone())
        .bind(id)
        .bind(id)
        .bind(limit)
    })
    .await?;
    Ok(true)
}

/// At start-up: recipients a previous process left in flight may or may not
/// have their message. They are set aside as uncertain, never sent again.
pub async fn set_aside_in_flight(conn: &mut SqliteConnection) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE broadcast_recipients SET state = 'uncertain', done_at = ? WHERE state = 'sending'",
    )
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// How many recipients of a broadcast are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub total: i64,
    pub pending: i64,
    pub sending: i64,
    pub delivered: i64,
    pub blocked: i64,
    pub failed: i64,
    pub uncertain: i64,
    pub skipped: i64,
    pub cancelled: i64,
}

impl Tally {
    /// Recipients whose turn has come and gone.
    pub fn done(&self) -> i64 {
        self.total - self.pending - self.sending
    }
}

pub async fn tally(conn: &mut SqliteConnection, id: i64) -> Result<Tally, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT state, count(*) FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY state",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    let mut tally = Tally::default();
    for (state, n) in rows {
        tally.total += n;
        *match state.as_str() {
            "pending" => &mut tally.pending,
            "sending" => &mut tally.sending,
            "delivered" => &mut tally.delivered,
            "blocked" => &mut tally.blocked,
            "failed" => &mut tally.failed,
            "uncertain" => &mut tally.uncertain,
            "skipped" => &mut tally.skipped,
            "cancelled" => &mut tally.cancelled,
            other => return Err(StoreError::Corrupt(format!("recipient state {other}"))),
        } += n;
    }
    Ok(tally)
}

/// A broadcast as lists and reports show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub id: i64,
    pub audience: String,
    pub state: String,
    pub created_by: String,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub has_photo: bool,
    pub recipients: Tally,
}

const SUMMARY: &str = "SELECT id, audience, state, created_by, created_at, started_at, finished_at,
     photo_file_id IS NOT NULL OR photo_bytes IS NOT NULL AS has_photo FROM broadcasts";

/// A row of [`SUMMARY`].
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    audience: String,
    state: String,
    created_by: String,
    created_at: String,
    started_at: Option<String>,
    finished_at: Option<String>,
    has_photo: bool,
}

async fn summaries(
    conn: &mut SqliteConnection,
    rows: Vec<SummaryRow>,
) -> Result<Vec<Summary>, StoreError> {
    let mut found = Vec::with_capacity(rows.len());
    for row in rows {
        found.push(Summary {
            id: row.id,
            audience: row.audience,
            state: row.state,
            created_by: row.created_by,
            created_at: row.created_at,
            started_at: row.started_at,
            finished_at: row.finished_at,
            has_photo: row.has_photo,
            recipients: tally(conn, row.id).await?,
        });
    }
    Ok(found)
}

pub async fn recent(conn: &mut SqliteConnection, limit: i64) -> Result<Vec<Summary>, StoreError> {
    let rows = sqlx::query_as(AssertSqlSafe(format!("{SUMMARY} ORDER BY id DESC LIMIT ?")))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
    summaries(conn, rows).await
}

pub async fn summary(conn: &mut SqliteConnection, id: i64) -> Result<Option<Summary>, StoreError> {
    let rows = sqlx::query_as(AssertSqlSafe(format!("{SUMMARY} WHERE id = ?")))
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(summaries(conn, rows).await?.pop())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::store::citizens::touch_citizen;
    use crate::store::tests::scratch;

    /// Seven citizens, three at a time: three statements, two yields, for an
    /// audience with a parameter and one without.
    #[tokio::test]
    async fn recipients_are_added_a_few_at_a_time_each_once_letting_other_tasks_run_between() {
        let (store, _url, _dir) = scratch().await;
        let mut tx = store.begin_write().await.expect("begins");
        for user in [5, 1, 7, 3, 2, 6, 4] {
            touch_citizen(&mut tx, UserId(user), None)
                .await
                .expect("a citizen");
        }
        for audience in [Audience::All, Audience::Language(Language::Vi)] {
            added_in_chunks(&mut tx, &audience).await;
        }
    }

    async fn added_in_chunks(tx: &mut SqliteConnection, audience: &Audience) {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO broadcasts (text_html, audience, created_by, created_at)
             VALUES ('x', ?, 'cli', '2026-11-27T00:00:00.000Z') RETURNING id",
        )
        .bind(audience.to_string())
        .fetch_one(&mut *tx)
        .await
        .expect("a broadcast");
        let ticks = Arc::new(AtomicUsize::new(0));
        let ticker = tokio::spawn({
            let ticks = ticks.clone();
            async move {
                loop {
                    ticks.fetch_add(1, Ordering::Relaxed);
                    tokio::task::yield_now().await;
                }
            }
        });
        tokio::task::yield_now().await;
        let before = ticks.load(Ordering::Relaxed);
        let added = add_recipients(tx, id, &now_text(), audience, 3)
            .await
            .expect("added");
        let ran = ticks.load(Ordering::Relaxed) - before;
        ticker.abort();
        assert_eq!(added, 7, "{audience}");
        assert_eq!(
            ran, 2,
            "the other task ran {ran} times meanwhile ({audience})"
        );
        let chats: Vec<i64> = sqlx::query_scalar(
            "SELECT chat_id FROM broadcast_recipients WHERE broadcast_id = ? ORDER BY chat_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await
        .expect("read");
        assert_eq!(chats, [1, 2, 3, 4, 5, 6, 7], "{audience}");
    }
}
