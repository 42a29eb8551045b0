//! The two kinds of update nearly all traffic is, a text in a chat and a tap
//! on a button, read straight into what the flows need.
//!
//! teloxide reads a message by trying each of its kinds in turn, buffering
//! the whole message again for every try and formatting an error for every
//! kind that does not fit; that was a fifth of the allocations a look-up made
//! (BENCHMARKS.md). Every other kind of update is still read by teloxide, and
//! the tests below hold both readings of these two kinds to one result.

use std::borrow::Cow;

use serde::Deserialize;
use teloxide::types::MessageEntity;
use teloxide::utils::render::Renderer;

use crate::domain::{ChatId, MessageId, UserId};
use crate::flows::{Chat, Event, Incoming, Sender};

/// An update as far as these two kinds need it. `update_id` is read in 32
/// bits, as teloxide reads it, so that both readings take the same updates.
#[derive(Deserialize)]
struct Update<'a> {
    update_id: u32,
    #[serde(borrow)]
    message: Option<Message<'a>>,
    #[serde(borrow)]
    callback_query: Option<Query<'a>>,
}

#[derive(Deserialize)]
struct Message<'a> {
    chat: ChatRef<'a>,
    #[serde(borrow)]
    from: Option<User<'a>>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(default)]
    entities: Vec<MessageEntity>,
    reply_to_message: Option<MessageRef<'a>>,
}

/// A message as a reply or a tap names it, accessible or not.
#[derive(Deserialize)]
struct MessageRef<'a> {
    message_id: i32,
    #[serde(borrow)]
    chat: ChatRef<'a>,
}

#[derive(Deserialize)]
struct ChatRef<'a> {
    id: i64,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
}

#[derive(Deserialize)]
struct User<'a> {
    id: u64,
    is_bot: bool,
    #[serde(borrow)]
    language_code: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Query<'a> {
    id: String,
    #[serde(borrow)]
    from: User<'a>,
    #[serde(borrow)]
    message: Option<MessageRef<'a>>,
    #[serde(borrow)]
    data: Option<Cow<'a, str>>,
}

/// The update's id and what it says to the flows, if it is a text message or
/// a tap; None for anything else, which teloxide reads.
pub(super) fn read(body: &str, bot_username: &str) -> Option<(i64, Incoming)> {
    let update = serde_json::from_str::<Update<'_>>(body).ok()?;
    let id = i64::from(update.update_id);
    let key = super::update_key(id);
    let incoming = if let Some(message) = update.message {
        let text = message.text?;
        Incoming {
            key,
            chat: message.chat.chat(),
            sender: message.from.and_then(User::sender),
            event: Event::text(&text, bot_username),
            html: Some(Renderer::new(&text, &message.entities).as_html()),
            reply_to: message.reply_to_message.map(|m| m.id()),
        }
    } else {
        let query = update.callback_query?;
        let chat = query.message.as_ref().map_or(
            Chat {
                id: ChatId(query.from.id as i64),
                private: true,
            },
            |m| m.chat.chat(),
        );
        Incoming {
            key,
            chat,
            event: Event::button(
                query.id,
                query.message.as_ref().map(MessageRef::id),
                query.data.as_deref().unwrap_or_default(),
            ),
            sender: query.from.sender(),
            html: None,
            reply_to: None,
        }
    };
    Some((id, incoming))
}

impl MessageRef<'_> {
    fn id(&self) -> MessageId {
        MessageId(i64::from(self.message_id))
    }
}

impl ChatRef<'_> {
    fn chat(&self) -> Chat {
        Chat {
            id: ChatId(self.id),
            private: self.kind == "private",
        }
    }
}

