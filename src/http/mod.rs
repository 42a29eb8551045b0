//! Every HTTP surface of `hailong run`.

mod broadcasts;
mod cases;
pub mod dashboard;
mod error;
mod health;
mod ingest;
pub mod limit;
pub mod serve;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use tokio::sync::Notify;

use crate::configuration::Secret;
use crate::i18n::I18n;
use crate::store::Store;
use crate::telemetry::contact::Contact;
use crate::telemetry::metrics::Metrics;

/// Request bodies above this are refused with 413.
const MAX_BODY: usize = 1024 * 1024;
/// A broadcast may carry a photo of up to 10 MB, base64-encoded.
const MAX_BROADCAST_BODY: usize = 14 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct HttpState {
    pub store: Store,
    pub metrics: Arc<Metrics>,
    /// When Telegram last answered, for `/healthz`.
    pub contact: Arc<Contact>,
    /// The ingest API's bearer token; unset refuses every call.
    pub api_token: Secret,
    /// Rung when a broadcast is queued.
    pub broadcasts_wake: Arc<Notify>,
    /// Words the footer every notice ends with, to check a notice fits.
    pub i18n: Arc<I18n>,
    /// The API's requests per client address.
    pub api_limit: Arc<limit::PerAddress>,
    /// Messages waiting for Telegram's pace, for `/metrics`.
    pub pacer: Arc<crate::telegram::pace::Pacer>,
    /// The staff dashboard's signer, roles and rules.
    pub dashboard: Arc<dashboard::Dashboard>,
    /// `[backup]`'s schedule, if set: the newest copy's age, for `/metrics`.
    pub backups: Option<crate::jobs::backups::BackupSchedule>,
    /// Whether the status source is asked again about what it alone keeps
    /// current: its lag is in `/metrics` only then.
    pub refreshes_pulled: bool,
}

pub fn router(state: HttpState) -> Router {
    let api = Router::new()
        .route("/dossiers/{code}", put(ingest::put_dossier))
        .route("/dossiers/{code}/events", post(ingest::post_event))
        .route("/openapi.json", get(ingest::openapi))
        .route(
            "/broadcasts",
            post(broadcasts::create)
                .get(broadcasts::list)
                .layer(DefaultBodyLimit::max(MAX_BROADCAST_BODY)),
        )
        .route("/broadcasts/{id}", get(broadcasts::show))
        .route("/broadcasts/{id}/cancel", post(broadcasts::cancel))
        .merge(cases::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.api_limit.clone(),
            limit::per_address,
        ));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .nest("/api/v1", api)
        .merge(dashboard::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}
