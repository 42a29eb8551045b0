//! The satisfaction survey: an invitation when the result is returned, the
//! overall level in one tap (already a complete, counted response), then
//! optional questions, each skippable. Indices the dossier's history answers
//! are computed, never asked.

use chrono::{Duration, Utc};

use super::card::EXAMPLE_CODE;
use super::{Action, Button, Context, FlowError, Keyboard, LookupCheck, Outcome, Tap, Who, lookup};
use crate::configuration::Question;
use crate::domain::moment::{local_date, vietnam};
use crate::domain::{Channel, Language, Level, Status};
use crate::flows::actions::{ANSWER, RATE, Tagged};
use crate::i18n::Key;
use crate::store::dossiers::{self, DossierView};
use crate::store::survey::{self, Answer, ChipSet, DossierFacts, NewResponse};
use crate::store::{WriteTx, follows};

/// Comments longer than this are refused, with a word on why.
const MAX_COMMENT: usize = 1000;
/// How long a low rating's alert waits for the comment before it leaves anyway.
const ALERT_WAITS_FOR_COMMENT: Duration = Duration::minutes(10);

pub fn level_key(level: Level) -> Key {
    match level {
        Level::VerySatisfied => Key::LevelVerySatisfied,
        Level::Satisfied => Key::LevelSatisfied,
        Level::Neutral => Key::LevelNeutral,
        Level::NotSatisfied => Key::LevelNotSatisfied,
        Level::VeryNotSatisfied => Key::LevelVeryNotSatisfied,
    }
}

/// The question and one button per level, as sent on return or by `/rate`.
pub fn invitation(
    ctx: &Context,
    lang: Language,
    user_id: i64,
    view: &DossierView,
    reminder: bool,
) -> (String, Keyboard) {
    let key = if reminder {
        Key::SurveyReminder
    } else {
        Key::SurveyInvite
    };
    let procedure = view.procedure.get(lang).to_owned();
    let text = ctx.i18n.t_args(
        lang,
        key,
        &[
            ("code", view.code.clone().into()),
            ("procedure", procedure.into()),
        ],
    );
    let levels = ctx.survey.levels;
    let rows = levels
        .levels()
        .iter()
        .map(|level| {
            let position = levels.position(*level).unwrap_or(1);
            vec![Button {
                label: ctx.i18n.t(lang, level_key(*level)),
                action: Action::rate(&ctx.signer, user_id, view.id, position),
            }]
        })
        .collect();
    (text, Keyboard(rows))
}

/// `/rate CODE`: the survey for a returned dossier, started by hand.
pub(super) async fn on_rate_command(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    raw: Option<&str>,
    check: Option<&LookupCheck>,
) -> Result<Outcome, FlowError> {
    let Some(raw) = raw else {
        let text = ctx.i18n.t_args(
            who.lang,
            Key::RateUsage,
            &[("example", EXAMPLE_CODE.into())],
        );
        return Ok(Outcome::say(who.chat_id, text));
    };
    let view = match lookup::find(tx, ctx, who, raw, check).await? {
        Ok(view) => view,
        Err(answer) => return Ok(answer),
    };
    if view.status != Status::Returned {
        let text = ctx.i18n.t_args(
            who.lang,
            Key::RateNotReturned,
            &[("code", view.code.clone().into())],
        );
        return Ok(Outcome::say(who.chat_id, text));
    }
    let (text, keyboard) = invitation(ctx, who.lang, who.user_id, &view, false);
    Ok(Outcome::send(who.chat_id, text, keyboard))
}

/// The indices the dossier's history answers: 1 and 2 timeliness, 3 supplement
/// requests, 5 through the one-stop shop. 4 and 7 come from answers; 6, 8 and 9
/// stay unknown.
fn computed_indices(facts: &DossierFacts) -> [Option<i64>; 9] {
    let timeliness =
        facts
            .returned_at
            .map(local_date)
            .map(|returned| match returned.cmp(&facts.due_at) {
                std::cmp::Ordering::Less => 2,
                std::cmp::Ordering::Equal => 1,
                std::cmp::Ordering::Greater => 0,
            });
    let supplements = Some(match facts.supplement_requests {
        0 => 2,
        1 => 1,
        _ => 0,
    });
    // Posted results are returned outside the shop; the rest passes through it.
    let one_stop = Some(if facts.channel == Channel::Postal {
        1
    } else {
        2
    });
    [
        timeliness,
        timeliness,
        supplements,
        None,
        one_stop,
        None,
        None,
        None,
        None,
    ]
}

