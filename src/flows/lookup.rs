//! "Where is my dossier?": a code typed, sent with /status, or opened from the
//! receipt's QR code; and following a dossier for status notifications.

use super::card::{EXAMPLE_CODE, dossier_card, format_date};
use super::router::{Asked, Said};
use super::survey::level_key;
use super::{Button, Callback, Context, FlowError, Keyboard, Outcome, Tap, Who, feedback};
use crate::domain::moment::local_date;
use crate::domain::{DossierCode, DossierId, Level, Status};
use crate::i18n::Key;
use crate::ingest::feed;
use crate::store::dossiers::{self, DossierView, Lookup};
use crate::store::lookups::{self, Limit};
use crate::store::{AnswerTx, follows};

/// How the code reached the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    /// Typed or pasted: counts against the look-up limit, and proves nothing.
    Typed,
    /// The receipt's signed deep link: its holder saw the receipt, so it
    /// cannot be a guess and is never refused by the look-up limit.
    Link,
}

/// What a dossier code looks like and where to find one: the answer to a
/// code that is wrong or unknown, and to a question in words.
pub fn code_help(ctx: &Context, who: Who) -> String {
    ctx.i18n.t_args(
        who.lang,
        Key::LookupCodeHelp,
        &[("example", EXAMPLE_CODE.into())],
    )
}

/// Text that is neither a command nor a code ("hồ sơ của tôi đến đâu rồi?").
pub fn on_free_text(ctx: &Context, who: Who) -> Outcome {
    let text = [
        ctx.i18n.t(who.lang, Key::NotUnderstood),
        code_help(ctx, who),
    ];
    Outcome::say(who.chat_id, text.join("\n\n"))
}

/// `/status` with nothing after it.
pub fn usage(ctx: &Context, who: Who) -> Outcome {
    Outcome::say(
        who.chat_id,
        ctx.i18n.t_args(
            who.lang,
            Key::StatusUsage,
            &[("example", EXAMPLE_CODE.into())],
        ),
    )
}

/// Text that should be a dossier code.
pub async fn on_typed(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    raw: &str,
    asked: Option<&Asked>,
) -> Result<Outcome, FlowError> {
    Ok(match find(tx, ctx, who, raw, asked).await? {
        Ok(found) => show(tx, ctx, who, &found, Via::Typed).await?,
        Err(answer) => answer,
    })
}

/// The receipt's deep link, already verified.
pub async fn on_link(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    code: &DossierCode,
    asked: Option<&Asked>,
) -> Result<Outcome, FlowError> {
    Ok(
        match find_code(tx, ctx, who, code, asked, Via::Link).await? {
            Ok(found) => show(tx, ctx, who, &found, Via::Link).await?,
            Err(answer) => answer,
        },
    )
}

/// The dossier `raw` names, counted against the user's look-ups per minute;
/// or the answer that says why there is none. Every way a citizen names a
/// dossier (typed, `/status`, `/rate`) goes through here, so none can be used
/// to enumerate codes.
pub(super) async fn find(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    raw: &str,
    asked: Option<&Asked>,
) -> Result<Result<Lookup, Outcome>, FlowError> {
    match DossierCode::parse(raw) {
        Ok(code) => find_code(tx, ctx, who, &code, asked, Via::Typed).await,
        Err(_) => {
            let text = [
                ctx.i18n.t(who.lang, Key::LookupInvalidCode),
                code_help(ctx, who),
            ];
            Ok(Err(Outcome::say(who.chat_id, text.join("\n"))))
        }
    }
}

async fn find_code(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    code: &DossierCode,
    asked: Option<&Asked>,
    via: Via,
) -> Result<Result<Lookup, Outcome>, FlowError> {
    let say = |key: Key| Ok(Err(Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key))));
    let now = chrono::Utc::now();
    if via == Via::Typed
        && !lookups::charge(
            tx,
            Limit::PerCitizen,
            who.user_id,
            now,
            ctx.lookups_per_minute,
        )
        .await?
    {
        return say(Key::LookupRateLimited);
    }
    let asked = asked.filter(|a| &a.code == code);
    let found = dossiers::look_up(tx, code, who.user_id, now).await?;
    // The budget for unknown codes is looked at before the status source is
    // asked (it would answer an enumeration too). That pass is undone while
    // the source is asked, so a code it did not know either is charged in
    // the pass that answers.
    if via == Via::Typed {
        let per_minute = ctx.unknown_lookups_per_minute;
        let within = match (&found, asked) {
            (Some(found), None) => found.budget.passes(per_minute),
            // Known here or to the source: no unknown code. A code known
            // here was held to its budget in the pass that asked.
            (Some(_), Some(_)) => true,
            (None, _) => {
                lookups::charge(tx, Limit::UnknownCodes, who.user_id, now, per_minute).await?
            }
        };
        // Once the source has answered, its answer is given.
        if !within && asked.is_none() {
            return say(Key::LookupBusy);
        }
    }
    match found {
        // What the source alone keeps current is shown as it says now, once
        // its last answer is older than the source's are reused; if it does
        // not answer, the stored card is shown.
        Some(found)
            if asked.is_none()
                && !found.view.status.is_final()
                && found.source_asked.is_some_and(|at| {
                    ctx.status_source
                        .as_ref()
                        .is_some_and(|source| source.outdated(at, now))
                }) =>
        {
            Err(FlowError::AskStatusSource(code.clone()))
        }
        // A dossier the source told of, and no longer knows: it keeps what it
        // had, and the card says since when the source has not found it.
        Some(mut found)
            if found.source_asked.is_some() && asked.is_some_and(|a| a.said == Said::NotKnown) =>
        {
            feed::keep_not_known(tx, code, now).await?;
            found.source_missing_since.get_or_insert(now);
            Ok(Ok(found))
        }
        Some(found) => Ok(Ok(found)),
        None if ctx.status_source.is_some() && asked.is_none() => {
            Err(FlowError::AskStatusSource(code.clone()))
        }
        None if asked.is_some_and(|a| a.said == Said::Unavailable) => say(Key::LookupUnavailable),
        None => {
            let not_found = ctx.i18n.t_args(
                who.lang,
                Key::LookupNotFound,
                &[("code", code.to_string().into())],
            );
            let text = [not_found, code_help(ctx, who)];
            Ok(Err(Outcome::say(who.chat_id, text.join("\n"))))
        }
    }
}

