//! Sending a message to a chat, as jobs need it: the outbox worker and
//! broadcasts know only this trait, not Telegram.

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

pub trait Messenger: Send + Sync + 'static {
    fn send(
        &self,
        chat_id: i64,
        text: &str,
        keyboard: &Keyboard,
    ) -> impl Future<Output = Result<(), DeliveryError>> + Send;
}
