//! The published Bot API, as data: which methods exist, which parameters they
//! take, and the limits Telegram enforces on values the bot sends.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Map, Value};

const SPEC_JSON: &str = include_str!("../spec/telegram-bot-api/api.min.json");

const MAX_TEXT_UTF16: usize = 4096;
const MAX_CAPTION_UTF16: usize = 1024;
const MAX_CALLBACK_ANSWER_CHARS: usize = 200;
const MAX_CALLBACK_DATA_BYTES: usize = 64;

#[derive(Debug, Deserialize)]
struct RawSpec {
    methods: HashMap<String, RawEntry>,
    types: HashMap<String, RawEntry>,
}

#[derive(Debug, Deserialize)]
struct RawEntry {
    name: String,
    #[serde(default)]
    fields: Vec<Field>,
    #[serde(default)]
    returns: Vec<String>,
    #[serde(default)]
    subtypes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    pub name: String,
    pub types: Vec<String>,
    pub required: bool,
}

#[derive(Debug)]
pub struct Method {
    pub name: String,
    pub fields: Vec<Field>,
    pub returns: Vec<String>,
}

impl Method {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

#[derive(Debug)]
struct TypeDef {
    fields: Vec<Field>,
    subtypes: Vec<String>,
}

#[derive(Debug)]
pub struct Spec {
    /// Keyed by lower-case name: Telegram matches method names case-insensitively.
    methods: HashMap<String, Method>,
    types: HashMap<String, TypeDef>,
}

impl Spec {
    pub fn bundled() -> Result<Self, serde_json::Error> {
        let raw: RawSpec = serde_json::from_str(SPEC_JSON)?;
        let methods = raw
            .methods
            .into_values()
            .map(|m| {
                let method = Method {
                    name: m.name,
                    fields: m.fields,
                    returns: m.returns,
                };
                (method.name.to_ascii_lowercase(), method)
            })
            .collect();
        let types = raw
            .types
            .into_values()
            .map(|t| {
                (
                    t.name,
                    TypeDef {
                        fields: t.fields,
                        subtypes: t.subtypes,
                    },
                )
            })
            .collect();
        Ok(Self { methods, types })
    }

    pub fn method(&self, name: &str) -> Option<&Method> {
        self.methods.get(&name.to_ascii_lowercase())
    }

    /// Every way in which `params` would make Telegram answer 400.
    pub fn violations(&self, method: &Method, params: &Map<String, Value>) -> Vec<String> {
        let mut found = Vec::new();
        for name in params.keys() {
            if method.field(name).is_none() {
                found.push(format!("{}: unknown parameter `{name}`", method.name));
            }
        }
        for field in &method.fields {
            match params.get(&field.name) {
                None | Some(Value::Null) if field.required => {
                    found.push(format!(
                        "{}: missing required parameter `{}`",
                        method.name, field.name
                    ));
                }
                None | Some(Value::Null) => {}
                Some(value) => {
                    let path = format!("{}.{}", method.name, field.name);
                    self.check_any(value, &field.types, &path, &mut found);
                }
            }
        }
        check_lengths(&method.name, params, &mut found);
        found
    }

    /// Checks a whole object of a named type, as the bot would receive it.
    pub fn check_value(&self, value: &Value, ty: &str, path: &str, found: &mut Vec<String>) {
        self.check_type(value, ty, path, found);
    }

    fn check_any(&self, value: &Value, types: &[String], path: &str, found: &mut Vec<String>) {
        let mut best: Option<Vec<String>> = None;
        for ty in types {
            let mut errors = Vec::new();
            self.check_type(value, ty, path, &mut errors);
            if errors.is_empty() {
                return;
            }
            if best.as_ref().is_none_or(|b| errors.len() < b.len()) {
                best = Some(errors);
            }
        }
        found.extend(best.unwrap_or_default());
    }

