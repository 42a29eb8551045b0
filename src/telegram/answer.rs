//! What the Bot API answers, read here rather than by teloxide's requester:
//! that sleeps 10 s after every 5xx before it reports it, so a reply or a
//! poll would hear of Telegram's return that much later than its backoff
//! says. One reading for `getUpdates` ([`super::polling`]) and for every
//! message, edit, answer to a button and upload ([`super::outgoing`]).

use reqwest::Url;
use serde::Deserialize;
use teloxide::Bot;

/// The answer's envelope; `R`, the result, is read as the caller needs.
#[derive(Deserialize)]
pub(super) struct Answer<R> {
    pub ok: bool,
    pub result: Option<R>,
    pub description: Option<String>,
    pub parameters: Option<Parameters>,
}

#[derive(Deserialize)]
pub(super) struct Parameters {
    pub retry_after: Option<u64>,
    pub migrate_to_chat_id: Option<i64>,
}

/// The address of `method` for `bot`; None if its API URL cannot take a path.
pub(super) fn method_url(bot: &Bot, method: &str) -> Option<Url> {
    let mut url = bot.api_url();
    url.path_segments_mut()
        .ok()?
        .pop_if_empty()
        .push(&format!("bot{}", bot.token()))
        .push(method);
    Some(url)
}
