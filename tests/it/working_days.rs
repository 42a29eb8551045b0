//! Working days, the citizen's clock and Form 04 (apology and new date),
//! through the ingest API, the chat, the CSV import and `hailong report late`.

use chrono::{Days, Utc};
use hailong::cli::import::{What, load};
use hailong::configuration::Settings;
use hailong::domain::Language;
use hailong::domain::calendar::Calendar;
use hailong::domain::deadline::ClockRestart;
use hailong::domain::moment::local_date;
use hailong::i18n::Key;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, citizen};

const CODE: &str = "000.00.32.H12-261102-0001";
const OTHER: &str = "000.00.05.H12-261102-0002";

fn dossier(agency: &str, status: i64, received: &str, due: &str) -> Value {
    json!({
        "procedure_code": "1.001193",
        "agency_code": agency,
        "status": status,
        "received_at": received,
        "due_at": due,
        "channel": "direct",
    })
}

async fn app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let app = TestApp::spawn_with(adjust).await;
    app.seed_catalog().await;
    app
}

async fn put(app: &TestApp, code: &str, body: Value) {
    let (status, answer) = app
        .api(Method::PUT, &format!("/dossiers/{code}"), body)
        .await;
    assert!(status == 200 || status == 201, "{status} {answer}");
}

async fn event(app: &TestApp, code: &str, body: Value) -> (u16, Value) {
    app.api(Method::POST, &format!("/dossiers/{code}/events"), body)
        .await
}

/// The card a citizen reads after sending `code`.
async fn card(app: &mut TestApp, user: i64, lang: &str, code: &str) -> String {
    app.send_text(&citizen(user, Some(lang)), code).await;
    app.last_text(user)
}

#[tokio::test]
async fn lateness_across_the_tet_2026_week_is_counted_in_working_days() {
    let mut app = app_with(|_| {}).await;
    // Received Tue 10/02, promised Wed 25/02/2026: Tết runs 14/02–22/02.
    let mut late = dossier(
        "000.00.32.H12",
        10,
        "2026-02-10T08:00:00+07:00",
        "2026-02-25",
    );
    late["returned_at"] = json!("2026-02-27T09:00:00+07:00");
    put(&app, CODE, late).await;
    let mut early = dossier(
        "000.00.05.H12",
        10,
        "2026-02-10T08:00:00+07:00",
        "2026-02-25",
    );
    early["returned_at"] = json!("2026-02-12T09:00:00+07:00");
    put(&app, OTHER, early).await;
    let text = card(&mut app, 601, "vi", CODE).await;
    assert!(
        text.contains("Trả kết quả trễ 2 ngày làm việc"),
        "Thu 26 and Fri 27/02: {text}"
    );
    // 13 calendar days, but only Fri 13/02 and Mon 23 to Wed 25/02 are worked.
    let text = card(&mut app, 601, "en", OTHER).await;
    assert!(text.contains("returned 4 working days early"), "{text}");
}

#[tokio::test]
async fn the_card_counts_the_working_days_left() {
    let mut app = app_with(|_| {}).await;
    let today = local_date(Utc::now());
    let due = Calendar::default().add_working_days(today, 2);
    put(
        &app,
        CODE,
        dossier(
            "000.00.32.H12",
            4,
            &(today - Days::new(3)).to_string(),
            &due.to_string(),
        ),
    )
    .await;
    let text = card(&mut app, 602, "vi", CODE).await;
    let promised = due.format("%d/%m/%Y");
    let mut expected = vec![format!("Hẹn trả {promised} (còn 2 ngày làm việc)")];
    // Should Vietnam's midnight fall before the card, it counts from the new day.
    let now = local_date(Utc::now());
    if now != today {
        let left = Calendar::default().working_days_between(now, due);
        expected.push(format!("Hẹn trả {promised} (còn {left} ngày làm việc)"));
    }
    assert!(expected.iter().any(|e| text.contains(e)), "{text}");
}

