use std::fmt::Write;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use chrono::Utc;

use super::HttpState;
use crate::store::gauges::{self, Queues};

/// 200 while the database answers and Telegram has answered recently; 503
/// with every reason otherwise.
pub async fn healthz(State(state): State<HttpState>) -> impl IntoResponse {
    let mut problems = Vec::new();
    if let Err(error) = state.store.ping().await {
        tracing::error!(%error, "health check: the database does not answer");
        problems.push("database unavailable".to_owned());
    }
    if let Some(silence) = state.contact.unhealthy() {
        tracing::warn!(
            silent_secs = silence.as_secs(),
            "health check: Telegram has not answered"
        );
        problems.push(format!(
            "telegram unreachable: no successful call for {} s",
            silence.as_secs()
        ));
    }
    if problems.is_empty() {
        return (StatusCode::OK, "ok\n".to_owned());
    }
    (StatusCode::SERVICE_UNAVAILABLE, problems.join("\n") + "\n")
}

pub async fn metrics(State(state): State<HttpState>) -> impl IntoResponse {
    let mut text = state.metrics.render();
    let queues = match state.store.read().await {
        Ok(mut conn) => gauges::queues(&mut conn).await,
        Err(error) => Err(error),
    };
    match queues {
        Ok(queues) => render_queues(&mut text, &queues, state.refreshes_pulled),
        // The counters still tell something; the missing gauges say the rest.
        Err(error) => tracing::error!(%error, "metrics: the queues could not be read"),
    }
    let gauge = |out: &mut String, name: &str, help: &str, value: String| {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
        );
    };
    gauge(
        &mut text,
        "hailong_pacer_queue",
        "Messages waiting for their slot under Telegram's limits.",
        state.pacer.queued().to_string(),
    );
    gauge(
        &mut text,
        "hailong_telegram_last_success_age_seconds",
        "Seconds since a call to Telegram last succeeded.",
        format!("{:.3}", state.contact.silence().as_secs_f64()),
    );
    if let Some(schedule) = &state.backups {
        // +Inf with no copy at all: older than any alert's threshold.
        let age = schedule.newest().map_or("+Inf".to_owned(), |made| {
            format!("{:.0}", (Utc::now() - made).as_seconds_f64().max(0.0))
        });
        gauge(
            &mut text,
            "hailong_backup_newest_age_seconds",
            "Seconds since the newest scheduled backup in the folder was made (+Inf: none).",
            age,
        );
    }
    let name = "hailong_telegram_errors_total";
    let _ = writeln!(
        text,
        "# HELP {name} Failed calls to Telegram, by kind.\n# TYPE {name} counter"
    );
    for (kind, count) in state.contact.errors() {
        let _ = writeln!(text, "{name}{{kind=\"{}\"}} {count}", kind.label());
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
}

/// The queues' gauges; the status source's lag only when it is asked
/// again (`refreshes_pulled`), as it would otherwise only ever grow.
fn render_queues(out: &mut String, queues: &Queues, refreshes_pulled: bool) {
    let age = |at: Option<chrono::DateTime<Utc>>| {
        at.map_or(0.0, |at| (Utc::now() - at).as_seconds_f64().max(0.0))
    };
    let lag = age(queues.inbox_oldest);
    let _ = writeln!(
        out,
        "# HELP hailong_inbox_pending Updates received and not yet answered.\n\
         # TYPE hailong_inbox_pending gauge\nhailong_inbox_pending {}\n\
         # HELP hailong_inbox_lag_seconds Age of the oldest update not yet answered (0: none).\n\
         # TYPE hailong_inbox_lag_seconds gauge\nhailong_inbox_lag_seconds {lag:.3}",
        queues.inbox_pending
    );
    let name = "hailong_outbox_depth";
    let _ = writeln!(
        out,
        "# HELP {name} Notifications queued or in flight, by kind.\n# TYPE {name} gauge"
    );
    for (kind, depth) in &queues.outbox {
        let _ = writeln!(out, "{name}{{kind=\"{kind}\"}} {depth}");
    }
    if !refreshes_pulled {
        return;
    }
    let _ = writeln!(
        out,
        "# HELP hailong_status_source_refresh_lag_seconds Since the status source was last asked about \
         the followed dossier it alone keeps current that has waited longest (0: none).\n\
         # TYPE hailong_status_source_refresh_lag_seconds gauge\n\
         hailong_status_source_refresh_lag_seconds {:.0}",
        age(queues.source_oldest_ask)
    );
}
