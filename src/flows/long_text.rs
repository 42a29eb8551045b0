//! A text longer than Telegram takes in one message, sent as several: cut
//! between paragraphs where it can, between lines where a paragraph is too
//! long, and inside a line only when one line is. Nothing but the line
//! breaks at the cuts and blank pieces (which Telegram refuses) is left out.

use super::{MAX_TEXT, fits_a_message};

/// `text` as messages of at most [`MAX_TEXT`] UTF-16 units each, in order.
pub fn split_for_messages(text: &str) -> Vec<String> {
    let mut messages = Vec::new();
    pack(text, &["\n\n", "\n"], &mut messages);
    messages.retain(|m| !m.trim().is_empty());
    messages
}

/// Adds `text` to `out` in pieces that fit, cut at the first of
/// `separators` that leaves every piece whole, the finer ones after.
fn pack(text: &str, separators: &[&str], out: &mut Vec<String>) {
    let Some((separator, finer)) = separators.split_first() else {
        cut_anywhere(text, out);
        return;
    };
    let mut current: Option<String> = None;
    for part in text.split(separator) {
        if let Some(joined) = current.as_ref().map(|c| format!("{c}{separator}{part}"))
            && fits_a_message(&joined)
        {
            current = Some(joined);
            continue;
        }
        out.extend(current.take());
        if fits_a_message(part) {
            current = Some(part.to_owned());
        } else {
            pack(part, finer, out);
        }
    }
    out.extend(current);
}

/// One line longer than a message: cut between characters.
fn cut_anywhere(text: &str, out: &mut Vec<String>) {
    let (mut current, mut units) = (String::new(), 0);
    for c in text.chars() {
        if units + c.len_utf16() > MAX_TEXT {
            out.push(std::mem::take(&mut current));
            units = 0;
        }
        current.push(c);
        units += c.len_utf16();
    }
    if !current.is_empty() {
        out.push(current);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_short_text_is_one_message_as_it_is() {
        assert_eq!(
            split_for_messages("Xin chào\n\nÔng/Bà"),
            ["Xin chào\n\nÔng/Bà"]
        );
    }

    #[test]
    fn paragraphs_stay_whole_when_they_fit() {
        let paragraph = "ý kiến ".repeat(250);
        let text = [paragraph.as_str(); 4].join("\n\n");
        let messages = split_for_messages(&text);
        assert_eq!(messages.len(), 2);
        assert!(
            messages
                .iter()
                .all(|m| m.split("\n\n").all(|p| p == paragraph))
        );
    }

    #[test]
    fn a_line_longer_than_a_message_is_cut_inside() {
        // "😊" is two UTF-16 units: a cut never splits one.
        let text = "😊".repeat(MAX_TEXT);
        let messages = split_for_messages(&text);
        assert_eq!(messages.len(), 2);
        assert_eq!(messages.concat(), text);
        assert!(messages.iter().all(|m| fits_a_message(m)));
    }

    proptest! {
        /// Every piece fits and has something to read; together they are
        /// the text but for the line breaks at the cuts and blank pieces.
        #[test]
        fn every_piece_fits_and_nothing_is_lost(
            paragraphs in prop::collection::vec(
                prop::collection::vec("[a-zà-ỹ😊 ]{0,900}", 1..6),
                1..12,
            )
        ) {
            let text = paragraphs
                .iter()
                .map(|lines| lines.join("\n"))
                .collect::<Vec<_>>()
                .join("\n\n");
            let messages = split_for_messages(&text);
            prop_assert!(messages.iter().all(|m| fits_a_message(m) && !m.trim().is_empty()));
            let without_breaks = |s: &str| s.replace(['\n', ' '], "");
            prop_assert_eq!(without_breaks(&messages.concat()), without_breaks(&text));
            if fits_a_message(&text) && !text.trim().is_empty() {
                prop_assert_eq!(messages, vec![text]);
            }
        }
    }
}
