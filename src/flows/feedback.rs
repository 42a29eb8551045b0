//! Citizen feedback (phản ánh, kiến nghị) as citizens see it: `/gopy`, the
//! ✉️ Góp ý button on a card and the offer after a low rating open a case,
//! stage by stage (what it is about, its kind, its text, up to three photos,
//! the tick to publish, Send); `/gopy` lists their cases; the answer comes
//! under the agency's name and is rated; an open case can be withdrawn.

use chrono::{Duration, Utc};
use fluent_bundle::FluentValue;

use super::callback::{CaseTap, CaseVerb, FeedbackTap, ShortRef};
use super::card::format_date;
use super::cases::{about_text, holder_name, kind_key, route, state_key};
use super::pages::Page;
use super::step::{About, CaseDraft, Gathered, Step};
use super::{Button, Callback, Context, FlowError, Keyboard, Outcome, Tap, Who};
use crate::domain::case::{
    self, Actor, CaseAction, CaseBody, CaseKind, CaseRating, CaseState, Subject,
};
use crate::domain::collation;
use crate::domain::moment::local_date;
use crate::domain::{AgencyCode, CaseId, DossierId, Language, ProcedureCode};
use crate::i18n::Key;
use crate::store::cases::{self, Act, Carried, NewCase, OpenError};
use crate::store::catalog::Names;
use crate::store::{AnswerTx, StoreError, catalog, follows, survey};

/// At most this many followed dossiers to pick from (the newest).
const MAX_DOSSIERS: usize = 40;
/// Typed words kept to narrow the picker's list; a longer text finds nothing
/// a part of it would not, and the step stays small.
const MAX_QUERY_CHARS: usize = 100;

fn t(ctx: &Context, who: Who, key: Key) -> String {
    ctx.i18n.t(who.lang, key)
}

fn feedback_button(label: String, tap: FeedbackTap) -> Button {
    Button {
        label,
        callback: Callback::Feedback(tap),
    }
}

fn cancel_row(ctx: &Context, who: Who) -> Vec<Button> {
    vec![feedback_button(
        t(ctx, who, Key::CaseCancel),
        FeedbackTap::Cancel,
    )]
}

/// ✉️ Góp ý under a dossier's card, made for this citizen.
pub fn feedback_on_button(ctx: &Context, who: Who, dossier: DossierId) -> Button {
    Button {
        label: t(ctx, who, Key::CaseFeedbackButton),
        callback: Callback::feedback_on(&ctx.signer, who.user_id, dossier),
    }
}

/// The offer after a low rating: "Ông/Bà có muốn cơ quan liên hệ và trả lời không?"
pub fn offer(ctx: &Context, who: Who, dossier: DossierId) -> Outcome {
    let keyboard = Keyboard(vec![vec![feedback_on_button(ctx, who, dossier)]]);
    Outcome::send(who.chat_id, t(ctx, who, Key::CaseOffer), keyboard)
}

/// How many ended cases `/gopy` lists, the latest; a citizen of many years
/// would otherwise get a list longer than a message. `/mydata` lists all.
const ENDED_LISTED: usize = 5;

