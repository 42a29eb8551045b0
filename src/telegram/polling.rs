//! Long polling into the inbox. Each batch is written down, with the offset
//! that confirms it, before the next `getUpdates` tells Telegram it arrived:
//! a crash at any point loses no update, and a restart resumes where the
//! database says.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use serde_json::value::RawValue;
use teloxide::payloads::{GetUpdates, GetUpdatesSetters};
use teloxide::prelude::*;
use teloxide::types::AllowedUpdate;

use super::answer::{Answer, method_url};
use super::incoming::{self, Read};
use super::read_ahead::ReadAhead;
use crate::flows::Incoming;
use crate::jobs::waiting::Waiting;
use crate::store::inbox::{self, Arrival, Resume};
use crate::store::{Store, StoreError};
use crate::telemetry::contact::{Contact, TelegramError};

/// The inbox's name for this receiver's offset.
const SOURCE: &str = "telegram";
/// The first wait after a failed poll; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// The bot hears Telegram again within this long of its return.
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// Added to the long poll's own time before a poll counts as lost.
const POLL_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error("getUpdates failed: {0}")]
    Http(reqwest::Error),
    #[error("getUpdates was refused: {0}")]
    Refused(String),
    #[error("getUpdates asks to wait {0:?}")]
    RetryAfter(Duration),
    #[error("getUpdates answered what is not a list of updates: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<reqwest::Error> for PollError {
    /// Without the URL: it holds the bot's token.
    fn from(error: reqwest::Error) -> Self {
        Self::Http(error.without_url())
    }
}

/// Where a poll hands the rows it wrote down over.
pub struct Handover {
    /// The rows, for the inbox worker.
    pub waiting: Arc<Waiting>,
    /// What was read of them, for their handler.
    pub read_ahead: Arc<ReadAhead>,
    /// Tells the commands meant for this bot, as the handler would.
    pub bot_username: String,
}

pub struct Poller {
    bot: Bot,
    store: Store,
    contact: Arc<Contact>,
    /// Where the rows written down go.
    handed_to: Handover,
    timeout: Duration,
    /// The offset this poller last wrote, so that a poll does not read it
    /// back; 0 until then (the database's is read).
    resumes_at: AtomicI64,
}

impl Poller {
    pub fn new(
        bot: Bot,
        store: Store,
        contact: Arc<Contact>,
        handed_to: Handover,
        timeout: Duration,
    ) -> Self {
        Self {
            bot,
            store,
            contact,
            handed_to,
            timeout,
            resumes_at: AtomicI64::new(0),
        }
    }

    pub async fn run_until_stopped(self) {
        let mut backoff = FIRST_BACKOFF;
        loop {
            let polled = self.tick().await;
            if let Err(error) = &polled {
                self.record(error);
            }
            match polled {
                Ok(_) => backoff = FIRST_BACKOFF,
                Err(PollError::RetryAfter(wait)) => tokio::time::sleep(wait).await,
                Err(error) => {
                    tracing::warn!(%error, ?backoff, "polling the Bot API failed; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }

    /// Counts a failed poll by its kind, for `/metrics`; the database's own
    /// failures are not Telegram's.
    fn record(&self, error: &PollError) {
        let kind = match error {
            PollError::RetryAfter(_) => TelegramError::RateLimited,
            PollError::Http(_) | PollError::Unreadable(_) => TelegramError::Network,
            PollError::Refused(_) => TelegramError::Refused,
            PollError::Store(_) => return,
        };
        self.contact.failed(kind);
    }

    /// One long poll: the updates it brought are in the inbox, and the offset
    /// that confirms them, when it returns; how many.
    pub async fn tick(&self) -> Result<usize, PollError> {
        let offset = match self.resumes_at.load(Ordering::Relaxed) {
            0 => inbox::offset(&mut *self.store.read().await?, SOURCE).await?,
            known => known,
        };
        let updates = self.get_updates(offset).await?;
        self.contact.answered();
        let Some(last) = updates.iter().map(|read| read.id).max() else {
            return Ok(0);
        };
        let (arrivals, incoming): (Vec<Arrival>, Vec<Option<Incoming>>) = updates
            .into_iter()
            .map(|read| (read.arrival, read.incoming))
            .unzip();
        let mut incoming: HashMap<&str, Incoming> = arrivals
            .iter()
            .map(|arrival| arrival.update_key.as_str())
            .zip(incoming)
            .filter_map(|(key, incoming)| Some((key, incoming?)))
            .collect();
        let resume = Resume {
            source: SOURCE,
            next_offset: last + 1,
        };
        let mut tx = self.store.begin_write().await?;
        let fresh = inbox::receive(&mut tx, &arrivals, Some(resume)).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.resumes_at.store(last + 1, Ordering::Relaxed);
        // Before the rows are handed over, so that their handler finds it.
        self.handed_to.read_ahead.keep(
            fresh
                .iter()
                .filter_map(|row| Some((row.id, incoming.remove(row.update_key.as_str())?))),
        );
        self.handed_to.waiting.add(fresh);
        Ok(arrivals.len())
    }

    /// `getUpdates` as teloxide words it, sent and read here
    /// ([`super::answer`]). Each update comes back with its id and its JSON
    /// as Telegram sent it.
    async fn get_updates(&self, offset: i64) -> Result<Vec<Read>, PollError> {
        let timeout = u32::try_from(self.timeout.as_secs()).unwrap_or(u32::MAX);
        let payload = GetUpdates::new()
            .offset(i32::try_from(offset).unwrap_or(i32::MAX))
            .timeout(timeout)
            .allowed_updates([
                AllowedUpdate::Message,
                AllowedUpdate::EditedMessage,
                AllowedUpdate::ChannelPost,
                AllowedUpdate::EditedChannelPost,
                AllowedUpdate::CallbackQuery,
            ]);
        let url = method_url(&self.bot, "getUpdates")
            .ok_or_else(|| PollError::Refused("the API URL cannot take a path".into()))?;
        let body = self
            .bot
            .client()
            .post(url)
            .timeout(self.timeout + POLL_GRACE)
            .json(&payload)
            .send()
            .await?
            .bytes()
            .await?;
        let response: Answer<Vec<&RawValue>> =
            serde_json::from_slice(&body).map_err(|e| PollError::Unreadable(e.to_string()))?;
        if !response.ok {
            if let Some(seconds) = response.parameters.and_then(|p| p.retry_after) {
                return Err(PollError::RetryAfter(Duration::from_secs(seconds)));
            }
            return Err(PollError::Refused(
                response
                    .description
                    .unwrap_or_else(|| "no description".into()),
            ));
        }
        let Some(updates) = response.result else {
            return Err(PollError::Unreadable("no result".into()));
        };
        updates
            .into_iter()
            .map(|update| {
                incoming::read(update, &self.handed_to.bot_username)
                    .ok_or_else(|| PollError::Unreadable("an update without update_id".into()))
            })
            .collect()
    }
}
