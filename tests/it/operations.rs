//! Running it for years: private files, backups and restores, a clean stop.
//! Through the binary as an operator types it.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use bot_api_emulator::{ChatKind, Emulator, Incoming, Person};
use hailong::store::Store;
use tokio::process::{Child, Command};

use crate::helpers::hailong;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn demo_file(name: &str) -> String {
    format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The demo catalog and its 400 dossiers, imported as an operator would.
fn import_demo(dir: &Path) {
    for what in ["agencies", "procedures", "dossiers"] {
        let out = hailong(
            dir,
            &["import", what, &demo_file(&format!("{what}.csv"))],
            &[],
            "",
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

/// Nothing waits in the WAL: it is gone, or empty.
fn wal_is_empty(db: &Path) -> bool {
    std::fs::metadata(beside(db, "-wal")).map_or(true, |m| m.len() == 0)
}

async fn count(db: &Path, sql: &'static str) -> i64 {
    let store = Store::open(&url(db)).await.expect("the database opens");
    let n = sqlx::query_scalar(sql)
        .fetch_one(&mut *store.read().await.expect("a connection"))
        .await
        .expect("counted");
    store.close().await;
    n
}

/// `hailong run` in `dir`, against `fake`, with its own database there.
fn spawn_run(dir: &Path, fake: &Emulator) -> Child {
    spawn_run_with(dir, fake, &[])
}

/// [`spawn_run`] with more settings in its environment.
fn spawn_run_with(dir: &Path, fake: &Emulator, settings: &[(&str, &str)]) -> Child {
    run_command(dir, fake, settings)
        .stderr(Stdio::null())
        .spawn()
        .expect("hailong run starts")
}

/// The command [`spawn_run_with`] starts, its standard error still to set.
fn run_command(dir: &Path, fake: &Emulator, settings: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hailong"));
    command
        .args(["run", "--http", "127.0.0.1:0"])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TELOXIDE_TOKEN", "0:test")
        .env("TELOXIDE_API_URL", fake.url())
        .env("HAILONG_TELEGRAM_POLL_TIMEOUT_SECS", "1")
        .envs(settings.iter().copied())
        .stdout(Stdio::null())
        .kill_on_drop(true);
    command
}

/// A token, and a Bot API where nothing listens (port 1): a bot's first
/// call fails at once.
const NO_TELEGRAM: [(&str, &str); 2] = [
    ("TELOXIDE_TOKEN", "0:test"),
    ("TELOXIDE_API_URL", "http://127.0.0.1:1/"),
];

/// A command refused as the operator's to mend (exit 2), its error saying
/// each of `words`.
fn refused_saying(out: &std::process::Output, words: &[&str]) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for word in words {
        assert!(err.contains(word), "no {word:?} in: {err}");
    }
}

/// SIGTERM, as `docker stop` and systemd send it; the exit status.
async fn terminate(mut child: Child) -> Option<i32> {
    let pid = child.id().expect("still running").to_string();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("stopped within 20 s")
        .expect("an exit status")
        .code()
}

/// The successful replies chat `chat` got.
fn replies(fake: &Emulator, chat: i64) -> usize {
    fake.calls()
        .iter()
        .filter(|c| c.method == "sendMessage" && c.chat_id() == Some(chat) && c.succeeded())
        .count()
}

async fn wait_for_replies(fake: &Emulator, chat: i64, count: usize) {
    let waited = async {
        while replies(fake, chat) < count {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), waited)
        .await
        .unwrap_or_else(|_| {
            panic!(
                "chat {chat} got {} replies, not {count}",
                replies(fake, chat)
            )
        });
}

fn help(fake: &Emulator, user: &Person) {
    fake.push(
        user,
        Incoming::Text {
            chat: ChatKind::Private,
            text: "/help".into(),
        },
    );
}

#[tokio::test]
async fn the_database_and_its_wal_and_shm_are_private_while_run_serves() {
    let fake = Emulator::start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let run = spawn_run(dir.path(), &fake);
    help(&fake, &Person::new(601, Some("vi")));
    wait_for_replies(&fake, 601, 1).await;
    let db = dir.path().join("hailong.db");
    for file in [db.clone(), beside(&db, "-wal"), beside(&db, "-shm")] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    assert_eq!(terminate(run).await, Some(0));
}

/// Each thread of process `pid`: its name and the CPUs it may run on.
fn threads_of(pid: u32) -> Vec<(String, Vec<usize>)> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).expect("the process's threads");
    tasks
        .map(|task| {
            let status = status(&task.expect("a thread").path().join("status"));
            let name = field(&status, "Name:").to_owned();
            (name, allowed_cpus(&status))
        })
        .collect()
}

/// A status file in `/proc`, of a process or a thread.
fn status(path: &Path) -> String {
    std::fs::read_to_string(path).expect("a status in /proc")
}

fn field<'a>(status: &'a str, name: &str) -> &'a str {
    status
        .lines()
        .find_map(|line| line.strip_prefix(name))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {name} in {status}"))
}

