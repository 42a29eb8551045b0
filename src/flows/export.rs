//! `/export [period]`: a staff member gets the period's workbook as a
//! document: the index overall, by agency and by month, the responses
//! (without any chat identity) and the feedback cases, all within their
//! agencies. The period reads as `/stats`'s. The export is audited in the
//! transaction of the answer, so a replayed update records nothing more.

use chrono::Utc;

use super::card::format_date;
use super::staff::readable;
use super::{Context, FlowError, Outcome, Reply, Who};
use crate::cli::export::{self, Selection};
use crate::cli::workbook::{self, Heading};
use crate::domain::Role;
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{GroupBy, resolve_period};
use crate::i18n::Key;
use crate::store::WriteTx;
use crate::store::audit::{self, Entry};
use crate::store::rollup::Slice;

pub(super) async fn on_export(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    role: &Role,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let say = |key: Key| Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key));
    // Hidden from citizens: the same answer as for a command that does not exist.
    let Ok(scope) = readable(role) else {
        return Ok(say(Key::UnknownCommand));
    };
    let Ok((first, last)) = resolve_period(argument, local_date(Utc::now())) else {
        return Ok(say(Key::ExportUsage));
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
    };
    let groupings = [None, Some(GroupBy::Agency), Some(GroupBy::Month)];
    let mut sheets = export::index_sheets(tx, &ctx.index, &groupings, &selection).await?;
    sheets.push(export::responses_sheet(tx, &ctx.i18n, &selection).await?);
    sheets.push(export::cases_sheet(tx, &selection).await?);
    let heading = Heading {
        title: Key::XlsxTitle,
        from: Some(first),
        to: Some(last),
        made: Utc::now(),
    };
    let bytes = match workbook::to_bytes(&ctx.i18n, who.lang, &heading, &sheets) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "the /export workbook could not be written");
            return Ok(say(Key::ErrorApology));
        }
    };
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
            bytes,
        }],
        button_answer: None,
    })
}