#[tokio::test]
async fn a_dossier_waiting_for_papers_past_its_date_is_never_overdue() {
    let mut app = app_with(|_| {}).await;
    put(
        &app,
        CODE,
        dossier(
            "000.00.32.H12",
            4,
            "2026-10-01T08:00:00+07:00",
            "2026-10-09",
        ),
    )
    .await;
    let text = card(&mut app, 603, "vi", CODE).await;
    assert!(text.contains("Quá hạn"), "in the office's hands: {text}");
    let (status, _) = event(
        &app,
        CODE,
        json!({"event_id": "e5", "status": 5, "at": "2026-10-05T10:00:00+07:00"}),
    )
    .await;
    assert_eq!(status, 201);
    let text = card(&mut app, 603, "vi", CODE).await;
    assert!(!text.contains("Quá hạn"), "{text}");
    assert!(
        text.contains("Đang chờ Ông/Bà bổ sung giấy tờ từ ngày 05/10/2026"),
        "{text}"
    );
    event(
        &app,
        CODE,
        json!({"event_id": "e6", "status": 6, "at": "2026-10-07T10:00:00+07:00"}),
    )
    .await;
    let text = card(&mut app, 603, "en", CODE).await;
    assert!(
        text.contains("The office has been waiting since 07/10/2026 for you to pay the fees")
            && !text.contains("Overdue"),
        "{text}"
    );
}

/// A dossier promised for Fri 20/11/2026 that waited for papers from Tue
/// 03/11 to Mon 09/11 (4 working days), returned Wed 25/11; the feed sent
/// 30/11 as the new date when the papers came.
async fn returned_after_a_wait(restart: ClockRestart) -> String {
    let mut app = app_with(|s| s.dossiers.clock_restart = restart).await;
    put(
        &app,
        CODE,
        dossier(
            "000.00.32.H12",
            2,
            "2026-11-02T08:00:00+07:00",
            "2026-11-20",
        ),
    )
    .await;
    for body in [
        json!({"event_id": "a", "status": 5, "at": "2026-11-03T10:00:00+07:00"}),
        json!({"event_id": "b", "status": 4, "at": "2026-11-09T10:00:00+07:00", "new_due_at": "2026-11-30"}),
        json!({"event_id": "c", "status": 10, "at": "2026-11-25T10:00:00+07:00"}),
    ] {
        let (status, answer) = event(&app, CODE, body).await;
        assert_eq!(status, 201, "{answer}");
    }
    card(&mut app, 604, "vi", CODE).await
}

#[tokio::test]
async fn the_clock_restarts_as_configured() {
    let keep = returned_after_a_wait(ClockRestart::Keep).await;
    assert!(
        keep.contains("Trả kết quả trễ 3 ngày làm việc"),
        "kept 20/11: {keep}"
    );
    let extend = returned_after_a_wait(ClockRestart::Extend).await;
    assert!(
        extend.contains("Trả kết quả sớm 1 ngày làm việc"),
        "extended to 26/11: {extend}"
    );
    let new_date = returned_after_a_wait(ClockRestart::NewDate).await;
    assert!(
        new_date.contains("Trả kết quả sớm 3 ngày làm việc"),
        "new date 30/11: {new_date}"
    );
}

