//! What `hailong restore` checks of a backup before it puts it in place.

use std::path::Path;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};

use super::{MIGRATOR, StoreError};

/// A backup file found whole and of a schema this build can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    /// The newest migration applied to it.
    pub schema: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
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

/// The newest migration this build carries.
pub fn newest_known() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
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
    let schema: Option<i64> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut conn)
            .await
            .map_err(|_| not_hailong("it has no migration history".into()))?;
    conn.close().await.map_err(StoreError::from)?;
    let schema = schema.ok_or_else(|| not_hailong("no migration was applied to it".into()))?;
    let known = newest_known();
    if schema > known {
        return Err(BackupError::Newer {
            path: name,
            found: schema,
            known,
        });
    }
    Ok(Checked { schema })
}
