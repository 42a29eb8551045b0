use crate::telemetry::contact::TelegramError;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use reqwest::multipart::{Form, Part};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde::de::IgnoredAny;
use serde::de::value::StrDeserializer;
use teloxide::payloads::{
    AnswerCallbackQuery, AnswerCallbackQuerySetters, EditMessageText, EditMessageTextSetters,
    SendDocument, SendDocumentSetters, SendMessage, SendMessageSetters, SendPhoto,
    SendPhotoSetters,
};
use teloxide::prelude::*;
use teloxide::requests::Payload;
use teloxide::types::{
    CallbackQueryId, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId,
    ParseMode, PhotoSize, Seconds,
};
use teloxide::{ApiError, RequestError};
use tokio::time::Instant;

use super::Telegram;
use super::answer::{Answer, method_url};

use crate::domain::UserId;
use crate::flows::commands::Menu;
use crate::flows::{Keyboard, Outcome, Reply};
use crate::jobs::messenger::{DeliveryError, Messenger, Notice, Photo};
use crate::telegram::pace::Priority;
use crate::telemetry::cpus::apart;

/// How often a reply is tried again after Telegram answered 429.
const RETRIES_AFTER_429: usize = 3;
/// The first wait after a failure; it doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
/// Replies come within seconds once Telegram is back.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// How hard a request is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Patience {
    /// A reply someone waits for: tried again through Telegram's failures
    /// until the reply deadline.
    Reply,
    /// A job's message: the job keeps its own account of tries.
    Once,
}

/// Sends an outcome: the button acknowledgement first, so the user's spinner
/// stops. An acknowledgement that fails does not hold back the reply.
pub async fn deliver(tg: &Telegram, outcome: &Outcome) -> Result<(), RequestError> {
    if let Some(answer) = &outcome.button_answer {
        let acknowledged = tg
            .call(None, Patience::Reply, || {
                let mut payload =
                    AnswerCallbackQuery::new(CallbackQueryId(answer.query_id.clone()));
                if let Some(toast) = &answer.toast {
                    payload = payload.text(toast.clone());
                }
                unread(&tg.bot, payload)
            })
            .await;
        if let Err(error) = acknowledged {
            tracing::warn!(%error, "the button could not be acknowledged; replying anyway");
        }
    }
    for reply in &outcome.replies {
        match reply {
            Reply::Send {
                chat_id,
                text,
                keyboard,
            } => send_text(tg, chat_id.0, text, keyboard, Patience::Reply).await?,
            Reply::Notice {
                chat_id,
                html,
                photo_file_id,
            } => {
                let photo = photo_file_id.as_deref().map(Photo::Stored);
                let notice = Notice { html, photo };
                tg.call(
                    Some((chat_id.0, Priority::Interactive)),
                    Patience::Reply,
                    || notice_request(tg, chat_id.0, notice, Priority::Interactive),
                )
                .await?;
            }
            Reply::Chart {
                chat_id,
                caption,
                chart,
            } => match apart({
                let chart = chart.clone();
                move || crate::chart::render(&chart)
            })
            .await
            {
                Ok(png) => {
                    let payload =
                        SendPhoto::new(ChatId(chat_id.0), attached()).caption(caption.clone());
                    let chart = Upload {
                        file_name: "hailong-stats.png",
                        bytes: &png,
                    };
                    tg.call(
                        Some((chat_id.0, Priority::Interactive)),
                        Patience::Reply,
                        || send_upload::<IgnoredAny>(&tg.bot, SendPhoto::NAME, &payload, chart),
                    )
                    .await?;
                }
                Err(error) => tracing::error!(%error, "the stats chart could not be drawn"),
            },
            Reply::Document {
                chat_id,
                file_name,
                caption,
                bytes,
            } => {
                let payload =
                    SendDocument::new(ChatId(chat_id.0), attached()).caption(caption.clone());
                let document = Upload { file_name, bytes };
                tg.call(
                    Some((chat_id.0, Priority::Interactive)),
                    Patience::Reply,
                    || send_upload::<IgnoredAny>(&tg.bot, SendDocument::NAME, &payload, document),
                )
                .await?;
            }
            Reply::Edit {
                chat_id,
                message_id,
                text,
                keyboard,
            } => edit_text(tg, chat_id.0, message_id.0, text, keyboard, Patience::Reply).await?,
        }
    }
    Ok(())
}

