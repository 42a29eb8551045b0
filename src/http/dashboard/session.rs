//! Logging in with a one-time link, and the session cookie that follows.
//!
//! A link works for [`LOGIN_LINK_MINUTES`] and once; it opens a session of
//! [`SESSION_HOURS`] limited to the agencies the person could read then. On
//! every request the role is read again (configuration and grants): a role
//! that is gone or changed ends all of that person's sessions. Logging out
//! ends the one session, in the database as in the browser.

use axum::extract::{FromRequestParts, Query, State};
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::page;
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::{Language, Role, Roles, Scope, UserId};
use crate::http::HttpState;
use crate::links::{LOGIN_LINK_MINUTES, random_id};
use crate::store::audit::{self, Entry};
use crate::store::dashboard::{self, Session};

const COOKIE_NAME: &str = "hailong_dashboard";
/// How long a session lasts after login.
const SESSION_HOURS: i64 = 8;
/// How far ahead of this server's clock a link's time may be (another
/// process of the same server signed it).
const CLOCK_SKEW_MINUTES: i64 = 1;

/// A staff member with a live session, and what they may read now.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: UserId,
    pub lang: Language,
    /// The agencies they read; None: every agency.
    pub agencies: Option<Vec<String>>,
    /// Their role now, for the rule of who handles a case.
    pub role: Role,
}

/// A scope as the store's agency list: None reads every agency.
fn agency_list(scope: &Scope) -> Option<Vec<String>> {
    match scope {
        Scope::All => None,
        Scope::Agencies(codes) => Some(codes.iter().map(ToString::to_string).collect()),
    }
}

/// What `user` may read now, from the configuration and the grants; None
/// when they are no longer staff.
async fn current_scope(
    conn: &mut sqlx::SqliteConnection,
    roles: &Roles,
    user: UserId,
) -> anyhow::Result<Option<Option<Vec<String>>>> {
    Ok(current_role(conn, roles, user)
        .await?
        .scope()
        .map(agency_list))
}

async fn current_role(
    conn: &mut sqlx::SqliteConnection,
    roles: &Roles,
    user: UserId,
) -> anyhow::Result<Role> {
    Ok(crate::store::roles::role_of(conn, roles, user).await?)
}

/// The cookie keeps the id; the database keeps its hash.
fn id_hash(id: &str) -> String {
    hex::encode(Sha256::digest(id.as_bytes()))
}

/// The language a browser asks for first, for the login page, which knows
/// no one yet.
pub fn browser_language(headers: &HeaderMap) -> Language {
    headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|tag| Language::parse(tag.split(';').next().unwrap_or_default()).ok())
        .unwrap_or(Language::Vi)
}

/// The login page, with 401: what anyone without a live session gets.
pub fn login_page(state: &HttpState, lang: Language) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Html(page::login(&state.i18n, lang, &state.dashboard.bot_username).into_string()),
    )
        .into_response()
}

fn failed(error: &anyhow::Error) -> Response {
    tracing::error!(error = %error, "the dashboard cannot read the database");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
}

impl FromRequestParts<HttpState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &HttpState,
    ) -> Result<Self, Self::Rejection> {
        let login = || login_page(state, browser_language(&parts.headers));
        let Some(id) = session_cookie(&parts.headers) else {
            return Err(login());
        };
        match live_staff(state, &id).await {
            Ok(Some(staff)) => Ok(staff),
            Ok(None) => Err(login()),
            Err(error) => Err(failed(&error)),
        }
    }
}

/// The staff member behind session `id`, if it is live and their role is
/// what it was at login; a role gone or changed ends their sessions.
async fn live_staff(state: &HttpState, id: &str) -> anyhow::Result<Option<Staff>> {
    let now = Utc::now();
    let mut conn = state.store.read().await?;
    let Some(session) = dashboard::find(&mut conn, &id_hash(id), now).await? else {
        return Ok(None);
    };
    let role = current_role(&mut conn, &state.dashboard.roles, session.user).await?;
    drop(conn);
    let scope = role.scope().map(agency_list);
    if scope.as_ref() != Some(&session.scope) {
        let mut tx = state.store.begin_write().await?;
        let ended = dashboard::end_all(&mut tx, session.user).await?;
        tx.commit().await?;
        tracing::info!(ended, "dashboard sessions ended: the role changed");
        return Ok(None);
    }
    Ok(Some(Staff {
        user: session.user,
        lang: session.lang,
        agencies: session.scope,
        role,
    }))
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    t: Option<String>,
    /// The login page's language, when it is not the browser's: after a
    /// logout, the one the person read the dashboard in.
    lang: Option<String>,
}

