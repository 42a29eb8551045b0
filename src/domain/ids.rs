//! Row and chat ids as types of their own, so that a dossier id can never be
//! passed where a response id is expected.

use std::fmt;

use super::DomainError;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }
    )*};
}

ids! {
    /// A chat on the channel: a private chat's id is its person's user id.
    ChatId,
    /// A person on the channel.
    UserId,
    /// A row of `dossiers`.
    DossierId,
    /// A row of `responses`: one citizen's answers about one dossier.
    ResponseId,
    /// A row of `broadcasts`.
    BroadcastId,
    /// A row of `outbox`: one notification waiting to be sent.
    OutboxId,
    /// A message the bot sent, within its chat.
    MessageId,
    /// A row of `inbox`: one update as it arrived.
    InboxId,
    /// A row of `cases`: one piece of citizen feedback.
    CaseId,
}

impl UserId {
    /// A person's id as typed to `/grant` or `hailong roles`: Telegram's
    /// user ids are above 0, where a group's chat id is below, and a role
    /// given to a group would tell the whole group of it.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw.trim().parse::<i64>() {
            Ok(id) if id > 0 => Ok(Self(id)),
            _ => Err(DomainError::UserId),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_id_is_a_whole_number_above_0() {
        assert_eq!(UserId::parse(" 4022 "), Ok(UserId(4022)));
        for bad in ["0", "-100777", "abc", "", "1.5", "99999999999999999999"] {
            assert_eq!(UserId::parse(bad), Err(DomainError::UserId), "{bad}");
        }
    }
}
