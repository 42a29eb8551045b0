//! Figures read at each scrape of `/metrics`: what waits in the queues.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{StoreError, parse_time};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queues {
    /// Updates received and not yet answered.
    pub inbox_pending: i64,
    /// When the oldest of them arrived.
    pub inbox_oldest: Option<DateTime<Utc>>,
    /// Notifications queued or in flight, by kind.
    pub outbox: Vec<(String, i64)>,
    /// When the status source was asked about the dossier it alone keeps
    /// current that has waited longest (`super::pull_asks::oldest_ask`).
    pub source_oldest_ask: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct InboxRow {
    pending: i64,
    oldest: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OutboxRow {
    kind: String,
    depth: i64,
}

pub async fn queues(conn: &mut SqliteConnection) -> Result<Queues, StoreError> {
    let inbox: InboxRow = sqlx::query_as(
        "SELECT count(*) AS pending, min(received_at) AS oldest FROM inbox WHERE state = 'pending'",
    )
    .fetch_one(&mut *conn)
    .await?;
    let outbox: Vec<OutboxRow> = sqlx::query_as(
        "SELECT kind, count(*) AS depth FROM outbox
         WHERE state IN ('pending', 'sending') GROUP BY kind ORDER BY kind",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Queues {
        inbox_pending: inbox.pending,
        inbox_oldest: inbox.oldest.as_deref().map(parse_time).transpose()?,
        outbox: outbox.into_iter().map(|r| (r.kind, r.depth)).collect(),
        source_oldest_ask: super::pull_asks::oldest_ask(conn).await?,
    })
}
