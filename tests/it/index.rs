//! `hailong index` on a hand-computed data set.

use hailong::domain::satisfaction::{self, Fact, Source};
use hailong::domain::{DossierCode, Level, Scale};
use hailong::store::survey::{self, NewResponse};
use serde_json::Value;

use crate::helpers::TestApp;

const A: &str = "000.00.32.H12";
const B: &str = "000.00.05.H12";

/// Agency A: 12 returned, 10 responses (5 very satisfied, 3 satisfied, 2 not),
/// every known index (1, 3, 5) 2. Agency B: 4 returned, 4 responses (1 very
/// satisfied, 3 not), indices 0, 1, 1. All returned a day early.
pub(crate) async fn rated_app() -> TestApp {
    rated_app_with(|_| {}).await
}

/// `rated_app` with its settings adjusted by `adjust`.
pub(crate) async fn rated_app_with(
    adjust: impl FnOnce(&mut hailong::configuration::Settings),
) -> TestApp {
    let app = TestApp::spawn_with(adjust).await;
    app.seed_catalog().await;
    let mut rows = String::new();
    for (agency, count) in [(A, 12), (B, 4)] {
        for n in 0..count {
            rows.push_str(&format!(
                "{agency}-261101-{n:04},1.001193,{agency},10,2026-11-01,2026-11-05,2026-11-04T10:00:00+07:00,direct,32047\n"
            ));
        }
    }
    app.import_dossiers(&rows).await;
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    let levels_a = [
        [Level::VerySatisfied; 5].as_slice(),
        &[Level::Satisfied; 3],
        &[Level::NotSatisfied; 2],
    ]
    .concat();
    let levels_b = [
        Level::VerySatisfied,
        Level::NotSatisfied,
        Level::NotSatisfied,
        Level::NotSatisfied,
    ];
    // A's facts all score 2; B's timeliness 0 and its other facts 1.
    for (agency, levels, timeliness, other_facts) in
        [(A, levels_a, 2, 2), (B, levels_b.to_vec(), 0, 1)]
    {
        for (n, level) in levels.into_iter().enumerate() {
            let code = DossierCode::parse(&format!("{agency}-261101-{n:04}")).expect("code");
            let id = hailong::store::dossiers::stored_dossier(&mut tx, &code)
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
                user_id: hailong::domain::UserId(9_000 + n as i64),
                verified: n == 0,
                held: false,
                scale: Scale::Three,
                overall: level,
                scores: satisfaction::response_scores(|source| match source {
                    Source::Fact(Fact::Timeliness) => Some(timeliness),
                    Source::Fact(_) => Some(other_facts),
                    Source::Answer(_) => None,
                }),
                facts: &facts,
            };
            survey::insert_response(&mut tx, &response, None)
                .await
                .expect("inserted");
        }
    }
    tx.commit().await.expect("commit");
    app
}

fn hailong_index(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hailong"))
        .arg("index")
        .args(args)
        .env_clear()
        .env("HAILONG_DATABASE_URL", app.database_url())
        .env("HAILONG_INDEX_CIRCULAR_01", "true")
        .output()
        .expect("hailong runs")
}

