//! Property tests over everything a stranger can hand the bot: dossier codes,
//! deep-link payloads, callback data, HTML notices, the configuration, CSV
//! rows and ingest JSON. Each shows that nothing panics and that what is
//! refused writes nothing.
//!
//! A short run is part of `cargo test`; a long one:
//! `PROPTEST_CASES=20000 cargo test --test it properties`.

use std::collections::HashMap;

use hailong::configuration;
use hailong::domain::DossierCode;
use hailong::domain::notice::NoticeText;
use hailong::flows::Callback;
use hailong::links::Signer;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{API_TOKEN, TestApp};

/// Text the way strangers send it: mostly near the expected alphabet, with
/// separators, quotes, non-ASCII letters and control characters mixed in.
fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    let near = proptest::string::string_regex(&format!(
        "[A-Za-z0-9.:_\\-/ ,;\"'<>&#=\\\\\nạđ€ក]{{0,{max}}}"
    ))
    .expect("a valid pattern");
    prop_oneof![
        near,
        proptest::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter)
    ]
}

proptest! {
    #[test]
    fn a_dossier_code_reads_back_as_itself(raw in hostile_text(80)) {
        if let Ok(code) = DossierCode::parse(&raw) {
            prop_assert_eq!(DossierCode::parse(code.as_str()), Ok(code.clone()));
            prop_assert!(code.as_str().len() <= 64);
        }
    }

    #[test]
    fn a_deep_link_opens_only_to_the_code_it_was_made_for(
        raw in hostile_text(64),
        code in "[A-Z0-9]{1,8}[.-][A-Z0-9.-]{0,12}[0-9][A-Z0-9.-]{0,8}",
        flip in any::<prop::sample::Index>(),
    ) {
        let signer = Signer::new("a secret of the properties");
        // A stranger's payload opens to nothing, or to a code it carries.
        if let Ok(opened) = signer.open_payload(&raw) {
            prop_assert!(raw.ends_with(&opened.as_str().replace('.', "_")));
        }
        let code = DossierCode::parse(&code).expect("the pattern makes codes");
        if let Ok(payload) = signer.payload(&code) {
            prop_assert_eq!(signer.open_payload(&payload), Ok(code.clone()));
            // Change one character of the signature: the link is refused.
            let sig_chars = payload.len() - code.as_str().len();
            let at = flip.index(sig_chars);
            let mut bytes = payload.into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(bytes).expect("ascii");
            prop_assert!(signer.open_payload(&tampered).is_err());
        }
    }

    #[test]
    fn callback_data_the_bot_reads_is_data_it_could_have_made(
        raw in prop_oneof![
            hostile_text(80),
            "(lang|f|u|r|a|s|b|rated)(:[a-z0-9_-]{0,12}){0,4}",
        ],
    ) {
        if let Some(callback) = Callback::parse(&raw) {
            let data = callback.encode();
            prop_assert!(data.len() <= 64, "Telegram carries at most 64 bytes: {data}");
            prop_assert_eq!(Callback::parse(&data), Some(callback));
        }
    }

    #[test]
    fn a_notice_is_refused_or_fits_telegrams_count(
        raw in prop_oneof![
            hostile_text(120),
            "(<(b|i|u|s|a href=\"x\"|code|pre|tg-spoiler)>|</(b|i|u|s|a|code|pre)>|&(lt|amp|gt|#[0-9]{1,7}|#x[0-9a-f]{1,6}|bogus);|[a-zạ ]{1,6}){0,30}",
        ],
        max in 1_usize..200,
    ) {
        if let Ok(notice) = NoticeText::parse_html(&raw, max) {
            prop_assert!(notice.visible_len() <= max && notice.visible_len() > 0);
            // What was accepted once is accepted again, unchanged.
            let again = NoticeText::parse_html(notice.html(), max).expect("accepted again");
            prop_assert_eq!(again.html(), notice.html());
        }
    }

    #[test]
    fn any_configuration_is_read_or_refused_with_a_message(
        toml in prop_oneof![
            hostile_text(200),
            "(\\[(http|roles|telegram|survey|index|feedback|lookups|calendar|bogus)\\]\n|[a-z_]{1,16} = (\"[^\"\n]{0,20}\"|-?[0-9]{1,12}|true|\\[[0-9, ]{0,12}\\]|\"0.0.0.0:99999\")\n){0,12}",
        ],
        admins in "[0-9, a-z-]{0,24}",
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("hailong.toml");
        std::fs::write(&path, &toml).expect("written");
        let env = HashMap::from([("HAILONG_ROLES_ADMINS".to_owned(), admins)]);
        if let Err(error) = configuration::load(Some(&path), &env) {
            prop_assert!(!error.to_string().is_empty());
        }
    }
}

