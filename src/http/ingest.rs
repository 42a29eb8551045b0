//! The ingest API, through which the province's one-stop system pushes
//! dossiers and their status events.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::HttpState;
use super::error::{AppError, FieldError};
use crate::domain::deadline::{parse_delay_reason, reason_without_date};
use crate::domain::moment::{parse_instant, parse_local_date};
use crate::domain::steps::Step;
use crate::domain::units::{self, Reading};
use crate::domain::{AgencyCode, Channel, DossierCode, OfficeNote, ProcedureCode, Status};
use crate::ingest::checks::{self, check_after_receipt, check_event_time};
use crate::ingest::feed;
use crate::store::Change;
use crate::store::dossiers::{self, DossierRecord, EventOutcome, Source, StatusEvent};

const OPENAPI: &str = include_str!("openapi.json");
const MAX_EVENT_ID: usize = 128;

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

pub(super) fn authorize(state: &HttpState, headers: &HeaderMap) -> Result<(), AppError> {
    let expected = state.api_token.get().ok_or(AppError::Unauthorized)?;
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        // The scheme is case-insensitive (RFC 9110, 11.1).
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token)
        .ok_or(AppError::Unauthorized)?;
    // Compare digests, so the time taken says nothing about the token.
    if Sha256::digest(given.trim().as_bytes()) == Sha256::digest(expected.as_bytes()) {
        Ok(())
    } else {
        Err(AppError::Unauthorized)
    }
}

/// What every write call checks first: the token, the code in the path, a JSON object body.
fn accept(
    state: &HttpState,
    headers: &HeaderMap,
    code: &str,
    body: &Bytes,
) -> Result<(DossierCode, Map<String, Value>), AppError> {
    authorize(state, headers)?;
    let code = DossierCode::parse(code)
        .map_err(|e| AppError::Invalid(vec![FieldError::new("code", e)]))?;
    Ok((code, parse_body(body)?))
}

pub(super) fn parse_body(body: &Bytes) -> Result<Map<String, Value>, AppError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(AppError::Invalid(vec![FieldError::new(
            "body",
            "expected a JSON object",
        )])),
        Err(e) => Err(AppError::Invalid(vec![FieldError::new(
            "body",
            format!("not valid JSON: {e}"),
        )])),
    }
}

/// Reads fields one by one, collecting every problem instead of stopping at the first.
pub(super) struct Fields<'a> {
    body: &'a Map<String, Value>,
    pub(super) errors: Vec<FieldError>,
}

impl<'a> Fields<'a> {
    pub(super) fn new(body: &'a Map<String, Value>) -> Self {
        Self {
            body,
            errors: Vec::new(),
        }
    }

