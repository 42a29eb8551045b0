//! Every HTTP surface of `hailong run`.

mod error;
mod health;
mod ingest;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use tokio::sync::Notify;

use crate::configuration::Secret;
use crate::metrics::Metrics;
use crate::store::Store;

/// Request bodies above this are refused with 413.
const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct HttpState {
    pub store: Store,
    pub metrics: Arc<Metrics>,
    /// The ingest API's bearer token; unset refuses every call.
    pub api_token: Secret,
    /// Rung after a change that queued notifications.
    pub wake: Arc<Notify>,
}

pub fn router(state: HttpState) -> Router {
    let api = Router::new()
        .route("/dossiers/{code}", put(ingest::put_dossier))
        .route("/dossiers/{code}/events", post(ingest::post_event))
        .route("/openapi.json", get(ingest::openapi));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .nest("/api/v1", api)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}
