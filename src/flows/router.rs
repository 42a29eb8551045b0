//! Answers one incoming event: claims the delivery, reads the chat's step,
//! and matches (step, event) to the flow that answers it. The answer and
//! every state it moves are written in one transaction (a savepoint,
//! committed with the answers beside it: [`crate::store::AnswerTx`]), and a
//! replayed delivery changes nothing.

use super::callback::{Callback, CaseVerb, FeedbackTap};
use super::cases::{self, Staffer};
use super::commands::{self, Command, Menu};
use super::step::{Draft, DraftNotice, Step};
use super::{
    Context, Event, FlowError, Incoming, Outcome, Tap, broadcast, comments, feedback, language,
    lookup, notices, staff, start, survey,
};
use crate::domain::notice::escape_html;
use crate::domain::{DossierCode, Language, Role};
use crate::i18n::Key;
use crate::ingest::feed;
use crate::ingest::status_source::Pulled;
use crate::store::updates::Claim;
use crate::store::{self, AnswerTx, Kept, Store, citizens};

#[derive(Debug, PartialEq)]
pub enum Processed {
    Answered {
        outcome: Outcome,
    },
    /// The same delivery came before: nothing changed, nothing to send.
    Duplicate,
}

/// What the status source said about a code, asked outside the write lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub code: DossierCode,
    pub said: Said,
}

/// What the status source said of the code asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// It knew it; what it said is kept, unless an import or the ingest
    /// API has moved the dossier (`feed::keep_pulled`).
    Known,
    /// It does not know it.
    NotKnown,
    /// It could not be reached: "try later", not "no such dossier".
    Unavailable,
}

/// What an update needed done without holding the write lock, for the pass
/// that answers it.
#[derive(Debug, Default)]
struct Prepared {
    asked: Option<Asked>,
    workbook: Option<super::export::Workbook>,
}

/// Claims the delivery first, so that nothing (not even a look-up's charge)
/// happens twice for an update delivered twice. Returns once the answer is
/// committed (with its group: [`crate::store::AnswerTx`]); an answer whose
/// group was lost to another's failure is answered again.
pub async fn process(
    store: &Store,
    ctx: &Context,
    incoming: &Incoming,
) -> Result<Processed, FlowError> {
    let mut prepared = Prepared::default();
    loop {
        let mut tx = store.begin_answer().await?;
        let sender = incoming.sender.as_ref().map(|s| s.id);
        let claimed =
            store::updates::claim_update(&mut tx, &incoming.key, incoming.chat.id, sender).await?;
        let answered = match claimed {
            Some(claim) => route(&mut tx, ctx, incoming, claim, &prepared)
                .await
                .map(Some),
            None => Ok(None),
        };
        match answered {
            Ok(outcome) => match tx.commit().await? {
                Kept::Committed => {
                    return Ok(outcome.map_or(Processed::Duplicate, |outcome| {
                        Processed::Answered { outcome }
                    }));
                }
                Kept::Lost => tracing::info!("the answer's group was rolled back; answering again"),
            },
            // Asked once at most: the second pass sees the answer.
            Err(FlowError::AskStatusSource(code)) if prepared.asked.is_none() => {
                tx.rollback().await?;
                prepared.asked = Some(ask_status_source(store, ctx, code).await?);
            }
            Err(FlowError::BuildExport(selection)) if prepared.workbook.is_none() => {
                tx.rollback().await?;
                prepared.workbook = Some(super::export::build(store, ctx, *selection).await?);
            }
            Err(error) => {
                // The flow's own error says more than a failed rollback's.
                if let Err(undoing) = tx.rollback().await {
                    tracing::warn!(error = %undoing, "a failed answer was undone with its group");
                }
                return Err(error);
            }
        }
    }
}

/// Asks the provincial system about a code and keeps what it knows; a slow
/// system never holds up other conversations, since no lock is held meanwhile.
async fn ask_status_source(
    store: &Store,
    ctx: &Context,
    code: DossierCode,
) -> Result<Asked, FlowError> {
    let Some(source) = &ctx.status_source else {
        return Ok(Asked {
            code,
            said: Said::NotKnown,
        });
    };
    let said = match source.fetch(&code).await {
        Pulled::Found(remote) => {
            let mut tx = store.begin_write().await?;
            feed::keep_pulled(&mut tx, &ctx.deadlines, &remote, chrono::Utc::now()).await?;
            tx.commit().await?;
            Said::Known
        }
        Pulled::NotFound => Said::NotKnown,
        Pulled::Unavailable => Said::Unavailable,
    };
    Ok(Asked { code, said })
}

