//! `hailong console`: the real dispatcher, handlers and database, driven through
//! the in-process Bot API emulator, one line of standard input per message.

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Context as _;
use bot_api_emulator::{Call, ChatKind, Emulator, Incoming, Person};
use clap::Args;
use secrecy::SecretString;
use tokio::io::{AsyncBufReadExt, BufReader};

use super::CliError;
use super::args::parse_language;
use super::import::{What, load_for};
use crate::configuration::Settings;
use crate::domain::Language;
use crate::domain::Status;
use crate::ingest::staged::Followers;
use crate::jobs::inbox;
use crate::startup::App;
use crate::startup::link_signer;
use crate::store::{Store, dossiers, outbox, updates};
use crate::telegram;

const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Args)]
pub struct ConsoleArgs {
    /// The Telegram user id to talk as
    #[arg(long, default_value_t = 100_001, value_parser = clap::value_parser!(i64).range(1..))]
    user: i64,
    /// Your Telegram app's language: vi, en or km
    #[arg(long, default_value = "vi", value_parser = parse_language)]
    lang: Language,
    /// Start on the demo data set (examples/data), in hailong-demo.db
    #[arg(long)]
    demo: bool,
}

const DEMO_DATABASE: &str = "sqlite://hailong-demo.db";
const DEMO_FILES: [(What, &str, &str); 3] = [
    (
        What::Agencies,
        "agencies.csv",
        include_str!("../../examples/data/agencies.csv"),
    ),
    (
        What::Procedures,
        "procedures.csv",
        include_str!("../../examples/data/procedures.csv"),
    ),
    (
        What::Dossiers,
        "dossiers.csv",
        include_str!("../../examples/data/dossiers.csv"),
    ),
];

/// Loads the demo data and shows a few codes worth trying.
async fn load_demo(settings: &Settings) -> Result<(), CliError> {
    let store = Store::open(&settings.database.url)
        .await?
        .with_deadlines(settings.deadlines())
        .await?;
    // Invented data, loaded again at every start: whoever follows a demo
    // dossier hears only of what happens in the session, never of the load.
    for (what, name, text) in DEMO_FILES {
        load_for(&store, what, name, text.as_bytes(), Followers::Leave).await?;
    }
    let signer = link_signer(settings, &store).await?;
    eprintln!(
        "Demo data (invented, not real records) in {}. Codes to try:",
        settings.database.url
    );
    {
        let mut conn = store.read().await?;
        for status in [Status::Processing, Status::ResultReady, Status::Returned] {
            if let Some(code) = dossiers::example_code(&mut conn, status).await? {
                eprintln!("  {code}");
            }
        }
        if let Some(code) = dossiers::example_code(&mut conn, Status::SupplementRequested).await?
            && let Ok(payload) = signer.payload(&code)
        {
            eprintln!("  /start {payload}   (what the receipt's QR code opens)");
        }
    }
    store.close().await;
    Ok(())
}

pub async fn console(mut settings: Settings, args: ConsoleArgs) -> Result<(), CliError> {
    if args.demo {
        settings.database.url = DEMO_DATABASE.into();
        load_demo(&settings).await?;
    }
    let store = Store::open(&settings.database.url).await?;
    // The database remembers the update ids it answered: number on from there.
    let last_update = updates::last_telegram_update(&mut *store.read().await?).await?;
    let emulator = Emulator::start_after(last_update).await?;
    settings.telegram.token = Some(SecretString::from("0:console"));
    settings.telegram.api_url = Some(emulator.url().parse().context("emulator URL")?);
    // The console serves no HTTP of its own; any free port keeps `run`'s wiring.
    settings.http.addr = ([127, 0, 0, 1], 0).into();
    // Whoever types here has opened the bot, so their menu is theirs at once.
    emulator.meet(args.user);
    let app = App::build(settings).await?;
    // Stopped as `run` is on SIGTERM once the input ends (Ctrl-D or Ctrl-C):
    // the database is then closed with its WAL checkpointed.
    let (end_of_input, ended) = tokio::sync::oneshot::channel::<()>();
    let bot = tokio::spawn(app.run_until(async {
        let _ = ended.await;
        Ok(())
    }));

    let person = Person::new(args.user, Some(args.lang.code()));
    let echo = !std::io::stdin().is_terminal();
    eprintln!(
        "Hailong console: you are Telegram user {} ({}). Type a message; #N presses button N; Ctrl-D quits.",
        args.user, args.lang
    );
    let mut shown = Shown::since_now(&emulator, person.id);
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    loop {
        let line = tokio::select! {
            line = lines.next_line() => line.context("reading standard input")?,
            _ = tokio::signal::ctrl_c() => None,
            // What the bot sends meanwhile (a dossier's new status from an
            // import, a survey's reminder) is shown as it comes, as
            // Telegram shows it.
            _ = emulator.wait_for_calls(shown.calls + 1, ANSWER_TIMEOUT) => {
                shown.show_new(&emulator);
                continue;
            }
        };
        let Some(line) = line else { break };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if echo {
            println!("you> {line}");
        }
        let incoming = match line.strip_prefix('#').map(str::parse::<usize>) {
            Some(Ok(n)) => match press(&emulator, person.id, n) {
                Some(incoming) => incoming,
                None => {
                    eprintln!("(there is no button #{n} on the latest keyboard)");
                    continue;
                }
            },
            _ => Incoming::Text {
                chat: ChatKind::Private,
                text: line.to_owned(),
            },
        };
        let update_id = emulator.push(&person, incoming);
        let key = telegram::update_key(update_id);
        if !inbox::wait_finished(&store, &key, ANSWER_TIMEOUT).await? {
            eprintln!("(no answer within {} s)", ANSWER_TIMEOUT.as_secs());
        }
        // What the answer queued for later (a case's card to its staff chat,
        // its answer to the citizen) leaves through the outbox once the
        // answer is committed, and is shown before the next line is read,
        // as a person would wait to see it: a script's next line finds the
        // card it means to press.
        if !outbox_emptied(&store).await? {
            eprintln!(
                "(notifications not sent within {} s)",
                ANSWER_TIMEOUT.as_secs()
            );
        }
        shown.show_new(&emulator);
    }
    let _ = end_of_input.send(());
    // The bot closes its own connections first; this store, closed last,
    // is then alone to checkpoint the WAL and remove it. Closed together,
    // each could find the other still reading and leave the WAL behind.
    let stopped = bot.await;
    store.close().await;
    match stopped {
        Ok(stopped) => stopped.map_err(CliError::Failed),
        Err(panicked) => Err(CliError::Failed(panicked.into())),
    }
}

