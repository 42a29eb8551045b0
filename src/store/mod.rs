//! All SQL lives here. Functions take a connection, never the pool: the caller
//! owns the transaction, so an answer and the state it moves commit together.

mod answers;
pub use answers::{AnswerTx, Kept};
pub mod audit;
pub mod backup;
mod bell;
pub mod broadcasts;
pub mod case_reports;
pub mod cases;
pub mod catalog;
pub mod citizen_data;
pub mod citizens;
pub mod dashboard;
pub mod dialogues;
pub mod dossier_days;
pub mod dossiers;
pub mod files;
pub mod follows;
pub mod gauges;
pub mod import_runs;
pub mod inbox;
pub mod lateness;
pub mod lookups;
pub mod outbox;
pub mod pull_asks;
pub mod response_reports;
pub mod roles;
pub mod rollup;
pub mod scoped_menus;
pub mod secrets;
pub mod survey;
pub mod units;
pub mod updates;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::Notify;

/// Every migration this build knows, embedded.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

pub type WriteTx = Transaction<'static, Sqlite>;

/// Reading connections at most. Reads are short (an update's own reads run
/// inside its write transaction), so a few serve the jobs and the HTTP API.
const READERS: u32 = 4;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("`{0}` is not a SQLite database URL (expected sqlite://PATH)")]
    Url(String),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(
        "the database has schema {found}, newer than this hailong knows ({known}): \
         run the version that migrated it, or restore a backup taken before that upgrade"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("the database holds a value this version cannot read: {0}")]
    Corrupt(String),
    /// The commit of a group of answers failed (see [`AnswerTx`]).
    #[error("database error at commit: {0}")]
    Commit(String),
}

#[derive(Clone, Debug)]
pub struct Store {
    /// Connections for reads outside any write transaction.
    pool: SqlitePool,
    /// The one connection that writes. SQLite lets one writer in at a time
    /// whatever the number of connections; with one, a writer waits in the
    /// pool's queue instead of SQLite's busy handler (which sleeps and polls),
    /// and its page cache stays valid from one transaction to the next, as
    /// no other connection changes the database under it.
    writer: SqlitePool,
    /// The rules each returned dossier's lateness is decided by when a
    /// write settles it (see [`dossier_days`]).
    deadlines: Arc<crate::domain::deadline::Deadlines>,
    /// The answers under way on the writer, committed together.
    groups: answers::Groups,
    /// Rung once the writer has committed a notification to the outbox.
    bell: bell::Bell,
}

/// WAL pages at which the serving process's writer checkpoints in its own
/// commit (16 MiB of 4 KiB pages). At 20 updates a second
/// [`crate::jobs::checkpoints`] copies the WAL long before and it starts
/// over. Under a sustained burst it never starts over, as the writer appends
/// while the job copies; the writer's checkpoint then finds most pages
/// copied, and keeps the WAL file to this size.
pub const SERVING_CHECKPOINT_BACKSTOP: u32 = 4_096;