    fn check_type(&self, value: &Value, ty: &str, path: &str, found: &mut Vec<String>) {
        if let Some(inner) = ty.strip_prefix("Array of ") {
            match value.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.check_type(item, inner, &format!("{path}[{i}]"), found);
                    }
                }
                None => found.push(format!("{path}: expected an array")),
            }
            return;
        }
        let ok = match ty {
            "Integer" => value.is_i64() || value.is_u64(),
            "Float" | "Float number" => value.is_number(),
            "String" => value.is_string(),
            "Boolean" | "True" => value.is_boolean(),
            // Uploaded files arrive as multipart parts, references as strings.
            "InputFile" => value.is_string(),
            _ => return self.check_object(value, ty, path, found),
        };
        if !ok {
            found.push(format!("{path}: expected {ty}, got {value}"));
        }
    }

    fn check_object(&self, value: &Value, ty: &str, path: &str, found: &mut Vec<String>) {
        let Some(def) = self.types.get(ty) else {
            found.push(format!("{path}: the spec has no type {ty}"));
            return;
        };
        if !def.subtypes.is_empty() {
            self.check_any(value, &def.subtypes, path, found);
            return;
        }
        let Some(object) = value.as_object() else {
            found.push(format!("{path}: expected a {ty} object"));
            return;
        };
        for name in object.keys() {
            if !def.fields.iter().any(|f| &f.name == name) {
                found.push(format!("{path}: {ty} has no field `{name}`"));
            }
        }
        for field in &def.fields {
            let child = format!("{path}.{}", field.name);
            match object.get(&field.name) {
                None | Some(Value::Null) if field.required => {
                    found.push(format!("{child}: missing required field"));
                }
                None | Some(Value::Null) => {}
                Some(v) => self.check_type_list(v, &field.types, &child, found),
            }
        }
        if ty == "InlineKeyboardButton" {
            if let Some(data) = object.get("callback_data").and_then(Value::as_str) {
                let len = data.len();
                if !(1..=MAX_CALLBACK_DATA_BYTES).contains(&len) {
                    found.push(format!(
                        "{path}.callback_data: {len} bytes, Telegram allows 1..=64"
                    ));
                }
            }
            if object
                .get("text")
                .and_then(Value::as_str)
                .is_some_and(str::is_empty)
            {
                found.push(format!("{path}.text: a button needs a label"));
            }
        }
        if ty == "BotCommand" {
            check_bot_command(object, path, found);
        }
    }

    fn check_type_list(
        &self,
        value: &Value,
        types: &[String],
        path: &str,
        found: &mut Vec<String>,
    ) {
        if types.len() == 1 {
            self.check_type(value, &types[0], path, found);
        } else {
            self.check_any(value, types, path, found);
        }
    }

    /// The parameter types of `method`, so that multipart text parts can be
    /// read back as the JSON values they encode.
    pub fn declared_types<'a>(&self, method: &'a Method, name: &str) -> &'a [String] {
        method
            .field(name)
            .map(|f| f.types.as_slice())
            .unwrap_or(&[])
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn check_lengths(method: &str, params: &Map<String, Value>, found: &mut Vec<String>) {
    // Telegram lowercases parse_mode, and counts its limits on the text left
    // after the markup is parsed, so a long HTML message can still fit.
    let html = params
        .get("parse_mode")
        .and_then(Value::as_str)
        .is_some_and(|mode| mode.eq_ignore_ascii_case("HTML"));
    let measure = |field: &str, raw: &str, found: &mut Vec<String>| {
        if !html {
            return Some(utf16_len(raw));
        }
        match crate::html::visible_text(raw) {
            Ok(visible) => Some(utf16_len(&visible)),
            Err(error) => {
                found.push(format!("{method}.{field}: can't parse entities: {error}"));
                None
            }
        }
    };
    if let Some(text) = params.get("text").and_then(Value::as_str) {
        let limit = if method.eq_ignore_ascii_case("answerCallbackQuery") {
            MAX_CALLBACK_ANSWER_CHARS
        } else {
            MAX_TEXT_UTF16
        };
        let min = usize::from(!method.eq_ignore_ascii_case("answerCallbackQuery"));
        if let Some(len) = measure("text", text, found)
            && (len < min || len > limit)
        {
            found.push(format!(
                "{method}.text: {len} UTF-16 units, Telegram allows {min}..={limit}"
            ));
        }
    }
    if let Some(caption) = params.get("caption").and_then(Value::as_str)
        && let Some(len) = measure("caption", caption, found)
        && len > MAX_CAPTION_UTF16
    {
        found.push(format!(
            "{method}.caption: {len} UTF-16 units, Telegram allows 0..={MAX_CAPTION_UTF16}"
        ));
    }
}

