//! Keeps the WAL short beside the serving writer, whose commits leave
//! checkpoints to this job (see [`Store::open_serving`]): the pages written
//! since the last checkpoint are copied into the database file every five
//! seconds, and sooner under load.

use std::time::Duration;

use tokio::time::Instant;

use super::{Job, Progress};
use crate::store::{Store, StoreError};

/// A checkpoint syncs the disk twice, and a look-up answered meanwhile is
/// slower: at 20 look-ups a second, a checkpoint every 5 s rather than every
/// second took the slowest 1 % from 3.8–4.3 ms to 3.4–3.7 ms
/// (BENCHMARKS.md). Each then copies some 1,600 pages (6 MiB).
const EVERY: Duration = Duration::from_secs(5);
/// WAL pages from which the next checkpoint comes [`SOON`] (SQLite's own
/// threshold): flat out, the bot writes some 10,000 pages a second, and what
/// this job copies the writer's checkpoint need not.
const LONG_WAL: i64 = 1_000;
const SOON: Duration = Duration::from_millis(100);

pub struct Checkpoints {
    pub store: Store,
}

impl Checkpoints {
    /// One checkpoint; the next one after [`EVERY`], or sooner if the WAL
    /// was long. Never more at once: what is written meanwhile waits for it.
    pub async fn tick(&self) -> Result<Progress, StoreError> {
        let done = self.store.checkpoint().await?;
        if done.copied < done.in_wal {
            // A reader still uses the pages left; a later tick copies them.
            tracing::debug!(
                in_wal = done.in_wal,
                copied = done.copied,
                "WAL pages left for the next checkpoint"
            );
        }
        Ok(if done.in_wal >= LONG_WAL {
            Progress::WaitUntil(Instant::now() + SOON)
        } else {
            Progress::Idle
        })
    }
}

impl Job for Checkpoints {
    const NAME: &'static str = "checkpoints";

    fn tick(&self) -> impl Future<Output = Result<Progress, StoreError>> + Send {
        Checkpoints::tick(self)
    }

    fn idle_wait(&self) -> Duration {
        EVERY
    }
}
