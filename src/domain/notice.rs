//! The text of a broadcast notice in Telegram's HTML parse mode
//! (https://core.telegram.org/bots/api#html-style).
//!
//! Telegram rejects the whole message when the markup does not parse, and
//! counts its length limit on the visible text, not on the markup. Checking
//! both here means a notice that reaches the send queue cannot bounce.

/// Tags Telegram's HTML mode understands; anything else is rejected by it.
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

/// How much of the input an error quotes, so the operator can find the spot.
const CONTEXT_CHARS: usize = 24;

/// Telegram HTML that parses, whose visible text is non-empty and within a limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeText {
    html: String,
    visible_utf16: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("the notice is empty")]
    Empty,
    #[error("the notice is {len} characters long (UTF-16 units); Telegram allows at most {max}")]
    TooLong { len: usize, max: usize },
    #[error(
        "<{0}> is not a tag Telegram supports (b, i, u, s, code, pre, blockquote, a, tg-spoiler, tg-emoji); write &lt; for a literal <"
    )]
    UnknownTag(String),
    #[error("malformed tag near \"{0}\"; write &lt; for a literal <")]
    BadTag(String),
    #[error("<{0}> is never closed; add </{0}>")]
    Unclosed(String),
    #[error(
        "expected </{expected}> but found </{found}>; close tags in the reverse order they were opened"
    )]
    Mismatched { expected: String, found: String },
    #[error("</{0}> closes a tag that is not open")]
    UnexpectedClose(String),
    #[error("bare `{ch}` near \"{near}\"; write &lt; for < and &amp; for &")]
    Stray { ch: char, near: String },
    #[error(
        "unsupported entity {0}; only &lt; &gt; &amp; &quot; and numeric &#NN; or &#xHH; are allowed"
    )]
    BadEntity(String),
    #[error("<{tag}> needs the attribute {attribute}")]
    MissingAttribute { tag: String, attribute: String },
}

impl NoticeText {
    pub fn parse_html(html: &str, max_visible_utf16: usize) -> Result<Self, NoticeError> {
        let html = html.trim();
        let visible = visible_text(html)?;
        Self::checked(html.to_owned(), &visible, max_visible_utf16)
    }

    pub fn from_plain(text: &str, max_visible_utf16: usize) -> Result<Self, NoticeError> {
        let text = text.trim();
        Self::checked(escape_html(text), text, max_visible_utf16)
    }

    fn checked(html: String, visible: &str, max: usize) -> Result<Self, NoticeError> {
        // Telegram trims the parsed text, so markup around only spaces is empty.
        if visible.trim().is_empty() {
            return Err(NoticeError::Empty);
        }
        let len = visible.encode_utf16().count();
        if len > max {
            return Err(NoticeError::TooLong { len, max });
        }
        Ok(Self {
            html,
            visible_utf16: len,
        })
    }

    pub fn html(&self) -> &str {
        &self.html
    }

    /// Length as Telegram counts it: UTF-16 code units of the visible text.
    pub fn visible_len(&self) -> usize {
        self.visible_utf16
    }
}

/// Makes plain text safe to place inside Telegram HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// The text a reader sees: tags dropped, entities decoded. Fails where Telegram
/// would answer "can't parse entities".
pub fn visible_text(html: &str) -> Result<String, NoticeError> {
    let mut out = String::with_capacity(html.len());
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = if rest.starts_with('&') {
            let (ch, after) = entity(rest)?;
            out.push(ch);
            after
        } else {
            tag(rest, &mut open)?
        };
    }
    out.push_str(rest);
    match open.pop() {
        Some(name) => Err(NoticeError::Unclosed(name)),
        None => Ok(out),
    }
}

fn near(s: &str) -> String {
    s.chars().take(CONTEXT_CHARS).collect()
}

fn split_while(s: &str, keep: impl Fn(char) -> bool) -> (&str, &str) {
    s.split_at(s.find(|c| !keep(c)).unwrap_or(s.len()))
}

