//! Pulling unknown codes from a provincial system, against a local fake of it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hailong::domain::Language;
use hailong::i18n::Key;
use serde_json::json;

use crate::helpers::{TestApp, citizen};

const KNOWN_THERE: &str = "000.00.99.H12-261120-0042";

#[derive(Clone, Copy)]
enum Behaviour {
    Answers,
    Fails,
    Hangs,
}

#[derive(Clone)]
struct Source {
    behaviour: Behaviour,
    asked: Arc<AtomicUsize>,
}

async fn dossier(State(source): State<Source>, Path(code): Path<String>) -> Response {
    source.asked.fetch_add(1, Ordering::SeqCst);
    match source.behaviour {
        Behaviour::Fails => StatusCode::BAD_GATEWAY.into_response(),
        Behaviour::Hangs => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::OK.into_response()
        }
        Behaviour::Answers if code == KNOWN_THERE => axum::Json(json!({
            "procedure": {"code": "1.000894", "name": "Đăng ký kết hôn"},
            "agency": {"code": "000.00.99.H12", "name": "UBND phường Tân Thành"},
            "status": 9,
            "received_at": "2026-11-20T09:00:00+07:00",
            "due_at": "2026-11-21",
            "returned_at": null,
            "channel": "direct",
            "commune_code": "32014",
        }))
        .into_response(),
        Behaviour::Answers => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Starts the fake source and an app that asks it.
async fn app_asking(behaviour: Behaviour) -> (TestApp, Arc<AtomicUsize>) {
    let asked = Arc::new(AtomicUsize::new(0));
    let router = Router::new()
        .route("/dossiers/{code}", get(dossier))
        .with_state(Source {
            behaviour,
            asked: asked.clone(),
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    let app = TestApp::spawn_with(|s| {
        s.status_source.url = format!("http://{addr}/dossiers/{{code}}");
        s.status_source.timeout_ms = 300;
    })
    .await;
    (app, asked)
}

#[tokio::test]
async fn a_code_only_the_source_knows_is_shown_and_kept() {
    let (mut app, asked) = app_asking(Behaviour::Answers).await;
    let user = citizen(401, Some("en"));
    app.send_text(&user, &KNOWN_THERE.to_lowercase()).await;
    let card = app.last_message(401).text().unwrap_or_default().to_owned();
    assert!(
        card.contains("Procedure: Đăng ký kết hôn (1.000894)"),
        "{card}"
    );
    assert!(
        card.contains("Handled by: UBND phường Tân Thành") && card.contains("Status: Result ready"),
        "{card}"
    );
    app.press(&user, &app.t(Language::En, Key::FollowButton))
        .await;
    app.send_text(&user, KNOWN_THERE).await;
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "once stored, the source is not asked again"
    );
}

#[tokio::test]
async fn a_code_nobody_knows_is_not_found_and_the_answer_is_cached() {
    let (mut app, asked) = app_asking(Behaviour::Answers).await;
    let user = citizen(402, Some("en"));
    app.send_text(&user, "000.00.99.H12-261120-0001").await;
    app.send_text(&user, "000.00.99.H12-261120-0001").await;
    let text = app.last_message(402).text().unwrap_or_default().to_owned();
    assert!(text.starts_with("No dossier has the code"), "{text}");
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failing_source_is_reported_and_left_alone_for_a_while() {
    let (mut app, asked) = app_asking(Behaviour::Fails).await;
    let user = citizen(403, Some("vi"));
    for n in 1..=3 {
        app.send_text(&user, &format!("000.00.99.H12-261120-000{n}"))
            .await;
    }
    assert_eq!(
        app.last_message(403).text(),
        Some(app.t(Language::Vi, Key::LookupUnavailable).as_str())
    );
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "no retry storm while it is down"
    );
}

#[tokio::test]
async fn a_hanging_source_times_out_and_the_bot_answers_anyway() {
    let (mut app, asked) = app_asking(Behaviour::Hangs).await;
    app.seed_catalog().await;
    let user = citizen(404, Some("en"));
    app.send_text(&user, "000.00.99.H12-261120-0007").await;
    assert_eq!(
        app.last_message(404).text(),
        Some(app.t(Language::En, Key::LookupUnavailable).as_str())
    );
    app.send_text(&citizen(405, Some("en")), "/help").await;
    assert_eq!(
        app.last_message(405).text(),
        Some(app.t(Language::En, Key::Help).as_str())
    );
    assert_eq!(asked.load(Ordering::SeqCst), 1);
}
