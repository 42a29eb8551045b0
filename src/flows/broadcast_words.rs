//! What every way of making a broadcast shares (the chat, the CLI, the API):
//! the line every notice ends with, how long a notice may be, and how its
//! audience and progress are put in words.

use crate::domain::broadcast_pace::BroadcastPace;
use std::time::Duration;

use sqlx::SqliteConnection;

use crate::domain::notice::{NoticeError, NoticeText, escape_html};
use crate::domain::{Audience, Language};
use crate::i18n::{I18n, Key};
use crate::store::StoreError;
use crate::store::broadcasts::{Summary, Tally};
use crate::store::catalog::{self, Listed, with_code};
use crate::store::units;

use super::{MAX_CAPTION, MAX_TEXT};

/// How the text of a notice is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Telegram's HTML: <b>, <i>, <u>, <s>, <a href>, <code>, <pre>, <blockquote>.
    #[default]
    Html,
    /// Plain text, shown as typed.
    Plain,
}

/// The notice as `lang` speakers receive it: the text, then the opt-out line.
pub fn compose(i18n: &I18n, text_html: &str, lang: Language) -> String {
    let footer = format!("<i>{}</i>", escape_html(&i18n.t(lang, Key::NoticesFooter)));
    if text_html.is_empty() {
        footer
    } else {
        format!("{text_html}\n\n{footer}")
    }
}

/// The longest text a notice may have so that, footer included, Telegram
/// takes it in every language.
pub fn max_visible(i18n: &I18n, photo: bool) -> usize {
    let limit = if photo { MAX_CAPTION } else { MAX_TEXT };
    let footer = Language::ALL
        .into_iter()
        .map(|lang| i18n.t(lang, Key::NoticesFooter).encode_utf16().count() + 2)
        .max()
        .unwrap_or(0);
    limit.saturating_sub(footer)
}

/// Checks a notice's text as Telegram will read it; a photo may come without text.
pub fn parse_text(
    i18n: &I18n,
    raw: &str,
    format: Format,
    photo: bool,
) -> Result<String, NoticeError> {
    if photo && raw.trim().is_empty() {
        return Ok(String::new());
    }
    let max = max_visible(i18n, photo);
    let text = match format {
        Format::Html => NoticeText::parse_html(raw, max)?,
        Format::Plain => NoticeText::from_plain(raw, max)?,
    };
    Ok(text.html().to_owned())
}

/// The audience in words: "followers of dossiers at Sở Tư pháp (000.00.05.H12)".
pub async fn audience_label(
    conn: &mut SqliteConnection,
    i18n: &I18n,
    lang: Language,
    audience: &Audience,
) -> Result<String, StoreError> {
    let named = |key: Key, name: String| i18n.t_args(lang, key, &[("name", name.into())]);
    Ok(match audience {
        Audience::All => i18n.t(lang, Key::AudienceLabelAll),
        Audience::Commune(code) => {
            let name = units::name(conn, code.as_str()).await?;
            named(Key::AudienceLabelCommune, with_code(name, code.as_str()))
        }
        Audience::Agency(code) => {
            let label = catalog::label(conn, Listed::Agency, code.as_str(), lang).await?;
            named(Key::AudienceLabelAgency, label)
        }
        Audience::Procedure(code) => {
            let label = catalog::label(conn, Listed::Procedure, code.as_str(), lang).await?;
            named(Key::AudienceLabelProcedure, label)
        }
        Audience::Language(spoken) => {
            named(Key::AudienceLabelLanguage, spoken.endonym().to_owned())
        }
    })
}

/// The progress message while a broadcast runs; `rate` in messages a second,
/// None before the first message has gone.
pub fn progress_text(
    i18n: &I18n,
    lang: Language,
    id: i64,
    tally: &Tally,
    rate: Option<f64>,
) -> String {
    let Some(rate) = rate.filter(|r| *r > 0.0) else {
        return i18n.t_args(
            lang,
            Key::BroadcastQueued,
            &[("id", id.into()), ("total", tally.total.into())],
        );
    };
    let left = tally.pending + tally.sending;
    let eta = Duration::from_secs_f64(left as f64 / rate);
    let percent = if tally.total > 0 {
        tally.done() * 100 / tally.total
    } else {
        100
    };
    i18n.t_args(
        lang,
        Key::BroadcastProgress,
        &[
            ("id", id.into()),
            ("done", tally.done().into()),
            ("total", tally.total.into()),
            ("percent", percent.into()),
            ("rate", format!("{rate:.1}").into()),
            ("eta", minutes_seconds(eta).into()),
        ],
    )
}