fn apologies(app: &TestApp, chat: i64) -> Vec<String> {
    app.messages_in(chat)
        .iter()
        .filter_map(|m| m.text())
        .filter(|t| t.contains("🙏"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn an_apology_reaches_followers_once_and_the_dossier_still_counts_as_late() {
    let mut app = app_with(|_| {}).await;
    let body = dossier(
        "000.00.32.H12",
        4,
        "2026-11-02T08:00:00+07:00",
        "2026-11-10",
    );
    put(&app, CODE, body.clone()).await;
    app.send_text(&citizen(605, Some("en")), "/start").await;
    app.send_text(&citizen(606, Some("vi")), "/start").await;
    app.add_follow(605, CODE).await;
    app.add_follow(606, CODE).await;
    let apology = json!({
        "event_id": "late-1", "status": 4, "at": "2026-11-12T10:00:00+07:00",
        "new_due_at": "2026-12-15", "delay_reason": "chờ kết quả xác minh",
    });
    assert_eq!(event(&app, CODE, apology.clone()).await.0, 201);
    // The same apology again, by a replayed event and by a PUT that carries it.
    assert_eq!(event(&app, CODE, apology).await.1["duplicate"], json!(true));
    let mut with_apology = body.clone();
    with_apology["new_due_at"] = json!("2026-12-15");
    with_apology["delay_reason"] = json!("chờ kết quả xác minh");
    let (_, answer) = app
        .api(Method::PUT, &format!("/dossiers/{CODE}"), with_apology)
        .await;
    assert_eq!(answer["result"], json!("unchanged"));
    // A feed that does not carry the Form 04 fields leaves the apology alone.
    let (_, answer) = app
        .api(Method::PUT, &format!("/dossiers/{CODE}"), body.clone())
        .await;
    assert_eq!(answer["result"], json!("unchanged"));
    // A later event that repeats the same date and reason is no new apology.
    let repeated = json!({
        "event_id": "late-2", "status": 4, "at": "2026-11-13T10:00:00+07:00",
        "new_due_at": "2026-12-15", "delay_reason": "chờ kết quả xác minh",
    });
    assert_eq!(event(&app, CODE, repeated).await.0, 201);
    app.drain_jobs().await;
    let en = apologies(&app, 605);
    assert_eq!(en.len(), 1, "{en:?}");
    assert!(
        en[0].contains("New return date: 15/12/2026")
            && en[0].contains("chờ kết quả xác minh")
            && en[0].contains("10/11/2026"),
        "{}",
        en[0]
    );
    let vi = apologies(&app, 606);
    assert_eq!(vi.len(), 1, "{vi:?}");
    assert!(
        vi[0].contains("Ngày hẹn trả kết quả mới: 15/12/2026"),
        "{}",
        vi[0]
    );
    let text = card(&mut app, 607, "vi", CODE).await;
    assert!(
        text.contains("Ngày hẹn trả: 10/11/2026")
            && text.contains("Hẹn trả 15/12/2026")
            && text.contains("Ngày hẹn trả mới: 15/12/2026"),
        "the first promise, the new date and the apology: {text}"
    );
    // Returned before the new date, but after the first promise: late.
    event(
        &app,
        CODE,
        json!({"event_id": "done", "status": 10, "at": "2026-11-20T10:00:00+07:00"}),
    )
    .await;
    app.drain_jobs().await;
    assert_eq!(apologies(&app, 605).len(), 1, "still once");
    app.send_text(&citizen(606, Some("vi")), &format!("/rate {CODE}"))
        .await;
    app.press(
        &citizen(606, Some("vi")),
        &app.t(Language::Vi, Key::LevelSatisfied),
    )
    .await;
    let rows = app.index(None).await;
    assert_eq!(
        rows[0].indices.get(1),
        Some(0.0),
        "late against the first promise"
    );
}

#[tokio::test]
async fn a_csv_row_brings_an_apology_once() {
    let mut app = app_with(|_| {}).await;
    let store = app.store().await;
    let header = "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,district_code,new_due_at,delay_reason\n";
    let plain = format!("{CODE},1.001193,000.00.32.H12,4,2026-11-02,2026-11-10,,direct,32047,,\n");
    load(
        &store,
        What::Dossiers,
        "d.csv",
        format!("{header}{plain}").as_bytes(),
    )
    .await
    .expect("imported");
    app.send_text(&citizen(608, Some("vi")), "/start").await;
    app.add_follow(608, CODE).await;
    let late = format!(
        "{CODE},1.001193,000.00.32.H12,4,2026-11-02,2026-11-10,,direct,32047,2026-12-01,thiếu cán bộ thẩm định\n"
    );
    // The same file again, then a new status that keeps the same apology.
    let ready = late.replacen(",4,", ",9,", 1);
    for rows in [&late, &late, &ready] {
        load(
            &store,
            What::Dossiers,
            "d.csv",
            format!("{header}{rows}").as_bytes(),
        )
        .await
        .expect("imported");
    }
    // A file without the Form 04 columns keeps the apology.
    load(
        &store,
        What::Dossiers,
        "old.csv",
        format!("code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,district_code\n{CODE},1.001193,000.00.32.H12,9,2026-11-02,2026-11-10,,direct,32047\n").as_bytes(),
    )
    .await
    .expect("imported");
    let kept: Option<String> = sqlx::query_scalar("SELECT new_due_at FROM dossiers WHERE code = ?")
        .bind(CODE)
        .fetch_one(&mut *store.read().await.expect("a connection"))
        .await
        .expect("a dossier");
    assert_eq!(kept.as_deref(), Some("2026-12-01"));
    app.drain_jobs().await;
    let got = apologies(&app, 608);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].contains("01/12/2026"), "{}", got[0]);
    // Through the command as staff type it: the refusal names line and column.
    let reason_alone =
        format!("{CODE},1.001193,000.00.32.H12,4,2026-11-02,2026-11-10,,direct,32047,,lý do\n");
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("d.csv");
    std::fs::write(&file, format!("{header}{reason_alone}")).expect("written");
    let out = app
        .cli(&["import", "dossiers", &file.display().to_string()], "")
        .await;
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && errors.contains("d.csv:2: delay_reason"),
        "{errors}"
    );
}

