//! The one rule for putting names in order and for finding them by a typed
//! part: Vietnamese alphabetical order, and accent-insensitive matching.
//!
//! Byte order puts `Đầm Dơi` after `Vĩnh Mỹ` (Đ is U+0110) and `Ấp` after
//! `Z`; a citizen looks for a name where a Vietnamese dictionary puts it.
//! Vietnamese order (TCVN 5712, CLDR `vi`) compares letters first, with the
//! modified letters after their base (a < ă < â, d < đ, e < ê, o < ô < ơ,
//! u < ư), then tones (none, huyền, hỏi, ngã, sắc, nặng), then case; numbers
//! go by their value, as lists of wards and hamlets are read. No crate
//! already in Cargo.lock collates (the ICU crates there are normalizer and
//! segmenter data for other dependencies), and the full `icu_collator` with
//! its data would be a large dependency for 29 letters and 5 tones, so the
//! rule is written out here on top of Unicode decomposition (NFD).

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

const BREVE: char = '\u{0306}';
const CIRCUMFLEX: char = '\u{0302}';
const HORN: char = '\u{031B}';

/// Tones in dictionary order, after the unmarked syllable (0).
const TONES: [char; 5] = [
    '\u{0300}', // huyền
    '\u{0309}', // hỏi
    '\u{0303}', // ngã
    '\u{0301}', // sắc
    '\u{0323}', // nặng
];

/// What a name is compared by: letters (with their modifiers), then tones,
/// then case, then the text itself so that the order is total.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    letters: Vec<u32>,
    tones: Vec<u8>,
    upper: Vec<bool>,
    text: String,
}

/// The key `name` sorts by in Vietnamese order.
pub fn sort_key(name: &str) -> SortKey {
    let mut key = SortKey {
        letters: Vec::with_capacity(name.len()),
        tones: Vec::with_capacity(name.len()),
        upper: Vec::with_capacity(name.len()),
        text: name.to_owned(),
    };
    let mut chars = name.trim().nfd().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut digits = String::from(c);
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                digits.push(d);
            }
            key.push_number(&digits);
            continue;
        }
        // A modifier or a tone before any letter is kept as a character.
        if let Some(variant) = letter_modifier(c)
            && let Some(last) = key.letters.last_mut()
        {
            *last += variant;
            continue;
        }
        if let Some(tone) = TONES.iter().position(|t| *t == c)
            && let Some(last) = key.tones.last_mut()
        {
            // Position + 1 fits in a u8: there are five tones.
            *last = u8::try_from(tone + 1).unwrap_or(u8::MAX);
            continue;
        }
        // Đ does not decompose: it is D's modified letter.
        let (base, variant) = match c {
            'đ' => ('d', 1),
            'Đ' => ('D', 1),
            other => (other, 0),
        };
        for lower in base.to_lowercase() {
            // Four slots per character leave room for a letter's modifiers;
            // every scalar value (at most 0x10FFFF) times four fits in a u32.
            key.letters.push(u32::from(lower) * 4 + variant);
            key.tones.push(0);
            key.upper.push(base.is_uppercase());
        }
    }
    key
}

impl SortKey {
    /// A run of digits, compared by its value: "Phường 2" before "Phường
    /// 10", as a list of wards is read. It sorts where a digit does, before
    /// letters; then by how many digits it has without leading zeros, then
    /// digit by digit.
    fn push_number(&mut self, digits: &str) {
        let significant = digits.trim_start_matches('0');
        let length = u32::try_from(significant.len()).unwrap_or(u32::MAX);
        let elements = [u32::from('0') * 4, length]
            .into_iter()
            .chain(significant.chars().map(u32::from));
        for element in elements {
            self.letters.push(element);
            self.tones.push(0);
            self.upper.push(false);
        }
    }
}

/// Where a modifier puts a letter after its base: ă after a, â after ă, ơ after ô.
fn letter_modifier(c: char) -> Option<u32> {
    match c {
        BREVE => Some(1),
        CIRCUMFLEX => Some(2),
        HORN => Some(3),
        _ => None,
    }
}

/// `a` against `b` in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// Sorts `items` in Vietnamese order of the name each shows, then by its
/// code (`named` gives both), so that two agencies of one name keep one
/// order whatever order they came in; each key is computed once.
pub fn sort_by_name<T>(items: &mut [T], named: impl Fn(&T) -> (&str, &str)) {
    items.sort_by_cached_key(|item| {
        let (name, code) = named(item);
        (sort_key(name), code.to_owned())
    });
}

