//! What staff read in the chat: `/stats` (the index with its chart) and
//! `/comments` (the latest low ratings). Scoped staff see their agencies only.

use chrono::Utc;

use super::card::format_date;
use super::{Context, FlowError, Outcome, Reply, Who};
use crate::chart::Point;
use crate::domain::moment::{day_start, local_date};
use crate::domain::satisfaction::{GroupBy, IndexRow, resolve_period};
use crate::domain::{Language, Level, Scope};
use crate::flows::survey::level_key;
use crate::i18n::Key;
use crate::store::{WriteTx, catalog, rollup, survey};

const COMMENTS_SHOWN: i64 = 10;
/// Long comments are cut in the list so that ten fit in one message.
const COMMENT_CHARS: usize = 300;
const MAX_MESSAGE: usize = 4096;

/// The agency codes a staff member may read (None: all), or Err when not staff.
fn readable(ctx: &Context, who: Who) -> Result<Option<Vec<String>>, Outcome> {
    match ctx.roles.role_of(who.user_id).scope() {
        None => Err(Outcome::say(
            who.chat_id,
            ctx.i18n.t(who.lang, Key::StaffOnly),
        )),
        Some(Scope::All) => Ok(None),
        Some(Scope::Agencies(codes)) => Ok(Some(codes.iter().map(ToString::to_string).collect())),
    }
}

fn point(label: String, row: &IndexRow) -> Option<Point> {
    Some(Point {
        label,
        value: row.satisfaction?,
        low: row.satisfaction_low?,
        high: row.satisfaction_high?,
    })
}

async fn rows(
    tx: &mut WriteTx,
    by: Option<GroupBy>,
    (from, to): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
    scope: Option<&[String]>,
) -> Result<Vec<IndexRow>, FlowError> {
    let figures = rollup::figures(tx, by, from, to, scope).await?;
    Ok(figures.iter().map(IndexRow::from_figures).collect())
}

/// `/stats [month|quarter|year|FROM TO]`
pub(super) async fn on_stats(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let scope = match readable(ctx, who) {
        Ok(scope) => scope,
        Err(refusal) => return Ok(refusal),
    };
    let Some((first, last)) = resolve_period(argument, local_date(Utc::now())) else {
        return Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t(who.lang, Key::StatsUsage),
        ));
    };
    let (from, to) = (day_start(first), day_start(last.succ_opt().unwrap_or(last)));
    let period = [
        ("from", format_date(first).into()),
        ("to", format_date(last).into()),
    ];
    let scope = scope.as_deref();
    let overall = rows(tx, None, (from, to), scope).await?;
    let Some(all) = overall.first().filter(|r| r.responses > 0) else {
        return Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t_args(who.lang, Key::StatsEmpty, &period),
        ));
    };
    let number = |x: Option<f64>| x.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"));
    let grade = all
        .grade
        .map_or_else(|| "–".to_owned(), |g| ctx.i18n.t(who.lang, Key::grade(g)));
    let mut args = period.to_vec();
    args.extend([
        ("satisfaction", number(all.satisfaction).into()),
        ("low", number(all.satisfaction_low).into()),
        ("high", number(all.satisfaction_high).into()),
        ("responses", all.responses.into()),
        ("verified", all.verified_responses.into()),
        ("returned", all.returned.into()),
        ("rate", number(all.response_rate).into()),
        ("total", number(all.mean_total).into()),
        ("grade", grade.into()),
    ]);
    let mut text = ctx.i18n.t_args(who.lang, Key::StatsSummary, &args);
    if all.small_sample {
        text.push('\n');
        text.push_str(&ctx.i18n.t(who.lang, Key::StatsSmallSample));
    }
    let months: Vec<Point> = rows(tx, Some(GroupBy::Month), (from, to), scope)
        .await?
        .iter()
        .filter_map(|r| point(r.group.clone(), r))
        .collect();
    let names = catalog::agency_names(tx).await?;
    // The chart font has no Khmer glyphs: Khmer readers get Vietnamese names there.
    let chart_lang = if who.lang == Language::Km {
        Language::Vi
    } else {
        who.lang
    };
    let agencies: Vec<Point> = rows(tx, Some(GroupBy::Agency), (from, to), scope)
        .await?
        .iter()
        .filter_map(|r| {
            let name = names
                .get(&r.group)
                .map_or(r.group.as_str(), |n| n.get(chart_lang));
            point(name.to_owned(), r)
        })
        .collect();
    let chart = Reply::Chart {
        chat_id: who.chat_id,
        caption: ctx.i18n.t_args(who.lang, Key::StatsCaption, &period),
        month_title: ctx.i18n.t(chart_lang, Key::ChartByMonth),
        months,
        agency_title: ctx.i18n.t(chart_lang, Key::ChartByAgency),
        agencies,
    };
    let mut outcome = Outcome::say(who.chat_id, text);
    outcome.replies.push(chart);
    Ok(outcome)
}

/// `/comments`: the latest low ratings, with their comments and dossier codes.
pub(super) async fn on_comments(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
) -> Result<Outcome, FlowError> {
    let scope = match readable(ctx, who) {
        Ok(scope) => scope,
        Err(refusal) => return Ok(refusal),
    };
    let ratings = survey::latest_low_ratings(tx, scope.as_deref(), COMMENTS_SHOWN).await?;
    if ratings.is_empty() {
        return Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t(who.lang, Key::CommentsNone),
        ));
    }
    let mut text = ctx.i18n.t(who.lang, Key::CommentsTitle);
    for rating in ratings {
        let level = Level::ALL
            .into_iter()
            .find(|l| l.key() == rating.overall)
            .map_or(rating.overall.clone(), |l| {
                ctx.i18n.t(who.lang, level_key(l))
            });
        let mut entry = format!(
            "\n\n• {} · {} · {}\n  {}",
            format_date(local_date(rating.created_at)),
            rating.code,
            rating.procedure.get(who.lang),
            level
        );
        if let Some(comment) = rating.comment.filter(|c| !c.is_empty()) {
            let mut shown: String = comment.chars().take(COMMENT_CHARS).collect();
            if comment.chars().count() > COMMENT_CHARS {
                shown.push('…');
            }
            entry.push_str(&format!(" — “{shown}”"));
        }
        // Telegram refuses messages over 4,096 UTF-16 units: stop before that.
        if text.encode_utf16().count() + entry.encode_utf16().count() > MAX_MESSAGE {
            break;
        }
        text.push_str(&entry);
    }
    Ok(Outcome::say(who.chat_id, text))
}