    /// A string field; None (and an error if required) when absent or not a string.
    pub(super) fn text(&mut self, name: &str, required: bool) -> Option<&'a str> {
        match self.body.get(name) {
            None | Some(Value::Null) => {
                if required {
                    self.errors.push(FieldError::new(name, "required"));
                }
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                self.errors.push(FieldError::new(name, "expected a string"));
                None
            }
        }
    }

    pub(super) fn parsed<T, E: ToString>(
        &mut self,
        name: &str,
        required: bool,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        let raw = self.text(name, required)?;
        parse(raw)
            .map_err(|e| self.errors.push(FieldError::new(name, e)))
            .ok()
    }

    fn status(&mut self) -> Option<Status> {
        match self.body.get("status") {
            None | Some(Value::Null) => {
                self.errors.push(FieldError::new("status", "required"));
                None
            }
            Some(Value::Number(n)) => n
                .as_i64()
                .and_then(|code| Status::from_code(code).ok())
                .or_else(|| {
                    self.errors.push(FieldError::new(
                        "status",
                        crate::domain::DomainError::Status,
                    ));
                    None
                }),
            Some(Value::String(s)) => Status::parse(s)
                .map_err(|e| self.errors.push(FieldError::new("status", e)))
                .ok(),
            Some(_) => {
                self.errors.push(FieldError::new(
                    "status",
                    "expected a whole number from 1 to 10",
                ));
                None
            }
        }
    }

    /// `new_due_at` and `delay_reason` (Form 04), both optional, the reason
    /// only with a date.
    fn new_date(&mut self) -> (Option<NaiveDate>, Option<String>) {
        let date = self.parsed("new_due_at", false, parse_local_date);
        let reason = self.parsed("delay_reason", false, parse_delay_reason);
        if let Some(problem) = reason_without_date(date, reason.as_deref()) {
            self.errors.push(FieldError::new("delay_reason", problem));
        }
        (date, reason)
    }

    /// `steps`, optional: `[{"agency": …, "started": …, "finished": …}]`.
    fn steps(&mut self) -> Option<Vec<Step>> {
        let items = match self.body.get("steps") {
            None | Some(Value::Null) => return None,
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.errors.push(FieldError::new(
                    "steps",
                    "expected an array of {agency, started, finished}",
                ));
                return None;
            }
        };
        let mut steps = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let text = |name| item.get(name).and_then(Value::as_str).unwrap_or_default();
            match Step::parse(i + 1, text("agency"), text("started"), text("finished")) {
                Ok(step) => steps.push(step),
                Err(problem) => self.errors.push(FieldError::new("steps", problem)),
            }
        }
        Some(steps)
    }

    pub(super) fn finish<T>(self, value: Option<T>) -> Result<T, AppError> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(AppError::Invalid(self.errors)),
        }
    }
}

/// The field a body names its unit by: `commune_code`, or `district_code`
/// as feeds written before 07/2025 send it.
fn commune_field(body: &Map<String, Value>) -> Option<&'static str> {
    ["commune_code", "district_code"]
        .into_iter()
        .find(|name| body.get(*name).is_some_and(|v| !v.is_null()))
}

/// `unit`: how the province's units read the body's unit code, if they know it.
fn record_from(
    code: DossierCode,
    body: &Map<String, Value>,
    unit: Option<&Reading>,
    now: DateTime<Utc>,
) -> Result<DossierRecord, AppError> {
    let mut f = Fields::new(body);
    let procedure = f.parsed("procedure_code", true, ProcedureCode::parse);
    let agency = f.parsed("agency_code", true, AgencyCode::parse);
    let commune =
        commune_field(body).and_then(|name| f.parsed(name, false, |raw| units::resolve(raw, unit)));
    let channel = f.parsed("channel", true, Channel::parse);
    let received_at = f.parsed("received_at", true, parse_instant);
    let due_at = f.parsed("due_at", true, parse_local_date);
    let returned_at = f.parsed("returned_at", false, parse_instant);
    let status = f.status();
    let status_at = f.parsed("status_at", false, parse_instant);
    let (new_due_at, delay_reason) = f.new_date();
    let steps = f.steps();
    let fields = checks::Fields {
        code: Some(code),
        procedure,
        agency,
        commune,
        channel,
        claims: checks::Claims {
            received_at,
            due_at,
            returned_at,
            status,
            status_at,
        },
        new_due_at,
        delay_reason,
        steps,
    };
    let record = fields.into_record(now, |field, problem| {
        f.errors.push(FieldError::new(field, problem));
    });
    f.finish(record)
}

