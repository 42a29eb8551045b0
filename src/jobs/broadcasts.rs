//! Drains broadcasts, oldest first: each recipient is marked in flight before
//! its message leaves and delivered after Telegram took it, so a crash can
//! leave at most `in_flight` recipients uncertain and never sends twice.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::Notify;
use tokio::task::JoinSet;

use crate::configuration::BroadcastSettings;
use crate::domain::UserId;
use crate::flows::broadcast_words::{compose, progress_text, report_text};
use crate::i18n::I18n;
use crate::jobs::messenger::{DeliveryError, Messenger, Notice, Photo};
use crate::store::broadcasts::{self, Claimed, Job, Outcome};
use crate::store::{Store, StoreError, citizens};

const IDLE_POLL: Duration = Duration::from_secs(1);
/// The longest wait between two tries for one recipient.
const MAX_BACKOFF_SECS: i64 = 60;

pub struct BroadcastWorker<M> {
    pub store: Store,
    pub i18n: Arc<I18n>,
    pub messenger: Arc<M>,
    pub settings: BroadcastSettings,
    /// Rung when a broadcast is made in this process, so it starts at once.
    pub wake: Arc<Notify>,
}

/// What became of one recipient's message.
struct Sent {
    chat_id: i64,
    attempts: i64,
    result: Result<Option<String>, DeliveryError>,
}

