//! Exports as people get them: `hailong export` as typed, its files read
//! back with the csv crate and calamine; `/export` in the chat, its document
//! taken from the Bot API emulator's upload.

use bot_api_emulator::Person;
use calamine::{Data, DataType, Reader};
use hailong::domain::Language;
use hailong::i18n::Key;

use crate::dashboard::{A, B, ok};
use crate::helpers::TestApp;
use crate::index::{cell, rated_app, workbook};

/// `rated_app`'s respondents are users 9000..9011; their ids must not leave.
fn assert_no_user_ids(text: &str) {
    for user in 9_000..9_012 {
        assert!(!text.contains(&user.to_string()), "user {user} in {text}");
    }
}

/// Gives one of agency B's responses a comment that starts like a formula.
async fn comment_on_b(app: &TestApp) {
    let store = app.store().await;
    let mut tx = store.begin_write().await.expect("a transaction");
    sqlx::query(
        "UPDATE responses SET comment = '=HYPERLINK(\"x\")', convenience = 'satisfied'
         WHERE id = (SELECT min(id) FROM responses WHERE agency_code = ?)",
    )
    .bind(B)
    .execute(&mut *tx)
    .await
    .expect("a comment");
    tx.commit().await.expect("committed");
}

async fn export(app: &TestApp, args: &[&str]) -> String {
    ok(&app.cli(&[&["export"], args].concat(), "").await)
}

