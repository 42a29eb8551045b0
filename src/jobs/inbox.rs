//! Works off the inbox: different chats at once (bounded), one chat strictly
//! in order, each update isolated so that a panic fails that update alone.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use futures::FutureExt;
use tokio::task::JoinSet;

use super::Stop;
use super::waiting::Waiting;
use crate::domain::ids::InboxId;
use crate::store::inbox::{self, Pending, Settled};
use crate::store::{Kept, Store, StoreError};
use crate::telemetry::metrics::{Metrics, UpdateOutcome};

/// How often an idle worker looks in the database for rows it was not
/// handed: one whose closing failed, or one written by another process.
const IDLE_POLL: Duration = Duration::from_secs(1);

/// How long an answered row's close waits, at most, for another handler's
/// close to carry it ([`Closer::close_answered`]): short enough that the
/// console and the tests, which wait for it, hardly notice.
const CLOSE_WAITS_AT_MOST: Duration = Duration::from_millis(100);

/// Answered rows' closes waiting at most: the handler that makes them this
/// many writes them.
const CLOSES_WAITING_AT_MOST: usize = 256;

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
    /// Chats with a handler running, with the row it runs: their next row waits.
    busy: Arc<Mutex<HashMap<String, InboxId>>>,
    /// The running handlers, owned so that they stop with the worker, as
    /// they would with the process.
    running: Mutex<JoinSet<()>>,
    closer: Arc<Closer>,
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
            closer: Arc::new(Closer::new(store.clone(), CLOSE_WAITS_AT_MOST)),
            store,
            handler,
            metrics,
            waiting,
            concurrency: concurrency.max(1),
            busy: Arc::default(),
            running: Mutex::default(),
        }
    }

    /// Adds the oldest rows the database holds pending to those waiting, as
    /// many as there is room for: at start, what the last process left,
    /// before anything new arrives; later, what was left out, or not handed
    /// over. How many.
    async fn load(&self) -> Result<usize, StoreError> {
        // A row started is pending until its answer commits. Taken before
        // the read: no row starts while this worker loads, and one that
        // finishes meanwhile is still left out.
        let running: HashSet<InboxId> = lock(&self.busy).values().copied().collect();
        let room = self.waiting.begin_load();
        let read = async { inbox::pending(&mut *self.store.read().await?, room).await };
        let rows = read.await.inspect_err(|_| self.waiting.load_failed())?;
        let complete = rows.len() < room;
        let rows: Vec<Pending> = rows
            .into_iter()
            .filter(|row| !running.contains(&row.id))
            .collect();
        let found = rows.len();
        self.waiting.loaded(rows, complete);
        Ok(found)
    }

    /// Starts a handler for the oldest waiting row of each free chat, as many
    /// as there are free slots; does not wait for them.
    pub fn tick(&self) -> Progress {
        // Held while the rows are picked: the busy chats are not copied for
        // each tick. A handler that finishes meanwhile waits to say so.
        let busy = lock(&self.busy);
        let free = self.concurrency.saturating_sub(busy.len());
        if free == 0 {
            return Progress::default();
        }
        let rows = self.waiting.take_next(|chat| busy.contains_key(chat), free);
        drop(busy);
        let started = rows.len();
        let mut running = lock(&self.running);
        while running.try_join_next().is_some() {}
        for row in rows {
            lock(&self.busy).insert(row.chat_key.clone(), row.id);
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
            if self.waiting.wants_loading() && self.load_logged().await > 0 {
                continue;
            }
            tokio::select! {
                woke = tokio::time::timeout(IDLE_POLL, woken) => {
                    // Idle, with nothing waiting and nothing running: any row
                    // the database holds pending is one this worker was not
                    // handed (or could not close).
                    if woke.is_err() && self.waiting.is_empty() && lock(&self.busy).is_empty() {
                        self.load_logged().await;
                    }
                }
                () = stop.wait() => {}
            }
        }
    }

    /// [`InboxWorker::load`], logged: a failure is tried again at the next
    /// wake-up or idle second. How many rows were found.
    pub async fn load_logged(&self) -> usize {
        match self.load().await {
            Ok(found) => {
                if found > 0 {
                    tracing::info!(found, "pending inbox rows loaded from the database");
                }
                found
            }
            Err(error) => {
                tracing::warn!(%error, "reading the inbox failed; will retry");
                0
            }
        }
    }

    /// Waits for the handlers started to answer and close their rows.
    pub async fn finish_running(&self) {
        let mut running = std::mem::take(&mut *lock(&self.running));
        while running.join_next().await.is_some() {}
        // The last handler wrote what waited; one aborted meanwhile did not.
        self.closer.write_queued().await;
    }

    fn run_one(&self, row: Pending) -> impl Future<Output = ()> + Send + 'static {
        let closer = self.closer.clone();
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
            // A row left pending is closed before its chat is free, or it
            // would be loaded again while the chat's next row runs. One its
            // answer marked done frees the chat first, and while other
            // handlers run its close waits to be written with theirs.
            let answered = settled == Settled::Answered;
            if !answered {
                closer.close(row.id, settled).await;
            }
            let others_running = {
                let mut busy = lock(&busy);
                busy.remove(&row.chat_key);
                !busy.is_empty()
            };
            waiting.wake().notify_one();
            if answered {
                closer.close_answered(row.id, others_running).await;
            }
        }
    }
}

