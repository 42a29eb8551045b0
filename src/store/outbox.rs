//! Notifications sent away from any update, with a state per row so that a
//! restart loses none and sends none twice: `pending` → `sending` → `sent` |
//! `failed`; a row found `sending` at start-up was in flight when the process
//! stopped and becomes `uncertain`.
//!
//! Each chat's notifications leave in the order they were queued, one at a
//! time; chats do not wait for one another.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, SqliteConnection};

use super::{StoreError, now_text, parse_time, time_text};
use crate::domain::case::DeadlineStage;
use crate::domain::ids::{CaseId, ChatId, DossierId, OutboxId, ResponseId};
use crate::domain::{Grant, Status};

/// One notification as queued: what it is about, worded only when it leaves,
/// in the recipient's language at that moment. Stored as JSON whose `kind`
/// is also the row's `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notification {
    /// A followed dossier's new status, and when it took it.
    StatusChanged {
        dossier_id: DossierId,
        #[serde(with = "status_code")]
        status: Status,
        at: DateTime<Utc>,
    },
    /// The survey question, once the result was returned.
    #[serde(rename = "survey_invite")]
    SurveyInvitation { dossier_id: DossierId },
    #[serde(rename = "survey_reminder")]
    SurveyReminder { dossier_id: DossierId },
    /// A low rating, to the agency's staff chat.
    #[serde(rename = "low_rating")]
    LowRatingAlert { response_id: ResponseId },
    /// A late dossier's apology and new return date (Form 04).
    DelayApology { dossier_id: DossierId },
    /// The status source no longer knows a followed dossier, and the
    /// refresh has given up on it (`pull_asks::not_known`).
    SourceDropped { dossier_id: DossierId },
    /// A case to the staff chat that holds it (new, forwarded or reopened),
    /// with its photos; the message sent is recorded on the case.
    CaseToStaff { case_id: CaseId },
    /// A case's answer to its citizen, to be rated.
    CaseAnswer { case_id: CaseId },
    /// A case at a stage of its deadline: to whoever holds it, or, overdue,
    /// to each admin. Carries the due day it was about: a case answered or
    /// given a new deadline since is not worth the message.
    CaseDeadline {
        case_id: CaseId,
        due_day: NaiveDate,
        stage: DeadlineStage,
    },
    /// A role given (`Some`) or taken away (`None`), in the chat or by
    /// `hailong roles`, told to the person with what it lets them do; their
    /// command menu follows it. Not sent once their role has changed again.
    RoleChanged {
        #[serde(with = "grant_words")]
        granted: Option<Grant>,
    },
}

impl Notification {
    /// The row's `kind`, the same word as the JSON's.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::StatusChanged { .. } => "status_changed",
            Self::SurveyInvitation { .. } => "survey_invite",
            Self::SurveyReminder { .. } => "survey_reminder",
            Self::LowRatingAlert { .. } => LOW_RATING_ALERT,
            Self::DelayApology { .. } => "delay_apology",
            Self::SourceDropped { .. } => "source_dropped",
            Self::CaseToStaff { .. } => "case_to_staff",
            Self::CaseAnswer { .. } => "case_answer",
            Self::CaseDeadline { .. } => "case_deadline",
            Self::RoleChanged { .. } => "role_changed",
        }
    }

    /// The row's `payload`.
    pub fn payload(&self) -> Result<String, StoreError> {
        serde_json::to_string(self).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

/// The kind of [`Notification::LowRatingAlert`], for the SQL that finds one.
pub const LOW_RATING_ALERT: &str = "low_rating";

mod status_code {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::Status;

    pub fn serialize<S: Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(status.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Status, D::Error> {
        let code = i64::deserialize(d)?;
        Status::from_code(code).map_err(serde::de::Error::custom)
    }
}

/// A grant as the audit trail words it (`staff A B`, `admin`), or null.
mod grant_words {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::domain::Grant;
    use crate::store::roles::{describe, read_described};

    pub fn serialize<S: Serializer>(grant: &Option<Grant>, s: S) -> Result<S::Ok, S::Error> {
        grant.as_ref().map(describe).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Grant>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|words| read_described(&words))
            .transpose()
            .map_err(serde::de::Error::custom)
    }
}

/// A notification leased to be sent now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leased {
    pub id: OutboxId,
    pub chat_id: ChatId,
    /// Err (why) when the row cannot be read as a notification, e.g. a kind
    /// from a newer version: it is failed, not retried.
    pub notification: Result<Notification, String>,
    /// Tries so far, this one included.
    pub attempts: i64,
    pub queued_at: DateTime<Utc>,
}

