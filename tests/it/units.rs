//! Communes of today instead of districts: codes from old data read through
//! the province's units (built-in Cà Mau, or a file `hailong import units`
//! loads), unknown codes refused with the forms accepted.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, hailong};

const HEADER: &str =
    "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel";
/// A returned dossier of the demo's agency 000.00.32.H12, numbered `n`.
fn returned(n: u32) -> String {
    format!(
        "000.00.32.H12-261101-{n:04},1.001193,000.00.32.H12,10,2026-11-01,2026-11-05,2026-11-04T10:00:00+07:00,direct"
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn import(dir: &Path, what: &str, name: &str, contents: &str) -> Output {
    import_in(dir, "96", what, name, contents)
}

/// `hailong import` with `province.code` set to `province`.
fn import_in(dir: &Path, province: &str, what: &str, name: &str, contents: &str) -> Output {
    std::fs::write(dir.join(name), contents).expect("write");
    hailong(
        dir,
        &["import", what, name],
        &[("HAILONG_PROVINCE_CODE", province)],
        "",
    )
}

/// A database in `dir` with the demo's agencies and procedures.
fn demo_catalog(dir: &Path) {
    for what in ["agencies", "procedures"] {
        let file = format!("{}/examples/data/{what}.csv", env!("CARGO_MANIFEST_DIR"));
        let out = hailong(dir, &["import", what, &file], &[], "");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
}

/// `hailong index --by commune` as a table: its group column, in order.
fn communes_in_index(dir: &Path) -> Vec<String> {
    communes_in_index_of(dir, "sqlite://hailong.db")
}

fn communes_in_index_of(dir: &Path, url: &str) -> Vec<String> {
    let out = hailong(
        dir,
        &["index", "--by", "commune", "--format", "json"],
        &[("HAILONG_DATABASE_URL", url)],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON rows");
    rows.iter()
        .map(|row| {
            let group = row["group"].as_str().unwrap_or_default();
            match row["name"].as_str() {
                Some(name) => format!("{group} {name}"),
                None => group.to_owned(),
            }
        })
        .collect()
}

#[test]
fn old_codes_are_mapped_a_split_commune_is_flagged_and_unknown_ones_refused_by_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_catalog(dir.path());
    // 31813 (old Phường 2, Bạc Liêu) went whole into Phường Bạc Liêu 31825;
    // 32017 (old Phường 6, Cà Mau) was split between two wards; district 964
    // (Thành phố Cà Mau) between five units; 99999 is nobody's.
    let refused = import(
        dir.path(),
        "dossiers",
        "old.csv",
        &format!(
            "{HEADER},district_code\n{},32047\n{},964\n{},99999\n",
            returned(1),
            returned(2),
            returned(3)
        ),
    );
    assert_eq!(refused.status.code(), Some(1));
    let err = text(&refused.stderr);
    assert!(
        err.contains(
            "old.csv:3: district_code: old district 964 was divided between several communes"
        ),
        "{err}"
    );
    assert!(
        err.contains("old.csv:4: district_code: no unit of the province has code \"99999\"; expected the 5-digit GSO code"),
        "{err}"
    );
    assert!(
        err.contains("2 problem(s) in old.csv; nothing was imported"),
        "{err}"
    );
    assert!(communes_in_index(dir.path()).is_empty());

    let out = import(
        dir.path(),
        "dossiers",
        "mixed.csv",
        &format!(
            "{HEADER},commune_code\n{},32047\n{},31813\n{},32017\n",
            returned(1),
            returned(2),
            returned(3)
        ),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        communes_in_index(dir.path()),
        [
            "31825 Phường Bạc Liêu",
            "32017 (mã cũ, đã chia tách)",
            "32047 Xã U Minh"
        ]
    );
}

#[test]
fn another_provinces_units_replace_the_built_in_ones_and_map_what_is_stored() {
    let dir = tempfile::tempdir().expect("temp dir");
    demo_catalog(dir.path());
    let out = import(
        dir.path(),
        "dossiers",
        "before.csv",
        &format!("{HEADER},commune_code\n{},32047\n", returned(1)),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // An invented province: old district 900 went whole into Xã Một (10001),
    // and so did the old commune stored above (the dossier's and its
    // agency's); district 901 was divided.
    let units = "code,name,kind,old_codes,old_names,old_districts,partial_old_codes\n\
        10001,Xã Một,xa,20001;32047,Xã A;Xã B,900 Huyện A (tỉnh X);900 Huyện A (tỉnh X),\n\
        10002,Phường Hai,phuong,20003;20004,Xã C;Xã D,901 Huyện B (tỉnh X);901 Huyện B (tỉnh X),20003\n\
        10003,Đặc khu Ba,dac_khu,20003,Xã C,901 Huyện B (tỉnh X),20003\n";
    let loaded = import_in(dir.path(), "95", "units", "x.csv", units);
    assert_eq!(
        text(&loaded.stdout),
        "units: 3 loaded for province 95; 2 stored old codes mapped to today's units\n",
        "{}",
        text(&loaded.stderr)
    );
    let rows = format!(
        "{HEADER},district_code\n{},900\n{},20003\n",
        returned(2),
        returned(3)
    );
    // Configured for Cà Mau, the bot refuses to work on province 95's units.
    let wrong = import(dir.path(), "dossiers", "after.csv", &rows);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        text(&wrong.stderr)
            .contains("the units loaded are those of province 95, but `province.code` is 96"),
        "{}",
        text(&wrong.stderr)
    );
    let out = import_in(dir.path(), "95", "dossiers", "after.csv", &rows);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        communes_in_index(dir.path()),
        ["10001 Xã Một", "20003 (mã cũ, đã chia tách)"]
    );
    // Cà Mau's units are gone with the file that replaced them.
    let refused = import_in(
        dir.path(),
        "95",
        "dossiers",
        "camau.csv",
        &format!("{HEADER},commune_code\n{},32014\n", returned(4)),
    );
    assert!(
        text(&refused.stderr)
            .contains("camau.csv:2: commune_code: no unit of the province has code \"32014\""),
        "{}",
        text(&refused.stderr)
    );
}

fn dossier_body(unit_field: &str, unit: &str) -> Value {
    json!({
        "procedure_code": "1.001193",
        "agency_code": "000.00.32.H12",
        "status": 4,
        "received_at": "2026-11-01T08:00:00+07:00",
        "due_at": "2026-11-20",
        "channel": "direct",
        unit_field: unit,
    })
}

#[tokio::test]
async fn the_api_reads_old_codes_and_refuses_unknown_ones_with_the_field() {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    let path = "/dossiers/000.00.32.H12-261101-0001";
    for (field, code, reason) in [
        ("commune_code", "99999", "no unit of the province has code"),
        ("district_code", "964", "old district 964 was divided"),
    ] {
        let (status, answer) = app.api(Method::PUT, path, dossier_body(field, code)).await;
        assert_eq!(status, 422, "{answer}");
        let errors = answer["errors"].as_array().expect("errors");
        assert_eq!(errors.len(), 1, "{answer}");
        assert_eq!(errors[0]["field"], field, "{answer}");
        assert!(
            errors[0]["message"]
                .as_str()
                .unwrap_or_default()
                .contains(reason),
            "{answer}"
        );
    }
    let (status, answer) = app
        .api(Method::PUT, path, dossier_body("district_code", "31813"))
        .await;
    assert_eq!(status, 201, "{answer}");
    // Stored under the unit of today: the same record in its words changes nothing.
    let (status, answer) = app
        .api(Method::PUT, path, dossier_body("commune_code", "31825"))
        .await;
    assert_eq!((status, &answer["result"]), (200, &json!("unchanged")));
}

#[tokio::test]
async fn a_broadcast_to_a_commune_reaches_only_its_followers() {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    app.import_dossiers(
        "000.00.32.H12-261101-0001,1.001193,000.00.32.H12,4,2026-11-01,2026-11-20,,direct,32047\n\
         000.00.32.H12-261101-0002,1.001193,000.00.32.H12,4,2026-11-01,2026-11-20,,direct,32014\n\
         000.00.32.H12-261101-0003,1.001193,000.00.32.H12,4,2026-11-01,2026-11-20,,direct,\n",
    )
    .await;
    app.add_citizens(100..106, Some("vi")).await;
    for (id, n) in [(100, 1), (101, 1), (102, 2), (103, 3), (104, 2)] {
        app.add_follow(id, &format!("000.00.32.H12-261101-000{n}"))
            .await;
    }
    // 101 follows a dossier in each commune: still one notice.
    app.add_follow(101, "000.00.32.H12-261101-0002").await;
    let (status, answer) = app
        .api(
            Method::POST,
            "/broadcasts",
            json!({"text": "Lịch tiếp dân xã U Minh", "audience": "commune:32047"}),
        )
        .await;
    assert_eq!(status, 201, "{answer}");
    let id = answer["id"].as_i64().expect("an id");
    app.wait_for_broadcast(id, Duration::from_secs(60)).await;
    app.drain_jobs().await;
    for chat in 100..106 {
        let got = app
            .messages_in(chat)
            .into_iter()
            .filter(|c| c.text().is_some_and(|t| t.contains("Lịch tiếp dân")))
            .count();
        assert_eq!(got, usize::from(chat <= 101), "chat {chat}");
    }
}

#[tokio::test]
async fn a_database_from_before_the_communes_maps_what_it_can_and_flags_the_rest() {
    // The schema as it was before communes, with what it held then.
    let (pool, url, dir) = crate::helpers::database_before(20261126000100).await;
    sqlx::query(
        "INSERT INTO agencies (code, name_vi, name_en, name_km, district_code) VALUES ('000.00.32.H12', 'A', 'A', 'A', '966');
         INSERT INTO procedures VALUES ('1.001193', 'P', 'P', 'P', 'civil-status', 0);",
    )
    .execute(&pool)
    .await
    .expect("the old catalog");
    for (n, unit) in [(1, "964"), (2, "31813"), (3, "32017")] {
        sqlx::query(
            "INSERT INTO dossiers (code, procedure_code, agency_code, district_code, channel, received_at, due_at,
                 returned_at, status, status_at, updated_at)
             VALUES (?, '1.001193', '000.00.32.H12', ?, 'direct', '2026-11-01T01:00:00Z', '2026-11-05',
                 '2026-11-04T03:00:00Z', 10, '2026-11-04T03:00:00Z', '2026-11-04T03:00:00Z')",
        )
        .bind(format!("000.00.32.H12-261101-{n:04}"))
        .bind(unit)
        .execute(&pool)
        .await
        .expect("an old dossier");
    }
    // A rating of the dossier filed under the old commune 31813.
    sqlx::query(
        "INSERT INTO responses (dossier_id, user_id, verified, held, scale, overall, agency_code, procedure_code,
             district_code, channel, returned_at, created_at, updated_at)
         SELECT id, 7, 0, 0, 3, 'satisfied', agency_code, procedure_code, district_code, channel, returned_at,
             returned_at, returned_at
         FROM dossiers WHERE district_code = '31813'",
    )
    .execute(&pool)
    .await
    .expect("an old rating");
    pool.close().await;

    assert_eq!(
        communes_in_index_of(dir.path(), &url),
        [
            "31825 Phường Bạc Liêu",
            "32017 (mã cũ, đã chia tách)",
            "964 (mã huyện cũ, đã chia tách)"
        ]
    );
    // The rating moved with its dossier, in the rollup the index reads.
    let out = hailong(
        dir.path(),
        &["index", "--by", "commune", "--format", "json"],
        &[("HAILONG_DATABASE_URL", &url)],
        "",
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    let responses: Vec<(&str, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["group"].as_str().unwrap_or_default(),
                r["responses"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        responses,
        [
            ("31825", 1),
            ("32017 (mã cũ, đã chia tách)", 0),
            ("964 (mã huyện cũ, đã chia tách)", 0)
        ]
    );
}
