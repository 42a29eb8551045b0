//! Writing a checked dossier file without holding up the bot.
//!
//! SQLite has one writer at a time, and every look-up and API call writes, so
//! a file written in one transaction (tens of seconds for 200,000 changed
//! rows) made them all wait and fail. Instead:
//!
//! 1. The file is compared with the table outside any write lock.
//! 2. Only new and changed rows are *staged* (`import_staging`), a few
//!    thousand per short transaction, under an import run that is `staging`:
//!    nothing in `dossiers` moves, no follower hears anything. If the import
//!    stops here, the run is discarded later and nothing happened.
//! 3. One one-row transaction marks the run `committed`: from then on it is
//!    applied whole.
//! 4. The staged rows are applied in short transactions, each writing its
//!    dossiers, their history, the current status ([`dossiers::settle`]) and
//!    the notifications of those whose status changed, and removing its rows
//!    from the stage — so each notification is queued exactly once, also if
//!    the process dies between batches: the next import finishes a committed
//!    run before anything else.
//!
//! The price: while step 4 runs (seconds), a look-up may show some dossiers of
//! the file already changed and others not yet; each dossier is always whole.
//! Batches are sized to hold the write lock about [`HOLD`], and the lock is
//! then left free for as long, so a handler waiting for it gets in within a
//! batch or two (see [`Pace`]).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

use super::feed;
use crate::store::dossiers::{self, DossierRecord};
use crate::store::import_runs::{self, ImportRunId, StagedRow};
use crate::store::{Store, StoreError};

/// How long one batch should hold the write lock. SQLite lets a waiting
/// writer retry after 1, 2, 5, 10, 15, 20 ms…, so a gap as long as the batch
/// meets one of its first retries.
const HOLD: Duration = Duration::from_millis(20);
/// Rows per batch before the first has been timed, and at least: below this
/// the fixed cost of a transaction is most of it.
const FIRST_BATCH: usize = 200;
/// A run still staging after this long was left by an import that stopped.
const STALE_AFTER: TimeDelta = TimeDelta::hours(1);

/// What an import did, for its summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub notifications: u64,
}

/// How a file's row compares with the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compared {
    New,
    Changed,
    Same,
}

/// Writes checked `records` as described above.
pub async fn import_dossiers(
    store: &Store,
    records: &[DossierRecord],
    now: DateTime<Utc>,
) -> Result<Tally, StoreError> {
    let mut tally = Tally {
        notifications: finish_interrupted(store, now).await?,
        ..Tally::default()
    };
    let compared = compare(store, records).await?;
    let staged: Vec<StagedRow<'_>> = records
        .iter()
        .zip(&compared)
        .zip(0_i64..)
        .filter_map(|((record, compared), seq)| {
            let status_at = match compared {
                Compared::New => dossiers::initial_status_time(record),
                Compared::Changed => dossiers::changed_status_time(record, now),
                Compared::Same => return None,
            };
            Some(StagedRow {
                seq,
                record,
                status_at,
            })
        })
        .collect();
    for compared in &compared {
        match compared {
            Compared::New => tally.inserted += 1,
            Compared::Changed => tally.updated += 1,
            Compared::Same => tally.unchanged += 1,
        }
    }
    if staged.is_empty() {
        return Ok(tally);
    }
    let run = stage(store, &staged, now).await?;
    drop(staged);
    tally.notifications += apply(store, run, now).await?;
    Ok(tally)
}

/// Each record against the stored dossier of the same code, if any, read
/// row by row outside any write lock.
async fn compare(store: &Store, records: &[DossierRecord]) -> Result<Vec<Compared>, StoreError> {
    let by_code: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, record)| (record.code.as_str(), i))
        .collect();
    let mut compared = vec![Compared::New; records.len()];
    dossiers::for_each_stored(&mut *store.read().await?, |stored| {
        if let Some(&i) = by_code.get(stored.code.as_str()) {
            compared[i] = if stored.differs_from(&records[i]) {
                Compared::Changed
            } else {
                Compared::Same
            };
        }
    })
    .await?;
    Ok(compared)
}