impl Store {
    /// Opens (creating if missing) the database and applies pending
    /// migrations. SQLite checkpoints the WAL in the commit that grows it past
    /// 1,000 pages, as a command wants: its WAL stays small however much it
    /// writes.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, None).await
    }

    /// Opens the database for the serving process, whose commits leave
    /// checkpoints to [`crate::jobs::checkpoints`] (which runs
    /// [`Store::checkpoint`] beside the writer, every five seconds and more often
    /// under load) up to a backstop: a checkpoint syncs the disk twice, and
    /// the update whose commit crossed SQLite's threshold waited for both,
    /// about 8 ms every 60 look-ups at 20 a second.
    pub async fn open_serving(url: &str) -> Result<Self, StoreError> {
        Self::open_with(url, Some(SERVING_CHECKPOINT_BACKSTOP)).await
    }

    /// `writer_checkpoints_at`: the WAL pages at which the writer's commit
    /// checkpoints, SQLite's default if None.
    async fn open_with(url: &str, writer_checkpoints_at: Option<u32>) -> Result<Self, StoreError> {
        let options = url_options(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let path = options.get_filename().to_owned();
        // Made private before SQLite makes it with the umask's mode. If the
        // folder is missing this fails, and SQLite's own error says so below.
        let _ = files::create_private(&path);
        files::warn_loose_modes(&path);
        // The writer's transactions run on the thread of the task that
        // writes, not the connection's: vendor/README.md says why.
        let writer_options = options.clone().write_transactions_on_caller(true);
        let writer_options = match writer_checkpoints_at {
            Some(pages) => writer_options.pragma("wal_autocheckpoint", pages.to_string()),
            None => writer_options,
        };
        // Neither pool pings a connection before each use: the database is
        // a file in this process, not a server that can hang up, and a ping
        // is one more command on every update.
        let bell = bell::Bell::default();
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .after_connect(bell.listen())
            .after_release(bell.ring_if_queued())
            .connect_with(writer_options)
            .await
            .map_err(|e| open_error(&path, e))?;
        refuse_newer_schema(&writer).await?;
        MIGRATOR.run(&writer).await?;
        // Opened lazily: a command that only writes never opens one, and
        // each open one holds its own page cache (up to 2 MiB).
        let pool = SqlitePoolOptions::new()
            .max_connections(READERS)
            .min_connections(0)
            .test_before_acquire(false)
            .connect_lazy_with(options);
        let store = Self {
            pool,
            writer,
            deadlines: Arc::default(),
            groups: answers::Groups::default(),
            bell,
        };
        store.seed_units().await?;
        Ok(store)
    }

    /// The store deciding lateness by `deadlines` (the configured calendar
    /// and clock restart) rather than the defaults; decides at once the
    /// returned dossiers not yet decided (those stored before the figures
    /// were kept).
    pub async fn with_deadlines(
        self,
        deadlines: crate::domain::deadline::Deadlines,
    ) -> Result<Self, StoreError> {
        let store = Self {
            deadlines: Arc::new(deadlines),
            ..self
        };
        // Looked for outside the write lock first: the running bot may hold
        // it, and a command that only reads should not wait for it, while
        // almost every start finds nothing to decide.
        if !dossier_days::undecided(&mut *store.read().await?)
            .await?
            .is_empty()
        {
            let mut tx = store.begin_write().await?;
            dossier_days::decide_undecided(&mut tx, &store.deadlines).await?;
            tx.commit().await?;
        }
        Ok(store)
    }

    pub fn deadlines(&self) -> &crate::domain::deadline::Deadlines {
        &self.deadlines
    }

    /// Loads the built-in units into a database that has none, so that a
    /// province that never ran `hailong import units` gets Cà Mau's (and a
    /// province that is not Cà Mau is told at startup; see
    /// [`crate::startup::check_units`]).
    async fn seed_units(&self) -> Result<(), StoreError> {
        use crate::domain::units::{DEFAULT_PROVINCE, builtin};
        if units::province(&mut *self.read().await?).await?.is_some() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        if units::province(&mut tx).await?.is_none() {
            let default =
                builtin().map_err(|e| StoreError::Corrupt(format!("built-in units: {e}")))?;
            units::replace(&mut tx, DEFAULT_PROVINCE, &default).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`),
    /// so two handlers never deadlock upgrading a read to a write.
    pub async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Rung once a notification this process queued in the outbox is
    /// committed: what the outbox worker waits on between its looks.
    pub fn outbox_queued(&self) -> Arc<Notify> {
        self.bell.rung()
    }

    /// A connection for reads outside any write transaction.
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<Sqlite>, StoreError> {
        Ok(self.pool.acquire().await?)
    }

    /// Copies the database, consistent as of one moment, into a new file at
    /// `path` (private, and refused if something is there), while others go
    /// on reading and writing.
    pub async fn backup_into(&self, path: &Path) -> Result<(), StoreError> {
        vacuum_into(&self.pool, path).await
    }

    /// Moves what the WAL holds into the database file and empties the WAL,
    /// then closes every connection; what asks for one afterwards fails.
    /// Every command ends with it, so that the database file alone holds
    /// everything once the process is gone.
    pub async fn close(&self) {
        self.end_answers().await;
        // Readers first: a checkpoint cannot truncate a WAL a reader still uses.
        self.pool.close().await;
        // Without waiting for a lock: another process still using the
        // database (the bot, beside a command) checkpoints it when it closes,
        // and a command would otherwise wait out the busy timeout whenever
        // the bot is writing.
        match self.checkpoint_unless_busy().await {
            Ok(true) => {}
            Ok(false) => tracing::info!("the WAL is left to the other process using the database"),
            // Not lost: SQLite applies the WAL when the database next opens.
            Err(error) => tracing::warn!(%error, "the WAL could not be checkpointed at close"),
        }
        self.writer.close().await;
    }

    /// Copies into the database file the WAL pages no reader still needs,
    /// on a reading connection: neither the writer nor its commits wait for
    /// it, nor it for them. The writer starts the WAL over at its next
    /// commit once every page was copied.
    pub async fn checkpoint(&self) -> Result<Checkpointed, StoreError> {
        let (_, in_wal, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut *self.read().await?)
            .await?;
        // -1 for both when the database is not in WAL mode: nothing to copy.
        Ok(Checkpointed {
            in_wal: in_wal.max(0),
            copied: copied.max(0),
        })
    }

    /// Checkpoints and empties the WAL if no other process holds a lock that
    /// stops it; false when one did. The writer waits no longer afterwards.
    async fn checkpoint_unless_busy(&self) -> Result<bool, StoreError> {
        let mut conn = self.writer.acquire().await?;
        sqlx::query("PRAGMA busy_timeout = 0")
            .execute(&mut *conn)
            .await?;
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut *conn)
            .await?;
        Ok(busy == 0)
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// What one [`Store::checkpoint`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpointed {
    /// Pages in the WAL since it last started over, one for each page each
    /// commit changed.
    pub in_wal: i64,
    /// Of those, the ones copied into the database file.
    pub copied: i64,
}

/// The newest migration applied to the database `conn` reads; None before
/// any was.
async fn applied_schema(conn: &mut sqlx::SqliteConnection) -> Result<Option<i64>, sqlx::Error> {
    let tracked: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')",
    )
    .fetch_one(&mut *conn)
    .await?;
    if !tracked {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(conn)
        .await
}

/// The newest migration this build carries.
pub fn newest_known() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The newest migration this build knows, if schema `found` is newer: one a
/// newer Hailong migrated to, whose tables this build's statements do not
/// fit. Refused wherever it is met, a database opened or a backup restored.
fn known_if_newer(found: i64) -> Option<i64> {
    let known = newest_known();
    (found > known).then_some(known)
}

/// A database a newer Hailong migrated is refused with both versions (sqlx
/// would only say that a migration "is missing").
async fn refuse_newer_schema(writer: &SqlitePool) -> Result<(), StoreError> {
    if let Some(found) = applied_schema(&mut *writer.acquire().await?).await?
        && let Some(known) = known_if_newer(found)
    {
        return Err(StoreError::NewerSchema { found, known });
    }
    Ok(())
}

/// Writes a consistent copy of the database `on` reads, as of one moment,
/// into a new file at `path` that only its owner may read (`VACUUM INTO`);
/// a copy that fails leaves no file behind.
async fn vacuum_into<'c>(on: impl sqlx::SqliteExecutor<'c>, path: &Path) -> Result<(), StoreError> {
    let target = path.to_str().ok_or_else(|| StoreError::Open {
        path: path.to_owned(),
        reason: "the name is not valid UTF-8".into(),
    })?;
    files::create_private(path).map_err(|e| StoreError::Open {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    let copied = sqlx::query("VACUUM INTO ?").bind(target).execute(on).await;
    if copied.is_err() {
        let _ = std::fs::remove_file(path);
    }
    copied?;
    Ok(())
}

/// The file a `sqlite://PATH` URL names.
pub fn database_path(url: &str) -> Result<PathBuf, StoreError> {
    Ok(url_options(url)?.get_filename().to_owned())
}

/// The connection a `sqlite://PATH` URL describes, as SQLite's defaults
/// and the URL's parameters set it.
fn url_options(url: &str) -> Result<SqliteConnectOptions, StoreError> {
    SqliteConnectOptions::from_str(url).map_err(|_| StoreError::Url(url.to_owned()))
}

fn open_error(path: &Path, error: sqlx::Error) -> StoreError {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let reason = match parent {
        Some(dir) if !dir.is_dir() => format!("the folder {} does not exist", dir.display()),
        _ => match std::fs::metadata(path) {
            Ok(meta) if meta.permissions().readonly() => "the file is read-only".to_owned(),
            _ => match error {
                sqlx::Error::Database(db) => format!("{} (is the folder writable?)", db.message()),
                other => other.to_string(),
            },
        },
    };
    StoreError::Open {
        path: path.to_owned(),
        reason,
    }
}

/// Rows one statement of a large write acts on, in about 10 ms (a
/// broadcast's recipients, the inbox rows a day old forgotten each hour).
pub const ROWS_AT_ONCE: i64 = 2_000;

/// Runs the statement `query` makes, given how many rows it may act on (its
/// `LIMIT`), again and again until one acts on fewer; how many rows in all.
/// The task yields between two: the writer's statements run on the thread of
/// the task that writes (vendor/README.md), which in `hailong run` also
/// polls, sends and serves HTTP, and one large statement would hold all that
/// up, where now only other writers wait, as they always did.
pub async fn in_chunks<'q>(
    conn: &mut sqlx::SqliteConnection,
    at_once: i64,
    query: impl Fn(i64) -> sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>,
) -> Result<u64, StoreError> {
    let mut done = 0;
    loop {
        let chunk = query(at_once).execute(&mut *conn).await?.rows_affected();
        done += chunk;
        if i64::try_from(chunk).unwrap_or(i64::MAX) < at_once {
            return Ok(done);
        }
        tokio::task::yield_now().await;
    }
}

/// What an upsert did, for import reports and API status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Inserted,
    Updated,
    Unchanged,
    /// Dated before the current status: kept in the history, nothing else moved.
    Older,
}

/// Timestamps are stored as RFC 3339 text in UTC, which sorts as time does.
pub fn now_text() -> String {
    time_text(chrono::Utc::now())
}

pub fn time_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_time(conn_value: &str) -> Result<chrono::DateTime<chrono::Utc>, StoreError> {
    chrono::DateTime::parse_from_rfc3339(conn_value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| StoreError::Corrupt(format!("timestamp {conn_value}")))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::thread::{self, ThreadId};

    use sqlx::{Connection, Row, SqliteConnection};

    use super::*;

    /// sqlx's pool counted a connection given back after making it
    /// available, so that another thread could take it and count it out
    /// first: the count wrapped to usize::MAX, and the pool's maintenance
    /// task (idle timeouts, on by default) then looped over it for ever, on
    /// the one thread Hailong's tasks share (launchbadge/sqlx#3645; seen here
    /// as `hailong console` spinning at exit). Connections taken and given
    /// back flat out from two threads: the count never exceeds the pool's
    /// one connection. Unpatched, this saw usize::MAX within a second.
    #[test]
    fn the_pools_count_of_idle_connections_never_wraps() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .connect("sqlite::memory:")
                .await
                .expect("a pool");
            let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let takers: Vec<_> = (0..4)
                .map(|_| {
                    let (pool, stop) = (pool.clone(), stop.clone());
                    tokio::spawn(async move {
                        let mut taken = 0_u64;
                        while !stop.load(Ordering::Relaxed) {
                            drop(pool.acquire().await.expect("a connection"));
                            taken += 1;
                        }
                        taken
                    })
                })
                .collect();
            let until = std::time::Instant::now() + Duration::from_secs(3);
            let mut most = 0;
            while std::time::Instant::now() < until && most <= 1 {
                most = most.max(pool.num_idle());
                tokio::task::yield_now().await;
            }
            stop.store(true, Ordering::Relaxed);
            let mut taken = 0;
            for taker in takers {
                taken += taker.await.expect("a taker");
            }
            assert!(
                most <= 1,
                "{most} idle connections counted in a pool of one"
            );
            assert!(taken > 10_000, "only {taken} connections taken");
        });
    }

    /// A fresh database in a folder of its own, with its URL; the folder
    /// goes when the last value is dropped.
    pub(crate) async fn scratch() -> (Store, String, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::open(&url).await.expect("opens");
        (store, url, dir)
    }

    /// The one number `sql` selects, such as a count.
    pub(crate) async fn count(conn: &mut SqliteConnection, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(conn)
            .await
            .expect("counted")
    }

    /// How many times the writer has committed, from now on.
    pub(crate) async fn commits(store: &Store) -> Arc<AtomicUsize> {
        let commits = Arc::new(AtomicUsize::new(0));
        let mut writer = store.writer.acquire().await.expect("the writer");
        let mut handle = writer.lock_handle().await.expect("its handle");
        let counter = commits.clone();
        handle.set_commit_hook(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            true
        });
        commits
    }

    /// The text of each statement the writer runs, from now until
    /// [`untraced`]: SQLite's trace hook, which sqlx does not offer.
    pub(crate) async fn traced(store: &Store) -> Arc<Mutex<Vec<String>>> {
        use libsqlite3_sys::{SQLITE_TRACE_STMT, sqlite3_trace_v2};
        use std::ffi::{CStr, c_char, c_int, c_uint, c_void};

        /// SQLite calls it with the statement's text as `x` for
        /// `SQLITE_TRACE_STMT`.
        unsafe extern "C" fn record(
            kind: c_uint,
            seen: *mut c_void,
            _statement: *mut c_void,
            x: *mut c_void,
        ) -> c_int {
            if kind == SQLITE_TRACE_STMT as c_uint && !x.is_null() {
                // SAFETY: `seen` is the leaked `Arc`'s value, and SQLite
                // gives a statement's text as a C string.
                let (seen, sql) = unsafe {
                    (
                        &*(seen as *const Mutex<Vec<String>>),
                        CStr::from_ptr(x as *const c_char),
                    )
                };
                if let Ok(mut seen) = seen.lock() {
                    seen.push(sql.to_string_lossy().into_owned());
                }
            }
            0
        }

        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        // Leaked on purpose: SQLite may call the hook for as long as the
        // connection lives, and a test's connection does not outlive it long.
        let context = Arc::into_raw(seen.clone()) as *mut c_void;
        let mut writer = store.writer.acquire().await.expect("the writer");
        let mut handle = writer.lock_handle().await.expect("its handle");
        // SAFETY: the handle is the writer's open connection, and the
        // context outlives it (leaked above).
        let set = unsafe {
            sqlite3_trace_v2(
                handle.as_raw_handle().as_ptr(),
                SQLITE_TRACE_STMT as c_uint,
                Some(record),
                context,
            )
        };
        assert_eq!(set, 0, "the trace hook is set");
        seen
    }

    /// Stops what [`traced`] started.
    pub(crate) async fn untraced(store: &Store) {
        let mut writer = store.writer.acquire().await.expect("the writer");
        let mut handle = writer.lock_handle().await.expect("its handle");
        // SAFETY: the writer's open connection; no hook, no context.
        unsafe {
            libsqlite3_sys::sqlite3_trace_v2(
                handle.as_raw_handle().as_ptr(),
                0,
                None,
                std::ptr::null_mut(),
            );
        }
    }

    /// The statements of `sql` that build a temporary table (SQLite's
    /// `OpenEphemeral`, a sorter, an automatic index), with that operation.
    pub(crate) async fn temporary_tables(
        conn: &mut SqliteConnection,
        sql: &[String],
    ) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for statement in sql {
            let program = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {statement}")))
                .fetch_all(&mut *conn)
                .await
                .unwrap_or_else(|e| panic!("EXPLAIN {statement}: {e}"));
            found.extend(
                program
                    .iter()
                    .map(|step| step.get::<String, _>("opcode"))
                    .filter(|op| {
                        matches!(
                            op.as_str(),
                            "OpenEphemeral" | "SorterOpen" | "OpenAutoindex"
                        )
                    })
                    .map(|op| (statement.clone(), op)),
            );
        }
        found
    }

    /// Writes row `n` of `inbox_offsets` (source `answer n`), in an answer
    /// or any transaction: a row no other table needs.
    pub(crate) async fn write(conn: &mut SqliteConnection, n: i64) {
        sqlx::query("INSERT INTO inbox_offsets (source, next_offset) VALUES (?1, 1)")
            .bind(format!("answer {n}"))
            .execute(conn)
            .await
            .expect("written");
    }

    const OFFSETS: &str = "SELECT count(*) FROM inbox_offsets";

    /// Upstream's driver sends every statement to the connection's own
    /// thread, two switches between threads each (vendor/README.md).
    #[tokio::test]
    async fn a_write_transaction_runs_on_the_callers_thread() {
        let (store, _url, _dir) = scratch().await;
        let seen: Arc<Mutex<Vec<(&str, ThreadId)>>> = Arc::default();
        {
            let mut writer = store.writer.acquire().await.expect("the writer");
            let mut handle = writer.lock_handle().await.expect("its handle");
            let updates = seen.clone();
            handle.set_update_hook(move |_| {
                let mut seen = updates.lock().expect("seen");
                seen.push(("insert", thread::current().id()));
            });
            let commits = seen.clone();
            handle.set_commit_hook(move || {
                let mut seen = commits.lock().expect("seen");
                seen.push(("commit", thread::current().id()));
                true
            });
        }
        let mut tx = store.begin_write().await.expect("begins");
        sqlx::query("INSERT INTO inbox_offsets (source, next_offset) VALUES ('t', 1)")
            .execute(&mut *tx)
            .await
            .expect("inserted");
        tx.commit().await.expect("commits");
        let caller = thread::current().id();
        assert_eq!(
            *seen.lock().expect("seen"),
            [("insert", caller), ("commit", caller)]
        );
    }

    /// A `BEGIN` that waited on the caller's thread would hold up every
    /// task of a one-thread runtime for as long as another process writes.
    #[tokio::test]
    async fn a_begin_that_must_wait_for_another_writer_waits_off_the_callers_thread() {
        let (store, url, _dir) = scratch().await;
        let mut other = SqliteConnection::connect(&url).await.expect("connects");
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut other)
            .await
            .expect("the other writer holds the lock");
        let waiting = tokio::spawn({
            let store = store.clone();
            async move { store.begin_write().await.map(drop) }
        });
        // The waiting begin runs first; the runtime's one thread is free
        // meanwhile only if it waits elsewhere. Its busy timeout is 5 s.
        let started = std::time::Instant::now();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the caller's thread waited {:?}",
            started.elapsed()
        );
        assert!(!waiting.is_finished(), "the begin did not wait");
        sqlx::query("COMMIT")
            .execute(&mut other)
            .await
            .expect("lets go");
        waiting
            .await
            .expect("joined")
            .expect("the writer got the lock");
    }

    #[tokio::test]
    async fn a_write_transaction_dropped_unfinished_is_rolled_back_before_the_next_begins() {
        let (store, _url, _dir) = scratch().await;
        let mut tx = store.begin_write().await.expect("begins");
        sqlx::query("INSERT INTO inbox_offsets (source, next_offset) VALUES ('t', 1)")
            .execute(&mut *tx)
            .await
            .expect("inserted");
        drop(tx);
        let mut tx = store.begin_write().await.expect("begins again");
        assert_eq!(count(&mut tx, OFFSETS).await, 0);
        tx.commit().await.expect("commits");
        assert_eq!(
            count(&mut store.read().await.expect("a reader"), OFFSETS).await,
            0
        );
    }
}
