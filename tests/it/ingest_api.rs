//! The ingest API through a real HTTP client.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, citizen};

const CODE: &str = "000.00.32.H12-261103-0007";

fn dossier(status: i64) -> Value {
    json!({
        "procedure_code": "1.001193",
        "agency_code": "000.00.32.H12",
        "status": status,
        "received_at": "2026-11-03T08:15:00+07:00",
        "due_at": "2026-11-10",
        "channel": "online",
        "commune_code": "32047",
        "applicant_name": "ignored, never stored",
    })
}

async fn app() -> TestApp {
    let app = TestApp::spawn().await;
    app.seed_catalog().await;
    app
}

#[tokio::test]
async fn put_creates_then_reports_unchanged_then_updated() {
    let app = app().await;
    let path = format!("/dossiers/{}", CODE.to_lowercase());
    assert_eq!(
        app.api(Method::PUT, &path, dossier(2)).await,
        (201, json!({"code": CODE, "result": "created"}))
    );
    assert_eq!(
        app.api(Method::PUT, &path, dossier(2)).await,
        (200, json!({"code": CODE, "result": "unchanged"}))
    );
    assert_eq!(
        app.api(Method::PUT, &path, dossier(4)).await,
        (200, json!({"code": CODE, "result": "updated"}))
    );
}

#[tokio::test]
async fn a_dossier_pushed_through_the_api_can_be_looked_up() {
    let mut app = app().await;
    app.api(Method::PUT, &format!("/dossiers/{CODE}"), dossier(4))
        .await;
    app.send_text(&citizen(201, Some("en")), CODE).await;
    let card = app.last_text(201);
    assert!(
        card.contains("Status: Processing") && card.contains("Filed: Online"),
        "{card}"
    );
    assert!(!card.contains("ignored"), "{card}");
}

#[tokio::test]
async fn calls_without_the_right_token_are_401() {
    let app = app().await;
    let path = format!("/dossiers/{CODE}");
    let body = dossier(2).to_string();
    assert_eq!(
        app.api_raw(Method::PUT, &path, None, body.clone()).await.0,
        401
    );
    assert_eq!(
        app.api_raw(Method::PUT, &path, Some("wrong"), body).await.0,
        401
    );
    let closed = TestApp::spawn_with(|s| s.api.token = "".into()).await;
    assert_eq!(
        closed.api(Method::PUT, &path, dossier(2)).await.0,
        401,
        "no token configured: closed"
    );
}

#[tokio::test]
async fn a_bad_body_gets_every_field_error_at_once() {
    let app = app().await;
    let body = json!({"procedure_code": "9.999999", "status": 11, "received_at": "yesterday", "channel": "fax"});
    let (status, answer) = app
        .api(Method::PUT, &format!("/dossiers/{CODE}"), body)
        .await;
    assert_eq!(status, 422);
    let mut fields: Vec<&str> = answer["errors"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "agency_code",
            "channel",
            "due_at",
            "procedure_code",
            "received_at",
            "status"
        ],
        "an unknown procedure is told with the rest: {answer}"
    );
}

