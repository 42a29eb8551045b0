//! Telegram's message limits, kept on our side so that the Bot API never has
//! to answer 429: about 30 messages a second to all chats together, one a
//! second to one chat, 20 a minute to one group.
//!
//! One pacer sees every message the bot sends, so a broadcast and the replies
//! to citizens share one budget. Replies come first: a bulk message waits
//! while any reply waits, and bulk messages leave evenly spaced rather than in
//! bursts, so one delayed on the way never pushes a second over the limit.
//!
//! Telegram counts messages when they arrive, not when they leave; the
//! window is a little longer than a second to absorb the difference.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::configuration::Settings;
use crate::domain::broadcast_pace::{BroadcastPace, PAID_MAX_PER_SECOND};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaceLimits {
    /// Messages to all chats together within one `window`, paid broadcast
    /// messages aside.
    pub per_window: usize,
    /// With paid broadcasts (`allow_paid_broadcast`): all messages together
    /// within one `window`, and the pace of bulk messages.
    pub paid_per_window: Option<usize>,
    pub window: Duration,
    /// Between two messages to one chat.
    pub chat_interval: Duration,
    /// Messages to one group (a negative chat id) within a minute.
    pub group_per_minute: usize,
}

impl PaceLimits {
    /// Telegram's published limits, with 3 % of slack for network jitter:
    /// `per_second` messages a second (free: 30), and with `paid` broadcasts
    /// up to that many a second (at most 1,000) all together.
    pub fn telegram(per_second: u32, paid: Option<u32>) -> Self {
        Self {
            per_window: per_second.max(1) as usize,
            paid_per_window: paid.map(|rate| rate.clamp(1, PAID_MAX_PER_SECOND) as usize),
            window: Duration::from_millis(1030),
            chat_interval: Duration::from_millis(1030),
            group_per_minute: 20,
        }
    }

    /// The limits the settings ask for.
    pub fn from_settings(settings: &Settings) -> Self {
        let paid = settings.broadcast.paid;
        Self::telegram(
            settings.telegram.messages_per_second,
            paid.then_some(settings.broadcast.paid_per_second),
        )
    }

    /// Whether bulk messages are paid broadcasts.
    pub fn paid(&self) -> bool {
        self.paid_per_window.is_some()
    }

    /// The steady rate bulk messages leave at, per second.
    pub fn bulk_rate(&self) -> f64 {
        self.bulk_per_window() as f64 / self.window.as_secs_f64()
    }

    /// What the admin is told of a broadcast's pace before Send.
    pub fn broadcast_pace(&self) -> BroadcastPace {
        BroadcastPace {
            per_second: self.bulk_rate(),
            paid: self.paid(),
        }
    }

    fn bulk_per_window(&self) -> usize {
        self.paid_per_window.unwrap_or(self.per_window).max(1)
    }

    fn bulk_spacing(&self) -> Duration {
        self.window / u32::try_from(self.bulk_per_window()).unwrap_or(u32::MAX)
    }
}

/// `chats` is never pruned below this size.
const PRUNE_AT_LEAST: usize = 1_024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// An answer to someone who is waiting: a reply, a notification.
    Interactive,
    /// One message of a broadcast.
    Bulk,
}

#[derive(Debug)]
struct State {
    /// When each message of the last window left, paid ones aside.
    recent: VecDeque<Instant>,
    /// With paid broadcasts: when each message of the last window left.
    recent_all: VecDeque<Instant>,
    /// When each chat's recent messages left (the last minute's, for groups).
    /// A chat is forgotten once its messages hold nothing back: a private
    /// chat's after `chat_interval`, a group's after a minute.
    chats: HashMap<i64, VecDeque<Instant>>,
    /// The size of `chats` at which the chats forgotten are let go.
    prune_at: usize,
    /// The slot the next bulk message may take.
    next_bulk: Instant,
    /// Until when Telegram asked us to send nothing (a 429's `retry_after`).
    frozen_until: Option<Instant>,
    interactive_waiting: usize,
    /// Messages of any kind waiting for their slot.
    waiting: usize,
}

#[derive(Debug)]
pub struct Pacer {
    limits: PaceLimits,
    state: Mutex<State>,
    changed: Notify,
}

/// Counts a waiting reply for as long as it waits, however the wait ends.
struct Waiting<'a>(&'a Pacer);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.lock().interactive_waiting -= 1;
        self.0.changed.notify_waiters();
    }
}

/// Counts a waiting message of any kind, for `/metrics`.
struct Queued<'a>(&'a Pacer);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.lock().waiting -= 1;
    }
}

