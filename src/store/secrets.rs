use sqlx::SqliteConnection;

use super::StoreError;

/// The secret called `name`, made by `make` and kept on first use.
pub async fn secret(
    conn: &mut SqliteConnection,
    name: &str,
    make: impl FnOnce() -> String,
) -> Result<String, StoreError> {
    sqlx::query("INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(make())
        .execute(&mut *conn)
        .await?;
    Ok(
        sqlx::query_scalar("SELECT value FROM secrets WHERE name = ?")
            .bind(name)
            .fetch_one(conn)
            .await?,
    )
}
