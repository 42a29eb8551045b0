//! How a dossier reads in the chat.

use chrono::NaiveDate;
use fluent_bundle::FluentValue;

use super::guidance::push_guidance;
use crate::domain::Language;
use crate::domain::moment::local_date;
use crate::i18n::{I18n, Key};
use crate::store::dossiers::DossierView;

/// The example shown wherever people need to see what a code looks like.
pub const EXAMPLE_CODE: &str = "000.00.15.H12-211125-0001";

/// Dates as Vietnamese forms write them.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Everything a look-up may show: no personal data is stored, so none is shown.
pub fn dossier_card(i18n: &I18n, lang: Language, view: &DossierView, today: NaiveDate) -> String {
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
    if let Some(line) = timing(i18n, lang, view, today) {
        text.push('\n');
        text.push_str(&line);
    }
    push_guidance(&mut text, i18n, lang, view, view.status);
    text
}

/// Overdue, or returned early, on time or late: derived, never stored.
fn timing(i18n: &I18n, lang: Language, view: &DossierView, today: NaiveDate) -> Option<String> {
    let days = |from: NaiveDate, to: NaiveDate| FluentValue::from((to - from).num_days());
    if let Some(returned) = view.returned_at.map(local_date) {
        return Some(match returned.cmp(&view.due_at) {
            std::cmp::Ordering::Less => i18n.t_args(
                lang,
                Key::LookupReturnedEarly,
                &[("days", days(returned, view.due_at))],
            ),
            std::cmp::Ordering::Equal => i18n.t(lang, Key::LookupReturnedOnTime),
            std::cmp::Ordering::Greater => i18n.t_args(
                lang,
                Key::LookupReturnedLate,
                &[("days", days(view.due_at, returned))],
            ),
        });
    }
    (view.status.is_pending() && today > view.due_at).then(|| {
        i18n.t_args(
            lang,
            Key::LookupOverdue,
            &[("days", days(view.due_at, today))],
        )
    })
}
