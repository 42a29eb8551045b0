//! The words of notifications, chosen when one leaves the outbox, in the
//! recipient's language at that moment.

use chrono::NaiveDate;
use fluent_bundle::FluentValue;
use sqlx::SqliteConnection;

use super::card::format_date;
use super::commands::Menu;
use super::guidance::push_guidance;
use super::survey::{invitation, level_key};
use super::{Button, Callback, Context, Keyboard};
use crate::domain::case::DeadlineStage;
use crate::domain::ids::{CaseId, ChatId, UserId};
use crate::domain::moment::local_date;
use crate::domain::{Grant, Language, Level, Role, Scope, Status};
use crate::i18n::{I18n, Key};
use crate::store::catalog::{self, Listed};
use crate::store::dossiers::{self, DossierView};
use crate::store::outbox::Notification;
use crate::store::survey::{self, ResponseView};
use crate::store::{StoreError, cases, citizens, pull_asks, roles};

/// The text and buttons of `notification` to `chat_id`; None when what it is
/// about no longer exists.
pub async fn word(
    ctx: &Context,
    conn: &mut SqliteConnection,
    chat_id: ChatId,
    notification: &Notification,
) -> Result<Option<(String, Keyboard)>, StoreError> {
    let (dossier_id, reminder) = match notification {
        Notification::LowRatingAlert { response_id } => {
            let Some(response) = survey::response_view(&mut *conn, *response_id).await? else {
                return Ok(None);
            };
            let view = dossiers::find_dossier_by_id(&mut *conn, response.dossier_id).await?;
            return Ok(view.map(|view| {
                let text = low_rating_alert(ctx, &view, &response);
                (text, Keyboard::default())
            }));
        }
        Notification::DelayApology { dossier_id } => {
            let Some(view) = dossiers::find_dossier_by_id(&mut *conn, *dossier_id).await? else {
                return Ok(None);
            };
            let lang = citizens::language_of(&mut *conn, UserId(chat_id.0)).await?;
            return Ok(
                delay_apology(&ctx.i18n, lang, &view).map(|text| (text, Keyboard::default()))
            );
        }
        Notification::CaseToStaff { case_id } => {
            let Some(case) = cases::get(&mut *conn, *case_id).await? else {
                return Ok(None);
            };
            return super::cases::staff_card(conn, ctx, &case).await.map(Some);
        }
        Notification::CaseAnswer { case_id } => {
            let lang = citizens::language_of(&mut *conn, UserId(chat_id.0)).await?;
            return super::feedback::answer_message(conn, ctx, *case_id, lang).await;
        }
        Notification::CaseDeadline {
            case_id,
            due_day,
            stage,
        } => {
            // Staff chats and admins' private chats: the reader's language
            // if they chose one, else Vietnamese.
            let lang = citizens::language_of(&mut *conn, UserId(chat_id.0)).await?;
            let text = case_deadline(&ctx.i18n, conn, lang, *case_id, *due_day, *stage).await?;
            return Ok(text.map(|text| (text, Keyboard::default())));
        }
        Notification::RoleChanged { granted } => {
            let user = UserId(chat_id.0);
            // Only the last change is told: the one before it no longer holds.
            if roles::granted(&mut *conn, user).await? != *granted {
                return Ok(None);
            }
            let lang = citizens::language_of(&mut *conn, user).await?;
            let role = ctx.roles.resolve(user, granted.clone());
            let text = role_changed(&ctx.i18n, conn, lang, &role).await?;
            return Ok(Some((text, Keyboard::default())));
        }
        Notification::StatusChanged { dossier_id, .. }
        | Notification::SourceDropped { dossier_id } => (dossier_id, false),
        Notification::SurveyInvitation { dossier_id } => (dossier_id, false),
        Notification::SurveyReminder { dossier_id } => (dossier_id, true),
    };
    let Some(view) = dossiers::find_dossier_by_id(&mut *conn, *dossier_id).await? else {
        return Ok(None);
    };
    // Notifications go to private chats, whose id is their citizen's.
    let citizen = UserId(chat_id.0);
    let lang = citizens::language_of(&mut *conn, citizen).await?;
    let text = match notification {
        Notification::StatusChanged { status, at, .. } => {
            let text = status_changed(&ctx.i18n, lang, &view, *status, local_date(*at));
            // A dossier whose course has ended has nothing more to follow.
            if status.is_final() {
                return Ok(Some((text, Keyboard::default())));
            }
            text
        }
        // Not sent once the source knows the dossier again, or an import or
        // the ingest API has taken it over.
        Notification::SourceDropped { .. } => {
            let Some(since) = pull_asks::given_up_since(&mut *conn, view.id).await? else {
                return Ok(None);
            };
            source_dropped(&ctx.i18n, lang, &view, local_date(since))
        }
        // The survey's invitation and its reminder.
        _ => return Ok(Some(invitation(ctx, lang, citizen, &view, reminder))),
    };
    let unfollow = Keyboard(vec![vec![Button {
        label: ctx.i18n.t(lang, Key::UnfollowButton),
        callback: Callback::unfollow(&ctx.signer, citizen, view.id),
    }]]);
    Ok(Some((text, unfollow)))
}