/// `/gopy`: the citizen's cases with their states, or a new case when they have none.
pub(super) async fn on_command(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
) -> Result<Outcome, FlowError> {
    let mine = cases::of_citizen(tx, who.chat_id).await?;
    if mine.is_empty() {
        let (text, keyboard) = ask_subject(tx, ctx, who).await?;
        return Ok(Outcome::send(who.chat_id, text, keyboard));
    }
    let mut text = t(ctx, who, Key::CaseListTitle);
    let mut rows = vec![vec![feedback_button(
        t(ctx, who, Key::CaseNew),
        FeedbackTap::New,
    )]];
    let mut ended = 0;
    for case in &mine {
        if !case.state.is_open() {
            ended += 1;
            if ended > ENDED_LISTED {
                continue;
            }
        }
        let number = case.number.to_string();
        text.push('\n');
        text.push_str(&list_line(ctx, who, case));
        let button = if case.state.is_open() {
            Some((Key::CaseWithdraw, CaseVerb::Withdraw))
        } else {
            case.answer
                .is_some()
                .then_some((Key::CaseRead, CaseVerb::Read))
        };
        if let Some((key, verb)) = button {
            rows.push(vec![Button {
                label: ctx.i18n.t_args(who.lang, key, &[("number", number.into())]),
                callback: Callback::case(verb, case.id),
            }]);
        }
    }
    if let Some(earlier) = ended.checked_sub(ENDED_LISTED).filter(|n| *n > 0) {
        text.push('\n');
        text.push_str(&ctx.i18n.t_args(
            who.lang,
            Key::CaseListEarlier,
            &[("count", (earlier as i64).into())],
        ));
    }
    Ok(Outcome::send(who.chat_id, text, Keyboard(rows)))
}

/// A case in the citizen's list: its deadline while it runs, then the day it
/// was last answered; a case withdrawn before any answer has neither.
fn list_line(ctx: &Context, who: Who, case: &cases::Case) -> String {
    let state = t(ctx, who, state_key(case.state));
    let (key, day) = if case.state.is_open() {
        (Key::CaseListLine, Some(case.due_day))
    } else if let Some(at) = case.answered_at {
        (Key::CaseListLineAnswered, Some(local_date(at)))
    } else {
        (Key::CaseListLineEnded, None)
    };
    let mut args = vec![
        ("number", case.number.to_string().into()),
        ("state", state.into()),
    ];
    if let Some(day) = day {
        args.push(("day", format_date(day).into()));
    }
    ctx.i18n.t_args(who.lang, key, &args)
}

/// The first stage: the dossiers they follow, an agency, a procedure or the province.
async fn ask_subject(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
) -> Result<(String, Keyboard), FlowError> {
    Step::Feedback {
        draft: CaseDraft::Subject,
    }
    .save(tx, who.chat_id)
    .await?;
    let mut rows: Vec<Vec<Button>> = follows::followed(tx, who.user_id, MAX_DOSSIERS)
        .await?
        .into_iter()
        .map(|(dossier, code)| {
            vec![Button {
                label: format!("📁 {code}"),
                callback: Callback::feedback_on(&ctx.signer, who.user_id, dossier),
            }]
        })
        .collect();
    for (key, tap) in [
        (Key::CaseSubjectAgency, FeedbackTap::AboutAgency),
        (Key::CaseSubjectProcedure, FeedbackTap::AboutProcedure),
        (Key::CaseSubjectProvince, FeedbackTap::AboutProvince),
    ] {
        rows.push(vec![feedback_button(t(ctx, who, key), tap)]);
    }
    rows.push(cancel_row(ctx, who));
    Ok((t(ctx, who, Key::CaseAskSubject), Keyboard(rows)))
}

/// ✉️ Góp ý on a dossier made for this citizen: the case is about it, with
/// its agency and procedure; whatever they were doing is left.
pub(super) async fn on_about_dossier(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    dossier: DossierId,
) -> Result<Outcome, FlowError> {
    let Some(facts) = survey::dossier_facts(tx, dossier).await? else {
        return Ok(tap.expired(ctx, who.lang));
    };
    let about = About {
        subject: Subject::Dossier,
        dossier: Some(dossier),
        agency: Some(facts.agency_code),
        procedure: Some(facts.procedure_code),
    };
    let (text, keyboard) = ask_kind(tx, ctx, who, about).await?;
    // A new message: the card or the offer it was under stays as it was.
    let mut outcome = Outcome::send(who.chat_id, text, keyboard);
    outcome.button_answer = Some(tap.answer(None));
    Ok(outcome)
}

