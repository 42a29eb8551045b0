//! Drains broadcasts, oldest first: each recipient is marked in flight before
//! its message leaves and delivered after Telegram took it, so a crash can
//! leave at most `in_flight` recipients uncertain and never sends twice.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::messenger::{DeliveryError, Messenger, Notice, Photo, RetryPolicy, Verdict};
use super::{Job, Progress, instant_at};
use crate::configuration::BroadcastSettings;
use crate::domain::UserId;
use crate::flows::broadcast_words::{compose, progress_text, report_text};
use crate::i18n::I18n;
use crate::store::broadcasts::{self, Claimed, Outcome};
use crate::store::{Store, StoreError, citizens};

pub struct BroadcastWorker<M> {
    store: Store,
    i18n: Arc<I18n>,
    messenger: Arc<M>,
    settings: BroadcastSettings,
    policy: RetryPolicy,
    /// Rung when a broadcast is made in this process, so it starts at once.
    wake: Arc<Notify>,
    /// The broadcast being sent, between two ticks.
    sending: Mutex<Option<Sending>>,
}

/// A broadcast being sent and its messages under way.
struct Sending {
    job: broadcasts::Job,
    /// When this process took it up, and how many were done before: the rate.
    resumed: Instant,
    done_before: i64,
    last_progress: Instant,
    in_flight: JoinSet<Sent>,
}

/// What became of one recipient's message.
struct Sent {
    claimed: Claimed,
    result: Result<Option<String>, DeliveryError>,
}

impl<M: Messenger> BroadcastWorker<M> {
    pub fn new(
        store: Store,
        i18n: Arc<I18n>,
        messenger: Arc<M>,
        settings: BroadcastSettings,
        policy: RetryPolicy,
        wake: Arc<Notify>,
    ) -> Self {
        Self {
            store,
            i18n,
            messenger,
            settings,
            policy,
            wake,
            sending: Mutex::new(None),
        }
    }

    /// One step of the oldest unfinished broadcast: records what came back,
    /// hands out what may leave, and else waits for one message to come back;
    /// when none is left, reports and finishes it.
    pub async fn tick(&self) -> Result<Progress, StoreError> {
        let mut sending = self.sending.lock().await;
        let active = match &mut *sending {
            Some(active) => active,
            None => match self.take_up().await? {
                Some(active) => sending.insert(active),
                None => return Ok(Progress::Idle),
            },
        };
        let mut worked = 0;
        while let Some(joined) = active.in_flight.try_join_next() {
            self.record(&mut active.job, joined).await?;
            worked += 1;
        }
        // Until the photo has a file id, one upload at a time: the first
        // to succeed gives the id every other message refers to.
        let uploading = active.job.photo_file_id.is_none() && active.job.photo_bytes.is_some();
        let window = if uploading {
            1
        } else {
            self.settings.in_flight.max(1)
        };
        while active.in_flight.len() < window {
            let claimed = {
                let mut tx = self.store.begin_write().await?;
                let claimed = broadcasts::claim_next(&mut tx, active.job.id, Utc::now()).await?;
                tx.commit().await?;
                claimed
            };
            let Some(claimed) = claimed else { break };
            let send = self.send_one(&active.job, claimed);
            active.in_flight.spawn(send);
            worked += 1;
        }
        let progress_every = Duration::from_secs(self.settings.progress_every_secs.max(1));
        let progress_due = active.last_progress + progress_every;
        if Instant::now() >= progress_due {
            self.show_rate(active).await?;
        }
        if worked > 0 {
            return Ok(Progress::Worked(worked));
        }
        if active.in_flight.is_empty() {
            let next = broadcasts::next_due(&mut *self.store.read().await?, active.job.id).await?;
            // Only retries wait, for their time; or it was cancelled.
            return Ok(match next {
                Some(at) => Progress::WaitUntil(instant_at(at).min(progress_due)),
                None => {
                    if let Some(done) = sending.take() {
                        self.finish(done.job).await?;
                    }
                    Progress::Worked(1)
                }
            });
        }
        match tokio::time::timeout_at(progress_due, active.in_flight.join_next()).await {
            Ok(Some(joined)) => {
                self.record(&mut active.job, joined).await?;
                Ok(Progress::Worked(1))
            }
            // Time to show progress, in the next tick.
            Ok(None) | Err(_) => Ok(Progress::Worked(0)),
        }
    }

