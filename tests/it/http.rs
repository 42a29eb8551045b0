use crate::helpers::{TestApp, citizen};

#[tokio::test]
async fn healthz_is_200_while_the_database_answers() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await, (200, "ok\n".to_owned()));
}

#[tokio::test]
async fn metrics_count_handled_updates_and_their_latency() {
    let mut app = TestApp::spawn().await;
    app.send_text(&citizen(61, Some("vi")), "/start").await;
    app.send_text(&citizen(61, Some("vi")), "/help").await;
    let (status, body) = app.get("/metrics").await;
    assert_eq!(status, 200);
    assert!(body.contains("hailong_updates_handled_total 2"), "{body}");
    assert!(body.contains("hailong_errors_total 0"), "{body}");
    assert!(
        body.contains("hailong_handler_duration_seconds_count 2"),
        "{body}"
    );
    assert!(
        body.contains("# TYPE hailong_handler_duration_seconds histogram"),
        "{body}"
    );
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/nope").await.0, 404);
}
