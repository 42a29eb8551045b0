use super::DomainError;

/// How the dossier was filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Direct,
    Online,
    Postal,
}

impl Channel {
    /// Every channel, in the order forms list them.
    pub const ALL: [Channel; 3] = [Self::Direct, Self::Online, Self::Postal];

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "direct" => Ok(Self::Direct),
            "online" => Ok(Self::Online),
            "postal" => Ok(Self::Postal),
            _ => Err(DomainError::Channel),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Online => "online",
            Self::Postal => "postal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_channels_in_any_case() {
        assert_eq!(Channel::parse("Online"), Ok(Channel::Online));
        assert_eq!(Channel::parse(" postal"), Ok(Channel::Postal));
        assert_eq!(Channel::parse("direct").map(Channel::code), Ok("direct"));
        assert_eq!(Channel::parse("fax"), Err(DomainError::Channel));
    }
}
