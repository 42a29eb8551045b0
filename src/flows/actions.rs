//! What a button does, carried in its callback data: built and parsed here only.
//! Telegram allows 1..=64 bytes of data per button. Buttons that act on a
//! dossier carry a tag that binds them to the one user they were shown to.

use crate::domain::Language;
use crate::links::Signer;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetLanguage(Language),
    Follow(Tagged),
    Unfollow(Tagged),
}

/// A dossier id with the tag that proves the button was made for its presser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    pub dossier_id: i64,
    tag: String,
}

impl Tagged {
    pub fn new(signer: &Signer, user_id: i64, verb: &str, dossier_id: i64) -> Self {
        Self {
            dossier_id,
            tag: signer.button_tag(user_id, &format!("{verb}:{dossier_id}")),
        }
    }

    /// The dossier id, if this button was made for `user_id`.
    pub fn verified_for(&self, signer: &Signer, user_id: i64, verb: &str) -> Option<i64> {
        let data = format!("{verb}:{}", self.dossier_id);
        signer
            .check_button_tag(user_id, &data, &self.tag)
            .then_some(self.dossier_id)
    }
}

pub const FOLLOW: &str = "f";
pub const UNFOLLOW: &str = "u";

impl Action {
    pub fn follow(signer: &Signer, user_id: i64, dossier_id: i64) -> Self {
        Self::Follow(Tagged::new(signer, user_id, FOLLOW, dossier_id))
    }

    pub fn unfollow(signer: &Signer, user_id: i64, dossier_id: i64) -> Self {
        Self::Unfollow(Tagged::new(signer, user_id, UNFOLLOW, dossier_id))
    }

    pub fn encode(&self) -> String {
        match self {
            Self::SetLanguage(lang) => format!("lang:{}", lang.code()),
            Self::Follow(t) => format!("{FOLLOW}:{}:{}", t.dossier_id, t.tag),
            Self::Unfollow(t) => format!("{UNFOLLOW}:{}:{}", t.dossier_id, t.tag),
        }
    }

    /// None for data the bot never made: garbled, or from an older version.
    /// Tags are checked by the flow, which knows who pressed.
    pub fn parse(data: &str) -> Option<Self> {
        let mut parts = data.split(':');
        let verb = parts.next()?;
        let action = match verb {
            "lang" => Self::SetLanguage(Language::parse(parts.next()?).ok()?),
            FOLLOW | UNFOLLOW => {
                let dossier_id = parts.next()?.parse().ok()?;
                let tag = parts.next()?.to_owned();
                let tagged = Tagged { dossier_id, tag };
                if verb == FOLLOW {
                    Self::Follow(tagged)
                } else {
                    Self::Unfollow(tagged)
                }
            }
            _ => return None,
        };
        parts.next().is_none().then_some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_within_64_bytes() {
        let signer = Signer::new("k");
        let mut actions: Vec<Action> = Language::ALL.into_iter().map(Action::SetLanguage).collect();
        actions.push(Action::follow(&signer, i64::MAX, i64::MAX));
        actions.push(Action::unfollow(&signer, 1, 1));
        for action in actions {
            let data = action.encode();
            assert!((1..=64).contains(&data.len()), "{data}");
            assert_eq!(Action::parse(&data), Some(action));
        }
    }

    #[test]
    fn garbage_parses_to_nothing() {
        for data in [
            "",
            "lang",
            "lang:",
            "lang:fr",
            "rate:1",
            "💥",
            "f:1",
            "f:x:tag",
            "f:1:tag:extra",
        ] {
            assert_eq!(Action::parse(data), None, "{data}");
        }
    }

    #[test]
    fn a_follow_button_works_only_for_the_user_it_was_made_for() {
        let signer = Signer::new("k");
        let Some(Action::Follow(tagged)) = Action::parse(&Action::follow(&signer, 5, 9).encode())
        else {
            panic!("a follow action");
        };
        assert_eq!(tagged.verified_for(&signer, 5, FOLLOW), Some(9));
        assert_eq!(tagged.verified_for(&signer, 6, FOLLOW), None);
        assert_eq!(tagged.verified_for(&signer, 5, UNFOLLOW), None);
    }
}
