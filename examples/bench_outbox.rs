//! The outbox when every chat is owed two messages in a row (a status
//! notification, then the survey invitation), through the Bot API emulator
//! enforcing Telegram's limits (30 messages a second, one a second per chat).
//!
//! Baseline: the outbox with one message in flight, which is how it used to
//! send (one chat at a time, so each chat's second message held everyone up
//! for a second). Against it: the default window, one queue per chat. Both are
//! the real workers of a built `App`, ticked to the end.
//!
//! cargo run --release --example bench_outbox [--small] [CHATS]

use std::time::Instant;

use bot_api_emulator::{Emulator, RateLimits};
use hailong::cli::import::{What, load};
use hailong::configuration::{OutboxSettings, Settings};
use hailong::domain::Status;
use hailong::ingest::feed::notify_followers;
use hailong::jobs::Progress;
use hailong::startup::App;
use hailong::store::outbox::count_in_state;
use secrecy::SecretString;

#[path = "support/catalog.rs"]
mod catalog;
#[path = "support/scale.rs"]
mod scale;

use catalog::store_with_catalog;
use scale::Scale;

const FIRST_CHAT: i64 = 1_000_000;

struct Run {
    messages: usize,
    seconds: f64,
}

impl Run {
    fn rate(&self) -> f64 {
        self.messages as f64 / self.seconds
    }
}

/// `chats` citizens each following their own dossier, all returned at once;
/// drained with `in_flight` messages under way.
async fn run(chats: i64, in_flight: usize) -> anyhow::Result<Run> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("hailong.db").display());
    let store = store_with_catalog(&url).await?;
    let mut csv = String::from(
        "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n",
    );
    for n in 0..chats {
        csv.push_str(&format!(
            "000.00.32.H12-261101-{n:04},1.001193,000.00.32.H12,4,2026-11-01,2026-11-05,,direct,32047\n"
        ));
    }
    load(&store, What::Dossiers, "dossiers.csv", csv.as_bytes()).await?;
    let mut tx = store.begin_write().await?;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM dossiers ORDER BY id")
        .fetch_all(&mut *tx)
        .await?;
    for (n, id) in ids.iter().enumerate() {
        let chat = FIRST_CHAT + n as i64;
        sqlx::query(
            "INSERT INTO citizens (user_id, client_language, first_seen, last_seen)
             VALUES (?1, 'vi', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')",
        )
        .bind(chat)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO follows (user_id, dossier_id, created_at) VALUES (?, ?, '2026-11-01T00:00:00.000Z')")
            .bind(chat)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    // Each chat's two messages are queued one after the other, as an import
    // of returned dossiers queues them.
    for id in &ids {
        notify_followers(&mut tx, *id, Status::Returned, chrono::Utc::now()).await?;
    }
    tx.commit().await?;

    let fake = Emulator::start().await?;
    fake.enforce_limits(RateLimits::default());
    let mut settings = Settings::default();
    settings.database.url = url;
    settings.http.addr = ([127, 0, 0, 1], 0).into();
    settings.telegram.token = Some(SecretString::from("0:bench"));
    settings.telegram.api_url = Some(fake.url().parse()?);
    settings.outbox = OutboxSettings {
        in_flight,
        ..OutboxSettings::default()
    };
    let app = App::build(settings).await?;
    let workers = app.workers();
    let started = Instant::now();
    loop {
        match workers.outbox.tick().await? {
            Progress::Idle => break,
            Progress::Worked(_) => {}
            Progress::WaitUntil(at) => tokio::time::sleep_until(at).await,
        }
    }
    let seconds = started.elapsed().as_secs_f64();

    // It measured what it meant to: every message sent once, in order per
    // chat, none refused for going too fast.
    let sent = fake
        .calls()
        .into_iter()
        .filter(|c| c.method == "sendMessage" && c.succeeded())
        .collect::<Vec<_>>();
    let expected = 2 * usize::try_from(chats)?;
    anyhow::ensure!(
        sent.len() == expected,
        "{} sent, not {expected}",
        sent.len()
    );
    anyhow::ensure!(fake.answered_with(429) == 0, "429s: over the limits");
    let mut conn = store.read().await?;
    anyhow::ensure!(count_in_state(&mut conn, "sent").await? == expected as i64);
    for chat in FIRST_CHAT..FIRST_CHAT + chats {
        let texts: Vec<_> = sent
            .iter()
            .filter(|c| c.chat_id() == Some(chat))
            .map(|c| c.text().unwrap_or_default().to_owned())
            .collect();
        anyhow::ensure!(
            texts.len() == 2 && texts[0].contains("Đã trả kết quả"),
            "chat {chat}: {texts:?}"
        );
    }
    Ok(Run {
        messages: expected,
        seconds,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (scale, rest) = Scale::from_args()?;
    let chats: i64 = rest
        .first()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(scale.pick(20, 300));
    let baseline_chats = (chats / 10).max(5);
    let baseline = run(baseline_chats, 1).await?;
    let window = OutboxSettings::default().in_flight;
    let windowed = run(chats, window).await?;
    println!("| outbox | chats | messages | time | messages/s |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, chats, r) in [
        ("one in flight (baseline)", baseline_chats, &baseline),
        (
            &format!("{window} in flight, a queue per chat") as &str,
            chats,
            &windowed,
        ),
    ] {
        println!(
            "| {name} | {chats} | {} | {:.1} s | {:.1} |",
            r.messages,
            r.seconds,
            r.rate()
        );
    }
    println!(
        "\n{:.1}× the baseline's rate; Telegram's limit is 30/s",
        windowed.rate() / baseline.rate()
    );
    Ok(())
}
