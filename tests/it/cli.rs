//! The binary as a user types it: exit codes, one-line errors, the console.

use std::process::{Output, Stdio};
use std::time::Duration;

use bot_api_emulator::{ChatKind, Emulator, Incoming, Person};

use crate::helpers::hailong;

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
        err.contains("hailong.toml: setting `telegram.poll_timeout_secs`")
            && err.contains("expected"),
        "{err}"
    );
    // A key no setting has is named with its file too; a variable's own
    // value is named by the variable.
    std::fs::write(dir.path().join("other.toml"), "bogus = 1\n").expect("write");
    let out = hailong(dir.path(), &["--config", "other.toml", "migrate"], &[], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("other.toml: setting `bogus`: unknown field"),
        "{err}"
    );
    let out = hailong(
        dir.path(),
        &["migrate"],
        &[("HAILONG_TELEGRAM_POLL_TIMEOUT_SECS", "soon")],
        "",
    );
    let err = text(&out.stderr);
    assert!(
        err.contains("HAILONG_TELEGRAM_POLL_TIMEOUT_SECS") && !err.contains("hailong.toml"),
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
    assert!(transcript.contains("bot> Xin chào Ông/Bà!"), "{transcript}");
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
    closed_cleanly(dir.path(), "hailong.db");
}

/// The console, like every command, leaves the database closed: its WAL
/// checkpointed and gone, nothing to copy beside it.
#[test]
fn the_demo_console_leaves_its_database_closed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(dir.path(), &["console", "--demo"], &[], "/help\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    closed_cleanly(dir.path(), "hailong-demo.db");
}

fn closed_cleanly(dir: &std::path::Path, database: &str) {
    assert!(dir.join(database).exists(), "no {database}");
    for left in ["-wal", "-shm"] {
        let path = dir.join(format!("{database}{left}"));
        assert!(!path.exists(), "{} was left", path.display());
    }
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

/// An admin who grants a role to someone who has never opened the bot sees
/// the grant done, and no warning that their menu failed: Telegram's refusal
/// is expected, and the menu waits for their first message. (The start's
/// count of members yet to write may still name them, if it reads the
/// roles after the grant.)
#[test]
fn a_role_granted_in_the_console_to_someone_not_yet_met_logs_no_failed_menu() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("hailong.toml"),
        "[roles]\nadmins = [100001]\n",
    )
    .expect("a configuration");
    let out = hailong(dir.path(), &["console"], &[], "/grant staff 555\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("bot> Đã cấp quyền cán bộ cho 555, xem số liệu của mọi cơ quan."),
        "{}",
        text(&out.stdout)
    );
    let logged = text(&out.stderr);
    assert!(!logged.contains("was not given"), "{logged}");
}

/// A citizen files a case about the province as a whole: no dossier
/// followed, so the choices are an agency, a procedure or the province
/// (#3); then "Khác" (#5), the text, no photo (#1), and Send (#2). Its card
/// to the intake chat leaves through the outbox, after the answer.
const FILE_A_CASE: &str =
    "/gopy\n#3\n#5\nNhà vệ sinh ở trung tâm hành chính công bị hỏng lâu ngày\n#1\n#2\n";

/// What an answer queued for later is shown before the next line is read,
/// and before the console stops when the input ends with that answer. The
/// intake chat is the person's own, so Telegram's pace of one message a
/// second to a chat holds the card back after the answer's edit: only a
/// console that waits for it shows it in time.
#[test]
fn the_console_shows_what_an_answer_sets_off_before_the_next_line() {
    let card = "bot> 📨 Phản ánh PA-";
    for (input, then) in [
        (format!("{FILE_A_CASE}/help\n"), Some("you> /help")),
        (FILE_A_CASE.to_owned(), None),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("hailong.toml"),
            "[feedback]\nintake_chat = 100001\n",
        )
        .expect("a configuration");
        let out = hailong(dir.path(), &["console"], &[], &input);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let transcript = text(&out.stdout);
        let filed = transcript.find("bot (edited)> Đã tiếp nhận phản ánh số PA-");
        let shown = transcript.rfind(card);
        assert!(filed.is_some() && shown > filed, "{transcript}");
        if let Some(then) = then {
            assert!(shown < transcript.find(then), "{transcript}");
        }
    }
}

/// The console as a person types into it: lines written while it runs, its
/// output read as it comes.
struct Typing {
    child: std::process::Child,
    input: Option<std::process::ChildStdin>,
    lines: std::sync::mpsc::Receiver<String>,
    transcript: String,
}

