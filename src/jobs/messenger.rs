//! Sending to a chat, as jobs need it: the outbox and broadcast workers know
//! only this trait, not Telegram.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::configuration::OutboxSettings;
use crate::domain::UserId;
use crate::flows::Keyboard;
use crate::flows::commands::Menu;

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

/// What becomes of a message Telegram did not take: the one place where a
/// failure is judged, for notifications and broadcasts alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// 403: the user blocked the bot or deleted the account.
    Unreachable,
    /// 400, or tried until the deadline: never sent.
    Failed(String),
    /// Back in the queue until then.
    RetryAt(DateTime<Utc>, String),
}

/// How long and how often a message is tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The longest wait between two tries.
    pub cap: Duration,
    /// A message first queued longer ago than this is not tried again.
    pub give_up_after: Duration,
}

impl RetryPolicy {
    pub fn from_settings(settings: &OutboxSettings) -> Self {
        Self {
            cap: Duration::from_millis(settings.retry_cap_ms),
            give_up_after: Duration::from_secs(u64::from(settings.give_up_after_hours) * 3600),
        }
    }

    /// What to do after the `attempts`-th try of a message queued at `queued_at` failed.
    pub fn judge(
        &self,
        error: DeliveryError,
        attempts: i64,
        queued_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Verdict {
        let (wait, reason) = match error {
            DeliveryError::Unreachable => return Verdict::Unreachable,
            DeliveryError::Refused(reason) => return Verdict::Failed(reason),
            // Telegram's own wait is kept even beyond the cap.
            DeliveryError::RetryAfter(wait) => (wait, "rate limited".to_owned()),
            DeliveryError::Transient(reason) => {
                let doubling =
                    Duration::from_millis(500).saturating_mul(1 << attempts.clamp(0, 16) as u32);
                (doubling.min(self.cap), reason)
            }
        };
        let at = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
        let deadline = queued_at
            + chrono::Duration::from_std(self.give_up_after).unwrap_or(chrono::Duration::MAX);
        if at > deadline {
            Verdict::Failed(format!("gave up: {reason}"))
        } else {
            Verdict::RetryAt(at, reason)
        }
    }
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

    /// A message that people answer by replying to it, after the photos
    /// it comes with (by file id); returns the message's id.
    fn send_with_photos(
        &self,
        chat_id: i64,
        text: &str,
        keyboard: &Keyboard,
        photos: &[String],
    ) -> impl Future<Output = Result<i64, DeliveryError>> + Send;

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

    /// Lists the commands of `menu` for `user` where the channel lists a
    /// person's commands (Telegram's command menu). A failure is the
    /// channel's to log: the menu is given again when they next write.
    fn keep_menu(&self, user: UserId, menu: Menu) -> impl Future<Output = ()> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            cap: Duration::from_secs(4),
            give_up_after: Duration::from_secs(3600),
        }
    }

    #[test]
    fn transient_failures_back_off_up_to_the_cap_until_the_deadline() {
        let queued = Utc::now();
        let transient = || DeliveryError::Transient("502".into());
        let wait = |attempts| match policy().judge(transient(), attempts, queued, queued) {
            Verdict::RetryAt(at, _) => (at - queued).num_milliseconds(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            [wait(1), wait(2), wait(3), wait(9)],
            [1000, 2000, 4000, 4000]
        );
        let late = queued + chrono::Duration::seconds(3599);
        assert!(matches!(
            policy().judge(transient(), 50, queued, late),
            Verdict::Failed(_)
        ));
    }

    #[test]
    fn what_telegram_refuses_for_good_is_not_tried_again() {
        let now = Utc::now();
        let refused = DeliveryError::Refused("400".into());
        assert!(matches!(
            policy().judge(refused, 1, now, now),
            Verdict::Failed(_)
        ));
        let blocked = DeliveryError::Unreachable;
        assert_eq!(policy().judge(blocked, 1, now, now), Verdict::Unreachable);
    }
}
