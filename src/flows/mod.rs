//! What to answer and which step comes next, in plain Rust: no Telegram types,
//! so that a second channel (a Zalo Official Account) can reuse every flow.

pub mod actions;
pub mod broadcast;
pub mod broadcast_words;
pub mod card;
mod commands;
mod language;
mod lookup;
mod notices;
pub mod notifications;
pub mod rate_limit;
mod staff;
mod start;
pub mod survey;

use std::sync::Arc;

use crate::configuration::SurveySettings;
use crate::domain::notice::escape_html;
use crate::domain::{DossierCode, Language, Role, Roles};
use crate::i18n::{I18n, Key};
use crate::ingest::feed;
use crate::ingest::status_source::{Pulled, StatusSource};
use crate::links::Signer;
use crate::store::broadcasts::DraftStep;
use crate::store::dossiers::Source;
use crate::store::{self, Store, StoreError, catalog, citizens, dossiers};
pub use actions::Action;
use commands::Command;
use rate_limit::RateLimiter;

/// What the flows need besides the database.
#[derive(Debug, Clone)]
pub struct Context {
    pub i18n: Arc<I18n>,
    pub province: String,
    /// The bot's username without `@`, to tell commands and mentions meant for it.
    pub bot_username: String,
    /// Signs deep links and the buttons that act on a dossier.
    pub signer: Signer,
    pub limiter: Arc<RateLimiter>,
    /// The provincial system asked about codes not stored here, if any.
    pub status_source: Option<Arc<StatusSource>>,
    pub survey: SurveySettings,
    pub roles: Arc<Roles>,
}

/// Who is being answered, where, and in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who {
    pub user_id: i64,
    pub chat_id: i64,
    pub lang: Language,
}

/// One thing a person did, as any chat channel can describe it.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// Unique per channel and delivery, e.g. `tg:1234`: a replay carries the same key.
    pub key: String,
    pub chat: Chat,
    pub sender: Option<Sender>,
    pub event: Event,
    /// The text with its formatting as Telegram HTML, when the channel has
    /// formatting: an admin's notice keeps its bold and links.
    pub html: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chat {
    pub id: i64,
    pub private: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub id: i64,
    /// The language the person's app is set to, as the channel reports it.
    pub client_language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Text(String),
    /// A message changed after it was sent.
    Edited,
    /// A photo, by the channel's id for it, with its caption as HTML.
    Photo {
        file_id: String,
        caption_html: String,
    },
    /// A sticker, voice note or any other message without text.
    Media,
    /// A tap on one of the bot's buttons.
    Button {
        query_id: String,
        message_id: Option<i64>,
        data: String,
    },
    /// Something addressed to nobody in particular (a channel post, a member joining).
    Other,
}

/// What the bot does in answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub replies: Vec<Reply>,
    /// Every button tap is acknowledged, with a short notice or silently.
    pub button_answer: Option<ButtonAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonAnswer {
    pub query_id: String,
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Send {
        chat_id: i64,
        text: String,
        keyboard: Keyboard,
    },
    Edit {
        chat_id: i64,
        message_id: i64,
        text: String,
        keyboard: Keyboard,
    },
    /// A broadcast's notice, in Telegram HTML, with its photo if it has one:
    /// the preview an admin sees before sending.
    Notice {
        chat_id: i64,
        html: String,
        photo_file_id: Option<String>,
    },
    /// The `/stats` chart, drawn by the channel after the transaction ends.
    Chart {
        chat_id: i64,
        caption: String,
        month_title: String,
        months: Vec<crate::chart::Point>,
        agency_title: String,
        agencies: Vec<crate::chart::Point>,
    },
}

/// Rows of buttons under a message; empty means none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyboard(pub Vec<Vec<Button>>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub action: Action,
}

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
}

#[derive(Debug, PartialEq)]
pub enum Processed {
    Answered(Outcome),
    /// The same delivery came before: nothing changed, nothing to send.
    Duplicate,
}

