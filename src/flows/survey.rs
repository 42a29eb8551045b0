//! The satisfaction survey: an invitation when the result is returned, the
//! overall level in one tap (already a complete, counted response), then
//! optional questions, each skippable. Indices the dossier's history answers
//! are computed, never asked.

use chrono::{Duration, Utc};

use super::card::EXAMPLE_CODE;
use super::router::Asked;
use super::step::Step;
use super::{Button, Callback, Context, FlowError, Keyboard, Outcome, Tap, Who, feedback, lookup};
use crate::configuration::Question;
use crate::domain::deadline::Timing;
use crate::domain::moment::{local_date, vietnam};
use crate::domain::satisfaction::{self, Fact, IndexScore, Source};
use crate::domain::{Channel, DossierId, Language, Level, ResponseId, Status, UserId};
use crate::i18n::Key;
use crate::store::AnswerTx;
use crate::store::dossiers::{self, DossierView};
use crate::store::survey::{self, Answer, ChipSet, DossierFacts, NewResponse};

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
    user_id: UserId,
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
                callback: Callback::rate(&ctx.signer, user_id, view.id, position),
            }]
        })
        .collect();
    (text, Keyboard(rows))
}

/// `/rate CODE`: the survey for a returned dossier, started by hand.
pub(super) async fn on_rate_command(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    raw: Option<&str>,
    asked: Option<&Asked>,
) -> Result<Outcome, FlowError> {
    let Some(raw) = raw else {
        let text = ctx.i18n.t_args(
            who.lang,
            Key::RateUsage,
            &[("example", EXAMPLE_CODE.into())],
        );
        return Ok(Outcome::say(who.chat_id, text));
    };
    let view = match lookup::find(tx, ctx, who, raw, asked).await? {
        Ok(found) => found.view,
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

/// ⭐ Rate under a returned dossier's card, made for this citizen: the card
/// becomes the invitation, and a tap on a level goes on as from any other.
/// No look-up is charged: the button names a dossier already shown to them.
pub(super) async fn on_start_button(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    dossier_id: DossierId,
) -> Result<Outcome, FlowError> {
    let Some(view) = dossiers::find_dossier_by_id(tx, dossier_id).await? else {
        return Ok(tap.expired(ctx, who.lang));
    };
    if view.status != Status::Returned {
        return Ok(tap.expired(ctx, who.lang));
    }
    let (text, keyboard) = invitation(ctx, who.lang, who.user_id, &view, false);
    Ok(tap.replace(text, keyboard))
}

/// The scores the dossier's history gives, to whichever indices
/// [`INDICES`](satisfaction::INDICES) says each fact measures; the answers
/// score theirs later (store::survey::record_answer). The overall level
/// feeds no index: it is the "Không hài lòng" of Decision 766's dossier
/// satisfaction.
fn known_scores(facts: &DossierFacts, timing: &Timing) -> Vec<IndexScore> {
    satisfaction::response_scores(|source| match source {
        Source::Fact(fact) => fact_score(fact, facts, timing),
        Source::Answer(_) => None,
    })
}

/// How a fact of the dossier scores, 0..2; None when it is not known.
fn fact_score(fact: Fact, facts: &DossierFacts, timing: &Timing) -> Option<i64> {
    match fact {
        // In working days, against the office's promise: an apology's new
        // date does not make a late dossier timely.
        Fact::Timeliness => match timing {
            Timing::ReturnedEarly { .. } => Some(2),
            Timing::ReturnedOnTime => Some(1),
            Timing::ReturnedLate { .. } => Some(0),
            _ => None,
        },
        Fact::SupplementRequests => Some(match facts.supplement_requests {
            0 => 2,
            1 => 1,
            _ => 0,
        }),
        // Posted results are returned outside the shop; the rest passes through it.
        Fact::OneStopShop => Some(if facts.channel == Channel::Postal {
            1
        } else {
            2
        }),
    }
}

/// A tap on a level (`arg`, 1 = most satisfied) of a button made for this
/// citizen: the response is recorded and counted at once.
pub(super) async fn on_level(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    dossier_id: DossierId,
    arg: &str,
) -> Result<Outcome, FlowError> {
    let expired = || Ok(tap.expired(ctx, who.lang));
    let Ok(level) = arg
        .parse::<i64>()
        .map_err(|_| ())
        .and_then(|n| ctx.survey.levels.level(n).map_err(|_| ()))
    else {
        return expired();
    };
    let now = Utc::now();
    let today = local_date(now)
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(vietnam()).single());
    let since = today.map_or(now, |t| t.with_timezone(&Utc));
    let Some(rating) = survey::rating_context(tx, dossier_id, who.user_id, since).await? else {
        return expired();
    };
    if rating.view.status != Status::Returned {
        return expired();
    }
    let window = Duration::hours(i64::from(ctx.survey.replace_within_hours));
    let replaces = match rating.current {
        Some((_, at)) if now - at > window => {
            return Ok(tap.toast(ctx.i18n.t(who.lang, Key::SurveyAlready)));
        }
        Some((id, _)) => Some(id),
        None => None,
    };
    let response = NewResponse {
        dossier_id,
        user_id: who.user_id,
        verified: rating.verified,
        held: rating.counted_since >= i64::from(ctx.survey.daily_limit),
        scale: ctx.survey.levels,
        overall: level,
        scores: known_scores(
            &rating.facts,
            &ctx.deadlines
                .timing(&rating.view.deadline_facts(), local_date(now)),
        ),
        facts: &rating.facts,
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
    let mut outcome = next_question(tx, ctx, who, Some(tap), response_id, None).await?;
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

/// The words for a chip as stored (`time`, `attitude` ...).
pub(crate) fn chip_key(code: &str) -> Option<Key> {
    CHIPS
        .iter()
        .find(|(_, stored, _)| *stored == code)
        .map(|(_, _, key)| *key)
}

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

/// The step in which `question` waits for its answer.
fn step_of(response: ResponseId, question: Question) -> Step {
    match question {
        Question::Comment => Step::AwaitComment { response },
        question => Step::Survey { response, question },
    }
}

/// The question after `after` (the first if None), whatever its kind: the
/// configuration lists each question once, so its place is unambiguous.
fn question_after(ctx: &Context, after: Option<Question>) -> Option<Question> {
    let questions = &ctx.survey.questions;
    match after {
        None => questions.first().copied(),
        Some(done) => questions
            .iter()
            .position(|q| *q == done)
            .and_then(|i| questions.get(i + 1))
            .copied(),
    }
}

/// Moves to the question after `after` (the first if None), or ends the
/// survey. Without a tap (the comment was typed) the question comes as a
/// new message.
async fn next_question(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: Option<&Tap<'_>>,
    response_id: ResponseId,
    after: Option<Question>,
) -> Result<Outcome, FlowError> {
    let Some(question) = question_after(ctx, after) else {
        return finish(tx, ctx, who, tap, response_id).await;
    };
    step_of(response_id, question).save(tx, who.chat_id).await?;
    ask(tx, ctx, who, tap, response_id, question, after.is_none()).await
}

/// Shows `question` with its buttons; `first` adds the word that the rating counted.
async fn ask(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: Option<&Tap<'_>>,
    response_id: ResponseId,
    question: Question,
    first: bool,
) -> Result<Outcome, FlowError> {
    let button = |label: String, arg: String| Button {
        label,
        callback: Callback::answer(&ctx.signer, who.user_id, response_id, &arg),
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
        // The comment is skipped by Finish when it is the last question;
        // before others, Skip moves on to them.
        Question::Comment if question_after(ctx, Some(question)).is_none() => {}
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
    Ok(edit_or_send(who, tap, text, Keyboard(rows)))
}

/// Replaces the message of the button tapped, or sends a new one after a typed comment.
fn edit_or_send(who: Who, tap: Option<&Tap<'_>>, text: String, keyboard: Keyboard) -> Outcome {
    match tap {
        Some(tap) => Outcome {
            replies: vec![tap.replace_message(text, keyboard)],
            button_answer: None,
            menus: Vec::new(),
        },
        None => Outcome::send(who.chat_id, text, keyboard),
    }
}

/// A tap on a button of `question`, the one the survey is on, made for this citizen.
pub(super) async fn on_answer(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    response_id: ResponseId,
    question: Question,
    arg: &str,
) -> Result<Outcome, FlowError> {
    let expired = || Ok(tap.expired(ctx, who.lang));
    let mut chars = arg.chars();
    let (Some(l), value) = (chars.next(), chars.as_str()) else {
        return expired();
    };
    if letter(question) != l {
        return expired();
    }
    let answer = match (question, value) {
        (_, "x") => {
            let mut outcome = finish(tx, ctx, who, Some(tap), response_id).await?;
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
            let mut outcome = ask(tx, ctx, who, Some(tap), response_id, question, false).await?;
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
    let mut outcome = next_question(tx, ctx, who, Some(tap), response_id, Some(question)).await?;
    outcome.button_answer = Some(tap.answer(None));
    Ok(outcome)
}

/// The comment the survey waited for.
pub(super) async fn on_comment(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    response_id: ResponseId,
    text: &str,
) -> Result<Outcome, FlowError> {
    let comment = text.trim();
    if comment.chars().count() > MAX_COMMENT {
        let text = ctx.i18n.t_args(
            who.lang,
            Key::SurveyCommentTooLong,
            &[("max", (MAX_COMMENT as i64).into())],
        );
        return Ok(Outcome::say(who.chat_id, text));
    }
    survey::record_answer(tx, response_id, &Answer::Comment(comment.to_owned())).await?;
    next_question(tx, ctx, who, None, response_id, Some(Question::Comment)).await
}

/// Ends the survey: the chat is idle again and a low rating's alert leaves
/// now, with whatever was answered. The thanks replace the message of the
/// button tapped, if one was; after "Không hài lòng" the citizen is offered
/// to have the agency answer, as a case, once the questions are over.
async fn finish(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: Option<&Tap<'_>>,
    response_id: ResponseId,
) -> Result<Outcome, FlowError> {
    Step::Idle.save(tx, who.chat_id).await?;
    survey::release_low_rating_alert(tx, response_id).await?;
    let thanks = ctx.i18n.t(who.lang, Key::SurveyDone);
    let mut outcome = edit_or_send(who, tap, thanks, Keyboard::default());
    let response = survey::response_view(tx, response_id).await?;
    if let Some(response) = response
        && Level::ALL
            .into_iter()
            .any(|level| level.key() == response.overall && level.is_low())
    {
        let offer = feedback::offer(ctx, who, response.dossier_id);
        outcome.replies.extend(offer.replies);
    }
    Ok(outcome)
}
