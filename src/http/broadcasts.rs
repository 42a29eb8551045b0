//! The broadcast API: `POST /api/v1/broadcasts` makes one (the same bearer
//! token as the ingest API), `GET` lists them or shows one with its figures,
//! `POST …/{id}/cancel` stops one. A repeated POST with the same
//! `Idempotency-Key` makes no second broadcast.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use serde_json::Value;

use super::HttpState;
use super::error::{AppError, FieldError};
use super::ingest::{Fields, authorize, parse_body};
use crate::domain::Audience;
use crate::flows::broadcast_words::{Format, parse_text};
use crate::store::broadcasts::{self, NewBroadcast, Summary};

const MAX_IDEMPOTENCY_KEY: usize = 128;
/// Telegram takes photos up to 10 MB.
const MAX_PHOTO: usize = 10 * 1024 * 1024;
const LISTED: i64 = 20;

pub async fn create(
    State(state): State<HttpState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, AppError> {
    authorize(&state, &headers)?;
    let key = idempotency_key(&headers)?;
    if let Some(key) = &key {
        let mut conn = state.store.read().await?;
        if let Some(id) = broadcasts::by_idempotency_key(&mut conn, key).await? {
            return Ok((StatusCode::OK, Json(found(&state, id).await?)));
        }
    }
    let body = parse_body(&body)?;
    let new = new_broadcast(&state, &body, key)?;
    let mut tx = state.store.begin_write().await?;
    // Two requests with one key racing: the second finds the first's here.
    if let Some(key) = &new.idempotency_key
        && let Some(id) = broadcasts::by_idempotency_key(&mut tx, key).await?
    {
        tx.commit().await?;
        return Ok((StatusCode::OK, Json(found(&state, id).await?)));
    }
    let (id, recipients) = broadcasts::create(&mut tx, &new).await?;
    if recipients == 0 {
        // Nothing is kept: the transaction is dropped.
        return Err(AppError::Invalid(vec![FieldError::new(
            "audience",
            "no one in this audience can receive notices",
        )]));
    }
    tx.commit().await?;
    tracing::info!(
        broadcast = id,
        recipients,
        "broadcast queued through the API"
    );
    state.broadcasts_wake.notify_one();
    Ok((StatusCode::CREATED, Json(found(&state, id).await?)))
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    match value.to_str().map(str::trim) {
        Ok(key) if !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY => Ok(Some(key.to_owned())),
        _ => Err(AppError::Invalid(vec![FieldError::new(
            "Idempotency-Key",
            format!("1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"),
        )])),
    }
}

fn new_broadcast(
    state: &HttpState,
    body: &serde_json::Map<String, Value>,
    idempotency_key: Option<String>,
) -> Result<NewBroadcast, AppError> {
    let mut f = Fields::new(body);
    let audience = f.parsed("audience", true, Audience::parse);
    let format = f.parsed("format", false, |raw| match raw {
        "html" => Ok(Format::Html),
        "plain" => Ok(Format::Plain),
        _ => Err("html or plain"),
    });
    let photo = f.parsed("photo_base64", false, |raw| {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(raw.trim())
            .map_err(|e| format!("not base64: {e}"))?;
        if bytes.is_empty() || bytes.len() > MAX_PHOTO {
            return Err(format!("a photo of 1 byte to {MAX_PHOTO} bytes"));
        }
        Ok(bytes)
    });
    let text = f.text("text", photo.is_none()).unwrap_or("");
    let text_html = parse_text(
        &state.i18n,
        text,
        format.unwrap_or_default(),
        photo.is_some(),
    )
    .map_err(|e| f.errors.push(FieldError::new("text", e)))
    .ok();
    let new = match (audience, text_html) {
        (Some(audience), Some(text_html)) => Some(NewBroadcast {
            text_html,
            photo_file_id: None,
            photo_bytes: photo,
            audience,
            created_by: "api".into(),
            idempotency_key,
            progress_chat_id: None,
            progress_message_id: None,
        }),
        _ => None,
    };
    f.finish(new)
}

async fn found(state: &HttpState, id: i64) -> Result<Summary, AppError> {
    broadcasts::summary(&mut *state.store.read().await?, id)
        .await?
        .ok_or(AppError::NotFound("no broadcast has this id"))
}

pub async fn list(
    State(state): State<HttpState>,
    headers: HeaderMap,
) -> Result<Json<Vec<Summary>>, AppError> {
    authorize(&state, &headers)?;
    let recent = broadcasts::recent(&mut *state.store.read().await?, LISTED).await?;
    Ok(Json(recent))
}

pub async fn show(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Json<Summary>, AppError> {
    authorize(&state, &headers)?;
    Ok(Json(found(&state, id).await?))
}

pub async fn cancel(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Json<Summary>, AppError> {
    authorize(&state, &headers)?;
    let mut tx = state.store.begin_write().await?;
    let stopped = broadcasts::cancel(&mut tx, id).await?;
    tx.commit().await?;
    let summary = found(&state, id).await?;
    if !stopped {
        return Err(AppError::Conflict("the broadcast is not running"));
    }
    tracing::info!(broadcast = id, "broadcast cancelled through the API");
    Ok(Json(summary))
}