/// The CPUs a status says its process or thread may run on.
fn allowed_cpus(status: &str) -> Vec<usize> {
    cpu_list(field(status, "Cpus_allowed_list:"))
}

/// "0-2,4" as the kernel writes CPU lists: [0, 1, 2, 4].
fn cpu_list(list: &str) -> Vec<usize> {
    let number = |n: &str| n.parse::<usize>().expect("a CPU number");
    list.split(',')
        .flat_map(|part| match part.split_once('-') {
            Some((from, to)) => (number(from)..=number(to)).collect::<Vec<_>>(),
            None => vec![number(part)],
        })
        .collect()
}

/// tokio's name for its threads: a multi-threaded runtime's workers, and
/// any runtime's blocking threads.
const TOKIO_THREAD: &str = "tokio-rt-worker";

#[tokio::test]
async fn run_keeps_every_thread_on_the_last_cpu_it_may_use_and_its_tasks_on_one_unless_told_all() {
    let ours = allowed_cpus(&status(Path::new("/proc/self/status")));
    assert!(
        ours.len() >= 2,
        "this test needs two CPUs to tell one from all; it may use {ours:?}"
    );
    let last = *ours.last().expect("a CPU");
    let fake = Emulator::start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");

    let run = spawn_run(dir.path(), &fake);
    help(&fake, &Person::new(611, Some("vi")));
    wait_for_replies(&fake, 611, 1).await;
    let threads = threads_of(run.id().expect("running"));
    // The main thread and the database's connections, at least.
    assert!(threads.len() > 3, "{threads:?}");
    assert!(
        threads.iter().all(|(_, cpus)| cpus == &[last]),
        "{threads:?}"
    );
    // The tasks run on the main thread: no worker threads, and nothing
    // that answering needs sent to the blocking ones.
    assert!(
        threads.iter().all(|(name, _)| name != TOKIO_THREAD),
        "{threads:?}"
    );
    assert_eq!(terminate(run).await, Some(0));

    let run = spawn_run_with(dir.path(), &fake, &[("HAILONG_PROCESS_CPUS", "all")]);
    help(&fake, &Person::new(612, Some("vi")));
    wait_for_replies(&fake, 612, 1).await;
    let threads = threads_of(run.id().expect("running"));
    assert!(threads.iter().all(|(_, cpus)| cpus == &ours), "{threads:?}");
    // A worker per CPU.
    let workers = threads.iter().filter(|(name, _)| name == TOKIO_THREAD);
    assert!(workers.count() >= ours.len(), "{threads:?}");
    assert_eq!(terminate(run).await, Some(0));
}

#[test]
fn a_database_file_others_may_read_is_warned_about_at_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        hailong(dir.path(), &["migrate"], &[], "").status.code(),
        Some(0)
    );
    let db = dir.path().join("hailong.db");
    assert_eq!(mode(&db), 0o600);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = hailong(dir.path(), &["migrate"], &[], "");
    assert_eq!(out.status.code(), Some(0));
    let log = text(&out.stderr);
    assert!(
        log.contains("open to other users") && log.contains("hailong.db") && log.contains("644"),
        "{log}"
    );
}

#[tokio::test]
async fn after_import_exits_the_database_file_alone_holds_every_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    import_demo(dir.path());
    let db = dir.path().join("hailong.db");
    assert!(wal_is_empty(&db), "the WAL was left with content");
    let copy = tempfile::tempdir().expect("temp dir");
    std::fs::copy(&db, copy.path().join("hailong.db")).expect("copied");
    let rows = count(
        &copy.path().join("hailong.db"),
        "SELECT count(*) FROM dossiers",
    )
    .await;
    assert_eq!(rows, 400);
}