/// How many cases the tests that need a running app try: `PROPTEST_CASES`,
/// or a short run.
fn app_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24)
}

/// `cases` values of `strategy`, from a fixed seed so that a failure repeats.
fn samples<S: Strategy>(strategy: S, cases: u32) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..cases)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect()
}

/// Everything an import or the API can write, in a form to compare.
async fn written(app: &TestApp) -> Vec<String> {
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    let mut rows: Vec<String> = sqlx::query_scalar(
        "SELECT code || '|' || status || '|' || status_at || '|' || received_at || '|' || due_at
             || '|' || coalesce(returned_at, '') || '|' || channel || '|' || coalesce(commune_code, '')
         FROM dossiers ORDER BY code",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("dossiers");
    for table in ["dossier_events", "outbox"] {
        let count: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(&mut *conn)
                .await
                .expect("a count");
        rows.push(format!("{table}: {count}"));
    }
    rows
}

fn field(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(valid).prop_map(str::to_owned),
        1 => hostile_text(24),
        1 => Just(String::new()),
    ]
}

/// Rows anything may be wrong with.
fn any_row() -> impl Strategy<Value = Vec<String>> {
    (
        field(&["X-1", "x-2", "000.00.32.H12-261103-0007", "A B", ""]),
        field(&["1.001193", "2.000815", "9.999"]),
        field(&["000.00.32.H12", "000.00.05.H12", "NOPE"]),
        field(&["2", "4", "10", "0", "11", "4.5"]),
        field(&[
            "2026-11-01",
            "01/11/2026 08:30",
            "2026-11-01T08:00:00+07:00",
            "2099-01-01",
            "11/01/2026",
        ]),
        field(&["2026-11-05", "2026-10-01", "05/11/2026"]),
        field(&["", "2026-11-04T10:00:00+07:00", "2026-10-01"]),
        field(&["direct", "online", "postal", "fax"]),
        field(&["32047", "", "99999", "12345"]),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, i)| vec![a, b, c, d, e, f, g, h, i])
}

/// Rows the rules accept, in the spellings they accept.
fn good_row() -> impl Strategy<Value = Vec<String>> {
    let pick =
        |values: &'static [&'static str]| prop::sample::select(values).prop_map(str::to_owned);
    (
        pick(&["X-1", "x-2", "000.00.32.H12-261103-0007"]),
        pick(&["1.001193", "2.000815"]),
        pick(&[
            "2|",
            "4|",
            "10|2026-11-04T10:00:00+07:00",
            "10|04/11/2026 10:00",
        ]),
        pick(&[
            "2026-11-01",
            "01/11/2026 08:30",
            "2026-11-01T08:00:00+07:00",
        ]),
        pick(&["2026-11-05", "05/11/2026"]),
        pick(&["direct", "online", "postal"]),
    )
        .prop_map(|(code, procedure, status, received, due, channel)| {
            let (status, returned) = status.split_once('|').unwrap_or_default();
            [
                &code,
                &procedure,
                "000.00.32.H12",
                status,
                &received,
                &due,
                returned,
                &channel,
                "32047",
            ]
            .map(str::to_owned)
            .to_vec()
        })
}

