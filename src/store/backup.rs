//! `hailong backup`'s copy of the database, and what `hailong restore`
//! checks of a backup before it puts it in place.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::StoreError;

/// A backup file found whole and of a schema this build can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    /// The newest migration applied to it.
    pub schema: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("there is no database at {path} to back up (is database.url, or the folder, right?)")]
    NoDatabase { path: String },
    #[error("{path} is not a Hailong database: {reason}")]
    NotHailong { path: String, reason: String },
    #[error("{path} is damaged (PRAGMA integrity_check): {problems}")]
    Damaged { path: String, problems: String },
    #[error(
        "{path} has schema {found}, newer than this hailong knows ({known}): \
         restore it with the version that made it, or upgrade hailong first"
    )]
    Newer {
        path: String,
        found: i64,
        known: i64,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Copies the database at `url` into the new file `into`, as of one moment,
/// while `hailong run` may go on writing. The database is copied as it
/// stands, not migrated first, so that a copy taken before an upgrade keeps
/// the schema the old version runs and a running bot's database is left as
/// it knows it; and no database is made where there is none, so that a
/// wrong folder is said rather than an empty copy made. The connection only
/// reads, but is opened for writing: a read-only one would leave the WAL and
/// shared-memory files behind when it is the last to close.
pub async fn copy(url: &str, into: &Path) -> Result<(), BackupError> {
    let options = super::url_options(url)?
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(5));
    let source = options.get_filename();
    if !source.is_file() {
        return Err(BackupError::NoDatabase {
            path: source.display().to_string(),
        });
    }
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(StoreError::from)?;
    let copied = super::vacuum_into(&mut conn, into).await;
    conn.close().await.map_err(StoreError::from)?;
    Ok(copied?)
}

/// Reads `path` without writing a byte to it (nor a WAL beside it), and
/// checks that it is whole and of a schema no newer than this build's.
pub async fn check(path: &Path) -> Result<Checked, BackupError> {
    let name = path.display().to_string();
    let not_hailong = |reason: String| BackupError::NotHailong {
        path: name.clone(),
        reason,
    };
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| not_hailong(e.to_string()))?;
    let report: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| not_hailong(e.to_string()))?;
    if report != ["ok"] {
        return Err(BackupError::Damaged {
            path: name,
            problems: report.join("; "),
        });
    }
    let schema = super::applied_schema(&mut conn)
        .await
        .map_err(|e| not_hailong(e.to_string()))?;
    conn.close().await.map_err(StoreError::from)?;
    let schema = schema.ok_or_else(|| not_hailong("no migration was applied to it".into()))?;
    if let Some(known) = super::known_if_newer(schema) {
        return Err(BackupError::Newer {
            path: name,
            found: schema,
            known,
        });
    }
    Ok(Checked { schema })
}
