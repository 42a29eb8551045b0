use serde_json::value::RawValue;
use teloxide::types::{Message, MessageKind, Update, UpdateKind, User};
use teloxide::utils::render::RenderMessageTextHelper;

use crate::domain::{ChatId, MessageId, UserId};
use crate::flows::{Chat, Event, Incoming, Sender};
use crate::store::inbox::Arrival;

mod usual;

/// One update of a poll, read once: its id, the inbox row that keeps it as
/// Telegram sent it, and what it says to the flows.
#[derive(Debug)]
pub struct Read {
    pub id: i64,
    pub arrival: Arrival,
    /// None for kinds with no chat to answer, and for what cannot be read.
    pub incoming: Option<Incoming>,
}

/// Reads one update; None without an `update_id`. Any receiver (polling, a
/// webhook) writes its row down with [`crate::store::inbox::receive`]. An
/// update that cannot be read, or with no chat, is still written down, in
/// a queue of its own, and let go unanswered. `bot_username` as for
/// [`from_update`].
pub fn read(update: &RawValue, bot_username: &str) -> Option<Read> {
    let body = update.get();
    let (id, incoming) = parse(body, bot_username)?;
    let chat_key = incoming.as_ref().map_or_else(
        || format!("tg-update:{id}"),
        |incoming| format!("tg:{}", incoming.chat.id),
    );
    Some(Read {
        id,
        arrival: Arrival {
            update_key: update_key(id),
            chat_key,
            body: body.to_owned(),
        },
        incoming,
    })
}

/// What an update kept in the inbox says to the flows; None for what
/// [`read`] let go unanswered.
pub fn incoming_of(body: &str, bot_username: &str) -> Option<Incoming> {
    parse(body, bot_username)?.1
}

/// An update's id and what it says to the flows: a text or a tap read as
/// [`usual`] reads it, anything else by teloxide. None without an id.
fn parse(body: &str, bot_username: &str) -> Option<(i64, Option<Incoming>)> {
    #[derive(serde::Deserialize)]
    struct Id {
        update_id: i64,
    }
    if let Some((id, incoming)) = usual::read(body, bot_username) {
        return Some((id, Some(incoming)));
    }
    let parsed = serde_json::from_str::<Update>(body).ok();
    // teloxide reads any update with an id, of whatever kind, but holds the
    // id in 32 bits: one beyond that is still written down, by its own id.
    let id = match &parsed {
        Some(update) => i64::from(update.id.0),
        None => serde_json::from_str::<Id>(body).ok()?.update_id,
    };
    Some((id, parsed.and_then(|u| from_update(&u, bot_username))))
}

/// The key of Telegram update `update_id` in the inbox.
pub fn update_key(update_id: i64) -> String {
    format!("tg:{update_id}")
}

/// The channel-neutral view of an update; None for kinds with no chat to answer.
/// `bot_username` tells the commands meant for this bot.
fn from_update(update: &Update, bot_username: &str) -> Option<Incoming> {
    let key = update_key(i64::from(update.id.0));
    let (chat, sender, event) = match &update.kind {
        UpdateKind::Message(message) => (
            chat_of(message),
            message.from.as_ref(),
            message_event(message, bot_username),
        ),
        UpdateKind::EditedMessage(message) => {
            (chat_of(message), message.from.as_ref(), Event::Edited)
        }
        UpdateKind::ChannelPost(message) | UpdateKind::EditedChannelPost(message) => {
            (chat_of(message), None, Event::Other)
        }
        UpdateKind::CallbackQuery(query) => {
            let message = query.message.as_ref();
            let chat = message.map_or(
                Chat {
                    id: ChatId(query.from.id.0 as i64),
                    private: true,
                },
                |m| Chat {
                    id: ChatId(m.chat().id.0),
                    private: m.chat().is_private(),
                },
            );
            let event = Event::button(
                query.id.0.clone(),
                message.map(|m| MessageId(i64::from(m.id().0))),
                query.data.as_deref().unwrap_or_default(),
            );
            (chat, Some(&query.from), event)
        }
        _ => return None,
    };
    let html = match &update.kind {
        UpdateKind::Message(message) => message.html_text(),
        _ => None,
    };
    let reply_to = match &update.kind {
        UpdateKind::Message(message) => message
            .reply_to_message()
            .map(|replied| MessageId(i64::from(replied.id.0))),
        _ => None,
    };
    Some(Incoming {
        key,
        chat,
        sender: sender.filter(|u| !u.is_bot).map(sender_of),
        event,
        html,
        reply_to,
    })
}

fn chat_of(message: &Message) -> Chat {
    Chat {
        id: ChatId(message.chat.id.0),
        private: message.chat.is_private(),
    }
}

fn sender_of(user: &User) -> Sender {
    Sender {
        id: UserId(user.id.0 as i64),
        client_language: user.language_code.clone(),
    }
}

fn message_event(message: &Message, bot_username: &str) -> Event {
    // The largest size: what a citizen sees when they open the photo.
    let photo = message
        .photo()
        .and_then(|sizes| sizes.iter().max_by_key(|s| s.width * s.height));
    if let Some(photo) = photo {
        return Event::Photo {
            file_id: photo.file.id.to_string(),
            caption_html: message.html_caption().unwrap_or_default(),
        };
    }
    match (message.text(), &message.kind) {
        (Some(text), _) => Event::text(text, bot_username),
        (None, MessageKind::Common(_)) => Event::Media,
        _ => Event::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_is_queued_behind_its_own_chats_updates() {
        let update = serde_json::json!({
            "update_id": 7,
            "message": {
                "message_id": 1, "date": 1_795_689_906, "text": "/help",
                "chat": {"id": 7_700_123_457_i64, "type": "private", "first_name": "A"},
                "from": {"id": 7_700_123_457_i64, "is_bot": false, "first_name": "A"}
            }
        });
        let raw = serde_json::value::to_raw_value(&update).expect("JSON");
        let read = read(&raw, "hailong_bot").expect("an update");
        assert_eq!(
            (read.id, read.arrival.chat_key.as_str()),
            (7, "tg:7700123457")
        );
        assert_eq!(read.arrival.body, raw.get(), "kept as it came");
        let incoming = read.incoming.expect("read for the flows");
        assert_eq!(incoming.key, "tg:7");
        let chatless =
            serde_json::value::to_raw_value(&serde_json::json!({"update_id": 8, "poll": {}}))
                .expect("JSON");
        let read = super::read(&chatless, "").expect("an update");
        assert_eq!(read.arrival.chat_key, "tg-update:8");
        assert!(read.incoming.is_none(), "nothing for the flows");
        let unknown =
            serde_json::value::to_raw_value(&serde_json::json!({"update_id": 9, "new_kind": [1]}))
                .expect("JSON");
        let read = super::read(&unknown, "").expect("an update");
        assert_eq!(
            (read.id, read.arrival.chat_key.as_str()),
            (9, "tg-update:9")
        );
        let beyond_32_bits = serde_json::value::to_raw_value(
            &serde_json::json!({"update_id": 5_000_000_000_i64, "message": {}}),
        )
        .expect("JSON");
        let read = super::read(&beyond_32_bits, "").expect("an update");
        assert_eq!(
            (read.id, read.arrival.chat_key.as_str()),
            (5_000_000_000, "tg-update:5000000000")
        );
        let idless =
            serde_json::value::to_raw_value(&serde_json::json!({"message": {}})).expect("JSON");
        assert!(super::read(&idless, "").is_none());
    }
}