async fn route(
    tx: &mut AnswerTx,
    ctx: &Context,
    incoming: &Incoming,
    claim: Claim<Step>,
    prepared: &Prepared,
) -> Result<Outcome, FlowError> {
    let chat = incoming.chat;
    let Some(sender) = &incoming.sender else {
        return Ok(Outcome::default());
    };
    // The role is read once an update, with its claim; every handler below is given it.
    let role = ctx.roles.resolve(sender.id, claim.granted);
    let step = claim.step;
    let client_language = sender.client_language.as_deref();
    if !chat.private {
        let staffer = Staffer {
            user: sender.id,
            chat: chat.id,
            lang: Language::from_client(client_language),
            role,
        };
        return in_group(tx, ctx, incoming, &staffer, step).await;
    }
    citizens::touch_citizen(tx, sender.id, client_language).await?;
    let staffer = Staffer {
        user: sender.id,
        chat: chat.id,
        lang: Language::answering(claim.chosen_language, client_language),
        role,
    };
    let menu = Menu::of(&staffer.role);
    let mut outcome = in_private(tx, ctx, incoming, &staffer, step, prepared).await?;
    // First: a role the answer itself gave its sender comes after, and wins.
    outcome.menus.insert(0, (sender.id, menu));
    Ok(outcome)
}

/// An update in the sender's own chat with the bot, from `staffer` (a
/// citizen, a staff member or an admin) in their language.
async fn in_private(
    tx: &mut AnswerTx,
    ctx: &Context,
    incoming: &Incoming,
    staffer: &Staffer,
    step: Step,
    prepared: &Prepared,
) -> Result<Outcome, FlowError> {
    let asked = prepared.asked.as_ref();
    if let Event::Text { text, .. } = &incoming.event
        && ctx.panic_on_text.as_ref() == Some(text)
    {
        panic!("the test hook asked this answer to panic");
    }
    let who = staffer.who();
    let admin = staffer.role == Role::Admin;
    // Staff may answer a case by replying to its message wherever it reached them.
    if let (
        Some(replied),
        Event::Text {
            text,
            command: None,
        },
    ) = (incoming.reply_to, &incoming.event)
        && staffer.role != Role::Citizen
        && let Some(outcome) = cases::on_reply(tx, ctx, staffer, replied, text).await?
    {
        return Ok(outcome);
    }
    Ok(match (step, &incoming.event) {
        // Commands come first whatever the step; the step waits meanwhile.
        (
            step,
            Event::Text {
                command: Some(command),
                ..
            },
        ) => on_command(tx, ctx, staffer, &step, command, prepared).await?,
        (Step::BroadcastDraft { draft }, event) if admin => {
            let html = incoming.html.as_deref();
            match draft_input(&draft, event, html) {
                Some(DraftInput::Notice { html, photo }) => {
                    broadcast::on_notice(tx, ctx, who, &html, photo).await?
                }
                Some(DraftInput::Audience { notice, typed }) => {
                    broadcast::on_typed_audience(tx, ctx, who, notice, typed).await?
                }
                None => {
                    // What this stage does not take (a tap, a photo for the
                    // audience) is answered as usual; the draft stays.
                    let step = Step::BroadcastDraft {
                        draft: draft.clone(),
                    };
                    on_event(tx, ctx, staffer, step, event, asked).await?
                }
            }
        }
        (Step::AwaitComment { response }, Event::Text { text, .. }) => {
            survey::on_comment(tx, ctx, who, response, text).await?
        }
        // Words at a question its buttons answer; a code is still looked up.
        (Step::Survey { .. }, Event::Text { text, .. }) if !commands::looks_like_code(text) => {
            Outcome::say(who.chat_id, ctx.i18n.t(who.lang, Key::SurveyUseButtons))
        }
        (Step::Feedback { draft }, Event::Text { text, .. }) => {
            feedback::on_text(tx, ctx, who, draft, text).await?
        }
        (Step::Feedback { draft }, Event::Photo { file_id, .. }) => {
            feedback::on_photo(tx, ctx, who, draft, file_id).await?
        }
        (Step::ReopenReason { case }, Event::Text { text, .. }) => {
            feedback::on_reason(tx, ctx, who, case, Some(text)).await?
        }
        (Step::ForwardReason { case, agency, by }, Event::Text { text, .. })
            if by == who.user_id && staffer.role != Role::Citizen =>
        {
            cases::on_forward_reason(tx, ctx, staffer, case, &agency, text).await?
        }
        (step, event) => on_event(tx, ctx, staffer, step, event, asked).await?,
    })
}

