//! Hailong against the framework's floor. The real `hailong run`, a bare
//! teloxide echo bot (`examples/floor_echo.rs`) and the same echo writing each
//! update down in a SQLite transaction of its own (`FLOOR_DATABASE`: the floor
//! of a bot that keeps what it hears) run as child processes, each against
//! its own Bot API emulator in this process, and get the same updates from
//! many citizens in `getUpdates` batches:
//!
//! 1. CPU per update, from the child's utime + stime in /proc (for look-ups
//!    also the kernel's part, the stime): look-ups (a dossier code typed) and
//!    rating flows (`/rate CODE`, then a tap on the first button of each
//!    question), each pushed all at once, so that the bots work flat out;
//!    Hailong's pace is raised above the load
//!    (`HAILONG_TELEGRAM_MESSAGES_PER_SECOND`) so that the pacer hides nothing.
//!    Hailong runs as configured by default (its threads on one CPU); with
//!    `HAILONG_PROCESS_CPUS=all` in this program's environment, on any. Each
//!    figure is the median of three rounds, the bots' turns alternating.
//! 2. Latency at 20 look-ups a second to each bot, their turns interleaved so
//!    that the machine's other work meets all three alike: from the update
//!    being queued to the bot's `sendMessage` reaching the emulator; p50 and
//!    p99, of 1,200 look-ups each full size, so that p99 is not the 4th
//!    straggler of 400. And the CPU per look-up at that pace, which counts
//!    the long polls between look-ups: what a province's load costs, besides
//!    the flat-out cost of (1).
//! 3. RSS after N distinct citizens (100,000 full size).
//!
//! It checks that it measured the intended path: every look-up was answered
//! with its dossier's card, every rating flow ended in a counted response.
//!
//! cargo build --release --bin hailong --example floor_echo --example bench_floor
//! target/release/examples/bench_floor [--small]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use bot_api_emulator::{Call, ChatKind, Emulator, Incoming, Person};
use chrono::Utc;
use hailong::domain::Status;
use hailong::store::dossiers::DossierRecord;

#[path = "support/binary.rs"]
mod binary;
#[path = "support/catalog.rs"]
mod catalog;
#[path = "support/dossiers.rs"]
mod dossiers;
#[path = "support/scale.rs"]
mod scale;

use binary::hailong_binary;
use catalog::store_with_catalog;
use dossiers::{AGENCY, dossier, store_dossiers};
use scale::Scale;

/// Users are numbered from here: each phase takes citizens no bot has seen.
const FIRST_USER: i64 = 10_000_000;
/// Rounds of the flat-out phases, each bot's turns alternating.
const ROUNDS: usize = 3;
/// The pace of the latency phase.
const LOAD_PER_SECOND: u64 = 20;
/// Taps at most in one rating flow: the survey has fewer questions.
const MAX_TAPS: usize = 8;
const WAIT: Duration = Duration::from_secs(600);

fn code(kind: &str, n: usize) -> String {
    format!("{AGENCY}-{kind}-{n:06}")
}

/// `count` dossiers in processing to look up, and `count` returned ones to rate.
async fn database(dir: &Path, count: usize) -> anyhow::Result<String> {
    let url = format!("sqlite://{}", dir.join("hailong.db").display());
    let store = store_with_catalog(&url).await?;
    let received = Utc::now() - chrono::Duration::days(20);
    let mut records = Vec::new();
    for n in 0..count {
        records.push(dossier(&code("261101", n), Status::Processing, received)?);
        records.push(DossierRecord {
            returned_at: Some(received + chrono::Duration::days(5)),
            ..dossier(&code("261102", n), Status::Returned, received)?
        });
    }
    store_dossiers(&store, &records).await?;
    store.close().await;
    Ok(url)
}

/// One bot under test: its process and the emulator it talks to.
struct Subject {
    name: &'static str,
    child: Child,
    emulator: Emulator,
}