async fn ask_kind(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    about: About,
) -> Result<(String, Keyboard), FlowError> {
    Step::Feedback {
        draft: CaseDraft::Kind { about },
    }
    .save(tx, who.chat_id)
    .await?;
    let mut rows: Vec<Vec<Button>> = CaseKind::ALL
        .iter()
        .map(|kind| {
            vec![feedback_button(
                t(ctx, who, kind_key(*kind)),
                FeedbackTap::Kind(*kind),
            )]
        })
        .collect();
    rows.push(cancel_row(ctx, who));
    Ok((t(ctx, who, Key::CaseAskKind), Keyboard(rows)))
}

/// Which list the picker shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listed {
    Agencies,
    Procedures,
}

impl Listed {
    /// The stage that waits for a pick from this list.
    fn draft(self, query: Option<String>) -> CaseDraft {
        match self {
            Self::Agencies => CaseDraft::Agency { query },
            Self::Procedures => CaseDraft::Procedure { query },
        }
    }

    fn pick(self, code: &str) -> FeedbackTap {
        let reference = ShortRef::of(code);
        match self {
            Self::Agencies => FeedbackTap::Agency(reference),
            Self::Procedures => FeedbackTap::Procedure(reference),
        }
    }

    fn page(self, page: usize) -> FeedbackTap {
        // Pages past u16 would need 655,360 names; the page is clamped anyway.
        let page = u16::try_from(page).unwrap_or(u16::MAX);
        match self {
            Self::Agencies => FeedbackTap::AgencyPage(page),
            Self::Procedures => FeedbackTap::ProcedurePage(page),
        }
    }

    /// The whole list again, as from the first stage.
    fn all(self) -> FeedbackTap {
        match self {
            Self::Agencies => FeedbackTap::AboutAgency,
            Self::Procedures => FeedbackTap::AboutProcedure,
        }
    }

    fn ask(self) -> Key {
        match self {
            Self::Agencies => Key::CaseAskAgency,
            Self::Procedures => Key::CaseAskProcedure,
        }
    }
}

/// An agency or procedure the picker may offer: its code and the name shown.
struct Choice {
    code: String,
    name: String,
}

/// Whether typed words find a name: in the citizen's language or in
/// Vietnamese (place names are Vietnamese in every language), accents aside,
/// or as part of its code ("000.00.32", "1.001193").
fn found(query: &str, code: &str, names: &Names, lang: Language) -> bool {
    let typed = query.trim().to_lowercase();
    collation::matches(query, names.get(lang))
        || collation::matches(query, names.get(Language::Vi))
        || (!typed.is_empty() && code.to_lowercase().contains(&typed))
}

/// The list's names that `query` finds (all without one), in Vietnamese order.
async fn choices(
    tx: &mut AnswerTx,
    who: Who,
    listed: Listed,
    query: Option<&str>,
) -> Result<Vec<Choice>, FlowError> {
    let names = match listed {
        Listed::Agencies => catalog::agency_names(tx).await?,
        Listed::Procedures => catalog::procedure_names(tx).await?,
    };
    let mut shown: Vec<Choice> = names
        .into_iter()
        .filter(|(code, names)| query.is_none_or(|q| found(q, code, names, who.lang)))
        .map(|(code, names)| Choice {
            name: names.get(who.lang).to_owned(),
            code,
        })
        .collect();
    collation::sort_by_name(&mut shown, |c| (&c.name, &c.code));
    Ok(shown)
}

