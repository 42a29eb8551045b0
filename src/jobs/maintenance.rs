//! Forgets what is no longer needed: keys of answered updates, and the texts
//! citizens wrote once they are older than the retention period; and makes
//! the scheduled backups.

use std::time::Duration;

use super::backups::BackupSchedule;
use super::{Job, Progress};
use chrono::{DateTime, Utc};

use crate::store::{Store, StoreError, citizen_data, time_text, updates};

/// Keys of answered updates are kept this long; Telegram gives up redelivering
/// an update after a day.
const KEEP_UPDATE_KEYS: chrono::Duration = chrono::Duration::days(2);

pub struct Maintenance {
    pub store: Store,
    /// Comments and case texts are erased once this old (`[privacy]
    /// keep_texts_days`); the index keeps their counts.
    pub keep_texts: chrono::Duration,
    /// `[backup] every_hours`, if set.
    pub backups: Option<BackupSchedule>,
}

impl Maintenance {
    pub async fn tick(&self) -> Result<Progress, StoreError> {
        self.tick_at(Utc::now()).await
    }

    /// Forgets old update keys, erases texts past retention and makes a
    /// backup if one is due, as at `now`.
    pub async fn tick_at(&self, now: DateTime<Utc>) -> Result<Progress, StoreError> {
        let before = time_text(now - KEEP_UPDATE_KEYS);
        let mut tx = self.store.begin_write().await?;
        let keys = updates::forget_updates_before(&mut tx, &before).await?;
        let texts = citizen_data::erase_texts_before(&mut tx, now - self.keep_texts).await?;
        tx.commit().await?;
        tracing::debug!(
            keys,
            texts,
            "old update keys and texts past retention forgotten"
        );
        // A failed backup (a full disk) is logged and tried again at the
        // next tick; it holds back nothing else.
        let backed_up = match &self.backups {
            Some(schedule) => match schedule.run_due(&self.store, now).await {
                Ok(Some(copy)) => {
                    tracing::info!(copy = %copy.display(), "scheduled backup made");
                    true
                }
                Ok(None) => false,
                Err(error) => {
                    tracing::error!(%error, "the scheduled backup failed");
                    false
                }
            },
            None => false,
        };
        Ok(match keys + texts + u64::from(backed_up) {
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
