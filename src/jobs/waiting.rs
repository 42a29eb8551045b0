//! The inbox rows waiting for a handler, kept in memory as the receivers
//! write them, so that the worker starts an update without reading it back
//! from the database: at 20 updates a second that read was a third of a
//! millisecond of each answer's wait. The database stays the record: the
//! worker loads its pending rows when it starts, a row is done when its
//! answer's transaction says so (not when it leaves this queue), and a row
//! this queue never heard of is read when the worker is idle.
//!
//! At most [`HELD`] rows are held. After an outage Telegram hands over
//! everything it kept, and memory must not grow with that: past the limit,
//! new rows stay in the database alone, and once the rows held are taken the
//! worker loads the next ones, oldest first. While rows wait there, none is
//! held that is newer than one left out, so that a chat's updates still
//! start in order.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use tokio::sync::Notify;

use crate::domain::ids::InboxId;
use crate::store::inbox::Pending;

/// Rows held at most (a row is its update's JSON, a few hundred bytes).
pub const HELD: usize = 10_000;

pub struct Waiting {
    state: Mutex<State>,
    /// Rung when rows arrive and when a chat frees up.
    wake: Notify,
}

struct State {
    /// By id, which is arrival order.
    rows: BTreeMap<InboxId, Pending>,
    capacity: usize,
    /// Rows were left in the database alone: the next ones are loaded from
    /// there, and new rows wait there too until they are.
    left_out: bool,
    /// Rows were handed over and not held since the last load began: that
    /// load may not have read them.
    missed: bool,
}

impl Default for Waiting {
    fn default() -> Self {
        Self::holding(HELD)
    }
}

impl Waiting {
    /// A queue that holds at most `capacity` rows.
    pub fn holding(capacity: usize) -> Self {
        Self {
            state: Mutex::new(State {
                rows: BTreeMap::new(),
                capacity: capacity.max(1),
                left_out: false,
                missed: false,
            }),
            wake: Notify::new(),
        }
    }

    /// Rows a receiver wrote down, oldest first and newer than any before
    /// them; wakes the worker. While rows are left in the database, these
    /// wait there too.
    pub fn add(&self, rows: impl IntoIterator<Item = Pending>) {
        let mut state = self.lock();
        if state.left_out {
            state.missed = true;
        } else {
            state.hold(rows);
        }
        drop(state);
        self.wake.notify_one();
    }

    /// What a load is to read: how many rows at most. Called before it reads.
    pub fn begin_load(&self) -> usize {
        let mut state = self.lock();
        state.missed = false;
        state.capacity.saturating_sub(state.rows.len())
    }

    /// The pending rows a load read, oldest first (those already started
    /// left out); `complete` when it read fewer than
    /// [`Waiting::begin_load`] said. Complete, and with no row handed over
    /// meanwhile, nothing waits in the database alone any more. Wakes the
    /// worker.
    pub fn loaded(&self, rows: impl IntoIterator<Item = Pending>, complete: bool) {
        let mut state = self.lock();
        let complete = complete && !state.missed;
        if complete {
            state.left_out = false;
        }
        state.hold(rows);
        if !complete {
            state.left_out = true;
        }
        drop(state);
        self.wake.notify_one();
    }

    /// A load could not read the database: rows handed over wait there
    /// too until one can, so that none is held before an older one.
    pub fn load_failed(&self) {
        self.lock().left_out = true;
    }

    /// Takes the oldest row of each chat not `busy`, oldest first, at
    /// most `limit`: a chat's next update waits until its previous one is
    /// finished. Rows are looked at in arrival order until `limit` chats are
    /// found, so that the cost is what is started (and the rows of busy
    /// chats skipped), not every update waiting in a burst.
    pub fn take_next(&self, busy: impl Fn(&str) -> bool, limit: usize) -> Vec<Pending> {
        let mut state = self.lock();
        let mut chats = HashSet::new();
        let mut ids = Vec::new();
        for row in state.rows.values() {
            if ids.len() == limit {
                break;
            }
            // The first row met of a chat is its oldest; a busy chat's wait.
            if !busy(&row.chat_key) && chats.insert(row.chat_key.as_str()) {
                ids.push(row.id);
            }
        }
        ids.iter().filter_map(|id| state.rows.remove(id)).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().rows.is_empty()
    }

    /// Nothing held, and rows wait in the database alone: time to load them.
    pub fn wants_loading(&self) -> bool {
        let state = self.lock();
        state.rows.is_empty() && state.left_out
    }