/// `PUT /api/v1/dossiers/{code}`: creates or updates a dossier.
pub async fn put_dossier(
    State(state): State<HttpState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, AppError> {
    let (code, body) = accept(&state, &headers, &code, &body)?;
    let now = Utc::now();
    let mut tx = state.store.begin_write().await?;
    let unit = match commune_field(&body).and_then(|name| body.get(name)?.as_str()) {
        Some(raw) => crate::store::units::reading(&mut tx, raw).await?,
        None => None,
    };
    // Codes well written that name nothing known are told with every other
    // field's problem, in one answer.
    let mut unknown = Vec::new();
    let field = |name: &str| body.get(name).and_then(Value::as_str);
    if let Some(Ok(procedure)) = field("procedure_code").map(ProcedureCode::parse)
        && !crate::store::catalog::procedure_exists(&mut tx, &procedure).await?
    {
        unknown.push(FieldError::new(
            "procedure_code",
            "no procedure has this code; import procedures first",
        ));
    }
    if let Some(Ok(agency)) = field("agency_code").map(AgencyCode::parse)
        && !crate::store::catalog::agency_exists(&mut tx, &agency).await?
    {
        unknown.push(FieldError::new(
            "agency_code",
            "no agency has this code; import agencies first",
        ));
    }
    let record = match record_from(code, &body, unit.as_ref(), now) {
        Ok(record) => record,
        Err(AppError::Invalid(mut problems)) => {
            problems.extend(unknown);
            return Err(AppError::Invalid(problems));
        }
        Err(error) => return Err(error),
    };
    for (i, step) in record.steps.iter().flatten().enumerate() {
        if !crate::store::catalog::agency_exists(&mut tx, &step.agency).await? {
            unknown.push(FieldError::new(
                "steps",
                format!(
                    "step {}: no agency {}; import agencies first",
                    i + 1,
                    step.agency
                ),
            ));
        }
    }
    if !unknown.is_empty() {
        return Err(AppError::Invalid(unknown));
    }
    let written =
        feed::write_record(&mut tx, state.store.deadlines(), &record, Source::Api, now).await?;
    tx.commit().await?;
    let status = if written.change == Change::Inserted {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let change = match written.change {
        Change::Inserted => "created",
        Change::Updated => "updated",
        Change::Unchanged => "unchanged",
        Change::Older => "older",
    };
    Ok((
        status,
        Json(json!({"code": record.code.as_str(), "result": change})),
    ))
}

/// `POST /api/v1/dossiers/{code}/events`: one status event; a repeated `event_id` is accepted once.
pub async fn post_event(
    State(state): State<HttpState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<impl IntoResponse, AppError> {
    let (code, body) = accept(&state, &headers, &code, &body)?;
    let mut f = Fields::new(&body);
    let event_id = f.text("event_id", true).map(str::trim);
    if let Some(id) = event_id
        && !(1..=MAX_EVENT_ID).contains(&id.len())
    {
        f.errors.push(FieldError::new(
            "event_id",
            format!("1 to {MAX_EVENT_ID} characters"),
        ));
    }
    let status = f.status();
    let now = Utc::now();
    let at = f.parsed("at", true, parse_instant);
    if let Some(Err(problem)) = at.map(|at| check_event_time(at, now)) {
        f.errors.push(FieldError::new("at", problem));
    }
    // A blank note is no note.
    let note = f
        .text("note", false)
        .filter(|n| !n.trim().is_empty())
        .and_then(|n| match OfficeNote::parse(n) {
            Ok(note) => Some(note),
            Err(e) => {
                f.errors.push(FieldError::new("note", e));
                None
            }
        });
    let (new_due_at, delay_reason) = f.new_date();
    let event = (|| {
        Some(StatusEvent {
            event_id: event_id?.to_owned(),
            status: status?,
            at: at?,
            note,
            new_due_at,
            delay_reason,
        })
    })();
    let event = f.finish(event)?;
    let mut tx = state.store.begin_write().await?;
    let stored = dossiers::stored_dossier(&mut tx, &code)
        .await?
        .ok_or(AppError::NotFound("no dossier has this code"))?;
    if event.status == Status::Returned
        && let Err(problem) = check_after_receipt(event.at, stored.received_at()?)
    {
        return Err(AppError::Invalid(vec![FieldError::new("at", problem)]));
    }
    let outcome = feed::apply_event(
        &mut tx,
        state.store.deadlines(),
        stored.id,
        &event,
        Source::Api,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(match outcome {
        EventOutcome::Duplicate => (
            StatusCode::OK,
            Json(json!({"duplicate": true, "status_changed": false})),
        ),
        EventOutcome::Recorded { moved, .. } => {
            let status_changed = moved.is_some();
            (
                StatusCode::CREATED,
                Json(json!({"duplicate": false, "status_changed": status_changed})),
            )
        }
    })
}
