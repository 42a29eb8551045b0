//! Around citizen feedback cases: the deadline job under a clock the test
//! sets, the cases API with a real HTTP client, `hailong cases export` as
//! typed, and Decision 766's feedback figures on a hand-computed fixture.
//! Cases are made with the store's own `open` and `apply`, as the chat does.

use chrono::{DateTime, NaiveDate, Utc};
use hailong::domain::case::{Actor, CaseAction, CaseBody, CaseKind, CaseRating, Subject};
use hailong::domain::{AgencyCode, CaseId, ChatId, Language, UserId};
use hailong::store::cases::{self, Act, NewCase};
use reqwest::Method;
use serde_json::Value;

use crate::helpers::{API_TOKEN, STAFF_CHAT, TestApp, citizen};

/// Agency A has a staff chat (`STAFF_CHAT`); agency B has none.
const A: &str = "000.00.32.H12";
const B: &str = "000.00.05.H12";
/// A citizen's chat id, which must never leave in the API or an export.
const CITIZEN_CHAT: i64 = 987_654_321;
const INTAKE: i64 = -100_999;
const ADMIN: i64 = 900;
/// The staff member who takes a case: reminded in their private chat.
const ASSIGNEE: i64 = 700;
/// Staff who read `/stats`, and hold no case: the running deadline job,
/// on the real clock, may remind the assignee of an overdue fixture case.
const STATS_READER: i64 = 701;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 time")
}

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

/// Opens a case of `agency` at `opened`, due on `due`.
async fn open_case(app: &TestApp, agency: &str, opened: &str, due: &str, body: &str) -> CaseId {
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let new = NewCase {
        subject: Subject::Agency,
        dossier: None,
        procedure: None,
        agency: Some(AgencyCode::parse(agency).expect("a code")),
        kind: CaseKind::Delay,
        body: CaseBody::parse(body).expect("a body"),
        language: Language::Vi,
        publish: false,
        photos: vec!["photo-file-id".into()],
        held: false,
        due_day: day(due),
    };
    let (id, _) = cases::open(&mut tx, ChatId(CITIZEN_CHAT), &new, at(opened))
        .await
        .expect("opened");
    tx.commit().await.expect("committed");
    id
}

/// Moves a case as the chat would: staff take or answer it (the answer
/// with its text and time), the citizen rates or withdraws it.
async fn act(app: &TestApp, id: CaseId, action: CaseAction, when: &str) {
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let actor = match action {
        CaseAction::Rate(_) | CaseAction::Withdraw => Actor::Citizen,
        _ => Actor::Staff,
    };
    let user = (actor == Actor::Staff).then_some(UserId(ASSIGNEE));
    let act = Act {
        actor,
        user,
        action,
        note: None,
    };
    cases::apply(&mut tx, id, act, at(when))
        .await
        .expect("read")
        .expect("the action applies");
    let extra = match action {
        CaseAction::Take => "UPDATE cases SET assignee = ?2 WHERE id = ?1",
        CaseAction::Answer => {
            "UPDATE cases SET answer = 'Đã xử lý, xin cảm ơn Ông/Bà.', answered_at = ?3 WHERE id = ?1"
        }
        _ => "SELECT ?1, ?2, ?3",
    };
    sqlx::query(extra)
        .bind(id)
        .bind(ASSIGNEE)
        .bind(hailong::store::time_text(at(when)))
        .execute(&mut *tx)
        .await
        .expect("the action's data");
    tx.commit().await.expect("committed");
}

async fn set_due(app: &TestApp, id: CaseId, due: &str) {
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    sqlx::query("UPDATE cases SET due_day = ? WHERE id = ?")
        .bind(due)
        .bind(id)
        .execute(&mut *tx)
        .await
        .expect("a new due day");
    tx.commit().await.expect("committed");
}

/// The running job ticks by the real clock: cases here stay as the test
/// moves them unless a test asks for unrated answers to be closed.
pub(crate) async fn cases_app() -> TestApp {
    cases_app_closing_after(0).await
}

async fn cases_app_closing_after(days: u32) -> TestApp {
    let app = TestApp::spawn_with(|s| {
        s.roles.admins = vec![ADMIN];
        s.feedback.intake_chat = Some(INTAKE);
        s.feedback.close_unrated_after_days = days;
    })
    .await;
    app.seed_catalog().await;
    app.add_citizens(ASSIGNEE..ASSIGNEE + 1, Some("vi")).await;
    app
}