    pub fn wake(&self) -> &Notify {
        &self.wake
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Plain data: a panic elsewhere while holding it leaves it usable.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl State {
    /// Holds `rows`, oldest first, as long as there is room; a row already
    /// held stays as it is.
    fn hold(&mut self, rows: impl IntoIterator<Item = Pending>) {
        for row in rows {
            if self.rows.contains_key(&row.id) {
                continue;
            }
            if self.rows.len() >= self.capacity {
                self.left_out = true;
                return;
            }
            self.rows.insert(row.id, row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, chat: &str) -> Pending {
        Pending {
            id: InboxId(id),
            update_key: format!("tg:{id}"),
            chat_key: chat.to_owned(),
            body: "{}".to_owned(),
        }
    }

    fn keys(rows: Vec<Pending>) -> Vec<String> {
        rows.into_iter().map(|r| r.update_key).collect()
    }

    fn busy<'a>(chats: &'a [&str]) -> impl Fn(&str) -> bool + 'a {
        move |chat| chats.contains(&chat)
    }

    /// Each free chat's oldest row, in arrival order, never a busy chat's,
    /// however many rows wait; a row added twice waits once.
    #[test]
    fn takes_the_oldest_row_of_each_free_chat_in_arrival_order() {
        let rows = [("a", 1), ("a", 2), ("b", 3), ("c", 4), ("b", 5), ("d", 6)];
        let make = || {
            let waiting = Waiting::default();
            // Out of order, and one twice: the id decides.
            waiting.add(rows.iter().rev().map(|(chat, id)| row(*id, chat)));
            waiting.add([row(1, "a")]);
            waiting
        };
        assert_eq!(keys(make().take_next(busy(&["b"]), 2)), ["tg:1", "tg:4"]);
        assert_eq!(
            keys(make().take_next(busy(&["b"]), 10)),
            ["tg:1", "tg:4", "tg:6"]
        );
        let waiting = make();
        assert_eq!(
            keys(waiting.take_next(busy(&[]), 10)),
            ["tg:1", "tg:3", "tg:4", "tg:6"]
        );
        // Taken, a chat's next row comes up, still behind older chats'.
        waiting.add([row(7, "c")]);
        assert_eq!(keys(waiting.take_next(busy(&["a"]), 10)), ["tg:5", "tg:7"]);
        assert_eq!(keys(waiting.take_next(busy(&[]), 10)), ["tg:2"]);
        assert!(waiting.is_empty());
    }

    /// Past its capacity the queue holds nothing newer than a row it left
    /// out, until a load has found everything the database holds.
    #[test]
    fn past_its_capacity_it_leaves_rows_to_the_database_and_loads_them_in_order() {
        let waiting = Waiting::holding(2);
        waiting.add([row(1, "a"), row(2, "b"), row(3, "a")]);
        assert!(!waiting.wants_loading(), "rows are still held");
        // Arriving meanwhile, it waits in the database behind row 3.
        waiting.add([row(4, "c")]);
        assert_eq!(keys(waiting.take_next(busy(&[]), 10)), ["tg:1", "tg:2"]);
        assert!(waiting.wants_loading());
        // A load that fills the queue leaves the rest for the next one.
        assert_eq!(waiting.begin_load(), 2);
        waiting.loaded([row(3, "a"), row(4, "c")], false);
        assert_eq!(keys(waiting.take_next(busy(&[]), 10)), ["tg:3", "tg:4"]);
        assert!(
            waiting.wants_loading(),
            "the load was full: there may be more"
        );
        // A row handed over while a load reads is not held by it...
        waiting.begin_load();
        waiting.add([row(5, "a")]);
        waiting.loaded([], true);
        assert!(waiting.wants_loading(), "row 5 was missed");
        // ...but by the next, which finds everything: new rows are held again.
        waiting.begin_load();
        waiting.loaded([row(5, "a")], true);
        assert!(!waiting.wants_loading());
        waiting.add([row(6, "b")]);
        assert_eq!(keys(waiting.take_next(busy(&[]), 10)), ["tg:5", "tg:6"]);
    }

    /// A load that could not read holds nothing newer until one can.
    #[test]
    fn after_a_failed_load_new_rows_wait_behind_those_in_the_database() {
        let waiting = Waiting::holding(10);
        waiting.begin_load();
        waiting.load_failed();
        waiting.add([row(5, "a")]);
        assert!(waiting.is_empty());
        assert!(waiting.wants_loading());
        waiting.begin_load();
        waiting.loaded([row(4, "a"), row(5, "a")], true);
        assert!(!waiting.wants_loading());
        assert_eq!(keys(waiting.take_next(busy(&[]), 10)), ["tg:4"]);
    }
}
