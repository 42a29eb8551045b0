//! Work done away from any update. Every job has one shape: `tick` does one
//! bounded step and says what is left, and [`run_until_stopped`] only loops
//! over it, so a test can drive the very same steps to the end.

pub mod backups;
pub mod broadcasts;
pub mod case_deadlines;
pub mod checkpoints;
pub mod inbox;
pub mod maintenance;
pub mod messenger;
pub mod outbox;
pub mod pull_refresh;
pub mod reminders;
pub mod waiting;

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{Notify, watch};
use tokio::time::Instant;

use crate::store::StoreError;

/// What one tick did, and so when the next one is worth making.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Nothing to do: look again after the job's idle wait, or when woken.
    Idle,
    /// Did this many things; there may be more at once.
    Worked(usize),
    /// Nothing can be done before then (a retry, a delayed message).
    WaitUntil(Instant),
}

/// The instant of a wall-clock time, as timers count; now if it has passed.
pub fn instant_at(at: DateTime<Utc>) -> Instant {
    Instant::now() + (at - Utc::now()).to_std().unwrap_or_default()
}

/// A job of one shape: a bounded step, and how long to rest when idle.
pub trait Job: Send + Sync {
    /// For logs.
    const NAME: &'static str;

    fn tick(&self) -> impl Future<Output = Result<Progress, StoreError>> + Send;

    /// How long an idle job waits before it looks again, unless woken.
    fn idle_wait(&self) -> Duration;

    /// Rung when work for this job is queued in this process.
    fn wake(&self) -> Option<&Notify> {
        None
    }
}

/// After a failed step (the database busy or gone), the pause before the next.
const AFTER_ERROR: Duration = Duration::from_secs(1);

/// Asks loops to stop between two steps: a step begun is finished, so a
/// stopping process leaves nothing half done that a crash would.
#[derive(Debug, Clone)]
pub struct Stop(watch::Receiver<bool>);

impl Stop {
    /// The handle that stops, and what the loops watch.
    pub fn new() -> (watch::Sender<bool>, Self) {
        let (tx, rx) = watch::channel(false);
        (tx, Self(rx))
    }

    pub fn requested(&self) -> bool {
        *self.0.borrow()
    }

    /// Returns once stopping is asked (or whoever could ask is gone).
    pub async fn wait(&self) {
        let _ = self.0.clone().wait_for(|stop| *stop).await;
    }
}

/// Ticks `job` until `stop`: again at once after work, else at the time it
/// names or after its idle wait, whichever comes first, sooner when woken.
/// Never later than the idle wait: another process (`hailong import`,
/// `hailong roles`) queues work without waking it, and a row due in ten
/// minutes (a low rating's alert) must not hold up one queued for now.
pub async fn run_until<J: Job>(job: &J, stop: &Stop) {
    while !stop.requested() {
        let ticked = job.tick().await;
        let looks_again = Instant::now() + job.idle_wait();
        let until = match ticked {
            Ok(Progress::Worked(_)) => continue,
            Ok(Progress::WaitUntil(at)) => at.min(looks_again),
            Ok(Progress::Idle) => looks_again,
            Err(error) => {
                tracing::warn!(%error, job = J::NAME, "a step failed; will retry");
                Instant::now() + AFTER_ERROR
            }
        };
        let rest = async {
            match job.wake() {
                Some(wake) => {
                    let _ = tokio::time::timeout_at(until, wake.notified()).await;
                }
                None => tokio::time::sleep_until(until).await,
            }
        };
        tokio::select! {
            () = rest => {}
            () = stop.wait() => {}
        }
    }
}

/// Every job of the process, built once: the running process loops over
/// them and a test can tick the very same ones to the end.
pub struct Workers<M> {
    pub outbox: outbox::OutboxWorker<M>,
    pub broadcasts: broadcasts::BroadcastWorker<M>,
    pub reminders: reminders::Reminders,
    pub maintenance: maintenance::Maintenance,
    pub case_deadlines: case_deadlines::CaseDeadlines,
    pub checkpoints: checkpoints::Checkpoints,
    pub pull_refresh: pull_refresh::PullRefresh,
}

impl<M: messenger::Messenger> Workers<M> {
    pub async fn run_until(&self, stop: &Stop) {
        tokio::join!(
            run_until(&self.outbox, stop),
            run_until(&self.broadcasts, stop),
            run_until(&self.reminders, stop),
            run_until(&self.maintenance, stop),
            run_until(&self.case_deadlines, stop),
            run_until(&self.checkpoints, stop),
            run_until(&self.pull_refresh, stop),
        );
    }

    /// Once the loops have stopped: waits for the messages already handed to
    /// Telegram (some still waiting for the pacer) and records what became
    /// of them, starting none, so that a clean stop leaves none uncertain.
    pub async fn settle(&self) -> Result<(), StoreError> {
        self.outbox.settle().await?;
        self.broadcasts.settle().await
    }

    /// One tick of each job; what is left across them: work if any did some,
    /// else the earliest time one waits for.
    pub async fn tick_all(&self) -> Result<Progress, StoreError> {
        let all = [
            Job::tick(&self.reminders).await?,
            Job::tick(&self.maintenance).await?,
            Job::tick(&self.case_deadlines).await?,
            Job::tick(&self.outbox).await?,
            Job::tick(&self.broadcasts).await?,
            Job::tick(&self.checkpoints).await?,
            Job::tick(&self.pull_refresh).await?,
        ];
        Ok(all
            .into_iter()
            .fold(Progress::Idle, |left, one| match (left, one) {
                (Progress::Worked(a), Progress::Worked(b)) => Progress::Worked(a + b),
                (worked @ Progress::Worked(_), _) | (_, worked @ Progress::Worked(_)) => worked,
                (Progress::WaitUntil(a), Progress::WaitUntil(b)) => Progress::WaitUntil(a.min(b)),
                (wait @ Progress::WaitUntil(_), Progress::Idle)
                | (Progress::Idle, wait @ Progress::WaitUntil(_)) => wait,
                (Progress::Idle, Progress::Idle) => Progress::Idle,
            }))
    }
}