/// Answers one incoming event: the answer and every state it moves are written
/// in one transaction, and a replayed delivery changes nothing.
pub async fn process(
    store: &Store,
    ctx: &Context,
    incoming: &Incoming,
) -> Result<Processed, FlowError> {
    let check = prepare_lookup(store, ctx, incoming).await?;
    let mut tx = store.begin_write().await?;
    if !store::updates::claim_update(&mut tx, &incoming.key).await? {
        tx.commit().await?;
        return Ok(Processed::Duplicate);
    }
    let outcome = route(&mut tx, ctx, incoming, check).await?;
    tx.commit().await?;
    Ok(Processed::Answered(outcome))
}

/// What was settled about a look-up before the write transaction began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupCheck {
    pub code: DossierCode,
    /// Within the user's look-ups per minute.
    pub allowed: bool,
    /// Not stored here, and the status source could not be asked.
    pub remote_unavailable: bool,
}

/// The dossier a private text asks about, if any: a deep link, `/status CODE`,
/// or a code on its own.
fn wanted_code(ctx: &Context, text: &str) -> Option<DossierCode> {
    match commands::parse(text, &ctx.bot_username) {
        Some(Command::Start(Some(payload))) => ctx.signer.open_payload(&payload).ok(),
        Some(Command::Status(Some(raw)) | Command::Rate(Some(raw))) => {
            DossierCode::parse(&raw).ok()
        }
        None if commands::looks_like_code(text) => DossierCode::parse(text).ok(),
        _ => None,
    }
}

/// Counts a look-up against the user's limit and, for a code not stored here,
/// asks the status source, all before taking the write lock: a slow provincial
/// system must never hold up every other conversation.
async fn prepare_lookup(
    store: &Store,
    ctx: &Context,
    incoming: &Incoming,
) -> Result<Option<LookupCheck>, FlowError> {
    let (Some(sender), Event::Text(text), true) =
        (&incoming.sender, &incoming.event, incoming.chat.private)
    else {
        return Ok(None);
    };
    let Some(code) = wanted_code(ctx, text) else {
        return Ok(None);
    };
    // Text typed while the survey waits for a comment is the comment, however it looks.
    let plain = commands::parse(text, &ctx.bot_username).is_none();
    if plain && store::survey::awaits_comment(&mut *store.read().await?, incoming.chat.id).await? {
        return Ok(None);
    }
    // Nor is an admin's notice or typed audience, however it looks.
    if plain
        && ctx.roles.role_of(sender.id) == Role::Admin
        && store::broadcasts::draft(&mut *store.read().await?, sender.id)
            .await?
            .is_some()
    {
        return Ok(None);
    }
    let allowed = ctx.limiter.allow(sender.id);
    let mut remote_unavailable = false;
    if let (true, Some(source)) = (allowed, &ctx.status_source) {
        let known = dossiers::stored_dossier(&mut *store.read().await?, &code)
            .await?
            .is_some();
        if !known {
            match source.fetch(&code).await {
                Pulled::Found(remote) => {
                    let mut tx = store.begin_write().await?;
                    catalog::add_procedure_if_missing(
                        &mut tx,
                        &remote.record.procedure,
                        &remote.procedure_names(),
                    )
                    .await?;
                    catalog::add_agency_if_missing(
                        &mut tx,
                        &remote.record.agency,
                        &remote.agency_names(),
                    )
                    .await?;
                    feed::write_record(&mut tx, &remote.record, Source::Pull, chrono::Utc::now())
                        .await?;
                    tx.commit().await?;
                }
                Pulled::NotFound => {}
                Pulled::Unavailable => remote_unavailable = true,
            }
        }
    }
    Ok(Some(LookupCheck {
        code,
        allowed,
        remote_unavailable,
    }))
}

