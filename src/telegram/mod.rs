//! The Telegram adapter: turns updates into [`flows::Incoming`], runs the flow,
//! and carries its [`flows::Outcome`] back through the Bot API.

mod incoming;
mod outgoing;
pub mod pace;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, Update};

use crate::domain::Language;
use crate::flows::{self, Context, Processed};
use crate::i18n::{I18n, Key};
use crate::store::Store;
use crate::telegram::pace::Pacer;
use crate::telemetry::chat_tag;
use crate::telemetry::metrics::{Metrics, UpdateOutcome};

/// The bot as handlers and jobs use it: every message waits for the pacer
/// that every other message waits for.
#[derive(Debug, Clone)]
pub struct Telegram {
    pub bot: Bot,
    pub pacer: Arc<Pacer>,
}

/// What every update's handler shares.
#[derive(Debug, Clone)]
pub struct Deps {
    pub store: Store,
    pub ctx: Context,
    pub metrics: Arc<Metrics>,
    pub pacer: Arc<Pacer>,
}

pub fn schema() -> UpdateHandler<Infallible> {
    dptree::entry().endpoint(on_update)
}

/// Never fails: a bad update is logged, answered with an apology where
/// possible, and counted, and the bot goes on with the next one.
async fn on_update(bot: Bot, update: Update, deps: Arc<Deps>) -> Result<(), Infallible> {
    let tg = Telegram {
        bot,
        pacer: deps.pacer.clone(),
    };
    let started = Instant::now();
    let Some(incoming) = incoming::from_update(&update, &deps.ctx.bot_username) else {
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
        Ok(Processed::Answered(answer)) => match outgoing::deliver(&tg, &answer).await {
            Ok(()) => UpdateOutcome::Answered,
            Err(error) => {
                tracing::warn!(%error, "the answer could not be delivered");
                UpdateOutcome::Failed
            }
        },
        Err(error) => {
            tracing::error!(%error, "handling failed");
            apologize(&tg, &deps.ctx.i18n, &incoming).await;
            UpdateOutcome::Failed
        }
    };
    deps.metrics.record_update(started.elapsed(), outcome);
    Ok(())
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
    let sent = outgoing::send_text(tg, incoming.chat.id.0, &apology, &Default::default()).await;
    if let Err(error) = sent {
        tracing::warn!(%error, "the apology could not be delivered");
    }
}

/// The command menu in each language; Vietnamese is also the default.
pub async fn publish_commands(bot: &Bot, i18n: &I18n) -> Result<(), teloxide::RequestError> {
    let commands = |lang: Language| {
        [
            ("start", Key::CommandStart),
            ("status", Key::CommandStatus),
            ("rate", Key::CommandRate),
            ("language", Key::CommandLanguage),
            ("notices", Key::CommandNotices),
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
