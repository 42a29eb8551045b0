//! `/grant staff|admin USER_ID [AGENCY_CODE…]` and `/revoke USER_ID`: an
//! admin gives and takes roles in the chat, as `hailong roles` does at the
//! server. Each is recorded in the audit trail in the same transaction.

use std::collections::HashSet;

use chrono::Utc;

use super::commands::Menu;
use super::notifications::{RoleWords, grant_text};
use super::{Context, FlowError, Outcome, Who};
use crate::domain::audit::AuditActor;
use crate::domain::{Grant, Scope, UserId};
use crate::i18n::Key;
use crate::store::{AnswerTx, catalog, roles};

/// Only called for admins: the router answers anyone else as it answers an
/// unknown command.
pub async fn on_grant(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let say = |text: String| Ok(Outcome::say(who.chat_id, text));
    let words: Vec<&str> = argument.unwrap_or_default().split_whitespace().collect();
    let (Some(role), Some(Ok(user))) = (words.first(), words.get(1).map(|id| UserId::parse(id)))
    else {
        return say(ctx.i18n.t(who.lang, Key::GrantUsage));
    };
    let Ok(grant) = Grant::parse(role, words.get(2..).unwrap_or_default()) else {
        return say(ctx.i18n.t(who.lang, Key::GrantUsage));
    };
    if ctx.roles.configured(user) {
        return say(user_text(ctx, who, Key::RoleInConfiguration, user));
    }
    if let Grant::Staff(Scope::Agencies(codes)) = &grant {
        let known: HashSet<String> = catalog::agency_codes(tx).await?.into_iter().collect();
        if let Some(unknown) = codes.iter().find(|c| !known.contains(c.as_str())) {
            return say(ctx.i18n.t_args(
                who.lang,
                Key::GrantUnknownAgency,
                &[("code", unknown.as_str().to_owned().into())],
            ));
        }
    }
    roles::grant(tx, user, &grant, AuditActor::User(who.user_id), Utc::now()).await?;
    let words = RoleWords {
        admin: Key::GrantDoneAdmin,
        every_agency: Key::GrantDoneStaff,
        agencies: Key::GrantDoneStaffAgencies,
    };
    let user_arg = [("user", user.to_string())];
    let text = grant_text(&ctx.i18n, tx, who.lang, &grant, &words, &user_arg).await?;
    Ok(with_menu(
        ctx,
        Outcome::say(who.chat_id, text),
        user,
        Some(grant),
    ))
}

/// Only called for admins, like [`on_grant`].
pub async fn on_revoke(
    tx: &mut AnswerTx,
    ctx: &Context,
    who: Who,
    argument: Option<&str>,
) -> Result<Outcome, FlowError> {
    let Some(Ok(user)) = argument.map(UserId::parse) else {
        return Ok(Outcome::say(
            who.chat_id,
            ctx.i18n.t(who.lang, Key::RevokeUsage),
        ));
    };
    let say = |key: Key| Outcome::say(who.chat_id, user_text(ctx, who, key, user));
    if ctx.roles.configured(user) {
        return Ok(say(Key::RoleInConfiguration));
    }
    if !roles::revoke(tx, user, AuditActor::User(who.user_id), Utc::now()).await? {
        return Ok(say(Key::RevokeNone));
    }
    Ok(with_menu(ctx, say(Key::RevokeDone), user, None))
}

/// `outcome`, which also gives `user` the menu of the role `granted` now
/// leaves them: at once, not when they next write.
fn with_menu(ctx: &Context, mut outcome: Outcome, user: UserId, granted: Option<Grant>) -> Outcome {
    let role = ctx.roles.resolve(user, granted);
    outcome.menus.push((user, Menu::of(&role)));
    outcome
}

fn user_text(ctx: &Context, who: Who, key: Key, user: UserId) -> String {
    ctx.i18n
        .t_args(who.lang, key, &[("user", user.to_string().into())])
}
