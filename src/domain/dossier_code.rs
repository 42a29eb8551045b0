use std::fmt;

use super::DomainError;

/// A dossier code as printed on the receipt, e.g. `000.00.15.H12-211125-0001`:
/// 3..64 of `[A-Za-z0-9.-]`, compared without regard to case or surrounding spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DossierCode(String);

impl DossierCode {
    pub const MAX_LEN: usize = 64;

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let code = raw.trim().to_ascii_uppercase();
        let ok = (3..=Self::MAX_LEN).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            && code.bytes().any(|b| b.is_ascii_alphanumeric());
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

    #[test]
    fn trims_and_uppercases() {
        let code = DossierCode::parse("  000.00.15.h12-211125-0001 \n").expect("valid");
        assert_eq!(code.as_str(), "000.00.15.H12-211125-0001");
    }

    #[test]
    fn accepts_3_to_64_characters() {
        assert!(DossierCode::parse("A-1").is_ok());
        assert!(DossierCode::parse(&"A".repeat(64)).is_ok());
        assert!(DossierCode::parse("AB").is_err());
        assert!(DossierCode::parse(&"A".repeat(65)).is_err());
    }

    #[test]
    fn rejects_other_characters() {
        for bad in ["000 00", "abc/def", "mã-hồ-sơ", "a_b_c", "...", "---", ""] {
            assert_eq!(
                DossierCode::parse(bad),
                Err(DomainError::DossierCode),
                "{bad}"
            );
        }
    }
}