async fn route(
    tx: &mut store::WriteTx,
    ctx: &Context,
    incoming: &Incoming,
    check: Option<LookupCheck>,
) -> Result<Outcome, FlowError> {
    let chat = incoming.chat;
    let Some(sender) = &incoming.sender else {
        return Ok(Outcome::default());
    };
    if !chat.private {
        return Ok(in_group(ctx, chat, sender, &incoming.event));
    }
    let citizen = citizens::touch_citizen(tx, sender.id, sender.client_language.as_deref()).await?;
    let who = Who {
        user_id: sender.id,
        chat_id: chat.id,
        lang: citizen.language,
    };
    let say = |key: Key| Outcome::say(chat.id, ctx.i18n.t(who.lang, key));
    let command = match &incoming.event {
        Event::Text(text) => commands::parse(text, &ctx.bot_username),
        _ => None,
    };
    if command.is_none()
        && let Some(draft) = broadcast::draft_of(tx, ctx, who).await?
    {
        match (draft.step, &incoming.event) {
            (DraftStep::Message, Event::Text(text)) => {
                // A channel without formatting gives plain text: shown as typed.
                let html = match &incoming.html {
                    Some(html) => html.clone(),
                    None => escape_html(text),
                };
                return broadcast::on_notice(tx, ctx, who, &html, None).await;
            }
            (
                DraftStep::Message,
                Event::Photo {
                    file_id,
                    caption_html,
                },
            ) => return broadcast::on_notice(tx, ctx, who, caption_html, Some(file_id)).await,
            (DraftStep::Audience, Event::Text(text)) => {
                return broadcast::on_typed_audience(tx, ctx, who, draft, text).await;
            }
            _ => {}
        }
    }
    Ok(match &incoming.event {
        Event::Text(text) if command.is_none() && survey_waits(tx, who).await? => {
            survey::on_text(tx, ctx, who, text)
                .await?
                .unwrap_or_default()
        }
        Event::Text(text) => match command {
            Some(Command::Start(None)) => start::on_start(ctx, chat.id, who.lang),
            Some(Command::Start(Some(payload))) => match ctx.signer.open_payload(&payload) {
                Ok(code) => lookup::on_link(tx, ctx, who, &code, check.as_ref()).await?,
                Err(_) => say(Key::LinkInvalid),
            },
            Some(Command::Help) if ctx.roles.role_of(who.user_id) == Role::Admin => {
                let help = [Key::Help, Key::HelpAdmin].map(|key| ctx.i18n.t(who.lang, key));
                Outcome::say(chat.id, help.join("\n\n"))
            }
            Some(Command::Help) => say(Key::Help),
            Some(Command::Language) => language::on_language(ctx, chat.id, who.lang),
            Some(Command::Status(None)) => lookup::usage(ctx, who),
            Some(Command::Status(Some(code))) => {
                lookup::on_typed(tx, ctx, who, &code, check.as_ref()).await?
            }
            Some(Command::Rate(code)) => {
                survey::on_rate_command(tx, ctx, who, code.as_deref(), check.as_ref()).await?
            }
            Some(Command::Stats(period)) => {
                staff::on_stats(tx, ctx, who, period.as_deref()).await?
            }
            Some(Command::Comments) => staff::on_comments(tx, ctx, who).await?,
            Some(Command::Notices(argument)) => {
                notices::on_notices(tx, ctx, who, argument.as_deref()).await?
            }
            Some(Command::Broadcast) => broadcast::on_command(tx, ctx, who).await?,
            Some(Command::Broadcasts) => broadcast::on_list(tx, ctx, who).await?,
            Some(Command::Cancel(argument)) => {
                broadcast::on_cancel(tx, ctx, who, argument.as_deref()).await?
            }
            Some(Command::Unknown) => say(Key::UnknownCommand),
            None if commands::looks_like_code(text) => {
                lookup::on_typed(tx, ctx, who, text, check.as_ref()).await?
            }
            None => say(Key::NotUnderstood),
        },
        Event::Edited => say(Key::EditedUnsupported),
        Event::Media | Event::Photo { .. } => say(Key::MediaUnsupported),
        Event::Button {
            query_id,
            message_id,
            data,
        } => {
            let tap = Tap {
                query_id,
                chat_id: chat.id,
                message_id: *message_id,
            };
            match Action::parse(data) {
                Some(Action::SetLanguage(chosen)) => {
                    language::on_choice(tx, ctx, sender.id, &tap, chosen).await?
                }
                Some(Action::Follow(tagged)) => {
                    lookup::on_follow_button(tx, ctx, who, &tap, &tagged, true).await?
                }
                Some(Action::Unfollow(tagged)) => {
                    lookup::on_follow_button(tx, ctx, who, &tap, &tagged, false).await?
                }
                Some(Action::Rate(tagged)) => survey::on_level(tx, ctx, who, &tap, &tagged).await?,
                Some(Action::Answer(tagged)) => {
                    survey::on_answer(tx, ctx, who, &tap, &tagged).await?
                }
                Some(Action::Broadcast(step)) => {
                    broadcast::on_button(tx, ctx, who, &tap, step).await?
                }
                None => tap.expired(ctx, who.lang),
            }
        }
        Event::Other => Outcome::default(),
    })
}

