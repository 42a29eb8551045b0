//! The cases API, for the provincial system to sync citizen feedback:
//! `GET /api/v1/cases` lists cases by last update (`?since=`, `?limit=`,
//! `?cursor=`), `GET /api/v1/cases/{number}` shows one with its history.
//! The same bearer token as the ingest API. No chat identity ever leaves:
//! the citizen is "#k", and the history names roles, not people.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use super::HttpState;
use super::error::{AppError, FieldError};
use super::ingest::authorize;
use crate::domain::CaseId;
use crate::domain::case::CaseNumber;
use crate::domain::moment::{local_date, parse_instant};
use crate::store::case_reports::{self, Cursor};
use crate::store::cases::{self, Case};
use crate::store::parse_time;

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 500;

/// The routes under `/api/v1`.
pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/cases", get(list))
        .route("/cases/{number}", get(show))
}

async fn list(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, AppError> {
    authorize(&state, &headers)?;
    let asked = list_query(&query)?;
    let mut conn = state.store.read().await?;
    let (page, next) =
        case_reports::page(&mut conn, asked.since, asked.cursor, asked.limit).await?;
    let codes = case_reports::dossier_codes(&mut conn, &page).await?;
    let today = local_date(Utc::now());
    let cases: Vec<Value> = page
        .iter()
        .map(|case| {
            let code = case.dossier.and_then(|id| codes.get(&id));
            case_json(case, code.map(String::as_str), today)
        })
        .collect();
    Ok(Json(json!({
        "cases": cases,
        "next_cursor": next.map(cursor_text),
    })))
}

async fn show(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Path(number): Path<String>,
) -> Result<Json<Value>, AppError> {
    authorize(&state, &headers)?;
    let number = CaseNumber::parse(&number)
        .map_err(|e| AppError::Invalid(vec![FieldError::new("number", e)]))?;
    let mut conn = state.store.read().await?;
    let case = cases::by_number(&mut conn, number)
        .await?
        .ok_or(AppError::NotFound("no case has this number"))?;
    let codes = case_reports::dossier_codes(&mut conn, std::slice::from_ref(&case)).await?;
    let code = case.dossier.and_then(|id| codes.get(&id));
    let mut body = case_json(&case, code.map(String::as_str), local_date(Utc::now()));
    let history: Vec<Value> = cases::history(&mut conn, case.id)
        .await?
        .into_iter()
        .map(|event| {
            json!({
                "at": event.at,
                "actor": event.actor,
                "action": event.action,
                "from": event.from_state,
                "to": event.to_state,
                "note": event.note,
            })
        })
        .collect();
    let photos = cases::photos(&mut conn, case.id).await?.len();
    if let Value::Object(map) = &mut body {
        map.insert("photos".into(), photos.into());
        map.insert("history".into(), history.into());
    }
    Ok(Json(body))
}

/// What a list asks for.
struct ListQuery {
    since: Option<DateTime<Utc>>,
    limit: u32,
    cursor: Option<Cursor>,
}

/// `since`, `limit` and `cursor`, every problem reported at once.
fn list_query(query: &HashMap<String, String>) -> Result<ListQuery, AppError> {
    let mut errors = Vec::new();
    let since = query.get("since").and_then(|raw| {
        parse_instant(raw)
            .map_err(|e| errors.push(FieldError::new("since", e)))
            .ok()
    });
    let limit = match query.get("limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => match raw.trim().parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(
                    "limit",
                    format!("a whole number from 1 to {MAX_LIMIT}"),
                ));
                DEFAULT_LIMIT
            }
        },
    };
    let cursor = query.get("cursor").and_then(|raw| {
        parse_cursor(raw)
            .map_err(|_| {
                errors.push(FieldError::new(
                    "cursor",
                    "not a cursor this API gave: pass next_cursor as it came",
                ))
            })
            .ok()
    });
    if errors.is_empty() {
        Ok(ListQuery {
            since,
            limit,
            cursor,
        })
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// A cursor as the client sees it: opaque, URL-safe.
fn cursor_text(cursor: Cursor) -> String {
    let plain = format!(
        "{}|{}",
        crate::store::time_text(cursor.updated_at),
        cursor.id
    );
    URL_SAFE_NO_PAD.encode(plain)
}

fn parse_cursor(raw: &str) -> Result<Cursor, ()> {
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| ())?;
    let plain = String::from_utf8(bytes).map_err(|_| ())?;
    let (at, id) = plain.split_once('|').ok_or(())?;
    Ok(Cursor {
        updated_at: parse_time(at).map_err(|_| ())?,
        id: CaseId(id.parse().map_err(|_| ())?),
    })
}

/// A case as the API shows it: no chat id, no staff member's id.
fn case_json(case: &Case, dossier_code: Option<&str>, today: NaiveDate) -> Value {
    json!({
        "number": case.number.to_string(),
        "citizen": case.citizen_no.map(|k| format!("#{k}")),
        "subject": case.subject.as_str(),
        "kind": case.kind.as_str(),
        "agency": case.agency,
        "procedure": case.procedure,
        "dossier": dossier_code,
        "language": case.language.code(),
        "state": case.state.as_str(),
        "overdue": case.state.is_overdue(case.due_day, today),
        "held": case.held,
        "publish": case.publish,
        "due_day": case.due_day.format("%Y-%m-%d").to_string(),
        "reopened": case.reopened,
        "body": case.body,
        "answer": case.answer,
        "answered_at": case.answered_at.map(crate::store::time_text),
        "rating": case.rating.map(|r| r.as_str()),
        "opened_at": crate::store::time_text(case.opened_at),
        "updated_at": crate::store::time_text(case.updated_at),
    })
}
