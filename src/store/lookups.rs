//! Look-ups per citizen per minute, and of unknown codes by everyone, so
//! that codes cannot be enumerated. Kept in the database, inside the update's
//! transaction: a redelivered update is never charged twice and a restart
//! resets nothing.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use super::{StoreError, time_text};
use crate::domain::UserId;

const WINDOW: Duration = Duration::minutes(1);

/// Counts one look-up by `user` at `now`; false (and nothing counted) once
/// they have had `per_minute` in the last minute.
pub async fn charge_lookup(
    conn: &mut SqliteConnection,
    user: UserId,
    now: DateTime<Utc>,
    per_minute: u32,
) -> Result<bool, StoreError> {
    // Everyone's expired rows go as they expire, so the table holds about one
    // minute of look-ups, however many citizens there are. Pruned, counted
    // and charged in one round trip; `fetch_all`, as a limit would stop
    // before the last statement.
    let charged = sqlx::query(
        "DELETE FROM lookups WHERE at <= ?1;
         INSERT INTO lookups (user_id, at) SELECT ?2, ?3
         WHERE (SELECT count(*) FROM lookups WHERE user_id = ?2) < ?4 RETURNING 1",
    )
    .bind(time_text(now - WINDOW))
    .bind(user)
    .bind(time_text(now))
    .bind(i64::from(per_minute))
    .fetch_all(conn)
    .await?;
    Ok(!charged.is_empty())
}

/// The budget for codes not stored here, across all accounts: counts one
/// look-up by `user` of an unknown code at `now`, or refuses it once
/// `per_minute` were made in the last minute. Once the budget is spent, a
/// known code is refused too to an account that looked up an unknown one in
/// that minute, or the difference between "try again later" and a card would
/// go on telling which codes exist. Others' look-ups of known codes always
/// pass, and are never counted.
pub async fn within_unknown_budget(
    conn: &mut SqliteConnection,
    user: UserId,
    known: bool,
    now: DateTime<Utc>,
    per_minute: u32,
) -> Result<bool, StoreError> {
    let cutoff = time_text(now - WINDOW);
    // Expired rows are left for the next unknown look-up to delete, so that a
    // known code costs one statement; the table still never holds more than
    // `per_minute` rows.
    let spent: i64 = sqlx::query_scalar("SELECT count(*) FROM unknown_lookups WHERE at > ?")
        .bind(&cutoff)
        .fetch_one(&mut *conn)
        .await?;
    let exhausted = spent >= i64::from(per_minute);
    if known {
        if !exhausted {
            return Ok(true);
        }
        let probing: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM unknown_lookups WHERE user_id = ? AND at > ?)",
        )
        .bind(user)
        .bind(&cutoff)
        .fetch_one(conn)
        .await?;
        return Ok(!probing);
    }
    if exhausted {
        return Ok(false);
    }
    sqlx::query("DELETE FROM unknown_lookups WHERE at <= ?")
        .bind(&cutoff)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO unknown_lookups (user_id, at) VALUES (?, ?)")
        .bind(user)
        .bind(time_text(now))
        .execute(conn)
        .await?;
    Ok(true)
}
