use std::future::Future;

use teloxide::payloads::{EditMessageTextSetters, SendMessageSetters, SendPhotoSetters};
use teloxide::prelude::*;
use teloxide::types::{
    CallbackQueryId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId, ParseMode,
};
use teloxide::{ApiError, RequestError};

use super::Telegram;
use crate::chart::satisfaction_chart;
use crate::flows::{Keyboard, Outcome, Reply};
use crate::jobs::messenger::{DeliveryError, Messenger, Notice, Photo};
use crate::telegram::pace::Priority;

/// How often a reply is tried again after Telegram answered 429.
const RETRIES_AFTER_429: usize = 3;

/// Sends an outcome: the button acknowledgement first, so the user's spinner stops.
pub async fn deliver(tg: &Telegram, outcome: &Outcome) -> Result<(), RequestError> {
    if let Some(answer) = &outcome.button_answer {
        let mut request = tg
            .bot
            .answer_callback_query(CallbackQueryId(answer.query_id.clone()));
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
            } => send_text(tg, *chat_id, text, keyboard).await?,
            Reply::Notice {
                chat_id,
                html,
                photo_file_id,
            } => {
                let photo = photo_file_id.as_deref().map(Photo::Stored);
                let notice = Notice { html, photo };
                tg.paced(*chat_id, Priority::Interactive, || {
                    notice_request(tg, *chat_id, notice)
                })
                .await?;
            }
            Reply::Chart {
                chat_id,
                caption,
                month_title,
                months,
                agency_title,
                agencies,
            } => match satisfaction_chart(month_title, months, agency_title, agencies) {
                Ok(png) => {
                    tg.paced(*chat_id, Priority::Interactive, || {
                        let photo = InputFile::memory(png.clone()).file_name("hailong-stats.png");
                        tg.bot
                            .send_photo(ChatId(*chat_id), photo)
                            .caption(caption.clone())
                            .into_future()
                    })
                    .await?;
                }
                Err(error) => tracing::error!(%error, "the stats chart could not be drawn"),
            },
            Reply::Edit {
                chat_id,
                message_id,
                text,
                keyboard,
            } => edit_text(tg, *chat_id, *message_id, text, keyboard).await?,
        }
    }
    Ok(())
}

impl Telegram {
    /// Waits for the pacer, sends, and after a 429 holds every message for
    /// the time Telegram asked and tries again.
    async fn paced<T, F, Fut>(
        &self,
        chat_id: i64,
        priority: Priority,
        request: F,
    ) -> Result<T, RequestError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, RequestError>>,
    {
        let mut tries = 0;
        loop {
            self.pacer.wait(chat_id, priority).await;
            match request().await {
                Err(RequestError::RetryAfter(wait)) => {
                    self.pacer.freeze(wait.duration());
                    tries += 1;
                    if priority == Priority::Bulk || tries > RETRIES_AFTER_429 {
                        return Err(RequestError::RetryAfter(wait));
                    }
                }
                other => return other,
            }
        }
    }
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

pub(super) async fn send_text(
    tg: &Telegram,
    chat_id: i64,
    text: &str,
    keyboard: &Keyboard,
) -> Result<(), RequestError> {
    tg.paced(chat_id, Priority::Interactive, || {
        let mut request = tg.bot.send_message(ChatId(chat_id), text.to_owned());
        if let Some(markup) = markup(keyboard) {
            request = request.reply_markup(markup);
        }
        request.into_future()
    })
    .await
    .map(drop)
}

/// Edits are not messages as Telegram counts them: they are not paced.
async fn edit_text(
    tg: &Telegram,
    chat_id: i64,
    message_id: i64,
    text: &str,
    keyboard: &Keyboard,
) -> Result<(), RequestError> {
    let id = MessageId(i32::try_from(message_id).unwrap_or(i32::MAX));
    let mut request = tg
        .bot
        .edit_message_text(ChatId(chat_id), id, text.to_owned());
    if let Some(markup) = markup(keyboard) {
        request = request.reply_markup(markup);
    }
    request.await.map(drop)
}

/// The request for a notice; the photo's largest size's file id, if it had one.
async fn notice_request(
    tg: &Telegram,
    chat_id: i64,
    notice: Notice<'_>,
) -> Result<Option<String>, RequestError> {
    let Some(photo) = notice.photo else {
        tg.bot
            .send_message(ChatId(chat_id), notice.html.to_owned())
            .parse_mode(ParseMode::Html)
            .await?;
        return Ok(None);
    };
    let file = match photo {
        Photo::Stored(file_id) => InputFile::file_id(file_id.to_owned().into()),
        Photo::Upload(bytes) => InputFile::memory(bytes.to_vec()).file_name("notice.jpg"),
    };
    let mut request = tg.bot.send_photo(ChatId(chat_id), file);
    if !notice.html.is_empty() {
        request = request
            .caption(notice.html.to_owned())
            .parse_mode(ParseMode::Html);
    }
    let message = request.await?;
    Ok(message
        .photo()
        .and_then(|sizes| sizes.iter().max_by_key(|s| s.width * s.height))
        .map(|size| size.file.id.to_string()))
}

impl Messenger for Telegram {
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

    async fn send_notice(
        &self,
        chat_id: i64,
        notice: Notice<'_>,
    ) -> Result<Option<String>, DeliveryError> {
        self.paced(chat_id, Priority::Bulk, || {
            notice_request(self, chat_id, notice)
        })
        .await
        .map_err(delivery_error)
    }

    async fn post(&self, chat_id: i64, text: &str) -> Result<i64, DeliveryError> {
        self.paced(chat_id, Priority::Interactive, || {
            self.bot
                .send_message(ChatId(chat_id), text.to_owned())
                .into_future()
        })
        .await
        .map(|message| i64::from(message.id.0))
        .map_err(delivery_error)
    }

    async fn edit(&self, chat_id: i64, message_id: i64, text: &str) -> Result<(), DeliveryError> {
        edit_text(self, chat_id, message_id, text, &Keyboard::default())
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
        // teloxide names only the errors it knows; Telegram's own words say
        // whether the rest were refused for good (400, 403) or not (5xx).
        RequestError::Api(ApiError::Unknown(description))
            if description.starts_with("Forbidden") =>
        {
            DeliveryError::Unreachable
        }
        RequestError::Api(ApiError::Unknown(description))
            if description.starts_with("Bad Request") =>
        {
            DeliveryError::Refused(description)
        }
        RequestError::Api(ApiError::Unknown(description)) => DeliveryError::Transient(description),
        RequestError::Api(other) => DeliveryError::Refused(other.to_string()),
        other => DeliveryError::Transient(other.to_string()),
    }
}
