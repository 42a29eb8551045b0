//! Which CPUs the serving process runs on.

use serde::{Deserialize, Serialize};

/// Where `hailong run` keeps its threads (`[process] cpus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cpus {
    /// All of them on one CPU, the last of those the process may use. An
    /// update's work is a chain of hand-offs between threads: the task that
    /// answers it and the SQLite connection's thread, a round trip for each
    /// statement. Between threads on different CPUs each hand-off wakes an
    /// idle CPU, which takes longer than most statements; on one CPU it is a
    /// switch between threads. One CPU answers far more updates a second than
    /// Telegram delivers (`BENCHMARKS.md`), and the one writer serialises
    /// them anyway.
    #[default]
    One,
    /// Wherever the kernel puts them.
    All,
}

/// Moves every thread of the process onto one CPU it may use, the last (the
/// first tends to take more of the machine's interrupts); a thread started
/// later inherits the CPU of the thread that starts it. To be called before
/// the process starts its work, so that no thread starts meanwhile. The CPU,
/// or None when the process may use only one anyway.
#[cfg(target_os = "linux")]
pub fn keep_on_one() -> std::io::Result<Option<usize>> {
    use nix::sched::{CpuSet, sched_getaffinity, sched_setaffinity};
    use nix::unistd::Pid;

    let allowed = sched_getaffinity(Pid::from_raw(0))?;
    let usable: Vec<usize> = (0..CpuSet::count())
        .filter(|&cpu| allowed.is_set(cpu).unwrap_or(false))
        .collect();
    let [_, .., last] = usable[..] else {
        return Ok(None);
    };
    let mut one = CpuSet::new();
    one.set(last)?;
    for task in std::fs::read_dir("/proc/self/task")? {
        let Some(thread) = task?.file_name().to_str().and_then(|id| id.parse().ok()) else {
            continue;
        };
        match sched_setaffinity(Pid::from_raw(thread), &one) {
            // The thread ended since it was listed.
            Ok(()) | Err(nix::errno::Errno::ESRCH) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(Some(last))
}

/// Elsewhere the kernel places the threads.
#[cfg(not(target_os = "linux"))]
pub fn keep_on_one() -> std::io::Result<Option<usize>> {
    Ok(None)
}