/// What an admin's message gives the draft at its stage, if anything.
enum DraftInput<'a> {
    Notice {
        html: String,
        photo: Option<&'a str>,
    },
    Audience {
        notice: DraftNotice,
        typed: &'a str,
    },
}

fn draft_input<'a>(
    draft: &Draft,
    event: &'a Event,
    html: Option<&'a str>,
) -> Option<DraftInput<'a>> {
    match (draft, event) {
        (Draft::Message, Event::Text { text, .. }) => Some(DraftInput::Notice {
            // A channel without formatting gives plain text: shown as typed.
            html: html.map_or_else(|| escape_html(text), str::to_owned),
            photo: None,
        }),
        (
            Draft::Message,
            Event::Photo {
                file_id,
                caption_html,
            },
        ) => Some(DraftInput::Notice {
            html: caption_html.clone(),
            photo: Some(file_id),
        }),
        (Draft::Audience(notice), Event::Text { text, .. }) => Some(DraftInput::Audience {
            notice: notice.clone(),
            typed: text,
        }),
        _ => None,
    }
}

async fn on_command(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    step: &Step,
    command: &Command,
    prepared: &Prepared,
) -> Result<Outcome, FlowError> {
    let asked = prepared.asked.as_ref();
    let who = staffer.who();
    let say = |key: Key| Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key));
    Ok(match command {
        Command::Start(None) => start::on_start(ctx, who.chat_id, who.lang),
        Command::Start(Some(payload)) => match ctx.signer.open_payload(payload) {
            Ok(code) => lookup::on_link(tx, ctx, who, &code, asked).await?,
            Err(_) => say(Key::LinkInvalid),
        },
        Command::Help => {
            let help: Vec<String> = Menu::of(&staffer.role)
                .help()
                .iter()
                .map(|key| ctx.i18n.t(who.lang, *key))
                .collect();
            Outcome::say(who.chat_id, help.join("\n\n"))
        }
        Command::Language => language::on_language(ctx, who.chat_id, who.lang),
        Command::Status(None) => lookup::usage(ctx, who),
        Command::Status(Some(code)) => lookup::on_typed(tx, ctx, who, code, asked).await?,
        Command::Rate(code) => {
            survey::on_rate_command(tx, ctx, who, code.as_deref(), asked).await?
        }
        Command::Stats(period) => {
            staff::on_stats(tx, ctx, who, &staffer.role, period.as_deref()).await?
        }
        Command::Comments(argument) => {
            comments::on_comments(tx, ctx, who, &staffer.role, argument.as_deref()).await?
        }
        Command::Notices(argument) => {
            notices::on_notices(tx, ctx, who, argument.as_deref()).await?
        }
        Command::Broadcast => broadcast::on_command(tx, ctx, who, &staffer.role).await?,
        Command::Broadcasts => broadcast::on_list(tx, ctx, who, &staffer.role).await?,
        // A case being written, or the reason a case step waits for, is dropped.
        Command::Cancel(None)
            if matches!(
                step,
                Step::Feedback { .. } | Step::ReopenReason { .. } | Step::ForwardReason { .. }
            ) =>
        {
            Step::Idle.save(tx, who.chat_id).await?;
            say(Key::CaseCancelled)
        }
        Command::Cancel(argument) => {
            broadcast::on_cancel(tx, ctx, who, &staffer.role, step, argument.as_deref()).await?
        }
        Command::Feedback => feedback::on_command(tx, ctx, who).await?,
        Command::Cases(_) | Command::AnswerCase(_) | Command::ForwardCase(_) => {
            if staffer.role == Role::Citizen {
                return Ok(say(Key::UnknownCommand));
            }
            on_case_command(tx, ctx, staffer, command)
                .await?
                .unwrap_or_else(|| say(Key::UnknownCommand))
        }
        Command::Dashboard => super::dashboard::on_dashboard(ctx, who, &staffer.role),
        Command::Export(period) => {
            let (period, built) = (period.as_deref(), prepared.workbook.as_ref());
            super::export::on_export(tx, ctx, who, &staffer.role, period, built).await?
        }
        Command::MyData => super::mydata::on_mydata(tx, ctx, who).await?,
        Command::Forget => super::mydata::on_forget(tx, ctx, who).await?,
        Command::Grant(argument) | Command::Revoke(argument) => match staffer.role {
            Role::Admin if matches!(command, Command::Grant(_)) => {
                super::roles::on_grant(tx, ctx, who, argument.as_deref()).await?
            }
            Role::Admin => super::roles::on_revoke(tx, ctx, who, argument.as_deref()).await?,
            Role::Staff(_) => say(Key::AdminOnly),
            Role::Citizen => say(Key::UnknownCommand),
        },
        Command::Unknown => say(Key::UnknownCommand),
    })
}

