use std::collections::HashMap;

use super::{AgencyCode, DomainError, UserId};

/// What a Telegram user may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Citizen,
    /// Reads the index and comments, for every agency or only some.
    Staff(Scope),
    /// Every right, staff's included.
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Agencies(Vec<AgencyCode>),
}

/// A role given in the chat or by `hailong roles grant`, kept in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    Staff(Scope),
    Admin,
}

impl Grant {
    /// Reads `staff` or `admin` and the agencies given with it: staff with no
    /// agency read every agency; an admin takes none. The agencies are a
    /// set, kept in order: a code given twice is one, and two grants of the
    /// same agencies are equal, however they were typed.
    pub fn parse(role: &str, agencies: &[&str]) -> Result<Self, DomainError> {
        match role.trim().to_ascii_lowercase().as_str() {
            "admin" if agencies.is_empty() => Ok(Self::Admin),
            "staff" if agencies.is_empty() => Ok(Self::Staff(Scope::All)),
            "staff" => {
                let mut codes = agencies
                    .iter()
                    .map(|code| AgencyCode::parse(code))
                    .collect::<Result<Vec<_>, _>>()?;
                codes.sort_unstable();
                codes.dedup();
                Ok(Self::Staff(Scope::Agencies(codes)))
            }
            _ => Err(DomainError::Grant),
        }
    }

    /// The stored word: `staff` or `admin`.
    pub fn word(&self) -> &'static str {
        match self {
            Self::Staff(_) => "staff",
            Self::Admin => "admin",
        }
    }
}

impl Role {
    /// The agencies whose figures this role may read; None for none at all.
    pub fn scope(&self) -> Option<&Scope> {
        match self {
            Self::Citizen => None,
            Self::Staff(scope) => Some(scope),
            Self::Admin => Some(&Scope::All),
        }
    }
}

/// Roles by Telegram user id, from configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    admins: Vec<i64>,
    staff: HashMap<i64, Scope>,
}

impl Roles {
    /// `staff_agencies` maps a staff member's id (as text, TOML keys being text)
    /// to the agency codes they may read; staff not in it read every agency.
    pub fn new(
        admins: &[i64],
        staff: &[i64],
        staff_agencies: &HashMap<String, Vec<String>>,
    ) -> Result<Self, DomainError> {
        let mut scoped = HashMap::new();
        for (id, codes) in staff_agencies {
            let id: i64 = id.trim().parse().map_err(|_| DomainError::Role)?;
            let codes = codes
                .iter()
                .map(|c| AgencyCode::parse(c))
                .collect::<Result<Vec<_>, _>>()?;
            scoped.insert(id, Scope::Agencies(codes));
        }
        let staff = staff
            .iter()
            .chain(
                scoped
                    .keys()
                    .filter(|id| !staff.contains(id))
                    .collect::<Vec<_>>(),
            )
            .map(|id| (*id, scoped.get(id).cloned().unwrap_or(Scope::All)))
            .collect();
        Ok(Self {
            admins: admins.to_vec(),
            staff,
        })
    }

    /// Everyone the configuration gives a role.
    pub fn configured_users(&self) -> impl Iterator<Item = UserId> + '_ {
        self.admins
            .iter()
            .chain(self.staff.keys())
            .map(|id| UserId(*id))
    }

    /// Whether `user`'s role comes from the configuration file, which the
    /// chat and `hailong roles` cannot change.
    pub fn configured(&self, user: UserId) -> bool {
        self.admins.contains(&user.0) || self.staff.contains_key(&user.0)
    }

    /// `user`'s role: the configuration's if it names them, else what was
    /// granted, else citizen.
    pub fn resolve(&self, user: UserId, granted: Option<Grant>) -> Role {
        match (self.configured_role(user), granted) {
            (Role::Citizen, Some(Grant::Admin)) => Role::Admin,
            (Role::Citizen, Some(Grant::Staff(scope))) => Role::Staff(scope),
            (configured, _) => configured,
        }
    }

    /// The role the configuration alone gives `user`; a role is asked of
    /// [`Roles::resolve`] with what was granted (read with the update's claim
    /// in the chat, by [`crate::store::roles::role_of`] on the dashboard).
    pub fn configured_role(&self, user: UserId) -> Role {
        if self.admins.contains(&user.0) {
            Role::Admin
        } else if let Some(scope) = self.staff.get(&user.0) {
            Role::Staff(scope.clone())
        } else {
            Role::Citizen
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_then_staff_then_citizens() {
        let scopes = HashMap::from([("7".to_owned(), vec!["000.00.32.H12".to_owned()])]);
        let roles = Roles::new(&[1], &[2], &scopes).expect("valid");
        assert_eq!(roles.configured_role(UserId(1)), Role::Admin);
        assert_eq!(roles.configured_role(UserId(2)), Role::Staff(Scope::All));
        let scoped = Role::Staff(Scope::Agencies(vec![
            AgencyCode::parse("000.00.32.H12").expect("code"),
        ]));
        assert_eq!(roles.configured_role(UserId(7)), scoped);
        assert_eq!(roles.configured_role(UserId(3)), Role::Citizen);
    }

    #[test]
    fn the_configuration_outranks_a_grant() {
        let roles = Roles::new(&[1], &[2], &HashMap::new()).expect("valid");
        let scoped = Grant::parse("staff", &["A"]).expect("grant");
        assert_eq!(roles.resolve(UserId(1), Some(scoped.clone())), Role::Admin);
        assert_eq!(
            roles.resolve(UserId(2), Some(Grant::Admin)),
            Role::Staff(Scope::All)
        );
        assert_eq!(
            roles.resolve(UserId(3), Some(scoped)),
            Role::Staff(Scope::Agencies(vec![AgencyCode::parse("A").expect("code")]))
        );
        assert_eq!(roles.resolve(UserId(3), None), Role::Citizen);
        assert!(roles.configured(UserId(2)) && !roles.configured(UserId(3)));
    }

    #[test]
    fn a_grant_is_staff_with_agencies_or_admin_alone() {
        assert_eq!(Grant::parse(" Admin ", &[]), Ok(Grant::Admin));
        assert_eq!(Grant::parse("staff", &[]), Ok(Grant::Staff(Scope::All)));
        assert_eq!(Grant::parse("admin", &["A"]), Err(DomainError::Grant));
        assert_eq!(
            Grant::parse("staff", &["a b"]),
            Err(DomainError::AgencyCode)
        );
        assert_eq!(Grant::parse("citizen", &[]), Err(DomainError::Grant));
    }

    #[test]
    fn a_grants_agencies_are_a_set_however_they_were_typed() {
        let typed = Grant::parse("staff", &["B", "A", "B"]).expect("a grant");
        let codes = ["A", "B"].map(|c| AgencyCode::parse(c).expect("a code"));
        assert_eq!(typed, Grant::Staff(Scope::Agencies(codes.to_vec())));
        assert_eq!(typed, Grant::parse("staff", &["A", "B"]).expect("a grant"));
    }

    #[test]
    fn a_scope_needs_a_numeric_id_and_valid_codes() {
        let bad_id = HashMap::from([("alice".to_owned(), vec![])]);
        assert_eq!(Roles::new(&[], &[], &bad_id), Err(DomainError::Role));
        let bad_code = HashMap::from([("1".to_owned(), vec!["a b".to_owned()])]);
        assert_eq!(
            Roles::new(&[], &[], &bad_code),
            Err(DomainError::AgencyCode)
        );
    }
}
