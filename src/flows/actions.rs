//! What a button does, carried in its callback data: built and parsed here only.
//! Telegram allows 1..=64 bytes of data per button.

use crate::domain::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SetLanguage(Language),
}

impl Action {
    pub fn encode(self) -> String {
        match self {
            Self::SetLanguage(lang) => format!("lang:{}", lang.code()),
        }
    }

    /// None for data the bot never made: forged, garbled, or from an older version.
    pub fn parse(data: &str) -> Option<Self> {
        let (verb, arg) = data.split_once(':')?;
        match verb {
            "lang" => Language::parse(arg).ok().map(Self::SetLanguage),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_within_64_bytes() {
        for lang in Language::ALL {
            let action = Action::SetLanguage(lang);
            let data = action.encode();
            assert!((1..=64).contains(&data.len()));
            assert_eq!(Action::parse(&data), Some(action));
        }
    }

    #[test]
    fn garbage_parses_to_nothing() {
        for data in ["", "lang", "lang:", "lang:fr", "rate:1", "💥"] {
            assert_eq!(Action::parse(data), None, "{data}");
        }
    }
}
