use sqlx::SqliteConnection;

use super::{StoreError, now_text};
use crate::domain::{DossierId, UserId};

/// The column `following`: whether the person whose id is `$user` follows
/// the dossier whose id is `$dossier` (parameters such as `"?2"`, or a
/// column such as `"d.id"`); with `verified:` first, the column `verified`:
/// whether they follow it through the receipt's signed link. A look-up and
/// a rating read them with the dossier ([`super::dossiers::look_up`],
/// [`super::survey::rating_context`]).
macro_rules! following_column {
    ($user:literal, $dossier:literal) => {
        $crate::store::follows::following_column!($user, $dossier, "", "following")
    };
    (verified: $user:literal, $dossier:literal) => {
        $crate::store::follows::following_column!($user, $dossier, " AND verified = 1", "verified")
    };
    ($user:literal, $dossier:literal, $also:literal, $name:literal) => {
        concat!(
            "EXISTS (SELECT 1 FROM follows WHERE user_id = ",
            $user,
            " AND dossier_id = ",
            $dossier,
            $also,
            ") AS ",
            $name
        )
    };
}
pub(super) use following_column;

/// Starts following; a follow through the signed link stays verified. True if new.
pub async fn follow(
    conn: &mut SqliteConnection,
    user: UserId,
    dossier: DossierId,
    verified: bool,
) -> Result<bool, StoreError> {
    let existed: bool = sqlx::query_scalar(concat!("SELECT ", following_column!("?1", "?2")))
        .bind(user)
        .bind(dossier)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO follows (user_id, dossier_id, verified, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id, dossier_id) DO UPDATE SET verified = max(verified, excluded.verified)",
    )
    .bind(user)
    .bind(dossier)
    .bind(verified)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(!existed)
}

/// True if they were following.
pub async fn unfollow(
    conn: &mut SqliteConnection,
    user: UserId,
    dossier: DossierId,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM follows WHERE user_id = ? AND dossier_id = ?")
        .bind(user)
        .bind(dossier)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The dossiers `user` follows, most recently followed first, with their codes.
pub async fn followed(
    conn: &mut SqliteConnection,
    user: UserId,
    limit: usize,
) -> Result<Vec<(DossierId, String)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT d.id, d.code FROM follows f JOIN dossiers d ON d.id = f.dossier_id
         WHERE f.user_id = ? ORDER BY f.created_at DESC, d.id DESC LIMIT ?",
    )
    .bind(user)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(conn)
    .await?)
}