/// Whether the survey in this chat waits for a typed comment.
async fn survey_waits(tx: &mut store::WriteTx, who: Who) -> Result<bool, FlowError> {
    Ok(store::survey::awaits_comment(tx, who.chat_id).await?)
}

/// In a group the bot speaks only when spoken to, and then only to invite a
/// private chat: dossiers are nobody else's business.
fn in_group(ctx: &Context, chat: Chat, sender: &Sender, event: &Event) -> Outcome {
    let lang = Language::from_client(sender.client_language.as_deref());
    match event {
        Event::Text(text) if commands::addresses_bot(text, &ctx.bot_username) => Outcome::say(
            chat.id,
            ctx.i18n.t_args(
                lang,
                Key::GroupPrivateOnly,
                &[("bot", ctx.bot_username.clone().into())],
            ),
        ),
        Event::Button {
            query_id,
            message_id,
            ..
        } => Tap {
            query_id,
            chat_id: chat.id,
            message_id: *message_id,
        }
        .expired(ctx, lang),
        _ => Outcome::default(),
    }
}

/// A button tap being answered.
struct Tap<'a> {
    query_id: &'a str,
    chat_id: i64,
    message_id: Option<i64>,
}

impl Tap<'_> {
    fn answer(&self, notice: Option<String>) -> ButtonAnswer {
        ButtonAnswer {
            query_id: self.query_id.to_owned(),
            notice,
        }
    }

    /// Replaces the message the button was under, or sends a new one when
    /// the channel did not say which message that was.
    fn replace_message(&self, text: String, keyboard: Keyboard) -> Reply {
        match self.message_id {
            Some(message_id) => Reply::Edit {
                chat_id: self.chat_id,
                message_id,
                text,
                keyboard,
            },
            None => Reply::Send {
                chat_id: self.chat_id,
                text,
                keyboard,
            },
        }
    }

    /// A button from an old message, or data the bot never made: say so, change nothing.
    fn expired(&self, ctx: &Context, lang: Language) -> Outcome {
        Outcome {
            replies: Vec::new(),
            button_answer: Some(self.answer(Some(ctx.i18n.t(lang, Key::ButtonExpired)))),
        }
    }
}

impl Outcome {
    pub fn say(chat_id: i64, text: String) -> Self {
        Self::send(chat_id, text, Keyboard::default())
    }

    pub fn send(chat_id: i64, text: String, keyboard: Keyboard) -> Self {
        Self {
            replies: vec![Reply::Send {
                chat_id,
                text,
                keyboard,
            }],
            button_answer: None,
        }
    }
}