/// The card and its button; a deep link follows the dossier at once, verified.
async fn show(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    found: &Lookup,
    via: Via,
) -> Result<Outcome, FlowError> {
    let view = &found.view;
    // A link follows even a dossier whose course has ended: the follow is
    // what marks its holder's rating as verified. Only updates still to come
    // are promised.
    if via == Via::Link {
        follows::follow(tx, who.user_id, view.id, true).await?;
    }
    let mut text = card(ctx, who, found);
    if via == Via::Link && !view.status.is_final() {
        text.push_str("\n\n");
        text.push_str(&ctx.i18n.t(who.lang, Key::LinkFollowed));
    }
    let following = found.following || via == Via::Link;
    let keyboard = keyboard(ctx, who, view, following, found.rated);
    Ok(Outcome::send(who.chat_id, text, keyboard))
}

/// 🔔 Follow / 🔕 Unfollow under a look-up, for a dossier the button was made for.
pub async fn on_follow_button(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    dossier_id: DossierId,
    follow: bool,
) -> Result<Outcome, FlowError> {
    let now = chrono::Utc::now();
    let Some(found) = dossiers::look_up_by_id(tx, dossier_id, who.user_id, now).await? else {
        return Ok(tap.expired(ctx, who.lang));
    };
    if follow {
        follows::follow(tx, who.user_id, dossier_id, false).await?;
    } else {
        follows::unfollow(tx, who.user_id, dossier_id).await?;
    }
    let toast = ctx.i18n.t(
        who.lang,
        if follow {
            Key::FollowStarted
        } else {
            Key::FollowStopped
        },
    );
    let keyboard = keyboard(ctx, who, &found.view, follow, found.rated);
    let text = card(ctx, who, &found);
    let reply = tap.replace_message(text, keyboard);
    Ok(Outcome {
        replies: vec![reply],
        button_answer: Some(tap.answer(Some(toast))),
        menus: Vec::new(),
    })
}

/// The dossier's card, and since when the status source has not found it,
/// if it no longer does.
fn card(ctx: &Context, who: Who, found: &Lookup) -> String {
    let mut card = dossier_card(
        &ctx.i18n,
        who.lang,
        &ctx.deadlines,
        &found.view,
        local_date(chrono::Utc::now()),
    );
    if let Some(since) = found.source_missing_since {
        card.push_str("\n\n");
        card.push_str(&ctx.i18n.t_args(
            who.lang,
            Key::LookupSourceMissing,
            &[("date", format_date(local_date(since)).into())],
        ));
    }
    card
}

/// The one button that makes sense under the card, then ✉️ Góp ý. A
/// returned dossier offers its survey (or says how this citizen rated it);
/// one whose course has otherwise ended has nothing to follow; any other,
/// Follow or Unfollow.
fn keyboard(
    ctx: &Context,
    who: Who,
    view: &DossierView,
    following: bool,
    rated: Option<Level>,
) -> Keyboard {
    let button = if view.status == Status::Returned {
        Some(rate_button(ctx, who, view, rated))
    } else if view.status.is_final() {
        None
    } else {
        let (key, callback) = if following {
            (
                Key::UnfollowButton,
                Callback::unfollow(&ctx.signer, who.user_id, view.id),
            )
        } else {
            (
                Key::FollowButton,
                Callback::follow(&ctx.signer, who.user_id, view.id),
            )
        };
        Some(Button {
            label: ctx.i18n.t(who.lang, key),
            callback,
        })
    };
    let feedback = feedback::feedback_on_button(ctx, who, view.id);
    Keyboard(
        button
            .map(|b| vec![b])
            .into_iter()
            .chain([vec![feedback]])
            .collect(),
    )
}

/// ⭐ Rate, or "Rated: <level>" once this citizen has.
fn rate_button(ctx: &Context, who: Who, view: &DossierView, rated: Option<Level>) -> Button {
    match rated {
        None => Button {
            label: ctx.i18n.t(who.lang, Key::RateButton),
            callback: Callback::start_survey(&ctx.signer, who.user_id, view.id),
        },
        Some(level) => Button {
            label: ctx.i18n.t_args(
                who.lang,
                Key::RatedButton,
                &[("level", ctx.i18n.t(who.lang, level_key(level)).into())],
            ),
            callback: Callback::Rated,
        },
    }
}
