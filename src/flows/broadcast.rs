//! An admin's broadcast in the chat: `/broadcast` → the notice (text or one
//! photo) → the audience, with how many each choice reaches → a preview as
//! citizens will see it → Send or Cancel. Also `/broadcasts` and `/cancel`.

use super::{Action, Button, Context, FlowError, Keyboard, Outcome, Reply, Tap, Who};
use crate::domain::notice::NoticeError;
use crate::domain::units;
use crate::domain::{Audience, Language, Role};
use crate::flows::broadcast_words::{self, Format};
use crate::i18n::Key;
use crate::store::WriteTx;
use crate::store::broadcasts::{self, Draft, DraftStep, Grouping, NewBroadcast};
use crate::store::catalog::{self, Listed};

/// Groups offered as buttons under one kind; others can be typed.
const GROUPS_SHOWN: i64 = 20;
const LABEL_CHARS: usize = 48;

/// What a button in the broadcast dialogue does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Show the groups of one kind.
    Groups(Grouping),
    Choose(Audience),
    /// Back to the kinds of audience.
    Back,
    Send,
    Cancel,
}

impl Step {
    pub fn encode(&self) -> String {
        match self {
            Self::Groups(grouping) => format!("b:g:{}", grouping_code(*grouping)),
            Self::Choose(audience) => format!("b:a:{audience}"),
            Self::Back => "b:back".into(),
            Self::Send => "b:send".into(),
            Self::Cancel => "b:cancel".into(),
        }
    }

    pub fn parse(data: &str) -> Option<Self> {
        let rest = data.strip_prefix("b:")?;
        Some(match rest {
            "back" => Self::Back,
            "send" => Self::Send,
            "cancel" => Self::Cancel,
            _ => match rest.split_once(':')? {
                ("g", kind) => Self::Groups(match kind {
                    "d" => Grouping::District,
                    "a" => Grouping::Agency,
                    "p" => Grouping::Procedure,
                    "l" => Grouping::Language,
                    _ => return None,
                }),
                ("a", audience) => Self::Choose(Audience::parse(audience).ok()?),
                _ => return None,
            },
        })
    }
}

fn grouping_code(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::District => "d",
        Grouping::Agency => "a",
        Grouping::Procedure => "p",
        Grouping::Language => "l",
    }
}

fn is_admin(ctx: &Context, who: Who) -> bool {
    ctx.roles.role_of(who.user_id) == Role::Admin
}

fn admins_only(ctx: &Context, who: Who) -> Outcome {
    Outcome::say(who.chat_id, ctx.i18n.t(who.lang, Key::AdminOnly))
}

fn button(ctx: &Context, lang: Language, key: Key, step: Step) -> Button {
    Button {
        label: ctx.i18n.t(lang, key),
        action: Action::Broadcast(step),
    }
}

/// The draft an admin's next message or tap belongs to, if any.
pub(super) async fn draft_of(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
) -> Result<Option<Draft>, FlowError> {
    if !is_admin(ctx, who) {
        return Ok(None);
    }
    Ok(broadcasts::draft(tx, who.user_id).await?)
}

pub(super) async fn on_command(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
) -> Result<Outcome, FlowError> {
    if !is_admin(ctx, who) {
        return Ok(admins_only(ctx, who));
    }
    let draft = Draft {
        step: DraftStep::Message,
        text_html: None,
        photo_file_id: None,
        audience: None,
    };
    broadcasts::save_draft(tx, who.user_id, &draft).await?;
    Ok(Outcome::say(
        who.chat_id,
        ctx.i18n.t(who.lang, Key::BroadcastAsk),
    ))
}

/// The notice itself, as Telegram HTML, with the photo's file id if it is one.
pub(super) async fn on_notice(
    tx: &mut WriteTx,
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
    let draft = Draft {
        step: DraftStep::Audience,
        text_html: Some(text_html),
        photo_file_id: photo.map(str::to_owned),
        audience: None,
    };
    broadcasts::save_draft(tx, who.user_id, &draft).await?;
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
    tx: &mut WriteTx,
    ctx: &Context,
    lang: Language,
) -> Result<(String, Keyboard), FlowError> {
    let everyone = broadcasts::audience_size(tx, &Audience::All).await?;
    let all = Button {
        label: ctx
            .i18n
            .t_args(lang, Key::AudienceAll, &[("count", everyone.into())]),
        action: Action::Broadcast(Step::Choose(Audience::All)),
    };
    let keyboard = Keyboard(vec![
        vec![all],
        vec![
            button(
                ctx,
                lang,
                Key::AudienceByDistrict,
                Step::Groups(Grouping::District),
            ),
            button(
                ctx,
                lang,
                Key::AudienceByAgency,
                Step::Groups(Grouping::Agency),
            ),
        ],
        vec![
            button(
                ctx,
                lang,
                Key::AudienceByProcedure,
                Step::Groups(Grouping::Procedure),
            ),
            button(
                ctx,
                lang,
                Key::AudienceByLanguage,
                Step::Groups(Grouping::Language),
            ),
        ],
        vec![button(ctx, lang, Key::ButtonCancel, Step::Cancel)],
    ]);
    Ok((ctx.i18n.t(lang, Key::BroadcastChooseAudience), keyboard))
}