/// A tap on a level: the response is recorded and counted at once.
pub(super) async fn on_level(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    tagged: &Tagged,
) -> Result<Outcome, FlowError> {
    let expired = || Ok(tap.expired(ctx, who.lang));
    let Some(dossier_id) = tagged.verified_for(&ctx.signer, who.user_id, RATE) else {
        return expired();
    };
    let Ok(level) = tagged
        .arg
        .parse::<i64>()
        .map_err(|_| ())
        .and_then(|n| ctx.survey.levels.level(n).map_err(|_| ()))
    else {
        return expired();
    };
    let (Some(view), Some(facts)) = (
        dossiers::find_dossier_by_id(tx, dossier_id).await?,
        survey::dossier_facts(tx, dossier_id).await?,
    ) else {
        return expired();
    };
    if view.status != Status::Returned {
        return expired();
    }
    let now = Utc::now();
    let window = Duration::hours(i64::from(ctx.survey.replace_within_hours));
    let replaces = match survey::current_response(tx, dossier_id, who.user_id).await? {
        Some((_, at)) if now - at > window => {
            let notice = ctx.i18n.t(who.lang, Key::SurveyAlready);
            return Ok(Outcome {
                replies: Vec::new(),
                button_answer: Some(tap.answer(Some(notice))),
            });
        }
        Some((id, _)) => Some(id),
        None => None,
    };
    let today = local_date(now)
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(vietnam()).single());
    let since = today.map_or(now, |t| t.with_timezone(&Utc));
    let counted_today = survey::counted_since(tx, who.user_id, since, replaces).await?;
    let response = NewResponse {
        dossier_id,
        user_id: who.user_id,
        verified: follows::is_verified(tx, who.user_id, dossier_id).await?,
        held: counted_today >= i64::from(ctx.survey.daily_limit),
        scale: ctx.survey.levels,
        overall: level,
        indices: computed_indices(&facts),
        facts: &facts,
    };
    let response_id = survey::insert_response(tx, &response, replaces).await?;
    if level.is_low() {
        let wait = if ctx.survey.questions.is_empty() {
            Duration::zero()
        } else {
            ALERT_WAITS_FOR_COMMENT
        };
        survey::queue_low_rating_alert(tx, response_id, now + wait).await?;
    }
    let thanks = ctx.i18n.t(who.lang, Key::SurveyCounted);
    let mut outcome = next_question(tx, ctx, who, tap, response_id, None).await?;
    outcome.button_answer = Some(tap.answer(Some(thanks)));
    Ok(outcome)
}

/// The chips of "what went well / badly", by the letter their buttons carry.
const CHIPS: [(char, &str, Key); 5] = [
    ('t', "time", Key::ChipTime),
    ('a', "attitude", Key::ChipAttitude),
    ('p', "procedure", Key::ChipProcedure),
    ('i', "information", Key::ChipInformation),
    ('r', "result", Key::ChipResult),
];

fn chip_set(question: Question) -> Option<ChipSet> {
    match question {
        Question::WentWell => Some(ChipSet::WentWell),
        Question::WentBadly => Some(ChipSet::WentBadly),
        _ => None,
    }
}

fn letter(question: Question) -> char {
    match question {
        Question::Convenience => 'v',
        Question::WentWell => 'w',
        Question::WentBadly => 'b',
        Question::Attitude => 'a',
        Question::Agencies => 'g',
        Question::Comment => 'c',
    }
}

