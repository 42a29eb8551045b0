//! Drains the outbox: status notifications, worded in each follower's
//! language when sent.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;

use crate::domain::Status;
use crate::domain::moment::local_date;
use crate::feed::{STATUS_CHANGED, StatusNotice};
use crate::flows::card::status_notice;
use crate::flows::{Action, Button, Keyboard};
use crate::i18n::{I18n, Key};
use crate::links::Signer;
use crate::messenger::{DeliveryError, Messenger};
use crate::store::outbox::{self, OutboxItem};
use crate::store::{Store, StoreError, citizens, dossiers, parse_time};

const BATCH: i64 = 20;
const MAX_ATTEMPTS: i64 = 5;
const IDLE_POLL: Duration = Duration::from_secs(1);

pub struct OutboxWorker<M> {
    pub store: Store,
    pub i18n: Arc<I18n>,
    pub signer: Signer,
    pub messenger: M,
    /// Rung by in-process writers so that notifications leave at once.
    pub wake: Arc<Notify>,
}

/// What became of one message.
enum Fate {
    Sent,
    Failed(String),
    Unreachable,
    Later(chrono::DateTime<Utc>, String),
}

impl<M: Messenger> OutboxWorker<M> {
    /// Sends one batch of due messages; returns how many were claimed.
    pub async fn tick(&self) -> Result<usize, StoreError> {
        let mut tx = self.store.begin_write().await?;
        let items = outbox::claim_due(&mut tx, Utc::now(), BATCH).await?;
        tx.commit().await?;
        for item in &items {
            let fate = self.deliver(item).await?;
            let mut tx = self.store.begin_write().await?;
            match fate {
                Fate::Sent => outbox::finish(&mut tx, item.id, true, None).await?,
                Fate::Failed(error) => {
                    outbox::finish(&mut tx, item.id, false, Some(&error)).await?
                }
                Fate::Unreachable => {
                    outbox::finish(&mut tx, item.id, false, Some("unreachable")).await?;
                    citizens::mark_unreachable(&mut tx, item.chat_id).await?;
                }
                Fate::Later(at, error) => outbox::retry_later(&mut tx, item.id, at, &error).await?,
            }
            tx.commit().await?;
        }
        Ok(items.len())
    }

    async fn deliver(&self, item: &OutboxItem) -> Result<Fate, StoreError> {
        let Some((text, keyboard)) = self.render(item).await? else {
            return Ok(Fate::Failed(format!(
                "cannot word a `{}` message",
                item.kind
            )));
        };
        Ok(
            match self.messenger.send(item.chat_id, &text, &keyboard).await {
                Ok(()) => Fate::Sent,
                Err(DeliveryError::Unreachable) => Fate::Unreachable,
                Err(DeliveryError::Refused(error)) => Fate::Failed(error),
                Err(DeliveryError::RetryAfter(wait)) => {
                    Fate::Later(Utc::now() + wait, "rate limited".into())
                }
                Err(DeliveryError::Transient(error)) if item.attempts < MAX_ATTEMPTS => {
                    let backoff = chrono::Duration::seconds(1 << item.attempts.clamp(1, 6));
                    Fate::Later(Utc::now() + backoff, error)
                }
                Err(DeliveryError::Transient(error)) => Fate::Failed(error),
            },
        )
    }

    async fn render(&self, item: &OutboxItem) -> Result<Option<(String, Keyboard)>, StoreError> {
        if item.kind != STATUS_CHANGED {
            return Ok(None);
        }
        let Ok(notice) = serde_json::from_str::<StatusNotice>(&item.payload) else {
            return Ok(None);
        };
        let (Ok(status), Ok(at)) = (Status::from_code(notice.status), parse_time(&notice.at))
        else {
            return Ok(None);
        };
        let mut conn = self.store.read().await?;
        let Some(view) = dossiers::find_dossier_by_id(&mut conn, notice.dossier_id).await? else {
            return Ok(None);
        };
        let lang = citizens::language_of(&mut conn, item.chat_id).await?;
        let text = status_notice(&self.i18n, lang, &view, status, local_date(at));
        let keyboard = Keyboard(vec![vec![Button {
            label: self.i18n.t(lang, Key::UnfollowButton),
            action: Action::unfollow(&self.signer, item.chat_id, view.id),
        }]]);
        Ok(Some((text, keyboard)))
    }

    pub async fn run_until_stopped(self) {
        loop {
            match self.tick().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "outbox: a batch failed; will retry"),
            }
            let _ = tokio::time::timeout(IDLE_POLL, self.wake.notified()).await;
        }
    }
}