/// The groups of one kind as buttons, each with how many it reaches.
async fn groups_menu(
    tx: &mut WriteTx,
    ctx: &Context,
    lang: Language,
    grouping: Grouping,
) -> Result<(String, Keyboard), FlowError> {
    let groups = broadcasts::audience_groups(tx, grouping, GROUPS_SHOWN).await?;
    let mut rows = Vec::new();
    for (code, count) in groups {
        let (audience, name) = match grouping {
            Grouping::District => (
                Audience::parse(&format!("district:{code}")),
                units::district_name(&code).map(str::to_owned),
            ),
            Grouping::Agency => (
                Audience::parse(&format!("agency:{code}")),
                catalog::name_of(tx, Listed::Agency, &code, lang).await?,
            ),
            Grouping::Procedure => (
                Audience::parse(&format!("procedure:{code}")),
                catalog::name_of(tx, Listed::Procedure, &code, lang).await?,
            ),
            Grouping::Language => (
                Audience::parse(&format!("lang:{code}")),
                Language::parse(&code).ok().map(|l| l.endonym().to_owned()),
            ),
        };
        let Ok(audience) = audience else { continue };
        let action = Action::Broadcast(Step::Choose(audience));
        // Telegram carries at most 64 bytes per button; longer codes are typed.
        if action.encode().len() > 64 {
            continue;
        }
        let name: String = name
            .unwrap_or_else(|| code.clone())
            .chars()
            .take(LABEL_CHARS)
            .collect();
        rows.push(vec![Button {
            label: format!("{name} ({count})"),
            action,
        }]);
    }
    let text = if rows.is_empty() {
        ctx.i18n.t(lang, Key::AudienceNone)
    } else {
        ctx.i18n.t(lang, Key::BroadcastPickGroup)
    };
    rows.push(vec![
        button(ctx, lang, Key::ButtonBack, Step::Back),
        button(ctx, lang, Key::ButtonCancel, Step::Cancel),
    ]);
    Ok((text, Keyboard(rows)))
}

/// An audience typed instead of tapped, e.g. `procedure:1.004227`.
pub(super) async fn on_typed_audience(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    draft: Draft,
    typed: &str,
) -> Result<Outcome, FlowError> {
    match Audience::parse(typed) {
        Ok(audience) => choose(tx, ctx, who, None, draft, audience).await,
        Err(_) => Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t(who.lang, Key::BroadcastAudienceUnknown),
        )),
    }
}

/// The audience is chosen: the preview, exactly as citizens will see it, then
/// the question whether to send it.
async fn choose(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    tap: Option<&Tap<'_>>,
    draft: Draft,
    audience: Audience,
) -> Result<Outcome, FlowError> {
    let lang = who.lang;
    let count = broadcasts::audience_size(tx, &audience).await?;
    if count == 0 {
        let none = ctx.i18n.t(lang, Key::AudienceNone);
        return Ok(match tap {
            Some(tap) => Outcome {
                replies: Vec::new(),
                button_answer: Some(tap.answer(Some(none))),
            },
            None => Outcome::say(who.chat_id, none),
        });
    }
    let label = broadcast_words::audience_label(tx, &ctx.i18n, lang, &audience).await?;
    let text_html = draft.text_html.clone().unwrap_or_default();
    let chosen = Draft {
        step: DraftStep::Confirm,
        audience: Some(audience.to_string()),
        ..draft
    };
    broadcasts::save_draft(tx, who.user_id, &chosen).await?;
    let mut replies = Vec::new();
    if let Some(tap) = tap {
        let to = ctx.i18n.t_args(
            lang,
            Key::BroadcastTo,
            &[("audience", label.clone().into())],
        );
        replies.push(tap.replace_message(to, Keyboard::default()));
    }
    replies.push(Reply::Notice {
        chat_id: who.chat_id,
        html: broadcast_words::compose(&ctx.i18n, &text_html, lang),
        photo_file_id: chosen.photo_file_id.clone(),
    });
    let send = Button {
        label: ctx
            .i18n
            .t_args(lang, Key::BroadcastSendButton, &[("count", count.into())]),
        action: Action::Broadcast(Step::Send),
    };
    replies.push(Reply::Send {
        chat_id: who.chat_id,
        text: ctx.i18n.t_args(
            lang,
            Key::BroadcastConfirm,
            &[("audience", label.into()), ("count", count.into())],
        ),
        keyboard: Keyboard(vec![vec![
            send,
            button(ctx, lang, Key::ButtonCancel, Step::Cancel),
        ]]),
    });
    Ok(Outcome {
        replies,
        button_answer: tap.map(|t| t.answer(None)),
    })
}

