//! `/comments [N] [agency] [period]`: the counted low ratings, newest first,
//! N to a page, with their agency, level, chips, comment and date; buttons
//! page older and newer. Scoped staff read their agencies only, whether they
//! type a code or press a button someone else made.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};

use super::callback::{CommentsPage, ShortRef};
use super::card::format_date;
use super::staff::{not_a_date, readable};
use super::{Button, Callback, Context, FlowError, Keyboard, Outcome, Tap, Who};
use crate::domain::moment::{day_start, local_date};
use crate::domain::satisfaction::{PeriodError, resolve_period};
use crate::domain::{AgencyCode, Level, ResponseId, Role};
use crate::flows::survey::{chip_key, level_key};
use crate::i18n::Key;
use crate::store::AnswerTx;
use crate::store::catalog::{self, Names};
use crate::store::survey::{self, LowRating, LowRatingFilter, Towards};

/// Long comments are cut so that a full page fits in one message.
const COMMENT_CHARS: usize = 300;

/// Ratings to a page: 1..=20, 5 unless asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(u8);

impl PageSize {
    pub const MAX: u8 = 20;

    pub fn parse(raw: &str) -> Option<Self> {
        raw.parse::<u8>()
            .ok()
            .filter(|n| (1..=Self::MAX).contains(n))
            .map(Self)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl Default for PageSize {
    fn default() -> Self {
        Self(5)
    }
}

/// What a staff member asked to read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Query {
    size: PageSize,
    agency: Option<AgencyCode>,
    first: NaiveDate,
    last: NaiveDate,
}

/// The first word and the rest, trimmed.
fn first_word(text: &str) -> (&str, &str) {
    text.split_once(char::is_whitespace)
        .map_or((text, ""), |(word, rest)| (word, rest.trim()))
}

/// `[N] [agency] [period]`: a number first is the page size; then whatever
/// `/stats` reads as a period is one, else the first word is an agency code
/// and the rest the period.
fn parse_query(argument: Option<&str>, today: NaiveDate) -> Result<Query, PeriodError> {
    let mut rest = argument.unwrap_or_default().trim();
    let mut size = PageSize::default();
    let (word, tail) = first_word(rest);
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        size = PageSize::parse(word).ok_or(PeriodError::Unreadable)?;
        rest = tail;
    }
    let period = |text: &str| resolve_period(Some(text), today);
    let (agency, (first, last)) = match period(rest) {
        Ok(period) => (None, period),
        Err(PeriodError::Unreadable) => {
            let (word, tail) = first_word(rest);
            let agency = AgencyCode::parse(word).map_err(|_| PeriodError::Unreadable)?;
            (Some(agency), period(tail)?)
        }
        Err(error) => return Err(error),
    };
    Ok(Query {
        size,
        agency,
        first,
        last,
    })
}

/// Whether staff with `scope` (None: every agency) may read `agency`'s comments.
fn may_read(scope: Option<&[String]>, agency: &str) -> bool {
    scope.is_none_or(|codes| codes.iter().any(|c| c == agency))
}

/// `/comments [N] [agency] [period]`
pub(super) async fn on_comments(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    role: &Role,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let say = |key: Key| Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key));
    let Ok(scope) = readable(role) else {
        return Ok(say(Key::UnknownCommand));
    };
    let query = match parse_query(argument, local_date(Utc::now())) {
        Ok(query) => query,
        Err(PeriodError::Unreadable) => return Ok(say(Key::CommentsUsage)),
        Err(PeriodError::Reversed) => return Ok(say(Key::CommentsPeriodReversed)),
        Err(PeriodError::NotADate(text)) => return Ok(not_a_date(ctx, who, text)),
    };
    let names = catalog::agency_names(tx).await?;
    // An agency out of scope reads as unknown: no one learns which codes exist.
    if let Some(code) = query.agency.as_ref().map(AgencyCode::as_str)
        && !(names.contains_key(code) && may_read(scope.as_deref(), code))
    {
        return Ok(say(Key::CommentsAgencyUnknown));
    }
    let (text, keyboard) = page(tx, ctx, who, &names, &query, scope, None).await?;
    Ok(Outcome::send(who.chat_id, text, keyboard))
}