impl<M: Messenger> BroadcastWorker<M> {
    pub async fn run_until_stopped(self) {
        loop {
            match self.next().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "broadcasts: a step failed; will retry"),
            }
            let _ = tokio::time::timeout(IDLE_POLL, self.wake.notified()).await;
        }
    }

    /// Sends the oldest unfinished broadcast to the end; false if there was none.
    async fn next(&self) -> Result<bool, StoreError> {
        let job = {
            let mut tx = self.store.begin_write().await?;
            let job = broadcasts::start_next(&mut tx).await?;
            tx.commit().await?;
            job
        };
        let Some(job) = job else {
            return Ok(false);
        };
        tracing::info!(broadcast = job.id, "sending a broadcast");
        self.send_all(job).await?;
        Ok(true)
    }

    async fn send_all(&self, mut job: Job) -> Result<(), StoreError> {
        let id = job.id;
        let started = Instant::now();
        let done_before = self.tally(job.id).await?.done();
        let mut in_flight: JoinSet<Sent> = JoinSet::new();
        let mut last_progress = Instant::now();
        let progress_every = Duration::from_secs(self.settings.progress_every_secs.max(1));
        loop {
            // Until the photo has a file id, one upload at a time: the first
            // to succeed gives the id every other message refers to.
            let uploading = job.photo_file_id.is_none() && job.photo_bytes.is_some();
            let window = if uploading {
                1
            } else {
                self.settings.in_flight.max(1)
            };
            while in_flight.len() < window {
                let claimed = {
                    let mut tx = self.store.begin_write().await?;
                    let claimed = broadcasts::claim_next(&mut tx, job.id, Utc::now()).await?;
                    tx.commit().await?;
                    claimed
                };
                let Some(claimed) = claimed else { break };
                in_flight.spawn(self.send_one(&job, claimed));
            }
            if in_flight.is_empty() {
                let mut conn = self.store.read().await?;
                match broadcasts::next_due(&mut conn, job.id).await? {
                    // Only retries wait, for their time; or it was cancelled.
                    Some(at) => {
                        drop(conn);
                        let wait = (at - Utc::now()).to_std().unwrap_or_default();
                        tokio::time::sleep(wait.min(progress_every)).await;
                    }
                    None => break,
                }
            } else {
                let until_progress = progress_every.saturating_sub(last_progress.elapsed());
                if let Ok(Some(joined)) =
                    tokio::time::timeout(until_progress, in_flight.join_next()).await
                {
                    match joined {
                        Ok(sent) => self.record(&mut job, sent).await?,
                        // A send task never panics on purpose; if one did, its row
                        // stays in flight and is reported uncertain after a restart.
                        Err(error) => tracing::error!(%error, "a broadcast send task failed"),
                    }
                }
            }
            if last_progress.elapsed() >= progress_every {
                last_progress = Instant::now();
                let tally = self.tally(job.id).await?;
                let rate = (tally.done() - done_before) as f64 / started.elapsed().as_secs_f64();
                self.show_progress(&mut job, |i18n, lang| {
                    progress_text(i18n, lang, id, &tally, Some(rate))
                })
                .await?;
            }
        }
        {
            let mut tx = self.store.begin_write().await?;
            broadcasts::finish(&mut tx, job.id).await?;
            tx.commit().await?;
        }
        let took = (Utc::now() - job.started_at).to_std().unwrap_or_default();
        let tally = self.tally(job.id).await?;
        tracing::info!(
            broadcast = job.id,
            delivered = tally.delivered,
            blocked = tally.blocked,
            failed = tally.failed,
            uncertain = tally.uncertain,
            skipped = tally.skipped,
            cancelled = tally.cancelled,
            seconds = took.as_secs_f64(),
            "broadcast finished"
        );
        self.show_progress(&mut job, |i18n, lang| {
            report_text(i18n, lang, id, &tally, took)
        })
        .await?;
        // The edit does not ring; the report as a new message does.
        if let Some(chat_id) = job.progress_chat_id {
            let lang =
                citizens::language_of(&mut *self.store.read().await?, UserId(chat_id)).await?;
            let report = report_text(&self.i18n, lang, job.id, &tally, took);
            if let Err(error) = self.messenger.post(chat_id, &report).await {
                tracing::warn!(%error, broadcast = job.id, "the report could not be sent");
            }
        }
        Ok(())
    }

    fn send_one(
        &self,
        job: &Job,
        claimed: Claimed,
    ) -> impl std::future::Future<Output = Sent> + Send + 'static {
        let messenger = self.messenger.clone();
        let html = compose(&self.i18n, &job.text_html, claimed.language);
        let file_id = job.photo_file_id.clone();
        let bytes = job.photo_bytes.clone();
        async move {
            let photo = match (&file_id, &bytes) {
                (Some(id), _) => Some(Photo::Stored(id)),
                (None, Some(bytes)) => Some(Photo::Upload(bytes)),
                (None, None) => None,
            };
            let notice = Notice { html: &html, photo };
            let result = messenger.send_notice(claimed.chat_id, notice).await;
            Sent {
                chat_id: claimed.chat_id,
                attempts: claimed.attempts,
                result,
            }
        }
    }

    async fn record(&self, job: &mut Job, sent: Sent) -> Result<(), StoreError> {
        let (id, chat) = (job.id, sent.chat_id);
        let mut tx = self.store.begin_write().await?;
        match sent.result {
            Ok(file_id) => {
                broadcasts::finish_recipient(&mut tx, id, chat, Outcome::Delivered, None).await?;
                if let (Some(file_id), None) = (file_id, &job.photo_file_id) {
                    broadcasts::set_photo_file_id(&mut tx, id, &file_id).await?;
                    job.photo_file_id = Some(file_id);
                    job.photo_bytes = None;
                }
            }
            Err(DeliveryError::Unreachable) => {
                broadcasts::finish_recipient(&mut tx, id, chat, Outcome::Blocked, None).await?;
                citizens::mark_unreachable(&mut tx, UserId(chat)).await?;
            }
            Err(DeliveryError::Refused(error)) => {
                broadcasts::finish_recipient(&mut tx, id, chat, Outcome::Failed, Some(&error))
                    .await?;
            }
            // Telegram did not take the message: it may go again when allowed.
            Err(DeliveryError::RetryAfter(wait)) => {
                let at = Utc::now() + wait;
                broadcasts::retry_recipient(&mut tx, id, chat, at, "rate limited").await?;
            }
            Err(DeliveryError::Transient(error))
                if sent.attempts < i64::from(self.settings.max_attempts) =>
            {
                let backoff = (1_i64 << sent.attempts.clamp(1, 6)).min(MAX_BACKOFF_SECS);
                let at = Utc::now() + chrono::Duration::seconds(backoff);
                broadcasts::retry_recipient(&mut tx, id, chat, at, &error).await?;
            }
            Err(DeliveryError::Transient(error)) => {
                broadcasts::finish_recipient(&mut tx, id, chat, Outcome::Failed, Some(&error))
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn tally(&self, id: i64) -> Result<broadcasts::Tally, StoreError> {
        broadcasts::tally(&mut *self.store.read().await?, id).await
    }

    /// Edits the progress message, posting it first if the broadcast has none.
    async fn show_progress(
        &self,
        job: &mut Job,
        text: impl Fn(&I18n, crate::domain::Language) -> String,
    ) -> Result<(), StoreError> {
        let Some(chat_id) = job.progress_chat_id else {
            return Ok(());
        };
        let lang = citizens::language_of(&mut *self.store.read().await?, UserId(chat_id)).await?;
        let text = text(&self.i18n, lang);
        match job.progress_message_id {
            Some(message_id) => {
                if let Err(error) = self.messenger.edit(chat_id, message_id, &text).await {
                    tracing::debug!(%error, "the progress message could not be edited");
                }
            }
            None => match self.messenger.post(chat_id, &text).await {
                Ok(message_id) => {
                    let mut tx = self.store.begin_write().await?;
                    broadcasts::set_progress_message(&mut tx, job.id, message_id).await?;
                    tx.commit().await?;
                    job.progress_message_id = Some(message_id);
                }
                Err(error) => tracing::warn!(%error, "the progress message could not be sent"),
            },
        }
        Ok(())
    }
}
