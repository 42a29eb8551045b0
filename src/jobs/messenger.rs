//! Sending to a chat, as jobs need it: the outbox and broadcast workers know
//! only this trait, not Telegram.

use std::future::Future;
use std::time::Duration;

use crate::flows::Keyboard;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    #[error("rate limited; retry after {0:?}")]
    RetryAfter(Duration),
    /// The user blocked the bot or deleted the account: do not try again.
    #[error("the recipient cannot be reached")]
    Unreachable,
    /// A time-out, a network failure or a 5xx: worth another try later.
    #[error("transient failure: {0}")]
    Transient(String),
    /// The request itself was refused: trying again would fail again.
    #[error("refused: {0}")]
    Refused(String),
}

/// A broadcast's message to one citizen: Telegram HTML, with a photo or not.
#[derive(Debug, Clone, Copy)]
pub struct Notice<'a> {
    pub html: &'a str,
    pub photo: Option<Photo<'a>>,
}

#[derive(Debug, Clone, Copy)]
pub enum Photo<'a> {
    /// Already on Telegram's servers, by its file id.
    Stored(&'a str),
    /// Uploaded with this message; Telegram answers with its file id.
    Upload(&'a [u8]),
}

pub trait Messenger: Send + Sync + 'static {
    /// A notification or an answer: goes before any broadcast message.
    fn send(
        &self,
        chat_id: i64,
        text: &str,
        keyboard: &Keyboard,
    ) -> impl Future<Output = Result<(), DeliveryError>> + Send;

    /// One broadcast message, paced behind interactive traffic. Returns the
    /// photo's file id when the message had one, so it is uploaded only once.
    fn send_notice(
        &self,
        chat_id: i64,
        notice: Notice<'_>,
    ) -> impl Future<Output = Result<Option<String>, DeliveryError>> + Send;

    /// Sends a message to be edited later; returns its id.
    fn post(
        &self,
        chat_id: i64,
        text: &str,
    ) -> impl Future<Output = Result<i64, DeliveryError>> + Send;

    fn edit(
        &self,
        chat_id: i64,
        message_id: i64,
        text: &str,
    ) -> impl Future<Output = Result<(), DeliveryError>> + Send;
}