fn texts(app: &TestApp, chat: i64) -> Vec<String> {
    app.messages_in(chat)
        .iter()
        .map(|m| m.text().unwrap_or_default().to_owned())
        .collect()
}

/// Ticks the deadline job as at `now` (twice: a second tick the same day
/// must tell no one again), then drains the outbox.
async fn tick(app: &TestApp, now: &str) {
    app.tick_case_deadlines(at(now)).await;
    app.tick_case_deadlines(at(now)).await;
    app.drain_jobs().await;
}

// Cases opened in 2030, far from the real clock, which the running job ticks by.
#[tokio::test]
async fn holders_are_reminded_at_half_time_and_on_the_last_day_and_admins_told_when_overdue() {
    let app = cases_app().await;
    // Monday 4/3/2030, 10 working days: due Monday 18/3; half time Monday 11/3.
    let taken = open_case(&app, A, "2030-03-04T02:00:00Z", "2030-03-18", "Hồ sơ chậm").await;
    act(&app, taken, CaseAction::Take, "2030-03-04T03:00:00Z").await;
    // Agency B has no staff chat: the province's intake holds it.
    let intake = open_case(&app, B, "2030-03-04T02:30:00Z", "2030-03-18", "Nhũng nhiễu").await;
    // Agency A's staff chat, nobody took it yet.
    open_case(&app, A, "2030-03-04T04:00:00Z", "2030-03-18", "Giấy tờ").await;

    tick(&app, "2030-03-08T03:00:00Z").await;
    for chat in [ASSIGNEE, INTAKE, STAFF_CHAT, ADMIN] {
        assert!(texts(&app, chat).is_empty(), "nothing before half time");
    }

    tick(&app, "2030-03-11T01:00:00Z").await;
    tick(&app, "2030-03-12T01:00:00Z").await;
    let half = |chat| texts(&app, chat);
    assert_eq!(half(ASSIGNEE).len(), 1, "{:?}", half(ASSIGNEE));
    assert!(half(ASSIGNEE)[0].contains("PA-300304-0001"));
    assert!(
        half(ASSIGNEE)[0].contains("quá nửa thời hạn") && half(ASSIGNEE)[0].contains("18/03/2030")
    );
    assert_eq!(half(INTAKE).len(), 1);
    assert!(half(INTAKE)[0].contains("PA-300304-0002"));
    assert_eq!(half(STAFF_CHAT).len(), 1);
    assert!(half(STAFF_CHAT)[0].contains("PA-300304-0003"));

    // The intake answers on the last day: no escalation for it.
    tick(&app, "2030-03-18T01:00:00Z").await;
    act(&app, intake, CaseAction::Answer, "2030-03-18T05:00:00Z").await;
    for chat in [ASSIGNEE, INTAKE, STAFF_CHAT] {
        let got = texts(&app, chat);
        assert_eq!(got.len(), 2, "one last-day reminder more: {got:?}");
        assert!(got[1].contains("hạn cuối"), "{got:?}");
    }

    tick(&app, "2030-03-19T01:00:00Z").await;
    tick(&app, "2030-03-25T01:00:00Z").await;
    let admin = texts(&app, ADMIN);
    assert_eq!(admin.len(), 2, "each overdue case once: {admin:?}");
    assert!(admin.iter().any(|t| t.contains("PA-300304-0001")));
    assert!(admin.iter().any(|t| t.contains("PA-300304-0003")));
    assert!(admin.iter().all(|t| t.contains("quá hạn")));
    for chat in [ASSIGNEE, INTAKE, STAFF_CHAT] {
        assert_eq!(texts(&app, chat).len(), 2, "holders are not told again");
    }

    // Each telling is in the case's history, by the system.
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    let told: Vec<(String, String)> = cases::history(&mut conn, taken)
        .await
        .expect("history")
        .into_iter()
        .filter(|h| h.actor == "system")
        .map(|h| (h.action, h.to_state))
        .collect();
    let acknowledged = "acknowledged".to_owned();
    assert_eq!(
        told,
        [
            ("remind_half_time".to_owned(), acknowledged.clone()),
            ("remind_last_day".to_owned(), acknowledged.clone()),
            ("escalate".to_owned(), acknowledged),
        ]
    );
}

