//! The inbox rows waiting for a handler, kept in memory as the receivers
//! write them, so that the worker starts an update without reading it back
//! from the database: at 20 updates a second that read was a third of a
//! millisecond of each answer's wait. The database stays the record: the
//! worker loads its pending rows once at start, a row is done when its
//! answer's transaction says so (not when it leaves this queue), and a row
//! this queue never heard of is read when the worker is idle.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use tokio::sync::Notify;

use crate::domain::ids::InboxId;
use crate::store::inbox::Pending;

#[derive(Default)]
pub struct Waiting {
    /// By id, which is arrival order.
    rows: Mutex<BTreeMap<InboxId, Pending>>,
    /// Rung when rows arrive and when a chat frees up.
    wake: Notify,
}

impl Waiting {
    /// Rows written down (by a receiver, or found pending in the database);
    /// one already waiting stays as it is. Wakes the worker.
    pub fn add(&self, rows: impl IntoIterator<Item = Pending>) {
        let mut waiting = self.lock();
        for row in rows {
            waiting.entry(row.id).or_insert(row);
        }
        drop(waiting);
        self.wake.notify_one();
    }

    /// Takes the oldest row of each chat not in `busy`, oldest first, at
    /// most `limit`: a chat's next update waits until its previous one is
    /// finished. Rows are looked at in arrival order until `limit` chats are
    /// found, so that the cost is what is started (and the rows of busy
    /// chats skipped), not every update waiting in a burst.
    pub fn take_next(&self, busy: &HashSet<String>, limit: usize) -> Vec<Pending> {
        let mut waiting = self.lock();
        let mut chats = HashSet::new();
        let mut ids = Vec::new();
        for row in waiting.values() {
            if ids.len() == limit {
                break;
            }
            // The first row met of a chat is its oldest; a busy chat's wait.
            if !busy.contains(&row.chat_key) && chats.insert(row.chat_key.as_str()) {
                ids.push(row.id);
            }
        }
        ids.iter().filter_map(|id| waiting.remove(id)).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    pub fn wake(&self) -> &Notify {
        &self.wake
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<InboxId, Pending>> {
        // Plain data: a panic elsewhere while holding it leaves it usable.
        self.rows.lock().unwrap_or_else(|p| p.into_inner())
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

    fn busy(chats: &[&str]) -> HashSet<String> {
        chats.iter().map(|c| (*c).to_owned()).collect()
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
        assert_eq!(keys(make().take_next(&busy(&["b"]), 2)), ["tg:1", "tg:4"]);
        assert_eq!(
            keys(make().take_next(&busy(&["b"]), 10)),
            ["tg:1", "tg:4", "tg:6"]
        );
        let waiting = make();
        assert_eq!(
            keys(waiting.take_next(&busy(&[]), 10)),
            ["tg:1", "tg:3", "tg:4", "tg:6"]
        );
        // Taken, a chat's next row comes up, still behind older chats'.
        waiting.add([row(7, "c")]);
        assert_eq!(keys(waiting.take_next(&busy(&["a"]), 10)), ["tg:5", "tg:7"]);
        assert_eq!(keys(waiting.take_next(&busy(&[]), 10)), ["tg:2"]);
        assert!(waiting.is_empty());
    }
}
