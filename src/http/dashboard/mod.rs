//! The staff dashboard that `hailong run` serves under `/dashboard`. Staff
//! log in with a one-time link the bot gives them (`/dashboard` in the
//! chat) and read the index of their own agencies. The page is HTML written
//! on the server (maud) with its SVG charts, its CSS and its few lines of JS
//! inline: the office may be cut off from the internet.

mod chart;
mod export;
mod filters;
mod font;
mod page;
mod session;
mod view;

use std::sync::Arc;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::{get, post};

use super::HttpState;
use crate::domain::deadline::Deadlines;
use crate::domain::satisfaction::IndexRules;
use crate::domain::{Roles, Scale};
use crate::links::Signer;

/// What the dashboard needs besides the database and the words.
#[derive(Debug)]
pub struct Dashboard {
    /// Checks the login links the bot signed.
    pub signer: Signer,
    /// The configuration's roles; granted ones are read on every request.
    pub roles: Arc<Roles>,
    pub deadlines: Arc<Deadlines>,
    pub index: IndexRules,
    /// The survey's levels: the levels card shows what `/stats` shows.
    pub scale: Scale,
    /// The public URL is `https`: cookies are sent only over HTTPS.
    pub secure: bool,
    /// The bot's username, for the login page's link to it; empty when
    /// Telegram gave none.
    pub bot_username: String,
}

pub fn routes() -> Router<HttpState> {
    Router::new()
        .route("/dashboard", get(page::show))
        .route("/dashboard/login", get(session::login))
        .route("/dashboard/logout", post(session::logout))
        .route("/dashboard/export.csv", get(export::csv))
        .route("/dashboard/export.xlsx", get(export::xlsx))
        .route("/dashboard/cases/{number}", get(page::case))
        .layer(map_response(private))
        // After the layer: the font is nobody's, and a cache may keep it.
        .route("/dashboard/khmer.ttf", get(font::khmer))
}

/// Figures and login links are for one person: no cache keeps a page, and
/// no other site learns the address a page was opened at.
async fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}
