//! Forgets what is no longer needed: keys of answered updates.

use std::time::Duration;

use super::{Job, Progress};
use crate::store::{Store, StoreError, time_text, updates};

/// Keys of answered updates are kept this long; Telegram gives up redelivering
/// an update after a day.
const KEEP_UPDATE_KEYS: chrono::Duration = chrono::Duration::days(2);

pub struct Maintenance {
    pub store: Store,
}

impl Maintenance {
    /// Forgets old update keys.
    pub async fn tick(&self) -> Result<Progress, StoreError> {
        let before = time_text(chrono::Utc::now() - KEEP_UPDATE_KEYS);
        let mut tx = self.store.begin_write().await?;
        let forgotten = updates::forget_updates_before(&mut tx, &before).await?;
        tx.commit().await?;
        tracing::debug!(forgotten, "old update keys forgotten");
        Ok(match forgotten {
            0 => Progress::Idle,
            n => Progress::Worked(usize::try_from(n).unwrap_or(usize::MAX)),
        })
    }
}

impl Job for Maintenance {
    const NAME: &'static str = "maintenance";

    fn tick(&self) -> impl Future<Output = Result<Progress, StoreError>> + Send {
        Maintenance::tick(self)
    }

    fn idle_wait(&self) -> Duration {
        Duration::from_secs(3600)
    }
}