#[tokio::test]
async fn a_reopened_case_is_reminded_again_for_its_new_deadline() {
    let app = cases_app().await;
    let id = open_case(&app, A, "2030-03-04T02:00:00Z", "2030-03-18", "Hồ sơ chậm").await;
    tick(&app, "2030-03-11T01:00:00Z").await;
    act(&app, id, CaseAction::Answer, "2030-03-12T01:00:00Z").await;
    act(
        &app,
        id,
        CaseAction::Rate(CaseRating::NotSatisfied),
        "2030-03-13T01:00:00Z",
    )
    .await;
    // Reopened on Wednesday 13/3: 10 working days more, to Wednesday 27/3.
    set_due(&app, id, "2030-03-27").await;
    tick(&app, "2030-03-19T01:00:00Z").await;
    tick(&app, "2030-03-20T01:00:00Z").await;
    let got = texts(&app, STAFF_CHAT);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[1].contains("27/03/2030"), "{got:?}");
}

#[tokio::test]
async fn an_answer_nobody_rated_is_closed_after_seven_days() {
    let app = cases_app_closing_after(7).await;
    let id = open_case(&app, A, "2030-03-04T02:00:00Z", "2030-03-18", "Hồ sơ chậm").await;
    act(&app, id, CaseAction::Answer, "2030-03-06T02:00:00Z").await;
    let state = || async {
        let store = app.store().await;
        let mut conn = store.read().await.expect("a connection");
        let case = cases::get(&mut conn, id)
            .await
            .expect("read")
            .expect("a case");
        let history = cases::history(&mut conn, id).await.expect("history");
        let last = history.last().map(|h| (h.actor.clone(), h.action.clone()));
        (case.state.as_str(), last)
    };
    tick(&app, "2030-03-13T01:59:00Z").await;
    assert_eq!(state().await.0, "answered", "not before seven days");
    tick(&app, "2030-03-13T02:01:00Z").await;
    tick(&app, "2030-03-14T02:01:00Z").await;
    assert_eq!(
        state().await,
        (
            "closed",
            Some(("system".to_owned(), "close_unrated".to_owned()))
        )
    );
}

/// Three cases, each updated at its own time.
pub(crate) async fn three_cases(app: &TestApp) -> [CaseId; 3] {
    let first = open_case(app, A, "2026-11-02T02:00:00Z", "2026-11-16", "Một").await;
    let second = open_case(app, B, "2026-11-03T02:00:00Z", "2026-11-17", "Hai").await;
    let third = open_case(app, A, "2026-11-04T02:00:00Z", "2026-11-18", "Ba").await;
    act(app, first, CaseAction::Take, "2026-11-05T02:00:00Z").await;
    act(app, first, CaseAction::Answer, "2026-11-06T02:00:00Z").await;
    [first, second, third]
}