/// Lets go of the rows handlers have finished with, several in one
/// statement: flat out, handlers finish while the last close is being
/// written, and the next one takes all of them, and an answered row's close
/// waits for another's while handlers run; at 20 updates a second each row
/// is closed alone, at once. A close is written as an answer is, in the
/// group of answers under way ([`Store::begin_answer`]), and shares its
/// commit; written again if another answer's failure undid the group.
struct Closer {
    store: Store,
    /// Rows finished and not yet taken by a close.
    queued: Mutex<Vec<(InboxId, Settled)>>,
    /// Held while a close is written, and let go of once it is: what is
    /// finished meanwhile waits for the next.
    writing: tokio::sync::Mutex<()>,
    /// How long an answered row's close waits at most for another's.
    waits_at_most: Duration,
}

impl Closer {
    fn new(store: Store, waits_at_most: Duration) -> Self {
        Self {
            store,
            queued: Mutex::default(),
            writing: tokio::sync::Mutex::default(),
            waits_at_most,
        }
    }

    /// Returns once a close that took `id` has been written, or has failed
    /// (logged: an answered row is let go of at the next start, an
    /// unanswered one loaded again when the worker is idle).
    async fn close(&self, id: InboxId, settled: Settled) {
        lock(&self.queued).push((id, settled));
        self.write_queued().await;
    }

    /// The close of a row its answer marked done, which says only that the
    /// replies went out. Written now when no other handler runs; while
    /// others do, left for the next close to carry, or written once it has
    /// waited `waits_at_most` or [`CLOSES_WAITING_AT_MOST`] wait. Flat out,
    /// one statement and one commit then close many rows, where each
    /// handler wrote its own close and waited for it. A close lost to a
    /// crash meanwhile costs only a warning at the next start
    /// ([`inbox::let_go_of_answered`]).
    async fn close_answered(self: &Arc<Self>, id: InboxId, others_running: bool) {
        let queued = {
            let mut queued = lock(&self.queued);
            queued.push((id, Settled::Answered));
            queued.len()
        };
        if !others_running || queued >= CLOSES_WAITING_AT_MOST {
            return self.write_queued().await;
        }
        // First in an empty queue: any close under way took all before it.
        // The next close takes this one, or the timer does if none comes.
        if queued == 1 {
            let closer = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(closer.waits_at_most).await;
                closer.write_queued().await;
            });
        }
    }

    /// Writes the closes queued, if any, once the close being written is.
    async fn write_queued(&self) {
        // Once this is held, a close that took a row queued before is over;
        // if none did, the row is among those taken here.
        let _writing = self.writing.lock().await;
        let rows = std::mem::take(&mut *lock(&self.queued));
        if rows.is_empty() {
            return;
        }
        let write = async {
            loop {
                let mut tx = self.store.begin_answer().await?;
                if let Err(error) = inbox::finish(&mut tx, &rows).await {
                    tx.rollback().await?;
                    return Err(error);
                }
                if tx.commit().await? == Kept::Committed {
                    return Ok::<_, StoreError>(());
                }
            }
        };
        if let Err(error) = write.await {
            tracing::warn!(%error, rows = rows.len(), "inbox rows could not be closed");
        }
    }
}