/// One page of agencies or procedures by name, each a button that names it
/// by reference, with ‹ › to the other pages; narrowed to what `query` finds
/// when the citizen typed words (kept in the step, so that the page buttons
/// page through the same list). A page past the end shows the last.
///
/// Both paging and typing: a province's ~90 agencies page well (nine pages),
/// but its 1,000+ procedures would be a hundred pages, so the message says
/// that typing part of a name, without accents if need be, or a code finds it.
async fn ask_listed(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    listed: Listed,
    mut query: Option<String>,
    page: usize,
) -> Result<(String, Keyboard), FlowError> {
    let mut shown = choices(tx, who, listed, query.as_deref()).await?;
    let heading = match query.take() {
        None => t(ctx, who, listed.ask()),
        Some(typed) if shown.is_empty() => {
            // Nothing found: the whole list, so that the citizen is never stuck.
            shown = choices(tx, who, listed, None).await?;
            ctx.i18n
                .t_args(who.lang, Key::CasePickNone, &[("query", typed.into())])
        }
        Some(typed) => {
            let heading = ctx.i18n.t_args(
                who.lang,
                Key::CasePickFound,
                &[
                    ("count", FluentValue::from(shown.len())),
                    ("query", typed.clone().into()),
                ],
            );
            query = Some(typed);
            heading
        }
    };
    let page = Page::of(shown, page);
    let paging = page.paging(&ctx.i18n, who.lang, |p| Callback::Feedback(listed.page(p)));
    let line = page.line(&ctx.i18n, who.lang);
    let mut rows: Vec<Vec<Button>> = page
        .choices
        .into_iter()
        .map(|choice| vec![feedback_button(choice.name, listed.pick(&choice.code))])
        .collect();
    rows.extend(paging);
    if query.is_some() {
        rows.push(vec![feedback_button(
            t(ctx, who, Key::CasePickAll),
            listed.all(),
        )]);
    }
    rows.push(cancel_row(ctx, who));
    let mut text = heading;
    if let Some(line) = line {
        text.push('\n');
        text.push_str(&line);
    }
    text.push_str("\n\n");
    text.push_str(&t(ctx, who, Key::CasePickHint));
    Step::Feedback {
        draft: listed.draft(query),
    }
    .save(tx, who.chat_id)
    .await?;
    Ok((text, Keyboard(rows)))
}

/// Words typed while the picker waits: the list narrowed to what they find,
/// as a new message under them.
async fn search(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    listed: Listed,
    text: &str,
) -> Result<Outcome, FlowError> {
    let typed: String = text.trim().chars().take(MAX_QUERY_CHARS).collect();
    let query = (!typed.is_empty()).then_some(typed);
    let (text, keyboard) = ask_listed(tx, ctx, who, listed, query, 0).await?;
    Ok(Outcome::send(who.chat_id, text, keyboard))
}

fn ask_text(ctx: &Context, who: Who) -> (String, Keyboard) {
    let text = ctx.i18n.t_args(
        who.lang,
        Key::CaseAskText,
        &[("max", FluentValue::from(case::MAX_BODY_CHARS))],
    );
    (text, Keyboard(vec![cancel_row(ctx, who)]))
}

fn ask_photos(ctx: &Context, who: Who, gathered: &Gathered) -> (String, Keyboard) {
    let text = ctx.i18n.t_args(
        who.lang,
        Key::CaseAskPhotos,
        &[
            ("count", FluentValue::from(gathered.photos.len())),
            ("max", FluentValue::from(case::MAX_PHOTOS)),
        ],
    );
    let rows = vec![
        vec![feedback_button(
            t(ctx, who, Key::CaseNext),
            FeedbackTap::PhotosDone,
        )],
        cancel_row(ctx, who),
    ];
    (text, Keyboard(rows))
}

/// The summary before Send, with the tick to publish.
async fn confirm(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    gathered: Gathered,
    publish: bool,
) -> Result<(String, Keyboard), FlowError> {
    let about = &gathered.about;
    let about_words = about_text(
        tx,
        ctx,
        who.lang,
        about.dossier,
        about.agency.as_deref(),
        about.procedure.as_deref(),
    )
    .await?;
    let text = ctx.i18n.t_args(
        who.lang,
        Key::CaseConfirm,
        &[
            ("about", about_words.into()),
            ("kind", t(ctx, who, kind_key(gathered.kind)).into()),
            ("body", gathered.body.as_str().to_owned().into()),
            ("photos", FluentValue::from(gathered.photos.len())),
        ],
    );
    let tick = if publish {
        Key::CasePublishOn
    } else {
        Key::CasePublishOff
    };
    let rows = vec![
        vec![feedback_button(t(ctx, who, tick), FeedbackTap::Publish)],
        vec![
            feedback_button(t(ctx, who, Key::CaseSend), FeedbackTap::Send),
            feedback_button(t(ctx, who, Key::CaseCancel), FeedbackTap::Cancel),
        ],
    ];
    Step::Feedback {
        draft: CaseDraft::Confirm { gathered, publish },
    }
    .save(tx, who.chat_id)
    .await?;
    Ok((text, Keyboard(rows)))
}

