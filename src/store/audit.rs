//! The audit trail: appended to in the transaction of the action it records,
//! never changed (the table's triggers refuse it).

use chrono::{DateTime, Utc};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::{StoreError, parse_time, time_text};
use crate::domain::UserId;
use crate::domain::audit::{AuditAction, AuditActor};

/// One privileged action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub actor: AuditActor,
    pub action: AuditAction,
    /// What it was done to: a user id, a broadcast, a case number, a file.
    pub target: Option<String>,
    /// What else tells it apart: the role given, the audience, the filters.
    pub detail: Option<String>,
}

/// Records `entry`; call it in the transaction of the action itself.
pub async fn record(conn: &mut SqliteConnection, entry: &Entry) -> Result<(), StoreError> {
    let user = match entry.actor {
        AuditActor::User(user) => Some(user),
        AuditActor::Operator => None,
    };
    sqlx::query(
        "INSERT INTO audit (at, actor_user, action, target, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(time_text(entry.at))
    .bind(user)
    .bind(entry.action.as_str())
    .bind(&entry.target)
    .bind(&entry.detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// Which entries to read: a time range (from included, to excluded) and an actor.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    pub actor: Option<AuditActor>,
}

/// The entries `filter` selects, oldest first.
pub async fn list(conn: &mut SqliteConnection, filter: &Filter) -> Result<Vec<Entry>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        at: String,
        actor_user: Option<UserId>,
        action: String,
        target: Option<String>,
        detail: Option<String>,
    }
    let mut query: QueryBuilder<Sqlite> =
        QueryBuilder::new("SELECT at, actor_user, action, target, detail FROM audit WHERE 1 = 1");
    if let Some(from) = filter.from {
        query.push(" AND at >= ").push_bind(time_text(from));
    }
    if let Some(until) = filter.until {
        query.push(" AND at < ").push_bind(time_text(until));
    }
    match filter.actor {
        Some(AuditActor::User(user)) => {
            query.push(" AND actor_user = ").push_bind(user);
        }
        Some(AuditActor::Operator) => {
            query.push(" AND actor_user IS NULL");
        }
        None => {}
    }
    query.push(" ORDER BY id");
    let rows: Vec<Row> = query.build_query_as().fetch_all(conn).await?;
    rows.into_iter()
        .map(|row| {
            Ok(Entry {
                at: parse_time(&row.at)?,
                actor: row
                    .actor_user
                    .map_or(AuditActor::Operator, AuditActor::User),
                action: AuditAction::parse(&row.action)
                    .map_err(|_| StoreError::Corrupt(format!("audit action {}", row.action)))?,
                target: row.target,
                detail: row.detail,
            })
        })
        .collect()
}
