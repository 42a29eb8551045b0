//! `hailong backup FILE` and `hailong restore FILE`.

use std::path::{Path, PathBuf};

use clap::Args;

use super::CliError;
use crate::configuration::Settings;
use crate::store::backup::{self, BackupError};
use crate::store::{StoreError, files};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new file to write the copy to; it must not exist
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file `hailong backup` wrote
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// A consistent copy, as of one moment, while `hailong run` goes on serving;
/// the database as it stands, not migrated (see [`backup::copy`]).
pub async fn backup(settings: &Settings, args: BackupArgs) -> Result<(), CliError> {
    backup::copy(&settings.database.url, &args.file).await?;
    println!(
        "backed up {} to {}",
        settings.database.url,
        args.file.display()
    );
    Ok(())
}

/// Puts a backup in the database's place once it is found whole and of a
/// schema this build can run (migrated on if older); refuses while another
/// process has the database open.
pub async fn restore(settings: &Settings, args: RestoreArgs) -> Result<(), CliError> {
    let checked = backup::check(&args.file).await?;
    let target = crate::store::database_path(&settings.database.url)?;
    let in_use = files::in_use(&target).map_err(|e| {
        CliError::Usage(format!(
            "cannot tell whether {} is in use: {e}",
            target.display()
        ))
    })?;
    if in_use {
        return Err(CliError::Usage(format!(
            "{} is in use (is `hailong run` running?): stop it, then restore",
            target.display()
        )));
    }
    put_in_place(&args.file, &target)
        .map_err(|e| CliError::Usage(format!("cannot restore into {}: {e}", target.display())))?;
    // Opened once here, so that an older backup is migrated on now.
    super::on_store(settings, async |_| Ok(())).await?;
    println!(
        "restored {} from {} (schema {}, now {})",
        target.display(),
        args.file.display(),
        checked.schema,
        crate::store::newest_known()
    );
    Ok(())
}

/// Copies `backup` beside `target` and renames it over it, so that a failure
/// half-way leaves the old database as it was; the old WAL goes with it.
fn put_in_place(backup: &Path, target: &Path) -> std::io::Result<()> {
    let mut staged = target.as_os_str().to_owned();
    staged.push(".restoring");
    let staged = PathBuf::from(staged);
    match std::fs::remove_file(&staged) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut out = files::create_private(&staged)?;
    std::io::copy(&mut std::fs::File::open(backup)?, &mut out)?;
    out.sync_all()?;
    let [_, wal, shm] = files::companions(target);
    for stale in [wal, shm] {
        match std::fs::remove_file(stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    std::fs::rename(&staged, target)
}

/// A file that cannot be written, or a backup refused, is the operator's to
/// fix (exit 2); the database failing is not.
impl From<BackupError> for CliError {
    fn from(error: BackupError) -> Self {
        match error {
            BackupError::Store(StoreError::Open { path, reason }) => {
                CliError::Usage(format!("cannot write {}: {reason}", path.display()))
            }
            BackupError::Store(store) => CliError::from(store),
            refused => CliError::Usage(refused.to_string()),
        }
    }
}
