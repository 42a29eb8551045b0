use teloxide::prelude::*;
use teloxide::types::{CallbackQueryId, InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

use super::TgBot;
use crate::flows::{Keyboard, Outcome, Reply};

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
            } => {
                let mut request = bot.send_message(ChatId(*chat_id), text.clone());
                if let Some(markup) = markup(keyboard) {
                    request = request.reply_markup(markup);
                }
                request.await?;
            }
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