impl Typing {
    fn start(dir: &std::path::Path) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hailong"))
            .arg("console")
            .current_dir(dir)
            .env_remove("HAILONG_CONFIG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("hailong starts");
        let input = child.stdin.take();
        let output = child.stdout.take().expect("its output");
        let (sent, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(output)
                .lines()
                .map_while(Result::ok)
            {
                if sent.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            input,
            lines,
            transcript: String::new(),
        }
    }

    fn type_lines(&mut self, lines: &str) {
        use std::io::Write;
        let input = self.input.as_mut().expect("the input is open");
        input
            .write_all(lines.as_bytes())
            .expect("the lines are taken");
    }

    /// Whether `wanted` was printed within 30 s, the input still open.
    fn shows(&mut self, wanted: &str) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while !self.transcript.contains(wanted) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let Ok(line) = self.lines.recv_timeout(left) else {
                return false;
            };
            self.transcript.push_str(&line);
            self.transcript.push('\n');
        }
        true
    }

    /// Ends the input, as Ctrl-D does; whether the console then exited with 0.
    fn end(mut self) -> bool {
        drop(self.input.take());
        self.child.wait().is_ok_and(|status| status.success())
    }
}

/// What the bot sends while the console waits for a line is shown as it
/// comes, as Telegram shows it, not when the next line is typed: here the
/// news of a dossier the person follows, moved by an import run beside the
/// console.
#[test]
fn the_console_shows_what_the_bot_sends_while_it_waits_for_a_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    for what in ["agencies", "procedures"] {
        import(dir.path(), what, &demo_file(&format!("{what}.csv")));
    }
    let code = "000.00.32.H12-261101-0001";
    let dossier = |status: u8| {
        let file = dir.path().join(format!("status-{status}.csv"));
        std::fs::write(
            &file,
            format!(
                "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n\
                 {code},1.001193,000.00.32.H12,{status},2026-11-01,2026-11-05,,direct,32047\n"
            ),
        )
        .expect("write");
        import(dir.path(), "dossiers", &file.display().to_string())
    };
    assert_eq!(dossier(4).status.code(), Some(0));
    let mut console = Typing::start(dir.path());
    console.type_lines(&format!("{code}\n#1\n"));
    assert!(console.shows("Đã theo dõi"), "{}", console.transcript);
    let moved = dossier(9);
    assert_eq!(
        text(&moved.stdout),
        "dossiers: 0 inserted, 1 updated, 0 unchanged; 1 status notification queued\n",
        "{}",
        text(&moved.stderr)
    );
    let news = format!("bot> 🔔 Hồ sơ {code} chuyển sang trạng thái");
    assert!(
        console.shows(&news),
        "not shown while the console waited:\n{}",
        console.transcript
    );
    assert!(console.end());
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

fn demo_file(name: &str) -> String {
    format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn import(dir: &std::path::Path, what: &str, file: &str) -> Output {
    hailong(dir, &["import", what, file], &[], "")
}

#[test]
fn importing_the_demo_data_twice_changes_nothing_the_second_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    for what in ["agencies", "procedures"] {
        assert_eq!(
            import(dir.path(), what, &demo_file(&format!("{what}.csv")))
                .status
                .code(),
            Some(0)
        );
    }
    let first = import(dir.path(), "dossiers", &demo_file("dossiers.csv"));
    assert_eq!(
        text(&first.stdout),
        "dossiers: 400 inserted, 0 updated, 0 unchanged\n",
        "{}",
        text(&first.stderr)
    );
    let second = import(dir.path(), "dossiers", &demo_file("dossiers.csv"));
    assert_eq!(
        text(&second.stdout),
        "dossiers: 0 inserted, 0 updated, 400 unchanged\n"
    );
}

#[test]
fn a_file_with_bad_rows_is_refused_whole_with_each_problem_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    for what in ["agencies", "procedures"] {
        import(dir.path(), what, &demo_file(&format!("{what}.csv")));
    }
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n\
         000.00.32.H12-261101-0001,1.001193,000.00.32.H12,4,2026-11-01,2026-11-05,,direct,32047\n\
         000.00.32.H12-261101-0002,1.001193,000.00.32.H12,12,2026-11-01,2026-11-05,,fax,32047\n",
    )
    .expect("write");
    let out = import(dir.path(), "dossiers", "bad.csv");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("bad.csv:3: status: not a status"), "{err}");
    assert!(err.contains("bad.csv:3: channel: not a channel"), "{err}");
    assert!(
        err.contains("2 problem(s) in bad.csv; nothing was imported"),
        "{err}"
    );
    let good_row_only = dir.path().join("one.csv");
    std::fs::write(
        &good_row_only,
        "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n\
         000.00.32.H12-261101-0001,1.001193,000.00.32.H12,4,2026-11-01,2026-11-05,,direct,32047\n",
    )
    .expect("write");
    let after = import(dir.path(), "dossiers", "one.csv");
    assert_eq!(
        text(&after.stdout),
        "dossiers: 1 inserted, 0 updated, 0 unchanged\n",
        "the bad file wrote nothing"
    );
}

