//! Cases as staff handle them: the case's message in the staff chat and its
//! buttons (Nhận xử lý, Chuyển cơ quan khác, Trả lời), answering by a reply
//! or `/traloi`, forwarding to an agency picked or typed (`/chuyen`) with a
//! reason, and `/cases`. Only staff whose
//! scope covers the agency holding a case, and admins, see or move it;
//! anyone else gets the answer an unknown case or a stale button gets.

use chrono::Utc;
use fluent_bundle::FluentValue;
use sqlx::SqliteConnection;

use super::callback::{CaseTap, CaseVerb, ShortRef};
use super::card::format_date;
use super::pages::Page;
use super::step::Step;
use super::{Button, Callback, Context, FlowError, Keyboard, Outcome, Reply, Tap, Who};
use crate::domain::case::{
    self, Actor, CaseAction, CaseBody, CaseEvent, CaseKind, CaseNumber, CaseState,
};
use crate::domain::collation;
use crate::domain::moment::local_date;
use crate::domain::{AgencyCode, CaseId, ChatId, DossierId, Language, MessageId, Role, UserId};
use crate::i18n::{Key, shorten};
use crate::store::cases::{self, Act, Carried, Case, Listing};
use crate::store::catalog::{self, Listed};
use crate::store::outbox::{self, Notification};
use crate::store::{AnswerTx, StoreError, dossiers};

/// At most this many cases in one `/cases` answer.
const MAX_LISTED: usize = 30;

/// A staff member or admin acting on cases, and where.
#[derive(Debug, Clone)]
pub struct Staffer {
    pub user: UserId,
    pub chat: ChatId,
    pub lang: Language,
    pub role: Role,
}

impl Staffer {
    /// Who is being answered: this person, in this chat.
    pub fn who(&self) -> Who {
        Who {
            user_id: self.user,
            chat_id: self.chat,
            lang: self.lang,
        }
    }

    fn may_handle(&self, case: &Case) -> bool {
        case::may_handle(&self.role, case.agency.as_deref(), case.held)
    }

    fn act<'a>(&self, action: CaseAction, note: Option<&'a str>) -> Act<'a> {
        Act {
            actor: if self.role == Role::Admin {
                Actor::Admin
            } else {
                Actor::Staff
            },
            user: Some(self.user),
            action,
            note,
        }
    }

    fn say(&self, text: String) -> Outcome {
        Outcome::say(self.chat, text)
    }
}

/// Why `not_now` refused an action on `case`, in staff's words: a case
/// forwarded to this agency must be taken before it moves on (the rule is
/// `case::after`'s); any other refusal says where the case stands, so that a
/// second tap on Take or an answer to a closed case is told why.
fn refusal(ctx: &Context, staffer: &Staffer, case: &Case, not_now: case::NotNow) -> String {
    let number = case.number.to_string();
    match (not_now.state, not_now.action) {
        (CaseState::Forwarded, CaseAction::Forward) => ctx.i18n.t_args(
            staffer.lang,
            Key::CaseTakeBeforeForward,
            &[("number", number.into())],
        ),
        (state, _) => ctx.i18n.t_args(
            staffer.lang,
            Key::CaseNotNowState,
            &[
                ("number", number.into()),
                ("state", ctx.i18n.t(staffer.lang, state_key(state)).into()),
            ],
        ),
    }
}

pub fn state_key(state: CaseState) -> Key {
    match state {
        CaseState::Received => Key::CaseStateReceived,
        CaseState::Acknowledged => Key::CaseStateAcknowledged,
        CaseState::Forwarded => Key::CaseStateForwarded,
        CaseState::Answered => Key::CaseStateAnswered,
        CaseState::Reopened => Key::CaseStateReopened,
        CaseState::Closed => Key::CaseStateClosed,
        CaseState::Withdrawn => Key::CaseStateWithdrawn,
    }
}

pub fn kind_key(kind: CaseKind) -> Key {
    match kind {
        CaseKind::Delay => Key::CaseKindDelay,
        CaseKind::Attitude => Key::CaseKindAttitude,
        CaseKind::Papers => Key::CaseKindPapers,
        CaseKind::Proposal => Key::CaseKindProposal,
        CaseKind::Other => Key::CaseKindOther,
    }
}

