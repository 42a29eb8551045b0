//! `/dashboard`: a staff member asks for a one-time link that logs them into
//! the web dashboard. The link is signed and says when it was made; the
//! dashboard checks its age and that it is opened once. Nothing is stored
//! here, so a replayed update only repeats a link.

use chrono::Utc;

use super::{Context, Outcome, Who};
use crate::domain::Role;
use crate::i18n::Key;
use crate::links::{self, LOGIN_LINK_MINUTES, LoginToken};

pub fn on_dashboard(ctx: &Context, who: Who, role: &Role) -> Outcome {
    let say = |key: Key| Outcome::say(who.chat_id, ctx.i18n.t(who.lang, key));
    // Hidden from citizens: the same answer as for a command that does not exist.
    if role.scope().is_none() {
        return say(Key::UnknownCommand);
    }
    let Ok(id) = links::random_id() else {
        tracing::error!("no randomness for a dashboard login link");
        return say(Key::ErrorApology);
    };
    let token = ctx.signer.login_token(&LoginToken {
        user: who.user_id,
        lang: who.lang,
        issued: Utc::now(),
        id,
    });
    let url = format!(
        "{}/dashboard/login?t={token}",
        ctx.public_url.as_str().trim_end_matches('/')
    );
    Outcome::say(
        who.chat_id,
        ctx.i18n.t_args(
            who.lang,
            Key::DashboardLink,
            &[("url", url.into()), ("minutes", LOGIN_LINK_MINUTES.into())],
        ),
    )
}