fn step_name(question: Question) -> &'static str {
    match question {
        Question::Convenience => "convenience",
        Question::WentWell => "went_well",
        Question::WentBadly => "went_badly",
        Question::Attitude => "attitude",
        Question::Agencies => "agencies",
        Question::Comment => survey::COMMENT_STEP,
    }
}

/// Moves to the question after `after` (the first if None), or ends the survey.
async fn next_question(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    response_id: i64,
    after: Option<Question>,
) -> Result<Outcome, FlowError> {
    let questions = &ctx.survey.questions;
    let next = match after {
        None => questions.first(),
        Some(done) => questions
            .iter()
            .position(|q| *q == done)
            .and_then(|i| questions.get(i + 1)),
    };
    let Some(question) = next.copied() else {
        survey::end_session(tx, who.chat_id).await?;
        survey::release_low_rating_alert(tx, response_id).await?;
        return Ok(edit_or_send(
            tap,
            ctx.i18n.t(who.lang, Key::SurveyDone),
            Keyboard::default(),
        ));
    };
    survey::set_session(tx, who.chat_id, response_id, step_name(question)).await?;
    ask(tx, ctx, who, tap, response_id, question, after.is_none()).await
}

/// Shows `question` with its buttons; `first` adds the word that the rating counted.
async fn ask(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    response_id: i64,
    question: Question,
    first: bool,
) -> Result<Outcome, FlowError> {
    let button = |label: String, arg: String| Button {
        label,
        action: Action::answer(&ctx.signer, who.user_id, response_id, &arg),
    };
    let keyed = |key: Key, arg: String| button(ctx.i18n.t(who.lang, key), arg);
    let l = letter(question);
    let levels = |key: Key| {
        let scale = ctx.survey.levels;
        let row = scale
            .levels()
            .iter()
            .map(|level| {
                keyed(
                    level_key(*level),
                    format!("{l}{}", scale.position(*level).unwrap_or(1)),
                )
            })
            .collect();
        (key, vec![row])
    };
    let (key, mut rows) = match question {
        Question::Convenience => levels(Key::SurveyConvenience),
        Question::Attitude => levels(Key::SurveyAttitude),
        Question::Agencies => (
            Key::SurveyAgencies,
            vec![
                vec![keyed(Key::AgenciesNone, format!("{l}2"))],
                vec![keyed(Key::AgenciesOneStop, format!("{l}1"))],
                vec![keyed(Key::AgenciesSeveral, format!("{l}0"))],
            ],
        ),
        Question::WentWell | Question::WentBadly => {
            let set = chip_set(question).unwrap_or(ChipSet::WentWell);
            let chosen = survey::chips(tx, response_id, set).await?;
            let chips: Vec<Button> = CHIPS
                .iter()
                .map(|(c, code, key)| {
                    let mark = if chosen.iter().any(|x| x == code) {
                        "✅ "
                    } else {
                        ""
                    };
                    button(
                        format!("{mark}{}", ctx.i18n.t(who.lang, *key)),
                        format!("{l}{c}"),
                    )
                })
                .collect();
            let key = if question == Question::WentWell {
                Key::SurveyWentWell
            } else {
                Key::SurveyWentBadly
            };
            (key, chips.chunks(3).map(<[Button]>::to_vec).collect())
        }
        Question::Comment => (Key::SurveyComment, Vec::new()),
    };
    let mut controls = Vec::new();
    match question {
        Question::Comment => {}
        Question::WentWell | Question::WentBadly => {
            controls.push(keyed(Key::SurveyNext, format!("{l}-")))
        }
        _ => controls.push(keyed(Key::SurveySkip, format!("{l}-"))),
    }
    controls.push(keyed(Key::SurveyFinish, format!("{l}x")));
    rows.push(controls);
    let mut text = String::new();
    if first {
        text.push_str(&ctx.i18n.t(who.lang, Key::SurveyMore));
        text.push_str("\n\n");
    }
    text.push_str(&ctx.i18n.t(who.lang, key));
    Ok(edit_or_send(tap, text, Keyboard(rows)))
}