#[tokio::test]
async fn hailong_export_writes_responses_without_identity_the_index_and_cases_and_audits_each() {
    let app = rated_app().await;
    comment_on_b(&app).await;
    let en = |key| app.t(Language::En, key);
    let vi = |key| app.t(Language::Vi, key);
    let dir = app.dir().to_owned();
    let path = |name: &str| dir.join(name).to_str().expect("a path").to_owned();

    // Responses as CSV, everything (no dates), in English.
    let csv_path = path("responses.csv");
    export(
        &app,
        &[
            "responses",
            "--format",
            "csv",
            "--lang",
            "en",
            "--out",
            &csv_path,
        ],
    )
    .await;
    let text = std::fs::read_to_string(&csv_path).expect("the CSV");
    assert_no_user_ids(&text);
    assert!(!text.contains("-261101-"), "no dossier code: {text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], en(Key::XlsxResponseDay));
    assert_eq!(&headers[2], en(Key::XlsxResponseAgency));
    let column = |key| headers.iter().position(|h| h == en(key)).expect("a column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 14, "every counted response: 10 of A, 4 of B");
    assert!(rows.iter().all(|r| &r[0] == "04/11/2026"), "dd/mm/yyyy");
    let overall = column(Key::XlsxResponseOverall);
    let very = rows
        .iter()
        .filter(|r| r[overall] == *"Very satisfied")
        .count();
    assert_eq!(very, 6, "5 of A and 1 of B, in words without the emoji");
    let comment = column(Key::XlsxResponseComment);
    let commented: Vec<&csv::StringRecord> =
        rows.iter().filter(|r| !r[comment].is_empty()).collect();
    assert_eq!(commented.len(), 1);
    assert_eq!(
        &commented[0][comment], "'=HYPERLINK(\"x\")",
        "a formula is not run"
    );
    assert_eq!(
        &commented[0][column(Key::XlsxResponseConvenience)],
        "Satisfied"
    );
    assert_eq!(
        &commented[0][column(Key::XlsxResponseChannel)],
        en(Key::ChannelDirect)
    );

    // Responses of agency B as a workbook, in Vietnamese.
    let xlsx_path = path("responses.xlsx");
    export(
        &app,
        &[
            "responses",
            "--from",
            "01/11/2026",
            "--to",
            "30/11/2026",
            "--agency",
            B,
            "--format",
            "xlsx",
            "--out",
            &xlsx_path,
        ],
    )
    .await;
    let mut book = workbook(std::path::Path::new(&xlsx_path));
    assert_eq!(book.sheet_names(), vec![vi(Key::XlsxSheetResponses)]);
    let sheet = book
        .worksheet_range(&vi(Key::XlsxSheetResponses))
        .expect("the sheet");
    assert_eq!(sheet.end().map(|(rows, _)| rows), Some(5 + 4), "B's four");
    assert_eq!(
        sheet.get_value((6, 0)).and_then(DataType::as_date),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 4),
        "the return day is a date"
    );
    assert_eq!(sheet.get_value((6, 1)), Some(&Data::String(B.into())));
    for row in 6..10 {
        for col in 0..15 {
            if let Some(Data::String(text)) = sheet.get_value((row, col)) {
                assert_no_user_ids(text);
            }
        }
    }

    // The index by agency: the overall sheet and the agency's.
    let index_path = path("index.xlsx");
    export(
        &app,
        &[
            "index",
            "--by",
            "agency",
            "--format",
            "xlsx",
            "--lang",
            "en",
            "--out",
            &index_path,
        ],
    )
    .await;
    let mut book = workbook(std::path::Path::new(&index_path));
    assert_eq!(
        book.sheet_names(),
        vec![en(Key::XlsxSheetOverall), en(Key::XlsxSheetAgency)]
    );
    let sheet = book
        .worksheet_range(&en(Key::XlsxSheetAgency))
        .expect("the agency sheet");
    assert_eq!(
        cell(&sheet, A, &en(Key::XlsxSatisfaction)),
        &Data::Float(0.8)
    );
    assert_eq!(
        sheet.get_value((1, 1)),
        Some(&Data::String(en(Key::XlsxOpenEnd))),
        "no dates: everything"
    );

    // Cases as CSV: only the header, none were opened.
    let cases_path = path("cases.csv");
    export(&app, &["cases", "--format", "csv", "--out", &cases_path]).await;
    let cases = std::fs::read_to_string(&cases_path).expect("the CSV");
    assert_eq!(cases.lines().count(), 1, "{cases}");
    assert!(
        cases.starts_with(&format!("\u{feff}{}", vi(Key::XlsxCaseNumber))),
        "{cases}"
    );

    let bad = app
        .cli(
            &[
                "export",
                "responses",
                "--from",
                "2026-11-30",
                "--to",
                "2026-11-01",
                "--format",
                "csv",
                "--out",
                &csv_path,
            ],
            "",
        )
        .await;
    assert_eq!(bad.status.code(), Some(2));
    let grouped = app
        .cli(
            &[
                "export",
                "cases",
                "--by",
                "agency",
                "--format",
                "csv",
                "--out",
                &cases_path,
            ],
            "",
        )
        .await;
    assert_eq!(grouped.status.code(), Some(2), "--by is for the index");

    let audit = ok(&app.cli(&["audit", "--actor", "operator"], "").await);
    for target in [
        "cli responses csv",
        "cli responses xlsx",
        "cli index xlsx",
        "cli cases csv",
    ] {
        assert!(audit.contains(target), "{target} in {audit}");
    }
    assert!(
        audit.contains(&format!("agencies {B}")),
        "the slice is recorded: {audit}"
    );
}

#[tokio::test]
async fn export_in_the_chat_sends_one_workbook_of_the_staff_members_agencies_and_hides_from_citizens()
 {
    let mut app = rated_app().await;
    ok(&app.cli(&["roles", "grant", "staff", "505", A], "").await);
    let staff = Person::new(505, Some("en"));
    let update = app.send_text(&staff, "/export 01/11/2026 30/11/2026").await;
    app.redeliver(update).await;
    app.drain_jobs().await;
    let en = |key| app.t(Language::En, key);

    let sent = app.calls_of("sendDocument");
    assert_eq!(sent.len(), 1, "one document, the replay sent nothing");
    assert_eq!(sent[0].chat_id(), Some(505));
    assert!(sent[0].succeeded());
    let uploads = app.fake.uploads_named("hailong-2026-11-01-2026-11-30.xlsx");
    assert_eq!(uploads.len(), 1);
    let path = app.dir().join("chat.xlsx");
    std::fs::write(&path, &uploads[0]).expect("written");
    let mut book = workbook(&path);
    assert_eq!(
        book.sheet_names(),
        vec![
            en(Key::XlsxSheetOverall),
            en(Key::XlsxSheetAgency),
            en(Key::XlsxSheetMonth),
            en(Key::XlsxSheetResponses),
            en(Key::XlsxSheetCases),
        ]
    );
    let agencies = book
        .worksheet_range(&en(Key::XlsxSheetAgency))
        .expect("the agency sheet");
    assert_eq!(
        cell(&agencies, A, &en(Key::XlsxSatisfaction)),
        &Data::Float(0.8)
    );
    assert_eq!(
        agencies.end().map(|(rows, _)| rows),
        Some(6),
        "A's row only: B is outside the scope"
    );
    let responses = book
        .worksheet_range(&en(Key::XlsxSheetResponses))
        .expect("the responses sheet");
    assert_eq!(
        responses.end().map(|(rows, _)| rows),
        Some(5 + 10),
        "A's ten"
    );
    for row in responses.rows() {
        for value in row {
            if let Data::String(text) = value {
                assert_no_user_ids(text);
            }
        }
    }

    let audit = ok(&app.cli(&["audit", "--actor", "505"], "").await);
    assert_eq!(audit.matches("chat xlsx").count(), 1, "{audit}");

    let unknown = app.t(Language::Vi, Key::UnknownCommand);
    let citizen = crate::helpers::citizen(961, Some("vi"));
    app.send_text(&citizen, "/export").await;
    app.drain_jobs().await;
    assert_eq!(app.last_message(961).text(), Some(unknown.as_str()));
    assert_eq!(app.calls_of("sendDocument").len(), 1);
}

/// A workbook over the upload limit is not sent (Telegram would refuse it
/// after the upload): the staff member is told its size and what to do.
#[tokio::test]
async fn an_export_over_the_upload_limit_is_not_sent_and_says_what_to_do() {
    let mut app = TestApp::spawn_with(|s| s.telegram.upload_limit_mb = 0).await;
    app.seed_catalog().await;
    ok(&app.cli(&["roles", "grant", "staff", "506", A], "").await);
    // The news of the role leaves before the staff member writes.
    app.drain_jobs().await;
    let staff = Person::new(506, Some("en"));
    app.send_text(&staff, "/export 01/11/2026 30/11/2026").await;
    app.drain_jobs().await;

    assert!(app.calls_of("sendDocument").is_empty());
    let text = app.last_text(506);
    let size = text
        .split_whitespace()
        .nth(3)
        .expect("the size, fourth word");
    assert_eq!(
        text,
        app.t_args(
            Language::En,
            Key::ExportTooLarge,
            &[("size", size), ("limit", "0.0")]
        )
    );
    let audit = ok(&app.cli(&["audit", "--actor", "506"], "").await);
    assert!(
        !audit.contains("chat xlsx"),
        "nothing was exported: {audit}"
    );
}

/// Dates in the wrong order are named as such, not answered with the usage.
#[tokio::test]
async fn an_export_of_dates_in_the_wrong_order_says_so_and_sends_nothing() {
    let mut app = TestApp::spawn().await;
    app.seed_catalog().await;
    ok(&app.cli(&["roles", "grant", "staff", "507", A], "").await);
    // The news of the role leaves before the staff member writes.
    app.drain_jobs().await;
    let staff = Person::new(507, Some("vi"));
    app.send_text(&staff, "/export 30/11/2026 01/11/2026").await;
    app.drain_jobs().await;
    assert_eq!(
        app.last_message(507).text(),
        Some(app.t(Language::Vi, Key::ExportPeriodReversed).as_str())
    );
    assert!(app.calls_of("sendDocument").is_empty());
}

#[test]
fn the_console_saves_the_export_where_it_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tmp = dir.path().to_str().expect("a path");
    let out = crate::helpers::hailong(
        dir.path(),
        &["console", "--lang", "en"],
        &[("HAILONG_ROLES_ADMINS", "100001"), ("TMPDIR", tmp)],
        "/export month\n",
    );
    let transcript = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{transcript}");
    assert!(transcript.contains("bot [file]> 📎"), "{transcript}");
    let saved = transcript
        .lines()
        .find_map(|l| l.trim().strip_prefix("(file saved as "))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("no saved file in {transcript}"));
    assert!(
        saved.starts_with(tmp) && saved.ends_with(".xlsx"),
        "{saved}"
    );
    let book = workbook(std::path::Path::new(saved));
    assert_eq!(book.sheet_names().len(), 5);
}

