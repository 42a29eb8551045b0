//! What a button does, carried in its callback data: built and parsed here only.
//! Telegram allows 1..=64 bytes of data per button. Buttons that act on a
//! dossier or a response carry a tag that binds them to the one user they
//! were shown to, so data replayed by anyone else changes nothing.

use crate::domain::Language;
use crate::links::Signer;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetLanguage(Language),
    /// Follow a dossier (by id).
    Follow(Tagged),
    Unfollow(Tagged),
    /// The overall level (arg, 1 = most satisfied) for a dossier (by id).
    Rate(Tagged),
    /// An answer (arg: the question's letter and the value) for a response (by id).
    Answer(Tagged),
    /// A step of an admin's broadcast; the flow checks the presser is an admin.
    Broadcast(super::broadcast::Step),
}

/// An id, an argument, and the tag that proves the button was made for its presser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    pub id: i64,
    pub arg: String,
    tag: String,
}

pub const FOLLOW: &str = "f";
pub const UNFOLLOW: &str = "u";
pub const RATE: &str = "r";
pub const ANSWER: &str = "q";

impl Tagged {
    fn new(signer: &Signer, user_id: i64, verb: &str, id: i64, arg: &str) -> Self {
        Self {
            id,
            arg: arg.to_owned(),
            tag: signer.button_tag(user_id, &format!("{verb}:{id}")),
        }
    }

    /// The id, if this button was made for `user_id`.
    pub fn verified_for(&self, signer: &Signer, user_id: i64, verb: &str) -> Option<i64> {
        signer
            .check_button_tag(user_id, &format!("{verb}:{}", self.id), &self.tag)
            .then_some(self.id)
    }
}

impl Action {
    pub fn follow(signer: &Signer, user_id: i64, dossier_id: i64) -> Self {
        Self::Follow(Tagged::new(signer, user_id, FOLLOW, dossier_id, ""))
    }

    pub fn unfollow(signer: &Signer, user_id: i64, dossier_id: i64) -> Self {
        Self::Unfollow(Tagged::new(signer, user_id, UNFOLLOW, dossier_id, ""))
    }

    pub fn rate(signer: &Signer, user_id: i64, dossier_id: i64, level: i64) -> Self {
        Self::Rate(Tagged::new(
            signer,
            user_id,
            RATE,
            dossier_id,
            &level.to_string(),
        ))
    }

    pub fn answer(signer: &Signer, user_id: i64, response_id: i64, arg: &str) -> Self {
        Self::Answer(Tagged::new(signer, user_id, ANSWER, response_id, arg))
    }

    pub fn encode(&self) -> String {
        let tagged = |verb: &str, t: &Tagged| format!("{verb}:{}:{}:{}", t.id, t.arg, t.tag);
        match self {
            Self::SetLanguage(lang) => format!("lang:{}", lang.code()),
            Self::Follow(t) => tagged(FOLLOW, t),
            Self::Unfollow(t) => tagged(UNFOLLOW, t),
            Self::Rate(t) => tagged(RATE, t),
            Self::Answer(t) => tagged(ANSWER, t),
            Self::Broadcast(step) => step.encode(),
        }
    }

    /// None for data the bot never made: garbled, or from an older version.
    /// Tags are checked by the flow, which knows who pressed.
    pub fn parse(data: &str) -> Option<Self> {
        if data.starts_with("b:") {
            return super::broadcast::Step::parse(data).map(Self::Broadcast);
        }
        let mut parts = data.split(':');
        let verb = parts.next()?;
        let action = if verb == "lang" {
            Self::SetLanguage(Language::parse(parts.next()?).ok()?)
        } else {
            let id = parts.next()?.parse().ok()?;
            let arg = parts.next()?.to_owned();
            let tag = parts.next()?.to_owned();
            let tagged = Tagged { id, arg, tag };
            match verb {
                FOLLOW => Self::Follow(tagged),
                UNFOLLOW => Self::Unfollow(tagged),
                RATE => Self::Rate(tagged),
                ANSWER => Self::Answer(tagged),
                _ => return None,
            }
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
        actions.push(Action::rate(&signer, i64::MAX, i64::MAX, 5));
        actions.push(Action::answer(&signer, i64::MAX, i64::MAX, "a5"));
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
            "x:1::t",
            "💥",
            "f:1",
            "f:x::tag",
            "f:1::tag:extra",
        ] {
            assert_eq!(Action::parse(data), None, "{data}");
        }
    }

    #[test]
    fn a_button_works_only_for_the_user_it_was_made_for() {
        let signer = Signer::new("k");
        let Some(Action::Rate(tagged)) = Action::parse(&Action::rate(&signer, 5, 9, 1).encode())
        else {
            panic!("a rate action");
        };
        assert_eq!(tagged.verified_for(&signer, 5, RATE), Some(9));
        assert_eq!(tagged.verified_for(&signer, 6, RATE), None);
        assert_eq!(tagged.verified_for(&signer, 5, FOLLOW), None);
    }
}
