//! Roles granted in the chat or by `hailong roles`: one row per person, with
//! the agencies of a scoped staff member.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::outbox::{self, Notification};
use super::{StoreError, audit, parse_time, time_text};
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::{AgencyCode, ChatId, DomainError, Grant, Role, Roles, Scope, UserId};

/// `user`'s role: the configuration's if it names them, else what was
/// granted in the chat or by `hailong roles`, read in the caller's
/// transaction, so that a revoke takes effect on the next update.
pub async fn role_of(
    conn: &mut SqliteConnection,
    configured: &Roles,
    user: UserId,
) -> Result<Role, StoreError> {
    let granted = granted(conn, user).await?;
    Ok(configured.resolve(user, granted))
}

/// The role granted to `user`, if any.
pub async fn granted(
    conn: &mut SqliteConnection,
    user: UserId,
) -> Result<Option<Grant>, StoreError> {
    let columns: GrantColumns = sqlx::query_as(concat!("SELECT ", grant_columns!("?1")))
        .bind(user)
        .fetch_one(conn)
        .await?;
    columns.read(user)
}

/// The columns `role` and `agencies` (a JSON array): what was granted to the
/// person whose id is `$user` (a parameter such as `"?4"`, or a column),
/// read into [`GrantColumns`]. An update's answer reads them with its claim
/// ([`super::updates::claim_update`]); `hailong roles list` for every row.
macro_rules! grant_columns {
    ($user:literal) => {
        concat!(
            "(SELECT role FROM granted_roles WHERE user_id = ",
            $user,
            ") AS role, (SELECT json_group_array(agency_code) \
             FROM granted_agencies WHERE user_id = ",
            $user,
            ") AS agencies"
        )
    };
}
pub(super) use grant_columns;

/// A grant as [`grant_columns!`] reads it.
#[derive(sqlx::FromRow)]
pub(super) struct GrantColumns {
    role: Option<String>,
    agencies: String,
}

impl GrantColumns {
    /// What was granted to `user`, if anything.
    pub(super) fn read(self, user: UserId) -> Result<Option<Grant>, StoreError> {
        let Some(role) = self.role else {
            return Ok(None);
        };
        let corrupt = || StoreError::Corrupt(format!("granted role of user {user}"));
        // In any order: `Grant::parse` puts them in theirs, where an
        // aggregate's own `ORDER BY` would cost SQLite a temporary table on
        // every update's claim.
        let agencies: Vec<String> = serde_json::from_str(&self.agencies).map_err(|_| corrupt())?;
        let agencies: Vec<&str> = agencies.iter().map(String::as_str).collect();
        Grant::parse(&role, &agencies)
            .map(Some)
            .map_err(|_| corrupt())
    }
}

/// What a grant reads as in the audit trail and in `hailong roles list`:
/// `admin`, `staff` or `staff A B`.
pub fn describe(grant: &Grant) -> String {
    match grant {
        Grant::Staff(Scope::Agencies(codes)) => {
            let codes: Vec<&str> = codes.iter().map(AgencyCode::as_str).collect();
            format!("staff {}", codes.join(" "))
        }
        other => other.word().to_owned(),
    }
}

/// A grant read back from what [`describe`] wrote.
pub fn read_described(words: &str) -> Result<Grant, DomainError> {
    let mut words = words.split_whitespace();
    let role = words.next().unwrap_or_default();
    let agencies: Vec<&str> = words.collect();
    Grant::parse(role, &agencies)
}

/// Gives `user` the role `grant`, replacing what they had, records it in the
/// audit trail and queues the news to them; `by` is the admin who did it, or
/// the operator.
pub async fn grant(
    conn: &mut SqliteConnection,
    user: UserId,
    grant: &Grant,
    by: AuditActor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let granted_by = match by {
        AuditActor::User(admin) => Some(admin),
        AuditActor::Operator => None,
    };
    sqlx::query(
        "INSERT INTO granted_roles (user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET role = excluded.role,
             granted_by = excluded.granted_by, granted_at = excluded.granted_at",
    )
    .bind(user)
    .bind(grant.word())
    .bind(granted_by)
    .bind(time_text(now))
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM granted_agencies WHERE user_id = ?")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    if let Grant::Staff(Scope::Agencies(codes)) = grant {
        for code in codes {
            sqlx::query("INSERT INTO granted_agencies (user_id, agency_code) VALUES (?, ?)")
                .bind(user)
                .bind(code.as_str())
                .execute(&mut *conn)
                .await?;
        }
    }
    let entry = audit::Entry {
        at: now,
        actor: by,
        action: AuditAction::Grant,
        target: Some(user.to_string()),
        detail: Some(describe(grant)),
    };
    audit::record(&mut *conn, &entry).await?;
    tell(conn, user, Some(grant.clone()), now).await
}

/// Takes `user`'s granted role away, records it in the audit trail and
/// queues the news to them; false (and nothing recorded) if they had none.
pub async fn revoke(
    conn: &mut SqliteConnection,
    user: UserId,
    by: AuditActor,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let removed = sqlx::query("DELETE FROM granted_roles WHERE user_id = ?")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    if removed.rows_affected() == 0 {
        return Ok(false);
    }
    let entry = audit::Entry {
        at: now,
        actor: by,
        action: AuditAction::Revoke,
        target: Some(user.to_string()),
        detail: None,
    };
    audit::record(&mut *conn, &entry).await?;
    tell(conn, user, None, now).await?;
    Ok(true)
}

/// Queues the news of `user`'s new role to their private chat, whose id is
/// theirs: the process that serves Telegram sends it, and gives the menu,
/// even when `hailong roles` made the change.
async fn tell(
    conn: &mut SqliteConnection,
    user: UserId,
    granted: Option<Grant>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let news = Notification::RoleChanged { granted };
    outbox::enqueue(conn, ChatId(user.0), &news, now).await
}

/// One granted role, as `hailong roles list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub user: UserId,
    pub grant: Grant,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

/// Every granted role, by user id.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<Granted>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        user_id: UserId,
        granted_by: Option<UserId>,
        granted_at: String,
        #[sqlx(flatten)]
        grant: GrantColumns,
    }
    let rows: Vec<Row> = sqlx::query_as(concat!(
        "SELECT r.user_id, r.granted_by, r.granted_at, ",
        grant_columns!("r.user_id"),
        " FROM granted_roles r ORDER BY r.user_id"
    ))
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            let user = row.user_id;
            let grant = row
                .grant
                .read(user)?
                .ok_or_else(|| StoreError::Corrupt(format!("granted role of user {user}")))?;
            Ok(Granted {
                user,
                grant,
                by: row.granted_by,
                at: parse_time(&row.granted_at)?,
            })
        })
        .collect()
}
