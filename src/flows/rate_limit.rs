//! Look-ups per user per minute, so that codes cannot be enumerated.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct RateLimiter {
    per_window: usize,
    hits: Mutex<HashMap<i64, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn per_minute(limit: u32) -> Self {
        Self {
            per_window: limit as usize,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one look-up by `user_id`; false once they are over the limit.
    pub fn allow(&self, user_id: i64) -> bool {
        self.allow_at(user_id, Instant::now())
    }

    fn allow_at(&self, user_id: i64, now: Instant) -> bool {
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() > 10_000 {
            hits.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < WINDOW)
            });
        }
        let times = hits.entry(user_id).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            times.pop_front();
        }
        if times.len() >= self.per_window {
            return false;
        }
        times.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_limit_then_refuses_until_the_window_passes() {
        let limiter = RateLimiter::per_minute(3);
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at(1, t0)));
        assert!(!limiter.allow_at(1, t0 + Duration::from_secs(59)));
        assert!(limiter.allow_at(2, t0), "another user has their own budget");
        assert!(limiter.allow_at(1, t0 + Duration::from_secs(60)));
    }
}
