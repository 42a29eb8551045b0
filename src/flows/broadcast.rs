//! An admin's broadcast in the chat: `/broadcast` → the notice (text or one
//! photo) → the audience, with how many each choice reaches → a preview as
//! citizens will see it → Send or Cancel. Also `/broadcasts` and `/cancel`.

use super::callback::{AudienceRef, BroadcastTap, ShortRef};
use super::step::{Draft, DraftNotice, Step};
use super::{Button, Callback, Context, FlowError, Keyboard, Outcome, Reply, Tap, Who};
use crate::domain::notice::NoticeError;
use crate::domain::{AgencyCode, Audience, CommuneCode, Language, ProcedureCode, Role};
use crate::flows::broadcast_words::{self, Format};
use crate::i18n::{Key, shorten};
use crate::store::AnswerTx;
use crate::store::broadcasts::{self, Grouping, NewBroadcast};
use crate::store::catalog::{self, Listed};
use crate::store::units;

/// Groups offered as buttons under one kind; others can be typed.
const GROUPS_SHOWN: i64 = 20;
const LABEL_CHARS: usize = 48;

/// None for an admin; else the answer: staff are told the command is for
/// admins, citizens what they are told of a command that does not exist.
fn not_admin(ctx: &Context, who: Who, role: &Role) -> Option<Outcome> {
    let key = match role {
        Role::Admin => return None,
        Role::Staff(_) => Key::AdminOnly,
        Role::Citizen => Key::UnknownCommand,
    };
    Some(Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key)))
}

fn button(ctx: &Context, lang: Language, key: Key, tap: BroadcastTap) -> Button {
    Button {
        label: ctx.i18n.t(lang, key),
        callback: Callback::Broadcast(tap),
    }
}

pub(super) async fn on_command(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    role: &Role,
) -> Result<Outcome, FlowError> {
    if let Some(refused) = not_admin(ctx, who, role) {
        return Ok(refused);
    }
    Step::BroadcastDraft {
        draft: Draft::Message,
    }
    .save(tx, who.chat_id)
    .await?;
    Ok(Outcome::say(
        who.chat_id,
        ctx.i18n.t(who.lang, Key::BroadcastAsk),
    ))
}

/// The notice itself, as Telegram HTML, with the photo's file id if it is one.
pub(super) async fn on_notice(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    html: &str,
    photo: Option<&str>,
) -> Result<Outcome, FlowError> {
    let text_html =
        match broadcast_words::parse_text(&ctx.i18n, html, Format::Html, photo.is_some()) {
            Ok(text) => text,
            Err(error) => return Ok(Outcome::say(who.chat_id, refusal(ctx, who.lang, &error))),
        };
    let notice = DraftNotice {
        html: text_html,
        photo_file_id: photo.map(str::to_owned),
    };
    Step::BroadcastDraft {
        draft: Draft::Audience(notice),
    }
    .save(tx, who.chat_id)
    .await?;
    let (text, keyboard) = kinds_menu(tx, ctx, who.lang).await?;
    Ok(Outcome::send(who.chat_id, text, keyboard))
}

fn refusal(ctx: &Context, lang: Language, error: &NoticeError) -> String {
    match error {
        NoticeError::Empty => ctx.i18n.t(lang, Key::BroadcastEmpty),
        NoticeError::TooLong { len, max } => ctx.i18n.t_args(
            lang,
            Key::BroadcastTooLong,
            &[("len", (*len).into()), ("max", (*max).into())],
        ),
        other => ctx.i18n.t_args(
            lang,
            Key::BroadcastBadFormat,
            &[("detail", other.to_string().into())],
        ),
    }
}

async fn kinds_menu(
    tx: &mut AnswerTx,
    ctx: &Context,
    lang: Language,
) -> Result<(String, Keyboard), FlowError> {
    let everyone = broadcasts::audience_size(tx, &Audience::All).await?;
    let all = Button {
        label: ctx
            .i18n
            .t_args(lang, Key::AudienceAll, &[("count", everyone.into())]),
        callback: Callback::Broadcast(BroadcastTap::Choose(AudienceRef::All)),
    };
    let keyboard = Keyboard(vec![
        vec![all],
        vec![
            button(
                ctx,
                lang,
                Key::AudienceByCommune,
                BroadcastTap::Groups(Grouping::Commune),
            ),
            button(
                ctx,
                lang,
                Key::AudienceByAgency,
                BroadcastTap::Groups(Grouping::Agency),
            ),
        ],
        vec![
            button(
                ctx,
                lang,
                Key::AudienceByProcedure,
                BroadcastTap::Groups(Grouping::Procedure),
            ),
            button(
                ctx,
                lang,
                Key::AudienceByLanguage,
                BroadcastTap::Groups(Grouping::Language),
            ),
        ],
        vec![button(ctx, lang, Key::ButtonCancel, BroadcastTap::Cancel)],
    ]);
    Ok((ctx.i18n.t(lang, Key::BroadcastChooseAudience), keyboard))
}

