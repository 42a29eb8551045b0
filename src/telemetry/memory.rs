//! How the process holds its memory.

/// Malloc arenas the process keeps at most, unless `MALLOC_ARENA_MAX` says.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENAS: i32 = 2;

/// Caps glibc's malloc arenas. glibc gives each thread that allocates while
/// another holds an arena an arena of its own, up to 8 per core, and an
/// arena's freed memory mostly stays in the process. Hailong's threads are
/// tokio's workers and one per SQLite connection, each allocating per
/// statement, so RSS grew with arenas rather than with work; two arenas cost
/// little contention on the few cores a province's server has. An operator's
/// `MALLOC_ARENA_MAX` is left to glibc.
pub fn fewer_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a parameter of the allocator, before
        // any thread but this one exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, ARENAS);
        }
    }
}
