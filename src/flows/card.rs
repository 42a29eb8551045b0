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
        Timing::PastDue { date } => i18n.t_args(
            lang,
            Key::LookupPastDue,
            &[("date", format_date(date).into())],
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

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::{Channel, DossierId};
    use crate::store::catalog::Names;

    fn names(name: &str) -> Names {
        Names {
            vi: name.into(),
            en: name.into(),
            km: name.into(),
        }
    }

    /// In processing, promised Friday 27/11/2026.
    fn due_friday() -> DossierView {
        DossierView {
            id: DossierId(1),
            code: "000.00.32.H12-261101-0001".into(),
            procedure_code: "1.001193".into(),
            procedure: names("Đăng ký khai sinh"),
            agency: names("UBND xã Tân Thành"),
            channel: Channel::Direct,
            received_at: Utc
                .with_ymd_and_hms(2026, 11, 2, 2, 0, 0)
                .single()
                .expect("a time"),
            due_at: NaiveDate::from_ymd_opt(2026, 11, 27).expect("a date"),
            returned_at: None,
            status: Status::Processing,
            status_at: Utc
                .with_ymd_and_hms(2026, 11, 3, 2, 0, 0)
                .single()
                .expect("a time"),
            note: None,
            new_due_at: None,
            delay_reason: None,
            waits: Vec::new(),
        }
    }

    fn card_on(today: &str) -> String {
        let i18n = I18n::load().expect("locales parse");
        let today = today.parse().expect("a date");
        dossier_card(
            &i18n,
            Language::Vi,
            &Deadlines::default(),
            &due_friday(),
            today,
        )
    }

    #[test]
    fn a_promised_date_that_has_passed_never_reads_as_time_left() {
        let on_the_day = card_on("2026-11-27");
        assert!(
            on_the_day.contains("⏳ Hẹn trả 27/11/2026 (còn 0 ngày làm việc)."),
            "{on_the_day}"
        );
        // Saturday and Sunday after it: past the date, no working day lost yet.
        for day_off in ["2026-11-28", "2026-11-29"] {
            let card = card_on(day_off);
            assert!(!card.contains("còn"), "{card}");
            assert!(
                card.contains("⚠️ Đã qua ngày hẹn trả 27/11/2026, hồ sơ vẫn đang được giải quyết."),
                "{card}"
            );
        }
        let monday = card_on("2026-11-30");
        assert!(monday.contains("⚠️ Quá hạn 1 ngày làm việc."), "{monday}");
    }
}
