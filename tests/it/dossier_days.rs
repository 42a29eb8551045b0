//! Decision 766's figures from each returned dossier's lateness, decided when
//! it is settled and summed per day: the same figures as deciding them at
//! read time, also for dossiers returned before the figures were kept, and
//! right after a re-import that changes a status.

use hailong::domain::satisfaction::GroupBy;
use hailong::domain::{DossierCode, Level, Scale, UserId};
use hailong::store::dossiers::stored_dossier;
use hailong::store::survey::{self, NewResponse};
use serde_json::Value;

use crate::helpers::TestApp;

const A: &str = "000.00.32.H12";
const B: &str = "000.00.05.H12";
const HEADER: &str = "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code,new_due_at,delay_reason\n";

/// All received Mon 02/11/2026 and promised Tue 10/11/2026 (working days).
fn row(code: &str, agency: &str, status: u8, returned_at: &str, apology: &str) -> String {
    format!(
        "{code},1.001193,{agency},{status},2026-11-02T08:00:00+07:00,2026-11-10,{returned_at},direct,32047,{apology}\n"
    )
}

async fn import(app: &TestApp, name: &str, rows: &[String]) {
    std::fs::write(app.dir().join(name), format!("{HEADER}{}", rows.concat())).expect("written");
    let out = app.cli(&["import", "dossiers", name], "").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Agency A: A-1 on time (Tue 10/11, late in the evening in Vietnam, which
/// is still the 10th), A-2 early, A-3 late (Thu 12/11), A-4 late with a Form
/// 04 apology, A-5 still in the office. Agency B: B-1 returned Sat 14/11
/// after a promise of Fri 13/11: no working day late. One "Không hài lòng"
/// on A-1.
async fn fixture() -> TestApp {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    import(
        &app,
        "week.csv",
        &[
            row("A-1", A, 10, "2026-11-10T22:00:00+07:00", ","),
            row("A-2", A, 10, "2026-11-09T10:00:00+07:00", ","),
            row("A-3", A, 10, "2026-11-12T10:00:00+07:00", ","),
            row("A-4", A, 10, "2026-11-13T10:00:00+07:00", "2026-11-13,Chờ kết quả xác minh"),
            row("A-5", A, 4, "", ","),
            format!(
                "B-1,1.001193,{B},10,2026-11-02T08:00:00+07:00,2026-11-13,2026-11-14T09:00:00+07:00,direct,32047,,\n"
            ),
        ],
    )
    .await;
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let id = stored_dossier(&mut tx, &DossierCode::parse("A-1").expect("a code"))
        .await
        .expect("read")
        .expect("stored")
        .id;
    let facts = survey::dossier_facts(&mut tx, id)
        .await
        .expect("read")
        .expect("facts");
    let response = NewResponse {
        dossier_id: id,
        user_id: UserId(9_001),
        verified: false,
        held: false,
        scale: Scale::Three,
        overall: Level::NotSatisfied,
        scores: Vec::new(),
        facts: &facts,
    };
    survey::insert_response(&mut tx, &response, None)
        .await
        .expect("inserted");
    tx.commit().await.expect("commit");
    app
}

fn index_json(app: &TestApp) -> Vec<Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(["index", "--by", "agency", "--format", "json"])
        .env_clear()
        .env("HAILONG_DATABASE_URL", app.database_url())
        .output()
        .expect("hailong runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON array")
}

/// (returned, overdue %, apologized %, on time %, disliked %, 766 %).
fn d766(row: &Value) -> (i64, f64, f64, f64, f64, f64) {
    let f = |key: &str| row[key].as_f64().unwrap_or(f64::NAN);
    (
        row["returned"].as_i64().unwrap_or(-1),
        f("d766_overdue_share"),
        f("d766_late_apologized_share"),
        f("d766_on_time_share"),
        f("d766_disliked_share"),
        f("d766_dossier_satisfaction"),
    )
}

#[tokio::test]
async fn the_figures_match_the_hand_computed_ones_before_and_after_the_upgrade() {
    let app = fixture().await;
    let rows = index_json(&app);
    let (b, a) = (&rows[0], &rows[1]);
    // A: 4 returned, 2 late (one apologized), 1 disliked:
    // 100 − (50 + 25) = 25. B: on time, whatever the calendar days say.
    assert_eq!(d766(a), (4, 50.0, 25.0, 50.0, 25.0, 25.0));
    assert_eq!(d766(b), (1, 0.0, 0.0, 100.0, 0.0, 100.0));
    // As a database of before the figures were kept: nothing decided.
    let store = app.store().await;
    sqlx::query("UPDATE dossiers SET return_day = NULL, lateness = NULL, steps_on_time = NULL")
        .execute(&mut *store.read().await.expect("a connection"))
        .await
        .expect("forgotten");
    assert!(
        app.index(Some(GroupBy::Agency))
            .await
            .iter()
            .all(|r| r.returned == 0),
        "nothing is counted until decided"
    );
    // `hailong index` opens the database with the rules and decides them.
    assert_eq!(index_json(&app), rows);
}

#[tokio::test]
async fn a_re_import_that_changes_a_status_moves_the_figures() {
    let app = fixture().await;
    let fix = [
        // Still in the office, now returned Mon 16/11: late.
        row("A-5", A, 10, "2026-11-16T10:00:00+07:00", ","),
    ];
    import(&app, "fix.csv", &fix).await;
    let rows = app.index(Some(GroupBy::Agency)).await;
    let a = &rows[1];
    // 5 returned, 3 late (one apologized), 1 disliked: 100 − (60 + 20) = 20.
    assert_eq!(
        (
            a.returned,
            a.d766_overdue_share,
            a.d766_late_apologized_share
        ),
        (5, Some(60.0), Some(20.0))
    );
    assert_eq!(
        (
            a.d766_on_time_share,
            a.d766_disliked_share,
            a.d766_dossier_satisfaction
        ),
        (Some(40.0), Some(20.0), Some(20.0))
    );
    // The same file again changes nothing.
    import(&app, "fix.csv", &fix).await;
    assert_eq!(app.index(Some(GroupBy::Agency)).await, rows);
}
