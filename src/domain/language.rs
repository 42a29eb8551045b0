use std::fmt;

use super::DomainError;

/// A language the bot speaks. Vietnamese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    Vi,
    En,
    Km,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Vi, Language::En, Language::Km];

    /// Accepts an ISO 639-1 code or an IETF tag built on one (`en-US`), any case.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let primary = raw.trim().split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "vi" => Ok(Self::Vi),
            "en" => Ok(Self::En),
            "km" => Ok(Self::Km),
            _ => Err(DomainError::Language),
        }
    }

    /// The language for a Telegram `language_code`, falling back to Vietnamese.
    pub fn from_client(code: Option<&str>) -> Self {
        code.and_then(|c| Self::parse(c).ok()).unwrap_or_default()
    }

    /// The language to answer someone in: the one they chose, else their
    /// Telegram client's, else Vietnamese.
    pub fn answering(chosen: Option<Self>, client: Option<&str>) -> Self {
        chosen.unwrap_or_else(|| Self::from_client(client))
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
            Self::Km => "km",
        }
    }

    /// The language's name in itself: what a speaker looks for in a list.
    pub fn endonym(self) -> &'static str {
        match self {
            Self::Vi => "Tiếng Việt",
            Self::En => "English",
            Self::Km => "ភាសាខ្មែរ",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_tags_in_any_case() {
        assert_eq!(Language::parse("vi"), Ok(Language::Vi));
        assert_eq!(Language::parse(" EN-us "), Ok(Language::En));
        assert_eq!(Language::parse("km_KH"), Ok(Language::Km));
    }

    #[test]
    fn rejects_other_languages() {
        assert_eq!(Language::parse("fr"), Err(DomainError::Language));
        assert_eq!(Language::parse(""), Err(DomainError::Language));
    }

    #[test]
    fn unknown_client_languages_fall_back_to_vietnamese() {
        assert_eq!(Language::from_client(Some("ru")), Language::Vi);
        assert_eq!(Language::from_client(None), Language::Vi);
        assert_eq!(Language::from_client(Some("km")), Language::Km);
    }

    #[test]
    fn round_trips_through_its_code() {
        for lang in Language::ALL {
            assert_eq!(Language::parse(lang.code()), Ok(lang));
        }
    }
}