pub(crate) fn json_rows(app: &TestApp, args: &[&str]) -> Vec<Value> {
    let out = hailong_index(app, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON array")
}

#[tokio::test]
async fn the_index_by_agency_matches_the_hand_computed_figures() {
    let app = rated_app().await;
    let rows = json_rows(&app, &["--by", "agency", "--format", "json"]);
    let b = &rows[0];
    let a = &rows[1];
    assert_eq!(a["group"], A);
    assert_eq!(
        (
            a["responses"].as_i64(),
            a["verified_responses"].as_i64(),
            a["returned"].as_i64()
        ),
        (Some(10), Some(1), Some(12))
    );
    assert_eq!(a["response_rate"].as_f64(), Some(83.33));
    assert_eq!(
        (
            a["very_satisfied"].as_i64(),
            a["very_satisfied_share"].as_f64()
        ),
        (Some(5), Some(50.0))
    );
    assert_eq!(
        (
            a["not_satisfied"].as_i64(),
            a["not_satisfied_share"].as_f64()
        ),
        (Some(2), Some(20.0))
    );
    assert_eq!(a["satisfaction"].as_f64(), Some(80.0));
    assert_eq!(
        (
            a["satisfaction_low"].as_f64(),
            a["satisfaction_high"].as_f64()
        ),
        (Some(49.02), Some(94.33))
    );
    // Indices 1, 3 and 5 measured at 2: 3 of 9, so no total and no grade,
    // however good the three.
    assert_eq!(
        (
            a["indices_measured"].as_i64(),
            a["indices_mean"].as_f64(),
            a["mean_total"].as_f64(),
            a["grade"].as_str()
        ),
        (Some(3), Some(2.0), None, None)
    );
    // Decision 766: 12 returned a day early, 2 of them rated "Không hài lòng":
    // 100 − (0 + 2/12 × 100) = 83.33.
    assert_eq!(
        (
            a["d766_overdue_share"].as_f64(),
            a["d766_disliked_share"].as_f64(),
            a["d766_dossier_satisfaction"].as_f64(),
            a["d766_on_time_share"].as_f64()
        ),
        (Some(0.0), Some(16.67), Some(83.33), Some(100.0))
    );
    assert_eq!(a["d766_feedback_on_time"], Value::Null);

    assert_eq!(
        (a["index_1"].as_f64(), a["index_4"].as_f64()),
        (Some(2.0), None)
    );
    assert_eq!(a["small_sample"], true);
    assert_eq!(
        (&b["group"], &b["name"]),
        (&Value::from(B), &Value::from("Sở Tư pháp"))
    );
    assert_eq!(b["satisfaction"].as_f64(), Some(25.0));
    assert_eq!(
        (
            b["satisfaction_low"].as_f64(),
            b["satisfaction_high"].as_f64()
        ),
        (Some(4.56), Some(69.94))
    );
    assert_eq!(
        (b["indices_mean"].as_f64(), b["mean_total"].as_f64()),
        (Some(0.67), None)
    );
    // 3 of 4 returned dossiers rated "Không hài lòng": 100 − 75 = 25.
    assert_eq!(b["d766_dossier_satisfaction"].as_f64(), Some(25.0));
}

#[tokio::test]
async fn the_json_has_exactly_the_documented_keys() {
    let app = rated_app().await;
    let rows = json_rows(&app, &["--format", "json"]);
    let mut keys: Vec<&str> = rows[0]
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut expected = vec![
        "group",
        "responses",
        "verified_responses",
        "returned",
        "response_rate",
        "very_satisfied",
        "very_satisfied_share",
        "satisfied",
        "satisfied_share",
        "neutral",
        "neutral_share",
        "not_satisfied",
        "not_satisfied_share",
        "very_not_satisfied",
        "very_not_satisfied_share",
        "satisfaction",
        "satisfaction_low",
        "satisfaction_high",
        "mean_total",
        "grade",
        "index_1",
        "index_2",
        "index_3",
        "index_4",
        "index_5",
        "index_6",
        "index_7",
        "index_8",
        "index_9",
        "small_sample",
        "name",
        "verified_share",
        "counted",
        "counted_responses",
        "indices_measured",
        "indices_mean",
        "d766_dossier_satisfaction",
        "d766_overdue_share",
        "d766_disliked_share",
        "d766_on_time_share",
        "d766_late_apologized_share",
        "d766_feedback_on_time",
        "d766_feedback_satisfaction",
        "d766_feedback_due",
        "d766_feedback_first_time",
        "formula",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(
        (rows[0]["group"].as_str(), rows[0]["responses"].as_i64()),
        (Some("all"), Some(14))
    );
}

#[tokio::test]
async fn the_period_filters_by_the_return_date_in_vietnam() {
    let app = rated_app().await;
    assert_eq!(
        json_rows(&app, &["--from", "2026-11-05", "--format", "json"]),
        Vec::<Value>::new()
    );
    let rows = json_rows(
        &app,
        &[
            "--from",
            "2026-11-04",
            "--to",
            "2026-11-04",
            "--by",
            "month",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        (rows[0]["group"].as_str(), rows[0]["responses"].as_i64()),
        (Some("2026-11"), Some(14))
    );
    let out = hailong_index(&app, &["--from", "2026-11-05", "--to", "2026-11-01"]);
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn csv_and_table_carry_the_same_figures() {
    let app = rated_app().await;
    let csv = String::from_utf8_lossy(
        &hailong_index(&app, &["--by", "agency", "--format", "csv"]).stdout,
    )
    .into_owned();
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap_or_default()
            .starts_with("group,responses,verified_responses,returned,response_rate")
    );
    assert!(
        csv.contains("000.00.32.H12,10,1,12,83.33,5,50.00,"),
        "{csv}"
    );
    let table = |lang| {
        String::from_utf8_lossy(&hailong_index(&app, &["--by", "agency", "--lang", lang]).stdout)
            .into_owned()
    };
    let en = table("en");
    assert!(
        en.contains("80.0%")
            && en.contains("49.0% – 94.3%")
            && en.contains("83.3%")
            && en.contains("50.0%")
            && en.contains("30.0%")
            && en.contains("20.0%"),
        "{en}"
    );
    assert!(!en.contains("80,0"), "{en}");
}

/// The table a person reads in the terminal follows `--lang`: the
/// workbook's column names, the decimal comma in Vietnamese and Khmer, the
/// month as officials write it, and "small sample" as a column of its own.
#[tokio::test]
async fn the_table_follows_the_language_of_its_reader() {
    use hailong::domain::Language;
    use hailong::i18n::Key;
    let app = rated_app().await;
    for (lang, code) in [(Language::Vi, "vi"), (Language::Km, "km")] {
        let out = hailong_index(&app, &["--by", "agency", "--lang", code]);
        assert_eq!(out.status.code(), Some(0));
        let table = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            table.contains("80,0\u{a0}%")
                && table.contains("49,0\u{a0}% – 94,3\u{a0}%")
                && table.contains("83,3\u{a0}%"),
            "{code}: {table}"
        );
        assert!(
            !table.contains("80.0") && !table.contains("small sample"),
            "{code}: {table}"
        );
        // Every header is the workbook's, wrapped over its column.
        let words: Vec<String> = table
            .lines()
            .take_while(|l| !l.starts_with(A) && !l.starts_with(B))
            .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        for key in [
            Key::XlsxGroup,
            Key::XlsxResponses,
            Key::XlsxReturned,
            Key::XlsxSatisfaction,
            Key::XlsxD766DossierSatisfaction,
            Key::XlsxSmallSample,
        ] {
            for word in app.t(lang, key).split_whitespace() {
                assert!(
                    words.iter().any(|w| w == word),
                    "{code}: {word} of {key:?} in {table}"
                );
            }
        }
        // Both agencies have fewer than 30 responses: said in the column's words.
        let yes = app.t(lang, Key::XlsxYes);
        let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("000.")).collect();
        assert_eq!(rows.len(), 2, "{table}");
        assert!(rows.iter().all(|r| r.trim_end().ends_with(&yes)), "{table}");
    }
    let out = hailong_index(&app, &["--by", "month", "--lang", "vi"]);
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(table.contains("T11/2026"), "{table}");
}

/// Reads a workbook back: its sheet names and each sheet's cells.
pub(crate) fn workbook(
    path: &std::path::Path,
) -> calamine::Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).expect("an xlsx workbook")
}

