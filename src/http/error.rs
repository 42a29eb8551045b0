//! The one error type of the HTTP API, answered as JSON.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use crate::store::StoreError;

/// A problem with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl ToString) -> Self {
        Self {
            field: field.to_owned(),
            message: message.to_string(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("a valid bearer token is required")]
    Unauthorized,
    #[error("the request has invalid fields")]
    Invalid(Vec<FieldError>),
    /// What was not found, e.g. "no dossier has this code".
    #[error("{0}")]
    NotFound(&'static str),
    /// The request is understood but the thing is not in a state to do it.
    #[error("{0}")]
    Conflict(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(error.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, json!({"error": self.to_string()})),
            Self::Invalid(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"error": self.to_string(), "errors": errors}),
            ),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, json!({"error": self.to_string()})),
            Self::Conflict(_) => (StatusCode::CONFLICT, json!({"error": self.to_string()})),
            Self::Store(error) => {
                tracing::error!(%error, "HTTP API: storage failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({"error": "internal error"}),
                )
            }
        };
        let mut response = (status, Json(body)).into_response();
        if matches!(self, Self::Unauthorized) {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
