//! The Telegram adapter: turns updates into [`flows::Incoming`], runs the flow,
//! and carries its [`flows::Outcome`] back through the Bot API.

mod incoming;
mod outgoing;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use teloxide::adaptors::Throttle;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, Update};

use crate::domain::Language;
use crate::flows::{self, Context, Processed};
use crate::i18n::{I18n, Key};
use crate::metrics::{Metrics, UpdateOutcome};
use crate::store::Store;
use crate::telemetry::chat_tag;

/// The bot as the handlers use it: every request paced to Telegram's limits.
pub type TgBot = Throttle<Bot>;

/// What every update's handler shares.
#[derive(Debug, Clone)]
pub struct Deps {
    pub store: Store,
    pub ctx: Context,
    pub metrics: Arc<Metrics>,
}

pub fn schema() -> UpdateHandler<Infallible> {
    dptree::entry().endpoint(on_update)
}

/// Never fails: a bad update is logged, answered with an apology where
/// possible, and counted, and the bot goes on with the next one.
async fn on_update(bot: TgBot, update: Update, deps: Arc<Deps>) -> Result<(), Infallible> {
    let started = Instant::now();
    let Some(incoming) = incoming::from_update(&update) else {
        deps.metrics
            .record_update(started.elapsed(), UpdateOutcome::Answered);
        return Ok(());
    };
    let span = tracing::info_span!("update", id = update.id.0, chat = %chat_tag(incoming.chat.id));
    let _enter = span.enter();
    let outcome = match flows::process(&deps.store, &deps.ctx, &incoming).await {
        Ok(Processed::Duplicate) => {
            tracing::info!("update delivered again; ignored");
            UpdateOutcome::Duplicate
        }
        Ok(Processed::Answered(answer)) => match outgoing::deliver(&bot, &answer).await {
            Ok(()) => UpdateOutcome::Answered,
            Err(error) => {
                tracing::warn!(%error, "the answer could not be delivered");
                UpdateOutcome::Failed
            }
        },
        Err(error) => {
            tracing::error!(%error, "handling failed");
            apologize(&bot, &deps.ctx.i18n, &incoming).await;
            UpdateOutcome::Failed
        }
    };
    deps.metrics.record_update(started.elapsed(), outcome);
    Ok(())
}

async fn apologize(bot: &TgBot, i18n: &I18n, incoming: &flows::Incoming) {
    if !incoming.chat.private {
        return;
    }
    let lang = Language::from_client(
        incoming
            .sender
            .as_ref()
            .and_then(|s| s.client_language.as_deref()),
    );
    let sent = bot
        .send_message(ChatId(incoming.chat.id), i18n.t(lang, Key::ErrorApology))
        .await;
    if let Err(error) = sent {
        tracing::warn!(%error, "the apology could not be delivered");
    }
}

/// The command menu in each language; Vietnamese is also the default.
pub async fn publish_commands(bot: &TgBot, i18n: &I18n) -> Result<(), teloxide::RequestError> {
    let commands = |lang: Language| {
        [
            ("start", Key::CommandStart),
            ("status", Key::CommandStatus),
            ("rate", Key::CommandRate),
            ("language", Key::CommandLanguage),
            ("help", Key::CommandHelp),
        ]
        .map(|(name, key)| BotCommand::new(name, i18n.t(lang, key)))
    };
    bot.set_my_commands(commands(Language::Vi)).await?;
    for lang in Language::ALL {
        bot.set_my_commands(commands(lang))
            .language_code(lang.code())
            .await?;
    }
    Ok(())
}
