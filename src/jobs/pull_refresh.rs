//! Asks the status source again about the followed dossiers it alone keeps
//! current, so that a province without a feed still tells followers of a
//! new status (and of a delay's apology), as a feed would.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::{StreamExt, stream};
use tokio::time::Instant;

use super::{Job, Progress};
use crate::domain::deadline::Deadlines;
use crate::ingest::feed;
use crate::ingest::status_source::{Pulled, StatusSource};
use crate::store::{Store, StoreError, pull_asks};

/// How many dossiers are asked about at once. One at a time, a source that
/// takes over a second an answer would keep fewer than `refresh_per_minute`
/// current; four at once is still a light load on the province's system.
pub const AT_ONCE: usize = 4;

pub struct PullRefresh {
    pub store: Store,
    /// None when no source is configured: nothing to ask.
    pub source: Option<Arc<StatusSource>>,
    pub deadlines: Arc<Deadlines>,
    /// `[status_source] refresh_minutes`: a dossier is asked about again
    /// this long after it last was; zero never.
    pub every: chrono::Duration,
    /// `[status_source] refresh_per_minute`: the most asked in a minute, so
    /// that thousands of followed dossiers never flood the source.
    pub per_minute: u32,
}

impl PullRefresh {
    /// Whether dossiers are asked about again at all: a source is set, and
    /// neither of its refresh settings is zero.
    pub fn is_on(&self) -> bool {
        self.source.is_some() && self.every > chrono::Duration::zero() && self.per_minute > 0
    }

    pub async fn tick(&self) -> Result<Progress, StoreError> {
        self.tick_at(Utc::now()).await
    }

    /// Asks about the dossiers due as at `now`, [`AT_ONCE`] at a time and no
    /// more than a minute's worth, and keeps each answer in a transaction of
    /// its own, in the order they were due; the source being down ends the
    /// tick (it pauses itself).
    pub async fn tick_at(&self, now: DateTime<Utc>) -> Result<Progress, StoreError> {
        let (Some(source), true) = (&self.source, self.is_on()) else {
            return Ok(Progress::Idle);
        };
        let started = Instant::now();
        let due = pull_asks::due(
            &mut *self.store.read().await?,
            now - self.every,
            self.per_minute,
        )
        .await?;
        // A whole minute's worth: more may be due once the minute is over.
        let full = due.len() == self.per_minute as usize;
        let (mut asked, mut owed) = (0, 0);
        let mut answers = stream::iter(due)
            .map(|code| {
                let source = source.clone();
                async move {
                    let answer = source.fetch(&code).await;
                    (code, answer)
                }
            })
            .buffered(AT_ONCE);
        while let Some((code, answer)) = answers.next().await {
            let remote = match answer {
                Pulled::Found(remote) => Some(remote),
                Pulled::NotFound => None,
                // The asks still under way are dropped with the stream.
                Pulled::Unavailable => break,
            };
            let mut tx = self.store.begin_write().await?;
            match remote {
                // Kept unless an import or the ingest API moved it since it
                // was found due.
                Some(remote) => {
                    let written = feed::keep_pulled(&mut tx, &self.deadlines, &remote, now).await?;
                    owed += usize::from(written.is_some_and(|w| w.moved.is_some() || w.apology));
                }
                // Kept as it was, and asked about again later, for a week;
                // then its followers are told the refresh gave up on it.
                None => owed += usize::from(feed::keep_not_known(&mut tx, &code, now).await?),
            }
            tx.commit().await?;
            asked += 1;
        }
        if asked > 0 {
            // `owed`: dossiers whose followers are owed a message.
            tracing::info!(asked, owed, "dossiers asked about again");
        }
        Ok(if full {
            Progress::WaitUntil(started + Duration::from_secs(60))
        } else {
            Progress::Idle
        })
    }
}

impl Job for PullRefresh {
    const NAME: &'static str = "pull refresh";

    fn tick(&self) -> impl Future<Output = Result<Progress, StoreError>> + Send {
        PullRefresh::tick(self)
    }

    fn idle_wait(&self) -> Duration {
        Duration::from_secs(60)
    }
}