/// A plain text reply, such as an apology.
pub(super) async fn reply_text(
    tg: &Telegram,
    chat_id: i64,
    text: &str,
) -> Result<(), RequestError> {
    send_text(tg, chat_id, text, &Keyboard::default(), Patience::Reply).await
}

impl Telegram {
    /// Sends, after waiting for the pacer when `paced` names a chat. After a
    /// 429 every message is held for the time Telegram asked and this one is
    /// tried again; a reply is also tried again after a 5xx, a time-out or a
    /// lost connection, backing off up to [`MAX_BACKOFF`], until the deadline.
    async fn call<T, F, Fut>(
        &self,
        paced: Option<(i64, Priority)>,
        patience: Patience,
        request: F,
    ) -> Result<T, RequestError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, RequestError>>,
    {
        let deadline = Instant::now() + self.reply_deadline;
        let mut backoff = FIRST_BACKOFF;
        let mut tries_after_429 = 0;
        loop {
            if let Some((chat_id, priority)) = paced {
                self.pacer.wait(chat_id, priority).await;
            }
            let error = match request().await {
                Ok(value) => {
                    self.contact.answered();
                    return Ok(value);
                }
                Err(error) => error,
            };
            self.contact.failed(error_kind(&error));
            if !is_transient(&error) {
                // Telegram answered, if only to refuse.
                self.contact.answered();
            }
            match error {
                RequestError::RetryAfter(wait) => {
                    self.pacer.freeze(wait.duration());
                    tries_after_429 += 1;
                    let bulk = paced.is_some_and(|(_, p)| p == Priority::Bulk);
                    if bulk || tries_after_429 > RETRIES_AFTER_429 {
                        return Err(RequestError::RetryAfter(wait));
                    }
                    if paced.is_none() {
                        tokio::time::sleep(wait.duration()).await;
                    }
                }
                error
                    if is_transient(&error)
                        && patience == Patience::Reply
                        && Instant::now() + backoff < deadline =>
                {
                    tracing::debug!(%error, ?backoff, "Telegram failed; trying the reply again");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
                error => return Err(error),
            }
        }
    }
}

/// How a call failed, for `/metrics`.
fn error_kind(error: &RequestError) -> TelegramError {
    match error {
        RequestError::RetryAfter(_) => TelegramError::RateLimited,
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => {
            TelegramError::Network
        }
        error if is_transient(error) => TelegramError::Server,
        _ => TelegramError::Refused,
    }
}

/// Whether Telegram may well do it when asked again: its own failures (5xx)
/// and the network's. Telegram words every refusal (4xx) with a known prefix;
/// teloxide keeps only the words, not the status.
pub(super) fn is_transient(error: &RequestError) -> bool {
    const REFUSALS: [&str; 6] = [
        "Bad Request",
        "Unauthorized",
        "Forbidden",
        "Not Found",
        "Conflict",
        "Too Many Requests",
    ];
    match error {
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(description)) => {
            !REFUSALS.iter().any(|r| description.starts_with(r))
        }
        _ => false,
    }
}

fn markup(keyboard: &Keyboard) -> Option<InlineKeyboardMarkup> {
    if keyboard.0.is_empty() {
        return None;
    }
    let rows = keyboard.0.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.clone(), b.callback.encode()))
            .collect::<Vec<_>>()
    });
    Some(InlineKeyboardMarkup::new(rows))
}

