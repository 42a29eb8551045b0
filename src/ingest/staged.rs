//! Writing a dossier file without holding up the bot, and all or nothing.
//!
//! SQLite has one writer at a time, and every look-up and API call writes, so
//! a file written in one transaction (tens of seconds for 200,000 changed
//! rows) made them all wait and fail. Instead:
//!
//! 1. The file is read and checked a batch of rows at a time; each batch is
//!    compared with the table outside any write lock, and only its new and
//!    changed rows are *staged* (`import_staging`) in one short transaction,
//!    under an import run that is `staging`: nothing in `dossiers` moves, no
//!    follower hears anything. A file is never held whole, so memory does
//!    not grow with it.
//! 2. If any row of the file has a problem, staging stops, the rest is still
//!    read so that every problem is reported, and the run is discarded:
//!    nothing happened. If the import stops here, the run is discarded later.
//! 3. One one-row transaction marks the run `committed`: from then on it is
//!    applied whole.
//! 4. The staged rows are applied in short transactions, each deciding what
//!    every row may change ([`crate::domain::precedence`]), writing the
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

use std::io::Read;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

use super::feed;
use super::import::{DossierRows, Problem};
use crate::store::dossiers::{self, DossierRecord};
use crate::store::import_runs::{self, ImportRunId, StagedRow};
use crate::store::{Store, StoreError, WriteTx};

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
    /// Rows dated before their dossier's current status: kept as history.
    pub older: usize,
    /// Rows without `status_at` for dossiers a snapshot may not move.
    pub ignored: usize,
    pub notifications: u64,
}

/// Why a dossier file was not imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problem(s) in the file", .0.len())]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether the followers of dossiers an import moves hear of it. The demo
/// loads its own invented data and tells no one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followers {
    Notify,
    Leave,
}

/// How a file's row compares with the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compared {
    New,
    Changed,
    Same,
}