/// A staff command about cases; None for any other command.
async fn on_case_command(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    command: &Command,
) -> Result<Option<Outcome>, FlowError> {
    Ok(Some(match command {
        Command::Cases(argument) => cases::on_list(tx, ctx, staffer, argument.as_deref()).await?,
        Command::AnswerCase(argument) => {
            cases::on_answer_command(tx, ctx, staffer, argument.as_deref()).await?
        }
        Command::ForwardCase(argument) => {
            cases::on_forward_command(tx, ctx, staffer, argument.as_deref()).await?
        }
        _ => return Ok(None),
    }))
}

/// Everything that is not a command, nor an input the step was waiting for.
async fn on_event(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    step: Step,
    event: &Event,
    asked: Option<&Asked>,
) -> Result<Outcome, FlowError> {
    let who = staffer.who();
    let say = |key: Key| Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key));
    Ok(match event {
        Event::Text { text, .. } if commands::looks_like_code(text) => {
            lookup::on_typed(tx, ctx, who, text, asked).await?
        }
        Event::Text { .. } => lookup::on_free_text(ctx, who),
        Event::Edited => say(Key::EditedUnsupported),
        Event::Media | Event::Photo { .. } => say(Key::MediaUnsupported),
        Event::Button {
            query_id,
            message_id,
            callback,
        } => {
            let tap = Tap {
                query_id,
                chat_id: who.chat_id,
                message_id: *message_id,
            };
            on_button(tx, ctx, staffer, step, &tap, callback.as_ref()).await?
        }
        Event::Other => Outcome::default(),
    })
}

