//! The staff dashboard's login links (which were opened) and sessions.

use chrono::{DateTime, Utc};
use sqlx::{FromRow, SqliteConnection};

use super::{StoreError, parse_time, time_text};
use crate::domain::{Language, UserId};

/// A dashboard session as the page reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: UserId,
    /// The agencies the person could read at login; None: every agency.
    pub scope: Option<Vec<String>>,
    pub lang: Language,
    pub expires_at: DateTime<Utc>,
}

/// Marks the link `link_id` as opened; false when it already was. Links
/// opened before `forget_before` are forgotten first: they have expired, so
/// their signature alone refuses them.
pub async fn use_link(
    conn: &mut SqliteConnection,
    link_id: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> Result<bool, StoreError> {
    sqlx::query("DELETE FROM dashboard_used_links WHERE used_at < ?")
        .bind(time_text(forget_before))
        .execute(&mut *conn)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO dashboard_used_links (link_id, used_at) VALUES (?, ?)
         ON CONFLICT (link_id) DO NOTHING",
    )
    .bind(link_id)
    .bind(time_text(now))
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

fn scope_text(scope: &Option<Vec<String>>) -> Option<String> {
    scope
        .as_ref()
        .map(|codes| serde_json::Value::from(codes.clone()).to_string())
}

/// Opens a session whose cookie id hashes to `id_hash`; expired sessions
/// are deleted on the way.
pub async fn open(
    conn: &mut SqliteConnection,
    id_hash: &str,
    session: &Session,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM dashboard_sessions WHERE expires_at <= ?")
        .bind(time_text(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO dashboard_sessions (id_hash, user_id, scope, lang, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id_hash)
    .bind(session.user)
    .bind(scope_text(&session.scope))
    .bind(session.lang.code())
    .bind(time_text(now))
    .bind(time_text(session.expires_at))
    .execute(conn)
    .await?;
    Ok(())
}

/// The live session whose cookie id hashes to `id_hash`, if any.
pub async fn find(
    conn: &mut SqliteConnection,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        user_id: UserId,
        scope: Option<String>,
        lang: String,
        expires_at: String,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT user_id, scope, lang, expires_at FROM dashboard_sessions
         WHERE id_hash = ? AND expires_at > ?",
    )
    .bind(id_hash)
    .bind(time_text(now))
    .fetch_optional(conn)
    .await?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("dashboard_sessions.{what}"));
    row.map(|row| {
        Ok(Session {
            user: row.user_id,
            scope: row
                .scope
                .map(|s| serde_json::from_str(&s).map_err(|_| corrupt("scope")))
                .transpose()?,
            lang: Language::parse(&row.lang).map_err(|_| corrupt("lang"))?,
            expires_at: parse_time(&row.expires_at)?,
        })
    })
    .transpose()
}

/// Ends the session whose cookie id hashes to `id_hash`: its holder logged
/// out. Whose it was and the language it was read in, if there was one.
pub async fn end(
    conn: &mut SqliteConnection,
    id_hash: &str,
) -> Result<Option<(UserId, Language)>, StoreError> {
    let row: Option<(UserId, String)> =
        sqlx::query_as("DELETE FROM dashboard_sessions WHERE id_hash = ? RETURNING user_id, lang")
            .bind(id_hash)
            .fetch_optional(conn)
            .await?;
    row.map(|(user, lang)| {
        Language::parse(&lang)
            .map(|lang| (user, lang))
            .map_err(|_| StoreError::Corrupt("dashboard_sessions.lang".into()))
    })
    .transpose()
}

/// Ends every session of `user`: their role is gone or changed.
pub async fn end_all(conn: &mut SqliteConnection, user: UserId) -> Result<u64, StoreError> {
    Ok(
        sqlx::query("DELETE FROM dashboard_sessions WHERE user_id = ?")
            .bind(user)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}
