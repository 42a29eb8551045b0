//! `/export [period]`: a staff member gets the period's workbook as a
//! document: the index overall, by agency and by month, the responses
//! (without any chat identity) and the feedback cases, all within their
//! agencies. The period reads as `/stats`'s.
//!
//! A year of a province's responses takes a while to read and write out,
//! and the one writing connection must not wait for it: the first pass asks
//! for the workbook ([`FlowError::BuildExport`]), the router rolls back and
//! [`build`]s it on a reading connection, and the second pass sends it and
//! audits the export in the transaction of the answer, so a replayed update
//! records nothing more.

use chrono::Utc;

use super::card::format_date;
use super::staff::{not_a_date, readable};
use super::{Context, FlowError, Outcome, Reply, Who};
use crate::cli::export::{self, Selection};
use crate::cli::workbook::{self, Heading};
use crate::domain::Role;
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{GroupBy, PeriodError, resolve_period};
use crate::i18n::Key;
use crate::store::audit::{self, Entry};
use crate::store::rollup::Slice;
use crate::store::{AnswerTx, Store};

/// A workbook built outside the write lock, for the selection it holds.
#[derive(Debug)]
pub struct Workbook {
    selection: Selection,
    /// None when the file could not be written (logged where it failed).
    bytes: Option<Vec<u8>>,
}

pub(super) async fn on_export(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    role: &Role,
    argument: Option<&str>,
    built: Option<&Workbook>,
) -> Result<Outcome, FlowError> {
    let say = |key: Key| Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key));
    // Hidden from citizens: the same answer as for a command that does not exist.
    let Ok(scope) = readable(role) else {
        return Ok(say(Key::UnknownCommand));
    };
    let (first, last) = match resolve_period(argument, local_date(Utc::now())) {
        Ok(period) => period,
        Err(PeriodError::Reversed) => return Ok(say(Key::ExportPeriodReversed)),
        Err(PeriodError::Unreadable) => return Ok(say(Key::ExportUsage)),
        Err(PeriodError::NotADate(text)) => return Ok(not_a_date(ctx, who, text)),
    };
    let selection = Selection {
        from: Some(first),
        to: Some(last),
        slice: Slice {
            agencies: scope,
            ..Slice::default()
        },
        by: None,
        verified_only: false,
        lang: who.lang,
        reader: role.clone(),
    };
    // The scope is checked again on the second pass: a workbook built for
    // another selection (a role changed meanwhile) is built again.
    let Some(built) = built.filter(|built| built.selection == selection) else {
        return Err(FlowError::BuildExport(Box::new(selection)));
    };
    let Some(bytes) = &built.bytes else {
        return Ok(say(Key::ErrorApology));
    };
    // Telegram would refuse it after the upload; a shorter period fits, and
    // the dashboard and `hailong export` have no such limit.
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > ctx.upload_limit_bytes {
        let megabytes = |bytes: f64| crate::i18n::decimal(who.lang, bytes / 1e6);
        let sizes = [
            ("size", megabytes(bytes.len() as f64).into()),
            ("limit", megabytes(ctx.upload_limit_bytes as f64).into()),
        ];
        return Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t_args(who.lang, Key::ExportTooLarge, &sizes),
        ));
    }
    audit::record(
        tx,
        &Entry {
            at: Utc::now(),
            actor: AuditActor::User(who.user_id),
            action: AuditAction::Export,
            target: Some("chat xlsx".to_owned()),
            detail: Some(selection.describe()),
        },
    )
    .await?;
    let period = [
        ("from", format_date(first).into()),
        ("to", format_date(last).into()),
    ];
    Ok(Outcome {
        replies: vec![Reply::Document {
            chat_id: who.chat_id,
            file_name: format!("hailong-{first}-{last}.xlsx"),
            caption: ctx.i18n.t_args(who.lang, Key::ExportCaption, &period),
            bytes: bytes.clone(),
        }],
        button_answer: None,
        menus: Vec::new(),
    })
}

/// Reads and writes out the workbook of `selection` on a reading
/// connection: one snapshot, and no write lock held.
pub(super) async fn build(
    store: &Store,
    ctx: &Context,
    selection: Selection,
) -> Result<Workbook, FlowError> {
    let mut conn = store.read().await?;
    let groupings = [None, Some(GroupBy::Agency), Some(GroupBy::Month)];
    // One read transaction, so that the sheets agree with each other.
    let mut snapshot = sqlx::Connection::begin(&mut *conn).await?;
    let mut sheets =
        export::index_sheets(&mut snapshot, &ctx.index, &groupings, &selection).await?;
    sheets.push(export::responses_sheet(&mut snapshot, &ctx.i18n, &selection).await?);
    sheets.push(export::cases_sheet(&mut snapshot, &selection).await?);
    snapshot.commit().await?;
    let heading = Heading {
        title: Key::XlsxTitle,
        from: selection.from,
        to: selection.to,
        made: Utc::now(),
    };
    let bytes = workbook::to_bytes(&ctx.i18n, selection.lang, heading, sheets)
        .await
        .inspect_err(|error| tracing::error!(%error, "the /export workbook could not be written"))
        .ok();
    Ok(Workbook { selection, bytes })
}
