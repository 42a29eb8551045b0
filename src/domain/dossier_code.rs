use std::fmt;

use super::DomainError;

/// A dossier code as printed on the receipt: 3..64 of `[A-Za-z0-9.-]`, a
/// digit among them (every code carries its day), compared without regard to
/// case or surrounding spaces.
///
/// Codes are `{agency id}-{yyMMdd}-{sequence}` (Circular 03/2025), and agency
/// ids come in two orders: province last (QCVN 102:2016, `000.00.15.H12`) and
/// level-1 code first (Decision 20/2020, `H15.50.05.13`); ministry-run systems
/// put a two-digit ministry prefix on the sequence (Circular 04/2025,
/// `…-260115-030123`). Their segments were re-issued in the 2025
/// reorganisation, so none is checked here: any code of the allowed
/// characters is taken and the dossier table says whether it exists.
///
/// People copying a code by hand often type spaces for the dashes
/// (`000.00.35.H12 260827 0006`): words that each hold a digit are joined with
/// dashes, so the code reads as printed. Words without a digit ("toi can 12")
/// are a sentence, not a code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DossierCode(String);

impl DossierCode {
    pub const MAX_LEN: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let words: Vec<&str> = raw.split_whitespace().collect();
        if words.len() > 1
            && !words
                .iter()
                .all(|w| w.contains(|c: char| c.is_ascii_digit()))
        {
            return Err(DomainError::DossierCode);
        }
        let code = words.join("-").to_ascii_uppercase();
        let ok = (3..=Self::MAX_LEN).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            && code.bytes().any(|b| b.is_ascii_digit());
        if ok {
            Ok(Self(code))
        } else {
            Err(DomainError::DossierCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(raw: &str) -> String {
        DossierCode::parse(raw)
            .unwrap_or_else(|_| panic!("{raw:?} is a code"))
            .as_str()
            .to_owned()
    }

    #[test]
    fn trims_and_uppercases() {
        assert_eq!(
            parsed("  000.00.15.h12-211125-0001 \n"),
            "000.00.15.H12-211125-0001"
        );
    }

    #[test]
    fn accepts_both_agency_id_orders_and_ministry_sequences() {
        for (raw, code) in [
            // Province last (QCVN 102:2016): a commune of Cà Mau.
            ("000.35.15.H12-260827-0006", "000.35.15.H12-260827-0006"),
            // Level-1 code first (Decision 20/2020), typed in lower case.
            ("h15.50.05.13-261103-0142", "H15.50.05.13-261103-0142"),
            // A ministry-run system: ministry 03 before the day's sequence (Circular 04/2025).
            ("G12.25.04-260115-030123", "G12.25.04-260115-030123"),
            // Sequences of more than four digits.
            ("000.00.15.H12-261126-12345", "000.00.15.H12-261126-12345"),
        ] {
            assert_eq!(parsed(raw), code);
        }
    }

    #[test]
    fn spaces_typed_for_dashes_read_as_dashes() {
        assert_eq!(
            parsed("000.00.35.H12 260827 0006"),
            "000.00.35.H12-260827-0006"
        );
        assert_eq!(
            parsed(" h15.50.05.13   261103\t0142 "),
            "H15.50.05.13-261103-0142"
        );
        assert_eq!(parsed("G12.25.04 260115 030123"), "G12.25.04-260115-030123");
    }

    #[test]
    fn a_sentence_is_not_a_code() {
        for bad in ["toi can 123", "ho so 000.00.35.H12", "where is 12-3"] {
            assert_eq!(
                DossierCode::parse(bad),
                Err(DomainError::DossierCode),
                "{bad}"
            );
        }
    }

    #[test]
    fn accepts_3_to_64_characters() {
        assert!(DossierCode::parse("A-1").is_ok());
        assert!(DossierCode::parse(&format!("{}1", "A".repeat(63))).is_ok());
        assert!(DossierCode::parse("AB").is_err());
        assert!(DossierCode::parse(&"A".repeat(65)).is_err());
    }

    #[test]
    fn rejects_other_characters() {
        for bad in [
            "abc/def",
            "mã-hồ-sơ",
            "a_b_c",
            "...",
            "---",
            "",
            "1 2/3",
            "abc",
            "xin-chao",
        ] {
            assert_eq!(
                DossierCode::parse(bad),
                Err(DomainError::DossierCode),
                "{bad}"
            );
        }
    }
}