async fn on_button(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    step: Step,
    tap: &Tap<'_>,
    callback: Option<&Callback>,
) -> Result<Outcome, FlowError> {
    let who = staffer.who();
    let Some(callback) = callback else {
        return Ok(tap.expired(ctx, who.lang));
    };
    Ok(match callback {
        Callback::SetLanguage(chosen) => language::on_choice(tx, ctx, who, tap, *chosen).await?,
        Callback::Follow(_) | Callback::Unfollow(_) => {
            let follow = matches!(callback, Callback::Follow(_));
            match callback.dossier_for(&ctx.signer, who.user_id) {
                Some(dossier) => {
                    lookup::on_follow_button(tx, ctx, who, tap, dossier, follow).await?
                }
                None => tap.expired(ctx, who.lang),
            }
        }
        Callback::Rate(tagged) => match callback.dossier_for(&ctx.signer, who.user_id) {
            Some(dossier) => survey::on_level(tx, ctx, who, tap, dossier, &tagged.arg).await?,
            None => tap.expired(ctx, who.lang),
        },
        Callback::StartSurvey(_) => match callback.dossier_for(&ctx.signer, who.user_id) {
            Some(dossier) => survey::on_start_button(tx, ctx, who, tap, dossier).await?,
            None => tap.expired(ctx, who.lang),
        },
        Callback::Rated => tap.toast(ctx.i18n.t(who.lang, Key::SurveyAlready)),
        Callback::Forget => super::mydata::on_confirm(tx, ctx, who, tap).await?,
        Callback::KeepData => super::mydata::on_keep(ctx, who, tap),
        Callback::Comments(page) => {
            comments::on_page(tx, ctx, who, &staffer.role, tap, page).await?
        }
        Callback::Answer(tagged) => match (callback.response_for(&ctx.signer, who.user_id), step) {
            // Only the question the survey is on can be answered: an old button changes nothing.
            (
                Some(response),
                Step::Survey {
                    response: on,
                    question,
                },
            ) if on == response => {
                survey::on_answer(tx, ctx, who, tap, response, question, &tagged.arg).await?
            }
            // The comment waits for text, but its Skip and Finish are taps.
            (Some(response), Step::AwaitComment { response: on }) if on == response => {
                let comment = crate::configuration::Question::Comment;
                survey::on_answer(tx, ctx, who, tap, response, comment, &tagged.arg).await?
            }
            _ => tap.expired(ctx, who.lang),
        },
        Callback::Broadcast(pressed) => match step {
            Step::BroadcastDraft { draft } if staffer.role == Role::Admin => {
                broadcast::on_button(tx, ctx, who, tap, draft, pressed).await?
            }
            _ => tap.expired(ctx, who.lang),
        },
        Callback::FeedbackOn(_) => match callback.dossier_for(&ctx.signer, who.user_id) {
            Some(dossier) => feedback::on_about_dossier(tx, ctx, who, tap, dossier).await?,
            None => tap.expired(ctx, who.lang),
        },
        Callback::Feedback(pressed) => match step {
            Step::Feedback { draft } => {
                feedback::on_tap(tx, ctx, who, tap, Some(draft), pressed).await?
            }
            Step::ReopenReason { case } if *pressed == FeedbackTap::SkipReason => {
                let mut outcome = feedback::on_reason(tx, ctx, who, case, None).await?;
                outcome.button_answer = Some(tap.answer(None));
                outcome
            }
            _ => feedback::on_tap(tx, ctx, who, tap, None, pressed).await?,
        },
        Callback::Case(pressed) => match pressed.verb {
            CaseVerb::Withdraw | CaseVerb::Read | CaseVerb::Satisfied | CaseVerb::NotSatisfied => {
                feedback::on_case_tap(tx, ctx, who, tap, *pressed).await?
            }
            CaseVerb::Take | CaseVerb::Forward | CaseVerb::Answer => {
                cases::on_tap(tx, ctx, staffer, tap, *pressed).await?
            }
        },
        Callback::ForwardTo { case, agency } => {
            cases::on_forward_pick(tx, ctx, staffer, tap, *case, agency).await?
        }
        Callback::ForwardPage { case, page } => {
            cases::on_forward_page(tx, ctx, staffer, tap, *case, *page).await?
        }
    })
}

/// In a group the bot speaks only when spoken to, and then only to invite a
/// private chat: dossiers are nobody else's business. The exception is a
/// staff chat, where staff act on cases: their buttons, replies to a case's
/// message, `/traloi`, `/chuyen` and `/cases`.
async fn in_group(
    tx: &mut AnswerTx,
    ctx: &Context,
    incoming: &Incoming,
    staffer: &Staffer,
    step: Step,
) -> Result<Outcome, FlowError> {
    let (chat, lang) = (staffer.chat, staffer.lang);
    let staff = staffer.role != Role::Citizen;
    match &incoming.event {
        Event::Text {
            command: Some(command),
            ..
        } if staff => {
            if let Some(outcome) = on_case_command(tx, ctx, staffer, command).await? {
                return Ok(outcome);
            }
        }
        Event::Text {
            text,
            command: None,
        } if staff => {
            if let Some(replied) = incoming.reply_to
                && let Some(outcome) = cases::on_reply(tx, ctx, staffer, replied, text).await?
            {
                return Ok(outcome);
            }
            if let Step::ForwardReason { case, agency, by } = &step
                && *by == staffer.user
            {
                return cases::on_forward_reason(tx, ctx, staffer, *case, agency, text).await;
            }
        }
        // Staff's buttons under a case and its forward list.
        Event::Button {
            query_id,
            message_id,
            callback: Some(callback),
        } => {
            let tap = Tap {
                query_id,
                chat_id: chat,
                message_id: *message_id,
            };
            match callback {
                Callback::Case(pressed) => {
                    return cases::on_tap(tx, ctx, staffer, &tap, *pressed).await;
                }
                Callback::ForwardTo { case, agency } => {
                    return cases::on_forward_pick(tx, ctx, staffer, &tap, *case, agency).await;
                }
                Callback::ForwardPage { case, page } => {
                    return cases::on_forward_page(tx, ctx, staffer, &tap, *case, *page).await;
                }
                _ => {}
            }
        }
        _ => {}
    }
    Ok(match &incoming.event {
        Event::Text { text, .. } if commands::addresses_bot(text, &ctx.bot_username) => {
            Outcome::say(
                chat,
                ctx.i18n.t_args(
                    lang,
                    Key::GroupPrivateOnly,
                    &[("bot", ctx.bot_username.clone().into())],
                ),
            )
        }
        Event::Button {
            query_id,
            message_id,
            ..
        } => Tap {
            query_id,
            chat_id: chat,
            message_id: *message_id,
        }
        .expired(ctx, lang),
        _ => Outcome::default(),
    })
}

