//! Every HTTP surface of `hailong run`.

mod health;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;

use crate::metrics::Metrics;
use crate::store::Store;

#[derive(Debug, Clone)]
pub struct HttpState {
    pub store: Store,
    pub metrics: Arc<Metrics>,
}

pub fn router(state: HttpState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .with_state(state)
}