/// A tap in the dialogue, at the stage it is at; a tap from another stage
/// (an old message) changes nothing.
pub(super) async fn on_tap(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    draft: Option<CaseDraft>,
    pressed: &FeedbackTap,
) -> Result<Outcome, FlowError> {
    let shown = match (draft, pressed) {
        (_, FeedbackTap::New) => ask_subject(tx, ctx, who).await?,
        (Some(_), FeedbackTap::Cancel) => {
            Step::Idle.save(tx, who.chat_id).await?;
            (t(ctx, who, Key::CaseCancelled), Keyboard::default())
        }
        // From the first stage, or 📋 the whole list again after a search.
        (Some(CaseDraft::Subject | CaseDraft::Agency { .. }), FeedbackTap::AboutAgency) => {
            ask_listed(tx, ctx, who, Listed::Agencies, None, 0).await?
        }
        (Some(CaseDraft::Subject | CaseDraft::Procedure { .. }), FeedbackTap::AboutProcedure) => {
            ask_listed(tx, ctx, who, Listed::Procedures, None, 0).await?
        }
        // A page of the list the step holds now, whichever message showed the button.
        (Some(CaseDraft::Agency { query }), FeedbackTap::AgencyPage(page)) => {
            ask_listed(tx, ctx, who, Listed::Agencies, query, usize::from(*page)).await?
        }
        (Some(CaseDraft::Procedure { query }), FeedbackTap::ProcedurePage(page)) => {
            ask_listed(tx, ctx, who, Listed::Procedures, query, usize::from(*page)).await?
        }
        (Some(CaseDraft::Subject), FeedbackTap::AboutProvince) => {
            let about = About {
                subject: Subject::Province,
                dossier: None,
                agency: None,
                procedure: None,
            };
            ask_kind(tx, ctx, who, about).await?
        }
        (Some(CaseDraft::Agency { .. }), FeedbackTap::Agency(reference)) => {
            let codes = catalog::agency_codes(tx).await?;
            let Some(code) = codes.into_iter().find(|c| reference.names(c)) else {
                return Ok(tap.expired(ctx, who.lang));
            };
            let about = About {
                subject: Subject::Agency,
                dossier: None,
                agency: Some(code),
                procedure: None,
            };
            ask_kind(tx, ctx, who, about).await?
        }
        (Some(CaseDraft::Procedure { .. }), FeedbackTap::Procedure(reference)) => {
            let codes = catalog::procedure_codes(tx).await?;
            let Some(code) = codes.into_iter().find(|c| reference.names(c)) else {
                return Ok(tap.expired(ctx, who.lang));
            };
            // A procedure alone names no agency: the intake routes it.
            let about = About {
                subject: Subject::Procedure,
                dossier: None,
                agency: None,
                procedure: Some(code),
            };
            ask_kind(tx, ctx, who, about).await?
        }
        (Some(CaseDraft::Kind { about }), FeedbackTap::Kind(kind)) => {
            let draft = CaseDraft::Text { about, kind: *kind };
            Step::Feedback { draft }.save(tx, who.chat_id).await?;
            ask_text(ctx, who)
        }
        (Some(CaseDraft::Photos(gathered)), FeedbackTap::PhotosDone) => {
            confirm(tx, ctx, who, gathered, false).await?
        }
        (Some(CaseDraft::Confirm { gathered, publish }), FeedbackTap::Publish) => {
            confirm(tx, ctx, who, gathered, !publish).await?
        }
        (Some(CaseDraft::Confirm { gathered, publish }), FeedbackTap::Send) => {
            return send(tx, ctx, who, tap, gathered, publish).await;
        }
        _ => return Ok(tap.expired(ctx, who.lang)),
    };
    let (text, keyboard) = shown;
    Ok(tap.replace(text, keyboard))
}

