//! Agencies and procedures: the reference lists dossiers point into.

use sqlx::SqliteConnection;

use super::{Change, StoreError};
use crate::domain::{AgencyCode, CommuneCode, Language, ProcedureCode};

/// A name in each language the bot speaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub vi: String,
    pub en: String,
    pub km: String,
}

impl Names {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Vi => &self.vi,
            Language::En => &self.en,
            Language::Km => &self.km,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    pub code: AgencyCode,
    pub names: Names,
    /// Where a commune's one-stop shop sits; `None` for provincial bodies.
    pub commune: Option<CommuneCode>,
    /// The Telegram chat of the agency's staff, where low ratings are posted.
    pub staff_chat_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    pub code: ProcedureCode,
    pub names: Names,
    pub sector: String,
    pub processing_days: u32,
}

pub async fn upsert_agency(
    conn: &mut SqliteConnection,
    agency: &Agency,
) -> Result<Change, StoreError> {
    type Row = (String, String, String, Option<String>, Option<i64>);
    let existing: Option<Row> = sqlx::query_as(
        "SELECT name_vi, name_en, name_km, commune_code, staff_chat_id FROM agencies WHERE code = ?",
    )
    .bind(agency.code.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let commune = agency.commune.as_ref().map(CommuneCode::as_str);
    let change = match existing {
        None => Change::Inserted,
        Some((vi, en, km, commune_code, staff_chat_id)) => {
            let same = vi == agency.names.vi
                && en == agency.names.en
                && km == agency.names.km
                && commune_code.as_deref() == commune
                && staff_chat_id == agency.staff_chat_id;
            if same {
                return Ok(Change::Unchanged);
            }
            Change::Updated
        }
    };
    sqlx::query(
        "INSERT INTO agencies (code, name_vi, name_en, name_km, commune_code, staff_chat_id) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
             name_km = excluded.name_km, commune_code = excluded.commune_code, staff_chat_id = excluded.staff_chat_id",
    )
    .bind(agency.code.as_str())
    .bind(&agency.names.vi)
    .bind(&agency.names.en)
    .bind(&agency.names.km)
    .bind(commune)
    .bind(agency.staff_chat_id)
    .execute(conn)
    .await?;
    Ok(change)
}

pub async fn upsert_procedure(
    conn: &mut SqliteConnection,
    procedure: &Procedure,
) -> Result<Change, StoreError> {
    type Row = (String, String, String, String, i64);
    let existing: Option<Row> = sqlx::query_as(
        "SELECT name_vi, name_en, name_km, sector, processing_days FROM procedures WHERE code = ?",
    )
    .bind(procedure.code.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let change = match existing {
        None => Change::Inserted,
        Some((vi, en, km, sector, days)) => {
            let same = vi == procedure.names.vi
                && en == procedure.names.en
                && km == procedure.names.km
                && sector == procedure.sector
                && days == i64::from(procedure.processing_days);
            if same {
                return Ok(Change::Unchanged);
            }
            Change::Updated
        }
    };
    sqlx::query(
        "INSERT INTO procedures (code, name_vi, name_en, name_km, sector, processing_days) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
             name_km = excluded.name_km, sector = excluded.sector, processing_days = excluded.processing_days",
    )
    .bind(procedure.code.as_str())
    .bind(&procedure.names.vi)
    .bind(&procedure.names.en)
    .bind(&procedure.names.km)
    .bind(&procedure.sector)
    .bind(i64::from(procedure.processing_days))
    .execute(conn)
    .await?;
    Ok(change)
}

pub async fn agency_codes(conn: &mut SqliteConnection) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT code FROM agencies")
        .fetch_all(conn)
        .await?)
}

pub async fn procedure_codes(conn: &mut SqliteConnection) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT code FROM procedures")
        .fetch_all(conn)
        .await?)
}

pub async fn procedure_exists(
    conn: &mut SqliteConnection,
    code: &ProcedureCode,
) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM procedures WHERE code = ?)")
            .bind(code.as_str())
            .fetch_one(conn)
            .await?,
    )
}

