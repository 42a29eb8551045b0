//! Telegram's HTML parse mode as the server applies it (tdlib's `parse_html`),
//! so the emulator can say "can't parse entities" where Telegram would and
//! measure length limits on the text the reader sees.
//!
//! This is deliberately the server's rule, not the bot's: the bot checks its
//! own notices more strictly (it refuses a bare `&`, which Telegram keeps as
//! text), and a test against an oracle that shares the bot's parser could not
//! catch a bug in it.

/// Start tags the server accepts; any other is "Unsupported start tag".
const TAGS: [&str; 16] = [
    "a",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "tg-emoji",
    "span",
];

/// The text left after parsing `html`, or the reason Telegram gives for refusing it.
pub fn visible_text(html: &str) -> Result<String, String> {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'&' => match entity(html, i) {
                Some((ch, next)) => {
                    out.push(ch);
                    i = next;
                }
                // An unknown or malformed entity is plain text to Telegram.
                None => {
                    out.push('&');
                    i += 1;
                }
            },
            b'<' if bytes.get(i + 1) == Some(&b'/') => i = end_tag(html, i, &mut open)?,
            b'<' => i = start_tag(html, i, &mut open)?,
            _ => {
                let next = html[i..].find(['&', '<']).map_or(html.len(), |n| i + n);
                out.push_str(&html[i..next]);
                i = next;
            }
        }
    }
    match open.pop() {
        Some(tag) => Err(format!(
            "Can't find end tag corresponding to start tag \"{tag}\""
        )),
        None => Ok(out),
    }
}

/// Decodes the entity at `at` (an `&`); the `;` is optional, as on the server.
fn entity(html: &str, at: usize) -> Option<(char, usize)> {
    let rest = &html[at + 1..];
    let (code, len) = if let Some(hex) = rest.strip_prefix("#x") {
        let digits = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
        (u32::from_str_radix(&hex[..digits], 16).ok()?, 2 + digits)
    } else if let Some(dec) = rest.strip_prefix('#') {
        let digits = dec.bytes().take_while(u8::is_ascii_digit).count();
        (dec[..digits].parse().ok()?, 1 + digits)
    } else {
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let ch = match &rest[..letters] {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            _ => return None,
        };
        (u32::from(ch), letters)
    };
    // The server gives up on references of ten bytes or more.
    if len + 1 >= 10 || code == 0 || code >= 0x10FFFF {
        return None;
    }
    let ch = char::from_u32(code)?;
    let after = at + 1 + len;
    Some((ch, after + usize::from(html[after..].starts_with(';'))))
}

fn is_space(b: u8) -> bool {
    b.is_ascii_whitespace()
}

/// Index of the first byte at or after `from` that satisfies `stop`, or the end.
fn scan(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| stop(b))
        .map_or(bytes.len(), |n| from + n)
}