#[tokio::test]
async fn sigterm_finishes_the_work_under_way_checkpoints_and_exits_0() {
    let fake = Emulator::start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let run = spawn_run(dir.path(), &fake);
    let user = Person::new(602, Some("en"));
    // One chat's updates are handled one after another, and its replies
    // leave a second apart: when the first has arrived, the next is under way.
    for _ in 0..4 {
        help(&fake, &user);
    }
    wait_for_replies(&fake, 602, 1).await;
    assert_eq!(terminate(run).await, Some(0));
    let db = dir.path().join("hailong.db");
    assert!(wal_is_empty(&db), "the WAL was left with content");
    // Each update was answered, its reply sent, or is kept to be answered.
    let sent = replies(&fake, 602);
    let kept = count(&db, "SELECT count(*) FROM inbox WHERE state = 'pending'").await;
    assert!(
        sent >= 1 && sent + usize::try_from(kept).unwrap_or(0) == 4,
        "{sent} sent and {kept} kept of 4"
    );
    let half_handled = count(
        &db,
        "SELECT count(*) FROM inbox WHERE state <> 'pending' AND finished_at IS NULL",
    )
    .await;
    assert_eq!(half_handled, 0, "an update was left half handled");
    // The database file alone, moved elsewhere, goes on where it stopped:
    // nothing is answered twice, and what comes next is answered.
    let moved = tempfile::tempdir().expect("temp dir");
    std::fs::copy(&db, moved.path().join("hailong.db")).expect("copied");
    let again = spawn_run(moved.path(), &fake);
    help(&fake, &user);
    wait_for_replies(&fake, 602, 5).await;
    assert_eq!(terminate(again).await, Some(0));
    assert_eq!(replies(&fake, 602), 5, "every update answered once");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn a_backup_taken_while_run_serves_is_whole_and_restores_once_run_stopped() {
    let fake = Emulator::start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let run = spawn_run(dir.path(), &fake);
    help(&fake, &Person::new(603, Some("vi")));
    wait_for_replies(&fake, 603, 1).await;
    import_demo(dir.path());
    let backup = dir.path().join("backup.db");
    let out = hailong(dir.path(), &["backup", "backup.db"], &[], "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(mode(&backup), 0o600);
    let again = hailong(dir.path(), &["backup", "backup.db"], &[], "");
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing file is not overwritten"
    );
    let refused = hailong(dir.path(), &["restore", "backup.db"], &[], "");
    refused_saying(&refused, &["in use"]);
    assert_eq!(terminate(run).await, Some(0));

    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = hailong(
        elsewhere.path(),
        &["restore", backup.to_str().expect("a UTF-8 path")],
        &[],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let restored = elsewhere.path().join("hailong.db");
    assert_eq!(mode(&restored), 0o600);
    assert_eq!(count(&restored, "SELECT count(*) FROM dossiers").await, 400);
    assert_eq!(
        count(&restored, "SELECT count(*) FROM inbox WHERE state = 'done'").await,
        1,
        "what run had done before the backup is in it"
    );
}

/// `hailong backup` copies the database as it stands: one of an earlier
/// release (before an upgrade) keeps its schema, in the copy and in place,
/// so the old version can still run either. Where there is no database (a
/// wrong folder, a cron job's) it says so, rather than making an empty one
/// and copying that.
#[tokio::test]
async fn backup_copies_the_database_as_it_stands_and_refuses_where_there_is_none() {
    let empty = tempfile::tempdir().expect("temp dir");
    let out = hailong(empty.path(), &["backup", "copy.db"], &[], "");
    refused_saying(&out, &["no database"]);
    for made in ["hailong.db", "copy.db"] {
        assert!(!empty.path().join(made).exists(), "{made} was made");
    }
    // A copy that fails leaves no file that looks like one.
    std::fs::write(empty.path().join("hailong.db"), "not a database").expect("written");
    let out = hailong(empty.path(), &["backup", "copy.db"], &[], "");
    assert_ne!(out.status.code(), Some(0));
    assert!(
        !empty.path().join("copy.db").exists(),
        "a failed copy was left"
    );

    let newest = hailong::store::newest_known();
    let (pool, url, dir) = crate::helpers::database_before(newest).await;
    pool.close().await;
    let out = hailong(
        dir.path(),
        &["backup", "copy.db"],
        &[("HAILONG_DATABASE_URL", &url)],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for file in ["copy.db", "old.db"] {
        let schema = hailong::store::backup::check(&dir.path().join(file))
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .schema;
        assert!(schema < newest, "{file} was migrated to {schema}");
    }
}

/// `hailong.db` in `dir`, as a newer Hailong leaves it: one migration more
/// than this build knows, 99991231000000.
async fn newer_database(dir: &Path) -> PathBuf {
    assert_eq!(hailong(dir, &["migrate"], &[], "").status.code(), Some(0));
    let newer = dir.join("hailong.db");
    let store = Store::open(&url(&newer)).await.expect("opens");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99991231000000, 'from the future', 1, x'00', 0)",
    )
    .execute(&mut *store.read().await.expect("a connection"))
    .await
    .expect("a future migration");
    store.close().await;
    newer
}

/// A database a newer Hailong migrated, as when the binary was rolled back
/// without restoring a backup: `run` and every command refuse it in one line
/// naming both versions, and leave it as it is.
#[tokio::test]
async fn a_database_a_newer_hailong_migrated_is_refused_with_both_versions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let newer = newer_database(dir.path()).await;
    let before = std::fs::read(&newer).expect("the database");
    let known = hailong::store::newest_known().to_string();
    for args in [
        &["run", "--http", "127.0.0.1:0"][..],
        &["migrate"],
        &["index"],
    ] {
        let out = hailong(dir.path(), args, &NO_TELEGRAM, "");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("99991231000000") && err.contains(&known),
            "{err}"
        );
    }
    assert_eq!(std::fs::read(&newer).expect("the database"), before);
}