impl Subject {
    fn spawn(
        name: &'static str,
        program: &Path,
        args: &[&str],
        env: &[(&str, String)],
        emulator: Emulator,
    ) -> anyhow::Result<Self> {
        let child = Command::new(program)
            .args(args)
            .env("TELOXIDE_TOKEN", "0:bench")
            .env("TELOXIDE_API_URL", emulator.url())
            .env("RUST_LOG", "warn")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        Ok(Self {
            name,
            child,
            emulator,
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// CPU seconds the process has used, user and system.
    fn cpu(&self) -> anyhow::Result<f64> {
        let (user, system) = self.cpu_split()?;
        Ok(user + system)
    }

    /// CPU seconds the process has used: in user space, and in the kernel.
    fn cpu_split(&self) -> anyhow::Result<(f64, f64)> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid()))?;
        // Fields after the command's closing parenthesis start at field 3.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().collect())
            .unwrap_or_default();
        let ticks = |i: usize| -> anyhow::Result<f64> {
            Ok(fields
                .get(i)
                .context("a short /proc stat")?
                .parse::<f64>()?)
        };
        Ok((ticks(11)? / clock_ticks(), ticks(12)? / clock_ticks()))
    }

    fn rss_mib(&self) -> anyhow::Result<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))?;
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .context("no VmRSS")?
            .parse()?;
        Ok(kib / 1024.0)
    }

    /// The messages sent to `chat` from call number `from` on.
    fn sent_to(calls: &[Call], chat: i64) -> impl Iterator<Item = &Call> {
        calls.iter().filter(move |c| {
            c.method == "sendMessage" && c.succeeded() && c.chat_id() == Some(chat)
        })
    }

    /// Waits until every chat in `chats` got at least one message from call
    /// number `from` on; returns those calls.
    async fn wait_for_replies(&self, from: usize, chats: &[i64]) -> anyhow::Result<Vec<Call>> {
        let deadline = Instant::now() + WAIT;
        loop {
            let calls = self.emulator.calls_from(from);
            let answered = chats
                .iter()
                .filter(|chat| Self::sent_to(&calls, **chat).next().is_some())
                .count();
            if answered == chats.len() {
                return Ok(calls);
            }
            if Instant::now() > deadline {
                bail!(
                    "{}: {answered} of {} chats answered",
                    self.name,
                    chats.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Subject {
    /// Waits until `count` taps from call number `from` on were answered,
    /// and the messages they edit have reached the emulator.
    async fn wait_for_answers(&self, from: usize, count: usize) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let answered = self
                .emulator
                .calls_from(from)
                .iter()
                .filter(|c| c.method == "answerCallbackQuery")
                .count();
            if answered >= count && self.emulator.wait_until_confirmed(WAIT).await {
                // A tap's edit leaves beside its answer; give it a moment.
                tokio::time::sleep(Duration::from_millis(200)).await;
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("{}: {answered} of {count} taps answered", self.name);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Subject {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(100.0)
}

fn text(chat: i64, text: &str) -> (Person, Incoming) {
    (
        Person::new(chat, Some("vi")),
        Incoming::Text {
            chat: ChatKind::Private,
            text: text.to_owned(),
        },
    )
}

/// Look-ups by `users`, all pushed at once: CPU seconds per update, and of
/// those the kernel's.
async fn lookups(bot: &Subject, users: &[i64], codes: &[String]) -> anyhow::Result<(f64, f64)> {
    let from = bot.emulator.call_count();
    let (user, system) = bot.cpu_split()?;
    for (user, code) in users.iter().zip(codes) {
        let (person, incoming) = text(*user, code);
        bot.emulator.push(&person, incoming);
    }
    let calls = bot.wait_for_replies(from, users).await?;
    let (user_after, system_after) = bot.cpu_split()?;
    let system = system_after - system;
    let spent = user_after - user + system;
    if bot.name == "hailong" {
        for (user, code) in users.iter().zip(codes) {
            let card = Subject::sent_to(&calls, *user)
                .find_map(Call::text)
                .unwrap_or_default();
            ensure!(
                card.contains(code),
                "the look-up of {code} got no card: {card}"
            );
        }
    }
    let per_update = |n: f64| n / users.len() as f64;
    Ok((per_update(spent), per_update(system)))
}

/// What a round of rating flows cost, per flow.
struct Flows {
    cpu: f64,
    updates: f64,
    /// Bot API calls made, `getUpdates` aside.
    calls: f64,
}

/// Rating flows by `users`, step by step, all citizens at each step.
async fn rating_flows(bot: &Subject, users: &[i64], codes: &[String]) -> anyhow::Result<Flows> {
    let cpu = bot.cpu()?;
    let calls = bot.emulator.call_count();
    let mut updates = 0_usize;
    let mut active: Vec<i64> = users.to_vec();
    let mut from = bot.emulator.call_count();
    for (user, code) in users.iter().zip(codes) {
        let (person, incoming) = text(*user, &format!("/rate {code}"));
        bot.emulator.push(&person, incoming);
        updates += 1;
    }
    let mut pressed = 0;
    for _ in 0..MAX_TAPS {
        if pressed == 0 {
            bot.wait_for_replies(from, &active).await?;
        } else {
            bot.wait_for_answers(from, pressed).await?;
        }
        from = bot.emulator.call_count();
        // Each citizen taps the first button of their latest keyboard; the
        // echo bot's has its one button, which it answers without a message.
        let mut next = Vec::new();
        for user in &active {
            let Some((message_id, buttons)) = bot.emulator.last_keyboard(*user) else {
                continue;
            };
            let Some(data) = buttons
                .first()
                .and_then(|row| row.first())
                .and_then(|b| b.data.clone())
            else {
                continue;
            };
            bot.emulator.push(
                &Person::new(*user, Some("vi")),
                Incoming::Press { message_id, data },
            );
            updates += 1;
            next.push(*user);
        }
        pressed = next.len();
        active = next;
        if active.is_empty() || bot.name != "hailong" {
            break;
        }
    }
    ensure!(
        bot.emulator.wait_until_confirmed(WAIT).await,
        "{}: updates left unconfirmed",
        bot.name
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let per_flow = |n: f64| n / users.len() as f64;
    Ok(Flows {
        cpu: per_flow(bot.cpu()? - cpu),
        updates: per_flow(updates as f64),
        calls: per_flow((bot.emulator.call_count() - calls) as f64),
    })
}

/// What the look-ups at `LOAD_PER_SECOND` cost: latency and CPU.
struct Paced {
    p50_ms: f64,
    p99_ms: f64,
    /// CPU seconds per look-up, the polls between them included.
    cpu: f64,
}

/// Look-ups at `LOAD_PER_SECOND` to each bot, one per user. The bots take
/// turns within each interval (the first at its start, the next a third of
/// it later…), so that whatever else the machine does meanwhile meets each
/// bot alike, and a ratio of their latencies compares like with like.
async fn latency(bots: &[&Subject], users: &[i64], codes: &[String]) -> anyhow::Result<Vec<Paced>> {
    let from: Vec<usize> = bots.iter().map(|bot| bot.emulator.call_count()).collect();
    let cpu = bots
        .iter()
        .map(|bot| bot.cpu())
        .collect::<anyhow::Result<Vec<f64>>>()?;
    let every = Duration::from_millis(1000 / LOAD_PER_SECOND);
    let turn = every / bots.len() as u32;
    let mut pushed = vec![Vec::new(); bots.len()];
    let start = Instant::now();
    for (i, (user, code)) in users.iter().zip(codes).enumerate() {
        for (b, bot) in bots.iter().enumerate() {
            tokio::time::sleep_until((start + every * i as u32 + turn * b as u32).into()).await;
            let (person, incoming) = text(*user, code);
            pushed[b].push((*user, Instant::now()));
            bot.emulator.push(&person, incoming);
        }
    }
    let mut paced = Vec::new();
    for (b, bot) in bots.iter().enumerate() {
        let calls = bot.wait_for_replies(from[b], users).await?;
        let cpu = (bot.cpu()? - cpu[b]) / users.len() as f64;
        let mut millis: Vec<f64> = pushed[b]
            .iter()
            .filter_map(|(user, at)| {
                Subject::sent_to(&calls, *user)
                    .next()
                    .map(|c| c.at.duration_since(*at).as_secs_f64() * 1000.0)
            })
            .collect();
        millis.sort_by(f64::total_cmp);
        let pick = |q: f64| millis[((millis.len() - 1) as f64 * q).round() as usize];
        paced.push(Paced {
            p50_ms: pick(0.5),
            p99_ms: pick(0.99),
            cpu,
        });
    }
    Ok(paced)
}

/// One look-up each from `users` in chunks, then the bot's RSS in MiB.
async fn rss_after(
    bot: &Subject,
    users: std::ops::Range<i64>,
    codes: &[String],
) -> anyhow::Result<f64> {
    let users: Vec<i64> = users.collect();
    for chunk in users.chunks(1_000) {
        let from = bot.emulator.call_count();
        for (i, user) in chunk.iter().enumerate() {
            let (person, incoming) = text(*user, &codes[i % codes.len()]);
            bot.emulator.push(&person, incoming);
        }
        bot.wait_for_replies(from, chunk).await?;
        bot.emulator.forget_calls();
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    bot.rss_mib()
}

/// Updates the kept echo wrote down, read while it runs.
async fn kept_updates(path: &Path) -> anyhow::Result<i64> {
    let url = format!("sqlite://{}", path.display());
    let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url).await?;
    Ok(sqlx::query_scalar("SELECT count(*) FROM heard")
        .fetch_one(&mut conn)
        .await?)
}

/// Responses the index counts, read while the bot runs.
async fn counted_responses(url: &str) -> anyhow::Result<i64> {
    let store = hailong::store::Store::open(url).await?;
    let counted = sqlx::query_scalar(
        "SELECT count(*) FROM responses WHERE superseded_by IS NULL AND held = 0",
    )
    .fetch_one(&mut *store.read().await?)
    .await?;
    store.close().await;
    Ok(counted)
}

fn median(mut of: Vec<f64>) -> f64 {
    of.sort_by(f64::total_cmp);
    of.get(of.len() / 2).copied().unwrap_or(f64::NAN)
}

fn users(from: i64, count: usize) -> Vec<i64> {
    (from..from + count as i64).collect()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, _) = Scale::from_args()?;
    let count = scale.pick(200, 10_000);
    let flows = scale.pick(50, 2_000);
    let load = scale.pick(60, 1_200);
    let citizens = scale.pick(2_000, 100_000);
    ensure!(
        flows * ROUNDS <= count,
        "each round's rating flows need returned dossiers of their own"
    );
    let dir = tempfile::tempdir()?;
    let url = database(dir.path(), count).await?;
    let processing: Vec<String> = (0..count).map(|n| code("261101", n)).collect();
    let returned: Vec<String> = (0..count).map(|n| code("261102", n)).collect();

    let echo_binary: PathBuf = hailong_binary()?
        .parent()
        .context("no profile folder")?
        .join("examples/floor_echo");
    ensure!(
        echo_binary.exists(),
        "{} is missing: build the example floor_echo",
        echo_binary.display()
    );
    let hailong = Subject::spawn(
        "hailong",
        &hailong_binary()?,
        &["run"],
        &[
            ("HAILONG_DATABASE_URL", url.clone()),
            ("HAILONG_HTTP_ADDR", "127.0.0.1:0".into()),
            ("HAILONG_TELEGRAM_MESSAGES_PER_SECOND", "100000".into()),
            ("HAILONG_LOOKUPS_PER_MINUTE", "1000".into()),
        ],
        Emulator::start().await?,
    )?;
    let echo = Subject::spawn("echo", &echo_binary, &[], &[], Emulator::start().await?)?;
    let kept_db = dir.path().join("floor.db");
    let kept = Subject::spawn(
        "kept echo",
        &echo_binary,
        &[],
        &[("FLOOR_DATABASE", kept_db.display().to_string())],
        Emulator::start().await?,
    )?;
    for bot in [&hailong, &echo, &kept] {
        ensure!(
            bot.emulator.wait_for_calls(1, WAIT).await,
            "{} never called the Bot API",
            bot.name
        );
    }
    eprintln!("the bots poll; warming up");
    // Warm up: the first updates pay for start-up work.
    let mut next = FIRST_USER;
    for bot in [&hailong, &echo, &kept] {
        lookups(bot, &users(next, 20), &processing).await?;
    }
    next += 20;

    // Each bot's turns alternate, round after round, and each figure is the
    // median of its rounds: a moment when the machine is busier costs each
    // bot one round, not its whole figure.
    eprintln!("look-ups");
    let mut rows = Vec::new();
    let mut spent = [Vec::new(), Vec::new(), Vec::new()];
    let mut in_kernel = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..ROUNDS {
        let round_users = users(next, count);
        next += count as i64;
        for (i, bot) in [&hailong, &echo, &kept].into_iter().enumerate() {
            let (cpu, system) = lookups(bot, &round_users, &processing).await?;
            spent[i].push(cpu);
            in_kernel[i].push(system);
        }
    }
    let [h, e, k] = spent.map(median);
    rows.push((
        "CPU per look-up (ms)",
        h * 1000.0,
        e * 1000.0,
        Some(k * 1000.0),
    ));
    let [h, e, k] = in_kernel.map(median);
    rows.push((
        "of which in the kernel (ms)",
        h * 1000.0,
        e * 1000.0,
        Some(k * 1000.0),
    ));
    let heard = kept_updates(&kept_db).await?;
    ensure!(
        heard >= (count * ROUNDS) as i64,
        "the kept echo wrote down {heard} of {} look-ups",
        count * ROUNDS
    );

    eprintln!("rating flows");
    let mut spent = [Vec::new(), Vec::new(), Vec::new()];
    let mut called = [0.0; 3];
    let mut h_updates = 0.0;
    for (round, codes) in returned.chunks_exact(flows).take(ROUNDS).enumerate() {
        let round_users = users(next, flows);
        next += flows as i64;
        for (i, bot) in [&hailong, &echo, &kept].into_iter().enumerate() {
            let flow = rating_flows(bot, &round_users, codes).await?;
            spent[i].push(flow.cpu);
            called[i] = flow.calls;
            if i == 0 {
                // The same number of updates in every round: the survey is the same.
                ensure!(
                    round == 0 || flow.updates == h_updates,
                    "a rating flow of {} updates, after {h_updates}",
                    flow.updates
                );
                h_updates = flow.updates;
            }
        }
    }
    // The echo bots' flow is one text and one tap; Hailong's has more
    // updates, so the floor is scaled to the same number of updates.
    let scaled = |n: f64| n / 2.0 * h_updates;
    let [h, e, k] = spent.map(median);
    rows.push((
        "CPU per rating flow (ms)",
        h * 1000.0,
        scaled(e) * 1000.0,
        Some(scaled(k) * 1000.0),
    ));
    // A tap Hailong answers is two calls (the answer to the tap and the
    // next question in the tapped message's place), where the echo's is
    // one; per call, the work behind each is compared.
    let [hc, ec, kc] = called;
    rows.push((
        "Bot API calls per rating flow",
        hc,
        scaled(ec),
        Some(scaled(kc)),
    ));
    rows.push((
        "CPU per Bot API call in the rating flows (ms)",
        h / hc * 1000.0,
        e / ec * 1000.0,
        Some(k / kc * 1000.0),
    ));
    let counted = counted_responses(&url).await?;
    ensure!(
        counted >= (flows * ROUNDS) as i64,
        "only {counted} of {} rating flows were counted",
        flows * ROUNDS
    );

    eprintln!("latency at {LOAD_PER_SECOND}/s");
    let load_users = users(next, load);
    next += load as i64;
    let [h, e, k]: [Paced; 3] = latency(&[&hailong, &echo, &kept], &load_users, &processing)
        .await?
        .try_into()
        .map_err(|_| anyhow::anyhow!("a latency for each bot"))?;
    rows.push((
        "p50 latency at 20/s (ms)",
        h.p50_ms,
        e.p50_ms,
        Some(k.p50_ms),
    ));
    rows.push((
        "p99 latency at 20/s (ms)",
        h.p99_ms,
        e.p99_ms,
        Some(k.p99_ms),
    ));
    rows.push((
        "CPU per look-up at 20/s (ms)",
        h.cpu * 1000.0,
        e.cpu * 1000.0,
        Some(k.cpu * 1000.0),
    ));

    eprintln!("memory after {citizens} citizens");
    let seen = next - FIRST_USER;
    let more = next..FIRST_USER + (citizens as i64).max(seen);
    let h = rss_after(&hailong, more.clone(), &processing).await?;
    let e = rss_after(&echo, more, &processing).await?;
    // The kept echo's memory is the echo's: it is not measured again.
    rows.push((
        Box::leak(format!("RSS after {citizens} citizens (MiB)").into_boxed_str()),
        h,
        e,
        None,
    ));

    println!(
        "| | Hailong | echo bot | ratio | echo that keeps each update | ratio |\n|---|---|---|---|---|---|"
    );
    for (what, h, e, k) in rows {
        let kept = k.map_or_else(|| "– | –".to_owned(), |k| format!("{k:.2} | {:.2}×", h / k));
        println!("| {what} | {h:.2} | {e:.2} | {:.2}× | {kept} |", h / e);
    }
    println!(
        "(medians of {ROUNDS} rounds of {flows} rating flows of {h_updates:.1} updates each and of {count} look-ups; {load} at 20/s)"
    );
    Ok(())
}
