use teloxide::prelude::*;
use teloxide::types::{
    CallbackQueryId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId,
};

use teloxide::{ApiError, RequestError};

use super::TgBot;
use crate::chart::satisfaction_chart;
use crate::flows::{Keyboard, Outcome, Reply};
use crate::messenger::{DeliveryError, Messenger};

/// Sends an outcome: the button acknowledgement first, so the user's spinner stops.
pub async fn deliver(bot: &TgBot, outcome: &Outcome) -> Result<(), teloxide::RequestError> {
    if let Some(answer) = &outcome.button_answer {
        let mut request = bot.answer_callback_query(CallbackQueryId(answer.query_id.clone()));
        if let Some(notice) = &answer.notice {
            request = request.text(notice.clone());
        }
        request.await?;
    }
    for reply in &outcome.replies {
        match reply {
            Reply::Send {
                chat_id,
                text,
                keyboard,
            } => send_text(bot, *chat_id, text, keyboard).await?,
            Reply::Chart {
                chat_id,
                caption,
                month_title,
                months,
                agency_title,
                agencies,
            } => match satisfaction_chart(month_title, months, agency_title, agencies) {
                Ok(png) => {
                    let photo = InputFile::memory(png).file_name("hailong-stats.png");
                    bot.send_photo(ChatId(*chat_id), photo)
                        .caption(caption.clone())
                        .await?;
                }
                Err(error) => tracing::error!(%error, "the stats chart could not be drawn"),
            },
            Reply::Edit {
                chat_id,
                message_id,
                text,
                keyboard,
            } => {
                let id = MessageId(i32::try_from(*message_id).unwrap_or(i32::MAX));
                let mut request = bot.edit_message_text(ChatId(*chat_id), id, text.clone());
                if let Some(markup) = markup(keyboard) {
                    request = request.reply_markup(markup);
                }
                request.await?;
            }
        }
    }
    Ok(())
}

fn markup(keyboard: &Keyboard) -> Option<InlineKeyboardMarkup> {
    if keyboard.0.is_empty() {
        return None;
    }
    let rows = keyboard.0.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.action.encode()))
            .collect::<Vec<_>>()
    });
    Some(InlineKeyboardMarkup::new(rows))
}

async fn send_text(
    bot: &TgBot,
    chat_id: i64,
    text: &str,
    keyboard: &Keyboard,
) -> Result<(), RequestError> {
    let mut request = bot.send_message(ChatId(chat_id), text.to_owned());
    if let Some(markup) = markup(keyboard) {
        request = request.reply_markup(markup);
    }
    request.await.map(drop)
}

impl Messenger for TgBot {
    async fn send(
        &self,
        chat_id: i64,
        text: &str,
        keyboard: &Keyboard,
    ) -> Result<(), DeliveryError> {
        send_text(self, chat_id, text, keyboard)
            .await
            .map_err(delivery_error)
    }
}

fn delivery_error(error: RequestError) -> DeliveryError {
    match error {
        RequestError::RetryAfter(wait) => DeliveryError::RetryAfter(wait.duration()),
        RequestError::Api(
            ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots,
        ) => DeliveryError::Unreachable,
        RequestError::Api(ApiError::Unknown(description)) => DeliveryError::Transient(description),
        RequestError::Api(other) => DeliveryError::Refused(other.to_string()),
        other => DeliveryError::Transient(other.to_string()),
    }
}
