use sqlx::SqliteConnection;

use super::{StoreError, now_text};
use crate::domain::{Language, UserId};

/// The column `language`: the language the person whose id is the query's
/// parameter `$user` chose (`/language`), NULL if none or if they never
/// wrote. Read with [`parse_chosen`]. An update's answer reads it with its
/// claim ([`super::updates::claim_update`]).
macro_rules! chosen_language_column {
    ($user:literal) => {
        concat!(
            "(SELECT language FROM citizens WHERE user_id = ",
            $user,
            ") AS language"
        )
    };
}
pub(super) use chosen_language_column;

/// A language as [`chosen_language_column!`] reads it.
pub(super) fn parse_chosen(code: Option<String>) -> Result<Option<Language>, StoreError> {
    code.map(|code| {
        Language::parse(&code)
            .map_err(|_| StoreError::Corrupt(format!("citizens.language = {code}")))
    })
    .transpose()
}

/// Notes that `user` wrote, and in which language their Telegram client is.
/// The language they chose is read with the update's claim.
pub async fn touch_citizen(
    conn: &mut SqliteConnection,
    user: UserId,
    client_language: Option<&str>,
) -> Result<(), StoreError> {
    // No `RETURNING`: SQLite builds a temporary table for it, on every
    // update from a citizen.
    sqlx::query(
        "INSERT INTO citizens (user_id, client_language, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (user_id) DO UPDATE SET client_language = excluded.client_language, last_seen = excluded.last_seen,
             unreachable_since = NULL",
    )
    .bind(user)
    .bind(client_language)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_language(
    conn: &mut SqliteConnection,
    user: UserId,
    language: Language,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE citizens SET language = ? WHERE user_id = ?")
        .bind(language.code())
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

/// The citizen blocked the bot or deleted the account: stop queueing messages to them.
pub async fn mark_unreachable(conn: &mut SqliteConnection, user: UserId) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE citizens SET unreachable_since = ? WHERE user_id = ? AND unreachable_since IS NULL",
    )
    .bind(now_text())
    .bind(user)
    .execute(conn)
    .await?;
    Ok(())
}

/// The user's language, for messages sent away from any update.
pub async fn language_of(
    conn: &mut SqliteConnection,
    user: UserId,
) -> Result<Language, StoreError> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT language, client_language FROM citizens WHERE user_id = ?")
            .bind(user)
            .fetch_optional(conn)
            .await?;
    // Someone who never wrote has neither: Vietnamese.
    let (chosen, client) = row.unwrap_or_default();
    Ok(Language::answering(
        parse_chosen(chosen)?,
        client.as_deref(),
    ))
}

/// Whether the citizen hears broadcasts; status notifications come either way.
pub async fn set_notices(
    conn: &mut SqliteConnection,
    user: UserId,
    on: bool,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE citizens SET notices_off = ? WHERE user_id = ?")
        .bind(!on)
        .bind(user)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn notices_on(conn: &mut SqliteConnection, user: UserId) -> Result<bool, StoreError> {
    let off: Option<bool> =
        sqlx::query_scalar("SELECT notices_off FROM citizens WHERE user_id = ?")
            .bind(user)
            .fetch_optional(conn)
            .await?;
    Ok(!off.unwrap_or(false))
}
