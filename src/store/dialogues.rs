//! One row per chat: where its conversation stands. The step is stored as
//! JSON; `flows::step` owns its shape, so the store stays below the flows.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::SqliteConnection;

use super::{StoreError, now_text};
use crate::domain::ChatId;

/// The column `step`: the stored step of the chat whose id is the query's
/// parameter `$chat` (such as `"?3"`), NULL when it has none. Read with
/// [`parse_step`]. An update's answer reads it with its claim
/// ([`super::updates::claim_update`]).
macro_rules! step_column {
    ($chat:literal) => {
        concat!(
            "(SELECT step FROM dialogues WHERE chat_id = ",
            $chat,
            ") AS step"
        )
    };
}
pub(super) use step_column;

/// The chat's step, or the default (idle) when it has none: what the next
/// update's claim will read, for tests to see where a conversation stands.
#[cfg(test)]
pub(crate) async fn load_step<S: DeserializeOwned + Default>(
    conn: &mut SqliteConnection,
    chat: ChatId,
) -> Result<S, StoreError> {
    let json: Option<String> = sqlx::query_scalar(concat!("SELECT ", step_column!("?1")))
        .bind(chat)
        .fetch_one(conn)
        .await?;
    parse_step(json)
}

/// A step as stored; none is the default.
pub(super) fn parse_step<S: DeserializeOwned + Default>(
    json: Option<String>,
) -> Result<S, StoreError> {
    match json {
        None => Ok(S::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("dialogue step of a chat: {e}"))),
    }
}

/// Saves the chat's step; `idle` (the step to forget) deletes the row.
pub async fn save_step<S: Serialize>(
    conn: &mut SqliteConnection,
    chat: ChatId,
    step: &S,
    idle: bool,
) -> Result<(), StoreError> {
    if idle {
        sqlx::query("DELETE FROM dialogues WHERE chat_id = ?")
            .bind(chat)
            .execute(conn)
            .await?;
        return Ok(());
    }
    let json = serde_json::to_string(step)
        .map_err(|e| StoreError::Corrupt(format!("dialogue step: {e}")))?;
    sqlx::query(
        "INSERT INTO dialogues (chat_id, step, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET step = excluded.step, updated_at = excluded.updated_at",
    )
    .bind(chat)
    .bind(json)
    .bind(now_text())
    .execute(conn)
    .await?;
    Ok(())
}
