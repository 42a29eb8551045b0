//! The command menus Telegram shows: everyone's, in each language, and each
//! staff member's and admin's own, with the commands of their role.
//! Telegram refuses a menu for the chat of someone who never opened the bot
//! ("chat not found"), so a member's menu is given when it can be: at start
//! to every member it knows, after an answer to whoever it concerns (its
//! sender, and whoever it granted or revoked a role), and with the news of a
//! role from the outbox (which `hailong roles` queues too), whenever their
//! role asks for another menu than the one this process gave them. Whose
//! chat has a menu of its own is kept in the database, so that a start
//! removes the menu of whoever is no longer a member, even if their role
//! went while the bot was stopped.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use teloxide::payloads::{
    DeleteMyCommands, DeleteMyCommandsSetters, SetMyCommands, SetMyCommandsSetters,
};
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};
use teloxide::{ApiError, RequestError};

use super::outgoing::unread;
use crate::domain::{Grant, Language, Roles, UserId};
use crate::flows::commands::{Menu, menu};
use crate::i18n::I18n;
use crate::store::{self, Store, StoreError, scoped_menus};

pub struct Menus {
    bot: Bot,
    i18n: Arc<I18n>,
    store: Store,
    /// The members' menus this process gave; anyone not here sees everyone's.
    given: Mutex<HashMap<UserId, Menu>>,
    /// Held while a menu is given: two that concern the same member at once
    /// (an answer's and the outbox's news of their role, or the start's)
    /// give it once.
    giving: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Menus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Menus")
            .field("given", &self.lock().len())
            .finish_non_exhaustive()
    }
}

impl Menus {
    /// Publishes everyone's menu: a failure stops the start, as Telegram
    /// cannot be reached.
    pub async fn publish(bot: Bot, i18n: Arc<I18n>, store: Store) -> Result<Self, RequestError> {
        let menus = Self {
            bot,
            i18n,
            store,
            given: Mutex::default(),
            giving: tokio::sync::Mutex::default(),
        };
        menus.set(None, Menu::Citizen).await?;
        Ok(menus)
    }

    /// Removes the menu of anyone who is no longer a member, and gives each
    /// member (by `roles` or granted) theirs, as far as Telegram takes it.
    /// Run while the bot serves: four calls a member must not hold up the
    /// answers to citizens.
    pub async fn give_members(&self, roles: &Roles) {
        let (members, scoped) = match self.read_members(roles).await {
            Ok(read) => read,
            Err(error) => {
                tracing::warn!(%error, "the members' command menus could not be read; each gets theirs when they write");
                return;
            }
        };
        for user in scoped {
            if !members.contains_key(&user) && self.give(user, Menu::Citizen).await.is_err() {
                tracing::warn!(
                    "a former member's command menu was not removed; tried again at the next start"
                );
            }
        }
        let mut waiting = 0;
        for (user, which) in members {
            let _giving = self.giving.lock().await;
            // An answer gave it while the start was on its way here.
            if self.lock().get(&user) == Some(&which) {
                continue;
            }
            if self.give(user, which).await.is_err() {
                waiting += 1;
            }
        }
        if waiting > 0 {
            tracing::warn!(
                waiting,
                "staff members or admins have not opened the bot yet: each gets their command menu when they first write"
            );
        }
    }

    /// Everyone with a role, by `roles` or granted, with their menu; and
    /// whose chat has a menu of its own.
    async fn read_members(
        &self,
        roles: &Roles,
    ) -> Result<(BTreeMap<UserId, Menu>, Vec<UserId>), StoreError> {
        let mut conn = self.store.read().await?;
        let granted: HashMap<UserId, Grant> = store::roles::list(&mut conn)
            .await?
            .into_iter()
            .map(|g| (g.user, g.grant))
            .collect();
        let members = roles
            .configured_users()
            .chain(granted.keys().copied())
            .map(|user| {
                let role = roles.resolve(user, granted.get(&user).cloned());
                (user, Menu::of(&role))
            })
            .collect();
        Ok((members, scoped_menus::scoped(&mut conn).await?))
    }