/// Reads, checks and writes a dossier file as described above.
pub async fn import_dossiers<R: Read>(
    store: &Store,
    mut rows: DossierRows<R>,
    followers: Followers,
    now: DateTime<Utc>,
) -> Result<Tally, ImportError> {
    let mut tally = Tally {
        notifications: finish_interrupted(store, now).await?,
        ..Tally::default()
    };
    let mut run = None;
    let mut pace = Pace::default();
    let mut seq = 0_i64;
    loop {
        let batch = rows.next_batch(pace.rows);
        if batch.is_empty() {
            break;
        }
        if rows.has_problems() {
            // Nothing of this file will be written: only read on, for the problems.
            continue;
        }
        let compared = compare(store, &batch).await?;
        let staged: Vec<StagedRow<'_>> = batch
            .iter()
            .zip(&compared)
            .filter_map(|(record, compared)| {
                let status_at = match compared {
                    Compared::New => dossiers::initial_status_time(record),
                    Compared::Changed => dossiers::changed_status_time(record, now),
                    Compared::Same => return None,
                };
                seq += 1;
                Some(StagedRow {
                    seq,
                    record,
                    status_at,
                    dated: record.status_at.is_some(),
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
            continue;
        }
        let run = match run {
            Some(run) => run,
            None => {
                let mut tx = store.begin_write().await?;
                let begun = import_runs::begin_run(&mut tx, now).await?;
                tx.commit().await.map_err(StoreError::from)?;
                *run.insert(begun)
            }
        };
        let (mut tx, started) = pace.take_lock(store).await?;
        import_runs::stage(&mut tx, run, &staged).await?;
        tx.commit().await.map_err(StoreError::from)?;
        pace.released(started);
    }
    if let Err(problems) = rows.finish() {
        if let Some(run) = run {
            discard(store, run).await?;
        }
        return Err(ImportError::Problems(problems));
    }
    let Some(run) = run else {
        return Ok(tally);
    };
    let mut tx = store.begin_write().await?;
    import_runs::commit_run(&mut tx, run).await?;
    tx.commit().await.map_err(StoreError::from)?;
    let applied = apply(store, run, followers, now).await?;
    // Rows counted as changed that their dossier's history outranked.
    tally.updated -= applied.older + applied.ignored;
    tally.older = applied.older;
    tally.ignored = applied.ignored;
    tally.notifications += applied.notifications;
    Ok(tally)
}

/// Each record against the stored dossier of the same code, if any, read
/// outside any write lock.
async fn compare(store: &Store, records: &[DossierRecord]) -> Result<Vec<Compared>, StoreError> {
    let codes: Vec<&str> = records.iter().map(|r| r.code.as_str()).collect();
    let stored = dossiers::stored_dossiers(&mut *store.read().await?, &codes).await?;
    Ok(records
        .iter()
        .map(|record| match stored.get(record.code.as_str()) {
            None => Compared::New,
            Some(stored) if stored.differs_from(record) => Compared::Changed,
            Some(_) => Compared::Same,
        })
        .collect())
}

/// What applying a run did, over all its batches.
#[derive(Debug, Default)]
struct RunApplied {
    older: usize,
    ignored: usize,
    notifications: u64,
}

/// Step 4: applies a committed run batch by batch.
async fn apply(
    store: &Store,
    run: ImportRunId,
    followers: Followers,
    now: DateTime<Utc>,
) -> Result<RunApplied, StoreError> {
    let mut done = RunApplied::default();
    let mut pace = Pace::default();
    loop {
        let (mut tx, started) = pace.take_lock(store).await?;
        let Some(applied) =
            import_runs::apply_some(&mut tx, store.deadlines(), run, pace.limit(), now).await?
        else {
            tx.commit().await?;
            return Ok(done);
        };
        let news = applied.moved.iter().filter(|m| m.status_changed);
        for moved in news.filter(|_| followers == Followers::Notify) {
            done.notifications +=
                feed::notify_followers(&mut tx, moved.id.0, moved.status, moved.at).await?;
        }
        for dossier_id in applied
            .apologies
            .iter()
            .filter(|_| followers == Followers::Notify)
        {
            done.notifications += feed::apologize(&mut tx, *dossier_id).await?;
        }
        tx.commit().await?;
        done.older += applied.older;
        done.ignored += applied.ignored;
        pace.released(started);
    }
}

/// Deletes a run's staged rows, a batch at a time, then the run.
async fn discard(store: &Store, run: ImportRunId) -> Result<(), StoreError> {
    let mut pace = Pace::default();
    loop {
        let (mut tx, started) = pace.take_lock(store).await?;
        let more = import_runs::discard_some(&mut tx, run, pace.limit()).await?;
        tx.commit().await?;
        if !more {
            return Ok(());
        }
        pace.released(started);
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
        // Whether the import that committed it was the demo's is not
        // recorded: a run finished after a crash notifies as any import.
        queued += apply(store, run, Followers::Notify, now)
            .await?
            .notifications;
    }
    for run in stale {
        discard(store, run).await?;
    }
    Ok(queued)
}

/// The size of the next batch, so that each holds the write lock about
/// [`HOLD`], and when the lock may be taken again.
#[derive(Debug)]
struct Pace {
    rows: usize,
    free_until: Option<Instant>,
}

impl Default for Pace {
    fn default() -> Self {
        Self {
            rows: FIRST_BATCH,
            free_until: None,
        }
    }
}

impl Pace {
    fn limit(&self) -> u32 {
        u32::try_from(self.rows).unwrap_or(u32::MAX)
    }

    /// Waits until the lock has been free long enough, then takes it;
    /// returns when it was won. A batch is timed from then, not from when
    /// the lock was asked for: a wait behind the bot's writes is no reason
    /// to shrink it.
    async fn take_lock(&self, store: &Store) -> Result<(WriteTx, Instant), StoreError> {
        if let Some(until) = self.free_until {
            tokio::time::sleep_until(until.into()).await;
        }
        let tx = store.begin_write().await?;
        Ok((tx, Instant::now()))
    }

    /// Sizes the next batch from how long this one held the lock (since
    /// `started`), and leaves the lock free for as long: a loop that takes it
    /// straight back would starve a waiting writer, which only retries now and
    /// then. Reading and comparing the next rows meanwhile counts as free time.
    fn released(&mut self, started: Instant) {
        let held = started.elapsed();
        let scaled = self.rows as f64 * HOLD.as_secs_f64() / held.as_secs_f64().max(1e-4);
        // Grow or shrink by at most half, so that one odd batch does not swing it.
        let bounded = scaled.clamp(self.rows as f64 * 0.5, self.rows as f64 * 1.5);
        self.rows = (bounded as usize).clamp(FIRST_BATCH, 5_000);
        self.free_until = Some(Instant::now() + held);
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

    /// Imports `records` as a file of them would be.
    async fn import(store: &Store, records: &[DossierRecord]) -> Tally {
        let mut csv = String::from(
            "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code,status_at\n",
        );
        let time = |at: Option<DateTime<Utc>>| at.map(|at| at.to_rfc3339()).unwrap_or_default();
        for r in records {
            csv.push_str(&format!(
                "{},{},{},{},{},{},{},{},,{}\n",
                r.code.as_str(),
                r.procedure,
                r.agency,
                r.status.code(),
                r.received_at.to_rfc3339(),
                r.due_at,
                time(r.returned_at),
                r.channel.code(),
                time(r.status_at),
            ));
        }
        let known = |code: &str| std::iter::once(code.to_owned()).collect();
        let now = Utc::now();
        let units = crate::domain::units::Readings::new();
        let rows =
            DossierRows::open(csv.as_bytes(), known("P"), known("A"), units, now).expect("header");
        import_dossiers(store, rows, Followers::Notify, now)
            .await
            .expect("imported")
    }

    /// D-1 received, followed by user 7.
    async fn followed_dossier(store: &Store) {
        let mut tx = store.begin_write().await.expect("tx");
        let ids = dossiers::insert_dossiers(
            &mut tx,
            &Default::default(),
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
                dated: false,
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
        let tally = import(&f.store, &[]).await;
        assert_eq!(tally.notifications, 1);
        assert_eq!(
            (status_of(&f.store).await, outbox_rows(&f.store).await),
            (4, 1)
        );
        let again = import(&f.store, &[record("D-1", Status::Processing)]).await;
        assert_eq!((again.unchanged, again.notifications), (1, 0));
        assert_eq!(outbox_rows(&f.store).await, 1, "queued exactly once");
    }

    #[tokio::test]
    async fn a_file_in_many_batches_is_applied_whole() {
        let f = fixture().await;
        let records: Vec<DossierRecord> = (0..1_203)
            .map(|n| record(&format!("D-{n}"), Status::Received))
            .collect();
        let tally = import(&f.store, &records).await;
        assert_eq!(tally.inserted, 1_203);
        let changed: Vec<DossierRecord> = records
            .iter()
            .map(|r| DossierRecord {
                status: Status::Processing,
                ..r.clone()
            })
            .collect();
        let tally = import(&f.store, &changed).await;
        assert_eq!((tally.updated, tally.unchanged), (1_203, 0));
        let processing: i64 = sqlx::query_scalar("SELECT count(*) FROM dossiers WHERE status = 4")
            .fetch_one(&mut *f.store.read().await.expect("conn"))
            .await
            .expect("count");
        assert_eq!(processing, 1_203);
    }
}
