//! The audit trail's words: who acted and what they did.

use std::fmt;

use super::text_enum::text_enum;
use super::{DomainError, UserId};

text_enum! {
    /// A privileged action, as the audit trail records it.
    AuditAction, AuditAction {
        Grant = "grant",
        Revoke = "revoke",
        Broadcast = "broadcast",
        Export = "export",
        DashboardLogin = "dashboard_login",
        DashboardLogout = "dashboard_logout",
        CaseAnswer = "case_answer",
        CaseForward = "case_forward",
    }
}

/// Who did it: a Telegram user (staff or admin), or the operator at the
/// server's command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditActor {
    User(UserId),
    Operator,
}

impl AuditActor {
    /// Reads `operator` or a Telegram user id, as `hailong audit --actor` takes it.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw.trim() {
            "operator" => Ok(Self::Operator),
            id => id
                .parse()
                .map(|id| Self::User(UserId(id)))
                .map_err(|_| DomainError::Role),
        }
    }
}

impl fmt::Display for AuditActor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::User(user) => user.fmt(f),
            Self::Operator => f.write_str("operator"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_and_actions_read_back_as_themselves() {
        for actor in [AuditActor::Operator, AuditActor::User(UserId(42))] {
            assert_eq!(AuditActor::parse(&actor.to_string()), Ok(actor));
        }
        assert!(AuditActor::parse("alice").is_err());
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Ok(*action));
        }
    }
}
