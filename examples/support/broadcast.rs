//! What the broadcast benchmarks share: a database of citizens, `hailong run`
//! as a child process, a notice queued with `hailong broadcast`, and waiting
//! for it to finish.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use bot_api_emulator::Emulator;
use hailong::store::Store;
use hailong::store::broadcasts;

/// The first citizen's user id; the others follow.
const FIRST_CITIZEN: i64 = 1_000_000;

/// A database with `n` citizens who all hear broadcasts.
pub async fn database_with_citizens(dir: &Path, n: i64) -> anyhow::Result<String> {
    let url = format!("sqlite://{}", dir.join("hailong.db").display());
    let store = Store::open(&url).await?;
    let mut tx = store.begin_write().await?;
    for id in FIRST_CITIZEN..FIRST_CITIZEN + n {
        sqlx::query(
            "INSERT INTO citizens (user_id, client_language, first_seen, last_seen)
             VALUES (?, 'vi', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    store.close().await;
    Ok(url)
}

/// `hailong run` in a child process, killed (SIGKILL) when dropped, so that a
/// failed run leaves no bot behind.
pub struct Bot(Child);

impl Bot {
    /// `hailong run` on `url` against `fake`, with `settings` as
    /// `HAILONG_…` variables on top of the benchmarks' own.
    pub fn spawn(
        binary: &Path,
        url: &str,
        fake: &Emulator,
        settings: &[(&str, &str)],
    ) -> anyhow::Result<Self> {
        Command::new(binary)
            .arg("run")
            .env("TELOXIDE_TOKEN", "0:bench")
            .env("TELOXIDE_API_URL", fake.url())
            .env("HAILONG_DATABASE_URL", url)
            .env("HAILONG_HTTP_ADDR", "127.0.0.1:0")
            .env("HAILONG_TELEGRAM_POLL_TIMEOUT_SECS", "1")
            .envs(settings.iter().copied())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .map(Bot)
            .context("starting hailong run")
    }

    pub fn kill(&mut self) -> anyhow::Result<()> {
        self.0.kill()?;
        self.0.wait()?;
        Ok(())
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Queues `html` to everyone with `hailong broadcast`, as an operator would;
/// returns what the command printed (its preview).
pub fn queue_broadcast(
    binary: &Path,
    dir: &Path,
    url: &str,
    html: &str,
    settings: &[(&str, &str)],
) -> anyhow::Result<String> {
    let text = dir.join("notice.html");
    std::fs::write(&text, html)?;
    let out = Command::new(binary)
        .args(["broadcast", "--audience", "all", "--yes", "--text-file"])
        .arg(&text)
        .env("HAILONG_DATABASE_URL", url)
        .envs(settings.iter().copied())
        .output()?;
    if !out.status.success() {
        bail!(
            "hailong broadcast: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The first broadcast's summary once it is finished; an error if it is not
/// within `limit`, so that a stuck run fails instead of hanging.
pub async fn finished(url: &str, limit: Duration) -> anyhow::Result<broadcasts::Summary> {
    let store = Store::open(url).await?;
    let started = Instant::now();
    loop {
        let summary = broadcasts::summary(&mut *store.read().await?, 1)
            .await?
            .context("the broadcast exists")?;
        if summary.state == "finished" {
            return Ok(summary);
        }
        if started.elapsed() > limit {
            bail!(
                "benchmark check failed: the broadcast is still {}",
                summary.state
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
