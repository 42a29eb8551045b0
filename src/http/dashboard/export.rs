//! The dashboard's exports: the index, the responses (without any chat
//! identity) or the cases for the filters shown, as CSV or as a workbook
//! (the sheets of `hailong export`), headers in the reader's language,
//! dates in Vietnam. Each export is audited.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

use super::filters::{FilterError, Filters, RawFilters};
use super::page::bad_filter;
use super::session::Staff;
use super::view::index_rows;
use crate::cli::export::{self, Format, Selection, What};
use crate::cli::workbook::{self, Heading};
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::moment::local_date;
use crate::http::HttpState;
use crate::i18n::Key;
use crate::store::audit::{self, Entry};

/// Which file, besides the filters: `what=index|responses|cases` (default: the index).
#[derive(Debug, Default, Deserialize)]
pub struct RawWhat {
    what: Option<String>,
}

/// The files the dashboard exports, the first by default.
const FILES: [What; 3] = [What::Index, What::Responses, What::Cases];

impl RawWhat {
    fn parse(&self) -> Result<What, FilterError> {
        match self.what.as_deref().map(str::trim) {
            None | Some("") => Ok(What::Index),
            Some(word) => FILES
                .into_iter()
                .find(|what| what.word() == word)
                .ok_or_else(|| FilterError::choice("what", word, &FILES.map(What::word))),
        }
    }
}

pub async fn csv(
    state: State<HttpState>,
    staff: Staff,
    what: Query<RawWhat>,
    query: Query<RawFilters>,
) -> Response {
    export(state, staff, what, query, Format::Csv).await
}

pub async fn xlsx(
    state: State<HttpState>,
    staff: Staff,
    what: Query<RawWhat>,
    query: Query<RawFilters>,
) -> Response {
    export(state, staff, what, query, Format::Xlsx).await
}

async fn export(
    State(state): State<HttpState>,
    staff: Staff,
    Query(what): Query<RawWhat>,
    Query(raw): Query<RawFilters>,
    format: Format,
) -> Response {
    let parsed = what
        .parse()
        .and_then(|what| Ok((what, Filters::parse(&raw, local_date(Utc::now()))?)));
    let (what, filters) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return bad_filter(&state, &staff, &error).await,
    };
    match file(&state, &staff, &filters, what, format).await {
        Ok(bytes) => {
            let kind = match format {
                Format::Csv => "text/csv; charset=utf-8",
                Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            };
            let name = format!("hailong-{}.{}", what.word(), format.word());
            (
                [
                    (CONTENT_TYPE, kind.to_owned()),
                    (
                        CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(error = %error, "a dashboard export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The file, once its export is in the audit trail.
async fn file(
    state: &HttpState,
    staff: &Staff,
    filters: &Filters,
    what: What,
    format: Format,
) -> anyhow::Result<Vec<u8>> {
    let slice = filters.slice(staff.agencies.as_deref());
    let bytes = {
        let mut conn = state.store.read().await?;
        match what {
            // The index as the page shows it: its grouping, its rules
            // (verified responses only, when asked).
            What::Index => {
                let by = Some(filters.by);
                let rows = index_rows(&mut conn, &state.dashboard, filters, &slice, by, staff.lang)
                    .await?;
                match format {
                    Format::Csv => {
                        workbook::csv_bytes(
                            &state.i18n,
                            staff.lang,
                            workbook::index_sheet(Key::grouping(by), &rows),
                        )
                        .await?
                    }
                    Format::Xlsx => {
                        let overall = index_rows(
                            &mut conn,
                            &state.dashboard,
                            filters,
                            &slice,
                            None,
                            staff.lang,
                        )
                        .await?;
                        let sheets = vec![
                            workbook::index_sheet(Key::grouping(None), &overall),
                            workbook::index_sheet(Key::grouping(by), &rows),
                        ];
                        let heading = Heading {
                            title: Key::XlsxTitle,
                            from: Some(filters.from),
                            to: Some(filters.to),
                            made: Utc::now(),
                        };
                        workbook::to_bytes(&state.i18n, staff.lang, heading, sheets).await?
                    }
                }
            }
            What::Responses | What::Cases => {
                let selection = Selection {
                    from: Some(filters.from),
                    to: Some(filters.to),
                    slice,
                    by: None,
                    verified_only: filters.verified,
                    lang: staff.lang,
                    reader: staff.role.clone(),
                };
                let rules = filters.rules(state.dashboard.index);
                export::file(&mut conn, &state.i18n, &rules, what, format, &selection).await?
            }
        }
    };
    let mut tx = state.store.begin_write().await?;
    audit::record(
        &mut tx,
        &Entry {
            at: Utc::now(),
            actor: AuditActor::User(staff.user),
            action: AuditAction::Export,
            target: Some(format!("dashboard {} {}", what.word(), format.word())),
            detail: Some(filters.query(None)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(bytes)
}