#[tokio::test]
async fn restore_refuses_a_newer_schema_and_a_damaged_file_and_leaves_the_database_alone() {
    let made = tempfile::tempdir().expect("temp dir");
    let newer = newer_database(made.path()).await;

    let target = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        hailong(target.path(), &["migrate"], &[], "").status.code(),
        Some(0)
    );
    let before = std::fs::read(target.path().join("hailong.db")).expect("the database");
    let out = hailong(
        target.path(),
        &["restore", newer.to_str().expect("UTF-8")],
        &[],
        "",
    );
    refused_saying(&out, &["99991231000000", "newer"]);

    std::fs::write(made.path().join("junk.db"), b"not a database at all").expect("written");
    let junk = made.path().join("junk.db");
    let out = hailong(
        target.path(),
        &["restore", junk.to_str().expect("UTF-8")],
        &[],
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read(target.path().join("hailong.db")).expect("the database"),
        before,
        "the database was left as it was"
    );
}

/// The copies the scheduled backups left in `folder`, by name.
fn copies_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .map(|entry| {
                    entry
                        .expect("an entry")
                        .file_name()
                        .to_string_lossy()
                        .into_owned()
                })
                .filter(|name| name.ends_with(".db"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The name of the copy `hailong run` makes in `folder` at start.
async fn first_copy(folder: &Path) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(first) = copies_in(folder).first() {
            return first.clone();
        }
        assert!(tokio::time::Instant::now() < deadline, "no backup at start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What `/metrics` says of the newest scheduled copy's age, if anything.
async fn backup_age(app: &crate::helpers::TestApp) -> Option<f64> {
    let (status, text) = app.get("/metrics").await;
    assert_eq!(status, 200);
    text.lines()
        .find_map(|line| line.strip_prefix("hailong_backup_newest_age_seconds "))
        .map(|value| value.parse().expect("a number"))
}

/// `/metrics` says how old the newest scheduled copy is, so that an alert
/// fires when backups stop: +Inf while there is none, as when the folder
/// cannot be made. Without `[backup]` there is no such line.
#[tokio::test]
async fn metrics_say_how_old_the_newest_scheduled_backup_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("copies");
    let app = crate::helpers::TestApp::spawn_with(|s| {
        s.backup.every_hours = 24;
        s.backup.folder = folder.clone();
    })
    .await;
    first_copy(&folder).await;
    let age = backup_age(&app).await.expect("a line for the newest copy");
    assert!(
        (0.0..60.0).contains(&age),
        "a copy made at start is {age} s old"
    );

    let blocked = dir.path().join("a file");
    std::fs::write(&blocked, "in the way").expect("written");
    let failing = crate::helpers::TestApp::spawn_with(|s| {
        s.backup.every_hours = 24;
        s.backup.folder = blocked.join("copies");
    })
    .await;
    failing.tick_maintenance(chrono::Utc::now()).await;
    assert_eq!(backup_age(&failing).await, Some(f64::INFINITY));

    let unscheduled = crate::helpers::TestApp::spawn().await;
    assert_eq!(backup_age(&unscheduled).await, None);
}

fn copy_made(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("hailong-{}.db", at.format("%Y%m%dT%H%M%SZ"))
}

#[tokio::test]
async fn run_backs_up_every_n_hours_into_a_private_folder_and_keeps_the_newest() {
    let folder = tempfile::tempdir().expect("temp dir").keep().join("copies");
    let app = crate::helpers::TestApp::spawn_with(|s| {
        s.backup.every_hours = 24;
        s.backup.folder = folder.clone();
        s.backup.keep = std::num::NonZeroU32::new(2).expect("2");
    })
    .await;
    // The running job's first tick, at start, finds no copy and makes one;
    // it then rests an hour, and the test's ticks take over with their clock.
    let first = first_copy(&folder).await;
    let start = chrono::NaiveDateTime::parse_from_str(&first, "hailong-%Y%m%dT%H%M%SZ.db")
        .expect("a copy named by its time")
        .and_utc();
    assert_eq!(
        mode(&folder) & 0o777,
        0o700,
        "the folder is the owner's alone"
    );
    assert_eq!(mode(&folder.join(&first)) & 0o777, 0o600);
    // Not yet due: nothing more, however often the job ticks.
    app.tick_maintenance(start + chrono::Duration::hours(23))
        .await;
    assert_eq!(copies_in(&folder), [first]);
    // Due after a day, and the oldest goes once there are more than two.
    let (second, third) = (
        start + chrono::Duration::hours(24),
        start + chrono::Duration::hours(48),
    );
    app.tick_maintenance(second).await;
    app.tick_maintenance(third).await;
    assert_eq!(copies_in(&folder), [copy_made(second), copy_made(third)]);
    // A file that is not a copy is left alone, and every copy restores.
    std::fs::write(folder.join("notes.txt"), "mine").expect("a file of the operator's");
    app.tick_maintenance(start + chrono::Duration::hours(72))
        .await;
    assert!(folder.join("notes.txt").exists());
    for name in copies_in(&folder) {
        hailong::store::backup::check(&folder.join(&name))
            .await
            .unwrap_or_else(|e| panic!("{name} is not a whole backup: {e}"));
    }
}

/// What journald or `docker logs` keeps: plain lines, without a terminal's
/// colour codes, and one for each copy the scheduled backups make, so that
/// the log says where the newest is.
#[tokio::test]
async fn run_logs_plain_lines_and_names_each_scheduled_backup() {
    let fake = Emulator::start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = [
        ("HAILONG_BACKUP_EVERY_HOURS", "24"),
        ("HAILONG_BACKUP_FOLDER", "copies"),
    ];
    let mut run = run_command(dir.path(), &fake, &settings)
        .stderr(Stdio::piped())
        .spawn()
        .expect("hailong run starts");
    let mut stderr = run.stderr.take().expect("standard error is piped");
    let folder = dir.path().join("copies");
    first_copy(&folder).await;
    assert_eq!(terminate(run).await, Some(0));
    let mut log = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut stderr, &mut log)
        .await
        .expect("the log reads");
    assert!(
        log.contains("serving") && log.contains("addr=127.0.0.1:"),
        "{log}"
    );
    assert!(!log.contains('\u{1b}'), "colour codes in the log: {log:?}");
    let copy = &copies_in(&folder)[0];
    let named = log
        .lines()
        .any(|line| line.contains("scheduled backup made") && line.contains(copy.as_str()));
    assert!(named, "no line names {copy}: {log}");
}

/// A start the Bot API refuses leaves the database as every command leaves
/// it: no WAL or shared-memory file beside it.
#[test]
fn a_start_the_bot_api_refuses_leaves_the_database_closed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = hailong(
        dir.path(),
        &["run", "--http", "127.0.0.1:0"],
        &NO_TELEGRAM,
        "",
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("could not start with the Bot API"),
        "{}",
        text(&out.stderr)
    );
    let db = dir.path().join("hailong.db");
    assert!(db.exists(), "the database was created");
    for suffix in ["-wal", "-shm"] {
        assert!(
            !beside(&db, suffix).exists(),
            "{suffix} left beside the database"
        );
    }
}

