//! The channel contract: what a chat channel (the Telegram adapter today, a
//! Zalo Official Account tomorrow) hands the flows, and what it carries back.
//! Nothing here knows a channel's types.

use super::callback::Callback;
use super::commands::{self, Command, Menu};
use crate::domain::{ChatId, MessageId, UserId};

/// One thing a person did, as any chat channel can describe it.
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    /// Unique per channel and delivery, e.g. `tg:1234`: a replay carries the same key.
    pub key: String,
    pub chat: Chat,
    pub sender: Option<Sender>,
    pub event: Event,
    /// The text with its formatting as Telegram HTML, when the channel has
    /// formatting: an admin's notice keeps its bold and links.
    pub html: Option<String>,
    /// The message this one replies to, if it is a reply: staff answer a
    /// case by replying to its message.
    pub reply_to: Option<MessageId>,
}

impl Incoming {
    /// `event` from `user` in their private chat with the bot (whose id is
    /// the user's), without formatting.
    pub fn private(key: String, user: UserId, client_language: &str, event: Event) -> Self {
        Self {
            key,
            chat: Chat {
                id: ChatId(user.0),
                private: true,
            },
            sender: Some(Sender {
                id: user,
                client_language: Some(client_language.to_owned()),
            }),
            event,
            html: None,
            reply_to: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chat {
    pub id: ChatId,
    pub private: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub id: UserId,
    /// The language the person's app is set to, as the channel reports it.
    pub client_language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A text, with the command it is, read once when the event is made.
    Text {
        text: String,
        command: Option<Command>,
    },
    /// A message changed after it was sent.
    Edited,
    /// A photo, by the channel's id for it, with its caption as HTML.
    Photo {
        file_id: String,
        caption_html: String,
    },
    /// A sticker, voice note or any other message without text.
    Media,
    /// A tap on one of the bot's buttons; `callback` is None for data the
    /// bot never made.
    Button {
        query_id: String,
        message_id: Option<MessageId>,
        callback: Option<Callback>,
    },
    /// Something addressed to nobody in particular (a channel post, a member joining).
    Other,
}

impl Event {
    /// A text as a person typed it; `bot_username` tells commands meant for
    /// this bot from those meant for another in the same group.
    pub fn text(text: &str, bot_username: &str) -> Self {
        Self::Text {
            command: commands::parse(text, bot_username),
            text: text.to_owned(),
        }
    }

    /// A tap on a button that carried `data`.
    pub fn button(query_id: String, message_id: Option<MessageId>, data: &str) -> Self {
        Self::Button {
            query_id,
            message_id,
            callback: Callback::parse(data),
        }
    }
}

/// What the bot does in answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub replies: Vec<Reply>,
    /// Every button tap is acknowledged, with a toast or silently.
    pub button_answer: Option<ButtonAnswer>,
    /// The command menus of those the answer concerns, as their roles now
    /// are: the private chat's sender, and whoever it granted or revoked a
    /// role. A channel that shows menus keeps them in step, in this order.
    pub menus: Vec<(UserId, Menu)>,
}

/// The acknowledgement of a tap: a toast is the short text that pops up
/// over the chat and goes away by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ButtonAnswer {
    pub query_id: String,
    pub toast: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Send {
        chat_id: ChatId,
        text: String,
        keyboard: Keyboard,
    },
    Edit {
        chat_id: ChatId,
        message_id: MessageId,
        text: String,
        keyboard: Keyboard,
    },
    /// A broadcast's notice, in Telegram HTML, with its photo if it has one:
    /// the preview an admin sees before sending.
    Notice {
        chat_id: ChatId,
        html: String,
        photo_file_id: Option<String>,
    },
    /// The `/stats` chart, drawn by the channel after the transaction ends.
    Chart {
        chat_id: ChatId,
        caption: String,
        chart: Box<crate::chart::Chart>,
    },
    /// A file to download, such as `/export`'s workbook.
    Document {
        chat_id: ChatId,
        file_name: String,
        caption: String,
        bytes: Vec<u8>,
    },
}

/// Rows of buttons under a message; empty means none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyboard(pub Vec<Vec<Button>>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub callback: Callback,
}

impl Outcome {
    pub fn say(chat_id: ChatId, text: String) -> Self {
        Self::send(chat_id, text, Keyboard::default())
    }

    /// `text` in as many messages as it needs, cut between paragraphs.
    pub fn say_at_length(chat_id: ChatId, text: &str) -> Self {
        Self {
            replies: super::long_text::split_for_messages(text)
                .into_iter()
                .map(|text| Reply::Send {
                    chat_id,
                    text,
                    keyboard: Keyboard::default(),
                })
                .collect(),
            button_answer: None,
            menus: Vec::new(),
        }
    }

    pub fn send(chat_id: ChatId, text: String, keyboard: Keyboard) -> Self {
        Self {
            replies: vec![Reply::Send {
                chat_id,
                text,
                keyboard,
            }],
            button_answer: None,
            menus: Vec::new(),
        }
    }
}
