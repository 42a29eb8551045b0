//! When Telegram last answered: `/healthz` turns 503 when it has been silent
//! too long, so that an operator hears of an outage the bot cannot fix; and
//! how its calls failed, for `/metrics`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Contact {
    started: Instant,
    /// Milliseconds after `started` of the last successful call.
    last_ok_millis: AtomicU64,
    unhealthy_after: Duration,
    /// Failed calls, by [`TelegramError`] kind.
    errors: [AtomicU64; TelegramError::ALL.len()],
}

/// How a call to Telegram failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TelegramError {
    /// 429: too many requests.
    RateLimited,
    /// Refused for good: blocked, bad request, chat not found (4xx).
    Refused,
    /// Telegram's own failure (5xx).
    Server,
    /// No answer: the network, a time-out, an unreadable reply.
    Network,
}

impl TelegramError {
    pub const ALL: [Self; 4] = [
        Self::RateLimited,
        Self::Refused,
        Self::Server,
        Self::Network,
    ];

    /// The `kind` label in `/metrics`.
    pub fn label(self) -> &'static str {
        match self {
            Self::RateLimited => "rate_limited",
            Self::Refused => "refused",
            Self::Server => "server",
            Self::Network => "network",
        }
    }
}

impl Contact {
    /// Counts from now, as if Telegram had just answered: the bot has just
    /// introduced itself to it at start-up.
    pub fn new(unhealthy_after: Duration) -> Self {
        Self {
            started: Instant::now(),
            last_ok_millis: AtomicU64::new(0),
            unhealthy_after,
            errors: Default::default(),
        }
    }

    /// A call to Telegram succeeded.
    pub fn answered(&self) {
        let millis = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ok_millis.fetch_max(millis, Ordering::Relaxed);
    }

    /// A call to Telegram failed so.
    pub fn failed(&self, kind: TelegramError) {
        self.errors[kind as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// Failed calls of each kind so far.
    pub fn errors(&self) -> impl Iterator<Item = (TelegramError, u64)> + '_ {
        TelegramError::ALL
            .into_iter()
            .map(|kind| (kind, self.errors[kind as usize].load(Ordering::Relaxed)))
    }

    /// How long since Telegram last answered.
    pub fn silence(&self) -> Duration {
        let last = Duration::from_millis(self.last_ok_millis.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }

    /// The silence, when it is longer than the bot can be called healthy.
    pub fn unhealthy(&self) -> Option<Duration> {
        Some(self.silence()).filter(|s| *s > self.unhealthy_after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn healthy_until_silent_too_long() {
        let contact = Contact::new(Duration::from_millis(30));
        assert_eq!(contact.unhealthy(), None);
        std::thread::sleep(Duration::from_millis(40));
        assert!(contact.unhealthy().is_some());
        contact.answered();
        assert_eq!(contact.unhealthy(), None);
    }
}