#[derive(FromRow)]
struct LeasedRow {
    id: OutboxId,
    chat_id: ChatId,
    payload: String,
    attempts: i64,
    created_at: String,
}

/// Queues `notification` to `chat_id`, to leave no sooner than `not_before`.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    chat_id: ChatId,
    notification: &Notification,
    not_before: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (chat_id, kind, payload, not_before, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(chat_id)
    .bind(notification.kind())
    .bind(notification.payload()?)
    .bind(time_text(not_before))
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

/// Queues `notification` to every reachable follower of a dossier; returns how many.
pub async fn enqueue_for_followers(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
    notification: &Notification,
) -> Result<u64, StoreError> {
    let now = now_text();
    let done = sqlx::query(
        "INSERT INTO outbox (chat_id, kind, payload, not_before, created_at)
         SELECT f.user_id, ?1, ?2, ?3, ?3 FROM follows f JOIN citizens c ON c.user_id = f.user_id
         WHERE f.dossier_id = ?4 AND c.unreachable_since IS NULL",
    )
    .bind(notification.kind())
    .bind(notification.payload()?)
    .bind(&now)
    .bind(dossier_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// A pending row that is next in its chat: the chat has nothing in flight and
/// nothing older waiting. A row put back for a retry keeps its place; one
/// queued to leave later (a delayed alert) lets later ones by until it is due.
const NEXT_IN_CHAT: &str = "o.state = 'pending' AND o.not_before <= ?1
    AND o.id = (SELECT min(p.id) FROM outbox p WHERE p.chat_id = o.chat_id
        AND (p.state = 'sending' OR (p.state = 'pending' AND (p.not_before <= ?1 OR p.attempts > 0))))";

/// Marks up to `limit` notifications that may leave now as in flight, oldest
/// first, at most one per chat, and returns them.
pub async fn lease(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<Leased>, StoreError> {
    let sql = format!(
        "UPDATE outbox SET state = 'sending', attempts = attempts + 1
         WHERE id IN (SELECT o.id FROM outbox o WHERE {NEXT_IN_CHAT} ORDER BY o.id LIMIT ?2)
         RETURNING id, chat_id, payload, attempts, created_at"
    );
    let rows: Vec<LeasedRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(time_text(now))
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(conn)
        .await?;
    let mut leased = rows
        .into_iter()
        .map(|row| {
            Ok(Leased {
                id: row.id,
                chat_id: row.chat_id,
                notification: serde_json::from_str(&row.payload).map_err(|e| e.to_string()),
                attempts: row.attempts,
                queued_at: parse_time(&row.created_at)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    leased.sort_by_key(|item| item.id);
    Ok(leased)
}

/// The next moment a pending notification becomes due, if one waits.
pub async fn next_due_after(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let at: Option<String> = sqlx::query_scalar(
        "SELECT min(not_before) FROM outbox WHERE state = 'pending' AND not_before > ?",
    )
    .bind(time_text(now))
    .fetch_one(conn)
    .await?;
    at.as_deref().map(parse_time).transpose()
}

/// How many notifications are leaving, or may leave now: what is still to
/// go out before the bot stops, a retry or a delayed alert that waits for
/// its time aside.
pub async fn leaving(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE state = 'sending' OR (state = 'pending' AND not_before <= ?)",
    )
    .bind(time_text(now))
    .fetch_one(conn)
    .await?)
}

/// Ends a notification's life: `sent` or `failed` (with the reason).
pub async fn finish(
    conn: &mut SqliteConnection,
    id: OutboxId,
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

/// Puts a notification back in the queue until `not_before`.
pub async fn retry_later(
    conn: &mut SqliteConnection,
    id: OutboxId,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_queued_before_the_typed_outbox_reads_back_once_the_migration_added_its_kind() {
        // What `feed` used to queue, with the `kind` the migration copies in.
        let old = r#"{"dossier_id":7,"status":10,"at":"2026-01-07T08:00:00.000Z","kind":"status_changed"}"#;
        let read: Notification = serde_json::from_str(old).expect("reads");
        assert_eq!(
            read,
            Notification::StatusChanged {
                dossier_id: DossierId(7),
                status: Status::Returned,
                at: parse_time("2026-01-07T08:00:00.000Z").expect("a time"),
            }
        );
        let dossier_id = DossierId(7);
        for notification in [
            read,
            Notification::SurveyInvitation { dossier_id },
            Notification::SurveyReminder { dossier_id },
            Notification::LowRatingAlert {
                response_id: ResponseId(3),
            },
        ] {
            // The row's kind and the JSON's are one word.
            let payload = notification.payload().expect("serializes");
            let kind = format!(r#""kind":"{}""#, notification.kind());
            assert!(payload.contains(&kind), "{payload}");
        }
        assert!(serde_json::from_str::<Notification>(r#"{"kind":"status_changed","dossier_id":7,"status":99,"at":"2026-01-07T08:00:00Z"}"#).is_err());
    }

    /// What is still to go out: the due and the in-flight, not a retry or a
    /// delayed alert waiting for its time, nor what is over.
    #[tokio::test]
    async fn what_is_leaving_is_the_due_and_the_in_flight() {
        let (store, _url, _dir) = crate::store::tests::scratch().await;
        let mut tx = store.begin_write().await.expect("the writer");
        let now = Utc::now();
        let later = now + chrono::Duration::minutes(10);
        let news = Notification::RoleChanged { granted: None };
        for chat in 1..=4 {
            enqueue(&mut tx, ChatId(chat), &news, now)
                .await
                .expect("queued");
        }
        enqueue(&mut tx, ChatId(5), &news, later)
            .await
            .expect("queued");
        assert_eq!(leaving(&mut tx, now).await.expect("counted"), 4);
        let leased = lease(&mut tx, now, 3).await.expect("leased");
        assert_eq!(leased.len(), 3);
        assert_eq!(leaving(&mut tx, now).await.expect("counted"), 4);
        finish(&mut tx, leased[0].id, true, None)
            .await
            .expect("sent");
        retry_later(&mut tx, leased[1].id, later, "429")
            .await
            .expect("put back");
        finish(&mut tx, leased[2].id, false, Some("403"))
            .await
            .expect("failed");
        assert_eq!(leaving(&mut tx, now).await.expect("counted"), 1);
        assert_eq!(leaving(&mut tx, later).await.expect("counted"), 3);
    }

    /// The news of a role keeps the grant as the audit trail words it, and
    /// reads it back whole.
    #[test]
    fn the_news_of_a_role_reads_back_the_grant_it_carries() {
        let scoped = Grant::parse("staff", &["000.00.32.H12", "000.00.05.H12"]).expect("a grant");
        for granted in [Some(scoped), Some(Grant::Admin), None] {
            let news = Notification::RoleChanged { granted };
            let payload = news.payload().expect("serializes");
            assert!(payload.contains(r#""kind":"role_changed""#), "{payload}");
            let read: Notification = serde_json::from_str(&payload).expect("reads");
            assert_eq!(read, news);
        }
        let payload = Notification::RoleChanged {
            granted: Some(Grant::parse("staff", &["000.00.32.H12"]).expect("a grant")),
        }
        .payload()
        .expect("serializes");
        assert!(
            payload.contains(r#""granted":"staff 000.00.32.H12""#),
            "{payload}"
        );
        let unknown = r#"{"kind":"role_changed","granted":"boss"}"#;
        assert!(serde_json::from_str::<Notification>(unknown).is_err());
    }
}