#[test]
fn at_most_fifty_problems_are_listed_then_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut csv = String::from("code,name_vi,sector,processing_days\n");
    for n in 0..60 {
        csv.push_str(&format!("P{n},Thủ tục {n},civil,soon\n"));
    }
    std::fs::write(dir.path().join("p.csv"), csv).expect("write");
    let err = text(&import(dir.path(), "procedures", "p.csv").stderr);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("p.csv:")).count(),
        50,
        "{err}"
    );
    assert!(err.contains("… and 10 more problems"), "{err}");
}

#[test]
fn qr_writes_png_and_svg_and_prints_the_signed_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let env = [
        ("HAILONG_TELEGRAM_BOT_USERNAME", "camau_hailong_bot"),
        ("HAILONG_LINKS_SECRET", "s3cret"),
    ];
    let out = hailong(
        dir.path(),
        &["qr", "000.00.32.h12-261101-0001", "--out", "r.png"],
        &env,
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let link = text(&out.stdout);
    assert!(
        link.starts_with("https://t.me/camau_hailong_bot?start="),
        "{link}"
    );
    assert!(
        link.trim_end().ends_with("000_00_32_H12-261101-0001"),
        "{link}"
    );
    let png = std::fs::read(dir.path().join("r.png")).expect("a PNG");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let svg = hailong(
        dir.path(),
        &["qr", "000.00.32.H12-261101-0001", "--out", "r.svg"],
        &env,
        "",
    );
    assert_eq!(text(&svg.stdout), link, "the same code gives the same link");
    assert!(
        std::fs::read_to_string(dir.path().join("r.svg"))
            .expect("an SVG")
            .contains("<svg")
    );
}

#[test]
fn qr_refuses_a_bad_code_a_bad_file_type_and_a_missing_bot_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let env = [("HAILONG_TELEGRAM_BOT_USERNAME", "b")];
    assert_eq!(
        hailong(dir.path(), &["qr", "a/b"], &env, "").status.code(),
        Some(2)
    );
    assert_eq!(
        hailong(dir.path(), &["qr", "A-1", "--out", "x.gif"], &env, "")
            .status
            .code(),
        Some(2)
    );
    let out = hailong(dir.path(), &["qr", "A-1"], &[], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("telegram.bot_username"),
        "{}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn the_link_qr_prints_opens_the_dossier_in_the_bot() {
    let mut app = crate::helpers::TestApp::spawn_with(|s| s.links.secret = "shared".into()).await;
    app.seed_catalog().await;
    app.import_dossiers(
        "000.00.32.H12-261101-0001,1.001193,000.00.32.H12,4,2026-11-01,2026-11-05,,direct,32047\n",
    )
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let env = [
        ("HAILONG_TELEGRAM_BOT_USERNAME", "b"),
        ("HAILONG_LINKS_SECRET", "shared"),
    ];
    let out = hailong(dir.path(), &["qr", "000.00.32.H12-261101-0001"], &env, "");
    let link = text(&out.stdout);
    let payload = link
        .trim()
        .rsplit("start=")
        .next()
        .expect("a payload")
        .to_owned();
    let user = crate::helpers::citizen(300, Some("en"));
    app.send_text(&user, &format!("/start {payload}")).await;
    let card = app.last_text(300);
    assert!(
        card.contains("000.00.32.H12-261101-0001") && card.contains("You are following"),
        "{card}"
    );
}

/// The display width of `text` as `hailong`'s tables count it: composed
/// characters, marks that combine with the letter before them not counted.
fn shown_width(text: &str) -> usize {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfc().filter(|c| !is_combining_mark(*c)).count()
}

/// Where each `|` of a line stands, in columns on a terminal.
fn bars(line: &str) -> Vec<usize> {
    let mut at = Vec::new();
    let mut seen = String::new();
    for c in line.chars() {
        if c == '|' {
            at.push(shown_width(&seen));
        }
        seen.push(c);
    }
    at
}

#[test]
fn the_late_report_keeps_its_columns_in_line_whatever_the_agencys_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    for what in ["agencies", "procedures", "dossiers"] {
        let out = import(dir.path(), what, &demo_file(&format!("{what}.csv")));
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    for lang in ["vi", "en", "km"] {
        let out = hailong(dir.path(), &["report", "late", "--lang", lang], &[], "");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let report = text(&out.stdout);
        let lines: Vec<&str> = report.lines().filter(|l| l.contains('|')).collect();
        assert!(lines.len() > 3, "{report}");
        assert!(
            lang != "vi"
                || lines
                    .iter()
                    .any(|l| l.contains("Trung tâm Phục vụ hành chính công")),
            "the demo has long names: {report}"
        );
        for line in &lines {
            assert_eq!(bars(line), bars(lines[0]), "{lang}: {line}\n{report}");
        }
    }
}