/// A text while a case is written: its body at the text stage; words to
/// look for while an agency or procedure is picked; elsewhere a word that
/// the buttons are waited for.
pub(super) async fn on_text(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    draft: CaseDraft,
    text: &str,
) -> Result<Outcome, FlowError> {
    let (about, kind) = match draft {
        CaseDraft::Text { about, kind } => (about, kind),
        CaseDraft::Agency { .. } => return search(tx, ctx, who, Listed::Agencies, text).await,
        CaseDraft::Procedure { .. } => {
            return search(tx, ctx, who, Listed::Procedures, text).await;
        }
        _ => return Ok(Outcome::say(who.chat_id, t(ctx, who, Key::CaseUseButtons))),
    };
    let Ok(body) = CaseBody::parse(text) else {
        let refusal = ctx.i18n.t_args(
            who.lang,
            Key::CaseTextInvalid,
            &[("max", FluentValue::from(case::MAX_BODY_CHARS))],
        );
        return Ok(Outcome::say(who.chat_id, refusal));
    };
    let gathered = Gathered {
        about,
        kind,
        body,
        photos: Vec::new(),
    };
    let (text, keyboard) = ask_photos(ctx, who, &gathered);
    Step::Feedback {
        draft: CaseDraft::Photos(gathered),
    }
    .save(tx, who.chat_id)
    .await?;
    Ok(Outcome::send(who.chat_id, text, keyboard))
}

/// A photo while a case is written: kept by file id at the photo stage; the
/// third goes on to the summary.
pub(super) async fn on_photo(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    draft: CaseDraft,
    file_id: &str,
) -> Result<Outcome, FlowError> {
    let CaseDraft::Photos(mut gathered) = draft else {
        return Ok(Outcome::say(who.chat_id, t(ctx, who, Key::CaseUseButtons)));
    };
    gathered.photos.push(file_id.to_owned());
    let (text, keyboard) = if gathered.photos.len() >= case::MAX_PHOTOS {
        confirm(tx, ctx, who, gathered, false).await?
    } else {
        let shown = ask_photos(ctx, who, &gathered);
        Step::Feedback {
            draft: CaseDraft::Photos(gathered),
        }
        .save(tx, who.chat_id)
        .await?;
        shown
    };
    Ok(Outcome::send(who.chat_id, text, keyboard))
}

/// Send: the case is opened under the day's next number and routed, unless
/// the citizen has too many open or sent a flood (held for review).
async fn send(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    gathered: Gathered,
    publish: bool,
) -> Result<Outcome, FlowError> {
    let now = Utc::now();
    let settings = &ctx.feedback;
    let mine = cases::of_citizen(tx, who.chat_id).await?;
    let open = mine.iter().filter(|c| c.state.is_open()).count();
    if open >= settings.max_open_per_citizen as usize {
        let refusal = ctx.i18n.t_args(
            who.lang,
            Key::CaseTooManyOpen,
            &[("max", FluentValue::from(settings.max_open_per_citizen))],
        );
        return Ok(tap.replace(refusal, Keyboard::default()));
    }
    let recent = cases::opened_since(tx, who.chat_id, now - Duration::hours(24)).await?;
    let about = gathered.about;
    let corrupt = |what: &str| StoreError::Corrupt(format!("a case draft's {what}"));
    let new = NewCase {
        subject: about.subject,
        dossier: about.dossier,
        procedure: about
            .procedure
            .as_deref()
            .map(ProcedureCode::parse)
            .transpose()
            .map_err(|_| corrupt("procedure"))?,
        agency: about
            .agency
            .as_deref()
            .map(AgencyCode::parse)
            .transpose()
            .map_err(|_| corrupt("agency"))?,
        kind: gathered.kind,
        language: gathered.body.written_in(who.lang),
        body: gathered.body,
        publish,
        photos: gathered.photos,
        held: recent >= i64::from(settings.hold_after_per_day),
        due_day: case::due_day(
            &ctx.deadlines.calendar,
            local_date(now),
            settings.answer_within_days,
        ),
    };
    let (id, number) = match cases::open(tx, who.chat_id, &new, now).await {
        Ok(opened) => opened,
        Err(OpenError::DayFull) => {
            return Ok(tap.toast(t(ctx, who, Key::ErrorApology)));
        }
        Err(OpenError::Store(error)) => return Err(error.into()),
    };
    if !new.held
        && let Some(case) = cases::get(tx, id).await?
    {
        route(tx, ctx, &case).await?;
    }
    Step::Idle.save(tx, who.chat_id).await?;
    // A held case reads the same to its sender: review is the office's business.
    let text = ctx.i18n.t_args(
        who.lang,
        Key::CaseSent,
        &[
            ("number", number.to_string().into()),
            ("due", format_date(new.due_day).into()),
        ],
    );
    Ok(tap.replace(text, Keyboard::default()))
}