#[tokio::test]
async fn the_late_report_shows_each_agency_with_its_apologies() {
    let app = app_with(|_| {}).await;
    let returned = |code: &str, agency: &str, due: &str, back: &str| {
        let mut body = dossier(agency, 10, "2026-11-02T08:00:00+07:00", due);
        body["returned_at"] = json!(back);
        (code.to_owned(), body)
    };
    let rows = [
        // Due Tue 10/11, back Fri 13/11: 3 working days late, with an apology.
        returned(
            "000.00.32.H12-261102-0011",
            "000.00.32.H12",
            "2026-11-10",
            "2026-11-13T10:00:00+07:00",
        ),
        // Due Tue 10/11, back Mon 16/11: 4 working days late.
        returned(
            "000.00.32.H12-261102-0012",
            "000.00.32.H12",
            "2026-11-10",
            "2026-11-16T10:00:00+07:00",
        ),
        // On time.
        returned(
            "000.00.05.H12-261102-0013",
            "000.00.05.H12",
            "2026-11-10",
            "2026-11-10T10:00:00+07:00",
        ),
        // Received and promised before the period.
        {
            let (code, mut body) = returned(
                "000.00.05.H12-261102-0014",
                "000.00.05.H12",
                "2026-10-10",
                "2026-11-13T10:00:00+07:00",
            );
            body["received_at"] = json!("2026-10-01T08:00:00+07:00");
            (code, body)
        },
    ];
    for (i, (code, mut body)) in rows.into_iter().enumerate() {
        if i == 0 {
            body["new_due_at"] = json!("2026-11-13");
            body["delay_reason"] = json!("mất điện");
        }
        put(&app, &code, body).await;
    }
    let out = app
        .cli(
            &[
                "report",
                "late",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
            ],
            "",
        )
        .await;
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Trễ hạn") && text.contains("Đã xin lỗi"),
        "{text}"
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("000.00.32.H12"))
        .unwrap_or_else(|| panic!("a row for the U Minh shop: {text}"));
    let cells: Vec<&str> = line.split('|').map(str::trim).collect();
    assert_eq!(cells[1..], ["2", "1", "3,5", "4"], "{line}");
    assert!(
        !text.contains("000.00.05.H12"),
        "on time and out of the period: {text}"
    );
    let out = app
        .cli(
            &["report", "late", "--from", "2026-12-01", "--lang", "en"],
            "",
        )
        .await;
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("No late dossiers in this period."),
        "{out:?}"
    );
}
