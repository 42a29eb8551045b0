use super::DomainError;

/// The office's note on a status event ("thiếu bản sao CCCD"), shown to the
/// citizen on the card and in the status notification: plain text of 1 to
/// [`OfficeNote::MAX_CHARS`] characters, trimmed. Longer notes are refused
/// (the ingest API answers 422), never cut: a cut note can say the opposite
/// of what the office wrote. Chat messages are sent as plain text, so
/// whatever markup a note holds reaches the citizen as the characters typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeNote(String);

impl OfficeNote {
    pub const MAX_CHARS: usize = 500;

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let note = raw.trim();
        if (1..=Self::MAX_CHARS).contains(&note.chars().count()) {
            Ok(Self(note.to_owned()))
        } else {
            Err(DomainError::OfficeNote)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_up_to_500_characters_trimmed() {
        let note = OfficeNote::parse("  thiếu bản sao CCCD \n").expect("a note");
        assert_eq!(note.as_str(), "thiếu bản sao CCCD");
        assert!(OfficeNote::parse(&"ồ".repeat(500)).is_ok());
        assert_eq!(
            OfficeNote::parse(&"ồ".repeat(501)),
            Err(DomainError::OfficeNote)
        );
        assert_eq!(OfficeNote::parse(" \n "), Err(DomainError::OfficeNote));
    }
}
