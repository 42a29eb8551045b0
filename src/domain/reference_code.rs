use std::fmt;

use super::DomainError;

macro_rules! reference_code {
    ($(#[$doc:meta])* $name:ident, $error:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// 1..64 of `[A-Za-z0-9._-]`, kept as written but trimmed.
            pub fn parse(raw: &str) -> Result<Self, DomainError> {
                let code = raw.trim();
                let ok = (1..=64).contains(&code.len())
                    && code.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
                if ok { Ok(Self(code.to_owned())) } else { Err($error) }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

reference_code!(
    /// An agency's code, e.g. `000.00.31.H12`.
    AgencyCode,
    DomainError::AgencyCode
);
reference_code!(
    /// A procedure's national code, e.g. `1.001193`.
    ProcedureCode,
    DomainError::ProcedureCode
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_trimmed_and_checked() {
        assert_eq!(
            ProcedureCode::parse(" 1.001193 ").map(|c| c.to_string()),
            Ok("1.001193".into())
        );
        assert_eq!(
            AgencyCode::parse("000.00.31.H12").map(|c| c.to_string()),
            Ok("000.00.31.H12".into())
        );
        assert_eq!(AgencyCode::parse("a b"), Err(DomainError::AgencyCode));
    }
}
