//! `/mydata`: what is kept about the citizen; `/forget`: erasing it, after a
//! confirmation that says which open cases will be withdrawn first.

use chrono::Utc;

use super::card::format_date;
use super::cases::state_key;
use super::survey::level_key;
use super::{Button, Callback, Context, FlowError, Keyboard, Outcome, Tap, Who};
use crate::domain::Level;
use crate::i18n::Key;
use crate::store::{AnswerTx, citizen_data};

pub async fn on_mydata(tx: &mut AnswerTx, ctx: &Context, who: Who) -> Result<Outcome, FlowError> {
    let kept = citizen_data::kept(tx, who.user_id).await?;
    let t = |key| ctx.i18n.t(who.lang, key);
    let none = t(Key::MydataNone);
    let mut lines = vec![t(Key::MydataTitle)];
    lines.push(
        ctx.i18n.t_args(
            who.lang,
            Key::MydataLanguage,
            &[(
                "language",
                kept.language
                    .map_or_else(|| t(Key::MydataLanguageAuto), |l| l.endonym().to_owned())
                    .into(),
            )],
        ),
    );
    if let Some(first) = kept.first_seen {
        lines.push(ctx.i18n.t_args(
            who.lang,
            Key::MydataFirstSeen,
            &[(
                "date",
                format_date(crate::domain::moment::local_date(first)).into(),
            )],
        ));
    }
    lines.push(t(if kept.notices_off {
        Key::NoticesAreOff
    } else {
        Key::NoticesAreOn
    }));
    let section = |key: Key, items: Vec<String>| {
        let mut out =
            vec![
                ctx.i18n
                    .t_args(who.lang, key, &[("count", (items.len() as i64).into())]),
            ];
        if items.is_empty() {
            out.push(format!("  {none}"));
        }
        out.extend(items.into_iter().map(|item| format!("  • {item}")));
        out.join("\n")
    };
    lines.push(section(
        Key::MydataFollows,
        kept.follows
            .iter()
            .map(|(code, status)| format!("{} — {}", code.as_str(), t(Key::status(*status))))
            .collect(),
    ));
    lines.push(section(
        Key::MydataResponses,
        kept.responses
            .iter()
            .map(|r| {
                let level = Level::from_key(&r.overall)
                    .map_or_else(|| r.overall.clone(), |l| t(level_key(l)));
                let mut item = format!("{} — {level} — {}", r.code.as_str(), format_date(r.day));
                if let Some(comment) = &r.comment {
                    item.push_str(&format!(" — “{comment}”"));
                }
                item
            })
            .collect(),
    ));
    lines.push(section(
        Key::MydataCases,
        kept.cases
            .iter()
            .map(|(number, state)| format!("{number} — {}", t(state_key(*state))))
            .collect(),
    ));
    lines.push(t(Key::MydataFooter));
    // Five long comments are more than one message holds.
    Ok(Outcome::say_at_length(who.chat_id, &lines.join("\n\n")))
}

/// Asks before erasing, naming the open cases that would be withdrawn.
pub async fn on_forget(tx: &mut AnswerTx, ctx: &Context, who: Who) -> Result<Outcome, FlowError> {
    let open = citizen_data::open_cases(tx, who.chat_id).await?;
    let mut text = ctx.i18n.t(who.lang, Key::ForgetAsk);
    if !open.is_empty() {
        text.push_str("\n\n");
        text.push_str(&ctx.i18n.t_args(
            who.lang,
            Key::ForgetOpenCases,
            &[("count", (open.len() as i64).into())],
        ));
    }
    let keyboard = Keyboard(vec![vec![
        Button {
            label: ctx.i18n.t(who.lang, Key::ForgetConfirmButton),
            callback: Callback::Forget,
        },
        Button {
            label: ctx.i18n.t(who.lang, Key::ForgetKeepButton),
            callback: Callback::KeepData,
        },
    ]]);
    Ok(Outcome::send(who.chat_id, text, keyboard))
}

/// Erases the citizen, in the answer's transaction: a second tap finds
/// nothing left and says so the same way.
pub async fn on_confirm(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
) -> Result<Outcome, FlowError> {
    let withdrawn = citizen_data::forget(tx, who.chat_id, Utc::now()).await?;
    tracing::info!(withdrawn = withdrawn.len(), "a citizen's data was erased");
    let text = ctx.i18n.t(who.lang, Key::ForgetDone);
    Ok(tap.replace(text, Keyboard::default()))
}

pub fn on_keep(ctx: &Context, who: Who, tap: &Tap<'_>) -> Outcome {
    let text = ctx.i18n.t(who.lang, Key::ForgetKept);
    tap.replace(text, Keyboard::default())
}
