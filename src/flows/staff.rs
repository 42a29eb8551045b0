//! What staff read in the chat: `/stats`, the index with its chart. Scoped
//! staff see their agencies only; `/comments` lives in [`super::comments`].

use chrono::Utc;
use fluent_bundle::FluentValue;

use super::card::format_date;
use super::{Context, FlowError, Outcome, Reply, Who};
use crate::chart::{Chart, Point, Share, Tone, Words};
use crate::domain::moment::{day_start, local_date};
use crate::domain::satisfaction::{
    Counted, DOSSIER_SATISFACTION_TARGET, GroupBy, IndexRow, PeriodError, resolve_period,
};
use crate::domain::{Language, Role, Scope};
use crate::flows::survey::level_key;
use crate::i18n::{Key, decimal};
use crate::store::{AnswerTx, catalog, rollup};

/// The user is not staff: they read neither the index nor the comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NotStaff;

/// A period's date that names no day, quoted back with how dates are written;
/// `/stats`, `/comments` and `/export` all say it so.
pub(super) fn not_a_date(ctx: &Context, who: Who, text: String) -> Outcome {
    let said = ctx
        .i18n
        .t_args(who.lang, Key::PeriodNotADate, &[("text", text.into())]);
    Outcome::say(who.chat_id, said)
}

/// The agency codes a staff member may read (None: all).
pub(super) fn readable(role: &Role) -> Result<Option<Vec<String>>, NotStaff> {
    match role.scope() {
        None => Err(NotStaff),
        Some(Scope::All) => Ok(None),
        Some(Scope::Agencies(codes)) => Ok(Some(codes.iter().map(ToString::to_string).collect())),
    }
}

fn point(ctx: &Context, lang: Language, label: String, row: &IndexRow) -> Option<Point> {
    let value = row.satisfaction?;
    Some(Point {
        label,
        value,
        low: row.satisfaction_low?,
        high: row.satisfaction_high?,
        value_label: ctx.i18n.percent(lang, value),
    })
}

async fn rows(
    tx: &mut AnswerTx,
    ctx: &Context,
    by: Option<GroupBy>,
    (from, to): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
    scope: Option<&[String]>,
) -> Result<Vec<IndexRow>, FlowError> {
    let figures = rollup::figures(tx, by, from, to, scope).await?;
    Ok(figures
        .iter()
        .map(|f| IndexRow::from_figures(f, &ctx.index))
        .collect())
}

