//! The JSON objects Telegram would send: users, chats, messages, callback queries.

use serde_json::{Map, Value, json};

use super::{BOT_ID, BOT_USERNAME, Incoming};

/// A Telegram user talking to the bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub language_code: Option<String>,
}

impl Person {
    pub fn new(id: i64, language_code: Option<&str>) -> Self {
        Self {
            id,
            language_code: language_code.map(str::to_owned),
        }
    }
}

/// Where a text message is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    Private,
    /// A supergroup with this (negative) chat id.
    Group(i64),
}

/// An inline keyboard button as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub data: Option<String>,
    pub url: Option<String>,
}

pub fn bot_user() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": "Hailong",
        "username": BOT_USERNAME,
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": false,
        "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

fn user(person: &Person) -> Value {
    let mut user = json!({"id": person.id, "is_bot": false, "first_name": "Công dân"});
    if let (Some(code), Some(obj)) = (&person.language_code, user.as_object_mut()) {
        obj.insert("language_code".into(), code.clone().into());
    }
    user
}

pub fn chat(chat_id: i64) -> Value {
    if chat_id < 0 {
        json!({"id": chat_id, "type": "supergroup", "title": "Nhóm thảo luận"})
    } else {
        json!({"id": chat_id, "type": "private", "first_name": "Công dân"})
    }
}

fn channel() -> Value {
    json!({"id": -1_001_000_000_777i64, "type": "channel", "title": "Kênh tin tức"})
}

/// The update field name and the message a user sends.
pub fn user_message(
    from: &Person,
    message_id: i64,
    date: i64,
    incoming: Incoming,
) -> (&'static str, Value) {
    let private_chat = chat(from.id);
    let mut message = json!({
        "message_id": message_id,
        "date": date,
        "chat": private_chat,
        "from": user(from),
    });
    let Some(obj) = message.as_object_mut() else {
        return ("message", message);
    };
    let key = match incoming {
        Incoming::Text { chat: kind, text } => {
            if let ChatKind::Group(id) = kind {
                obj.insert("chat".into(), chat(id));
            }
            if let Some(entity) = command_entity(&text) {
                obj.insert("entities".into(), json!([entity]));
            }
            obj.insert("text".into(), text.into());
            "message"
        }
        Incoming::EditedText { text } => {
            obj.insert("text".into(), text.into());
            obj.insert("edit_date".into(), (date + 1).into());
            "edited_message"
        }
        Incoming::Sticker => {
            obj.insert(
                "sticker".into(),
                json!({"file_id": "sticker-1", "file_unique_id": "s1", "type": "regular",
                       "width": 512, "height": 512, "is_animated": false, "is_video": false}),
            );
            "message"
        }
        Incoming::Photo => {
            obj.insert("photo".into(), json!([photo_size(USER_PHOTO)]));
            "message"
        }
        Incoming::CaptionedPhoto { caption, entities } => {
            obj.insert("photo".into(), json!([photo_size(USER_PHOTO)]));
            obj.insert("caption".into(), caption.into());
            obj.insert("caption_entities".into(), entities);
            "message"
        }
        Incoming::Formatted { text, entities } => {
            obj.insert("text".into(), text.into());
            obj.insert("entities".into(), entities);
            "message"
        }
        Incoming::ChannelPost { text } => {
            obj.remove("from");
            obj.insert("chat".into(), channel());
            obj.insert("sender_chat".into(), channel());
            obj.insert("text".into(), text.into());
            "channel_post"
        }
        Incoming::Press { .. } | Incoming::Reply { .. } => "message",
    };
    (key, message)
}

fn command_entity(text: &str) -> Option<Value> {
    if !text.starts_with('/') {
        return None;
    }
    let word = text.split_whitespace().next().unwrap_or(text);
    let length = word.encode_utf16().count();
    Some(json!({"type": "bot_command", "offset": 0, "length": length}))
}

/// The file id of the photo every user sends.
pub const USER_PHOTO: &str = "photo-1";

fn photo_size(file_id: &str) -> Value {
    json!({"file_id": file_id, "file_unique_id": format!("u-{file_id}"), "width": 800, "height": 600,
           "file_size": 51_200})
}

pub fn callback_query(
    update_id: i64,
    from: &Person,
    message: Option<Value>,
    data: &str,
) -> (&'static str, Value) {
    let mut query = json!({
        "id": format!("cq-{update_id}"),
        "from": user(from),
        "chat_instance": format!("ci-{}", from.id),
        "data": data,
    });
    if let (Some(message), Some(obj)) = (message, query.as_object_mut()) {
        obj.insert("message".into(), message);
    }
    ("callback_query", query)
}

/// The message Telegram returns for a successful send or edit by the bot.
/// `photo_id` is the file id the message's photo has, if it has one.
pub fn bot_message(
    message_id: i64,
    chat_id: i64,
    date: i64,
    params: &Map<String, Value>,
    photo_id: Option<&str>,
) -> Value {
    let mut message = Map::new();
    message.insert("message_id".into(), message_id.into());
    message.insert("date".into(), date.into());
    message.insert("chat".into(), chat(chat_id));
    message.insert("from".into(), bot_user());
    for key in ["text", "caption", "reply_markup"] {
        if let Some(value) = params.get(key) {
            message.insert(key.into(), value.clone());
        }
    }
    if let Some(file_id) = photo_id {
        message.insert("photo".into(), json!([photo_size(file_id)]));
    }
    if params.contains_key("document") {
        message.insert(
            "document".into(),
            json!({"file_id": "doc-1", "file_unique_id": "d1", "file_name": "export"}),
        );
    }
    Value::Object(message)
}

pub fn buttons_of(markup: Option<&Value>) -> Vec<Vec<Button>> {
    let rows = markup
        .and_then(|m| m.get("inline_keyboard"))
        .and_then(Value::as_array);
    rows.map(|rows| {
        rows.iter()
            .map(|row| {
                row.as_array()
                    .map(|buttons| buttons.iter().map(button).collect())
                    .unwrap_or_default()
            })
            .collect()
    })
    .unwrap_or_default()
}

fn button(value: &Value) -> Button {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    Button {
        label: text("text").unwrap_or_default(),
        data: text("callback_data"),
        url: text("url"),
    }
}