fn edit_or_send(tap: &Tap<'_>, text: String, keyboard: Keyboard) -> Outcome {
    Outcome {
        replies: vec![tap.replace_message(text, keyboard)],
        button_answer: None,
    }
}

/// A tap on an optional question's button.
pub(super) async fn on_answer(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    tagged: &Tagged,
) -> Result<Outcome, FlowError> {
    let expired = || Ok(tap.expired(ctx, who.lang));
    let Some(response_id) = tagged.verified_for(&ctx.signer, who.user_id, ANSWER) else {
        return expired();
    };
    let mut chars = tagged.arg.chars();
    let (Some(l), value) = (chars.next(), chars.as_str()) else {
        return expired();
    };
    let Some(question) = ctx
        .survey
        .questions
        .iter()
        .copied()
        .find(|q| letter(*q) == l)
    else {
        return expired();
    };
    // Only the question the survey is on can be answered: an old button changes nothing.
    match survey::session(tx, who.chat_id).await? {
        Some((id, step)) if id == response_id && step == step_name(question) => {}
        _ => return expired(),
    }
    let answer = match (question, value) {
        (_, "x") => {
            survey::end_session(tx, who.chat_id).await?;
            survey::release_low_rating_alert(tx, response_id).await?;
            let mut outcome = edit_or_send(
                tap,
                ctx.i18n.t(who.lang, Key::SurveyDone),
                Keyboard::default(),
            );
            outcome.button_answer = Some(tap.answer(None));
            return Ok(outcome);
        }
        (_, "-") => None,
        (Question::WentWell | Question::WentBadly, v) => {
            let set = chip_set(question).unwrap_or(ChipSet::WentWell);
            let Some((_, code, _)) = CHIPS
                .iter()
                .find(|(c, _, _)| v.len() == 1 && v.starts_with(*c))
            else {
                return expired();
            };
            survey::toggle_chip(tx, response_id, set, code).await?;
            let mut outcome = ask(tx, ctx, who, tap, response_id, question, false).await?;
            outcome.button_answer = Some(tap.answer(None));
            return Ok(outcome);
        }
        (Question::Convenience, v) => match v
            .parse::<i64>()
            .ok()
            .and_then(|n| ctx.survey.levels.level(n).ok())
        {
            Some(level) => Some(Answer::Convenience(level)),
            None => return expired(),
        },
        (Question::Attitude, v) => match v
            .parse::<i64>()
            .ok()
            .and_then(|n| ctx.survey.levels.level(n).ok())
        {
            Some(level) => Some(Answer::Attitude(level)),
            None => return expired(),
        },
        (Question::Agencies, v @ ("0" | "1" | "2")) => {
            Some(Answer::Agencies(v.parse().unwrap_or(1)))
        }
        _ => return expired(),
    };
    if let Some(answer) = &answer {
        survey::record_answer(tx, response_id, answer).await?;
    }
    let mut outcome = next_question(tx, ctx, who, tap, response_id, Some(question)).await?;
    outcome.button_answer = Some(tap.answer(None));
    Ok(outcome)
}

/// A text while the survey waits for a comment; None when it is not waiting.
pub(super) async fn on_text(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    text: &str,
) -> Result<Option<Outcome>, FlowError> {
    let Some((response_id, step)) = survey::session(tx, who.chat_id).await? else {
        return Ok(None);
    };
    if step != step_name(Question::Comment) {
        return Ok(None);
    }
    let comment = text.trim();
    if comment.chars().count() > MAX_COMMENT {
        let text = ctx.i18n.t_args(
            who.lang,
            Key::SurveyCommentTooLong,
            &[("max", (MAX_COMMENT as i64).into())],
        );
        return Ok(Some(Outcome::say(who.chat_id, text)));
    }
    survey::record_answer(tx, response_id, &Answer::Comment(comment.to_owned())).await?;
    survey::end_session(tx, who.chat_id).await?;
    survey::release_low_rating_alert(tx, response_id).await?;
    Ok(Some(Outcome::say(
        who.chat_id,
        ctx.i18n.t(who.lang, Key::SurveyDone),
    )))
}