#[cfg(test)]
mod tests {
    //! The router on a temporary database, with no channel in between.

    use std::collections::HashMap;
    use std::sync::Arc;

    use super::*;
    use crate::configuration::SurveySettings;
    use crate::domain::{ChatId, Roles, UserId};
    use crate::flows::step::Draft;
    use crate::flows::{Callback, Reply};
    use crate::i18n::I18n;
    use crate::links::Signer;
    use crate::store::inbox::Arrival;

    const ADMIN: i64 = 1;
    const CITIZEN: i64 = 2;

    struct Bench {
        store: Store,
        ctx: Context,
        _dir: tempfile::TempDir,
    }

    async fn bench(lookups_per_minute: u32) -> Bench {
        let dir = tempfile::tempdir().expect("a temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::open(&url).await.expect("the database opens");
        let ctx = Context {
            i18n: Arc::new(I18n::load().expect("locales")),
            province: "Cà Mau".into(),
            bot_username: "hl_bot".into(),
            signer: Signer::new("test"),
            lookups_per_minute,
            unknown_lookups_per_minute: u32::MAX,
            broadcast_pace: Default::default(),
            status_source: None,
            survey: SurveySettings::default(),
            roles: Arc::new(Roles::new(&[ADMIN], &[], &HashMap::new()).expect("roles")),
            deadlines: Arc::default(),
            index: Default::default(),
            feedback: Default::default(),
            public_url: crate::configuration::HttpSettings::default().public_url,
            upload_limit_bytes: 50_000_000,
            panic_on_text: None,
        };
        Bench {
            store,
            ctx,
            _dir: dir,
        }
    }

    fn from(user: i64, key: &str, event: Event) -> Incoming {
        Incoming::private(key.into(), UserId(user), "en", event)
    }

    impl Bench {
        /// Answers `incoming` as the inbox worker does: written down first,
        /// as an answer claims its update's inbox row.
        async fn answer(&self, incoming: &Incoming) -> Processed {
            self.write_down(incoming).await;
            process(&self.store, &self.ctx, incoming)
                .await
                .expect("processed")
        }

        /// Writes `incoming` down in the inbox, as a receiver does.
        async fn write_down(&self, incoming: &Incoming) {
            let arrival = Arrival {
                update_key: incoming.key.clone(),
                chat_key: format!("test:{}", incoming.chat.id),
                body: "{}".into(),
            };
            let mut tx = self.store.begin_write().await.expect("a transaction");
            store::inbox::receive(&mut tx, &[arrival], None)
                .await
                .expect("written down");
            tx.commit().await.expect("committed");
        }

        async fn text(&self, user: i64, key: &str, text: &str) -> Processed {
            let event = Event::text(text, &self.ctx.bot_username);
            self.answer(&from(user, key, event)).await
        }

        async fn step(&self, user: i64) -> Step {
            let mut tx = self.store.begin_write().await.expect("a transaction");
            store::dialogues::load_step(&mut tx, ChatId(user))
                .await
                .expect("a step")
        }

        fn t(&self, key: Key) -> String {
            self.ctx.i18n.t(Language::En, key)
        }
    }

    fn said(processed: &Processed) -> Vec<String> {
        let Processed::Answered { outcome, .. } = processed else {
            return Vec::new();
        };
        let mut texts: Vec<String> = outcome
            .replies
            .iter()
            .filter_map(|reply| match reply {
                Reply::Send { text, .. } | Reply::Edit { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect();
        texts.extend(outcome.button_answer.iter().filter_map(|a| a.toast.clone()));
        texts
    }

    /// A look-up of a known dossier, the commonest update, makes SQLite
    /// build no temporary table: each costs more than a statement does
    /// (BENCHMARKS.md), and a `RETURNING` or an aggregate's `ORDER BY`
    /// builds one. Every statement the answer runs is looked at.
    #[tokio::test]
    async fn a_look_up_makes_sqlite_build_no_temporary_table() {
        use crate::domain::Status;
        use crate::store::dossiers::{self, tests::add_catalog, tests::record};
        use crate::store::tests::{temporary_tables, traced, untraced};

        let bench = bench(5).await;
        let mut tx = bench.store.begin_write().await.expect("a transaction");
        add_catalog(&mut tx).await;
        dossiers::insert_dossiers(
            &mut tx,
            &Default::default(),
            &[record("D-1", Status::Processing)],
            dossiers::Source::Import,
            chrono::Utc::now(),
        )
        .await
        .expect("a dossier");
        tx.commit().await.expect("committed");
        let incoming = from(CITIZEN, "tg:1", Event::text("D-1", &bench.ctx.bot_username));
        bench.write_down(&incoming).await;

        let seen = traced(&bench.store).await;
        let answered = process(&bench.store, &bench.ctx, &incoming)
            .await
            .expect("processed");
        untraced(&bench.store).await;

        assert!(said(&answered).concat().contains("D-1"), "no card");
        let mut statements = seen.lock().expect("seen").clone();
        statements.sort();
        statements.dedup();
        assert!(
            statements.iter().any(|s| s.contains("FROM dossiers d")),
            "the look-up's own statement was not seen: {statements:?}"
        );
        let mut tx = bench.store.begin_write().await.expect("a transaction");
        assert_eq!(temporary_tables(&mut tx, &statements).await, []);
    }

    #[tokio::test]
    async fn a_replayed_delivery_changes_nothing_and_charges_no_look_up() {
        let bench = bench(2).await;
        let first = bench.text(CITIZEN, "k1", "ABC-123").await;
        assert!(matches!(first, Processed::Answered { .. }));
        assert_eq!(
            bench.text(CITIZEN, "k1", "ABC-123").await,
            Processed::Duplicate
        );
        // The second of two allowed look-ups: refused only if the replay was charged.
        let second = said(&bench.text(CITIZEN, "k2", "ABC-124").await);
        assert!(
            !second.contains(&bench.t(Key::LookupRateLimited)),
            "{second:?}"
        );
        let third = said(&bench.text(CITIZEN, "k3", "ABC-125").await);
        assert_eq!(third, [bench.t(Key::LookupRateLimited)]);
    }

    #[tokio::test]
    async fn an_admins_text_during_a_draft_is_the_notice_and_moves_the_step() {
        let bench = bench(20).await;
        bench.text(ADMIN, "k1", "/broadcast").await;
        assert_eq!(
            bench.step(ADMIN).await,
            Step::BroadcastDraft {
                draft: Draft::Message
            }
        );
        // It looks like a code, but the draft waits for a notice.
        bench.text(ADMIN, "k2", "ABC-123").await;
        let Step::BroadcastDraft {
            draft: Draft::Audience(notice),
        } = bench.step(ADMIN).await
        else {
            panic!("the draft waits for its audience");
        };
        assert_eq!(notice.html, "ABC-123");
        // A command answers without dropping the draft; /cancel drops it.
        bench.text(ADMIN, "k3", "/help").await;
        assert!(matches!(
            bench.step(ADMIN).await,
            Step::BroadcastDraft { .. }
        ));
        bench.text(ADMIN, "k4", "/cancel").await;
        assert_eq!(bench.step(ADMIN).await, Step::Idle);
    }

    #[tokio::test]
    async fn a_citizen_cannot_start_or_feed_a_draft() {
        let bench = bench(20).await;
        // To a citizen, the command does not exist.
        let answer = said(&bench.text(CITIZEN, "k1", "/broadcast").await);
        assert_eq!(answer, [bench.t(Key::UnknownCommand)]);
        assert_eq!(bench.step(CITIZEN).await, Step::Idle);
    }

    #[tokio::test]
    async fn buttons_out_of_step_or_never_made_change_nothing() {
        let bench = bench(20).await;
        let tap = |key: &str, data: &str| from(ADMIN, key, Event::button("q".into(), None, data));
        let expired = vec![bench.t(Key::ButtonExpired)];
        let send = Callback::Broadcast(crate::flows::callback::BroadcastTap::Send).encode();
        for (key, data) in [("k1", "garbage"), ("k2", send.as_str())] {
            let processed = bench.answer(&tap(key, data)).await;
            assert_eq!(said(&processed), expired, "{data}");
            assert_eq!(bench.step(ADMIN).await, Step::Idle);
        }
    }
}
