//! One reminder to those invited to the survey who have not answered.

use std::time::Duration;

use chrono::Utc;

use super::{Job, Progress};
use crate::store::{Store, StoreError, survey};

pub struct Reminders {
    pub store: Store,
    /// Hours after the invitation; 0 sends no reminders.
    pub after_hours: u32,
}

impl Reminders {
    /// Queues the reminders due now.
    pub async fn tick(&self) -> Result<Progress, StoreError> {
        if self.after_hours == 0 {
            return Ok(Progress::Idle);
        }
        let before = Utc::now() - chrono::Duration::hours(i64::from(self.after_hours));
        let mut tx = self.store.begin_write().await?;
        let queued = survey::remind_unanswered(&mut tx, before).await?;
        tx.commit().await?;
        if queued == 0 {
            return Ok(Progress::Idle);
        }
        tracing::info!(queued, "survey reminders queued");
        Ok(Progress::Worked(
            usize::try_from(queued).unwrap_or(usize::MAX),
        ))
    }
}

impl Job for Reminders {
    const NAME: &'static str = "reminders";

    fn tick(&self) -> impl Future<Output = Result<Progress, StoreError>> + Send {
        Reminders::tick(self)
    }

    fn idle_wait(&self) -> Duration {
        Duration::from_secs(60)
    }
}
