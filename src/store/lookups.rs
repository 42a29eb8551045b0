//! Look-ups per citizen per minute, and of unknown codes by everyone, so
//! that codes cannot be enumerated. Kept in the database, inside the update's
//! transaction: a redelivered update is never charged twice and a restart
//! resets nothing.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::{StoreError, time_text};
use crate::domain::UserId;

const WINDOW: Duration = Duration::minutes(1);

/// The two limits on look-ups, each a table of the last minute's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Look-ups by one citizen.
    PerCitizen,
    /// Look-ups of codes not stored here, by anyone: the budget that stops
    /// enumeration by many accounts (see [`KnownCodeBudget`] for known codes).
    UnknownCodes,
}

impl Limit {
    /// Prunes, counts and charges in one statement: parameters the window's
    /// start, the user, the time and the limit; a row when it charged.
    fn prune_and_charge(self) -> &'static str {
        match self {
            // Everyone's expired rows go as they expire, so the table holds
            // about one minute of look-ups, however many citizens there are.
            Self::PerCitizen => {
                "DELETE FROM lookups WHERE at <= ?1;
                 INSERT INTO lookups (user_id, at) SELECT ?2, ?3
                 WHERE (SELECT count(*) FROM lookups WHERE user_id = ?2) < ?4 RETURNING 1"
            }
            // Expired rows wait for the next unknown code to delete them (a
            // known code only reads), so the table never holds more than the
            // limit's rows.
            Self::UnknownCodes => {
                "DELETE FROM unknown_lookups WHERE at <= ?1;
                 INSERT INTO unknown_lookups (user_id, at) SELECT ?2, ?3
                 WHERE (SELECT count(*) FROM unknown_lookups) < ?4 RETURNING 1"
            }
        }
    }
}

/// Counts one look-up by `user` at `now` against `limit`; false (and
/// nothing counted) once `per_minute` were made in the last minute.
pub async fn charge(
    conn: &mut SqliteConnection,
    limit: Limit,
    user: UserId,
    now: DateTime<Utc>,
    per_minute: u32,
) -> Result<bool, StoreError> {
    // `fetch_all`: a limit of one row would stop before the last statement.
    let charged = sqlx::query(limit.prune_and_charge())
        .bind(window_start(now))
        .bind(user)
        .bind(time_text(now))
        .bind(i64::from(per_minute))
        .fetch_all(conn)
        .await?;
    Ok(!charged.is_empty())
}

/// Where the last minute starts at `now`, as stored: the window of both
/// limits, bound as the `$since` of [`known_code_budget_columns!`].
pub(super) fn window_start(now: DateTime<Utc>) -> String {
    time_text(now - WINDOW)
}

/// The columns `unknown_spent` and `probing`, read into [`KnownCodeBudget`]:
/// the unknown codes looked up by anyone since the query's parameter `$since`
/// (a [`window_start`]), and whether the person whose id is `$user` was one
/// of them. A look-up reads them with the dossier it found
/// ([`super::dossiers::look_up`]), so that a known code costs no statement
/// of its own.
macro_rules! known_code_budget_columns {
    ($user:literal, $since:literal) => {
        concat!(
            "(SELECT count(*) FROM unknown_lookups WHERE at > ",
            $since,
            ") AS unknown_spent, EXISTS (SELECT 1 FROM unknown_lookups WHERE user_id = ",
            $user,
            " AND at > ",
            $since,
            ") AS probing"
        )
    };
}
pub(super) use known_code_budget_columns;

/// The budget for codes not stored here, across all accounts, as it stood
/// for a look-up of a known code. Once `per_minute` unknown codes were
/// looked up in the last minute, a known code is refused too to an account
/// that looked up an unknown one in that minute, or the difference between
/// "try again later" and a card would go on telling which codes exist.
/// Others' look-ups of known codes always pass, and are never counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct KnownCodeBudget {
    unknown_spent: i64,
    probing: bool,
}

impl KnownCodeBudget {
    pub fn passes(&self, per_minute: u32) -> bool {
        self.unknown_spent < i64::from(per_minute) || !self.probing
    }
}