/// The headline, the level shares, Decision 766's group and, when turned
/// on, Circular 01, for the whole period.
fn summary(
    ctx: &Context,
    lang: Language,
    period: &[(&str, FluentValue<'_>)],
    all: &IndexRow,
) -> String {
    let no_data = || ctx.i18n.t(lang, Key::StatsNoData);
    let number = |x: Option<f64>| x.map_or_else(no_data, |v| decimal(lang, v));
    let share = |x: Option<f64>| ctx.i18n.share(lang, x);
    let interval = match (all.satisfaction_low, all.satisfaction_high) {
        (Some(low), Some(high)) => ctx.i18n.interval(lang, low, high),
        _ => no_data(),
    };
    let mut args = period.to_vec();
    args.extend([
        ("responses", all.responses.into()),
        ("verified", all.verified_responses.into()),
        ("verified_share", share(all.verified_share).into()),
        ("returned", all.returned.into()),
        ("rate", share(all.response_rate).into()),
        ("satisfaction", share(all.satisfaction).into()),
        ("interval", interval.into()),
    ]);
    let mut lines = vec![ctx.i18n.t_args(lang, Key::StatsHeadline, &args)];
    if all.counted == Counted::Verified {
        lines.push(ctx.i18n.t_args(
            lang,
            Key::StatsCountedVerified,
            &[("counted", all.counted_responses.into())],
        ));
    }
    for (level, count, part) in all.levels_shown(ctx.survey.levels) {
        lines.push(ctx.i18n.t_args(
            lang,
            Key::StatsLevel,
            &[
                ("level", ctx.i18n.t(lang, level_key(level)).into()),
                ("count", count.into()),
                ("share", share(part).into()),
            ],
        ));
    }
    if all.small_sample {
        lines.push(ctx.i18n.t(lang, Key::StatsSmallSample));
    }
    lines.push(ctx.i18n.t_args(
        lang,
        Key::Stats766,
        &[
            ("satisfaction", share(all.d766_dossier_satisfaction).into()),
            (
                "target",
                ctx.i18n.percent(lang, DOSSIER_SATISFACTION_TARGET).into(),
            ),
            ("on_time", share(all.d766_on_time_share).into()),
            ("apologized", share(all.d766_late_apologized_share).into()),
            ("feedback_on_time", share(all.d766_feedback_on_time).into()),
            ("feedback_due", all.d766_feedback_due.into()),
            (
                "feedback_satisfaction",
                share(all.d766_feedback_satisfaction).into(),
            ),
            ("feedback_first_time", all.d766_feedback_first_time.into()),
        ],
    ));
    match (all.indices_measured, all.mean_total, all.grade) {
        (Some(_), Some(total), Some(grade)) => lines.push(ctx.i18n.t_args(
            lang,
            Key::StatsCircular01Total,
            &[
                ("total", decimal(lang, total).into()),
                ("grade", ctx.i18n.t(lang, Key::grade(grade)).into()),
            ],
        )),
        (Some(measured), _, _) => lines.push(ctx.i18n.t_args(
            lang,
            Key::StatsCircular01Partial,
            &[
                ("measured", measured.into()),
                ("mean", number(all.indices_mean).into()),
            ],
        )),
        (None, _, _) => {}
    }
    lines.join("\n")
}

/// `/stats [month|quarter|year|FROM TO]`
pub(super) async fn on_stats(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    role: &Role,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let Ok(scope) = readable(role) else {
        return Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t(who.lang, Key::UnknownCommand),
        ));
    };
    let (first, last) = match resolve_period(argument, local_date(Utc::now())) {
        Ok(period) => period,
        Err(PeriodError::Reversed) => {
            return Ok(Outcome::say(
                who.chat_id,
                ctx.i18n.t(who.lang, Key::StatsPeriodReversed),
            ));
        }
        Err(PeriodError::Unreadable) => {
            return Ok(Outcome::say(
                who.chat_id,
                ctx.i18n.t(who.lang, Key::StatsUsage),
            ));
        }
        Err(PeriodError::NotADate(text)) => return Ok(not_a_date(ctx, who, text)),
    };
    let (from, to) = (day_start(first), day_start(last.succ_opt().unwrap_or(last)));
    let period = [
        ("from", format_date(first).into()),
        ("to", format_date(last).into()),
    ];
    let scope = scope.as_deref();
    let overall = rows(tx, ctx, None, (from, to), scope).await?;
    // Feedback cases alone are worth their two figures; the chart needs ratings.
    let feedback = |r: &IndexRow| r.d766_feedback_due + r.d766_feedback_first_time > 0;
    let Some(all) = overall.first().filter(|r| r.responses > 0 || feedback(r)) else {
        return Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t_args(who.lang, Key::StatsEmpty, &period),
        ));
    };
    let text = summary(ctx, who.lang, &period, all);
    if all.responses == 0 {
        return Ok(Outcome::say(who.chat_id, text));
    }
    let lang = who.lang;
    let months: Vec<Point> = rows(tx, ctx, Some(GroupBy::Month), (from, to), scope)
        .await?
        .iter()
        .filter_map(|r| point(ctx, lang, ctx.i18n.month(lang, &r.group), r))
        .collect();
    let names = catalog::agency_names(tx).await?;
    let agencies: Vec<Point> = rows(tx, ctx, Some(GroupBy::Agency), (from, to), scope)
        .await?
        .iter()
        .filter_map(|r| {
            let name = names
                .get(&r.group)
                .map_or(r.group.as_str(), |n| n.get(lang));
            point(ctx, lang, name.to_owned(), r)
        })
        .collect();
    let levels = all
        .levels_shown(ctx.survey.levels)
        .into_iter()
        .filter_map(|(level, _, share)| {
            let value = share?;
            Some(Share {
                label: ctx.i18n.t(lang, level_key(level)),
                value,
                value_label: ctx.i18n.percent(lang, value),
                tone: if level.is_satisfied() {
                    Tone::Satisfied
                } else if level.is_low() {
                    Tone::NotSatisfied
                } else {
                    Tone::Neutral
                },
            })
        })
        .collect();
    let chart = Chart {
        words: Words::new(&ctx.i18n, lang),
        months,
        agencies,
        levels,
    };
    let mut outcome = Outcome::say(who.chat_id, text);
    outcome.replies.push(Reply::Chart {
        chat_id: who.chat_id,
        caption: ctx.i18n.t_args(lang, Key::StatsCaption, &period),
        chart: Box::new(chart),
    });
    Ok(outcome)
}
