//! The outbox's bell. Whatever this process queues in the outbox, in any
//! transaction of the writer (an answer's, a job's, the ingest API's), wakes
//! the outbox worker once that transaction is over: a case's answer leaves
//! for its citizen at once, not at the worker's next idle look. What other
//! processes queue (`hailong import`, `hailong roles`) is found by that look.
//!
//! SQLite tells the writer's connection of every row it inserts (its update
//! hook), and the bell rings when the connection comes back to its pool,
//! which is after the commit: the worker then reads what was queued. A
//! transaction rolled back after queuing rings it for nothing; the worker
//! finds nothing new and waits again.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::future::BoxFuture;
use sqlx::SqliteConnection;
use sqlx::pool::PoolConnectionMetadata;
use sqlx::sqlite::{SqliteOperation, UpdateHookResult};
use tokio::sync::Notify;

/// The one table whose new rows ring.
const OUTBOX: &str = "outbox";

/// What the writer's pool needs to ring the bell, and the bell itself.
#[derive(Debug, Clone, Default)]
pub(super) struct Bell {
    /// Set by the hook when a row is inserted in the outbox, taken when the
    /// connection comes back.
    queued: Arc<AtomicBool>,
    rung: Arc<Notify>,
}

impl Bell {
    /// What the outbox worker waits on.
    pub fn rung(&self) -> Arc<Notify> {
        self.rung.clone()
    }

    /// For the writer's pool: listens to each new connection's inserts.
    pub fn listen(
        &self,
    ) -> impl for<'c> Fn(
        &'c mut SqliteConnection,
        PoolConnectionMetadata,
    ) -> BoxFuture<'c, Result<(), sqlx::Error>>
    + Send
    + Sync
    + 'static {
        let queued = self.queued.clone();
        move |conn, _| {
            let queued = queued.clone();
            Box::pin(async move {
                conn.lock_handle()
                    .await?
                    .set_update_hook(move |change: UpdateHookResult| {
                        if matches!(change.operation, SqliteOperation::Insert)
                            && change.table == OUTBOX
                        {
                            queued.store(true, Ordering::Release);
                        }
                    });
                Ok(())
            })
        }
    }

    /// For the writer's pool: rings when the connection that comes back
    /// inserted in the outbox; keeps the connection.
    pub fn ring_if_queued(
        &self,
    ) -> impl for<'c> Fn(
        &'c mut SqliteConnection,
        PoolConnectionMetadata,
    ) -> BoxFuture<'c, Result<bool, sqlx::Error>>
    + Send
    + Sync
    + 'static {
        let bell = self.clone();
        move |_, _| {
            if bell.queued.swap(false, Ordering::AcqRel) {
                bell.rung.notify_one();
            }
            Box::pin(std::future::ready(Ok(true)))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::Utc;

    use crate::domain::ChatId;
    use crate::store::outbox::{self, Notification};
    use crate::store::tests::{scratch, write};

    /// The bell rings once a transaction that queued a notification is over,
    /// and a reader then sees the notification; a transaction that queued
    /// none leaves it quiet.
    #[tokio::test]
    async fn a_commit_that_queued_rings_once_it_is_readable_and_no_other_does() {
        let (store, _url, _dir) = scratch().await;
        let rung = store.outbox_queued();
        let heard = rung.notified();
        tokio::pin!(heard);
        heard.as_mut().enable();

        let mut tx = store.begin_write().await.expect("the writer");
        write(&mut tx, 1).await;
        tx.commit().await.expect("committed");
        // The writer is handed out again only once it is back in its pool,
        // where the bell would have rung.
        drop(store.begin_write().await.expect("the writer, back"));
        assert!(
            futures::poll!(heard.as_mut()).is_pending(),
            "rung for nothing"
        );

        let mut tx = store.begin_write().await.expect("the writer");
        let news = Notification::RoleChanged { granted: None };
        outbox::enqueue(&mut tx, ChatId(7), &news, Utc::now())
            .await
            .expect("queued");
        tx.commit().await.expect("committed");
        tokio::time::timeout(Duration::from_secs(5), heard)
            .await
            .expect("rung");
        let mut reader = store.read().await.expect("a reader");
        let leaving = outbox::leaving(&mut reader, Utc::now()).await;
        assert_eq!(leaving.expect("counted"), 1);
    }
}
