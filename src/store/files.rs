//! The database's files on disk: private to the service's user, since they
//! hold the link secret, citizens' Telegram ids and their comments.

use std::fs::OpenOptions;
use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Read and write for the owner only.
pub const PRIVATE: u32 = 0o600;

/// The files SQLite keeps for the database at `path`: itself, its WAL and its shared memory.
pub fn companions(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [path.to_owned(), with("-wal"), with("-shm")]
}

/// Creates an empty file at `path` readable by its owner alone, whatever
/// the umask; fails if something is there already. SQLite gives the WAL
/// and shared-memory files the mode of the database file, so a database
/// started this way stays private.
pub fn create_private(path: &Path) -> io::Result<std::fs::File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(PRIVATE)
        .open(path)
}

/// Logs a warning for each of the database's files that others may read or
/// write: files made by an older version, or copied with a loose umask.
pub fn warn_loose_modes(path: &Path) {
    for file in companions(path) {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            tracing::warn!(
                file = %file.display(),
                mode = format!("{mode:o}"),
                "the database file is open to other users; `chmod 600` it"
            );
        }
    }
}

/// Whether a process holds the database at `path` open, as SQLite's own
/// locks say: every connection in WAL mode keeps a shared lock on one byte
/// of the `-shm` file (the "dead man switch") for as long as it is open.
/// Only asks (`F_GETLK`), takes nothing.
pub fn in_use(path: &Path) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    /// `UNIX_SHM_DMS` in SQLite's os_unix.c: (22 + 8) * 4 + 8.
    const DEAD_MAN_SWITCH: libc::off_t = 128;
    let [_, _, shm] = companions(path);
    let file = match OpenOptions::new().read(true).open(&shm) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    // SAFETY: `flock` is plain data, zeroed is a valid value, and fcntl
    // only writes into it; the descriptor lives as long as `file`.
    let mut query: libc::flock = unsafe { std::mem::zeroed() };
    query.l_type = libc::F_WRLCK as libc::c_short;
    query.l_whence = libc::SEEK_SET as libc::c_short;
    query.l_start = DEAD_MAN_SWITCH;
    query.l_len = 1;
    // SAFETY: as above.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut query) } == -1 {
        return Err(io::Error::last_os_error());
    }
    Ok(query.l_type != libc::F_UNLCK as libc::c_short)
}

/// Sets the process's umask so that every file it creates (the database,
/// backups, exports) is its user's alone. Called first thing in `main`.
pub fn private_umask() {
    // SAFETY: umask cannot fail and touches no memory.
    unsafe {
        libc::umask(0o077);
    }
}
