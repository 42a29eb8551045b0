//! `hailong import dossiers` as an operator types it: an old export never
//! moves a dossier backwards or tells anyone, a row that contradicts itself is
//! refused by line, and what Excel writes is read.

use std::process::Output;

use hailong::store::Store;

use crate::helpers::{TestApp, hailong};

const HEADER: &str = "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,district_code,status_at\n";
const CODE: &str = "000.00.32.H12-261102-0001";
const OTHER: &str = "000.00.32.H12-261102-0002";
const FOLLOWER: i64 = 101;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A row of `CODE`, received on 02/11/2026 and promised for 10/11/2026.
fn row(code: &str, status: u8, returned_at: &str, status_at: &str) -> String {
    format!(
        "{code},1.001193,000.00.32.H12,{status},2026-11-02T08:00:00+07:00,2026-11-10,{returned_at},direct,,{status_at}\n"
    )
}

/// Writes `rows` under the header to `name` in the app's folder and imports it.
async fn import(app: &TestApp, name: &str, rows: &str) -> Output {
    std::fs::write(app.dir().join(name), format!("{HEADER}{rows}")).expect("written");
    app.cli(&["import", "dossiers", name], "").await
}

async fn status_of(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar("SELECT status FROM dossiers WHERE code = ?")
        .bind(code)
        .fetch_one(&mut *app.store().await.read().await.expect("a connection"))
        .await
        .expect("the dossier")
}

async fn history_of(app: &TestApp, code: &str) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT e.status FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
         WHERE d.code = ? ORDER BY e.id",
    )
    .bind(code)
    .fetch_all(&mut *app.store().await.read().await.expect("a connection"))
    .await
    .expect("the history")
}

/// The app with `CODE` imported as processing and followed by `FOLLOWER`.
async fn followed_in_office() -> TestApp {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let first = import(&app, "week1.csv", &row(CODE, 4, "", "")).await;
    assert_eq!(
        text(&first.stdout),
        "dossiers: 1 inserted, 0 updated, 0 unchanged\n",
        "{}",
        text(&first.stderr)
    );
    app.add_citizens(FOLLOWER..FOLLOWER + 1, Some("vi")).await;
    app.add_follow(FOLLOWER, CODE).await;
    app
}

#[tokio::test]
async fn last_weeks_export_imported_again_changes_nothing_and_tells_no_one() {
    let app = followed_in_office().await;
    let returned = import(
        &app,
        "today.csv",
        &row(CODE, 10, "2026-11-09T15:00:00+07:00", ""),
    )
    .await;
    assert!(
        text(&returned.stdout).contains("1 updated"),
        "{}",
        text(&returned.stderr)
    );
    app.drain_jobs().await;
    let told = app.messages_in(FOLLOWER);
    assert_eq!(told.len(), 2, "the return and the invitation to rate");

    let again = import(&app, "week1.csv", &row(CODE, 4, "", "")).await;
    assert_eq!(
        text(&again.stdout),
        "dossiers: 0 inserted, 0 updated, 0 unchanged; 1 without status_at left alone \
         (the dossier's status is final or was set with a date)\n",
        "{}",
        text(&again.stderr)
    );
    app.drain_jobs().await;
    assert_eq!(status_of(&app, CODE).await, 10);
    assert_eq!(history_of(&app, CODE).await, [4, 10], "nothing recorded");
    assert_eq!(app.messages_in(FOLLOWER).len(), told.len(), "nothing sent");
}

#[tokio::test]
async fn an_undated_row_does_not_override_a_dated_status() {
    let app = followed_in_office().await;
    let api = app
        .api(
            reqwest::Method::POST,
            &format!("/dossiers/{CODE}/events"),
            serde_json::json!({"event_id": "e-5", "status": 5, "at": "2026-11-05T09:00:00+07:00"}),
        )
        .await;
    assert_eq!(api.0, 201, "{}", api.1);
    app.drain_jobs().await;
    let told = app.messages_in(FOLLOWER).len();

    let snapshot = import(&app, "week1.csv", &row(CODE, 4, "", "")).await;
    assert!(
        text(&snapshot.stdout).contains("1 without status_at left alone"),
        "{}",
        text(&snapshot.stdout)
    );
    app.drain_jobs().await;
    assert_eq!(status_of(&app, CODE).await, 5);
    assert_eq!(app.messages_in(FOLLOWER).len(), told);
}

#[tokio::test]
async fn a_dated_row_is_history_when_older_and_news_when_newer() {
    let app = followed_in_office().await;
    let newer = import(
        &app,
        "a.csv",
        &row(CODE, 5, "", "2026-11-05T09:00:00+07:00"),
    )
    .await;
    assert_eq!(
        text(&newer.stdout),
        "dossiers: 0 inserted, 1 updated, 0 unchanged; 1 status notification queued\n",
        "{}",
        text(&newer.stderr)
    );
    app.drain_jobs().await;
    assert_eq!(app.messages_in(FOLLOWER).len(), 1);

    // Processing again on the 4th: before papers were asked for on the 5th.
    let older = import(
        &app,
        "b.csv",
        &row(CODE, 4, "", "2026-11-04T09:00:00+07:00"),
    )
    .await;
    assert_eq!(
        text(&older.stdout),
        "dossiers: 0 inserted, 0 updated, 0 unchanged; \
         1 older than the dossier's current status, kept as history\n",
        "{}",
        text(&older.stderr)
    );
    app.drain_jobs().await;
    assert_eq!(status_of(&app, CODE).await, 5);
    assert_eq!(history_of(&app, CODE).await, [4, 5, 4]);
    assert_eq!(app.messages_in(FOLLOWER).len(), 1, "nothing sent");
}