/// The value under `header` (on the header row) in the row whose first cell is `group`.
pub(crate) fn cell<'a>(
    sheet: &'a calamine::Range<calamine::Data>,
    group: &str,
    header: &str,
) -> &'a calamine::Data {
    use calamine::Data;
    const HEADER_ROW: u32 = 5;
    let width = sheet.end().expect("cells").1;
    let col = (0..=width)
        .find(|c| sheet.get_value((HEADER_ROW, *c)) == Some(&Data::String(header.into())))
        .unwrap_or_else(|| panic!("no header {header}"));
    let row = (HEADER_ROW + 1..=sheet.end().expect("cells").0)
        .find(|r| sheet.get_value((*r, 0)) == Some(&Data::String(group.into())))
        .unwrap_or_else(|| panic!("no row {group}"));
    sheet.get_value((row, col)).unwrap_or(&Data::Empty)
}

#[tokio::test]
async fn the_workbook_has_the_overall_sheet_and_the_grouping_in_the_chosen_language() {
    use calamine::{Data, DataType, Reader};
    let app = rated_app().await;
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("index.xlsx");
    let out = hailong_index(
        &app,
        &[
            "--by",
            "agency",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "xlsx",
            "--lang",
            "en",
            "--out",
            path.to_str().expect("a path"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "the workbook went to the file only");
    let mut book = workbook(&path);
    assert_eq!(book.sheet_names(), ["Overall", "By agency"]);
    let agencies = book.worksheet_range("By agency").expect("the sheet");
    let day = |row| agencies.get_value((row, 1)).and_then(DataType::as_date);
    assert_eq!(
        (day(1), day(2)),
        (
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
        )
    );
    assert!(
        agencies
            .get_value((3, 1))
            .is_some_and(DataType::is_datetime)
    );
    assert_eq!(cell(&agencies, A, "Responses"), &Data::Float(10.0));
    // Shares are fractions under a percent format: 80 % is 0.8.
    assert_eq!(
        cell(&agencies, A, "Satisfied or very satisfied"),
        &Data::Float(0.8)
    );
    assert_eq!(
        cell(&agencies, A, "Lower bound of the 95% interval"),
        &Data::Float(0.4902)
    );
    assert_eq!(
        cell(&agencies, B, "Satisfied or very satisfied"),
        &Data::Float(0.25)
    );
    // Circular 01 is off unless a province turns it on: no grade is made up.
    assert_eq!(cell(&agencies, A, "Grade"), &Data::Empty);
    assert!(
        matches!(
            cell(
                &agencies,
                A,
                "Decision 766: satisfaction with dossier handling"
            ),
            Data::Float(_)
        ),
        "the 766 figure is in the workbook"
    );
    assert_eq!(
        cell(&agencies, A, "Index 4"),
        &Data::Empty,
        "unknown, not zero"
    );
    assert_eq!(
        cell(&agencies, A, "Small sample (under 30 responses)"),
        &Data::String("Yes".into())
    );
    let overall = book.worksheet_range("Overall").expect("the sheet");
    assert_eq!(cell(&overall, "all", "Responses"), &Data::Float(14.0));
}

#[tokio::test]
async fn without_by_the_workbook_has_every_grouping_in_vietnamese() {
    use calamine::{Data, Reader};
    let app = rated_app().await;
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("chi-so.xlsx");
    let out = hailong_index(
        &app,
        &["--format", "xlsx", "--out", path.to_str().expect("a path")],
    );
    assert_eq!(out.status.code(), Some(0));
    let mut book = workbook(&path);
    assert_eq!(
        book.sheet_names(),
        [
            "Toàn tỉnh",
            "Theo cơ quan",
            "Theo thủ tục",
            "Theo xã, phường, đặc khu",
            "Theo tháng",
            "Theo hình thức nộp"
        ]
    );
    let months = book.worksheet_range("Theo tháng").expect("the sheet");
    assert_eq!(
        months.get_value((1, 1)),
        Some(&Data::String("Không giới hạn".into()))
    );
    assert_eq!(
        cell(&months, "2026-11", "Tỷ lệ hài lòng và rất hài lòng"),
        &Data::Float(0.6429)
    );
}

#[tokio::test]
async fn xlsx_is_refused_without_a_file() {
    let app = rated_app().await;
    let out = hailong_index(&app, &["--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--out FILE"), "{stderr}");
}