/// A page button: the same query from where the page ends, within the
/// presser's scope whatever the button says.
pub(super) async fn on_page(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    role: &Role,
    tap: &Tap<'_>,
    pressed: &CommentsPage,
) -> Result<Outcome, FlowError> {
    let Ok(scope) = readable(role) else {
        return Ok(tap.expired(ctx, who.lang));
    };
    let names = catalog::agency_names(tx).await?;
    let agency = match &pressed.agency {
        None => None,
        Some(reference) => {
            let readable = names
                .keys()
                .filter(|code| may_read(scope.as_deref(), code))
                .find(|code| reference.names(code))
                .and_then(|code| AgencyCode::parse(code).ok());
            match readable {
                Some(code) => Some(code),
                None => return Ok(tap.expired(ctx, who.lang)),
            }
        }
    };
    let query = Query {
        size: pressed.size,
        agency,
        first: pressed.first,
        last: pressed.last,
    };
    let from = Some((pressed.from, pressed.towards));
    let (text, keyboard) = page(tx, ctx, who, &names, &query, scope, from).await?;
    Ok(tap.replace(text, keyboard))
}

/// One page's text and its buttons: the newest page, or the page `from`
/// a rating towards older or newer ones.
async fn page(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    names: &HashMap<String, Names>,
    query: &Query,
    scope: Option<Vec<String>>,
    from: Option<(ResponseId, Towards)>,
) -> Result<(String, Keyboard), FlowError> {
    let agency = query.agency.as_ref().map(AgencyCode::to_string);
    // The agency asked for was checked against the scope: it narrows it.
    let agencies = agency.clone().map(|code| vec![code]).or(scope);
    let filter = LowRatingFilter {
        agencies: agencies.as_deref(),
        from: day_start(query.first),
        to: day_start(query.last.succ_opt().unwrap_or(query.last)),
    };
    let size = usize::from(query.size.get());
    // One more than a page: whether there is more that way.
    let mut ratings =
        survey::low_ratings_page(tx, &filter, from, i64::from(query.size.get()) + 1).await?;
    let more = ratings.len() > size;
    if more {
        match from {
            Some((_, Towards::Newer)) => drop(ratings.remove(0)),
            _ => ratings.truncate(size),
        }
    }
    if ratings.is_empty() {
        return Ok((ctx.i18n.t(who.lang, Key::CommentsNone), Keyboard::default()));
    }
    let lang = who.lang;
    let mut text = ctx.i18n.t(lang, Key::CommentsTitle);
    let period = [
        ("from", format_date(query.first).into()),
        ("to", format_date(query.last).into()),
    ];
    text.push('\n');
    text.push_str(&ctx.i18n.t_args(lang, Key::CommentsPeriod, &period));
    if let Some(names) = agency.as_ref().and_then(|code| names.get(code)) {
        text.push('\n');
        text.push_str(&ctx.i18n.t_args(
            lang,
            Key::CommentsAgency,
            &[("agency", names.get(lang).to_owned().into())],
        ));
    }
    let mut shown = 0;
    for rating in &ratings {
        let entry = entry(ctx, who, names, rating);
        if !super::fits_a_message(&format!("{text}\n\n{entry}")) {
            break;
        }
        text.push_str("\n\n");
        text.push_str(&entry);
        shown += 1;
    }
    let shown = &ratings[..shown];
    let (newer, older) = match from {
        None => (false, more),
        Some((_, Towards::Older)) => (true, more),
        Some((_, Towards::Newer)) => (more, true),
    };
    // A page cut short for length goes on from its last shown rating.
    let older = older || shown.len() < ratings.len();
    let button = |towards: Towards, at: &LowRating, key: Key| Button {
        label: ctx.i18n.t(lang, key),
        callback: Callback::Comments(CommentsPage {
            towards,
            from: at.id,
            size: query.size,
            agency: agency.as_deref().map(ShortRef::of),
            first: query.first,
            last: query.last,
        }),
    };
    let mut row = Vec::new();
    if let (true, Some(first)) = (newer, shown.first()) {
        row.push(button(Towards::Newer, first, Key::CommentsNewer));
    }
    if let (true, Some(last)) = (older, shown.last()) {
        row.push(button(Towards::Older, last, Key::CommentsOlder));
    }
    let keyboard = if row.is_empty() {
        Keyboard::default()
    } else {
        Keyboard(vec![row])
    };
    Ok((text, keyboard))
}