pub async fn agency_exists(
    conn: &mut SqliteConnection,
    code: &AgencyCode,
) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM agencies WHERE code = ?)")
            .bind(code.as_str())
            .fetch_one(conn)
            .await?,
    )
}

/// Adds an agency learnt from the status source, never overwriting an imported one.
pub async fn add_agency_if_missing(
    conn: &mut SqliteConnection,
    code: &AgencyCode,
    names: &Names,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO agencies (code, name_vi, name_en, name_km) VALUES (?, ?, ?, ?) ON CONFLICT (code) DO NOTHING",
    )
    .bind(code.as_str())
    .bind(&names.vi)
    .bind(&names.en)
    .bind(&names.km)
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds a procedure learnt from the status source, never overwriting an imported one.
pub async fn add_procedure_if_missing(
    conn: &mut SqliteConnection,
    code: &ProcedureCode,
    names: &Names,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO procedures (code, name_vi, name_en, name_km, sector, processing_days)
         VALUES (?, ?, ?, ?, 'unknown', 0) ON CONFLICT (code) DO NOTHING",
    )
    .bind(code.as_str())
    .bind(&names.vi)
    .bind(&names.en)
    .bind(&names.km)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every agency's names by code, for charts and lists.
pub async fn agency_names(
    conn: &mut SqliteConnection,
) -> Result<std::collections::HashMap<String, Names>, StoreError> {
    names(conn, "SELECT code, name_vi, name_en, name_km FROM agencies").await
}

/// Every procedure's names by code, for lists to pick from.
pub async fn procedure_names(
    conn: &mut SqliteConnection,
) -> Result<std::collections::HashMap<String, Names>, StoreError> {
    names(
        conn,
        "SELECT code, name_vi, name_en, name_km FROM procedures",
    )
    .await
}

async fn names(
    conn: &mut SqliteConnection,
    sql: &'static str,
) -> Result<std::collections::HashMap<String, Names>, StoreError> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(sql).fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(code, vi, en, km)| (code, Names { vi, en, km }))
        .collect())
}

/// A reference list whose entries have names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Agency,
    Procedure,
}

/// The name of an agency or procedure in `language`, if the code is known.
pub async fn name_of(
    conn: &mut SqliteConnection,
    listed: Listed,
    code: &str,
    language: Language,
) -> Result<Option<String>, StoreError> {
    let sql = match listed {
        Listed::Agency => "SELECT name_vi, name_en, name_km FROM agencies WHERE code = ?",
        Listed::Procedure => "SELECT name_vi, name_en, name_km FROM procedures WHERE code = ?",
    };
    let row: Option<(String, String, String)> =
        sqlx::query_as(sql).bind(code).fetch_optional(conn).await?;
    Ok(row.map(|(vi, en, km)| Names { vi, en, km }.get(language).to_owned()))
}

/// How a code reads to people: its name and the code, "Sở Tư pháp
/// (000.00.05.H12)", or the code alone when nothing names it.
pub fn with_code(name: Option<String>, code: &str) -> String {
    match name {
        Some(name) => format!("{name} ({code})"),
        None => code.to_owned(),
    }
}

/// An agency or procedure as [`with_code`] words it, named in `language`.
pub async fn label(
    conn: &mut SqliteConnection,
    listed: Listed,
    code: &str,
    language: Language,
) -> Result<String, StoreError> {
    Ok(with_code(
        name_of(conn, listed, code, language).await?,
        code,
    ))
}

/// The name of a group of the index in `language`: an agency's, a
/// procedure's, a commune's; months and channels are their own names.
pub async fn group_name(
    conn: &mut SqliteConnection,
    by: Option<crate::domain::satisfaction::GroupBy>,
    code: &str,
    language: Language,
) -> Result<Option<String>, StoreError> {
    use crate::domain::satisfaction::GroupBy;
    match by {
        Some(GroupBy::Agency) => name_of(conn, Listed::Agency, code, language).await,
        Some(GroupBy::Procedure) => name_of(conn, Listed::Procedure, code, language).await,
        Some(GroupBy::Commune) => super::units::name(conn, code).await,
        None | Some(GroupBy::Month | GroupBy::Channel) => Ok(None),
    }
}
