//! Long names made short for a button or a chart's label.

/// `text`, or as much of its start and its end as `fits`, "…" between them.
/// The end is kept longer: agencies' names share their start ("Trung tâm
/// Phục vụ hành chính công phường …") and differ at the end. Each part is cut
/// between words where it has a space to cut at.
pub fn shorten<E>(text: &str, fits: impl Fn(&str) -> Result<bool, E>) -> Result<String, E> {
    if fits(text)? {
        return Ok(text.to_owned());
    }
    let chars: Vec<char> = text.chars().collect();
    let space = |c: &char| c.is_whitespace();
    let between_words =
        |at: usize| at == 0 || at == chars.len() || space(&chars[at]) || space(&chars[at - 1]);
    for keep in (0..chars.len()).rev() {
        let mut head = keep * 2 / 5;
        if !between_words(head) {
            head = chars[..head].iter().rposition(space).unwrap_or(head);
        }
        let mut tail = chars.len() - (keep - head);
        if !between_words(tail) {
            tail = chars[tail..]
                .iter()
                .position(space)
                .map_or(tail, |at| tail + at);
        }
        // Never inside a letter: Khmer writes one as a consonant with a
        // subscript (after a coeng) and vowel signs, Vietnamese may carry
        // its accents as marks after the letter.
        while !whole_letters(&chars, head) {
            head -= 1;
        }
        while !whole_letters(&chars, tail) {
            tail += 1;
        }
        let start: String = chars[..head].iter().collect();
        let end: String = chars[tail..].iter().collect();
        let short = format!("{}…{}", start.trim_end(), end.trim_start());
        if fits(&short)? {
            return Ok(short);
        }
    }
    Ok(String::new())
}

/// Whether `chars` can be cut before `at` without splitting a letter.
fn whole_letters(chars: &[char], at: usize) -> bool {
    const COENG: char = '\u{17D2}';
    let mark =
        |c: char| matches!(c, '\u{0300}'..='\u{036F}' | '\u{17B4}'..='\u{17D3}' | '\u{17DD}');
    at == 0 || at >= chars.len() || !(mark(chars[at]) || chars[at - 1] == COENG)
}

/// [`shorten`] to at most `max` characters.
pub fn to_chars(text: &str, max: usize) -> String {
    shorten_to(text, |s| s.chars().count() <= max)
}

/// [`shorten`] to at most `max` UTF-16 units, as Telegram counts a
/// message's length.
pub fn to_utf16_units(text: &str, max: usize) -> String {
    shorten_to(text, |s| s.encode_utf16().count() <= max)
}

/// [`shorten`] by a measure that cannot fail.
fn shorten_to(text: &str, fits: impl Fn(&str) -> bool) -> String {
    match shorten(text, |s| Ok::<_, std::convert::Infallible>(fits(s))) {
        Ok(short) => short,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_fits_is_kept_and_a_long_one_keeps_its_end() {
        assert_eq!(to_chars("Sở Tư pháp", 20), "Sở Tư pháp");
        let short = to_chars("Trung tâm Phục vụ hành chính công phường Tân Thành", 30);
        assert!(short.chars().count() <= 30, "{short}");
        assert!(
            short.starts_with("Trung") && short.ends_with("phường Tân Thành"),
            "{short}"
        );
    }

    /// Counted as Telegram counts: an emoji is two units.
    #[test]
    fn a_text_is_cut_to_telegrams_units() {
        assert_eq!(to_utf16_units("chưa rõ", 7), "chưa rõ");
        let short = to_utf16_units(&"😊 ".repeat(10), 9);
        assert!(
            short.encode_utf16().count() <= 9 && short.contains('…'),
            "{short}"
        );
    }

    /// Khmer's subscripts and vowel signs stay with their consonant.
    #[test]
    fn a_khmer_letter_is_never_split() {
        let name = "មជ្ឈមណ្ឌលបម្រើរដ្ឋបាលសាធារណៈ សង្កាត់ Bạc Liêu";
        let sign = |c: char| ('\u{17B4}'..='\u{17D3}').contains(&c);
        for max in 5..name.chars().count() {
            let short = to_chars(name, max);
            for part in short.split('…') {
                assert!(!part.ends_with('\u{17D2}'), "{max}: {short}");
                assert!(!part.starts_with(sign), "{max}: {short}");
            }
        }
    }
}
