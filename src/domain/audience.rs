use std::fmt;

use super::{AgencyCode, CommuneCode, DomainError, Language, ProcedureCode};

/// Who a broadcast goes to. Every audience leaves out citizens who opted out
/// of notices or cannot be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    All,
    /// Followers of dossiers filed in the commune.
    Commune(CommuneCode),
    /// Followers of the agency's dossiers.
    Agency(AgencyCode),
    /// Followers of the procedure's dossiers.
    Procedure(ProcedureCode),
    /// Citizens the bot speaks to in this language.
    Language(Language),
}

impl Audience {
    /// Reads `all`, `commune:CODE`, `agency:CODE`, `procedure:CODE` or `lang:vi`.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("all") {
            return Ok(Self::All);
        }
        let (kind, value) = raw.split_once(':').ok_or(DomainError::Audience)?;
        match kind.trim().to_ascii_lowercase().as_str() {
            "commune" => Ok(Self::Commune(CommuneCode::parse(value)?)),
            "agency" => Ok(Self::Agency(AgencyCode::parse(value)?)),
            "procedure" => Ok(Self::Procedure(ProcedureCode::parse(value)?)),
            "lang" | "language" => Ok(Self::Language(Language::parse(value)?)),
            _ => Err(DomainError::Audience),
        }
    }
}

/// The form `parse` reads, so that a stored audience reads back the same.
impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::All => f.write_str("all"),
            Self::Commune(code) => write!(f, "commune:{}", code.as_str()),
            Self::Agency(code) => write!(f, "agency:{}", code.as_str()),
            Self::Procedure(code) => write!(f, "procedure:{}", code.as_str()),
            Self::Language(lang) => write!(f, "lang:{}", lang.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_and_writes_it_back() {
        for raw in [
            "all",
            "commune:32014",
            "agency:000.00.32.H12",
            "procedure:1.001234",
            "lang:km",
        ] {
            let audience = Audience::parse(raw).unwrap();
            assert_eq!(audience.to_string(), raw);
        }
        assert_eq!(Audience::parse(" ALL ").unwrap(), Audience::All);
        assert_eq!(
            Audience::parse("Language:en-US").unwrap(),
            Audience::Language(Language::En)
        );
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(Audience::parse("everyone"), Err(DomainError::Audience));
        assert_eq!(Audience::parse("town:1"), Err(DomainError::Audience));
        assert_eq!(Audience::parse("lang:fr"), Err(DomainError::Language));
        assert_eq!(Audience::parse("agency:"), Err(DomainError::AgencyCode));
        assert_eq!(
            Audience::parse("commune:964"),
            Err(DomainError::CommuneCode)
        );
        assert_eq!(Audience::parse("district:964"), Err(DomainError::Audience));
    }
}