/// Steps 2 and 3: stages every row, then commits the run.
async fn stage(
    store: &Store,
    rows: &[StagedRow<'_>],
    now: DateTime<Utc>,
) -> Result<ImportRunId, StoreError> {
    let mut tx = store.begin_write().await?;
    let run = import_runs::begin_run(&mut tx, now).await?;
    tx.commit().await?;
    let mut pace = Pace::default();
    let mut rest = rows;
    while !rest.is_empty() {
        let (chunk, after) = rest.split_at(pace.rows.min(rest.len()));
        let mut tx = store.begin_write().await?;
        // Held from when the lock was won, not from when it was asked for:
        // a wait behind the bot's writes is no reason to shrink the batch.
        let started = Instant::now();
        import_runs::stage(&mut tx, run, chunk).await?;
        tx.commit().await?;
        pace.make_way(started.elapsed()).await;
        rest = after;
    }
    let mut tx = store.begin_write().await?;
    import_runs::commit_run(&mut tx, run).await?;
    tx.commit().await?;
    Ok(run)
}

/// Step 4: applies a committed run batch by batch; returns the notifications queued.
async fn apply(store: &Store, run: ImportRunId, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let mut queued = 0;
    let mut pace = Pace::default();
    loop {
        let mut tx = store.begin_write().await?;
        let started = Instant::now();
        let apologies = import_runs::new_apologies(&mut tx, run, pace.limit()).await?;
        let Some(moved) = import_runs::apply_some(&mut tx, run, pace.limit(), now).await? else {
            tx.commit().await?;
            return Ok(queued);
        };
        for moved in moved.iter().filter(|m| m.status_changed) {
            queued += feed::notify_followers(&mut tx, moved.id.0, moved.status, moved.at).await?;
        }
        for dossier_id in apologies {
            queued += feed::apologize(&mut tx, dossier_id).await?;
        }
        tx.commit().await?;
        pace.make_way(started.elapsed()).await;
    }
}

/// Applies runs committed by an import that then stopped, and discards runs
/// an import left while staging; returns the notifications queued.
pub async fn finish_interrupted(store: &Store, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let (committed, stale) = {
        let mut conn = store.read().await?;
        (
            import_runs::committed_runs(&mut conn).await?,
            import_runs::stale_runs(&mut conn, now - STALE_AFTER).await?,
        )
    };
    let mut queued = 0;
    for run in committed {
        queued += apply(store, run, now).await?;
    }
    let mut pace = Pace::default();
    for run in stale {
        loop {
            let mut tx = store.begin_write().await?;
            let started = Instant::now();
            let more = import_runs::discard_some(&mut tx, run, pace.limit()).await?;
            tx.commit().await?;
            if !more {
                break;
            }
            pace.make_way(started.elapsed()).await;
        }
    }
    Ok(queued)
}

/// The size of the next batch, so that each holds the write lock about [`HOLD`].
#[derive(Debug)]
struct Pace {
    rows: usize,
}

impl Default for Pace {
    fn default() -> Self {
        Self { rows: FIRST_BATCH }
    }
}

impl Pace {
    fn limit(&self) -> u32 {
        u32::try_from(self.rows).unwrap_or(u32::MAX)
    }

    /// Sizes the next batch from how long this one held the lock, then
    /// leaves the lock free for as long: a loop that takes it straight back
    /// would starve a waiting writer, which only retries now and then.
    async fn make_way(&mut self, held: Duration) {
        let scaled = self.rows as f64 * HOLD.as_secs_f64() / held.as_secs_f64().max(1e-4);
        // Grow or shrink by at most half, so that one odd batch does not swing it.
        let bounded = scaled.clamp(self.rows as f64 * 0.5, self.rows as f64 * 1.5);
        self.rows = (bounded as usize).clamp(FIRST_BATCH, 5_000);
        tokio::time::sleep(held).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Status, UserId};
    use crate::store::dossiers::Source;
    use crate::store::dossiers::tests::{fixture, record};
    use crate::store::{citizens, follows};

    async fn outbox_rows(store: &Store) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM outbox")
            .fetch_one(&mut *store.read().await.expect("conn"))
            .await
            .expect("count")
    }

    async fn status_of(store: &Store) -> i64 {
        sqlx::query_scalar("SELECT status FROM dossiers WHERE code = 'D-1'")
            .fetch_one(&mut *store.read().await.expect("conn"))
            .await
            .expect("status")
    }

    /// D-1 received, followed by user 7.
    async fn followed_dossier(store: &Store) {
        let mut tx = store.begin_write().await.expect("tx");
        let ids = dossiers::insert_dossiers(
            &mut tx,
            &[record("D-1", Status::Received)],
            Source::Import,
            Utc::now(),
        )
        .await
        .expect("inserted");
        citizens::touch_citizen(&mut tx, UserId(7), None)
            .await
            .expect("citizen");
        follows::follow(&mut tx, UserId(7), ids[0], true)
            .await
            .expect("follow");
        tx.commit().await.expect("commit");
    }

    /// Stages `records` as an import would, stopping before it commits the run
    /// unless `commit`.
    async fn stage_only(store: &Store, records: &[DossierRecord], commit: bool) {
        let now = Utc::now();
        let rows: Vec<StagedRow<'_>> = records
            .iter()
            .zip(0..)
            .map(|(record, seq)| StagedRow {
                seq,
                record,
                status_at: now,
            })
            .collect();
        let mut tx = store.begin_write().await.expect("tx");
        let run = import_runs::begin_run(&mut tx, now).await.expect("run");
        import_runs::stage(&mut tx, run, &rows)
            .await
            .expect("staged");
        if commit {
            import_runs::commit_run(&mut tx, run)
                .await
                .expect("committed");
        }
        tx.commit().await.expect("commit");
    }

    #[tokio::test]
    async fn an_import_that_stops_while_staging_changes_nothing_and_is_discarded_later() {
        let f = fixture().await;
        followed_dossier(&f.store).await;
        stage_only(&f.store, &[record("D-1", Status::Processing)], false).await;
        let queued = finish_interrupted(&f.store, Utc::now()).await.expect("ran");
        assert_eq!((queued, status_of(&f.store).await), (0, 2), "not yet stale");
        let queued = finish_interrupted(&f.store, Utc::now() + TimeDelta::hours(2))
            .await
            .expect("ran");
        assert_eq!((queued, status_of(&f.store).await), (0, 2));
        assert_eq!(outbox_rows(&f.store).await, 0);
        let left: i64 = sqlx::query_scalar("SELECT count(*) FROM import_staging")
            .fetch_one(&mut *f.store.read().await.expect("conn"))
            .await
            .expect("count");
        assert_eq!(left, 0, "the stale run is discarded");
    }

    #[tokio::test]
    async fn a_committed_run_is_finished_by_the_next_import_and_notifies_once() {
        let f = fixture().await;
        followed_dossier(&f.store).await;
        stage_only(&f.store, &[record("D-1", Status::Processing)], true).await;
        assert_eq!(
            (status_of(&f.store).await, outbox_rows(&f.store).await),
            (2, 0)
        );
        let tally = import_dossiers(&f.store, &[], Utc::now())
            .await
            .expect("imported");
        assert_eq!(tally.notifications, 1);
        assert_eq!(
            (status_of(&f.store).await, outbox_rows(&f.store).await),
            (4, 1)
        );
        let again = import_dossiers(&f.store, &[record("D-1", Status::Processing)], Utc::now())
            .await
            .expect("imported");
        assert_eq!((again.unchanged, again.notifications), (1, 0));
        assert_eq!(outbox_rows(&f.store).await, 1, "queued exactly once");
    }

    #[tokio::test]
    async fn a_file_in_many_batches_is_applied_whole() {
        let f = fixture().await;
        let records: Vec<DossierRecord> = (0..1_203)
            .map(|n| record(&format!("D-{n}"), Status::Received))
            .collect();
        let tally = import_dossiers(&f.store, &records, Utc::now())
            .await
            .expect("imported");
        assert_eq!(tally.inserted, 1_203);
        let changed: Vec<DossierRecord> = records
            .iter()
            .map(|r| DossierRecord {
                status: Status::Processing,
                ..r.clone()
            })
            .collect();
        let tally = import_dossiers(&f.store, &changed, Utc::now())
            .await
            .expect("imported");
        assert_eq!((tally.updated, tally.unchanged), (1_203, 0));
        let processing: i64 = sqlx::query_scalar("SELECT count(*) FROM dossiers WHERE status = 4")
            .fetch_one(&mut *f.store.read().await.expect("conn"))
            .await
            .expect("count");
        assert_eq!(processing, 1_203);
    }
}