/// Sends `payload`, its answer only checked, not read: teloxide would read
/// the whole `Message` Telegram sends back into its types, trying each kind
/// of message in turn (a fifth of a look-up's allocations, `BENCHMARKS.md`),
/// only for it to be dropped.
pub(super) async fn unread<P: Payload + serde::Serialize>(
    bot: &Bot,
    payload: P,
) -> Result<(), RequestError> {
    send_json::<IgnoredAny>(bot, P::NAME, &payload)
        .await
        .map(drop)
}

/// Sends `payload` and reads back only the sent message's id.
async fn sent_id(bot: &Bot, payload: SendMessage) -> Result<i64, RequestError> {
    #[derive(Deserialize)]
    struct Sent {
        message_id: i32,
    }
    let sent: Option<Sent> = send_json(bot, SendMessage::NAME, &payload).await?;
    let sent = sent.ok_or_else(|| RequestError::InvalidJson {
        source: Arc::new(serde::de::Error::missing_field("result")),
        raw: "".into(),
    })?;
    Ok(i64::from(sent.message_id))
}

/// Sends `payload` as `method` and reads Telegram's answer here
/// ([`super::answer`]), so that a 5xx is reported at once; the result, as `R`.
async fn send_json<R: DeserializeOwned>(
    bot: &Bot,
    method: &str,
    payload: &impl serde::Serialize,
) -> Result<Option<R>, RequestError> {
    let url = url_of(bot, method)?;
    let body = bot.client().post(url).json(payload).send().await?;
    checked(&body.bytes().await?)
}

/// [`method_url`], as a request's error.
fn url_of(bot: &Bot, method: &str) -> Result<reqwest::Url, RequestError> {
    method_url(bot, method).ok_or_else(|| {
        RequestError::Api(ApiError::Unknown("the API URL cannot take a path".into()))
    })
}

/// A file sent with its message, as the part of a multipart body that the
/// payload points at with [`attached`].
#[derive(Debug, Clone, Copy)]
struct Upload<'a> {
    file_name: &'a str,
    bytes: &'a [u8],
}

/// The name of an [`Upload`]'s part in the body.
const UPLOAD_PART: &str = "file";

/// A payload's file that is uploaded with it: Telegram reads
/// `attach://<name>` as the body's part of that name, as teloxide sends
/// every upload.
fn attached() -> InputFile {
    InputFile::file_id(FileId(format!("attach://{UPLOAD_PART}")))
}

