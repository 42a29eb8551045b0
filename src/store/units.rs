//! The province's units and the codes that read as them (see
//! [`crate::domain::units`] for the rule; this stores its outcome).

use sqlx::{FromRow, SqliteConnection};

use super::StoreError;
use crate::domain::CommuneCode;
use crate::domain::units::{Reading, Readings, Unit, readings};

/// Replaces the units and their codes with `units`, the units of `province`,
/// then stores every dossier, agency and rating that holds an old code which
/// now maps under its new code. Returns how many stored codes were mapped.
pub async fn replace(
    conn: &mut SqliteConnection,
    province: &str,
    units: &[Unit],
) -> Result<u64, StoreError> {
    sqlx::query(
        "INSERT INTO unit_province (only, code) VALUES (1, ?) ON CONFLICT (only) DO UPDATE SET code = excluded.code",
    )
    .bind(province)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM units").execute(&mut *conn).await?;
    sqlx::query("DELETE FROM unit_codes")
        .execute(&mut *conn)
        .await?;
    for unit in units {
        sqlx::query("INSERT INTO units (code, name, kind) VALUES (?, ?, ?)")
            .bind(unit.code.as_str())
            .bind(&unit.name)
            .bind(unit.kind.code())
            .execute(&mut *conn)
            .await?;
    }
    for (code, reading) in readings(units) {
        let (commune, split, kind) = match &reading {
            Reading::Unit(c) => (Some(c), false, "unit"),
            Reading::Merged(c) => (Some(c), false, "old_commune"),
            Reading::Split(c) => (Some(c), true, "old_commune"),
            Reading::District(c) => (Some(c), false, "old_district"),
            Reading::DividedDistrict => (None, false, "old_district"),
        };
        sqlx::query("INSERT INTO unit_codes (code, commune_code, split, kind) VALUES (?, ?, ?, ?)")
            .bind(code)
            .bind(commune.map(CommuneCode::as_str))
            .bind(split)
            .bind(kind)
            .execute(&mut *conn)
            .await?;
    }
    let mut mapped = 0;
    // Ratings carry their dossier's code: updating them moves their rollup
    // rows too (the triggers of `responses`).
    for table in ["dossiers", "agencies", "responses"] {
        let sql = format!(
            "UPDATE {table} SET commune_code = m.commune_code FROM unit_codes m
             WHERE m.code = {table}.commune_code AND m.commune_code IS NOT NULL
               AND m.commune_code <> m.code"
        );
        mapped += sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(mapped)
}

/// The GSO code of the province whose units are loaded, if any are.
pub async fn province(conn: &mut SqliteConnection) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT code FROM unit_province")
        .fetch_optional(conn)
        .await?)
}

#[derive(FromRow)]
struct CodeRow {
    code: String,
    commune_code: Option<String>,
    split: bool,
    kind: String,
}

impl CodeRow {
    fn reading(self) -> Result<(String, Reading), StoreError> {
        let commune = self
            .commune_code
            .as_deref()
            .map(CommuneCode::parse)
            .transpose()
            .map_err(|_| StoreError::Corrupt(format!("unit code {}", self.code)))?;
        let reading = match (self.kind.as_str(), commune, self.split) {
            ("unit", Some(c), _) => Reading::Unit(c),
            ("old_commune", Some(c), false) => Reading::Merged(c),
            ("old_commune", Some(c), true) => Reading::Split(c),
            ("old_district", Some(c), _) => Reading::District(c),
            ("old_district", None, _) => Reading::DividedDistrict,
            _ => return Err(StoreError::Corrupt(format!("unit code {}", self.code))),
        };
        Ok((self.code, reading))
    }
}

/// How `raw` reads, if any unit knows it.
pub async fn reading(
    conn: &mut SqliteConnection,
    raw: &str,
) -> Result<Option<Reading>, StoreError> {
    let row: Option<CodeRow> =
        sqlx::query_as("SELECT code, commune_code, split, kind FROM unit_codes WHERE code = ?")
            .bind(raw.trim())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(CodeRow::reading).transpose()?.map(|(_, r)| r))
}

/// Every known code and how it reads, for checking a whole file.
pub async fn all_readings(conn: &mut SqliteConnection) -> Result<Readings, StoreError> {
    let rows: Vec<CodeRow> =
        sqlx::query_as("SELECT code, commune_code, split, kind FROM unit_codes")
            .fetch_all(conn)
            .await?;
    rows.into_iter().map(CodeRow::reading).collect()
}

/// A unit's name, e.g. "Phường Lý Văn Lâm".
pub async fn name(conn: &mut SqliteConnection, code: &str) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT name FROM units WHERE code = ?")
        .bind(code)
        .fetch_optional(conn)
        .await?)
}

/// An old code that may be stored as written though it is no unit of today.
#[derive(Debug, Clone, FromRow)]
pub struct KeptOld {
    pub code: String,
    /// An old district divided between several units (stored before the
    /// units were loaded), rather than an old commune split between several.
    pub district: bool,
}

pub async fn kept_old_codes(conn: &mut SqliteConnection) -> Result<Vec<KeptOld>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT code, kind = 'old_district' AS district FROM unit_codes
         WHERE split = 1 OR commune_code IS NULL",
    )
    .fetch_all(conn)
    .await?)
}