/// Waits until no notification is leaving or may leave now; false when
/// [`ANSWER_TIMEOUT`] ran out first.
async fn outbox_emptied(store: &Store) -> Result<bool, CliError> {
    const EVERY: Duration = Duration::from_millis(20);
    let deadline = tokio::time::Instant::now() + ANSWER_TIMEOUT;
    loop {
        if outbox::leaving(&mut *store.read().await?, chrono::Utc::now()).await? == 0 {
            return Ok(true);
        }
        if tokio::time::Instant::now() >= deadline {
            return Ok(false);
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// How much of what the bot did has been shown to the person at the console.
struct Shown {
    me: i64,
    calls: usize,
    files: usize,
}

impl Shown {
    /// Nothing the bot did so far is shown: it was done before the person came.
    fn since_now(emulator: &Emulator, me: i64) -> Self {
        Self {
            me,
            calls: emulator.call_count(),
            files: emulator.uploads().len(),
        }
    }

    /// Shows what the bot did since the last time.
    fn show_new(&mut self, emulator: &Emulator) {
        let calls = emulator.calls_from(self.calls);
        for call in &calls {
            print_call(call, self.me);
        }
        self.calls += calls.len();
        // A file the bot sent (a chart, a workbook) is saved where the
        // person can open it.
        let files = emulator.uploads_from(self.files);
        for (name, bytes) in &files {
            // The name is the bot's own; kept to its last part all the same.
            let name = std::path::Path::new(name).file_name().map_or_else(
                || "hailong-file".into(),
                |n| n.to_string_lossy().into_owned(),
            );
            let path = std::env::temp_dir().join(&name);
            match std::fs::write(&path, bytes) {
                Ok(()) => println!("     (file saved as {})", path.display()),
                Err(error) => eprintln!("(cannot save {name}: {error})"),
            }
        }
        self.files += files.len();
    }
}

fn press(emulator: &Emulator, chat_id: i64, n: usize) -> Option<Incoming> {
    let (message_id, rows) = emulator.last_keyboard(chat_id)?;
    let button = rows.into_iter().flatten().nth(n.checked_sub(1)?)?;
    Some(Incoming::Press {
        message_id,
        data: button.data?,
    })
}

fn print_call(call: &Call, me: i64) {
    let Some(label) = label(call, me) else {
        return;
    };
    let text = call.text().unwrap_or("");
    let mut lines = text.lines();
    println!("{label}> {}", lines.next().unwrap_or(""));
    for line in lines {
        println!("     {line}");
    }
    let buttons: Vec<String> = call
        .buttons()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, b)| format!("[{}] {}", i + 1, b.label))
        .collect();
    if !buttons.is_empty() {
        println!("     {}", buttons.join("   "));
    }
    if !call.succeeded() {
        println!("     (Telegram refused this with {})", call.status);
    }
}

/// How a call is shown: what the bot said to this console's person, or, with
/// the chat's id, what it sent elsewhere (a case's answer to its citizen, a
/// card to a staff chat); None for calls that say nothing.
fn label(call: &Call, me: i64) -> Option<String> {
    let what = match call.method.as_str() {
        "sendMessage" => "bot",
        "sendPhoto" => "bot [picture]",
        "sendDocument" => "bot [file]",
        "editMessageText" => "bot (edited)",
        "answerCallbackQuery" if call.text().is_some() => "bot (notice)",
        _ => return None,
    };
    Some(match call.chat_id() {
        Some(chat) if chat != me => format!("{what} → chat {chat}"),
        _ => what.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(method: &str, params: serde_json::Value) -> Call {
        Call {
            method: method.into(),
            params: params.as_object().cloned().unwrap_or_default(),
            status: 200,
            at: std::time::Instant::now(),
        }
    }

    #[test]
    fn what_goes_to_another_chat_is_shown_as_such() {
        let to = |chat: i64| {
            call(
                "sendMessage",
                serde_json::json!({"chat_id": chat, "text": "x"}),
            )
        };
        assert_eq!(label(&to(7), 7).as_deref(), Some("bot"));
        assert_eq!(label(&to(100_001), 7).as_deref(), Some("bot → chat 100001"));
        let toast = call("answerCallbackQuery", serde_json::json!({"text": "ok"}));
        assert_eq!(label(&toast, 7).as_deref(), Some("bot (notice)"));
        assert_eq!(label(&call("getMe", serde_json::json!({})), 7), None);
    }
}
