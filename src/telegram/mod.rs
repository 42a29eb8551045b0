//! The Telegram adapter: receives updates into the inbox ([`polling`]), turns
//! each into a [`flows::Incoming`], runs the flow, and carries its
//! [`flows::Outcome`] back through the Bot API ([`outgoing`]).

mod answer;
mod incoming;
pub use incoming::{Read, read, update_key};
mod menus;
pub use menus::Menus;
mod outgoing;
pub mod pace;
pub mod polling;
pub mod read_ahead;

use std::sync::Arc;
use std::time::{Duration, Instant};

use teloxide::prelude::*;
use tracing::Instrument;

use crate::domain::Language;
use crate::flows::{self, Context, Processed};
use crate::i18n::{I18n, Key};
use crate::jobs::inbox::Handler;
use crate::store::Store;
use crate::store::inbox::{Pending, Settled};
use crate::telegram::pace::Pacer;
use crate::telegram::read_ahead::ReadAhead;
use crate::telemetry::ChatTags;
use crate::telemetry::contact::Contact;
use crate::telemetry::metrics::{Metrics, UpdateOutcome};

/// The bot as handlers and jobs use it: every message waits for the pacer
/// that every other message waits for.
#[derive(Debug, Clone)]
pub struct Telegram {
    pub bot: Bot,
    pub pacer: Arc<Pacer>,
    /// Told of every call Telegram answered, for `/healthz`.
    pub contact: Arc<Contact>,
    /// How long a reply is tried again through Telegram's failures.
    pub reply_deadline: Duration,
    /// Kept in step with each member's role.
    pub menus: Arc<Menus>,
}

/// Answers inbox rows that hold Telegram updates.
#[derive(Debug, Clone)]
pub struct Deps {
    pub store: Store,
    pub ctx: Context,
    pub metrics: Arc<Metrics>,
    pub telegram: Telegram,
    pub tags: ChatTags,
    /// What the poll read of the rows it handed over.
    pub read_ahead: Arc<ReadAhead>,
}

impl Handler for Deps {
    /// Never fails the process: a bad update is logged, answered with an
    /// apology where possible, and counted, and the bot goes on.
    async fn handle(&self, row: &Pending) -> Settled {
        let started = Instant::now();
        let read = || incoming::incoming_of(&row.body, &self.ctx.bot_username);
        let Some(incoming) = self.read_ahead.take(row.id).or_else(read) else {
            self.metrics
                .record_update(started.elapsed(), UpdateOutcome::Answered);
            return Settled::Done;
        };
        let span = tracing::info_span!(
            "update",
            key = %row.update_key,
            chat = %self.tags.tag(incoming.chat.id),
        );
        let (outcome, settled) = self.answer(&incoming).instrument(span).await;
        self.metrics.record_update(started.elapsed(), outcome);
        settled
    }
}

impl Deps {
    async fn answer(&self, incoming: &flows::Incoming) -> (UpdateOutcome, Settled) {
        let tg = &self.telegram;
        match flows::process(&self.store, &self.ctx, incoming).await {
            Ok(Processed::Duplicate) => {
                tracing::info!("update delivered again; ignored");
                (UpdateOutcome::Duplicate, Settled::Answered)
            }
            Ok(Processed::Answered { outcome }) => {
                match outgoing::deliver(tg, &outcome).await {
                    Ok(()) => {
                        // After the reply, which they must not hold up.
                        for (user, menu) in &outcome.menus {
                            tg.menus.follow(*user, *menu).await;
                        }
                        (UpdateOutcome::Answered, Settled::Answered)
                    }
                    Err(error) => {
                        tracing::warn!(%error, "the answer could not be delivered");
                        (UpdateOutcome::Failed, Settled::Answered)
                    }
                }
            }
            Err(error) => {
                tracing::error!(%error, "handling failed");
                apologize(tg, &self.ctx.i18n, incoming).await;
                (UpdateOutcome::Failed, Settled::Failed)
            }
        }
    }
}

async fn apologize(tg: &Telegram, i18n: &I18n, incoming: &flows::Incoming) {
    if !incoming.chat.private {
        return;
    }
    let lang = Language::from_client(
        incoming
            .sender
            .as_ref()
            .and_then(|s| s.client_language.as_deref()),
    );
    let apology = i18n.t(lang, Key::ErrorApology);
    let sent = outgoing::reply_text(tg, incoming.chat.id.0, &apology).await;
    if let Err(error) = sent {
        tracing::warn!(%error, "the apology could not be delivered");
    }
}
