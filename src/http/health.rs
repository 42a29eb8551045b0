use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use super::HttpState;

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
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(),
    )
}
