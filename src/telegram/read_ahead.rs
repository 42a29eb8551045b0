//! What the long poll read of the rows it handed over, so that their handler
//! does not read the update's JSON a second time: flat out, that second read
//! was nearly 4 % of a look-up's CPU. A row this does not hold (one loaded
//! from the database, or one past the bound) is read again from its JSON, as
//! before.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use crate::domain::ids::InboxId;
use crate::flows::Incoming;

/// Rows held at most: some polls' worth ahead of the handlers. When the
/// handlers fall further behind (after an outage), the rows past it are not
/// held, so memory stays bounded, and the rows held are the next to start.
const KEPT: usize = 1_000;

#[derive(Debug, Default)]
pub struct ReadAhead(Mutex<HashMap<InboxId, Incoming>>);

impl ReadAhead {
    /// Holds what was read of rows just handed over, as many as there is
    /// room for. Each is taken when its row starts: every row handed over
    /// starts in this process.
    pub fn keep(&self, rows: impl IntoIterator<Item = (InboxId, Incoming)>) {
        let mut held = self.lock();
        let room = KEPT.saturating_sub(held.len());
        held.extend(rows.into_iter().take(room));
    }

    /// What was read of `row`, once; None if it was not held.
    pub fn take(&self, row: InboxId) -> Option<Incoming> {
        self.lock().remove(&row)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<InboxId, Incoming>> {
        // Plain data, and no panic leaves it half changed.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ChatId;
    use crate::flows::{Chat, Event};

    fn incoming(n: i64) -> Incoming {
        Incoming {
            key: format!("tg:{n}"),
            chat: Chat {
                id: ChatId(n),
                private: true,
            },
            sender: None,
            event: Event::Other,
            html: None,
            reply_to: None,
        }
    }

    #[test]
    fn a_row_is_taken_once_and_those_past_the_bound_are_not_held() {
        let ahead = ReadAhead::default();
        ahead.keep([(InboxId(1), incoming(1))]);
        assert_eq!(ahead.take(InboxId(1)).map(|i| i.key), Some("tg:1".into()));
        assert!(ahead.take(InboxId(1)).is_none(), "taken once");
        let many = i64::try_from(KEPT).expect("small") + 10;
        ahead.keep((2..2 + many).map(|n| (InboxId(n), incoming(n))));
        assert_eq!(ahead.lock().len(), KEPT);
        assert!(ahead.take(InboxId(2)).is_some(), "the next to start held");
        assert!(ahead.take(InboxId(1 + many)).is_none(), "past the bound");
        ahead.keep([(InboxId(0), incoming(0))]);
        assert!(
            ahead.take(InboxId(0)).is_some(),
            "room again once one is taken"
        );
    }
}