fn check_bot_command(object: &Map<String, Value>, path: &str, found: &mut Vec<String>) {
    if let Some(command) = object.get("command").and_then(Value::as_str) {
        let ok = (1..=32).contains(&command.len())
            && command
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            found.push(format!(
                "{path}.command: `{command}` is not 1-32 of [a-z0-9_]"
            ));
        }
    }
    if let Some(description) = object.get("description").and_then(Value::as_str) {
        let len = description.chars().count();
        if !(1..=256).contains(&len) {
            found.push(format!(
                "{path}.description: {len} characters, allowed 1..=256"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Spec {
        Spec::bundled().expect("the bundled spec parses")
    }

    fn check(method: &str, params: Value) -> Vec<String> {
        let spec = spec();
        let m = spec.method(method).expect("known method");
        spec.violations(m, params.as_object().expect("object"))
    }

    #[test]
    fn method_names_match_case_insensitively() {
        assert!(spec().method("SendMessage").is_some());
        assert!(spec().method("sendmessage").is_some());
        assert!(spec().method("sendMessages").is_none());
    }

    #[test]
    fn a_well_formed_send_message_passes() {
        let v = check(
            "sendMessage",
            json!({"chat_id": 1, "text": "xin chào", "reply_markup":
                {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}}),
        );
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn unknown_and_missing_parameters_are_reported() {
        let v = check("sendMessage", json!({"chat_id": 1, "txt": "x"}));
        assert!(
            v.iter().any(|e| e.contains("unknown parameter `txt`")),
            "{v:?}"
        );
        assert!(
            v.iter()
                .any(|e| e.contains("missing required parameter `text`")),
            "{v:?}"
        );
    }

    #[test]
    fn text_over_4096_utf16_units_is_rejected() {
        let v = check(
            "sendMessage",
            json!({"chat_id": 1, "text": "ồ".repeat(4097)}),
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(
            check(
                "sendMessage",
                json!({"chat_id": 1, "text": "ồ".repeat(4096)})
            )
            .is_empty()
        );
        assert_eq!(
            check("sendMessage", json!({"chat_id": 1, "text": ""})).len(),
            1
        );
    }

    #[test]
    fn html_text_is_measured_after_parsing_entities() {
        let long = format!("<b>{}</b>", "&amp;".repeat(1000));
        assert!(utf16_len(&long) > MAX_TEXT_UTF16);
        let html = |text: &str| json!({"chat_id": 1, "text": text, "parse_mode": "HTML"});
        assert!(check("sendMessage", html(&long)).is_empty());
        let v = check("sendMessage", html("<b>x"));
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(
            v[0].starts_with("sendMessage.text: can't parse entities: "),
            "{v:?}"
        );
        assert!(check("sendMessage", json!({"chat_id": 1, "text": "<b>x"})).is_empty());
        let over = format!("<i>{}</i>", "ồ".repeat(4097));
        assert_eq!(check("sendMessage", html(&over)).len(), 1);
    }

    #[test]
    fn callback_data_over_64_bytes_is_rejected() {
        let markup = |data: String| {
            json!({"chat_id": 1, "text": "x", "reply_markup":
                {"inline_keyboard": [[{"text": "A", "callback_data": data}]]}})
        };
        assert!(check("sendMessage", markup("a".repeat(64))).is_empty());
        let v = check("sendMessage", markup("a".repeat(65)));
        assert!(v.iter().any(|e| e.contains("callback_data")), "{v:?}");
    }

    #[test]
    fn nested_objects_are_checked_field_by_field() {
        let v = check(
            "sendMessage",
            json!({"chat_id": 1, "text": "x", "reply_markup":
                {"inline_keyboard": [[{"text": "A", "callback": "a"}]]}}),
        );
        assert!(v.iter().any(|e| e.contains("no field `callback`")), "{v:?}");
    }

    #[test]
    fn bot_commands_follow_telegrams_rules() {
        let v = check(
            "setMyCommands",
            json!({"commands": [{"command": "Start", "description": "x"}]}),
        );
        assert_eq!(v.len(), 1, "{v:?}");
    }
}
