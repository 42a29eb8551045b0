use std::time::Duration;

use crate::store::{Store, StoreError, time_text, updates};

/// Keys of answered updates are kept this long; Telegram gives up redelivering
/// an update after a day.
const KEEP_UPDATE_KEYS: chrono::Duration = chrono::Duration::days(2);
const EVERY: Duration = Duration::from_secs(3600);

/// Forgets old update keys; returns how many.
pub async fn tick(store: &Store) -> Result<u64, StoreError> {
    let before = time_text(chrono::Utc::now() - KEEP_UPDATE_KEYS);
    let mut tx = store.begin_write().await?;
    let forgotten = updates::forget_updates_before(&mut tx, &before).await?;
    tx.commit().await?;
    Ok(forgotten)
}

pub async fn run_until_stopped(store: Store) {
    let mut interval = tokio::time::interval(EVERY);
    loop {
        interval.tick().await;
        match tick(&store).await {
            Ok(forgotten) => tracing::debug!(forgotten, "old update keys forgotten"),
            Err(error) => tracing::warn!(%error, "maintenance failed; will retry"),
        }
    }
}
