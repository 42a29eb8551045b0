//! How fast a broadcast leaves, and what a paid one costs: what the admin is
//! shown before Send.

use std::time::Duration;

/// Telegram's free pace for messages to many chats, per second.
pub const FREE_PER_SECOND: u32 = 30;
/// The most `allow_paid_broadcast` allows, per second.
pub const PAID_MAX_PER_SECOND: u32 = 1_000;
/// The fee of a message sent with `allow_paid_broadcast`: "up to 1000
/// messages per second, ignoring broadcasting limits for a fee of 0.1
/// Telegram Stars per message" (Bot API 10.1, sendMessage, as bundled in
/// crates/bot-api-emulator/spec). Every such message is counted, which is
/// the most it can cost.
pub const STARS_PER_PAID_MESSAGE: f64 = 0.1;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BroadcastPace {
    /// Messages a second a broadcast leaves at.
    pub per_second: f64,
    /// Sent with `allow_paid_broadcast`, charged in Stars.
    pub paid: bool,
}

impl Default for BroadcastPace {
    fn default() -> Self {
        Self {
            per_second: f64::from(FREE_PER_SECOND),
            paid: false,
        }
    }
}

impl BroadcastPace {
    /// How long `recipients` messages take at this pace.
    pub fn duration(&self, recipients: u64) -> Duration {
        Duration::from_secs_f64(recipients as f64 / self.per_second.max(1.0))
    }

    /// The Stars `recipients` messages cost at most; None when not paid.
    pub fn stars(&self, recipients: u64) -> Option<f64> {
        self.paid
            .then_some(recipients as f64 * STARS_PER_PAID_MESSAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_a_million_take_hours_free_and_minutes_paid_for_fifty_thousand_stars() {
        let free = BroadcastPace::default();
        assert_eq!(free.duration(500_000).as_secs(), 16_666);
        assert_eq!(free.stars(500_000), None);
        let paid = BroadcastPace {
            per_second: 1_000.0,
            paid: true,
        };
        assert_eq!(paid.duration(500_000).as_secs(), 500);
        assert_eq!(paid.stars(500_000), Some(50_000.0));
    }
}