/// The groups of one kind as buttons, each with how many it reaches.
async fn groups_menu(
    tx: &mut AnswerTx,
    ctx: &Context,
    lang: Language,
    grouping: Grouping,
) -> Result<(String, Keyboard), FlowError> {
    let groups = broadcasts::audience_groups(tx, grouping, GROUPS_SHOWN).await?;
    let mut rows = Vec::new();
    for (code, count) in groups {
        let (audience, name) = match grouping {
            Grouping::Commune => (
                Some(AudienceRef::Commune(ShortRef::of(&code))),
                units::name(tx, &code).await?,
            ),
            Grouping::Agency => (
                Some(AudienceRef::Agency(ShortRef::of(&code))),
                catalog::name_of(tx, Listed::Agency, &code, lang).await?,
            ),
            Grouping::Procedure => (
                Some(AudienceRef::Procedure(ShortRef::of(&code))),
                catalog::name_of(tx, Listed::Procedure, &code, lang).await?,
            ),
            Grouping::Language => {
                let language = Language::parse(&code).ok();
                (
                    language.map(AudienceRef::Language),
                    language.map(|l| l.endonym().to_owned()),
                )
            }
        };
        let Some(audience) = audience else { continue };
        let name = shorten::to_chars(&name.unwrap_or_else(|| code.clone()), LABEL_CHARS);
        rows.push(vec![Button {
            label: format!("{name} ({count})"),
            callback: Callback::Broadcast(BroadcastTap::Choose(audience)),
        }]);
    }
    let text = if rows.is_empty() {
        ctx.i18n.t(lang, Key::AudienceNone)
    } else {
        ctx.i18n.t(lang, Key::BroadcastPickGroup)
    };
    rows.push(vec![
        button(ctx, lang, Key::ButtonBack, BroadcastTap::Back),
        button(ctx, lang, Key::ButtonCancel, BroadcastTap::Cancel),
    ]);
    Ok((text, Keyboard(rows)))
}

/// An audience typed instead of tapped, e.g. `procedure:1.004227`.
pub(super) async fn on_typed_audience(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    notice: DraftNotice,
    typed: &str,
) -> Result<Outcome, FlowError> {
    match Audience::parse(typed) {
        Ok(audience) => choose(tx, ctx, who, None, notice, audience).await,
        Err(_) => Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t(who.lang, Key::BroadcastAudienceUnknown),
        )),
    }
}

/// The audience a button names, if its agency or procedure is still in the catalog.
async fn resolve(tx: &mut AnswerTx, named: &AudienceRef) -> Result<Option<Audience>, FlowError> {
    Ok(match named {
        AudienceRef::All => Some(Audience::All),
        AudienceRef::Commune(r) => broadcasts::audience_groups(tx, Grouping::Commune, i64::MAX)
            .await?
            .into_iter()
            .find(|(code, _)| r.names(code))
            .and_then(|(code, _)| CommuneCode::parse(&code).ok())
            .map(Audience::Commune),
        AudienceRef::Language(lang) => Some(Audience::Language(*lang)),
        AudienceRef::Agency(r) => catalog::agency_codes(tx)
            .await?
            .into_iter()
            .find(|code| r.names(code))
            .and_then(|code| AgencyCode::parse(&code).ok())
            .map(Audience::Agency),
        AudienceRef::Procedure(r) => catalog::procedure_codes(tx)
            .await?
            .into_iter()
            .find(|code| r.names(code))
            .and_then(|code| ProcedureCode::parse(&code).ok())
            .map(Audience::Procedure),
    })
}

/// The audience is chosen: the preview, exactly as citizens will see it, then
/// the question whether to send it.
async fn choose(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: Option<&Tap<'_>>,
    notice: DraftNotice,
    audience: Audience,
) -> Result<Outcome, FlowError> {
    let lang = who.lang;
    let count = broadcasts::audience_size(tx, &audience).await?;
    if count == 0 {
        let none = ctx.i18n.t(lang, Key::AudienceNone);
        return Ok(match tap {
            Some(tap) => tap.toast(none),
            None => Outcome::say(who.chat_id, none),
        });
    }
    let label = broadcast_words::audience_label(tx, &ctx.i18n, lang, &audience).await?;
    let preview = Reply::Notice {
        chat_id: who.chat_id,
        html: broadcast_words::compose(&ctx.i18n, &notice.html, lang),
        photo_file_id: notice.photo_file_id.clone(),
    };
    Step::BroadcastDraft {
        draft: Draft::Confirm { notice, audience },
    }
    .save(tx, who.chat_id)
    .await?;
    let mut replies = Vec::new();
    if let Some(tap) = tap {
        let to = ctx.i18n.t_args(
            lang,
            Key::BroadcastTo,
            &[("audience", label.clone().into())],
        );
        replies.push(tap.replace_message(to, Keyboard::default()));
    }
    replies.push(preview);
    let send = Button {
        label: ctx
            .i18n
            .t_args(lang, Key::BroadcastSendButton, &[("count", count.into())]),
        callback: Callback::Broadcast(BroadcastTap::Send),
    };
    replies.push(Reply::Send {
        chat_id: who.chat_id,
        text: [
            ctx.i18n.t_args(
                lang,
                Key::BroadcastConfirm,
                &[("audience", label.into()), ("count", count.into())],
            ),
            broadcast_words::estimate_text(
                &ctx.i18n,
                lang,
                ctx.broadcast_pace,
                u64::try_from(count).unwrap_or(0),
            ),
        ]
        .join("\n"),
        keyboard: Keyboard(vec![vec![
            send,
            button(ctx, lang, Key::ButtonCancel, BroadcastTap::Cancel),
        ]]),
    });
    Ok(Outcome {
        replies,
        button_answer: tap.map(|t| t.answer(None)),
        menus: Vec::new(),
    })
}

