//! Which CPUs the serving process runs on, and which threads run its work.

use serde::{Deserialize, Serialize};

/// Where `hailong run` keeps its threads (`[process] cpus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cpus {
    /// All of them on one CPU, the last of those the process may use. An
    /// update's writes run on the thread of the task that answers it
    /// (vendor/README.md), but some work still goes between threads: a read
    /// on a reading connection is a round trip to that connection's thread,
    /// and a write that must wait for another process's lock waits on the
    /// writer's. Between threads on different CPUs each hand-off wakes an
    /// idle CPU, which takes longer than most statements; on one CPU it is a
    /// switch between threads. One CPU answers far more updates a second than
    /// Telegram delivers (`BENCHMARKS.md`), and the one writer serialises
    /// them anyway.
    #[default]
    One,
    /// Wherever the kernel puts them.
    All,
}

impl Cpus {
    /// The runtime that runs the tasks. On one CPU, one thread: tasks that
    /// hand work to each other (the poll to the handler, the handler to its
    /// HTTP request) then do so in a queue, where a worker thread each would
    /// take a switch between threads for every hand-off and gain nothing, as
    /// no two can run at once: a sixth less CPU per look-up, a quarter less
    /// per rating flow (`BENCHMARKS.md`). Work that holds the CPU for long
    /// runs [`apart`].
    pub fn runtime(self) -> tokio::runtime::Builder {
        match self {
            Self::One => tokio::runtime::Builder::new_current_thread(),
            Self::All => tokio::runtime::Builder::new_multi_thread(),
        }
    }
}

/// Runs `work`, which holds the CPU for a while (a workbook of thousands of
/// rows, a chart), on tokio's pool of blocking threads, so that the tasks
/// answering everyone else go on meanwhile: with [`Cpus::One`] they share
/// one thread, and the kernel shares the CPU between the two threads. A
/// panic in `work` is the caller's again.
pub async fn apart<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(done) => done,
        Err(error) => match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            // Cancelled only as the runtime shuts down, which ends the
            // caller's task too: it never resumes.
            Err(_) => std::future::pending().await,
        },
    }
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

#[cfg(test)]
mod tests {
    use std::panic::AssertUnwindSafe;

    use futures::FutureExt;

    use super::*;

    #[tokio::test]
    async fn work_apart_runs_off_the_runtimes_thread_and_its_panic_is_the_callers() {
        let caller = std::thread::current().id();
        let worker = apart(|| std::thread::current().id()).await;
        assert_ne!(worker, caller);

        let panicked = AssertUnwindSafe(apart(|| -> u8 { panic!("a bad chart") }))
            .catch_unwind()
            .await;
        let message = panicked.expect_err("the panic comes back");
        assert_eq!(message.downcast_ref::<&str>(), Some(&"a bad chart"));
    }
}