/// `text` as typed searches compare it: lower case, without tones or letter
/// modifiers, đ as d, spaces collapsed. "dam doi" and "ĐẦM DƠI" fold alike.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !folded.is_empty() {
            folded.push(' ');
        }
        for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
            match c {
                'đ' | 'Đ' => folded.push('d'),
                other => folded.extend(other.to_lowercase()),
            }
        }
    }
    folded
}

/// Whether every word of `query` is found in `name`, accents and case aside:
/// "dam doi" finds "Trung tâm Phục vụ hành chính công xã Đầm Dơi".
pub fn matches(query: &str, name: &str) -> bool {
    let name = fold(name);
    let query = fold(query);
    !query.is_empty() && query.split(' ').all(|word| name.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        sort_by_name(&mut names, |n| (n.as_str(), ""));
        names
    }

    #[test]
    fn d_bar_comes_after_d_and_before_e_not_after_v() {
        assert_eq!(
            sorted(&["Vĩnh Mỹ", "Định Thành", "Đầm Dơi", "Dân Hưng", "Em"]),
            ["Dân Hưng", "Đầm Dơi", "Định Thành", "Em", "Vĩnh Mỹ"]
        );
    }

    #[test]
    fn modified_letters_follow_their_base_letter() {
        assert_eq!(
            sorted(&["Ân", "Ăn", "An", "Bạc Liêu"]),
            ["An", "Ăn", "Ân", "Bạc Liêu"]
        );
        assert_eq!(sorted(&["ơ", "ô", "o", "p"]), ["o", "ô", "ơ", "p"]);
        assert_eq!(sorted(&["ư", "u", "v"]), ["u", "ư", "v"]);
        assert_eq!(sorted(&["ê", "e", "g"]), ["e", "ê", "g"]);
    }

    #[test]
    fn letters_decide_before_tones_and_tones_before_case() {
        // Tones in dictionary order on one syllable.
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        // A tone on the first syllable does not outweigh a later letter.
        assert_eq!(sorted(&["Tân B", "Tấn A"]), ["Tấn A", "Tân B"]);
        assert_eq!(compare("cà mau", "Cà Mau"), Ordering::Less);
        assert_eq!(compare("Cà Mau", "cà mau"), Ordering::Greater);
        assert_eq!(compare("Cà Mau", "Cà Mau"), Ordering::Equal);
    }

    #[test]
    fn composed_and_decomposed_forms_sort_alike() {
        let decomposed: String = "Đầm Dơi".nfd().collect();
        assert_eq!(sort_key(&decomposed).letters, sort_key("Đầm Dơi").letters);
        assert_eq!(sort_key(&decomposed).tones, sort_key("Đầm Dơi").tones);
    }

    #[test]
    fn a_shorter_name_comes_first_and_spaces_before_letters() {
        assert_eq!(
            sorted(&["Sở Tư pháp", "Sở Tài chính", "Sở", "Sở Tư"]),
            ["Sở", "Sở Tài chính", "Sở Tư", "Sở Tư pháp"]
        );
    }

    #[test]
    fn numbers_go_by_their_value_before_letters() {
        assert_eq!(
            sorted(&[
                "Phường 10",
                "Phường An Xuyên",
                "Phường 2",
                "Phường 1",
                "Phường 02A"
            ]),
            [
                "Phường 1",
                "Phường 2",
                "Phường 02A",
                "Phường 10",
                "Phường An Xuyên"
            ]
        );
        assert_eq!(
            sorted(&["Khóm 100", "Khóm 99", "Khóm 0"]),
            ["Khóm 0", "Khóm 99", "Khóm 100"]
        );
    }

    #[test]
    fn typing_without_accents_finds_the_name() {
        let name = "Trung tâm Phục vụ hành chính công xã Đầm Dơi";
        assert!(matches("dam doi", name));
        assert!(matches("  ĐẦM   dơi ", name));
        assert!(matches("doi dam", name));
        assert!(matches("xa dam", name));
        assert!(!matches("dam doi moi", name));
        assert!(!matches("", name));
        assert!(!matches("   ", name));
        assert_eq!(fold("Phường Tân Thành"), "phuong tan thanh");
    }
}