/// The news of a role given or taken away, to its holder: what it lets them
/// read, and their new commands as `/help` explains them.
async fn role_changed(
    i18n: &I18n,
    conn: &mut SqliteConnection,
    lang: Language,
    role: &Role,
) -> Result<String, StoreError> {
    let granted = match role {
        Role::Citizen => return Ok(i18n.t(lang, Key::RoleRevoked)),
        Role::Admin => Grant::Admin,
        Role::Staff(scope) => Grant::Staff(scope.clone()),
    };
    let words = RoleWords {
        admin: Key::RoleGrantedAdmin,
        every_agency: Key::RoleGrantedStaff,
        agencies: Key::RoleGrantedStaffAgencies,
    };
    let news = grant_text(i18n, conn, lang, &granted, &words, &[]).await?;
    // Everyone's commands, the first section, are not news to them.
    let sections = Menu::of(role).help().iter().skip(1);
    let mut text = news;
    for key in sections {
        text.push_str("\n\n");
        text.push_str(&i18n.t(lang, *key));
    }
    Ok(text)
}

/// How a message words a grant: an admin's, staff's of every agency, or
/// staff's of some (`$agencies`, by name and code).
pub struct RoleWords {
    pub admin: Key,
    pub every_agency: Key,
    pub agencies: Key,
}