/// Parses the start tag at `at` (a `<`) and returns the index after its `>`.
fn start_tag(html: &str, at: usize, open: &mut Vec<String>) -> Result<usize, String> {
    let bytes = html.as_bytes();
    let unclosed = || format!("Unclosed start tag at byte offset {at}");
    let mut i = scan(bytes, at + 1, |b| is_space(b) || b == b'>');
    if i == bytes.len() {
        return Err(unclosed());
    }
    let tag = html[at + 1..i].to_ascii_lowercase();
    if !TAGS.contains(&tag.as_str()) {
        return Err(format!(
            "Unsupported start tag \"{tag}\" at byte offset {at}"
        ));
    }
    let mut attributes: Vec<(String, String)> = Vec::new();
    loop {
        i = scan(bytes, i, |b| !is_space(b));
        match bytes.get(i) {
            None => return Err(unclosed()),
            Some(b'>') => break,
            Some(_) => {}
        }
        let name_end = scan(bytes, i, |b| is_space(b) || b == b'=' || b == b'>');
        let name = html[i..name_end].to_ascii_lowercase();
        if name.is_empty() {
            return Err(format!(
                "Empty attribute name in the tag \"{tag}\" at byte offset {at}"
            ));
        }
        i = scan(bytes, name_end, |b| !is_space(b));
        if bytes.get(i) != Some(&b'=') {
            if tag == "blockquote" && name == "expandable" {
                continue;
            }
            return Err(format!(
                "Expected equal sign in declaration of an attribute of the tag \"{tag}\" at byte offset {at}"
            ));
        }
        i = scan(bytes, i + 1, |b| !is_space(b));
        let value = match bytes.get(i) {
            None => return Err(unclosed()),
            Some(&quote @ (b'"' | b'\'')) => {
                let end = scan(bytes, i + 1, |b| b == quote);
                if end == bytes.len() {
                    return Err(unclosed());
                }
                let value = html[i + 1..end].to_owned();
                i = end + 1;
                value
            }
            Some(_) => {
                let end = scan(bytes, i, |b| {
                    !(b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                });
                if end < bytes.len() && !is_space(bytes[end]) && bytes[end] != b'>' {
                    return Err(format!("Unexpected end of name token at byte offset {i}"));
                }
                let value = html[i..end].to_ascii_lowercase();
                i = end;
                value
            }
        };
        attributes.push((name, value));
    }
    let value_of = |wanted: &str| {
        attributes
            .iter()
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| value.as_str())
    };
    if tag == "span" && value_of("class") != Some("tg-spoiler") {
        return Err("Tag \"span\" must have class \"tg-spoiler\"".to_owned());
    }
    if tag == "tg-emoji" && value_of("emoji-id").is_none_or(|id| id.parse::<i64>().is_err()) {
        return Err("Custom emoji entity must contain a valid custom emoji identifier".to_owned());
    }
    open.push(tag);
    Ok(i + 1)
}

/// Parses the end tag at `at` (`</`) and returns the index after its `>`.
fn end_tag(html: &str, at: usize, open: &mut Vec<String>) -> Result<usize, String> {
    let bytes = html.as_bytes();
    let Some(expected) = open.pop() else {
        return Err(format!("Unexpected end tag at byte offset {at}"));
    };
    let name_end = scan(bytes, at + 2, |b| is_space(b) || b == b'>');
    let i = scan(bytes, name_end, |b| !is_space(b));
    if bytes.get(i) != Some(&b'>') {
        return Err(format!("Unclosed end tag at byte offset {at}"));
    }
    // The server compares the end tag as written with the lowercased start tag.
    let found = &html[at + 2..name_end];
    if !found.is_empty() && found != expected {
        return Err(format!(
            "Unmatched end tag at byte offset {at}, expected \"</{expected}>\", found \"</{found}>\""
        ));
    }
    Ok(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_dropped_and_entities_decoded() {
        assert_eq!(
            visible_text("<b>a &lt; b</b> <a href=\"https://x.vn\">c&#38;d&#x41;</a>"),
            Ok("a < b c&dA".to_owned())
        );
        assert_eq!(
            visible_text("<blockquote expandable>q</blockquote><span class=\"tg-spoiler\">s</>"),
            Ok("qs".to_owned())
        );
    }

    #[test]
    fn what_telegram_keeps_as_text_is_text() {
        assert_eq!(
            visible_text("R&D &nbsp; &amp"),
            Ok("R&D &nbsp; &".to_owned())
        );
    }

    #[test]
    fn what_telegram_refuses_is_refused() {
        for bad in [
            "<b>x",
            "x</b>",
            "<b>x</i>",
            "<b>x</B>",
            "a <3 b",
            "<b",
            "<a href=\"x>y</a>",
            "<span>x</span>",
            "<tg-emoji emoji-id=\"x\">🙂</tg-emoji>",
            "<i title>x</i>",
        ] {
            assert!(visible_text(bad).is_err(), "{bad} should not parse");
        }
    }
}
