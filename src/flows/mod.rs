//! What to answer and which step comes next, in plain Rust: no Telegram types,
//! so that a second channel (a Zalo Official Account) can reuse every flow.
//! [`port`] is the contract a channel implements; [`router`] matches each
//! incoming event against the chat's [`step::Step`].

pub mod broadcast;
pub mod broadcast_words;
pub mod callback;
pub mod card;
pub mod cases;
pub mod commands;
pub mod comments;
mod dashboard;
mod export;
pub mod feedback;
mod guidance;
mod language;
mod long_text;
mod lookup;
mod mydata;
mod notices;
pub mod notifications;
mod pages;
pub mod port;
mod roles;
pub mod router;
mod staff;
mod start;
pub mod step;
pub mod survey;

use std::sync::Arc;

use crate::configuration::{FeedbackSettings, SurveySettings};
use crate::domain::{ChatId, DossierCode, Language, MessageId, UserId};
use crate::i18n::{I18n, Key};
use crate::ingest::status_source::StatusSource;
use crate::links::Signer;
use crate::store::StoreError;
pub use callback::Callback;
pub use port::{Button, ButtonAnswer, Chat, Event, Incoming, Keyboard, Outcome, Reply, Sender};
pub use router::{Processed, process};

/// Telegram refuses a message's text over this many UTF-16 units...
pub const MAX_TEXT: usize = 4096;
/// ...and a photo's caption over this many.
pub const MAX_CAPTION: usize = 1024;

/// Whether `text` is short enough to be sent as a message's text.
pub fn fits_a_message(text: &str) -> bool {
    text.encode_utf16().count() <= MAX_TEXT
}

/// What the flows need besides the database.
#[derive(Debug, Clone)]
pub struct Context {
    pub i18n: Arc<I18n>,
    pub province: String,
    /// The bot's username without `@`, to tell commands and mentions meant for it.
    pub bot_username: String,
    /// Signs deep links and the buttons that act on a dossier.
    pub signer: Signer,
    /// Look-ups a citizen may make in a minute.
    pub lookups_per_minute: u32,
    /// Look-ups of unknown codes all citizens together may make in a minute.
    pub unknown_lookups_per_minute: u32,
    /// How fast a broadcast leaves and whether it is paid, for the preview.
    pub broadcast_pace: crate::domain::broadcast_pace::BroadcastPace,
    /// The provincial system asked about codes not stored here, if any.
    pub status_source: Option<Arc<StatusSource>>,
    pub survey: SurveySettings,
    pub roles: Arc<crate::domain::Roles>,
    /// The working-day calendar and how the clock restarts: every rule about time asks it.
    pub deadlines: Arc<crate::domain::deadline::Deadlines>,
    /// What `/stats` counts and shows.
    pub index: crate::domain::satisfaction::IndexRules,
    /// Where cases go, their deadline and the limits on them.
    pub feedback: FeedbackSettings,
    /// Where staff reach the dashboard, for `/dashboard`'s login links.
    pub public_url: url::Url,
    /// The largest file the bot may send, in bytes (`/export`'s workbook).
    pub upload_limit_bytes: u64,
    /// Tests only: a private text equal to this panics in the middle of its
    /// answer, to prove a panic fails that update alone and keeps nothing
    /// it wrote.
    #[doc(hidden)]
    pub panic_on_text: Option<String>,
}

/// Who is being answered, where, and in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who {
    pub user_id: UserId,
    pub chat_id: ChatId,
    pub lang: Language,
}

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// Not a failure: the code is not stored here and the status source may
    /// know it. The router rolls the transaction back, asks the source
    /// without holding the write lock, and answers the update again.
    #[error("the status source must be asked about a code first")]
    AskStatusSource(DossierCode),
    /// Not a failure: `/export`'s workbook must be built first. The router
    /// rolls back, builds it on a reading connection, and answers again.
    #[error("the export's workbook must be built first")]
    BuildExport(Box<crate::cli::export::Selection>),
}

/// A button tap being answered.
pub(crate) struct Tap<'a> {
    pub query_id: &'a str,
    pub chat_id: ChatId,
    pub message_id: Option<MessageId>,
}

impl Tap<'_> {
    pub fn answer(&self, toast: Option<String>) -> ButtonAnswer {
        ButtonAnswer {
            query_id: self.query_id.to_owned(),
            toast,
        }
    }

    /// Only the toast, nothing else changes.
    pub fn toast(&self, text: String) -> Outcome {
        Outcome {
            replies: Vec::new(),
            button_answer: Some(self.answer(Some(text))),
            menus: Vec::new(),
        }
    }

    /// Replaces the message the button was under, or sends a new one when
    /// the channel did not say which message that was.
    pub fn replace_message(&self, text: String, keyboard: Keyboard) -> Reply {
        match self.message_id {
            Some(message_id) => Reply::Edit {
                chat_id: self.chat_id,
                message_id,
                text,
                keyboard,
            },
            None => Reply::Send {
                chat_id: self.chat_id,
                text,
                keyboard,
            },
        }
    }

    /// A button from an old message, or data the bot never made: say so, change nothing.
    /// The tapped message becomes `text` with `keyboard`, and the tap is
    /// answered without a toast.
    pub fn replace(&self, text: String, keyboard: Keyboard) -> Outcome {
        Outcome {
            replies: vec![self.replace_message(text, keyboard)],
            button_answer: Some(self.answer(None)),
            menus: Vec::new(),
        }
    }

    pub fn expired(&self, ctx: &Context, lang: Language) -> Outcome {
        self.toast(ctx.i18n.t(lang, Key::ButtonExpired))
    }
}