/// What sets a rating's details under its heading, as `comments-entry`'s
/// second line is set.
const DETAIL: &str = "  ";

/// One rating: date, agency and level; dossier and procedure; chips; comment.
fn entry(ctx: &Context, who: Who, names: &HashMap<String, Names>, rating: &LowRating) -> String {
    let lang = who.lang;
    let level = Level::from_key(&rating.overall)
        .map_or(rating.overall.clone(), |l| ctx.i18n.t(lang, level_key(l)));
    let agency = names
        .get(&rating.agency_code)
        .map_or(rating.agency_code.as_str(), |n| n.get(lang));
    let mut lines = vec![ctx.i18n.t_args(
        lang,
        Key::CommentsEntry,
        &[
            ("date", format_date(local_date(rating.created_at)).into()),
            ("agency", agency.to_owned().into()),
            ("level", level.into()),
            ("code", rating.code.clone().into()),
            ("procedure", rating.procedure.get(lang).to_owned().into()),
        ],
    )];
    let chips = |codes: &[String]| -> String {
        codes
            .iter()
            .map(|c| chip_key(c).map_or(c.clone(), |key| ctx.i18n.t(lang, key)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (codes, key) in [
        (&rating.went_badly, Key::CommentsWentBadly),
        (&rating.went_well, Key::CommentsWentWell),
    ] {
        if !codes.is_empty() {
            let chips = ctx
                .i18n
                .t_args(lang, key, &[("chips", chips(codes).into())]);
            lines.push(format!("{DETAIL}{chips}"));
        }
    }
    if let Some(comment) = rating.comment.as_ref().filter(|c| !c.is_empty()) {
        let mut shown: String = comment.chars().take(COMMENT_CHARS).collect();
        if comment.chars().count() > COMMENT_CHARS {
            shown.push('…');
        }
        let comment = ctx
            .i18n
            .t_args(lang, Key::CommentsComment, &[("comment", shown.into())]);
        lines.push(format!("{DETAIL}{comment}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn the_arguments_are_read_in_any_combination() {
        let today = day(2026, 11, 26);
        let year = (day(2026, 1, 1), day(2026, 12, 31));
        let read = |text: &str| parse_query(Some(text), today);
        let query = |size: &str, agency: Option<&str>, (first, last): (NaiveDate, NaiveDate)| {
            Ok(Query {
                size: PageSize::parse(size).expect("a size"),
                agency: agency.map(|a| AgencyCode::parse(a).expect("a code")),
                first,
                last,
            })
        };
        assert_eq!(parse_query(None, today), query("5", None, year));
        assert_eq!(read("12"), query("12", None, year));
        assert_eq!(
            read("000.00.05.H12"),
            query("5", Some("000.00.05.H12"), year)
        );
        assert_eq!(
            read("3 000.00.05.H12 tháng"),
            query(
                "3",
                Some("000.00.05.H12"),
                (day(2026, 11, 1), day(2026, 11, 30))
            )
        );
        assert_eq!(
            read("20 01/10/2026 31/10/2026"),
            query("20", None, (day(2026, 10, 1), day(2026, 10, 31)))
        );
        for bad in ["0", "21", "999", "5 x! tháng", "5 000.00.05.H12 soon"] {
            assert_eq!(read(bad), Err(PeriodError::Unreadable), "{bad}");
        }
        assert_eq!(read("31/10/2026 01/10/2026"), Err(PeriodError::Reversed));
        assert_eq!(
            read("000.00.05.H12 31/10/2026 01/10/2026"),
            Err(PeriodError::Reversed)
        );
        assert_eq!(
            read("10 000.00.05.H12 31/09/2026 31/10/2026"),
            Err(PeriodError::NotADate("31/09/2026".to_owned()))
        );
    }
}