async fn get_json(app: &TestApp, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(app.api_url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("the API answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    assert!(
        !text.contains(&CITIZEN_CHAT.to_string()) && !text.contains(&ASSIGNEE.to_string()),
        "no chat identity leaves: {text}"
    );
    (status, serde_json::from_str(&text).expect("JSON"))
}

fn numbers(page: &Value) -> Vec<String> {
    page["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["number"].as_str().expect("a number").to_owned())
        .collect()
}

#[tokio::test]
async fn the_api_lists_cases_by_update_page_by_page_and_since_a_time() {
    let app = cases_app().await;
    three_cases(&app).await;
    let (status, first) = get_json(&app, "/cases?limit=2", Some(API_TOKEN)).await;
    assert_eq!(status, 200, "{first}");
    // Updated last, the answered case comes last.
    assert_eq!(numbers(&first), ["PA-261103-0001", "PA-261104-0001"]);
    let case = &first["cases"][0];
    assert_eq!(case["citizen"], "#1");
    assert_eq!(case["agency"], B);
    assert_eq!(case["state"], "received");
    assert_eq!(case["due_day"], "2026-11-17");
    assert_eq!(case["overdue"], true);
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let (_, second) = get_json(
        &app,
        &format!("/cases?limit=2&cursor={cursor}"),
        Some(API_TOKEN),
    )
    .await;
    assert_eq!(numbers(&second), ["PA-261102-0001"]);
    assert_eq!(second["cases"][0]["state"], "answered");
    assert_eq!(second["cases"][0]["overdue"], false);
    assert_eq!(second["next_cursor"], Value::Null);

    let (_, since) = get_json(
        &app,
        "/cases?since=2026-11-05T09:00:00%2B07:00",
        Some(API_TOKEN),
    )
    .await;
    assert_eq!(numbers(&since), ["PA-261102-0001"]);

    let (status, one) = get_json(&app, "/cases/pa-261102-0001", Some(API_TOKEN)).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["answer"], "Đã xử lý, xin cảm ơn Ông/Bà.");
    assert_eq!(one["photos"], 1);
    // The running deadline job may escalate this case, dated weeks ago, at
    // any moment: the moves people made are the ones checked here.
    let moves: Vec<(&str, &str)> = one["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|h| h["actor"] != "system")
        .map(|h| {
            (
                h["actor"].as_str().unwrap_or(""),
                h["action"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [("citizen", "open"), ("staff", "take"), ("staff", "answer")]
    );

    assert_eq!(get_json(&app, "/cases", None).await.0, 401);
    assert_eq!(get_json(&app, "/cases", Some("wrong")).await.0, 401);
    assert_eq!(
        get_json(&app, "/cases/PA-261102-0009", Some(API_TOKEN))
            .await
            .0,
        404
    );
    let (status, invalid) =
        get_json(&app, "/cases?limit=0&since=soon&cursor=x", Some(API_TOKEN)).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = invalid["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(fields, ["since", "limit", "cursor"]);
    // The document describes both.
    let (_, doc) = app.api(Method::GET, "/openapi.json", Value::Null).await;
    assert!(doc["paths"]["/api/v1/cases"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/cases/{number}"]["get"].is_object());
}

#[tokio::test]
async fn cases_export_as_csv_and_as_a_workbook() {
    use calamine::{Data, DataType, Reader};
    let app = cases_app().await;
    three_cases(&app).await;
    let out = app
        .cli(
            &[
                "cases",
                "export",
                "--from",
                "02/11/2026",
                "--to",
                "2026-11-03",
                "--lang",
                "en",
            ],
            "",
        )
        .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).expect("UTF-8");
    let csv = csv.strip_prefix('\u{feff}').expect("a BOM, for Excel");
    assert!(!csv.contains(&CITIZEN_CHAT.to_string()) && !csv.contains(&ASSIGNEE.to_string()));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "a header and the two cases of those days: {csv}"
    );
    assert!(
        lines[0].starts_with("Case number,Received on,Citizen,"),
        "{csv}"
    );
    assert!(
        lines[1].starts_with("PA-261102-0001,02/11/2026,#1,agency,delay,000.00.32.H12,"),
        "{csv}"
    );
    assert!(
        lines[1].contains(",answered,16/11/2026,06/11/2026,Yes,"),
        "{csv}"
    );

    let path = app.dir().join("phan-anh.xlsx");
    let out = app
        .cli(
            &[
                "cases",
                "export",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--format",
                "xlsx",
                "--out",
                path.to_str().expect("a path"),
            ],
            "",
        )
        .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("a workbook");
    assert_eq!(book.sheet_names(), ["Phản ánh, kiến nghị"]);
    let sheet = book
        .worksheet_range("Phản ánh, kiến nghị")
        .expect("the sheet");
    assert_eq!(
        sheet.get_value((5, 0)),
        Some(&Data::String("Số phản ánh".into()))
    );
    assert_eq!(
        sheet.get_value((8, 0)),
        Some(&Data::String("PA-261104-0001".into()))
    );
    assert_eq!(
        sheet.get_value((6, 10)).and_then(DataType::as_date),
        Some(day("2026-11-16")),
        "the due day is a date"
    );
    assert_eq!(sheet.get_value((6, 12)), Some(&Data::String("Có".into())));
    assert!(
        matches!(sheet.get_value((7, 12)), None | Some(Data::Empty)),
        "not answered: neither on time nor late"
    );

    let out = app
        .cli(
            &[
                "cases",
                "export",
                "--from",
                "2026-11-30",
                "--to",
                "2026-11-01",
            ],
            "",
        )
        .await;
    assert_eq!(out.status.code(), Some(2));
}

/// Agency A, all opened 5/10/2026 and due 19/10: a1 answered 15/10 and
/// rated satisfied; a2 answered 20/10, late; a3 answered 12/10, rated not
/// satisfied, reopened (due 26/10) and answered 22/10; a4 still open;
/// a5 withdrawn. Agency B: b1 answered 16/10 and rated satisfied.
///
/// A: due 4 (a1–a4), on time 2 (a1, a3) = 50 %; first-time 4, not satisfied
/// 3 (a2 late, a3 reopened, a4 overdue) = 25 %. B: 100 % and 100 %.
/// All: on time 3 of 5 = 60 %; satisfaction (5 − 3) of 5 = 40 %.
async fn feedback_fixture(app: &TestApp) {
    let opened = "2026-10-05T03:00:00Z";
    let a1 = open_case(app, A, opened, "2026-10-19", "a1").await;
    act(app, a1, CaseAction::Answer, "2026-10-15T03:00:00Z").await;
    act(
        app,
        a1,
        CaseAction::Rate(CaseRating::Satisfied),
        "2026-10-15T04:00:00Z",
    )
    .await;
    let a2 = open_case(app, A, opened, "2026-10-19", "a2").await;
    act(app, a2, CaseAction::Answer, "2026-10-20T03:00:00Z").await;
    let a3 = open_case(app, A, opened, "2026-10-19", "a3").await;
    act(app, a3, CaseAction::Answer, "2026-10-12T03:00:00Z").await;
    act(
        app,
        a3,
        CaseAction::Rate(CaseRating::NotSatisfied),
        "2026-10-12T04:00:00Z",
    )
    .await;
    set_due(app, a3, "2026-10-26").await;
    act(app, a3, CaseAction::Answer, "2026-10-22T03:00:00Z").await;
    let a4 = open_case(app, A, opened, "2026-10-19", "a4").await;
    act(app, a4, CaseAction::Take, "2026-10-06T03:00:00Z").await;
    let a5 = open_case(app, A, opened, "2026-10-19", "a5").await;
    act(app, a5, CaseAction::Withdraw, "2026-10-06T03:00:00Z").await;
    let b1 = open_case(app, B, opened, "2026-10-19", "b1").await;
    act(app, b1, CaseAction::Answer, "2026-10-16T03:00:00Z").await;
    act(
        app,
        b1,
        CaseAction::Rate(CaseRating::Satisfied),
        "2026-10-16T04:00:00Z",
    )
    .await;
}

#[tokio::test]
async fn the_766_feedback_figures_match_the_hand_computed_fixture() {
    let mut app = TestApp::spawn_with(|s| {
        s.roles.staff = vec![STATS_READER];
        s.feedback.close_unrated_after_days = 0;
    })
    .await;
    app.seed_catalog().await;
    feedback_fixture(&app).await;

    let index = |by: Option<&'static str>| {
        let app = &app;
        async move {
            let mut args = vec![
                "index",
                "--from",
                "01/10/2026",
                "--to",
                "31/10/2026",
                "--format",
                "json",
            ];
            if let Some(by) = by {
                args.extend(["--by", by]);
            }
            let out = app.cli(&args, "").await;
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("JSON rows")
        }
    };
    let all = index(None).await;
    assert_eq!(all[0]["d766_feedback_on_time"], 60.0);
    assert_eq!(all[0]["d766_feedback_satisfaction"], 40.0);
    assert_eq!(
        (
            all[0]["d766_feedback_due"].as_i64(),
            all[0]["d766_feedback_first_time"].as_i64()
        ),
        (Some(5), Some(5))
    );
    assert!(
        all[0]["formula"]["d766_feedback_satisfaction"]
            .as_str()
            .is_some_and(|f| f.contains("first_time")),
        "{}",
        all[0]["formula"]
    );
    let agencies = index(Some("agency")).await;
    let of = |code: &str| {
        agencies
            .iter()
            .find(|r| r["group"] == code)
            .unwrap_or_else(|| panic!("no row {code}"))
            .clone()
    };
    assert_eq!(
        (
            of(A)["d766_feedback_on_time"].as_f64(),
            of(A)["d766_feedback_satisfaction"].as_f64()
        ),
        (Some(50.0), Some(25.0))
    );
    assert_eq!(
        (
            of(B)["d766_feedback_on_time"].as_f64(),
            of(B)["d766_feedback_satisfaction"].as_f64()
        ),
        (Some(100.0), Some(100.0))
    );
    // No dossiers were returned: the dossier figures stay null beside them.
    assert_eq!(of(A)["d766_dossier_satisfaction"], Value::Null);

    // A month without cases has no figure at all, not 100.
    let out = app
        .cli(
            &[
                "index",
                "--from",
                "01/09/2026",
                "--to",
                "30/09/2026",
                "--format",
                "json",
            ],
            "",
        )
        .await;
    let september: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON rows");
    assert!(
        september
            .iter()
            .all(|r| r["d766_feedback_on_time"].is_null()),
        "{september:?}"
    );

    // Staff read them in /stats (this year by default).
    let staff = citizen(STATS_READER, Some("en"));
    app.send_text(&staff, "/stats").await;
    let summary = app.messages_in(STATS_READER)[0]
        .text()
        .unwrap_or_default()
        .to_owned();
    assert!(
        summary.contains("Feedback handled on time: 60.0% (of 5 due)")
            && summary.contains(
                "satisfaction with the handling of feedback: 40.0% (of 5 first-time cases)"
            ),
        "{summary}"
    );
}
