//! Databases as an earlier release left them, for tests of an upgrade.

/// A new database, `old.db` in a folder of its own, with the migrations
/// older than `version` applied: the schema as it was before that migration.
/// With its URL and the folder, which goes when the last value is dropped.
pub async fn database_before(version: i64) -> (sqlx::SqlitePool, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}/old.db", dir.path().display());
    let options = <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(&url)
        .expect("a URL")
        .create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options)
        .await
        .expect("a database");
    let mut migrator = sqlx::migrate::Migrator::new(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations"
    )))
    .await
    .expect("the migrations");
    migrator.migrations = migrator
        .migrations
        .iter()
        .filter(|m| m.version < version)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    migrator.run(&pool).await.expect("the old schema");
    (pool, url, dir)
}

/// Closes `pool`, the old database at `url`, and opens it as the store does
/// at start, which applies every newer migration.
pub async fn upgraded(pool: sqlx::SqlitePool, url: &str) -> hailong::store::Store {
    pool.close().await;
    hailong::store::Store::open(url)
        .await
        .expect("the store opens and migrates")
}