/// The name of the agency holding a case, or the province's for the intake:
/// what an answer is signed with, and where staff see a case sits.
pub async fn holder_name(
    conn: &mut SqliteConnection,
    ctx: &Context,
    lang: Language,
    agency: Option<&str>,
) -> Result<String, StoreError> {
    let named = match agency {
        Some(code) => catalog::name_of(conn, Listed::Agency, code, lang).await?,
        None => None,
    };
    Ok(named.unwrap_or_else(|| {
        ctx.i18n.t_args(
            lang,
            Key::CaseProvince,
            &[("province", ctx.province.clone().into())],
        )
    }))
}

/// What a case is about, in words: a dossier by its code and procedure, an
/// agency or a procedure by name, or the province.
pub async fn about_text(
    conn: &mut SqliteConnection,
    ctx: &Context,
    lang: Language,
    dossier: Option<DossierId>,
    agency: Option<&str>,
    procedure: Option<&str>,
) -> Result<String, StoreError> {
    if let Some(id) = dossier
        && let Some(view) = dossiers::find_dossier_by_id(&mut *conn, id).await?
    {
        return Ok(format!("{} ({})", view.code, view.procedure.get(lang)));
    }
    if let Some(code) = procedure
        && let Some(name) = catalog::name_of(&mut *conn, Listed::Procedure, code, lang).await?
    {
        return Ok(name);
    }
    holder_name(conn, ctx, lang, agency).await
}

/// The case's message in the staff chat, in Vietnamese: never the citizen's
/// name, username or phone, only "Người dân #k". Buttons while it is open.
pub async fn staff_card(
    conn: &mut SqliteConnection,
    ctx: &Context,
    case: &Case,
) -> Result<(String, Keyboard), StoreError> {
    let lang = Language::Vi;
    let t = |key: Key| ctx.i18n.t(lang, key);
    let about = about_text(
        &mut *conn,
        ctx,
        lang,
        case.dossier,
        case.agency.as_deref(),
        case.procedure.as_deref(),
    )
    .await?;
    let holder = holder_name(&mut *conn, ctx, lang, case.agency.as_deref()).await?;
    let citizen = case
        .citizen_no
        .map_or_else(|| "—".to_owned(), |no| no.to_string());
    let head = ctx.i18n.t_args(
        lang,
        Key::CaseStaffCard,
        &[
            ("number", case.number.to_string().into()),
            ("state", t(state_key(case.state)).into()),
            ("citizen", citizen.into()),
            ("kind", t(kind_key(case.kind)).into()),
            ("about", about.into()),
            ("holder", holder.into()),
            ("due", format_date(case.due_day).into()),
            ("body", case.body.clone().unwrap_or_default().into()),
        ],
    );
    let mut lines = Vec::new();
    if case.language == Language::Km {
        lines.push(t(Key::CaseStaffKhmer));
    }
    let mut note_line = None;
    // The last forwarding's or reopening's reason, as the history keeps it.
    let history = cases::history(&mut *conn, case.id).await?;
    if let Some(event) = history
        .iter()
        .rev()
        .find(|e| {
            [CaseEvent::Forward, CaseEvent::RatedNotSatisfied]
                .iter()
                .any(|kind| e.action == kind.as_str())
        })
        .filter(|_| case.state.is_open())
    {
        let key = if event.action == CaseEvent::Forward.as_str() {
            Key::CaseStaffForwardedNote
        } else {
            Key::CaseStaffReopenedNote
        };
        let note = event.note.clone().unwrap_or_else(|| "—".to_owned());
        lines.push(ctx.i18n.t_args(lang, key, &[("note", note.clone().into())]));
        note_line = Some((lines.len() - 1, key, note));
    }
    let photos = cases::photos(&mut *conn, case.id).await?.len();
    if photos > 0 {
        lines.push(ctx.i18n.t_args(
            lang,
            Key::CaseStaffPhotos,
            &[("count", FluentValue::from(photos))],
        ));
    }
    if case.publish {
        lines.push(t(Key::CaseStaffPublish));
    }
    if case.state.is_open() {
        lines.push(ctx.i18n.t_args(
            lang,
            Key::CaseStaffHint,
            &[("number", case.number.to_string().into())],
        ));
    }
    let with = |lines: &[String]| {
        let mut card = head.clone();
        for line in lines {
            card.push('\n');
            card.push_str(line);
        }
        card
    };
    let mut text = with(&lines);
    // The longest text and the longest reason are more than a message
    // holds: the reason gives way, as much as it must; the history keeps it.
    let over = text.encode_utf16().count().saturating_sub(super::MAX_TEXT);
    if let (true, Some((at, key, note))) = (over > 0, note_line) {
        let room = note.encode_utf16().count().saturating_sub(over);
        let note = shorten::to_utf16_units(&note, room);
        lines[at] = ctx.i18n.t_args(lang, key, &[("note", note.into())]);
        text = with(&lines);
    }
    let button = |key: Key, verb: CaseVerb| Button {
        label: t(key),
        callback: Callback::case(verb, case.id),
    };
    let mut row = Vec::new();
    if case.state.is_open() {
        if case.state != CaseState::Acknowledged {
            row.push(button(Key::CaseTake, CaseVerb::Take));
        }
        row.push(button(Key::CaseForward, CaseVerb::Forward));
        row.push(button(Key::CaseAnswerButton, CaseVerb::Answer));
    }
    let keyboard = Keyboard(if row.is_empty() { vec![] } else { vec![row] });
    Ok((text, keyboard))
}

