use super::DomainError;

/// A dossier's status, as synced to the National Public Service Portal (codes 1..10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Registered = 1,
    Received = 2,
    NotAccepted = 3,
    Processing = 4,
    SupplementRequested = 5,
    PaymentRequested = 6,
    Withdrawn = 7,
    Stopped = 8,
    ResultReady = 9,
    Returned = 10,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Registered,
        Status::Received,
        Status::NotAccepted,
        Status::Processing,
        Status::SupplementRequested,
        Status::PaymentRequested,
        Status::Withdrawn,
        Status::Stopped,
        Status::ResultReady,
        Status::Returned,
    ];

    pub fn from_code(code: i64) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or(DomainError::Status)
    }

    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        raw.trim()
            .parse::<i64>()
            .map_err(|_| DomainError::Status)
            .and_then(Self::from_code)
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    /// Still in the office's hands: the promised date can be missed.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            Self::Registered
                | Self::Received
                | Self::Processing
                | Self::SupplementRequested
                | Self::PaymentRequested
        )
    }

    /// The dossier's course has ended (refused, withdrawn, stopped, returned):
    /// a feed that does not date what it says cannot move it on from here.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::NotAccepted | Self::Withdrawn | Self::Stopped | Self::Returned
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::from_code(status.code()), Ok(status));
        }
        assert_eq!(Status::parse(" 10 "), Ok(Status::Returned));
    }

    #[test]
    fn only_1_to_10_are_statuses() {
        for bad in ["0", "11", "-1", "four", ""] {
            assert_eq!(Status::parse(bad), Err(DomainError::Status), "{bad}");
        }
    }
}
