//! The dashboard's exports: the index for the filters shown, as CSV or as
//! a workbook (the same writer as `hailong index --format xlsx`), headers
//! in the reader's language, dates in Vietnam. Each export is audited.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

use super::filters::{Filters, RawFilters};
use super::page::bad_filter;
use super::session::Staff;
use super::view::index_rows;
use crate::cli::workbook::{self, Heading};
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::moment::local_date;
use crate::http::HttpState;
use crate::i18n::Key;
use crate::store::audit::{self, Entry};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

pub async fn csv(state: State<HttpState>, staff: Staff, query: Query<RawFilters>) -> Response {
    export(state, staff, query, Format::Csv).await
}

pub async fn xlsx(state: State<HttpState>, staff: Staff, query: Query<RawFilters>) -> Response {
    export(state, staff, query, Format::Xlsx).await
}

async fn export(
    State(state): State<HttpState>,
    staff: Staff,
    Query(raw): Query<RawFilters>,
    format: Format,
) -> Response {
    let filters = match Filters::parse(&raw, local_date(Utc::now())) {
        Ok(filters) => filters,
        Err(error) => return bad_filter(&state.i18n, staff.lang, &error),
    };
    match file(&state, &staff, &filters, format).await {
        Ok(bytes) => {
            let (kind, name) = match format {
                Format::Csv => ("text/csv; charset=utf-8", "hailong-index.csv"),
                Format::Xlsx => (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "hailong-index.xlsx",
                ),
            };
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
    format: Format,
) -> anyhow::Result<Vec<u8>> {
    let slice = filters.slice(staff.agencies.as_deref());
    let by = Some(filters.by);
    let bytes = {
        let mut conn = state.store.read().await?;
        let rows = index_rows(&mut conn, &state.dashboard, filters, &slice, by, staff.lang).await?;
        match format {
            Format::Csv => workbook::csv_bytes(
                &state.i18n,
                staff.lang,
                &workbook::index_sheet(Key::grouping(by), &rows),
            )?,
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
                let sheets = [
                    workbook::index_sheet(Key::grouping(None), &overall),
                    workbook::index_sheet(Key::grouping(by), &rows),
                ];
                let heading = Heading {
                    title: Key::XlsxTitle,
                    from: Some(filters.from),
                    to: Some(filters.to),
                    made: Utc::now(),
                };
                workbook::to_bytes(&state.i18n, staff.lang, &heading, &sheets)?
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
            target: Some(match format {
                Format::Csv => "dashboard index csv".to_owned(),
                Format::Xlsx => "dashboard index xlsx".to_owned(),
            }),
            detail: Some(filters.query(None)),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(bytes)
}