#[tokio::test]
async fn each_contradictory_row_is_refused_on_its_line_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let rows = [
        row(OTHER, 4, "", ""),
        row("000.00.32.H12-261102-0003", 10, "", ""),
        row(
            "000.00.32.H12-261102-0004",
            4,
            "2026-11-09T15:00:00+07:00",
            "",
        ),
        "000.00.32.H12-261102-0005,1.001193,000.00.32.H12,4,2026-11-02,2026-11-01,,direct,,\n"
            .to_owned(),
        "000.00.32.H12-301102-0006,1.001193,000.00.32.H12,2,2030-11-02,2030-11-10,,direct,,\n"
            .to_owned(),
    ]
    .concat();
    let out = import(&app, "bad.csv", &rows).await;
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    for expected in [
        "bad.csv:3: returned_at: required when status is 10 (returned)",
        "bad.csv:4: returned_at: only a returned dossier (status 10) has one; this row's status is 4",
        "bad.csv:5: due_at: earlier than the day received_at falls on",
        "bad.csv:6: received_at: more than one day in the future",
        "4 problem(s) in bad.csv; nothing was imported",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM dossiers")
        .fetch_one(&mut *app.store().await.read().await.expect("a connection"))
        .await
        .expect("a count");
    assert_eq!(stored, 0, "not even the good row");
}

#[tokio::test]
async fn what_excel_writes_with_vietnamese_settings_is_read() {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let file = format!(
        "\u{feff}{}{OTHER};1.001193;000.00.32.H12;10;02/11/2026 08:00;10/11/2026;09/11/2026 15:00;direct;;\r\n",
        HEADER.replace(',', ";").replace('\n', "\r\n")
    );
    std::fs::write(app.dir().join("excel.csv"), file).expect("written");
    let out = app.cli(&["import", "dossiers", "excel.csv"], "").await;
    assert_eq!(
        text(&out.stdout),
        "dossiers: 1 inserted, 0 updated, 0 unchanged\n",
        "{}",
        text(&out.stderr)
    );
    let returned: String = sqlx::query_scalar("SELECT returned_at FROM dossiers WHERE code = ?")
        .bind(OTHER)
        .fetch_one(&mut *app.store().await.read().await.expect("a connection"))
        .await
        .expect("the dossier");
    assert!(returned.starts_with("2026-11-09T08:00:00"), "{returned}");
}

#[tokio::test]
async fn the_demo_loaded_again_tells_no_follower() {
    let dir = tempfile::tempdir().expect("temp dir");
    let console = |stdin: &'static str| {
        let dir = dir.path().to_owned();
        tokio::task::spawn_blocking(move || hailong(&dir, &["console", "--demo"], &[], stdin))
    };
    let first = console("").await.expect("the console runs");
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    // A citizen follows every demo dossier, and each has moved on since the
    // file was written, as if a session's events had moved them.
    let url = format!("sqlite://{}", dir.path().join("hailong-demo.db").display());
    let store = Store::open(&url).await.expect("the demo database");
    let mut tx = store.begin_write().await.expect("a transaction");
    for sql in [
        "INSERT INTO citizens (user_id, first_seen, last_seen)
         VALUES (7, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
        "INSERT INTO follows (user_id, dossier_id, created_at)
         SELECT 7, id, '2026-11-01T00:00:00Z' FROM dossiers",
        "UPDATE dossiers SET status = 2, returned_at = NULL, status_dated = 0",
    ] {
        sqlx::query(sql).execute(&mut *tx).await.expect("changed");
    }
    tx.commit().await.expect("committed");
    store.close().await;

    let second = console("").await.expect("the console runs");
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    let store = Store::open(&url).await.expect("the demo database");
    let count = |sql: &'static str| {
        let store = store.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&mut *store.read().await.expect("a connection"))
                .await
                .expect("a count")
        }
    };
    assert!(
        count("SELECT count(*) FROM dossiers WHERE status != 2").await > 0,
        "the second load moved dossiers on"
    );
    assert_eq!(count("SELECT count(*) FROM outbox").await, 0);
    assert_eq!(count("SELECT count(*) FROM survey_invites").await, 0);
}

#[tokio::test]
async fn an_api_record_dated_before_the_current_status_is_kept_as_history() {
    let app = followed_in_office().await;
    let path = format!("/dossiers/{CODE}");
    let record = |status: u8, status_at: &str| {
        serde_json::json!({
            "procedure_code": "1.001193",
            "agency_code": "000.00.32.H12",
            "status": status,
            "received_at": "2026-11-02T08:00:00+07:00",
            "due_at": "2026-11-10",
            "channel": "direct",
            "status_at": status_at,
        })
    };
    let newer = app
        .api(
            reqwest::Method::PUT,
            &path,
            record(9, "2026-11-08T10:00:00+07:00"),
        )
        .await;
    assert_eq!(
        (newer.0, newer.1["result"].clone()),
        (200, "updated".into())
    );
    let older = app
        .api(
            reqwest::Method::PUT,
            &path,
            record(5, "2026-11-06T10:00:00+07:00"),
        )
        .await;
    assert_eq!((older.0, older.1["result"].clone()), (200, "older".into()));
    app.drain_jobs().await;
    assert_eq!(status_of(&app, CODE).await, 9);
    assert_eq!(history_of(&app, CODE).await, [4, 9, 5]);
    assert_eq!(
        app.messages_in(FOLLOWER).len(),
        1,
        "only the newer one told"
    );
}
