//! Step times at each agency through the ingest API (a real HTTP client) and
//! a CSV file imported with `hailong import` as typed; Circular 01's index 2
//! measured from them.

use hailong::domain::satisfaction::GroupBy;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;

const A: &str = "000.00.32.H12";
const B: &str = "000.00.05.H12";

async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    app
}

/// Received Tue 03/11/2026, promised Tue 10/11/2026, returned at `returned_at`.
fn returned(agency: &str, returned_at: &str, steps: Option<Value>) -> Value {
    let mut body = json!({
        "procedure_code": "1.001193",
        "agency_code": agency,
        "status": 10,
        "received_at": "2026-11-03T08:15:00+07:00",
        "due_at": "2026-11-10",
        "returned_at": returned_at,
        "channel": "direct",
        "commune_code": "32047",
    });
    if let Some(steps) = steps {
        body["steps"] = steps;
    }
    body
}

fn step(agency: &str, started: &str, finished: &str) -> Value {
    json!({"agency": agency, "started": started, "finished": finished})
}

fn errors(answer: &Value) -> Vec<(String, String)> {
    answer["errors"]
        .as_array()
        .expect("a list of errors")
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or_default().to_owned(),
                e["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn index_2_is_measured_exactly_for_the_groups_whose_dossiers_carry_steps() {
    let app = app().await;
    let put = |code: &str, body: Value| {
        let path = format!("/dossiers/{code}");
        let app = &app;
        async move { app.api(Method::PUT, &path, body).await.0 }
    };
    // Agency B: returned, no steps.
    assert_eq!(
        put("B-1", returned(B, "2026-11-10T10:00:00+07:00", None)).await,
        201
    );
    let rows = app.index(None).await;
    assert_eq!((rows[0].returned, rows[0].indices.get(2)), (1, None));
    // Agency A: both steps of A-1 end by the promise (Tue 10/11); A-2's
    // second step ends Wed 11/11, one working day after it.
    let on_time = json!([
        step(A, "2026-11-03T08:30:00+07:00", "2026-11-05T17:00:00+07:00"),
        step(B, "2026-11-06T08:00:00+07:00", "2026-11-10T09:00:00+07:00"),
    ]);
    let late = json!([
        step(A, "2026-11-03T08:30:00+07:00", "2026-11-04T17:00:00+07:00"),
        step(B, "2026-11-05T08:00:00+07:00", "2026-11-11T16:00:00+07:00"),
    ]);
    let a2_late = returned(A, "2026-11-12T10:00:00+07:00", Some(late));
    assert_eq!(
        put(
            "A-1",
            returned(A, "2026-11-10T10:00:00+07:00", Some(on_time))
        )
        .await,
        201
    );
    assert_eq!(put("A-2", a2_late.clone()).await, 201);
    // 2 × 1 on time ÷ 2 with steps = 1; B has no steps: null.
    let rows = app.index(Some(GroupBy::Agency)).await;
    let (b, a) = (&rows[0], &rows[1]);
    assert_eq!((a.group.as_str(), b.group.as_str()), (A, B));
    assert_eq!((a.indices.get(2), b.indices.get(2)), (Some(1.0), None));
    assert_eq!(a.indices_measured, Some(1), "only index 2: no responses");
    // Steps sent again replace the stored ones: A-2's second step on time.
    let fixed = json!([
        step(A, "2026-11-03T08:30:00+07:00", "2026-11-04T17:00:00+07:00"),
        step(B, "2026-11-05T08:00:00+07:00", "2026-11-10T16:00:00+07:00"),
    ]);
    let a2_fixed = returned(A, "2026-11-12T10:00:00+07:00", Some(fixed));
    let path = "/dossiers/A-2";
    assert_eq!(
        app.api(Method::PUT, path, a2_fixed).await,
        (200, json!({"code": "A-2", "result": "updated"}))
    );
    assert_eq!(
        app.index(Some(GroupBy::Agency)).await[1].indices.get(2),
        Some(2.0)
    );
    // A body without steps leaves them.
    let mut no_steps = a2_late;
    no_steps.as_object_mut().expect("an object").remove("steps");
    assert_eq!(
        app.api(Method::PUT, path, no_steps).await,
        (200, json!({"code": "A-2", "result": "unchanged"}))
    );
    let rows = app.index(Some(GroupBy::Agency)).await;
    assert_eq!(rows[1].indices.get(2), Some(2.0));
    // A-2 is still late as a whole: 1 of A's 2 returned.
    assert_eq!(rows[1].d766_overdue_share, Some(50.0));
}

#[tokio::test]
async fn bad_steps_are_422_naming_the_step_and_nothing_is_written() {
    let app = app().await;
    let path = "/dossiers/A-1";
    let returned_at = "2026-11-10T10:00:00+07:00";
    for (steps, expected) in [
        (
            json!([step(
                A,
                "2026-11-05T08:00:00+07:00",
                "2026-11-04T08:00:00+07:00"
            )]),
            "step 1: finished before it started",
        ),
        (
            json!([
                step(A, "2026-11-03T08:30:00+07:00", "2026-11-04T17:00:00+07:00"),
                step(B, "2026-11-05T08:00:00+07:00", "2026-11-10T11:00:00+07:00"),
            ]),
            "step 2: finished after returned_at",
        ),
        (
            json!([step(
                A,
                "2026-11-03T08:00:00+07:00",
                "2026-11-04T08:00:00+07:00"
            )]),
            "step 1: started before received_at",
        ),
        (
            json!([step(
                "000.00.99.H12",
                "2026-11-04T08:00:00+07:00",
                "2026-11-05T08:00:00+07:00"
            )]),
            "step 1: no agency 000.00.99.H12; import agencies first",
        ),
        (
            json!([{"agency": A, "started": "2026-11-04T08:00:00+07:00"}]),
            "step 1: finished: ",
        ),
        (
            json!(format!("{A}@2026-11-04 08:00..2026-11-05 08:00")),
            "expected an array of {agency, started, finished}",
        ),
    ] {
        let (status, answer) = app
            .api(Method::PUT, path, returned(A, returned_at, Some(steps)))
            .await;
        let errors = errors(&answer);
        assert_eq!(status, 422, "{answer}");
        assert!(
            errors.len() == 1 && errors[0].0 == "steps" && errors[0].1.starts_with(expected),
            "{expected}: {errors:?}"
        );
    }
    let (status, _) = app
        .api(Method::PUT, path, returned(A, returned_at, None))
        .await;
    assert_eq!(status, 201, "none of the refused bodies wrote the dossier");
}

const HEADER: &str = "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code,steps\n";

/// A dossier row received Tue 03/11, promised Tue 10/11, with a `steps` cell.
fn row(code: &str, returned_at: &str, steps: &str) -> String {
    format!(
        "{code},1.001193,{A},10,2026-11-03T08:15:00+07:00,2026-11-10,{returned_at},direct,32047,{steps}\n"
    )
}

#[tokio::test]
async fn a_csv_steps_cell_is_read_by_hailong_import_and_bad_ones_are_line_errors() {
    let app = app().await;
    let bad = [
        row("X-1", "2026-11-10T10:00:00+07:00", &format!("{A}@2026-11-05 08:00..2026-11-04 08:00")),
        row(
            "X-2",
            "2026-11-10T10:00:00+07:00",
            &format!("{A}@2026-11-03 08:30..2026-11-04 17:00|000.00.99.H12@2026-11-05 08:00..2026-11-06 08:00"),
        ),
        row("X-3", "2026-11-10T10:00:00+07:00", &format!("{A}@2026-11-03 08:30..2026-11-10 11:00")),
        row("X-4", "2026-11-10T10:00:00+07:00", &format!("{A} 2026-11-03 08:30")),
    ]
    .concat();
    std::fs::write(app.dir().join("bad.csv"), format!("{HEADER}{bad}")).expect("written");
    let out = app.cli(&["import", "dossiers", "bad.csv"], "").await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    for line in [
        "bad.csv:2: steps: step 1: finished before it started",
        "bad.csv:3: steps: step 2: no agency 000.00.99.H12; import agencies first",
        "bad.csv:4: steps: step 1: finished after returned_at",
        "bad.csv:5: steps: step 1: not AGENCY@STARTED..FINISHED",
        "4 problem(s) in bad.csv; nothing was imported",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    assert!(app.index(None).await.is_empty(), "nothing was imported");
    // As Excel writes it under Vietnamese settings: day-first times.
    let good = [
        row(
            "C-1",
            "2026-11-10T10:00:00+07:00",
            &format!(
                "{A}@03/11/2026 08:30..05/11/2026 17:00|{B}@06/11/2026 08:00..10/11/2026 09:00"
            ),
        ),
        row(
            "C-2",
            "2026-11-12T10:00:00+07:00",
            &format!(
                "{A}@2026-11-03 08:30..2026-11-04 17:00|{B}@2026-11-05 08:00..2026-11-11 16:00"
            ),
        ),
        row("C-3", "2026-11-10T10:00:00+07:00", ""),
    ]
    .concat();
    std::fs::write(app.dir().join("good.csv"), format!("{HEADER}{good}")).expect("written");
    let out = app.cli(&["import", "dossiers", "good.csv"], "").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // 3 returned; of the 2 with steps 1 on time: 2 × 1 ÷ 2.
    let rows = app.index(None).await;
    assert_eq!((rows[0].returned, rows[0].indices.get(2)), (3, Some(1.0)));
    // Imported again with C-2's late step fixed: the steps are replaced. A
    // returned dossier's row changes it only with its `status_at` (a
    // snapshot does not touch a final status).
    let fixed = row(
        "C-2",
        "2026-11-12T10:00:00+07:00",
        &format!("{A}@2026-11-03 08:30..2026-11-04 17:00|{B}@2026-11-05 08:00..2026-11-10 16:00"),
    );
    let dated = format!(
        "{},status_at\n{},2026-11-12T10:00:00+07:00\n",
        HEADER.trim_end(),
        fixed.trim_end()
    );
    std::fs::write(app.dir().join("fixed.csv"), dated).expect("written");
    let out = app.cli(&["import", "dossiers", "fixed.csv"], "").await;
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("1 updated"), "{summary}");
    assert_eq!(app.index(None).await[0].indices.get(2), Some(2.0));
}