fn lock<T>(plain: &Mutex<T>) -> MutexGuard<'_, T> {
    // Plain data, and no panic leaves it half changed: usable after one
    // elsewhere while it was held.
    plain.lock().unwrap_or_else(|p| p.into_inner())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::inbox::Arrival;
    use crate::store::tests::{commits, count, scratch, write};

    /// Records the rows it is given, in order.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl Handler for Recorder {
        async fn handle(&self, row: &Pending) -> Settled {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(row.update_key.clone());
            Settled::Done
        }
    }

    /// A backlog larger than the queue holds is worked off in order, chat by
    /// chat, each update once, what arrives meanwhile included.
    #[tokio::test]
    async fn a_backlog_past_what_is_held_is_handled_in_order_and_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("inbox.db").display());
        let store = Store::open(&url).await.expect("a store");
        let arrival = |n: i64, chat: &str| Arrival {
            update_key: format!("tg:{n}"),
            chat_key: chat.to_owned(),
            body: "{}".to_owned(),
        };
        let backlog: Vec<Arrival> = ["a", "b", "a", "c", "a", "b", "c", "a"]
            .iter()
            .zip(1..)
            .map(|(chat, n)| arrival(n, chat))
            .collect();
        let receive = |arrivals: Vec<Arrival>| {
            let store = store.clone();
            async move {
                let mut tx = store.begin_write().await.expect("the writer");
                let fresh = inbox::receive(&mut tx, &arrivals, None)
                    .await
                    .expect("received");
                tx.commit().await.expect("committed");
                fresh
            }
        };
        receive(backlog).await;
        let waiting = Arc::new(Waiting::holding(2));
        let recorder = Arc::new(Recorder::default());
        let worker = InboxWorker::new(
            store.clone(),
            recorder.clone(),
            Arc::default(),
            waiting.clone(),
            2,
        );
        assert_eq!(worker.load().await.expect("loaded"), 2);
        assert_eq!(worker.tick().started, 2);
        // Handed over with room to hold it, while older rows wait in the
        // database alone: it must come after them.
        waiting.add(receive(vec![arrival(9, "b")]).await);
        let (stop_tx, stop) = Stop::new();
        let all_seen = async {
            while recorder.0.lock().unwrap_or_else(|p| p.into_inner()).len() < 9 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            worker.finish_running().await;
            let _ = stop_tx.send(true);
        };
        // Well under the idle wait: the backlog is loaded as the queue empties,
        // not found by the idle look for strays.
        let ran = tokio::time::timeout(IDLE_POLL * 2, async {
            tokio::join!(worker.run_until(&stop), all_seen)
        })
        .await;
        assert!(ran.is_ok(), "the backlog was not worked off");
        let seen = recorder.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let of = |chat: &[i64]| -> Vec<String> {
            seen.iter()
                .filter(|key| chat.iter().any(|n| **key == format!("tg:{n}")))
                .cloned()
                .collect()
        };
        assert_eq!(seen.len(), 9, "{seen:?}");
        assert_eq!(of(&[1, 3, 5, 8]), ["tg:1", "tg:3", "tg:5", "tg:8"]);
        assert_eq!(of(&[2, 6, 9]), ["tg:2", "tg:6", "tg:9"]);
        assert_eq!(of(&[4, 7]), ["tg:4", "tg:7"]);
    }

    /// Settles each row it is given as its number says: even ones failed.
    struct Settler;

    impl Handler for Settler {
        async fn handle(&self, row: &Pending) -> Settled {
            match row.update_key.trim_start_matches("tg:").parse::<i64>() {
                Ok(n) if n % 2 == 0 => Settled::Failed,
                _ => Settled::Done,
            }
        }
    }

    /// `rows` (update key, chat key) written down as a receiver does, those
    /// whose keys are `answered` marked done as a claim marks them, and
    /// handed to the worker.
    async fn received(store: &Store, rows: &[(String, String)], answered: &[&str]) -> Arc<Waiting> {
        let arrivals: Vec<Arrival> = rows
            .iter()
            .map(|(key, chat)| Arrival {
                update_key: key.clone(),
                chat_key: chat.clone(),
                body: "{}".to_owned(),
            })
            .collect();
        let mut writer = store.begin_write().await.expect("the writer");
        let rows = inbox::receive(&mut writer, &arrivals, None)
            .await
            .expect("received");
        sqlx::query(
            "UPDATE inbox SET state = 'done' WHERE update_key IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(answered).expect("keys"))
        .execute(&mut *writer)
        .await
        .expect("marked");
        writer.commit().await.expect("committed");
        let waiting = Arc::new(Waiting::default());
        waiting.add(rows);
        waiting
    }

    /// Rows finished together are closed together, each as its handler
    /// settled it; one the answer's transaction marked done stays done.
    #[tokio::test]
    async fn rows_closed_together_keep_each_its_own_state() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("inbox.db").display());
        let store = Store::open(&url).await.expect("a store");
        let rows: Vec<(String, String)> = (1..=6)
            .map(|n| (format!("tg:{n}"), format!("chat {n}")))
            .collect();
        // tg:2 answered, as a claim marks it, and then failed in its delivery.
        let waiting = received(&store, &rows, &["tg:2"]).await;
        let worker = InboxWorker::new(store.clone(), Arc::new(Settler), Arc::default(), waiting, 6);
        assert_eq!(worker.tick().started, 6);
        worker.finish_running().await;
        let rows: Vec<(String, String, bool)> = sqlx::query_as(
            "SELECT update_key, state, finished_at IS NOT NULL FROM inbox ORDER BY id",
        )
        .fetch_all(&mut *store.read().await.expect("a reader"))
        .await
        .expect("read");
        let expected: Vec<(String, String, bool)> = [
            ("tg:1", "done"),
            ("tg:2", "done"),
            ("tg:3", "done"),
            ("tg:4", "failed"),
            ("tg:5", "done"),
            ("tg:6", "failed"),
        ]
        .iter()
        .map(|(key, state)| ((*key).to_owned(), (*state).to_owned(), true))
        .collect();
        assert_eq!(rows, expected);
    }

    /// Answers rows as their claim left them (done), the row `held` only
    /// once told to; records the keys in the order their handlers finished.
    struct Held {
        held: &'static str,
        go: tokio::sync::Notify,
        finished: Mutex<Vec<String>>,
        seen: tokio::sync::Notify,
    }

    impl Held {
        fn new(held: &'static str) -> Self {
            Self {
                held,
                go: tokio::sync::Notify::new(),
                finished: Mutex::default(),
                seen: tokio::sync::Notify::new(),
            }
        }

        fn finished(&self) -> Vec<String> {
            lock(&self.finished).clone()
        }

        /// Returns once `count` handlers have finished.
        async fn until_finished(&self, count: usize) {
            while self.finished().len() < count {
                let seen = self.seen.notified();
                if self.finished().len() >= count {
                    break;
                }
                seen.await;
            }
        }
    }

    impl Handler for Held {
        async fn handle(&self, row: &Pending) -> Settled {
            if row.update_key == self.held {
                self.go.notified().await;
            }
            lock(&self.finished).push(row.update_key.clone());
            self.seen.notify_waiters();
            Settled::Answered
        }
    }

    /// Three answered rows in two chats, the first held: claimed as an
    /// answer claims them, and a worker whose closes wait `waits_at_most`.
    async fn held_worker(
        store: &Store,
        waits_at_most: Duration,
    ) -> (InboxWorker<Held>, Arc<Held>, Arc<Waiting>) {
        let rows = [("tg:1", "a"), ("tg:2", "b"), ("tg:3", "b")]
            .map(|(key, chat)| (key.to_owned(), chat.to_owned()));
        let waiting = received(store, &rows, &["tg:1", "tg:2", "tg:3"]).await;
        let held = Arc::new(Held::new("tg:1"));
        let mut worker = InboxWorker::new(
            store.clone(),
            held.clone(),
            Arc::default(),
            waiting.clone(),
            2,
        );
        worker.closer = Arc::new(Closer::new(store.clone(), waits_at_most));
        (worker, held, waiting)
    }

    async fn finished_rows(store: &Store) -> i64 {
        let reader = &mut *store.read().await.expect("a reader");
        count(
            reader,
            "SELECT count(*) FROM inbox WHERE finished_at IS NOT NULL",
        )
        .await
    }

    /// While another handler runs, an answered row's chat is free at once
    /// and its close waits: the last handler to finish writes all of them,
    /// in one commit.
    #[tokio::test]
    async fn answered_rows_closes_wait_for_the_last_handler_and_their_chat_goes_on() {
        let (store, _url, _dir) = scratch().await;
        let (worker, held, waiting) = held_worker(&store, Duration::from_secs(3600)).await;
        let commits = commits(&store).await;
        assert_eq!(worker.tick().started, 2, "tg:1 and tg:2");
        held.until_finished(1).await;
        // tg:2's chat is freed, its close waiting: its next row starts.
        let next = async {
            while worker.tick().started == 0 {
                tokio::task::yield_now().await;
            }
        };
        tokio::time::timeout(Duration::from_secs(5), next)
            .await
            .expect("tg:3 started");
        assert!(waiting.is_empty());
        held.until_finished(2).await;
        assert_eq!(held.finished(), ["tg:2", "tg:3"]);
        assert_eq!(commits.load(std::sync::atomic::Ordering::Relaxed), 0);
        assert_eq!(finished_rows(&store).await, 0);
        held.go.notify_one();
        worker.finish_running().await;
        assert_eq!(finished_rows(&store).await, 3);
        assert_eq!(commits.load(std::sync::atomic::Ordering::Relaxed), 1);
    }

    /// A close that waits for another handler is written once it has
    /// waited long enough, though that handler is still running.
    #[tokio::test]
    async fn a_waiting_close_is_written_in_time_while_another_handler_runs() {
        let (store, _url, _dir) = scratch().await;
        let (worker, held, _waiting) = held_worker(&store, Duration::from_millis(20)).await;
        assert_eq!(worker.tick().started, 2);
        held.until_finished(1).await;
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while finished_rows(&store).await < 1 {
            assert!(tokio::time::Instant::now() < deadline, "tg:2 never closed");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(held.finished(), ["tg:2"], "tg:1 still runs");
        held.go.notify_one();
        worker.finish_running().await;
        assert_eq!(finished_rows(&store).await, 2, "tg:3 never started");
    }

    /// A close written while an answer is under way joins the answer's
    /// group: one commit for both, not one each.
    #[tokio::test]
    async fn a_close_is_committed_with_the_answers_under_way() {
        let (store, _url, _dir) = scratch().await;
        let arrival = Arrival {
            update_key: "tg:1".to_owned(),
            chat_key: "chat 1".to_owned(),
            body: "{}".to_owned(),
        };
        let mut writer = store.begin_write().await.expect("the writer");
        let rows = inbox::receive(&mut writer, &[arrival], None)
            .await
            .expect("received");
        writer.commit().await.expect("committed");
        let closer = Closer::new(store.clone(), CLOSE_WAITS_AT_MOST);
        let commits = commits(&store).await;
        let mut answer = store.begin_answer().await.expect("an answer");
        write(&mut answer, 1).await;
        let ((), kept) = tokio::join!(closer.close(rows[0].id, Settled::Done), async {
            // The close waits for the answer first.
            tokio::task::yield_now().await;
            answer.commit().await.expect("commits")
        });
        assert_eq!(kept, Kept::Committed);
        assert_eq!(commits.load(std::sync::atomic::Ordering::Relaxed), 1);
        let reader = &mut *store.read().await.expect("a reader");
        let finished = "SELECT count(*) FROM inbox WHERE finished_at IS NOT NULL";
        assert_eq!(count(reader, finished).await, 1);
        let answered = "SELECT count(*) FROM inbox_offsets";
        assert_eq!(count(reader, answered).await, 1);
    }

    /// With the database out of reach at start, what arrives waits behind
    /// what the last process left, not before it.
    #[tokio::test]
    async fn a_load_that_fails_holds_no_new_row_before_the_older_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("inbox.db").display());
        let store = Store::open(&url).await.expect("a store");
        let waiting = Arc::new(Waiting::default());
        let worker = InboxWorker::new(
            store.clone(),
            Arc::new(Recorder::default()),
            Arc::default(),
            waiting.clone(),
            2,
        );
        store.close().await;
        assert!(worker.load().await.is_err());
        waiting.add([Pending {
            id: InboxId(9),
            update_key: "tg:9".to_owned(),
            chat_key: "a".to_owned(),
            body: "{}".to_owned(),
        }]);
        assert!(waiting.is_empty() && waiting.wants_loading());
    }
}