/// [`send_json`] with `upload` in the body: each of the payload's fields a
/// text part, as Telegram reads a form (a string as it is, anything else as
/// JSON), and the file's bytes under [`UPLOAD_PART`].
async fn send_upload<R: DeserializeOwned>(
    bot: &Bot,
    method: &str,
    payload: &impl serde::Serialize,
    upload: Upload<'_>,
) -> Result<Option<R>, RequestError> {
    let url = url_of(bot, method)?;
    let fields = match serde_json::to_value(payload) {
        Ok(serde_json::Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(serde::ser::Error::custom("the payload is not a struct")),
        Err(e) => Err(e),
    }
    .map_err(|e| RequestError::InvalidJson {
        source: Arc::new(e),
        raw: "".into(),
    })?;
    let mut form = Form::new();
    for (name, value) in fields {
        form = match value {
            serde_json::Value::Null => form,
            serde_json::Value::String(text) => form.text(name, text),
            other => form.text(name, other.to_string()),
        };
    }
    let part = Part::bytes(upload.bytes.to_vec()).file_name(upload.file_name.to_owned());
    let body = bot
        .client()
        .post(url)
        .multipart(form.part(UPLOAD_PART, part))
        .send()
        .await?;
    checked(&body.bytes().await?)
}

/// Telegram's answer as teloxide reports it: the result, or a wait, a chat
/// that moved, a refusal it knows by name, or Telegram's own words.
fn checked<R: DeserializeOwned>(body: &[u8]) -> Result<Option<R>, RequestError> {
    let answer: Answer<R> =
        serde_json::from_slice(body).map_err(|e| RequestError::InvalidJson {
            source: Arc::new(e),
            raw: String::from_utf8_lossy(body).into(),
        })?;
    if answer.ok {
        return Ok(answer.result);
    }
    if let Some(parameters) = answer.parameters {
        if let Some(seconds) = parameters.retry_after {
            let seconds = u32::try_from(seconds).unwrap_or(u32::MAX);
            return Err(RequestError::RetryAfter(Seconds::from_seconds(seconds)));
        }
        if let Some(chat) = parameters.migrate_to_chat_id {
            return Err(RequestError::MigrateToChatId(ChatId(chat)));
        }
    }
    let description = answer.description.unwrap_or_default();
    let known = ApiError::deserialize(StrDeserializer::<serde::de::value::Error>::new(
        &description,
    ));
    Err(RequestError::Api(
        known.unwrap_or(ApiError::Unknown(description)),
    ))
}

async fn send_text(
    tg: &Telegram,
    chat_id: i64,
    text: &str,
    keyboard: &Keyboard,
    patience: Patience,
) -> Result<(), RequestError> {
    tg.call(Some((chat_id, Priority::Interactive)), patience, || {
        let mut payload = SendMessage::new(ChatId(chat_id), text.to_owned());
        if let Some(markup) = markup(keyboard) {
            payload = payload.reply_markup(markup);
        }
        unread(&tg.bot, payload)
    })
    .await
}

/// Edits are not messages as Telegram counts them: they are not paced.
async fn edit_text(
    tg: &Telegram,
    chat_id: i64,
    message_id: i64,
    text: &str,
    keyboard: &Keyboard,
    patience: Patience,
) -> Result<(), RequestError> {
    let id = MessageId(i32::try_from(message_id).unwrap_or(i32::MAX));
    tg.call(None, patience, || {
        let mut payload = EditMessageText::new(ChatId(chat_id), id, text.to_owned());
        if let Some(markup) = markup(keyboard) {
            payload = payload.reply_markup(markup);
        }
        unread(&tg.bot, payload)
    })
    .await
}

/// The request for a notice; the photo's largest size's file id, if it had one.
async fn notice_request(
    tg: &Telegram,
    chat_id: i64,
    notice: Notice<'_>,
    priority: Priority,
) -> Result<Option<String>, RequestError> {
    // A broadcast's messages, when paid: Telegram lets them go faster, for a
    // fee. A preview to the admin is a reply, never paid.
    let paid = priority == Priority::Bulk && tg.pacer.limits().paid();
    let Some(photo) = notice.photo else {
        let text = SendMessage::new(ChatId(chat_id), notice.html.to_owned())
            .parse_mode(ParseMode::Html)
            .allow_paid_broadcast(paid);
        unread(&tg.bot, text).await?;
        return Ok(None);
    };
    /// What is read of the sent message: its photo's sizes.
    #[derive(Deserialize)]
    struct Sent {
        photo: Vec<PhotoSize>,
    }
    let file = match photo {
        Photo::Stored(file_id) => InputFile::file_id(file_id.to_owned().into()),
        Photo::Upload(_) => attached(),
    };
    let mut payload = SendPhoto::new(ChatId(chat_id), file).allow_paid_broadcast(paid);
    if !notice.html.is_empty() {
        payload = payload
            .caption(notice.html.to_owned())
            .parse_mode(ParseMode::Html);
    }
    let sent: Option<Sent> = match photo {
        Photo::Stored(_) => send_json(&tg.bot, SendPhoto::NAME, &payload).await?,
        Photo::Upload(bytes) => {
            let upload = Upload {
                file_name: "notice.jpg",
                bytes,
            };
            send_upload(&tg.bot, SendPhoto::NAME, &payload, upload).await?
        }
    };
    Ok(sent
        .and_then(|sent| sent.photo.into_iter().max_by_key(|s| s.width * s.height))
        .map(|size| size.file.id.to_string()))
}

impl Messenger for Telegram {
    async fn send(
        &self,
        chat_id: i64,
        text: &str,
        keyboard: &Keyboard,
    ) -> Result<(), DeliveryError> {
        send_text(self, chat_id, text, keyboard, Patience::Once)
            .await
            .map_err(delivery_error)
    }

    async fn send_notice(
        &self,
        chat_id: i64,
        notice: Notice<'_>,
    ) -> Result<Option<String>, DeliveryError> {
        self.call(Some((chat_id, Priority::Bulk)), Patience::Once, || {
            notice_request(self, chat_id, notice, Priority::Bulk)
        })
        .await
        .map_err(delivery_error)
    }

    async fn send_with_photos(
        &self,
        chat_id: i64,
        text: &str,
        keyboard: &Keyboard,
        photos: &[String],
    ) -> Result<i64, DeliveryError> {
        // One sendPhoto per photo rather than an album: an album takes no
        // buttons, and the message with the buttons is the one replied to.
        // A failure after the photos sends them again on the next try: a
        // photo may come twice, the case's message is never lost.
        for file_id in photos {
            self.call(
                Some((chat_id, Priority::Interactive)),
                Patience::Once,
                || {
                    let payload =
                        SendPhoto::new(ChatId(chat_id), InputFile::file_id(file_id.clone().into()));
                    async move { unread(&self.bot, payload).await }
                },
            )
            .await
            .map_err(delivery_error)?;
        }
        self.call(
            Some((chat_id, Priority::Interactive)),
            Patience::Once,
            || {
                let mut payload = SendMessage::new(ChatId(chat_id), text.to_owned());
                if let Some(markup) = markup(keyboard) {
                    payload = payload.reply_markup(markup);
                }
                sent_id(&self.bot, payload)
            },
        )
        .await
        .map_err(delivery_error)
    }

    async fn post(&self, chat_id: i64, text: &str) -> Result<i64, DeliveryError> {
        self.call(
            Some((chat_id, Priority::Interactive)),
            Patience::Once,
            || {
                sent_id(
                    &self.bot,
                    SendMessage::new(ChatId(chat_id), text.to_owned()),
                )
            },
        )
        .await
        .map_err(delivery_error)
    }

    async fn edit(&self, chat_id: i64, message_id: i64, text: &str) -> Result<(), DeliveryError> {
        edit_text(
            self,
            chat_id,
            message_id,
            text,
            &Keyboard::default(),
            Patience::Once,
        )
        .await
        .map_err(delivery_error)
    }

    async fn keep_menu(&self, user: UserId, menu: Menu) {
        self.menus.follow(user, menu).await;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each answer is reported as teloxide's requester reports it, so that
    /// retries, the unreachable and `/metrics` judge it as before.
    #[test]
    fn answers_are_read_as_teloxide_reads_them() {
        let read = |body: &str| checked::<IgnoredAny>(body.as_bytes());
        assert!(read(r#"{"ok":true,"result":{"message_id":1}}"#).is_ok());
        assert!(matches!(
            read(r#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#),
            Err(RequestError::RetryAfter(wait)) if wait.seconds() == 7
        ));
        assert!(matches!(
            read(
                r#"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001}}"#
            ),
            Err(RequestError::MigrateToChatId(ChatId(-1001)))
        ));
        assert!(matches!(
            read(
                r#"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#
            ),
            Err(RequestError::Api(ApiError::BotBlocked))
        ));
        let bad_gateway = read(r#"{"ok":false,"error_code":502,"description":"Bad Gateway"}"#);
        assert!(
            matches!(&bad_gateway, Err(RequestError::Api(ApiError::Unknown(words))) if words == "Bad Gateway")
        );
        let html = read("<html>502 Bad Gateway</html>");
        assert!(matches!(&html, Err(RequestError::InvalidJson { raw, .. }) if raw.contains("502")));
        for transient in [bad_gateway, html] {
            assert!(transient.as_ref().is_err_and(is_transient), "{transient:?}");
        }
    }
}