#[tokio::test]
async fn verified_exports_hold_and_count_only_verified_responses() {
    let app = rated_app().await;
    let en = |key| app.t(Language::En, key);
    let dir = app.dir().to_owned();
    let path = |name: &str| dir.join(name).to_str().expect("a path").to_owned();

    // One response of each agency was verified through the receipt's link.
    let (all, verified) = (path("all.csv"), path("verified.csv"));
    export(&app, &["responses", "--format", "csv", "--out", &all]).await;
    export(
        &app,
        &[
            "responses",
            "--verified",
            "--format",
            "csv",
            "--out",
            &verified,
        ],
    )
    .await;
    let rows = |file: &str| {
        let text = std::fs::read_to_string(file).expect("the CSV");
        csv::Reader::from_reader(text.as_bytes()).records().count()
    };
    assert_eq!((rows(&all), rows(&verified)), (14, 2));

    // The index counted from A's one verified response: very satisfied.
    let index = path("verified.xlsx");
    export(
        &app,
        &[
            "index",
            "--verified",
            "--by",
            "agency",
            "--format",
            "xlsx",
            "--lang",
            "en",
            "--out",
            &index,
        ],
    )
    .await;
    let mut book = workbook(std::path::Path::new(&index));
    let sheet = book
        .worksheet_range(&en(Key::XlsxSheetAgency))
        .expect("the agency sheet");
    assert_eq!(
        cell(&sheet, A, &en(Key::XlsxSatisfaction)),
        &Data::Float(1.0)
    );
    let audit = ok(&app.cli(&["audit"], "").await);
    assert!(audit.contains("verified only"), "{audit}");
}

