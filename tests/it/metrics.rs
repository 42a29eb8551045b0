//! What an operator watches on `/metrics`: queues, Telegram's errors and
//! silence, the pacer, panics.

use std::time::Duration;

use bot_api_emulator::Fault;

use crate::helpers::{TestApp, citizen};

fn value(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no {series} in:\n{metrics}"))
        .parse()
        .expect("a number")
}

#[tokio::test]
async fn metrics_show_queues_telegram_errors_by_kind_and_its_silence() {
    let mut app = TestApp::spawn_with(|s| s.telegram.panic_on_text = Some("boom".into())).await;
    app.fake.fail_next("sendMessage", Fault::RetryAfter(1));
    app.send_text(&citizen(901, Some("en")), "/help").await;
    app.fake.fail_next("sendMessage", Fault::Forbidden);
    app.send_text(&citizen(902, Some("en")), "/help").await;
    app.send_text(&citizen(903, Some("en")), "boom").await;
    // A notification Telegram keeps failing with 5xx waits in the outbox
    // (teloxide reports a 5xx only after 10 s, so it is not counted yet).
    app.seed_catalog().await;
    let code = "000.00.32.H12-261101-0001";
    app.import_dossiers(&format!(
        "{code},1.001193,000.00.32.H12,4,2026-11-01,2026-11-05,,direct,32047\n"
    ))
    .await;
    app.add_citizens(904..905, Some("en")).await;
    app.add_follow(904, code).await;
    app.fake
        .down_for(Duration::from_secs(60), Fault::ServerError(502));
    app.import_dossiers(&format!(
        "{code},1.001193,000.00.32.H12,9,2026-11-01,2026-11-05,,direct,32047\n"
    ))
    .await;
    let (status, metrics) = app.get("/metrics").await;
    assert_eq!(status, 200);
    assert_eq!(
        value(
            &metrics,
            "hailong_telegram_errors_total{kind=\"rate_limited\"}"
        ),
        1.0
    );
    assert_eq!(
        value(&metrics, "hailong_telegram_errors_total{kind=\"refused\"}"),
        1.0
    );
    assert_eq!(
        value(&metrics, "hailong_telegram_errors_total{kind=\"network\"}"),
        0.0
    );
    assert_eq!(
        value(&metrics, "hailong_outbox_depth{kind=\"status_changed\"}"),
        1.0
    );
    assert_eq!(value(&metrics, "hailong_inbox_pending"), 0.0);
    assert_eq!(value(&metrics, "hailong_inbox_lag_seconds"), 0.0);
    assert_eq!(value(&metrics, "hailong_pacer_queue"), 0.0);
    assert_eq!(value(&metrics, "hailong_panics_total"), 1.0);
    let silence = value(&metrics, "hailong_telegram_last_success_age_seconds");
    assert!((0.0..5.0).contains(&silence), "{silence}");
}