/// The answer to a case, to its citizen, under the name of the agency that
/// holds it, with the buttons to rate it.
pub async fn answer_message(
    conn: &mut sqlx::SqliteConnection,
    ctx: &Context,
    id: CaseId,
    lang: Language,
) -> Result<Option<(String, Keyboard)>, StoreError> {
    match cases::get(&mut *conn, id).await? {
        Some(case) => answer_of(conn, ctx, &case, lang).await,
        None => Ok(None),
    }
}

/// [`answer_message`] of a case already read; None once its answer's text
/// was erased.
async fn answer_of(
    conn: &mut sqlx::SqliteConnection,
    ctx: &Context,
    case: &cases::Case,
    lang: Language,
) -> Result<Option<(String, Keyboard)>, StoreError> {
    let Some(answer) = case.answer.clone() else {
        return Ok(None);
    };
    let agency = holder_name(conn, ctx, lang, case.agency.as_deref()).await?;
    let text = ctx.i18n.t_args(
        lang,
        Key::CaseAnswerToCitizen,
        &[
            ("agency", agency.into()),
            ("number", case.number.to_string().into()),
            ("answer", answer.into()),
        ],
    );
    let rate = |key: Key, verb: CaseVerb| Button {
        label: ctx.i18n.t(lang, key),
        callback: Callback::case(verb, case.id),
    };
    let keyboard = Keyboard(vec![vec![
        rate(Key::CaseSatisfied, CaseVerb::Satisfied),
        rate(Key::CaseNotSatisfied, CaseVerb::NotSatisfied),
    ]]);
    Ok(Some((text, keyboard)))
}