#[tokio::test]
async fn unknown_procedures_and_agencies_are_422_and_nothing_is_written() {
    let app = app().await;
    let mut body = dossier(2);
    body["procedure_code"] = json!("9.999999");
    let (status, answer) = app
        .api(Method::PUT, &format!("/dossiers/{CODE}"), body)
        .await;
    assert_eq!(status, 422);
    assert_eq!(answer["errors"][0]["field"], "procedure_code");
    let event = json!({"event_id": "x", "status": 4, "at": "2026-11-04"});
    assert_eq!(
        app.api(Method::POST, &format!("/dossiers/{CODE}/events"), event)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn malformed_json_and_bad_codes_are_422() {
    let app = app().await;
    let (status, answer) = app
        .api_raw(
            Method::PUT,
            &format!("/dossiers/{CODE}"),
            Some(crate::helpers::API_TOKEN),
            "{not json".into(),
        )
        .await;
    assert_eq!(
        (status, answer["errors"][0]["field"].as_str()),
        (422, Some("body"))
    );
    let (status, answer) = app.api(Method::PUT, "/dossiers/a_b", dossier(2)).await;
    assert_eq!(
        (status, answer["errors"][0]["field"].as_str()),
        (422, Some("code"))
    );
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_413() {
    let app = app().await;
    let huge = json!({"note": "x".repeat(1024 * 1024 + 1)}).to_string();
    let (status, _) = app
        .api_raw(
            Method::PUT,
            &format!("/dossiers/{CODE}"),
            Some(crate::helpers::API_TOKEN),
            huge,
        )
        .await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn the_same_event_id_is_accepted_once() {
    let app = app().await;
    app.api(Method::PUT, &format!("/dossiers/{CODE}"), dossier(2))
        .await;
    let path = format!("/dossiers/{CODE}/events");
    let event = json!({"event_id": "evt-42", "status": "4", "at": "2026-11-04T10:00:00+07:00", "note": "phân công"});
    assert_eq!(
        app.api(Method::POST, &path, event.clone()).await,
        (201, json!({"duplicate": false, "status_changed": true}))
    );
    assert_eq!(
        app.api(Method::POST, &path, event).await,
        (200, json!({"duplicate": true, "status_changed": false}))
    );
    let older = json!({"event_id": "evt-41", "status": 2, "at": "2026-11-03T09:00:00+07:00"});
    assert_eq!(
        app.api(Method::POST, &path, older).await,
        (201, json!({"duplicate": false, "status_changed": false})),
        "an older event is history, not news"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = app().await;
    let response = reqwest::get(format!(
        "http://127.0.0.1:{}/api/v1/openapi.json",
        app.http_port
    ))
    .await
    .expect("answers");
    assert_eq!(response.status().as_u16(), 200);
    let doc: Value = response.json().await.expect("JSON");
    assert!(
        doc["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3."),
        "{doc}"
    );
    assert!(
        doc["paths"]["/api/v1/dossiers/{code}"]["put"].is_object(),
        "{doc}"
    );
    assert!(
        doc["paths"]["/api/v1/dossiers/{code}/events"]["post"].is_object(),
        "{doc}"
    );
    for (path, method) in [
        ("/api/v1/broadcasts", "post"),
        ("/api/v1/broadcasts", "get"),
        ("/api/v1/broadcasts/{id}", "get"),
        ("/api/v1/broadcasts/{id}/cancel", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

/// The newest time wins whatever the order: 16 dossiers × 12 events, posted
/// in a scrambled order by 16 clients at once.
#[tokio::test]
async fn out_of_order_events_from_16_clients_converge_on_the_newest_status() {
    const DOSSIERS: usize = 16;
    const EVENTS: usize = 12;
    const CLIENTS: usize = 16;
    // Two statuses by turns: each is repeated, so the time of a repeat matters.
    const STATUSES: [i64; 2] = [5, 4];
    let app = app().await;
    let codes: Vec<String> = (0..DOSSIERS)
        .map(|n| format!("000.00.32.H12-261103-{n:04}"))
        .collect();
    for code in &codes {
        assert_eq!(
            app.api(Method::PUT, &format!("/dossiers/{code}"), dossier(2))
                .await
                .0,
            201
        );
    }
    let mut events = Vec::new();
    for (d, code) in codes.iter().enumerate() {
        for k in 0..EVENTS {
            let status = STATUSES[(k + d) % STATUSES.len()];
            let at = format!("2026-11-04T{k:02}:00:00+07:00");
            events.push((
                code.clone(),
                json!({"event_id": format!("e{k}"), "status": status, "at": at}),
            ));
        }
    }
    // A fixed scramble (a linear congruential generator), the same every run.
    let mut seed: u64 = 0x9e37_79b9;
    for i in (1..events.len()).rev() {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        events.swap(i, (seed >> 33) as usize % (i + 1));
    }
    let queue = std::sync::Arc::new(std::sync::Mutex::new(events));
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let queue = queue.clone();
        let url = app.api_url("/dossiers");
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut statuses = Vec::new();
            loop {
                let next = queue.lock().expect("queue").pop();
                let Some((code, event)) = next else {
                    return statuses;
                };
                let response = client
                    .post(format!("{url}/{code}/events"))
                    .bearer_auth(crate::helpers::API_TOKEN)
                    .json(&event)
                    .send()
                    .await
                    .expect("the API answers");
                statuses.push(response.status().as_u16());
            }
        }));
    }
    for client in clients {
        let statuses = client.await.expect("the client finishes");
        assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    }
    let store = app.store().await;
    let mut conn = store.read().await.expect("a connection");
    let newest = EVENTS - 1;
    for (d, code) in codes.iter().enumerate() {
        let view = hailong::store::dossiers::find_dossier(
            &mut conn,
            &hailong::domain::DossierCode::parse(code).expect("code"),
        )
        .await
        .expect("read")
        .expect("stored");
        assert_eq!(
            (view.status.code(), view.status_at.to_rfc3339()),
            (
                STATUSES[(newest + d) % STATUSES.len()],
                "2026-11-04T04:00:00+00:00".to_owned()
            ),
            "{code}"
        );
    }
}

#[tokio::test]
async fn times_far_ahead_and_returns_before_receipt_are_422_each_named() {
    let app = app().await;
    let path = format!("/dossiers/{CODE}");
    let mut returned_early = dossier(10);
    returned_early["returned_at"] = json!("2026-11-02T10:00:00+07:00");
    let (status, answer) = app.api(Method::PUT, &path, returned_early).await;
    assert_eq!(
        (status, answer["errors"].clone()),
        (
            422,
            json!([{"field": "returned_at", "message": "earlier than received_at"}])
        )
    );
    let mut far_ahead = dossier(10);
    far_ahead["received_at"] = json!("2099-01-01");
    far_ahead["due_at"] = json!("2099-01-10");
    far_ahead["returned_at"] = json!("2099-01-02");
    let (status, answer) = app.api(Method::PUT, &path, far_ahead).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = answer["errors"]
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["received_at", "returned_at"], "{answer}");

    assert_eq!(app.api(Method::PUT, &path, dossier(4)).await.0, 201);
    let events = format!("{path}/events");
    let frozen = json!({"event_id": "e-2099", "status": 9, "at": "2099-01-01T00:00:00+07:00"});
    let (status, answer) = app.api(Method::POST, &events, frozen).await;
    assert_eq!(
        (status, answer["errors"].clone()),
        (
            422,
            json!([{"field": "at", "message": "more than one day in the future"}])
        )
    );
    let returned_before_receipt =
        json!({"event_id": "e-early", "status": 10, "at": "2026-11-02T00:00:00+07:00"});
    assert_eq!(
        app.api(Method::POST, &events, returned_before_receipt)
            .await
            .0,
        422
    );
    let next = json!({"event_id": "e-next", "status": 9, "at": "2026-11-05T00:00:00+07:00"});
    assert_eq!(
        app.api(Method::POST, &events, next).await,
        (201, json!({"duplicate": false, "status_changed": true})),
        "the refused events froze nothing"
    );
}
