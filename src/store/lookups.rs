//! Look-ups per citizen per minute, and of unknown codes by everyone, so
//! that codes cannot be enumerated. Kept in the database, inside the update's
//! transaction: a redelivered update is never charged twice and a restart
//! resets nothing.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::{StoreError, time_text};
use crate::domain::UserId;

const WINDOW: Duration = Duration::minutes(1);

/// The two limits on look-ups, each counting the last minute's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Look-ups by one citizen, whose row the update's transaction has
    /// written already ([`super::citizens::touch_citizen`]).
    PerCitizen,
    /// Look-ups of codes not stored here, by anyone: the budget that stops
    /// enumeration by many accounts (see [`KnownCodeBudget`] for known codes).
    UnknownCodes,
}

impl Limit {
    /// Counts and charges: parameters the window's start, the user, the time
    /// and the limit; it changes a row when it charged. No `RETURNING`:
    /// SQLite builds a temporary table for it, on every look-up.
    fn charge(self) -> &'static str {
        match self {
            // The times sit in the citizen's row (a JSON array), which the
            // answer writes anyway: the limit costs no page of its own. The
            // expired ones are dropped as a new one is added, so the array
            // holds at most the limit's number of times.
            Self::PerCitizen => {
                "UPDATE citizens SET recent_lookups = (
                     SELECT json_group_array(at) FROM (
                         SELECT value AS at FROM json_each(citizens.recent_lookups) WHERE value > ?1
                         UNION ALL SELECT ?3))
                 WHERE user_id = ?2
                   AND (SELECT count(*) FROM json_each(citizens.recent_lookups) WHERE value > ?1) < ?4"
            }
            Self::UnknownCodes => {
                "INSERT INTO unknown_lookups (user_id, at) SELECT ?2, ?3
                 WHERE (SELECT count(*) FROM unknown_lookups) < ?4"
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
    let since = window_start(now);
    if limit == Limit::UnknownCodes {
        // Expired rows wait for the next unknown code to delete them (a
        // known code only reads), so the table never holds more than the
        // limit's rows.
        sqlx::query("DELETE FROM unknown_lookups WHERE at <= ?")
            .bind(&since)
            .execute(&mut *conn)
            .await?;
    }
    let charged = sqlx::query(limit.charge())
        .bind(since)
        .bind(user)
        .bind(time_text(now))
        .bind(i64::from(per_minute))
        .execute(conn)
        .await?;
    Ok(charged.rows_affected() == 1)
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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::store::citizens::touch_citizen;
    use crate::store::tests::scratch;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
            .single()
            .expect("a time")
            + Duration::seconds(seconds)
    }

    async fn charges(conn: &mut SqliteConnection, user: UserId, seconds: i64) -> bool {
        charge(conn, Limit::PerCitizen, user, at(seconds), 3)
            .await
            .expect("charges")
    }

    /// Three a minute: a fourth is refused and not counted, each citizen has
    /// a limit of their own, and a look-up a full minute old no longer counts.
    #[tokio::test]
    async fn a_citizen_may_look_up_the_limits_number_in_any_minute() {
        let (store, _url, _dir) = scratch().await;
        let mut tx = store.begin_write().await.expect("begins");
        let (one, other) = (UserId(7), UserId(8));
        for user in [one, other] {
            touch_citizen(&mut tx, user, None).await.expect("a citizen");
        }
        for seconds in [0, 10, 20] {
            assert!(charges(&mut tx, one, seconds).await, "at {seconds} s");
        }
        assert!(!charges(&mut tx, one, 30).await, "a fourth in the minute");
        assert!(charges(&mut tx, other, 30).await, "another citizen");
        // The refusal at 30 s counted nothing: at 60 s the first has expired
        // (exactly a minute old), so one more fits and then none.
        assert!(charges(&mut tx, one, 60).await, "the first expired");
        assert!(!charges(&mut tx, one, 61).await, "three in the last minute");
        // Only the last minute's times are kept.
        let kept: String =
            sqlx::query_scalar("SELECT recent_lookups FROM citizens WHERE user_id = 7")
                .fetch_one(&mut *tx)
                .await
                .expect("kept");
        let mut kept: Vec<String> = serde_json::from_str(&kept).expect("an array");
        kept.sort();
        assert_eq!(kept, [10, 20, 60].map(|s| time_text(at(s))));
    }
}