/// `grant` as `words` say it, with `args` besides; the one place that
/// names a grant's agencies. The arguments are Strings until the agencies
/// are read: a `FluentValue` held across an await would make the answer's
/// future not `Send`.
pub async fn grant_text(
    i18n: &I18n,
    conn: &mut SqliteConnection,
    lang: Language,
    grant: &Grant,
    words: &RoleWords,
    args: &[(&str, String)],
) -> Result<String, StoreError> {
    let mut args = args.to_vec();
    let key = match grant {
        Grant::Admin => words.admin,
        Grant::Staff(Scope::All) => words.every_agency,
        Grant::Staff(Scope::Agencies(codes)) => {
            let mut agencies = Vec::new();
            for code in codes {
                agencies
                    .push(catalog::label(&mut *conn, Listed::Agency, code.as_str(), lang).await?);
            }
            args.push(("agencies", agencies.join("; ")));
            words.agencies
        }
    };
    let args: Vec<(&str, FluentValue<'_>)> = args
        .into_iter()
        .map(|(name, value)| (name, value.into()))
        .collect();
    Ok(i18n.t_args(lang, key, &args))
}

/// The refresh gave up on a followed dossier the status source no longer
/// finds (since `since`): what it last knew, and whom to ask.
pub fn source_dropped(i18n: &I18n, lang: Language, view: &DossierView, since: NaiveDate) -> String {
    i18n.t_args(
        lang,
        Key::SourceDropped,
        &[
            ("code", view.code.clone().into()),
            ("since", format_date(since).into()),
            ("status", i18n.t(lang, Key::status(view.status)).into()),
            ("agency", view.agency.get(lang).to_owned().into()),
        ],
    )
}

/// A status notification: what changed, when, what to do now and what the office wrote.
pub fn status_changed(
    i18n: &I18n,
    lang: Language,
    view: &DossierView,
    status: Status,
    at: NaiveDate,
) -> String {
    let mut text = i18n.t_args(
        lang,
        Key::StatusChanged,
        &[
            ("code", view.code.clone().into()),
            ("status", i18n.t(lang, Key::status(status)).into()),
            ("date", format_date(at).into()),
        ],
    );
    push_guidance(&mut text, i18n, lang, view, status);
    text
}

/// Form 04: the apology, the first promised date, the reason and the new
/// date; None when the dossier no longer carries an apology.
pub fn delay_apology(i18n: &I18n, lang: Language, view: &DossierView) -> Option<String> {
    let facts = view.deadline_facts();
    let (date, reason) = facts.apology()?;
    Some(i18n.t_args(
        lang,
        Key::DelayApology,
        &[
            ("code", view.code.clone().into()),
            ("agency", view.agency.get(lang).to_owned().into()),
            ("due", format_date(view.due_at).into()),
            ("reason", reason.to_owned().into()),
            ("date", format_date(date).into()),
        ],
    ))
}

/// The alert to the agency's staff chat, in Vietnamese: the code, the procedure,
/// the answers and the comment; never who gave them.
pub fn low_rating_alert(ctx: &Context, view: &DossierView, response: &ResponseView) -> String {
    let lang = Language::Vi;
    let label = |key: &str| {
        Level::from_key(key)
            .map(|l| ctx.i18n.t(lang, level_key(l)))
            .unwrap_or_else(|| key.to_owned())
    };
    let mut answers = Vec::new();
    if let Some(attitude) = &response.attitude {
        answers.push(format!(
            "{}: {}",
            ctx.i18n.t(lang, Key::SurveyAttitude),
            label(attitude)
        ));
    }
    if let Some(agencies) = response.agencies {
        let key = match agencies {
            2 => Key::AgenciesNone,
            1 => Key::AgenciesOneStop,
            _ => Key::AgenciesSeveral,
        };
        answers.push(format!(
            "{}: {}",
            ctx.i18n.t(lang, Key::SurveyAgencies),
            ctx.i18n.t(lang, key)
        ));
    }
    let procedure = format!("{} ({})", view.procedure.get(lang), view.procedure_code);
    let or_dash = |text: Option<String>| text.unwrap_or_else(|| "—".to_owned());
    ctx.i18n.t_args(
        lang,
        Key::LowRatingAlert,
        &[
            ("code", view.code.clone().into()),
            ("procedure", procedure.into()),
            ("overall", label(&response.overall).into()),
            (
                "answers",
                or_dash((!answers.is_empty()).then(|| answers.join("\n"))).into(),
            ),
            ("comment", or_dash(response.comment.clone()).into()),
        ],
    )
}

/// A reminder of a case's deadline, or its escalation once overdue; None
/// when the case was answered or given another due day since it was queued.
async fn case_deadline(
    i18n: &I18n,
    conn: &mut SqliteConnection,
    lang: Language,
    case_id: CaseId,
    due_day: NaiveDate,
    stage: DeadlineStage,
) -> Result<Option<String>, StoreError> {
    let Some(case) = cases::get(&mut *conn, case_id).await? else {
        return Ok(None);
    };
    if !case.state.is_open() || case.due_day != due_day {
        return Ok(None);
    }
    let agency = match &case.agency {
        Some(code) => catalog::label(&mut *conn, Listed::Agency, code, lang).await?,
        None => i18n.t(lang, Key::CaseIntake),
    };
    let key = match stage {
        DeadlineStage::HalfTime => Key::CaseRemindHalfTime,
        DeadlineStage::LastDay => Key::CaseRemindLastDay,
        DeadlineStage::Overdue => Key::CaseEscalated,
    };
    Ok(Some(i18n.t_args(
        lang,
        key,
        &[
            ("number", case.number.to_string().into()),
            ("due", format_date(due_day).into()),
            ("agency", agency.into()),
        ],
    )))
}