/// A CSV file for people opens in Excel as the reader's office sets it up:
/// a UTF-8 BOM (without it Excel on Windows reads Vietnamese as Latin-1),
/// and in Vietnamese and Khmer `;` between cells and the decimal comma,
/// as Excel writes under those regional settings; in English `,` and the point.
#[tokio::test]
async fn csv_files_open_in_excel_with_the_readers_separator_and_decimal_mark() {
    let app = rated_app().await;
    let dir = app.dir().to_owned();
    let path = |name: &str| dir.join(name).to_str().expect("a path").to_owned();
    for (lang, separator, rate) in [
        ("vi", ';', "83,33"),
        ("km", ';', "83,33"),
        ("en", ',', "83.33"),
    ] {
        let file = path(&format!("index-{lang}.csv"));
        export(
            &app,
            &[
                "index", "--by", "agency", "--format", "csv", "--lang", lang, "--out", &file,
            ],
        )
        .await;
        let bytes = std::fs::read(&file).expect("the CSV");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{lang}: a BOM first");
        let text = String::from_utf8(bytes).expect("UTF-8");
        let header = text.lines().next().unwrap_or_default();
        assert!(header.split(separator).count() > 20, "{lang}: {header}");
        // Read back as a spreadsheet would, with that separator.
        let rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .delimiter(separator as u8)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("a row"))
            .collect();
        assert_eq!(rows.len(), 2, "{lang}: A and B");
        let a = rows
            .iter()
            .find(|r| &r[0] == A)
            .unwrap_or_else(|| panic!("{lang}: no row of A in {text}"));
        assert!(
            a.iter().any(|cell| cell == rate),
            "{lang}: the response rate {rate} in {a:?}"
        );
    }
    let responses = path("responses-vi.csv");
    export(&app, &["responses", "--format", "csv", "--out", &responses]).await;
    let bytes = std::fs::read(&responses).expect("the CSV");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM first");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let header = text.lines().next().unwrap_or_default();
    assert_eq!(header.split(';').count(), 15, "{header}");
}