/// More good rows than the import reads in its first batch, so that a file
/// whose problems come later has already been partly staged.
fn first_batch() -> Vec<Vec<String>> {
    (0..=200)
        .map(|i| {
            [
                &format!("L-{i}"),
                "1.001193",
                "000.00.32.H12",
                "4",
                "2026-11-01",
                "2026-11-05",
                "",
                "direct",
                "32047",
            ]
            .map(str::to_owned)
            .to_vec()
        })
        .collect()
}

fn csv_file() -> impl Strategy<Value = String> {
    let mixed = || proptest::collection::vec(prop_oneof![3 => good_row(), 1 => any_row()], 1..6);
    let rows = prop_oneof![
        proptest::collection::vec(good_row(), 1..4),
        mixed(),
        mixed().prop_map(|rows| [first_batch(), rows].concat()),
    ];
    rows.prop_map(|rows| {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in rows {
            writer.write_record(&row).expect("a row");
        }
        String::from_utf8(writer.into_inner().expect("flushed")).unwrap_or_default()
    })
}

#[tokio::test]
async fn a_csv_file_is_imported_whole_or_changes_nothing() {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let store = app.store().await;
    let mut imported = 0;
    for rows in samples(csv_file(), app_cases()) {
        let before = written(&app).await;
        let csv = format!(
            "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n{rows}"
        );
        let outcome = hailong::cli::import::load(
            &store,
            hailong::cli::import::What::Dossiers,
            "dossiers.csv",
            csv.as_bytes(),
        )
        .await;
        match outcome {
            Ok(_) => imported += 1,
            Err(error) => {
                assert!(!error.to_string().is_empty());
                assert_eq!(written(&app).await, before, "a refused file wrote:\n{csv}");
            }
        }
    }
    // The rows were near enough to the rules that some files went in whole.
    assert!(
        imported > 0,
        "no sample file was valid: the generator misses the rules"
    );
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![0_i64, 2, 4, 10, 11]).prop_map(Value::from),
        hostile_text(20).prop_map(Value::from),
        prop::sample::select(vec![
            "2026-11-03T08:15:00+07:00",
            "2026-11-10",
            "online",
            "32047",
            "1.001193",
            "000.00.32.H12",
        ])
        .prop_map(Value::from),
    ];
    let body = (
        leaf.clone(),
        leaf.clone(),
        leaf.clone(),
        leaf.clone(),
        leaf.clone(),
        leaf.clone(),
        leaf,
    )
        .prop_map(
            |(procedure, agency, status, received, due, channel, extra)| {
                json!({
                    "procedure_code": procedure,
                    "agency_code": agency,
                    "status": status,
                    "received_at": received,
                    "due_at": due,
                    "channel": channel,
                    "commune_code": extra,
                })
            },
        );
    let good = prop::sample::select(vec![2_i64, 4]).prop_map(|status| {
        json!({
            "procedure_code": "1.001193",
            "agency_code": "000.00.32.H12",
            "status": status,
            "received_at": "2026-11-03T08:15:00+07:00",
            "due_at": "2026-11-10",
            "channel": "online",
            "commune_code": "32047",
        })
    });
    prop_oneof![
        2 => good,
        3 => body,
        1 => hostile_text(60).prop_map(Value::from),
    ]
}

#[tokio::test]
async fn an_ingest_body_is_recorded_or_refused_with_nothing_written() {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let codes = ["X-1", "000.00.32.H12-261103-0007", "a%20b", "-", "Ạ"];
    let mut accepted = 0;
    for (i, body) in samples(json_value(), app_cases()).into_iter().enumerate() {
        let before = written(&app).await;
        let path = format!("/dossiers/{}", codes[i % codes.len()]);
        // A body that is not JSON at all is sent as it is.
        let raw = match &body {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let (status, answer) = app.api_raw(Method::PUT, &path, Some(API_TOKEN), raw).await;
        assert!(status < 500, "{status} for {body}: {answer}");
        if (200..300).contains(&status) {
            accepted += 1;
        } else {
            assert_eq!(written(&app).await, before, "a refused body wrote: {body}");
        }
    }
    assert!(
        accepted > 0,
        "no sample body was valid: the generator misses the rules"
    );
}
