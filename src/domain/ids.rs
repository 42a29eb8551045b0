//! Row and chat ids as types of their own, so that a dossier id can never be
//! passed where a response id is expected.

use std::fmt;

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