/// Queues the case's message to the chat of the agency holding it, or to
/// the intake chat; with neither, it waits in `/cases` for admins.
pub async fn route(tx: &mut AnswerTx, ctx: &Context, case: &Case) -> Result<(), FlowError> {
    let chat = match cases::staff_chat_of(tx, case.agency.as_deref()).await? {
        Some(chat) => Some(chat),
        None => ctx.feedback.intake_chat.map(ChatId),
    };
    if let Some(chat) = chat {
        let notification = Notification::CaseToStaff { case_id: case.id };
        outbox::enqueue(tx, chat, &notification, Utc::now()).await?;
    }
    Ok(())
}

/// A tap on Nhận xử lý, Chuyển cơ quan khác or Trả lời.
pub(super) async fn on_tap(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    tap: &Tap<'_>,
    pressed: CaseTap,
) -> Result<Outcome, FlowError> {
    let Some(case) = cases::get(tx, pressed.case).await? else {
        return Ok(tap.expired(ctx, staffer.lang));
    };
    if !staffer.may_handle(&case) {
        return Ok(tap.expired(ctx, staffer.lang));
    }
    let number = case.number.to_string();
    let with_number = |key: Key| {
        ctx.i18n
            .t_args(staffer.lang, key, &[("number", number.clone().into())])
    };
    match pressed.verb {
        CaseVerb::Take => {
            let now = Utc::now();
            if let Err(not_now) =
                cases::apply(tx, case.id, staffer.act(CaseAction::Take, None), now).await?
            {
                return Ok(tap.toast(refusal(ctx, staffer, &case, not_now)));
            }
            cases::carry(tx, case.id, Carried::Assignee(staffer.user), now).await?;
            let taken = cases::get(tx, case.id).await?.unwrap_or(case);
            let (text, keyboard) = staff_card(tx, ctx, &taken).await?;
            Ok(Outcome {
                replies: vec![tap.replace_message(text, keyboard)],
                button_answer: Some(tap.answer(Some(with_number(Key::CaseTaken)))),
                menus: Vec::new(),
            })
        }
        CaseVerb::Forward => {
            // Refused before the agencies are listed, not after the reason is typed.
            if let Err(not_now) = case::after(case.state, CaseAction::Forward, case.reopened) {
                return Ok(tap.toast(refusal(ctx, staffer, &case, not_now)));
            }
            let (text, keyboard) = forward_choices(tx, ctx, staffer, &case, 0).await?;
            Ok(Outcome {
                replies: vec![Reply::Send {
                    chat_id: staffer.chat,
                    text,
                    keyboard,
                }],
                button_answer: Some(tap.answer(None)),
                menus: Vec::new(),
            })
        }
        CaseVerb::Answer => {
            let mut outcome = staffer.say(with_number(Key::CaseAnswerHow));
            outcome.button_answer = Some(tap.answer(None));
            Ok(outcome)
        }
        // The citizen's buttons are answered by `feedback`.
        CaseVerb::Withdraw | CaseVerb::Read | CaseVerb::Satisfied | CaseVerb::NotSatisfied => {
            Ok(tap.expired(ctx, staffer.lang))
        }
    }
}

/// A message replying to `replied`: the answer to a case when `replied` is
/// a case's message; None when it is not one, for the caller to answer as
/// it would any text.
pub(super) async fn on_reply(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    replied: MessageId,
    text: &str,
) -> Result<Option<Outcome>, FlowError> {
    let Some(case) = cases::by_staff_message(tx, staffer.chat, replied.0).await? else {
        return Ok(None);
    };
    if !staffer.may_handle(&case) {
        return Ok(None);
    }
    answer(tx, ctx, staffer, &case, text).await.map(Some)
}