impl Pacer {
    pub fn new(limits: PaceLimits) -> Self {
        Self {
            limits,
            state: Mutex::new(State {
                recent: VecDeque::new(),
                recent_all: VecDeque::new(),
                chats: HashMap::new(),
                prune_at: PRUNE_AT_LEAST,
                // A process just started cannot know what the one before it
                // sent in the last second (a crash, a restart): bulk messages
                // wait one window before the first.
                next_bulk: Instant::now() + limits.window,
                frozen_until: None,
                interactive_waiting: 0,
                waiting: 0,
            }),
            changed: Notify::new(),
        }
    }

    pub fn limits(&self) -> PaceLimits {
        self.limits
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is plain numbers; one panicked holder leaves nothing half-done.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Messages waiting for their slot now: the pacer's queue.
    pub fn queued(&self) -> usize {
        self.lock().waiting
    }

    /// Waits until a message to `chat_id` may leave, and counts it as sent.
    pub async fn wait(&self, chat_id: i64, priority: Priority) {
        self.lock().waiting += 1;
        let _queued = Queued(self);
        let _waiting = (priority == Priority::Interactive).then(|| {
            self.lock().interactive_waiting += 1;
            Waiting(self)
        });
        loop {
            let changed = self.changed.notified();
            let ready_at = {
                let mut state = self.lock();
                let now = Instant::now();
                match self.ready_at(&mut state, chat_id, priority, now) {
                    Some(at) if at <= now => {
                        self.take(&mut state, chat_id, priority, now);
                        return;
                    }
                    at => at,
                }
            };
            match ready_at {
                Some(at) => {
                    let _ = tokio::time::timeout_at(at, changed).await;
                }
                None => changed.await,
            }
        }
    }

    /// Telegram answered 429: nothing leaves until `retry_after` has passed.
    pub fn freeze(&self, retry_after: Duration) {
        let until = Instant::now() + retry_after;
        let mut state = self.lock();
        state.frozen_until = Some(state.frozen_until.map_or(until, |f| f.max(until)));
        drop(state);
        self.changed.notify_waiters();
    }

    /// When a message may leave; None while it must wait for a reply to go first.
    fn ready_at(
        &self,
        state: &mut State,
        chat_id: i64,
        priority: Priority,
        now: Instant,
    ) -> Option<Instant> {
        let limits = self.limits;
        for recent in [&mut state.recent, &mut state.recent_all] {
            while recent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= limits.window)
            {
                recent.pop_front();
            }
        }
        if priority == Priority::Bulk && state.interactive_waiting > 0 {
            return None;
        }
        let mut at = now;
        if let Some(frozen) = state.frozen_until {
            at = at.max(frozen);
        }
        let paid = priority == Priority::Bulk && limits.paid();
        if !paid && state.recent.len() >= limits.per_window {
            let oldest = state.recent[state.recent.len() - limits.per_window];
            at = at.max(oldest + limits.window);
        }
        if let Some(all) = limits.paid_per_window
            && state.recent_all.len() >= all
        {
            let oldest = state.recent_all[state.recent_all.len() - all];
            at = at.max(oldest + limits.window);
        }
        if let Some(sent) = state.chats.get_mut(&chat_id) {
            while sent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60))
            {
                sent.pop_front();
            }
            if let Some(last) = sent.back() {
                at = at.max(*last + limits.chat_interval);
            }
            if chat_id < 0 && sent.len() >= limits.group_per_minute {
                let oldest = sent[sent.len() - limits.group_per_minute];
                at = at.max(oldest + Duration::from_secs(60));
            }
        }
        if priority == Priority::Bulk {
            at = at.max(state.next_bulk);
        }
        Some(at)
    }

    fn take(&self, state: &mut State, chat_id: i64, priority: Priority, now: Instant) {
        if self.limits.paid() {
            state.recent_all.push_back(now);
        }
        if priority == Priority::Interactive || !self.limits.paid() {
            state.recent.push_back(now);
        }
        let sent = state.chats.entry(chat_id).or_default();
        sent.push_back(now);
        // A private chat only needs its last message; a group its last minute's.
        if chat_id > 0 && sent.len() > 1 {
            sent.pop_front();
        }
        if priority == Priority::Bulk {
            let spacing = self.limits.bulk_spacing();
            // Keep to the schedule while on it, so that timer lateness does
            // not add up; start afresh after a pause.
            let base = if now.duration_since(state.next_bulk) < spacing {
                state.next_bulk
            } else {
                now
            };
            state.next_bulk = base + spacing;
        }
        if state.chats.len() >= state.prune_at {
            let interval = self.limits.chat_interval;
            state.chats.retain(|chat_id, sent| {
                let holds_back = if *chat_id < 0 {
                    Duration::from_secs(60)
                } else {
                    interval
                };
                sent.back()
                    .is_some_and(|t| now.duration_since(*t) < holds_back)
            });
            // Twice what is left: pruning costs O(1) a message on average,
            // and the map stays within twice the chats that still matter.
            state.prune_at = (state.chats.len() * 2).max(PRUNE_AT_LEAST);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> PaceLimits {
        PaceLimits {
            per_window: 5,
            paid_per_window: None,
            window: Duration::from_secs(1),
            chat_interval: Duration::from_secs(1),
            group_per_minute: 3,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn bulk_messages_leave_evenly_spaced() {
        let pacer = Pacer::new(limits());
        let start = Instant::now();
        let mut times = Vec::new();
        for chat in 1..=6 {
            pacer.wait(chat, Priority::Bulk).await;
            times.push(start.elapsed().as_millis());
        }
        assert_eq!(times, [1000, 1200, 1400, 1600, 1800, 2000]);
    }

    #[tokio::test(start_paused = true)]
    async fn replies_may_burst_up_to_the_window_then_wait() {
        let pacer = Pacer::new(limits());
        let start = Instant::now();
        for chat in 1..=5 {
            pacer.wait(chat, Priority::Interactive).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        pacer.wait(6, Priority::Interactive).await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn one_chat_gets_one_message_a_second_and_a_group_three_a_minute() {
        let pacer = Pacer::new(limits());
        let start = Instant::now();
        pacer.wait(7, Priority::Interactive).await;
        pacer.wait(7, Priority::Interactive).await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
        for _ in 0..4 {
            pacer.wait(-100, Priority::Interactive).await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(61));
    }

    #[tokio::test(start_paused = true)]
    async fn paid_bulk_messages_leave_at_the_paid_pace_and_replies_keep_the_free_one() {
        let pacer = Pacer::new(PaceLimits {
            paid_per_window: Some(20),
            ..limits()
        });
        let start = Instant::now();
        for chat in 1..=20 {
            pacer.wait(chat, Priority::Bulk).await;
        }
        // 20 in the window after the first wait of one window: 50 ms apart.
        assert_eq!(start.elapsed(), Duration::from_millis(1950));
        let replies = Instant::now();
        for chat in 100..=105 {
            pacer.wait(chat, Priority::Interactive).await;
        }
        // Replies share the whole window with the paid messages: each takes
        // the slot the oldest frees, 50 ms apart from 2 s on; the sixth also
        // waits for the free window of five, a second after the first reply.
        assert_eq!(replies.elapsed(), Duration::from_millis(1050));
    }

    #[tokio::test(start_paused = true)]
    async fn chats_that_hold_nothing_back_are_forgotten() {
        let pacer = Pacer::new(PaceLimits {
            per_window: 100_000,
            ..limits()
        });
        let start = Instant::now();
        for _ in 0..3 {
            pacer.wait(-100, Priority::Interactive).await;
        }
        // 10,000 citizens, a thousand every two seconds, as a busy day brings.
        for round in 0..10 {
            for chat in 0..1_000 {
                pacer
                    .wait(round * 1_000 + chat + 1, Priority::Interactive)
                    .await;
            }
            tokio::time::advance(Duration::from_secs(2)).await;
        }
        let remembered = pacer.lock().chats.len();
        assert!(remembered <= 2 * PRUNE_AT_LEAST, "{remembered} chats kept");
        // A group's minute is kept through it: its fourth message waits.
        pacer.wait(-100, Priority::Interactive).await;
        assert_eq!(start.elapsed(), Duration::from_secs(60));
    }

    #[tokio::test(start_paused = true)]
    async fn a_freeze_holds_every_message() {
        let pacer = Pacer::new(limits());
        let start = Instant::now();
        pacer.freeze(Duration::from_secs(3));
        pacer.wait(1, Priority::Interactive).await;
        assert_eq!(start.elapsed(), Duration::from_secs(3));
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiting_reply_goes_before_waiting_bulk_messages() {
        let pacer = std::sync::Arc::new(Pacer::new(limits()));
        for chat in 1..=5 {
            pacer.wait(chat, Priority::Interactive).await;
        }
        // The window is full: both wait for the same slot, a second from now.
        let order = std::sync::Arc::new(Mutex::new(Vec::new()));
        let bulk = {
            let (pacer, order) = (pacer.clone(), order.clone());
            tokio::spawn(async move {
                pacer.wait(10, Priority::Bulk).await;
                order.lock().unwrap().push("bulk");
            })
        };
        tokio::task::yield_now().await;
        let reply = {
            let (pacer, order) = (pacer.clone(), order.clone());
            tokio::spawn(async move {
                pacer.wait(11, Priority::Interactive).await;
                order.lock().unwrap().push("reply");
            })
        };
        bulk.await.unwrap();
        reply.await.unwrap();
        assert_eq!(*order.lock().unwrap(), ["reply", "bulk"]);
    }
}