/// `GET /dashboard/login?t=TOKEN`: a valid, unused link from someone who is
/// still staff opens a session; anything else gets the login page.
pub async fn login(
    State(state): State<HttpState>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let lang = query
        .lang
        .as_deref()
        .and_then(|lang| Language::parse(lang).ok())
        .unwrap_or_else(|| browser_language(&headers));
    match open_session(&state, query.t.as_deref()).await {
        Ok(Some((id, lang))) => {
            let Some(cookie) = cookie(&state, &id, SESSION_HOURS * 3600) else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            // Not a 303: after a link opened from another site (Telegram
            // Web), a browser does not send a SameSite=Strict cookie along
            // the redirect; a page of this site that moves on does.
            (
                [(SET_COOKIE, cookie)],
                Html(page::logged_in(&state.i18n, lang).into_string()),
            )
                .into_response()
        }
        Ok(None) => login_page(&state, lang),
        Err(error) => failed(&error),
    }
}

/// The session cookie holding `value` for `max_age` seconds; None if the
/// value cannot be a header's (it is always a random id or nothing).
fn cookie(state: &HttpState, value: &str, max_age: i64) -> Option<HeaderValue> {
    let secure = if state.dashboard.secure {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// `POST /dashboard/logout`: ends this browser's session in the database,
/// so that a copy of its cookie opens nothing either, clears the cookie and
/// goes to the login page. On a computer the office shares, the next person
/// does not find the last one's figures.
pub async fn logout(State(state): State<HttpState>, headers: HeaderMap) -> Response {
    let lang = match session_cookie(&headers) {
        Some(id) => match end_session(&state, &id).await {
            Ok(lang) => lang,
            Err(error) => return failed(&error),
        },
        None => None,
    };
    tracing::info!(ended = lang.is_some(), "dashboard logout");
    // The login page in the language the person read the dashboard in,
    // not the browser's, which on an office computer may be another.
    let login = match lang {
        Some(lang) => format!("/dashboard/login?lang={}", lang.code()),
        None => "/dashboard".to_owned(),
    };
    let (Some(cleared), Ok(login)) = (cookie(&state, "", 0), HeaderValue::from_str(&login)) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, login), (SET_COOKIE, cleared)],
    )
        .into_response()
}

/// Ends session `id`, in the audit trail as its login is; the language it
/// was read in, if it was live.
async fn end_session(state: &HttpState, id: &str) -> anyhow::Result<Option<Language>> {
    let mut tx = state.store.begin_write().await?;
    let Some((user, lang)) = dashboard::end(&mut tx, &id_hash(id)).await? else {
        return Ok(None);
    };
    audit::record(
        &mut tx,
        &Entry {
            at: Utc::now(),
            actor: AuditActor::User(user),
            action: AuditAction::DashboardLogout,
            target: None,
            detail: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some(lang))
}

/// The new session's cookie id and language, or None when the link is not
/// one to honour.
async fn open_session(
    state: &HttpState,
    raw: Option<&str>,
) -> anyhow::Result<Option<(String, Language)>> {
    let Some(token) = raw.and_then(|raw| state.dashboard.signer.open_login_token(raw).ok()) else {
        return Ok(None);
    };
    let now = Utc::now();
    let life = Duration::minutes(LOGIN_LINK_MINUTES);
    let skew = Duration::minutes(CLOCK_SKEW_MINUTES);
    if token.issued > now + skew || now - token.issued > life {
        return Ok(None);
    }
    let mut tx = state.store.begin_write().await?;
    let Some(scope) = current_scope(&mut tx, &state.dashboard.roles, token.user).await? else {
        return Ok(None);
    };
    if !dashboard::use_link(&mut tx, &token.id, now, now - life - skew).await? {
        return Ok(None);
    }
    let id = random_id()?;
    let detail = match &scope {
        None => "all agencies".to_owned(),
        Some(codes) => codes.join(" "),
    };
    let session = Session {
        user: token.user,
        scope,
        lang: token.lang,
        expires_at: now + Duration::hours(SESSION_HOURS),
    };
    dashboard::open(&mut tx, &id_hash(&id), &session, now).await?;
    audit::record(
        &mut tx,
        &Entry {
            at: now,
            actor: AuditActor::User(token.user),
            action: AuditAction::DashboardLogin,
            target: None,
            detail: Some(detail),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Some((id, token.lang)))
}
