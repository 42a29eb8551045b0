//! How a dossier reads in the chat.

use chrono::NaiveDate;
use fluent_bundle::FluentValue;

use super::guidance::push_guidance;
use crate::domain::deadline::{Deadlines, Timing};
use crate::domain::moment::local_date;
use crate::domain::{Language, Status};
use crate::i18n::{I18n, Key};
use crate::store::dossiers::DossierView;

/// The example shown wherever people need to see what a code looks like.
pub const EXAMPLE_CODE: &str = "000.00.15.H12-211125-0001";

/// Dates as Vietnamese forms write them.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Everything a look-up may show: no personal data is stored, so none is shown.
pub fn dossier_card(
    i18n: &I18n,
    lang: Language,
    deadlines: &Deadlines,
    view: &DossierView,
    today: NaiveDate,
) -> String {
    let procedure = format!("{} ({})", view.procedure.get(lang), view.procedure_code);
    let mut text = i18n.t_args(
        lang,
        Key::LookupCard,
        &[
            ("code", view.code.clone().into()),
            ("procedure", procedure.into()),
            ("agency", view.agency.get(lang).to_owned().into()),
            ("channel", i18n.t(lang, Key::channel(view.channel)).into()),
            ("received", format_date(local_date(view.received_at)).into()),
            ("due", format_date(view.due_at).into()),
            ("status", i18n.t(lang, Key::status(view.status)).into()),
        ],
    );
    if let Some(line) = timing(i18n, lang, deadlines, view, today) {
        text.push('\n');
        text.push_str(&line);
    }
    push_guidance(&mut text, i18n, lang, view, view.status);
    text
}

/// The timing line, in working days: what is left or how late, what the
/// citizen is awaited for, or how the result came back; then the apology
/// and new date if the office gave one. Derived, never stored.
fn timing(
    i18n: &I18n,
    lang: Language,
    deadlines: &Deadlines,
    view: &DossierView,
    today: NaiveDate,
) -> Option<String> {
    let facts = view.deadline_facts();
    let line = match deadlines.timing(&facts, today) {
        Timing::DueIn { date, days } => i18n.t_args(
            lang,
            Key::LookupDueIn,
            &[
                ("date", format_date(date).into()),
                ("days", FluentValue::from(days)),
            ],
        ),
        Timing::Overdue { days } => i18n.t_args(
            lang,
            Key::LookupOverdue,
            &[("days", FluentValue::from(days))],
        ),
        Timing::Awaiting { status, since } => {
            let key = if status == Status::PaymentRequested {
                Key::LookupAwaitingPayment
            } else {
                Key::LookupAwaitingPapers
            };
            i18n.t_args(lang, key, &[("since", format_date(since).into())])
        }
        Timing::ReturnedEarly { days } => i18n.t_args(
            lang,
            Key::LookupReturnedEarly,
            &[("days", FluentValue::from(days))],
        ),
        Timing::ReturnedOnTime => i18n.t(lang, Key::LookupReturnedOnTime),
        Timing::ReturnedLate { days } => i18n.t_args(
            lang,
            Key::LookupReturnedLate,
            &[("days", FluentValue::from(days))],
        ),
        Timing::Closed => return None,
    };
    let Some((date, reason)) = facts.apology().filter(|_| view.returned_at.is_none()) else {
        return Some(line);
    };
    let apology = i18n.t_args(
        lang,
        Key::LookupApology,
        &[
            ("agency", view.agency.get(lang).to_owned().into()),
            ("date", format_date(date).into()),
            ("reason", reason.to_owned().into()),
        ],
    );
    Some(format!("{line}\n{apology}"))
}