pub(super) async fn on_button(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    step: Step,
) -> Result<Outcome, FlowError> {
    let Some(draft) = draft_of(tx, ctx, who).await? else {
        return Ok(tap.expired(ctx, who.lang));
    };
    let lang = who.lang;
    let menu = |(text, keyboard): (String, Keyboard)| Outcome {
        replies: vec![tap.replace_message(text, keyboard)],
        button_answer: Some(tap.answer(None)),
    };
    Ok(match (draft.step, step) {
        (_, Step::Cancel) => {
            broadcasts::drop_draft(tx, who.user_id).await?;
            menu((
                ctx.i18n.t(lang, Key::BroadcastDraftCancelled),
                Keyboard::default(),
            ))
        }
        (DraftStep::Audience, Step::Groups(grouping)) => {
            menu(groups_menu(tx, ctx, lang, grouping).await?)
        }
        (DraftStep::Audience, Step::Back) => menu(kinds_menu(tx, ctx, lang).await?),
        (DraftStep::Audience, Step::Choose(audience)) => {
            choose(tx, ctx, who, Some(tap), draft, audience).await?
        }
        (DraftStep::Confirm, Step::Send) => send(tx, ctx, who, tap, draft).await?,
        _ => tap.expired(ctx, lang),
    })
}

/// Makes the broadcast; the question becomes its progress message.
async fn send(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    draft: Draft,
) -> Result<Outcome, FlowError> {
    let Some(audience) = draft
        .audience
        .as_deref()
        .and_then(|a| Audience::parse(a).ok())
    else {
        return Ok(tap.expired(ctx, who.lang));
    };
    let new = NewBroadcast {
        text_html: draft.text_html.unwrap_or_default(),
        photo_file_id: draft.photo_file_id,
        photo_bytes: None,
        audience,
        created_by: format!("tg:{}", who.user_id),
        idempotency_key: None,
        progress_chat_id: Some(who.chat_id),
        progress_message_id: tap.message_id,
    };
    let (id, recipients) = broadcasts::create(tx, &new).await?;
    broadcasts::drop_draft(tx, who.user_id).await?;
    let tally = broadcasts::tally(tx, id).await?;
    tracing::info!(broadcast = id, recipients, "broadcast queued from the chat");
    let progress = broadcast_words::progress_text(&ctx.i18n, who.lang, id, &tally, None);
    Ok(Outcome {
        replies: vec![tap.replace_message(progress, Keyboard::default())],
        button_answer: Some(tap.answer(None)),
    })
}

/// `/cancel` stops the draft being composed; `/cancel ID` stops a broadcast.
pub(super) async fn on_cancel(
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    if !is_admin(ctx, who) {
        return Ok(admins_only(ctx, who));
    }
    let say = |key: Key, id: i64| {
        Outcome::say(
            who.chat_id,
            ctx.i18n.t_args(who.lang, key, &[("id", id.into())]),
        )
    };
    let Some(argument) = argument else {
        let key = if broadcasts::drop_draft(tx, who.user_id).await? {
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
    tx: &mut WriteTx,
    ctx: &Context,
    who: Who,
) -> Result<Outcome, FlowError> {
    if !is_admin(ctx, who) {
        return Ok(admins_only(ctx, who));
    }
    let recent = broadcasts::recent(tx, 10).await?;
    Ok(Outcome::say(
        who.chat_id,
        broadcast_words::list_text(&ctx.i18n, who.lang, &recent),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_round_trips() {
        for step in [
            Step::Groups(Grouping::District),
            Step::Groups(Grouping::Agency),
            Step::Groups(Grouping::Procedure),
            Step::Groups(Grouping::Language),
            Step::Choose(Audience::All),
            Step::Choose(Audience::parse("agency:000.00.32.H12").unwrap()),
            Step::Choose(Audience::parse("lang:km").unwrap()),
            Step::Back,
            Step::Send,
            Step::Cancel,
        ] {
            let data = step.encode();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Step::parse(&data), Some(step));
        }
        for garbage in ["b:", "b:g:x", "b:a:town:1", "b:sendx", "x:send"] {
            assert_eq!(Step::parse(garbage), None, "{garbage}");
        }
    }
}
