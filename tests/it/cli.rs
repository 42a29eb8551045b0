//! The binary as a user types it: exit codes, one-line errors, the console.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use hailong::bot_api_emulator::{ChatKind, Emulator, Incoming, Person};

fn hailong(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hailong starts");
    if let Some(mut input) = child.stdin.take() {
        input
            .write_all(stdin.as_bytes())
            .expect("stdin takes the input");
    }
    child.wait_with_output().expect("hailong exits")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn run_without_a_token_says_what_to_set_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(dir.path(), &["run"], &[], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("TELOXIDE_TOKEN"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn an_unreadable_config_names_the_path_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(
        dir.path(),
        &["--config", "/nonexistent/hailong.toml", "migrate"],
        &[],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("/nonexistent/hailong.toml") && err.contains("No such file"),
        "{err}"
    );
}

#[test]
fn a_malformed_config_value_names_the_key_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("hailong.toml"),
        "[telegram]\npoll_timeout_secs = \"soon\"\n",
    )
    .expect("write");
    let out = hailong(dir.path(), &["migrate"], &[], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("telegram.poll_timeout_secs") && err.contains("expected"),
        "{err}"
    );
}

#[test]
fn an_unwritable_database_path_names_it_and_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(
        dir.path(),
        &["migrate"],
        &[(
            "HAILONG_DATABASE_URL",
            "sqlite:///nonexistent/folder/hailong.db",
        )],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("/nonexistent/folder/hailong.db") && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn migrate_creates_the_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(dir.path(), &["migrate"], &[], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.path().join("hailong.db").is_file());
}

#[test]
fn help_lists_every_subcommand() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(dir.path(), &["--help"], &[], "");
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for command in ["run", "migrate", "console"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn the_console_greets_and_switches_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(
        dir.path(),
        &["console"],
        &[],
        "/start\n/language\n#2\n/help\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let transcript = text(&out.stdout);
    assert!(transcript.contains("bot> Xin chào!"), "{transcript}");
    assert!(
        transcript.contains("[1] Tiếng Việt   [2] English   [3] ភាសាខ្មែរ"),
        "{transcript}"
    );
    assert!(
        transcript.contains("bot (edited)> Switched to English."),
        "{transcript}"
    );
    assert!(
        transcript.contains("bot> Here is what I can do:"),
        "{transcript}"
    );
}

#[test]
fn the_console_speaks_the_language_it_is_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(
        dir.path(),
        &["console", "--lang", "km", "--user", "42"],
        &[],
        "/start\n",
    );
    assert!(
        text(&out.stdout).contains("bot> សួស្តី!"),
        "{}",
        text(&out.stdout)
    );
    let bad = hailong(dir.path(), &["console", "--lang", "fr"], &[], "");
    assert_eq!(bad.status.code(), Some(2));
}

#[tokio::test]
async fn run_answers_start_through_a_bot_api_on_loopback_and_reports_healthy() {
    let fake = Emulator::start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(["run", "--http", &addr])
        .current_dir(dir.path())
        .env("TELOXIDE_TOKEN", "0:test")
        .env("TELOXIDE_API_URL", fake.url())
        .env("HAILONG_TELEGRAM_POLL_TIMEOUT_SECS", "1")
        .env_remove("HAILONG_CONFIG")
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("hailong run starts");
    fake.push(
        &Person::new(77, Some("vi")),
        Incoming::Text {
            chat: ChatKind::Private,
            text: "/start".into(),
        },
    );
    let answered = async {
        loop {
            if fake
                .calls()
                .iter()
                .any(|c| c.method == "sendMessage" && c.chat_id() == Some(77))
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), answered)
        .await
        .expect("/start answered");
    let health = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .expect("healthz answers");
    assert_eq!(health.status().as_u16(), 200);
    child.kill().await.expect("stops");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}
