//! When Telegram last answered: `/healthz` turns 503 when it has been silent
//! too long, so that an operator hears of an outage the bot cannot fix.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Contact {
    started: Instant,
    /// Milliseconds after `started` of the last successful call.
    last_ok_millis: AtomicU64,
    unhealthy_after: Duration,
}

impl Contact {
    /// Counts from now, as if Telegram had just answered: the bot has just
    /// introduced itself to it at start-up.
    pub fn new(unhealthy_after: Duration) -> Self {
        Self {
            started: Instant::now(),
            last_ok_millis: AtomicU64::new(0),
            unhealthy_after,
        }
    }

    /// A call to Telegram succeeded.
    pub fn answered(&self) {
        let millis = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ok_millis.fetch_max(millis, Ordering::Relaxed);
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
