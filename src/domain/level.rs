use super::DomainError;

/// How many satisfaction levels a survey offers: three (Rất hài lòng / Hài
/// lòng / Không hài lòng) as most provinces report, or five.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Scale {
    Three,
    Five,
}

impl TryFrom<u8> for Scale {
    type Error = DomainError;
    fn try_from(n: u8) -> Result<Self, DomainError> {
        match n {
            3 => Ok(Self::Three),
            5 => Ok(Self::Five),
            _ => Err(DomainError::Scale),
        }
    }
}

impl From<Scale> for u8 {
    fn from(scale: Scale) -> u8 {
        match scale {
            Scale::Three => 3,
            Scale::Five => 5,
        }
    }
}

/// A named satisfaction level, whatever the scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    VerySatisfied,
    Satisfied,
    Neutral,
    NotSatisfied,
    VeryNotSatisfied,
}

impl Scale {
    /// The levels offered, most satisfied first.
    pub fn levels(self) -> &'static [Level] {
        match self {
            Self::Three => &[Level::VerySatisfied, Level::Satisfied, Level::NotSatisfied],
            Self::Five => &[
                Level::VerySatisfied,
                Level::Satisfied,
                Level::Neutral,
                Level::NotSatisfied,
                Level::VeryNotSatisfied,
            ],
        }
    }

    /// The level at position `n` (1 = most satisfied) on this scale.
    pub fn level(self, n: i64) -> Result<Level, DomainError> {
        usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.levels().get(i).copied())
            .ok_or(DomainError::Level)
    }

    pub fn position(self, level: Level) -> Option<i64> {
        self.levels()
            .iter()
            .position(|l| *l == level)
            .map(|i| i as i64 + 1)
    }
}

impl Level {
    /// Counts towards the satisfaction index (satisfied or very satisfied).
    pub fn is_satisfied(self) -> bool {
        matches!(self, Self::VerySatisfied | Self::Satisfied)
    }

    /// Low enough to be escalated to the agency's staff.
    pub fn is_low(self) -> bool {
        matches!(self, Self::NotSatisfied | Self::VeryNotSatisfied)
    }

    /// As a Circular 01 score: 2, 1 or 0.
    pub fn score(self) -> i64 {
        match self {
            Self::VerySatisfied => 2,
            Self::Satisfied | Self::Neutral => 1,
            Self::NotSatisfied | Self::VeryNotSatisfied => 0,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::VerySatisfied => "very_satisfied",
            Self::Satisfied => "satisfied",
            Self::Neutral => "neutral",
            Self::NotSatisfied => "not_satisfied",
            Self::VeryNotSatisfied => "very_not_satisfied",
        }
    }

    /// The level stored as `key`, if it is one.
    pub fn from_key(key: &str) -> Option<Level> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }

    pub const ALL: [Level; 5] = [
        Level::VerySatisfied,
        Level::Satisfied,
        Level::Neutral,
        Level::NotSatisfied,
        Level::VeryNotSatisfied,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_levels_by_default_five_when_asked() {
        assert_eq!(Scale::Three.level(3), Ok(Level::NotSatisfied));
        assert_eq!(Scale::Five.level(3), Ok(Level::Neutral));
        assert_eq!(Scale::Three.level(4), Err(DomainError::Level));
        assert_eq!(Scale::Three.level(0), Err(DomainError::Level));
        assert_eq!(Scale::try_from(4), Err(DomainError::Scale));
    }

    #[test]
    fn satisfied_means_the_top_two() {
        let satisfied: Vec<bool> = Scale::Five
            .levels()
            .iter()
            .map(|l| l.is_satisfied())
            .collect();
        assert_eq!(satisfied, [true, true, false, false, false]);
        assert!(Level::NotSatisfied.is_low() && !Level::Neutral.is_low());
    }
}