/// `/traloi CASE text`.
pub(super) async fn on_answer_command(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let usage = || Ok(staffer.say(ctx.i18n.t(staffer.lang, Key::CaseAnswerUsage)));
    let Some((number, text)) = argument.and_then(|a| a.split_once(char::is_whitespace)) else {
        return usage();
    };
    match visible_case(tx, ctx, staffer, number).await? {
        Ok(case) => answer(tx, ctx, staffer, &case, text).await,
        Err(refusal) => Ok(refusal),
    }
}

/// The case numbered `raw` if this staffer may handle it; else the same
/// answer whether it does not exist or belongs to another agency.
async fn visible_case(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    raw: &str,
) -> Result<Result<Case, Outcome>, FlowError> {
    let case = match CaseNumber::parse(raw) {
        Ok(number) => cases::by_number(tx, number).await?,
        Err(_) => None,
    };
    Ok(match case.filter(|case| staffer.may_handle(case)) {
        Some(case) => Ok(case),
        None => Err(staffer.say(ctx.i18n.t_args(
            staffer.lang,
            Key::CaseNotFound,
            &[("number", raw.trim().to_owned().into())],
        ))),
    })
}

/// Answers the case: its state, its answer and the message to the citizen,
/// in one transaction.
async fn answer(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    case: &Case,
    text: &str,
) -> Result<Outcome, FlowError> {
    let number = case.number.to_string();
    let Ok(body) = CaseBody::parse(text) else {
        return Ok(staffer.say(ctx.i18n.t_args(
            staffer.lang,
            Key::CaseTextInvalid,
            &[("max", FluentValue::from(case::MAX_BODY_CHARS))],
        )));
    };
    let now = Utc::now();
    if let Err(not_now) =
        cases::apply(tx, case.id, staffer.act(CaseAction::Answer, None), now).await?
    {
        return Ok(staffer.say(refusal(ctx, staffer, case, not_now)));
    }
    cases::carry(tx, case.id, Carried::Answer(body.as_str()), now).await?;
    if let Some(citizen) = cases::citizen_chat(tx, case.id).await? {
        let notification = Notification::CaseAnswer { case_id: case.id };
        outbox::enqueue(tx, citizen, &notification, now).await?;
    }
    let mut replies = Vec::new();
    // The case's message loses its buttons: it is answered.
    if let (Some((chat, message_id)), Some(answered)) =
        (case.staff_message, cases::get(tx, case.id).await?)
    {
        let (text, keyboard) = staff_card(tx, ctx, &answered).await?;
        replies.push(Reply::Edit {
            chat_id: chat,
            message_id: MessageId(message_id),
            text,
            keyboard,
        });
    }
    replies.push(Reply::Send {
        chat_id: staffer.chat,
        text: ctx.i18n.t_args(
            staffer.lang,
            Key::CaseAnswered,
            &[("number", number.into())],
        ),
        keyboard: Keyboard::default(),
    });
    Ok(Outcome {
        replies,
        button_answer: None,
        menus: Vec::new(),
    })
}

/// `/chuyen CASE AGENCY reason`: the case goes to that agency's chat, with
/// the reason in its history (Decree 20 asks for one).
pub(super) async fn on_forward_command(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let usage = || Ok(staffer.say(ctx.i18n.t(staffer.lang, Key::CaseForwardUsage)));
    let mut words = argument.unwrap_or_default().splitn(3, char::is_whitespace);
    let (Some(number), Some(agency), Some(reason)) = (words.next(), words.next(), words.next())
    else {
        return usage();
    };
    if reason.trim().is_empty() {
        return usage();
    }
    let case = match visible_case(tx, ctx, staffer, number).await? {
        Ok(case) => case,
        Err(refusal) => return Ok(refusal),
    };
    forward(tx, ctx, staffer, &case, agency, reason).await
}

