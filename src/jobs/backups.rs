//! Backups on a schedule (`[backup] every_hours`): a consistent copy of the
//! database ([`Store::backup_into`]) into a folder of its own, the newest
//! `keep` copies kept. When the last copy was made is read from the copies'
//! names, so a restart neither repeats a backup nor forgets one is due.

use std::num::NonZeroU32;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::store::{Store, StoreError};

const PREFIX: &str = "hailong-";
const SUFFIX: &str = ".db";
/// UTC, so that names sort as times do and a clock change cannot reorder them.
const STAMP: &str = "%Y%m%dT%H%M%SZ";

#[derive(Debug, Clone)]
pub struct BackupSchedule {
    pub folder: PathBuf,
    pub every: chrono::Duration,
    pub keep: NonZeroU32,
}

impl BackupSchedule {
    /// Makes a copy if none is `every` old yet, then lets go of all but the
    /// newest `keep`; the new copy's path, if one was made.
    pub async fn run_due(
        &self,
        store: &Store,
        now: DateTime<Utc>,
    ) -> Result<Option<PathBuf>, StoreError> {
        let failed = |path: &Path, error: std::io::Error| StoreError::Open {
            path: path.to_owned(),
            reason: error.to_string(),
        };
        std::fs::create_dir_all(&self.folder).map_err(|e| failed(&self.folder, e))?;
        // The copies hold what the database holds: the owner's alone.
        std::fs::set_permissions(&self.folder, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| failed(&self.folder, e))?;
        let mut copies = self.copies().map_err(|e| failed(&self.folder, e))?;
        if copies
            .last()
            .is_some_and(|(made, _)| now - *made < self.every)
        {
            return Ok(None);
        }
        let path = self
            .folder
            .join(format!("{PREFIX}{}{SUFFIX}", now.format(STAMP)));
        store.backup_into(&path).await?;
        copies.push((now, path.clone()));
        let excess = copies.len().saturating_sub(self.keep.get() as usize);
        for (_, old) in copies.drain(..excess) {
            std::fs::remove_file(&old).map_err(|e| failed(&old, e))?;
        }
        Ok(Some(path))
    }

    /// When the newest copy in the folder was made; None when there is none,
    /// or the folder cannot be read.
    pub fn newest(&self) -> Option<DateTime<Utc>> {
        self.copies().ok()?.last().map(|(made, _)| *made)
    }

    /// The copies in the folder, oldest first; other files are not ours.
    fn copies(&self) -> std::io::Result<Vec<(DateTime<Utc>, PathBuf)>> {
        let mut copies = Vec::new();
        for entry in std::fs::read_dir(&self.folder)? {
            let path = entry?.path();
            let made = path.file_name().and_then(|n| n.to_str()).and_then(made_at);
            if let Some(made) = made {
                copies.push((made, path));
            }
        }
        copies.sort();
        Ok(copies)
    }
}

/// When a copy named by [`BackupSchedule::run_due`] was made.
fn made_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_names_are_read_as_copies() {
        let made = made_at("hailong-20261126T134500Z.db").expect("a copy's name");
        assert_eq!(made.to_rfc3339(), "2026-11-26T13:45:00+00:00");
        for other in [
            "hailong.db",
            "hailong-20261126T134500Z.db-wal",
            "hailong-2026-11-26.db",
            "notes-20261126T134500Z.db",
        ] {
            assert_eq!(made_at(other), None, "{other}");
        }
    }
}
