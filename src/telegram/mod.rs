//! The Telegram adapter: receives updates into the inbox ([`polling`]), turns
//! each into a [`flows::Incoming`], runs the flow, and carries its
//! [`flows::Outcome`] back through the Bot API ([`outgoing`]).

mod answer;
mod incoming;
pub use incoming::{Read, read, update_key};
mod outgoing;
pub mod pace;
pub mod polling;
pub mod read_ahead;

use std::sync::Arc;
use std::time::{Duration, Instant};

use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};
use tracing::Instrument;

use crate::configuration::RoleSettings;
use crate::domain::Language;
use crate::flows::commands::{Menu, menu};
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
                (UpdateOutcome::Duplicate, Settled::Done)
            }
            Ok(Processed::Answered(answer)) => match outgoing::deliver(tg, &answer).await {
                Ok(()) => (UpdateOutcome::Answered, Settled::Done),
                Err(error) => {
                    tracing::warn!(%error, "the answer could not be delivered");
                    (UpdateOutcome::Failed, Settled::Done)
                }
            },
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

/// The command menu in each language (Vietnamese is also the default), and
/// for each staff member and admin their own, with the commands of their role.
pub async fn publish_commands(
    bot: &Bot,
    i18n: &I18n,
    roles: &RoleSettings,
) -> Result<(), teloxide::RequestError> {
    let commands = |which: Menu, lang: Language| {
        menu(which)
            .into_iter()
            .map(|(name, key)| BotCommand::new(name, i18n.t(lang, key)))
            .collect::<Vec<_>>()
    };
    let staff = roles
        .staff
        .iter()
        .filter(|id| !roles.admins.contains(id))
        .map(|id| (Menu::Staff, *id));
    let admins = roles.admins.iter().map(|id| (Menu::Admin, *id));
    let mut menus = vec![(Menu::Citizen, None)];
    menus.extend(staff.chain(admins).map(|(which, id)| (which, Some(id))));
    for (which, chat) in menus {
        // A private chat's id is its user's id.
        let scope = chat.map(|id| BotCommandScope::Chat {
            chat_id: Recipient::Id(teloxide::types::ChatId(id)),
        });
        let langs = std::iter::once(None).chain(Language::ALL.into_iter().map(Some));
        for lang in langs {
            let mut request = bot.set_my_commands(commands(which, lang.unwrap_or(Language::Vi)));
            if let Some(lang) = lang {
                request = request.language_code(lang.code());
            }
            if let Some(scope) = scope.clone() {
                request = request.scope(scope);
            }
            request.await?;
        }
    }
    Ok(())
}