/// Before Send: how long `recipients` messages take, and what a paid
/// broadcast costs.
pub fn estimate_text(i18n: &I18n, lang: Language, pace: BroadcastPace, recipients: u64) -> String {
    let took = ("took", minutes_seconds(pace.duration(recipients)).into());
    let rate = ("rate", format!("{:.0}", pace.per_second).into());
    match pace.stars(recipients) {
        None => i18n.t_args(lang, Key::BroadcastEstimate, &[took, rate]),
        Some(stars) => i18n.t_args(
            lang,
            Key::BroadcastEstimatePaid,
            &[
                took,
                rate,
                ("stars", crate::i18n::decimal(lang, stars).into()),
            ],
        ),
    }
}

/// The delivery report at the end.
pub fn report_text(i18n: &I18n, lang: Language, id: i64, tally: &Tally, took: Duration) -> String {
    i18n.t_args(
        lang,
        Key::BroadcastReport,
        &[
            ("id", id.into()),
            ("total", tally.total.into()),
            ("delivered", tally.delivered.into()),
            ("blocked", tally.blocked.into()),
            ("failed", tally.failed.into()),
            ("uncertain", tally.uncertain.into()),
            ("skipped", tally.skipped.into()),
            ("cancelled", tally.cancelled.into()),
            ("took", minutes_seconds(took).into()),
        ],
    )
}

/// One line per broadcast, newest first, for `/broadcasts`.
pub fn list_text(i18n: &I18n, lang: Language, broadcasts: &[Summary]) -> String {
    if broadcasts.is_empty() {
        return i18n.t(lang, Key::BroadcastListEmpty);
    }
    let mut lines = vec![i18n.t(lang, Key::BroadcastListTitle)];
    for b in broadcasts {
        let state = match b.state.as_str() {
            "queued" => Key::BroadcastStateQueued,
            "sending" => Key::BroadcastStateSending,
            "cancelled" => Key::BroadcastStateCancelled,
            _ => Key::BroadcastStateFinished,
        };
        lines.push(i18n.t_args(
            lang,
            Key::BroadcastListItem,
            &[
                ("id", b.id.into()),
                ("created", created_day(&b.created_at).into()),
                ("audience", b.audience.clone().into()),
                ("state", i18n.t(lang, state).into()),
                ("delivered", b.recipients.delivered.into()),
                ("total", b.recipients.total.into()),
            ],
        ));
    }
    lines.join("\n")
}

fn minutes_seconds(d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 3600 {
        format!("{}h{:02}m{:02}s", secs / 3600, secs / 60 % 60, secs % 60)
    } else if secs >= 60 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{secs}s")
    }
}

/// The day a broadcast was made, in Vietnam, as officials write it; the
/// stored text as it is should it not read as a time.
fn created_day(stored: &str) -> String {
    crate::store::parse_time(stored).map_or_else(
        |_| stored.to_owned(),
        |at| super::card::format_date(crate::domain::moment::local_date(at)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_ends_with_the_opt_out_line_in_the_readers_language() {
        let i18n = I18n::load().unwrap();
        for lang in Language::ALL {
            let footer = escape_html(&i18n.t(lang, Key::NoticesFooter));
            let notice = compose(&i18n, "<b>Tin</b>", lang);
            assert!(notice.starts_with("<b>Tin</b>\n\n"));
            assert!(notice.ends_with(&format!("<i>{footer}</i>")));
            assert!(footer.contains("/notices off"));
        }
    }

    #[test]
    fn the_longest_text_allowed_still_fits_with_any_footer() {
        let i18n = I18n::load().unwrap();
        for photo in [false, true] {
            let max = max_visible(&i18n, photo);
            let text = "ồ".repeat(max);
            let html = parse_text(&i18n, &text, Format::Plain, photo).unwrap();
            for lang in Language::ALL {
                let visible = crate::domain::notice::visible_text(&compose(&i18n, &html, lang))
                    .unwrap()
                    .encode_utf16()
                    .count();
                assert!(visible <= if photo { MAX_CAPTION } else { MAX_TEXT });
            }
            assert!(parse_text(&i18n, &format!("{text}x"), Format::Plain, photo).is_err());
        }
        assert_eq!(
            parse_text(&i18n, "  ", Format::Html, true).unwrap(),
            String::new()
        );
        assert!(parse_text(&i18n, "  ", Format::Html, false).is_err());
    }

    #[test]
    fn a_rate_gives_the_time_left() {
        let i18n = I18n::load().unwrap();
        let tally = Tally {
            total: 1000,
            pending: 580,
            delivered: 420,
            ..Tally::default()
        };
        let text = progress_text(&i18n, Language::En, 7, &tally, Some(29.0));
        assert!(text.contains("420"), "{text}");
        assert!(text.contains("1000") || text.contains("1,000"), "{text}");
        assert!(text.contains("29.0"), "{text}");
        assert!(text.contains("20s"), "{text}");
    }
}