/// `rest` starts with `&`; returns the decoded character and what follows.
fn entity(rest: &str) -> Result<(char, &str), NoticeError> {
    let body = &rest[1..];
    let (name, after) = split_while(body, |c| c.is_ascii_alphanumeric() || c == '#');
    let Some(after) = after.strip_prefix(';').filter(|_| !name.is_empty()) else {
        return Err(NoticeError::Stray {
            ch: '&',
            near: near(rest),
        });
    };
    let code = match name {
        "lt" => Some(u32::from('<')),
        "gt" => Some(u32::from('>')),
        "amp" => Some(u32::from('&')),
        "quot" => Some(u32::from('"')),
        // Telegram only knows a lowercase `x`, like it only knows four names.
        _ => match name.strip_prefix("#x") {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => name
                .strip_prefix('#')
                .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse().ok()),
        },
    };
    // Telegram refuses NUL and anything from U+10FFFF up.
    match code
        .filter(|&c| c != 0 && c < 0x10FFFF)
        .and_then(char::from_u32)
    {
        Some(ch) => Ok((ch, after)),
        None => Err(NoticeError::BadEntity(format!("&{name};"))),
    }
}

/// `rest` starts with `<`; checks one start or end tag and returns what follows.
fn tag<'a>(rest: &'a str, open: &mut Vec<String>) -> Result<&'a str, NoticeError> {
    let bad = || NoticeError::BadTag(near(rest));
    let body = &rest[1..];
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '-';

    if let Some(end_tag) = body.strip_prefix('/') {
        let (name, after) = split_while(end_tag, is_name);
        let after = after.trim_start().strip_prefix('>');
        let after = after.filter(|_| !name.is_empty()).ok_or_else(bad)?;
        let found = name.to_ascii_lowercase();
        return match open.pop() {
            Some(expected) if expected == found => Ok(after),
            Some(expected) => Err(NoticeError::Mismatched { expected, found }),
            None => Err(NoticeError::UnexpectedClose(found)),
        };
    }

    // Only a letter can begin a tag name, so `a <3 b` is a stray, not a tag.
    if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(NoticeError::Stray {
            ch: '<',
            near: near(rest),
        });
    }
    let (name, mut s) = split_while(body, is_name);
    let name = name.to_ascii_lowercase();
    if !TAGS.contains(&name.as_str()) {
        return Err(NoticeError::UnknownTag(name));
    }

    let mut attributes: Vec<(String, Option<&str>)> = Vec::new();
    loop {
        let t = s.trim_start();
        if let Some(after) = t.strip_prefix('>') {
            s = after;
            break;
        }
        // Attributes must be separated from the name and from each other.
        if t.is_empty() || t.len() == s.len() {
            return Err(bad());
        }
        let (attribute, after) = split_while(t, |c| is_name(c) || c == '_');
        if attribute.is_empty() {
            return Err(bad());
        }
        let attribute = attribute.to_ascii_lowercase();
        let Some(value) = after.trim_start().strip_prefix('=') else {
            // The one attribute Telegram accepts without a value.
            if name != "blockquote" || attribute != "expandable" {
                return Err(bad());
            }
            attributes.push((attribute, None));
            s = after;
            continue;
        };
        let value = value.trim_start();
        let (value, after) = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &value[1..];
                let end = inner.find(quote).ok_or_else(bad)?;
                (&inner[..end], &inner[end + 1..])
            }
            // Unquoted, Telegram takes only an HTML name token.
            _ => match split_while(value, |c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
                ("", _) => return Err(bad()),
                token => token,
            },
        };
        attributes.push((attribute, Some(value)));
        s = after;
    }

    let value_of = |wanted: &str| {
        attributes
            .iter()
            .find(|(a, _)| a == wanted)
            .and_then(|(_, v)| *v)
    };
    let required = match name.as_str() {
        "a" => value_of("href").is_none_or(str::is_empty).then_some("href"),
        "tg-emoji" => value_of("emoji-id")
            .is_none_or(str::is_empty)
            .then_some("emoji-id"),
        "span" => (value_of("class") != Some("tg-spoiler")).then_some("class=\"tg-spoiler\""),
        _ => None,
    };
    if let Some(attribute) = required {
        return Err(NoticeError::MissingAttribute {
            tag: name,
            attribute: attribute.to_owned(),
        });
    }
    open.push(name);
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 4096;

    fn parse(html: &str) -> Result<NoticeText, NoticeError> {
        NoticeText::parse_html(html, MAX)
    }

    #[test]
    fn plain_text_is_its_own_visible_text() {
        let n = parse("  Thông báo nghỉ lễ \n").expect("valid");
        assert_eq!(n.html(), "Thông báo nghỉ lễ");
        assert_eq!(n.visible_len(), "Thông báo nghỉ lễ".chars().count());
    }

    #[test]
    fn nested_tags_links_and_special_tags_parse() {
        let html = "<b>bold <i>both <s>x <span class=\"tg-spoiler\">y</span></s></i></b> \
                    <a href='https://dichvucong.gov.vn/?a=1&amp;b=2'>link</a> \
                    <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji> \
                    <pre><code class=\"language-rust\">let x = 1;</code></pre> \
                    <blockquote expandable>quote</blockquote><tg-spoiler>z</tg-spoiler>";
        assert_eq!(
            visible_text(html).expect("valid"),
            "bold both x y link 👍 let x = 1; quotez"
        );
    }

    #[test]
    fn uppercase_tags_are_accepted() {
        assert_eq!(
            visible_text("<B>x</b> <A HREF=\"https://x.vn\">y</A>").expect("valid"),
            "x y"
        );
    }

    #[test]
    fn entities_count_as_one_character() {
        let n = parse("a &lt; b &amp;&amp; c &gt; d &quot;e&quot; &#65;&#x1F600;").expect("valid");
        assert_eq!(
            visible_text(n.html()).expect("valid"),
            "a < b && c > d \"e\" A😀"
        );
        assert_eq!(n.visible_len(), 22);
        assert_eq!(parse("a > b").expect("bare > is fine").visible_len(), 5);
    }

    #[test]
    fn length_is_counted_in_utf16_units() {
        assert_eq!(parse("Việt Nam").expect("valid").visible_len(), 8);
        assert_eq!(parse("<b>😀</b>").expect("valid").visible_len(), 2);
        assert_eq!(
            NoticeText::parse_html("ồ😀", 2),
            Err(NoticeError::TooLong { len: 3, max: 2 })
        );
    }

    #[test]
    fn markup_does_not_count_toward_the_limit() {
        let html = format!("<b>{}</b>", "ồ".repeat(10));
        assert_eq!(
            NoticeText::parse_html(&html, 10)
                .expect("valid")
                .visible_len(),
            10
        );
        assert_eq!(
            NoticeText::parse_html(&html, 9),
            Err(NoticeError::TooLong { len: 10, max: 9 })
        );
    }

    #[test]
    fn broken_structure_is_rejected() {
        assert_eq!(parse("<b>x"), Err(NoticeError::Unclosed("b".into())));
        assert_eq!(
            parse("<b><i>x</b></i>"),
            Err(NoticeError::Mismatched {
                expected: "i".into(),
                found: "b".into()
            })
        );
        assert_eq!(
            parse("x</b>"),
            Err(NoticeError::UnexpectedClose("b".into()))
        );
        assert_eq!(parse("<br>x"), Err(NoticeError::UnknownTag("br".into())));
        assert_eq!(
            parse("<div>x</div>"),
            Err(NoticeError::UnknownTag("div".into()))
        );
        assert!(matches!(parse("<b x</b>"), Err(NoticeError::BadTag(_))));
        assert!(matches!(parse("<b/>x"), Err(NoticeError::BadTag(_))));
        assert!(matches!(
            parse("<i expandable>x</i>"),
            Err(NoticeError::BadTag(_))
        ));
        assert!(matches!(
            parse("<a href=\"x>y</a>"),
            Err(NoticeError::BadTag(_))
        ));
        assert!(matches!(
            parse("<a href=>y</a>"),
            Err(NoticeError::BadTag(_))
        ));
        assert!(matches!(
            parse("<a href=http://x.vn>y</a>"),
            Err(NoticeError::BadTag(_))
        ));
        assert!(matches!(parse("<b>x</>"), Err(NoticeError::BadTag(_))));
        assert_eq!(
            visible_text("<b >x</b > <a href = x.vn>y</a>"),
            Ok("x y".into())
        );
    }

    #[test]
    fn required_attributes_are_enforced() {
        let missing = |tag: &str, attribute: &str| {
            Err(NoticeError::MissingAttribute {
                tag: tag.into(),
                attribute: attribute.into(),
            })
        };
        assert_eq!(parse("<a>x</a>"), missing("a", "href"));
        assert_eq!(parse("<a href=\"\">x</a>"), missing("a", "href"));
        assert_eq!(
            parse("<tg-emoji>👍</tg-emoji>"),
            missing("tg-emoji", "emoji-id")
        );
        assert_eq!(
            parse("<span>x</span>"),
            missing("span", "class=\"tg-spoiler\"")
        );
    }

    #[test]
    fn bare_lt_and_amp_are_rejected() {
        assert_eq!(
            parse("a < b"),
            Err(NoticeError::Stray {
                ch: '<',
                near: "< b".into()
            })
        );
        assert_eq!(
            parse("Tom & Jerry"),
            Err(NoticeError::Stray {
                ch: '&',
                near: "& Jerry".into()
            })
        );
        assert!(matches!(
            parse("x &amp y"),
            Err(NoticeError::Stray { ch: '&', .. })
        ));
        assert_eq!(
            parse("&nbsp;"),
            Err(NoticeError::BadEntity("&nbsp;".into()))
        );
        assert_eq!(parse("&#0;"), Err(NoticeError::BadEntity("&#0;".into())));
        assert_eq!(
            parse("&#xD800;"),
            Err(NoticeError::BadEntity("&#xD800;".into()))
        );
        assert_eq!(
            parse("&#X41;"),
            Err(NoticeError::BadEntity("&#X41;".into()))
        );
    }

    #[test]
    fn empty_after_trim_is_rejected() {
        assert_eq!(parse(""), Err(NoticeError::Empty));
        assert_eq!(parse(" \n\t "), Err(NoticeError::Empty));
        assert_eq!(parse("<b> </b>"), Err(NoticeError::Empty));
        assert_eq!(NoticeText::from_plain("   ", MAX), Err(NoticeError::Empty));
    }

    #[test]
    fn plain_text_is_escaped_and_parses_back() {
        let n = NoticeText::from_plain(" a < b & c > d ", MAX).expect("valid");
        assert_eq!(n.html(), "a &lt; b &amp; c &gt; d");
        assert_eq!(n.visible_len(), 13);
        assert_eq!(visible_text(n.html()).expect("valid"), "a < b & c > d");
        assert_eq!(NoticeText::parse_html(n.html(), MAX), Ok(n));
        assert_eq!(
            NoticeText::from_plain("ồ😀", 2),
            Err(NoticeError::TooLong { len: 3, max: 2 })
        );
    }

    #[test]
    fn errors_read_as_instructions() {
        let e = parse("a < b").expect_err("stray");
        assert_eq!(
            e.to_string(),
            "bare `<` near \"< b\"; write &lt; for < and &amp; for &"
        );
        assert_eq!(
            NoticeError::Unclosed("b".into()).to_string(),
            "<b> is never closed; add </b>"
        );
    }
}