/// A command that only reads (here `hailong index`) does not wait for the
/// write lock: the running bot may hold it at any moment, and SQLite's busy
/// handler would make the command fail after its 5 s.
#[tokio::test]
async fn a_command_that_only_reads_runs_while_the_write_lock_is_held() {
    let app = crate::index::rated_app().await;
    let store = app.store().await;
    let held = store.begin_write().await.expect("the write lock");
    let out = app.cli(&["index", "--format", "csv"], "").await;
    drop(held);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("group,responses"));
    // At its close it did not wait for the lock to empty the WAL: that is
    // left to the process holding it.
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("the WAL is left to the other process"),
        "{log}"
    );
}

/// `sql` in a transaction of its own.
async fn commit(store: &Store, sql: &'static str) {
    let mut tx = store.begin_write().await.expect("the write lock");
    sqlx::query(sql).execute(&mut *tx).await.expect("written");
    tx.commit().await.expect("committed");
}

/// 600 commits of a page-sized row each, about 1,800 WAL pages: past the
/// 1,000 at which SQLite checkpoints in a commit.
async fn write_many_pages(store: &Store) {
    commit(store, "CREATE TABLE scratch (body BLOB)").await;
    for _ in 0..600 {
        commit(store, "INSERT INTO scratch VALUES (zeroblob(3000))").await;
    }
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

/// SQLite's page size, as Hailong leaves it.
const PAGE: u64 = 4096;
/// A WAL page: the page and its frame header.
const FRAME: u64 = PAGE + 24;

/// The sizes of the WAL and of the database file `db` after
/// [`write_many_pages`] through `store`, opened on it.
async fn sizes_after_many_pages(store: &Store, db: &Path) -> (u64, u64) {
    write_many_pages(store).await;
    (size(&beside(db, "-wal")), size(db))
}

fn url(db: &Path) -> String {
    format!("sqlite://{}", db.display())
}

#[tokio::test]
async fn the_serving_writer_leaves_checkpoints_to_its_job_and_a_command_checkpoints_itself() {
    use hailong::jobs::Progress;
    use hailong::jobs::checkpoints::Checkpoints;
    let dir = tempfile::tempdir().expect("temp dir");
    // A command: its commits checkpoint, so its WAL never grows much past
    // 1,000 pages.
    let command_db = dir.path().join("command.db");
    let command = Store::open(&url(&command_db)).await.expect("opens");
    let (wal, file) = sizes_after_many_pages(&command, &command_db).await;
    assert!(wal < 1_100 * FRAME, "the command's WAL grew to {wal} bytes");
    assert!(file > 600 * PAGE, "its rows reached the file");
    command.close().await;

    // The serving process: no commit waits for a checkpoint, and the rows
    // stay in the WAL until the job copies them.
    let serving_db = dir.path().join("serving.db");
    let serving = Store::open_serving(&url(&serving_db)).await.expect("opens");
    let (wal, file) = sizes_after_many_pages(&serving, &serving_db).await;
    assert!(
        wal > 1_500 * FRAME,
        "a commit checkpointed: the WAL is {wal} bytes"
    );
    assert!(file < 600 * PAGE, "a commit copied the rows into the file");
    let job = Checkpoints {
        store: serving.clone(),
    };
    // A long WAL: the next checkpoint comes sooner than a second.
    let soon = tokio::time::Instant::now() + Duration::from_millis(500);
    assert!(matches!(
        job.tick().await.expect("a checkpoint"),
        Progress::WaitUntil(at) if at < soon
    ));
    assert!(size(&serving_db) > 600 * PAGE, "the job copied the rows");
    let left = serving.checkpoint().await.expect("a checkpoint");
    assert_eq!(left.copied, left.in_wal, "every page was copied");
    // The next commit starts the WAL over: the one after waits a second.
    commit(&serving, "INSERT INTO scratch VALUES (1)").await;
    assert_eq!(job.tick().await.expect("a checkpoint"), Progress::Idle);
    serving.close().await;
}

#[tokio::test]
async fn run_copies_the_wal_into_the_database_file_while_it_serves() {
    let fake = Emulator::start().await.expect("emulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let run = spawn_run(dir.path(), &fake);
    let db = dir.path().join("hailong.db");
    help(&fake, &Person::new(603, Some("vi")));
    wait_for_replies(&fake, 603, 1).await;
    let before = size(&db);
    // 300 citizens' first words: their updates, their keys and their rows,
    // far fewer pages than would make a commit checkpoint.
    for user in 10_000..10_300 {
        help(&fake, &Person::new(user, Some("vi")));
    }
    for user in 10_000..10_300 {
        wait_for_replies(&fake, user, 1).await;
    }
    let grown = async {
        while size(&db) < before + 10 * PAGE {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    let copied = tokio::time::timeout(Duration::from_secs(10), grown).await;
    assert!(
        copied.is_ok(),
        "the database file stayed at {} bytes (from {before})",
        size(&db)
    );
    // The WAL never reached the writer's own checkpoint: the job copied it.
    let wal = size(&beside(&db, "-wal"));
    let backstop = u64::from(hailong::store::SERVING_CHECKPOINT_BACKSTOP);
    assert!(wal < backstop * FRAME, "the WAL grew to {wal} bytes");
    assert_eq!(terminate(run).await, Some(0));
}

/// The systemd unit (`deploy/hailong.service`) held to the binary it runs:
/// systemd waits longer than a clean stop takes, and does not start again
/// and again what stopped on an operator's mistake. `deploy/check-unit`
/// checks the rest against systemd itself.
#[test]
fn the_systemd_unit_waits_for_a_clean_stop_and_does_not_restart_a_mistake() {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/hailong.service"
    ))
    .expect("the unit");
    let setting = |key: &str| {
        unit.lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("no {key} in the unit"))
    };
    assert_eq!(setting("KillSignal"), "SIGTERM");
    let waits: u64 = setting("TimeoutStopSec").parse().expect("seconds");
    let grace = hailong::startup::SHUTDOWN_GRACE.as_secs();
    assert!(
        waits > grace,
        "systemd waits {waits} s, a stop takes up to {grace} s"
    );
    // The configuration the unit names, missing: a mistake to fix.
    let (variable, _) = setting("Environment").split_once('=').expect("NAME=value");
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("hailong.toml");
    let missing = missing.to_str().expect("a path");
    let out = hailong(dir.path(), &["run"], &[(variable, missing)], "");
    let refused: i32 = setting("RestartPreventExitStatus")
        .parse()
        .expect("a status");
    assert_eq!(out.status.code(), Some(refused), "{}", text(&out.stderr));
}

/// A token Telegram does not take (a typo, or revoked with @BotFather) is
/// the operator's to mend: exit 2, which the systemd unit does not restart,
/// where an unreachable Telegram exits 1 and is tried again.
// Two threads: the emulator answers while this one waits for the process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_telegram_refuses_is_a_mistake_to_fix_not_a_failure_to_retry() {
    let fake = Emulator::start().await.expect("emulator starts");
    fake.revoke_token();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fake.url();
    let out = hailong(
        dir.path(),
        &["run", "--http", "127.0.0.1:0"],
        &[("TELOXIDE_TOKEN", "0:revoked"), ("TELOXIDE_API_URL", &url)],
        "",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Invalid bot token"),
        "{}",
        text(&out.stderr)
    );
    let unreachable = hailong(
        dir.path(),
        &["run", "--http", "127.0.0.1:0"],
        &NO_TELEGRAM,
        "",
    );
    assert_eq!(
        unreachable.status.code(),
        Some(1),
        "{}",
        text(&unreachable.stderr)
    );
}