    /// Waits for the messages under way and records them; claims no more.
    /// The broadcast goes on from there when the bot starts again.
    pub async fn settle(&self) -> Result<(), StoreError> {
        if let Some(active) = &mut *self.sending.lock().await {
            while let Some(joined) = active.in_flight.join_next().await {
                self.record(&mut active.job, joined).await?;
            }
        }
        Ok(())
    }

    /// Marks the oldest unfinished broadcast as sending, if there is one.
    async fn take_up(&self) -> Result<Option<Sending>, StoreError> {
        let job = {
            let mut tx = self.store.begin_write().await?;
            let job = broadcasts::start_next(&mut tx).await?;
            tx.commit().await?;
            job
        };
        let Some(job) = job else {
            return Ok(None);
        };
        tracing::info!(broadcast = job.id, "sending a broadcast");
        let done_before = self.tally(job.id).await?.done();
        Ok(Some(Sending {
            job,
            resumed: Instant::now(),
            done_before,
            last_progress: Instant::now(),
            in_flight: JoinSet::new(),
        }))
    }

    async fn show_rate(&self, active: &mut Sending) -> Result<(), StoreError> {
        active.last_progress = Instant::now();
        let id = active.job.id;
        let tally = self.tally(id).await?;
        let rate =
            (tally.done() - active.done_before) as f64 / active.resumed.elapsed().as_secs_f64();
        self.show_progress(&mut active.job, |i18n, lang| {
            progress_text(i18n, lang, id, &tally, Some(rate))
        })
        .await
    }

    async fn finish(&self, mut job: broadcasts::Job) -> Result<(), StoreError> {
        let id = job.id;
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
        job: &broadcasts::Job,
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
            Sent { claimed, result }
        }
    }

    async fn record(
        &self,
        job: &mut broadcasts::Job,
        joined: Result<Sent, tokio::task::JoinError>,
    ) -> Result<(), StoreError> {
        // A send task never panics on purpose; if one did, its row stays in
        // flight and is reported uncertain after a restart.
        let Sent { claimed, result } = match joined {
            Ok(sent) => sent,
            Err(error) => {
                tracing::error!(%error, "a broadcast send task failed");
                return Ok(());
            }
        };
        let (id, chat) = (job.id, claimed.chat_id);
        let judged = result.map_err(|error| {
            (self.policy).judge(error, claimed.attempts, job.started_at, Utc::now())
        });
        let mut tx = self.store.begin_write().await?;
        match judged {
            Ok(file_id) => {
                broadcasts::finish_recipient(&mut tx, id, chat, Outcome::Delivered, None).await?;
                if let (Some(file_id), None) = (file_id, &job.photo_file_id) {
                    broadcasts::set_photo_file_id(&mut tx, id, &file_id).await?;
                    job.photo_file_id = Some(file_id);
                    job.photo_bytes = None;
                }
            }
            Err(Verdict::Unreachable) => {
                broadcasts::finish_recipient(&mut tx, id, chat, Outcome::Blocked, None).await?;
                citizens::mark_unreachable(&mut tx, UserId(chat)).await?;
            }
            Err(Verdict::Failed(error)) => {
                broadcasts::finish_recipient(&mut tx, id, chat, Outcome::Failed, Some(&error))
                    .await?;
            }
            Err(Verdict::RetryAt(at, error)) => {
                broadcasts::retry_recipient(&mut tx, id, chat, at, &error).await?;
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
        job: &mut broadcasts::Job,
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

impl<M: Messenger> Job for BroadcastWorker<M> {
    const NAME: &'static str = "broadcasts";

    fn tick(&self) -> impl Future<Output = Result<Progress, StoreError>> + Send {
        BroadcastWorker::tick(self)
    }

    fn idle_wait(&self) -> Duration {
        Duration::from_secs(1)
    }

    fn wake(&self) -> Option<&Notify> {
        Some(&self.wake)
    }
}