/// A tap in the dialogue, against the draft's stage: an old menu's button
/// changes nothing.
pub(super) async fn on_button(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    draft: Draft,
    pressed: &BroadcastTap,
) -> Result<Outcome, FlowError> {
    let lang = who.lang;
    let menu = |(text, keyboard): (String, Keyboard)| tap.replace(text, keyboard);
    Ok(match (draft, pressed) {
        (_, BroadcastTap::Cancel) => {
            Step::Idle.save(tx, who.chat_id).await?;
            menu((
                ctx.i18n.t(lang, Key::BroadcastDraftCancelled),
                Keyboard::default(),
            ))
        }
        (Draft::Audience(_), BroadcastTap::Groups(grouping)) => {
            menu(groups_menu(tx, ctx, lang, *grouping).await?)
        }
        (Draft::Audience(_), BroadcastTap::Back) => menu(kinds_menu(tx, ctx, lang).await?),
        (Draft::Audience(notice), BroadcastTap::Choose(named)) => match resolve(tx, named).await? {
            Some(audience) => choose(tx, ctx, who, Some(tap), notice, audience).await?,
            None => tap.expired(ctx, lang),
        },
        (Draft::Confirm { notice, audience }, BroadcastTap::Send) => {
            send(tx, ctx, who, tap, notice, audience).await?
        }
        _ => tap.expired(ctx, lang),
    })
}

/// Makes the broadcast; the question becomes its progress message.
async fn send(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    notice: DraftNotice,
    audience: Audience,
) -> Result<Outcome, FlowError> {
    let new = NewBroadcast {
        text_html: notice.html,
        photo_file_id: notice.photo_file_id,
        photo_bytes: None,
        audience,
        created_by: format!("tg:{}", who.user_id),
        idempotency_key: None,
        progress_chat_id: Some(who.chat_id.0),
        progress_message_id: tap.message_id.map(|m| m.0),
    };
    let (id, recipients) = broadcasts::create(tx, &new).await?;
    Step::Idle.save(tx, who.chat_id).await?;
    let tally = broadcasts::tally(tx, id).await?;
    tracing::info!(broadcast = id, recipients, "broadcast queued from the chat");
    let progress = broadcast_words::progress_text(&ctx.i18n, who.lang, id, &tally, None);
    Ok(tap.replace(progress, Keyboard::default()))
}

/// `/cancel` stops the draft being composed; `/cancel ID` stops a broadcast.
pub(super) async fn on_cancel(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    role: &Role,
    step: &Step,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    if let Some(refused) = not_admin(ctx, who, role) {
        return Ok(refused);
    }
    let say = |key: Key, id: i64| {
        Outcome::say(
            who.chat_id,
            ctx.i18n.t_args(who.lang, key, &[("id", id.into())]),
        )
    };
    let Some(argument) = argument else {
        let key = if matches!(step, Step::BroadcastDraft { .. }) {
            Step::Idle.save(tx, who.chat_id).await?;
            Key::BroadcastDraftCancelled
        } else {
            Key::BroadcastCancelUsage
        };
        return Ok(Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key)));
    };
    let Ok(id) = argument.trim_start_matches('#').parse::<i64>() else {
        return Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t(who.lang, Key::BroadcastCancelUsage),
        ));
    };
    Ok(if broadcasts::cancel(tx, id).await? {
        tracing::info!(broadcast = id, "broadcast cancelled from the chat");
        say(Key::BroadcastCancelDone, id)
    } else {
        say(Key::BroadcastCancelNotRunning, id)
    })
}

pub(super) async fn on_list(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    role: &Role,
) -> Result<Outcome, FlowError> {
    if let Some(refused) = not_admin(ctx, who, role) {
        return Ok(refused);
    }
    let recent = broadcasts::recent(tx, 10).await?;
    Ok(Outcome::say(
        who.chat_id,
        broadcast_words::list_text(&ctx.i18n, who.lang, &recent),
    ))
}