/// Where `case` can be forwarded: how to type it, with the agencies listed
/// as far as one message holds (a province has ~90), and page `page` of them
/// as buttons, in the order of their names.
async fn forward_choices(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    case: &Case,
    page: usize,
) -> Result<(String, Keyboard), FlowError> {
    let names = catalog::agency_names(tx).await?;
    let mut agencies: Vec<(String, String)> = names
        .into_iter()
        .filter(|(code, _)| case.agency.as_deref() != Some(code.as_str()))
        .map(|(code, names)| (names.get(staffer.lang).to_owned(), code))
        .collect();
    collation::sort_by_name(&mut agencies, |(name, code)| (name, code));
    let number = case.number.to_string();
    let how = |listed: &[String]| {
        ctx.i18n.t_args(
            staffer.lang,
            Key::CaseForwardHow,
            &[
                ("number", number.clone().into()),
                ("agencies", listed.join("\n").into()),
            ],
        )
    };
    let entries: Vec<String> = agencies
        .iter()
        .map(|(name, code)| format!("• {code} — {name}"))
        .collect();
    let page = Page::of(agencies, page);
    let line = page.line(&ctx.i18n, staffer.lang);
    let text = as_many_as_fit(&entries, |listed| {
        let mut text = how(listed);
        if let Some(line) = &line {
            text.push('\n');
            text.push_str(line);
        }
        text
    });
    let paging = page.paging(&ctx.i18n, staffer.lang, |p| Callback::ForwardPage {
        case: case.id,
        page: u16::try_from(p).unwrap_or(u16::MAX),
    });
    let mut rows: Vec<Vec<Button>> = page
        .choices
        .into_iter()
        .map(|(name, code)| {
            vec![Button {
                label: format!("↪️ {name}"),
                callback: Callback::ForwardTo {
                    case: case.id,
                    agency: ShortRef::of(&code),
                },
            }]
        })
        .collect();
    rows.extend(paging);
    Ok((text, Keyboard(rows)))
}

/// What `render` makes of the most `entries` that fit in one message, in
/// their order, with "• …" in place of those left out; the mark and all that
/// `render` adds are counted in.
fn as_many_as_fit(entries: &[String], render: impl Fn(&[String]) -> String) -> String {
    let shown = |count: usize| {
        let mut listed = entries[..count].to_vec();
        if count < entries.len() {
            listed.push("• …".to_owned());
        }
        render(&listed)
    };
    let mut text = shown(0);
    for count in 1..=entries.len() {
        let more = shown(count);
        if !super::fits_a_message(&more) {
            break;
        }
        text = more;
    }
    text
}

/// Another page of the agencies a case can be forwarded to, in the message
/// that showed them.
pub(super) async fn on_forward_page(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    tap: &Tap<'_>,
    id: CaseId,
    page: u16,
) -> Result<Outcome, FlowError> {
    let case = cases::get(tx, id).await?.filter(|case| {
        staffer.may_handle(case)
            && case::after(case.state, CaseAction::Forward, case.reopened).is_ok()
    });
    let Some(case) = case else {
        return Ok(tap.expired(ctx, staffer.lang));
    };
    let (text, keyboard) = forward_choices(tx, ctx, staffer, &case, usize::from(page)).await?;
    Ok(Outcome {
        replies: vec![tap.replace_message(text, keyboard)],
        button_answer: Some(tap.answer(None)),
        menus: Vec::new(),
    })
}

/// A tap on an agency under Chuyển cơ quan khác: the presser's next text
/// in this chat is the reason.
pub(super) async fn on_forward_pick(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    tap: &Tap<'_>,
    id: CaseId,
    agency: &ShortRef,
) -> Result<Outcome, FlowError> {
    let case = cases::get(tx, id)
        .await?
        .filter(|case| staffer.may_handle(case) && case.state.is_open());
    let code = catalog::agency_codes(tx)
        .await?
        .into_iter()
        .find(|code| agency.names(code));
    let (Some(case), Some(code)) = (case, code) else {
        return Ok(tap.expired(ctx, staffer.lang));
    };
    let name = holder_name(tx, ctx, staffer.lang, Some(&code)).await?;
    Step::ForwardReason {
        case: case.id,
        agency: code,
        by: staffer.user,
    }
    .save(tx, staffer.chat)
    .await?;
    let text = ctx.i18n.t_args(
        staffer.lang,
        Key::CaseForwardReason,
        &[
            ("number", case.number.to_string().into()),
            ("agency", name.into()),
        ],
    );
    let mut outcome = staffer.say(text);
    outcome.button_answer = Some(tap.answer(None));
    Ok(outcome)
}

/// The reason for the forwarding picked by its presser.
pub(super) async fn on_forward_reason(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    id: CaseId,
    agency: &str,
    reason: &str,
) -> Result<Outcome, FlowError> {
    Step::Idle.save(tx, staffer.chat).await?;
    let Some(case) = cases::get(tx, id)
        .await?
        .filter(|case| staffer.may_handle(case))
    else {
        return Ok(staffer.say(ctx.i18n.t(staffer.lang, Key::CaseNotNow)));
    };
    forward(tx, ctx, staffer, &case, agency, reason).await
}