impl User<'_> {
    /// The sender the flows answer; None for a bot, as for teloxide's reading.
    fn sender(self) -> Option<Sender> {
        (!self.is_bot).then(|| Sender {
            id: UserId(self.id as i64),
            client_language: self.language_code.map(Cow::into_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::read;

    const BOT: &str = "hailong_bot";

    /// teloxide's reading of `update`, which this module stands in for.
    fn teloxides(body: &str) -> Option<crate::flows::Incoming> {
        let update = serde_json::from_str::<teloxide::types::Update>(body).ok()?;
        super::super::from_update(&update, BOT)
    }

    /// Asserts that `update` is read here, and as teloxide reads it.
    fn read_alike(update: &Value) {
        let body = update.to_string();
        let (id, ours) = read(&body, BOT).unwrap_or_else(|| panic!("not read here: {body}"));
        assert_eq!(Some(id), update["update_id"].as_i64());
        assert_eq!(Some(ours), teloxides(&body), "{body}");
    }

    fn chat(id: i64, kind: &str) -> Value {
        match kind {
            "private" => json!({"id": id, "type": "private", "first_name": "Lan"}),
            _ => json!({"id": id, "type": kind, "title": "Tổ một cửa"}),
        }
    }

    fn user(id: u64, is_bot: bool, language: Option<&str>) -> Value {
        let mut user = json!({"id": id, "is_bot": is_bot, "first_name": "Lan"});
        if let Some(language) = language {
            user["language_code"] = json!(language);
        }
        user
    }

    fn text_message(text: &str, entities: Value, chat: Value, from: Value) -> Value {
        json!({
            "message_id": 41, "date": 1_795_689_906, "chat": chat, "from": from,
            "text": text, "entities": entities
        })
    }

    #[test]
    fn a_text_is_read_as_teloxide_reads_it() {
        let private = chat(7_700_123_457, "private");
        let lan = user(7_700_123_457, false, Some("vi"));
        let command = json!([{"type": "bot_command", "offset": 0, "length": 6}]);
        for message in [
            text_message(
                "/start c-abc",
                command.clone(),
                private.clone(),
                lan.clone(),
            ),
            text_message(
                "/stats@hailong_bot",
                json!([{"type": "bot_command", "offset": 0, "length": 18}]),
                chat(-1_001_234, "supergroup"),
                user(42, false, None),
            ),
            text_message(
                "/stats@other_bot",
                json!([]),
                chat(-77, "group"),
                user(42, false, Some("km")),
            ),
            // Escapes, an emoji before the formatting (offsets count UTF-16 units), a link.
            json!({
                "message_id": 3, "date": 1, "chat": private, "from": lan,
                "text": "\u{1F30A} Lũ \"về\"\nxem <đây>\\",
                "entities": [
                    {"type": "bold", "offset": 3, "length": 2},
                    {"type": "text_link", "offset": 6, "length": 5, "url": "https://camau.gov.vn/a?b=1&c=2"},
                    {"type": "italic", "offset": 12, "length": 3}
                ]
            }),
            // No entities at all; a bot; no sender (an anonymous group admin).
            json!({"message_id": 4, "date": 1, "chat": private, "from": lan, "text": "CM-2026-000123"}),
            text_message("hi", json!([]), chat(-5, "group"), user(99, true, None)),
            json!({"message_id": 5, "date": 1, "chat": chat(-5, "supergroup"),
                   "sender_chat": chat(-5, "supergroup"), "text": "xin chào"}),
            // A reply to a photo the bot sent.
            json!({
                "message_id": 6, "date": 1, "chat": chat(-1_009, "supergroup"), "from": user(42, false, Some("en")),
                "text": "Đã xử lý",
                "reply_to_message": {
                    "message_id": 5, "date": 1, "chat": chat(-1_009, "supergroup"), "from": user(1, true, None),
                    "photo": [{"file_id": "f", "file_unique_id": "u", "width": 90, "height": 90}],
                    "caption": "Phản ánh #12"
                }
            }),
        ] {
            read_alike(&json!({"update_id": 100, "message": message}));
        }
    }

    #[test]
    fn a_tap_is_read_as_teloxide_reads_it() {
        let lan = user(7_700_123_457, false, Some("vi"));
        let shown = json!({
            "message_id": 9, "date": 1_795_689_906, "chat": chat(7_700_123_457, "private"),
            "from": user(1, true, None), "text": "Ông/Bà hài lòng?",
            "reply_markup": {"inline_keyboard": [[{"text": "😊", "callback_data": "s:1:5"}]]}
        });
        let gone = json!({"message_id": 8, "date": 0, "chat": chat(-1_009, "supergroup")});
        for query in [
            json!({"id": "q1", "from": lan, "message": shown, "chat_instance": "c", "data": "s:1:5"}),
            json!({"id": "q2", "from": lan, "message": gone, "chat_instance": "c", "data": "x:forged"}),
            json!({"id": "q3", "from": lan, "inline_message_id": "i", "chat_instance": "c", "data": "s:1:5"}),
            json!({"id": "q4", "from": user(5, false, None), "message": shown, "chat_instance": "c",
                   "game_short_name": "g"}),
        ] {
            read_alike(&json!({"update_id": 101, "callback_query": query}));
        }
    }

    #[test]
    fn other_kinds_are_left_to_teloxide() {
        let private = chat(7, "private");
        let from = user(7, false, None);
        for update in [
            json!({"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": private, "from": from,
                   "photo": [{"file_id": "f", "file_unique_id": "u", "width": 9, "height": 9}]}}),
            json!({"update_id": 2, "message": {"message_id": 1, "date": 1, "chat": private, "from": from,
                   "sticker": {}}}),
            json!({"update_id": 3, "edited_message": {"message_id": 1, "date": 1, "chat": private,
                   "from": from, "text": "sửa", "edit_date": 2}}),
            json!({"update_id": 4, "channel_post": {"message_id": 1, "date": 1,
                   "chat": chat(-100, "channel"), "text": "tin"}}),
            json!({"update_id": 5, "message": {"message_id": 1, "date": 1, "chat": chat(-5, "group"),
                   "new_chat_members": [from]}}),
            json!({"update_id": 5_000_000_000_i64, "message": {"message_id": 1, "date": 1,
                   "chat": private, "from": from, "text": "beyond 32 bits"}}),
        ] {
            assert!(read(&update.to_string(), BOT).is_none(), "{update}");
        }
    }

    proptest! {
        #[test]
        fn any_text_or_tap_is_read_as_teloxide_reads_it(
            text in "\\PC{1,40}",
            data in "\\PC{0,64}",
            private in any::<bool>(),
            is_bot in any::<bool>(),
            language in proptest::option::of("[a-z]{2}"),
            bold in (0usize..40, 0usize..40),
        ) {
            let chat = if private { chat(7, "private") } else { chat(-7, "supergroup") };
            let from = user(7, is_bot, language.as_deref());
            let units = text.encode_utf16().count();
            let offset = bold.0.min(units);
            let entities = json!([{"type": "bold", "offset": offset, "length": bold.1.min(units - offset)}]);
            read_alike(&json!({"update_id": 1, "message": text_message(&text, entities, chat.clone(), from.clone())}));
            let shown = json!({"message_id": 2, "date": 1, "chat": chat, "text": text});
            read_alike(&json!({"update_id": 2, "callback_query":
                {"id": "q", "from": from, "message": shown, "chat_instance": "c", "data": data}}));
        }
    }
}
