//! Counted responses read one by one for the exports: what each citizen
//! answered, and nothing that tells who they are. No chat identity is read
//! (the user id stays in the table), and neither is the dossier's code: a
//! code with a comment can point at one person.

use chrono::NaiveDate;
use sqlx::{FromRow, SqliteConnection};

use super::StoreError;
use super::catalog::Names;
use super::rollup::{BindSlice, Slice};
use super::survey::split_chips;
use crate::domain::{Channel, Level};

/// One counted response (not held for review, not replaced by a later one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedResponse {
    /// The day the dossier was returned, in Vietnam: the day the index counts it on.
    pub return_day: NaiveDate,
    pub agency_code: String,
    pub agency: Names,
    pub procedure_code: String,
    pub procedure: Names,
    pub commune_code: Option<String>,
    pub channel: Channel,
    pub verified: bool,
    pub overall: Level,
    pub convenience: Option<Level>,
    pub attitude: Option<Level>,
    /// Index 4 as the citizen answered it: 2 one place, 1 the one-stop desk, 0 several.
    pub agencies: Option<i64>,
    /// The chips chosen, as stored codes.
    pub went_well: Vec<String>,
    pub went_badly: Vec<String>,
    /// None once retention erased it.
    pub comment: Option<String>,
}

#[derive(FromRow)]
struct Row {
    return_day: String,
    agency_code: String,
    agency_vi: String,
    agency_en: String,
    agency_km: String,
    procedure_code: String,
    procedure_vi: String,
    procedure_en: String,
    procedure_km: String,
    commune_code: Option<String>,
    channel: String,
    verified: bool,
    overall: String,
    convenience: Option<String>,
    attitude: Option<String>,
    agencies: Option<i64>,
    went_well: Option<String>,
    went_badly: Option<String>,
    comment: Option<String>,
}

fn level(raw: &str) -> Result<Level, StoreError> {
    Level::from_key(raw).ok_or_else(|| StoreError::Corrupt(format!("responses level {raw}")))
}

impl TryFrom<Row> for CountedResponse {
    type Error = StoreError;

    fn try_from(row: Row) -> Result<Self, StoreError> {
        Ok(Self {
            return_day: NaiveDate::parse_from_str(&row.return_day, "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt("responses.return_day".into()))?,
            agency_code: row.agency_code,
            agency: Names {
                vi: row.agency_vi,
                en: row.agency_en,
                km: row.agency_km,
            },
            procedure_code: row.procedure_code,
            procedure: Names {
                vi: row.procedure_vi,
                en: row.procedure_en,
                km: row.procedure_km,
            },
            commune_code: row.commune_code,
            channel: Channel::parse(&row.channel)
                .map_err(|_| StoreError::Corrupt("responses.channel".into()))?,
            verified: row.verified,
            overall: level(&row.overall)?,
            convenience: row.convenience.as_deref().map(level).transpose()?,
            attitude: row.attitude.as_deref().map(level).transpose()?,
            agencies: row.agencies,
            went_well: split_chips(row.went_well),
            went_badly: split_chips(row.went_badly),
            comment: row.comment,
        })
    }
}

/// The counted responses about dossiers returned from `from` to `to`
/// (Vietnamese days, both included; `None` an open end) within `slice`,
/// only the verified ones when `verified_only`, by return day.
pub async fn counted(
    conn: &mut SqliteConnection,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    slice: &Slice,
    verified_only: bool,
) -> Result<Vec<CountedResponse>, StoreError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.return_day, r.agency_code, a.name_vi AS agency_vi, a.name_en AS agency_en,
                a.name_km AS agency_km, r.procedure_code, p.name_vi AS procedure_vi,
                p.name_en AS procedure_en, p.name_km AS procedure_km, r.commune_code, r.channel,
                r.verified, r.overall, r.convenience, r.attitude, r.agencies, r.went_well,
                r.went_badly, r.comment
         FROM responses r JOIN agencies a ON a.code = r.agency_code
              JOIN procedures p ON p.code = r.procedure_code
         WHERE r.held = 0 AND r.superseded_by IS NULL
           AND (?1 IS NULL OR r.return_day >= ?1) AND (?2 IS NULL OR r.return_day <= ?2)
           AND (?3 IS NULL OR r.agency_code IN (SELECT value FROM json_each(?3)))
           AND (?4 IS NULL OR r.procedure_code = ?4)
           AND (?5 IS NULL OR coalesce(r.commune_code, '-') = ?5)
           AND (?6 IS NULL OR r.channel = ?6) AND (?7 = 0 OR r.verified = 1)
         ORDER BY r.return_day, r.id",
    )
    .bind(from.map(|d| d.to_string()))
    .bind(to.map(|d| d.to_string()))
    .bind_slice(slice)
    .bind(verified_only)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(CountedResponse::try_from).collect()
}