/// Withdraw, or a rating of the answer, on a case of this citizen's; any
/// other presser's tap changes nothing.
pub(super) async fn on_case_tap(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    pressed: CaseTap,
) -> Result<Outcome, FlowError> {
    let owner = cases::citizen_chat(tx, pressed.case).await?;
    let Some(case) = cases::get(tx, pressed.case)
        .await?
        .filter(|_| owner == Some(who.chat_id))
    else {
        return Ok(tap.expired(ctx, who.lang));
    };
    let number = case.number.to_string();
    let with_number = |key: Key| {
        ctx.i18n
            .t_args(who.lang, key, &[("number", number.clone().into())])
    };
    let action = match pressed.verb {
        CaseVerb::Read => return read_again(tx, ctx, who, tap, &case).await,
        CaseVerb::Withdraw => CaseAction::Withdraw,
        CaseVerb::Satisfied => CaseAction::Rate(CaseRating::Satisfied),
        // The first "not satisfied" asks why before it reopens the case.
        CaseVerb::NotSatisfied if case.state == CaseState::Answered && !case.reopened => {
            Step::ReopenReason { case: case.id }
                .save(tx, who.chat_id)
                .await?;
            let keyboard = Keyboard(vec![vec![feedback_button(
                t(ctx, who, Key::CaseSkip),
                FeedbackTap::SkipReason,
            )]]);
            let mut outcome = Outcome::send(who.chat_id, t(ctx, who, Key::CaseAskReason), keyboard);
            outcome.button_answer = Some(tap.answer(None));
            return Ok(outcome);
        }
        CaseVerb::NotSatisfied => CaseAction::Rate(CaseRating::NotSatisfied),
        CaseVerb::Take | CaseVerb::Forward | CaseVerb::Answer => {
            return Ok(tap.expired(ctx, who.lang));
        }
    };
    let act = Act {
        actor: Actor::Citizen,
        user: None,
        action,
        note: None,
    };
    let Ok(state) = cases::apply(tx, case.id, act, Utc::now()).await? else {
        return Ok(tap.toast(t(ctx, who, Key::CaseNotNow)));
    };
    let key = match state {
        CaseState::Withdrawn => Key::CaseWithdrawn,
        _ => Key::CaseClosedThanks,
    };
    Ok(tap.replace(with_number(key), Keyboard::default()))
}

/// The answer to a case of the citizen's, sent again as it was first sent;
/// its rating buttons only while the answer waits for its rating.
async fn read_again(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    tap: &Tap<'_>,
    case: &cases::Case,
) -> Result<Outcome, FlowError> {
    let Some((text, keyboard)) = answer_of(tx, ctx, case, who.lang).await? else {
        // Its text was erased with the retention period's other texts.
        return Ok(tap.expired(ctx, who.lang));
    };
    let keyboard = if case.state == CaseState::Answered {
        keyboard
    } else {
        Keyboard::default()
    };
    let mut outcome = Outcome::send(who.chat_id, text, keyboard);
    outcome.button_answer = Some(tap.answer(None));
    Ok(outcome)
}

/// The reason for a first "not satisfied", typed or skipped (None): the case
/// reopens with a new deadline and goes back to the staff chat holding it.
pub(super) async fn on_reason(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    id: CaseId,
    reason: Option<&str>,
) -> Result<Outcome, FlowError> {
    Step::Idle.save(tx, who.chat_id).await?;
    let owner = cases::citizen_chat(tx, id).await?;
    let Some(case) = cases::get(tx, id)
        .await?
        .filter(|_| owner == Some(who.chat_id))
    else {
        return Ok(Outcome::say(who.chat_id, t(ctx, who, Key::CaseNotNow)));
    };
    let now = Utc::now();
    let reason: Option<String> = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().take(case::MAX_BODY_CHARS).collect());
    let act = Act {
        actor: Actor::Citizen,
        user: None,
        action: CaseAction::Rate(CaseRating::NotSatisfied),
        note: reason.as_deref(),
    };
    let Ok(state) = cases::apply(tx, id, act, now).await? else {
        return Ok(Outcome::say(who.chat_id, t(ctx, who, Key::CaseNotNow)));
    };
    let number = case.number.to_string();
    if state != CaseState::Reopened {
        let text = ctx.i18n.t_args(
            who.lang,
            Key::CaseClosedThanks,
            &[("number", number.into())],
        );
        return Ok(Outcome::say(who.chat_id, text));
    }
    let due = case::due_day(
        &ctx.deadlines.calendar,
        local_date(now),
        ctx.feedback.answer_within_days,
    );
    cases::carry(tx, id, Carried::DueDay(due), now).await?;
    if let Some(reopened) = cases::get(tx, id).await?
        && !reopened.held
    {
        route(tx, ctx, &reopened).await?;
    }
    let text = ctx.i18n.t_args(
        who.lang,
        Key::CaseReopened,
        &[("number", number.into()), ("due", format_date(due).into())],
    );
    Ok(Outcome::say(who.chat_id, text))
}