    /// After an answer, or with the news of a role, that concerns `user`,
    /// whose role now gives them `which`.
    pub async fn follow(&self, user: UserId, which: Menu) {
        let given = || self.lock().get(&user).copied().unwrap_or(Menu::Citizen);
        // Every private answer asks: most have nothing to give, and do not wait.
        if given() == which {
            return;
        }
        let _giving = self.giving.lock().await;
        if given() == which {
            return;
        }
        match self.give(user, which).await {
            Ok(()) => {}
            // Someone granted a role before they ever opened the bot: expected.
            Err(RequestError::Api(ApiError::ChatNotFound)) => tracing::info!(
                "a member has not opened the bot yet: they get their command menu when they first write"
            ),
            Err(error) => tracing::warn!(
                %error,
                "a command menu was not given; it is tried again when they next write"
            ),
        }
    }

    /// Gives `user` the menu `which`, and keeps that it did.
    async fn give(&self, user: UserId, which: Menu) -> Result<(), RequestError> {
        self.set(Some(user), which).await?;
        {
            let mut given = self.lock();
            match which {
                Menu::Citizen => given.remove(&user),
                _ => given.insert(user, which),
            };
        }
        if let Err(error) = self.record(user, which != Menu::Citizen).await {
            // Given all the same: only a later start's clean-up misses it.
            tracing::warn!(%error, "a command menu was given but could not be recorded");
        }
        Ok(())
    }

    async fn record(&self, user: UserId, own: bool) -> Result<(), StoreError> {
        let mut tx = self.store.begin_write().await?;
        scoped_menus::keep(&mut tx, user, own).await?;
        Ok(tx.commit().await?)
    }

    /// Sets `which` in every language for `user`'s chat, or for everyone's
    /// (None). A member who is a citizen again has their own menu removed,
    /// and so sees everyone's.
    async fn set(&self, user: Option<UserId>, which: Menu) -> Result<(), RequestError> {
        // A private chat's id is its user's id.
        let scope = user.map(|user| BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(user.0)),
        });
        let langs = std::iter::once(None).chain(Language::ALL.into_iter().map(Some));
        for lang in langs {
            match (&scope, which) {
                (Some(scope), Menu::Citizen) => {
                    let mut payload = DeleteMyCommands::new().scope(scope.clone());
                    if let Some(lang) = lang {
                        payload = payload.language_code(lang.code());
                    }
                    unread(&self.bot, payload).await?;
                }
                _ => {
                    let mut payload = SetMyCommands::new(self.commands(which, lang));
                    if let Some(lang) = lang {
                        payload = payload.language_code(lang.code());
                    }
                    if let Some(scope) = &scope {
                        payload = payload.scope(scope.clone());
                    }
                    unread(&self.bot, payload).await?;
                }
            }
        }
        Ok(())
    }

    /// The commands of `which`, described in `lang` (Vietnamese is also the
    /// default).
    fn commands(&self, which: Menu, lang: Option<Language>) -> Vec<BotCommand> {
        let lang = lang.unwrap_or(Language::Vi);
        menu(which)
            .into_iter()
            .map(|(name, key)| BotCommand::new(name, self.i18n.t(lang, key)))
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<UserId, Menu>> {
        // Plain data, and no panic leaves it half changed.
        self.given.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use bot_api_emulator::Emulator;

    use super::*;
    use crate::store::tests::scratch;

    /// An answer's menu and the outbox's news of a role can ask for the
    /// same member's menu at once: it is given once.
    #[tokio::test]
    async fn a_menu_asked_for_twice_at_once_is_given_once() {
        const MEMBER: i64 = 4_077;
        let fake = Emulator::start().await.expect("the emulator starts");
        fake.meet(MEMBER);
        let (store, _, _dir) = scratch().await;
        let bot = Bot::new("0:test").set_api_url(fake.url().parse().expect("its URL"));
        let i18n = Arc::new(I18n::load().expect("locales"));
        let menus = Menus::publish(bot, i18n, store).await.expect("published");
        let member = UserId(MEMBER);
        tokio::join!(
            menus.follow(member, Menu::Staff),
            menus.follow(member, Menu::Staff)
        );
        let given = fake
            .calls()
            .iter()
            .filter(|c| c.method == "setMyCommands")
            .filter(|c| c.params.get("scope").and_then(|s| s["chat_id"].as_i64()) == Some(MEMBER))
            .count();
        assert_eq!(given, 4, "once: the default and each of three languages");
    }
}
