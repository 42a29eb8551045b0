//! Keeps the WAL short beside the serving writer, whose commits leave
//! checkpoints to this job (see [`Store::open_serving`]): each second, the
//! pages written meanwhile are copied into the database file.

use std::time::Duration;

use super::{Job, Progress};
use crate::store::{Store, StoreError};

/// A second's pages: at 20 look-ups a second a few hundred, so that the WAL
/// and the pages a read looks up in it stay as short as SQLite's own
/// checkpoints kept them.
const EVERY: Duration = Duration::from_secs(1);

pub struct Checkpoints {
    pub store: Store,
}

impl Checkpoints {
    /// One checkpoint. Idle whatever it copied: the next one is worth making
    /// a second later, not at once.
    pub async fn tick(&self) -> Result<Progress, StoreError> {
        let done = self.store.checkpoint().await?;
        if done.copied < done.in_wal {
            // A reader still uses the pages left; the next tick copies them.
            tracing::debug!(
                in_wal = done.in_wal,
                copied = done.copied,
                "WAL pages left for the next checkpoint"
            );
        }
        Ok(Progress::Idle)
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
