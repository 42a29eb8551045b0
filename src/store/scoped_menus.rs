//! Whose private chat has a command menu of its own on Telegram
//! ([`crate::telegram::Menus`]): kept so that a restart finds a member's
//! menu to remove after their role went while the bot was stopped.

use sqlx::SqliteConnection;

use super::{StoreError, now_text};
use crate::domain::UserId;

/// Everyone whose chat has a menu of its own.
pub async fn scoped(conn: &mut SqliteConnection) -> Result<Vec<UserId>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT user_id FROM scoped_menus ORDER BY user_id")
            .fetch_all(conn)
            .await?,
    )
}

/// Telegram took `user`'s own menu (`own`), or the removal of it.
pub async fn keep(conn: &mut SqliteConnection, user: UserId, own: bool) -> Result<(), StoreError> {
    if own {
        sqlx::query(
            "INSERT INTO scoped_menus (user_id, given_at) VALUES (?, ?)
             ON CONFLICT (user_id) DO UPDATE SET given_at = excluded.given_at",
        )
        .bind(user)
        .bind(now_text())
        .execute(conn)
        .await?;
    } else {
        sqlx::query("DELETE FROM scoped_menus WHERE user_id = ?")
            .bind(user)
            .execute(conn)
            .await?;
    }
    Ok(())
}
