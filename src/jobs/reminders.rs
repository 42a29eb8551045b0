//! One reminder to those invited to the survey who have not answered.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;

use crate::store::{Store, StoreError, survey};

const EVERY: Duration = Duration::from_secs(60);

/// Queues the reminders due now; returns how many.
pub async fn tick(store: &Store, after_hours: u32) -> Result<u64, StoreError> {
    let before = Utc::now() - chrono::Duration::hours(i64::from(after_hours));
    let mut tx = store.begin_write().await?;
    let queued = survey::remind_unanswered(&mut tx, before).await?;
    tx.commit().await?;
    Ok(queued)
}

/// Runs forever; with `after_hours` 0 reminders are off and it only waits.
pub async fn run_until_stopped(store: Store, after_hours: u32, wake: Arc<Notify>) {
    if after_hours == 0 {
        return std::future::pending().await;
    }
    let mut interval = tokio::time::interval(EVERY);
    loop {
        interval.tick().await;
        match tick(&store, after_hours).await {
            Ok(0) => {}
            Ok(queued) => {
                tracing::info!(queued, "survey reminders queued");
                wake.notify_one();
            }
            Err(error) => tracing::warn!(%error, "reminders failed; will retry"),
        }
    }
}