/// Moves the case to `agency`'s chat with `reason` in its history.
async fn forward(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    case: &Case,
    agency: &str,
    reason: &str,
) -> Result<Outcome, FlowError> {
    let reason: String = reason.trim().chars().take(case::MAX_BODY_CHARS).collect();
    let agency = match AgencyCode::parse(agency) {
        Ok(code) if catalog::agency_exists(tx, &code).await? => code,
        _ => {
            return Ok(staffer.say(ctx.i18n.t_args(
                staffer.lang,
                Key::CaseUnknownAgency,
                &[("code", agency.to_owned().into())],
            )));
        }
    };
    let now = Utc::now();
    let act = staffer.act(CaseAction::Forward, Some(&reason));
    if let Err(not_now) = cases::apply(tx, case.id, act, now).await? {
        return Ok(staffer.say(refusal(ctx, staffer, case, not_now)));
    }
    cases::carry(tx, case.id, Carried::Agency(Some(agency.as_str())), now).await?;
    let Some(forwarded) = cases::get(tx, case.id).await? else {
        return Err(StoreError::Corrupt(format!("case {} is gone", case.id)).into());
    };
    route(tx, ctx, &forwarded).await?;
    let name = holder_name(tx, ctx, staffer.lang, Some(agency.as_str())).await?;
    Ok(staffer.say(ctx.i18n.t_args(
        staffer.lang,
        Key::CaseForwarded,
        &[
            ("number", case.number.to_string().into()),
            ("agency", name.into()),
        ],
    )))
}

/// `/cases [open|overdue|mine|all]`: the cases this staffer may see, by deadline.
pub(super) async fn on_list(
    tx: &mut AnswerTx,
    ctx: &Context,
    staffer: &Staffer,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let which = argument.unwrap_or("open").trim().to_ascii_lowercase();
    let listing = match which.as_str() {
        "open" => Listing::Open,
        "overdue" => Listing::Overdue,
        "mine" => Listing::Mine,
        "all" => Listing::All,
        _ => return Ok(staffer.say(ctx.i18n.t(staffer.lang, Key::CasesUsage))),
    };
    let today = local_date(Utc::now());
    let visible: Vec<Case> = cases::list(tx, listing, today, staffer.user)
        .await?
        .into_iter()
        .filter(|case| staffer.may_handle(case))
        .collect();
    let mut text = ctx.i18n.t_args(
        staffer.lang,
        Key::CasesTitle,
        &[
            ("which", which.into()),
            ("count", FluentValue::from(visible.len())),
        ],
    );
    if visible.is_empty() {
        text.push('\n');
        text.push_str(&ctx.i18n.t(staffer.lang, Key::CasesNone));
    }
    for case in visible.iter().take(MAX_LISTED) {
        let holder = holder_name(tx, ctx, staffer.lang, case.agency.as_deref()).await?;
        text.push('\n');
        text.push_str(&ctx.i18n.t_args(
            staffer.lang,
            Key::CasesLine,
            &[
                ("number", case.number.to_string().into()),
                (
                    "state",
                    ctx.i18n.t(staffer.lang, state_key(case.state)).into(),
                ),
                ("due", format_date(case.due_day).into()),
                ("agency", holder.into()),
            ],
        ));
        let marks = [
            (
                case.state.is_overdue(case.due_day, today),
                Key::CasesOverdueMark,
            ),
            (case.held, Key::CasesHeldMark),
            (case.language == Language::Km, Key::CasesKhmerMark),
        ];
        for (_, key) in marks.iter().filter(|(on, _)| *on) {
            text.push_str(" · ");
            text.push_str(&ctx.i18n.t(staffer.lang, *key));
        }
    }
    Ok(staffer.say(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three entries and the last line just fit (4,093 of 4,096 units), but
    /// not with the mark for the fourth: the third goes, and the text fits.
    #[test]
    fn the_mark_and_the_last_line_are_counted_in() {
        let entry = format!("• {}", "x".repeat(1_358));
        let entries = vec![entry; 4];
        let render = |listed: &[String]| format!("{}\nTrang 1/10", listed.join("\n"));
        let text = as_many_as_fit(&entries, render);
        assert!(crate::flows::fits_a_message(&text), "{}", text.len());
        assert!(text.ends_with("• …\nTrang 1/10"));
        assert_eq!(text.matches('x').count(), 1_358 * 2);
        let all = as_many_as_fit(&entries[..3], render);
        assert!(!all.contains('…'), "nothing left out");
    }
}
