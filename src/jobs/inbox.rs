//! Works off the inbox: different chats at once (bounded), one chat strictly
//! in order, each update isolated so that a panic fails that update alone.

use std::collections::HashSet;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures::FutureExt;
use tokio::task::JoinSet;

use super::Stop;
use super::waiting::Waiting;
use crate::store::inbox::{self, Pending, Settled};
use crate::store::{Store, StoreError};
use crate::telemetry::metrics::{Metrics, UpdateOutcome};

/// How often an idle worker looks in the database for rows it was not
/// handed: one whose closing failed, or one written by another process.
const IDLE_POLL: Duration = Duration::from_secs(1);

/// Answers one inbox row; a channel (Telegram polling, a webhook) provides it.
pub trait Handler: Send + Sync + 'static {
    /// Handles `row` and delivers its replies. The answer's transaction marks
    /// the row done; what is returned says how the worker leaves it.
    fn handle(&self, row: &Pending) -> impl Future<Output = Settled> + Send;
}

/// What one [`InboxWorker::tick`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Handlers started.
    pub started: usize,
}

pub struct InboxWorker<H> {
    store: Store,
    handler: Arc<H>,
    metrics: Arc<Metrics>,
    /// The rows to start, as the receivers wrote them.
    waiting: Arc<Waiting>,
    /// Chats at most handled at once.
    concurrency: usize,
    /// Chats with a handler running: their next row waits.
    busy: Arc<Mutex<HashSet<String>>>,
    /// The running handlers, owned so that they stop with the worker, as
    /// they would with the process.
    running: Mutex<JoinSet<()>>,
}

impl<H: Handler> InboxWorker<H> {
    pub fn new(
        store: Store,
        handler: Arc<H>,
        metrics: Arc<Metrics>,
        waiting: Arc<Waiting>,
        concurrency: usize,
    ) -> Self {
        Self {
            store,
            handler,
            metrics,
            waiting,
            concurrency: concurrency.max(1),
            busy: Arc::default(),
            running: Mutex::default(),
        }
    }

    /// Adds every row the database holds pending to those waiting: what the
    /// last process left, before anything new arrives; how many.
    pub async fn load(&self) -> Result<usize, StoreError> {
        let rows = inbox::pending(&mut *self.store.read().await?).await?;
        let found = rows.len();
        self.waiting.add(rows);
        Ok(found)
    }

    /// Starts a handler for the oldest waiting row of each free chat, as many
    /// as there are free slots; does not wait for them.
    pub fn tick(&self) -> Progress {
        let busy: HashSet<String> = lock(&self.busy).clone();
        let free = self.concurrency.saturating_sub(busy.len());
        if free == 0 {
            return Progress::default();
        }
        let rows = self.waiting.take_next(&busy, free);
        let started = rows.len();
        let mut running = lock_running(&self.running);
        while running.try_join_next().is_some() {}
        for row in rows {
            lock(&self.busy).insert(row.chat_key.clone());
            running.spawn(self.run_one(row));
        }
        Progress { started }
    }

    /// Ticks whenever rows arrive or a chat frees up, until `stop`; the
    /// handlers started go on (see [`InboxWorker::finish_running`]).
    pub async fn run_until(&self, stop: &Stop) {
        while !stop.requested() {
            let woken = self.waiting.wake().notified();
            if self.tick().started > 0 {
                continue;
            }
            tokio::select! {
                woke = tokio::time::timeout(IDLE_POLL, woken) => {
                    if woke.is_err() {
                        self.look_for_strays().await;
                    }
                }
                () = stop.wait() => {}
            }
        }
    }

    /// With nothing waiting and nothing running, any row the database holds
    /// pending is one this worker was not handed (or could not close): it
    /// waits with the others.
    async fn look_for_strays(&self) {
        if !self.waiting.is_empty() || !lock(&self.busy).is_empty() {
            return;
        }
        match self.load().await {
            Ok(0) => {}
            Ok(found) => tracing::info!(found, "pending inbox rows found in the database"),
            Err(error) => tracing::warn!(%error, "reading the inbox failed; will retry"),
        }
    }

    /// Waits for the handlers started to answer and close their rows.
    pub async fn finish_running(&self) {
        let mut running = std::mem::take(&mut *lock_running(&self.running));
        while running.join_next().await.is_some() {}
    }

    fn run_one(&self, row: Pending) -> impl Future<Output = ()> + Send + 'static {
        let store = self.store.clone();
        let handler = self.handler.clone();
        let metrics = self.metrics.clone();
        let busy = self.busy.clone();
        let waiting = self.waiting.clone();
        async move {
            let handled = AssertUnwindSafe(handler.handle(&row)).catch_unwind().await;
            let settled = handled.unwrap_or_else(|_| {
                tracing::error!(update = %row.update_key, "the handler panicked; the update failed");
                metrics.record_panic();
                metrics.record_update(Duration::ZERO, UpdateOutcome::Failed);
                Settled::Failed
            });
            if let Err(error) = finish(&store, &row, settled).await {
                tracing::warn!(%error, update = %row.update_key, "the inbox row could not be closed");
            }
            lock(&busy).remove(&row.chat_key);
            waiting.wake().notify_one();
        }
    }
}

/// One statement, a transaction of its own: no `BEGIN` and `COMMIT` around it.
async fn finish(store: &Store, row: &Pending, settled: Settled) -> Result<(), StoreError> {
    inbox::finish(&mut *store.write().await?, row.id, settled).await
}

fn lock_running(running: &Mutex<JoinSet<()>>) -> MutexGuard<'_, JoinSet<()>> {
    // Only this worker touches it, and a panic cannot leave it half changed.
    running.lock().unwrap_or_else(|p| p.into_inner())
}

fn lock(busy: &Mutex<HashSet<String>>) -> MutexGuard<'_, HashSet<String>> {
    // The set is plain data: a panic elsewhere while holding it leaves it usable.
    busy.lock().unwrap_or_else(|p| p.into_inner())
}

/// Waits until the worker has let go of `update_key` (answered and replied,
/// or failed), polling the database as any other process could; false when
/// `within` ran out. The console waits so before it prints the answers.
pub async fn wait_finished(
    store: &Store,
    update_key: &str,
    within: Duration,
) -> Result<bool, StoreError> {
    const EVERY: Duration = Duration::from_millis(10);
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if inbox::is_finished(&mut *store.read().await?, update_key).await? {
            return Ok(true);
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(false);
        }
        tokio::time::sleep(EVERY).await;
    }
}
