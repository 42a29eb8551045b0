//! Dossiers and their status history.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

use super::catalog::Names;
use super::{Change, StoreError, parse_time, time_text};
use crate::domain::{
    AgencyCode, Channel, DistrictCode, DossierCode, DossierId, ProcedureCode, Status,
};

/// A dossier as a feed describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierRecord {
    pub code: DossierCode,
    pub procedure: ProcedureCode,
    pub agency: AgencyCode,
    pub district: Option<DistrictCode>,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub due_at: NaiveDate,
    pub returned_at: Option<DateTime<Utc>>,
    pub status: Status,
}

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Import,
    Api,
    Pull,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Self::Import => "import",
            Self::Api => "api",
            Self::Pull => "pull",
        }
    }
}

/// The stored columns of a dossier, as text, for comparison with a new record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDossier {
    pub id: i64,
    columns: Columns,
    pub status: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Columns {
    procedure: String,
    agency: String,
    district: Option<String>,
    channel: String,
    received_at: String,
    due_at: String,
    returned_at: Option<String>,
}

impl Columns {
    fn of(record: &DossierRecord) -> Self {
        Self {
            procedure: record.procedure.to_string(),
            agency: record.agency.to_string(),
            district: record.district.as_ref().map(ToString::to_string),
            channel: record.channel.code().to_owned(),
            received_at: time_text(record.received_at),
            due_at: record.due_at.to_string(),
            returned_at: record.returned_at.map(time_text),
        }
    }
}

impl StoredDossier {
    /// Whether `record` says anything the database does not.
    pub fn differs_from(&self, record: &DossierRecord) -> bool {
        self.columns != Columns::of(record) || self.status != record.status.code()
    }
}

/// The outcome of writing one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub id: i64,
    pub change: Change,
    pub status_changed: bool,
}

macro_rules! stored_columns {
    () => {
        "id, procedure_code, agency_code, district_code, channel, received_at, due_at, returned_at, status, code"
    };
}

fn stored_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StoredDossier, StoreError> {
    Ok(StoredDossier {
        id: row.try_get(0)?,
        columns: Columns {
            procedure: row.try_get(1)?,
            agency: row.try_get(2)?,
            district: row.try_get(3)?,
            channel: row.try_get(4)?,
            received_at: row.try_get(5)?,
            due_at: row.try_get(6)?,
            returned_at: row.try_get(7)?,
        },
        status: row.try_get(8)?,
    })
}

pub async fn stored_dossier(
    conn: &mut SqliteConnection,
    code: &DossierCode,
) -> Result<Option<StoredDossier>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        stored_columns!(),
        " FROM dossiers WHERE code = ?"
    ))
    .bind(code.as_str())
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(stored_from_row).transpose()
}

/// Every stored dossier by code: an import compares a whole file against it at once.
pub async fn all_stored_dossiers(
    conn: &mut SqliteConnection,
) -> Result<HashMap<String, StoredDossier>, StoreError> {
    let rows = sqlx::query(concat!("SELECT ", stored_columns!(), " FROM dossiers"))
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get::<String, _>(9)?, stored_from_row(row)?)))
        .collect()
}

/// When a new record's status began, as well as the record tells: the return
/// for a returned dossier, else the receipt (later events then move it on).
fn initial_status_time(record: &DossierRecord) -> DateTime<Utc> {
    match (record.status, record.returned_at) {
        (Status::Returned, Some(at)) => at,
        _ => record.received_at,
    }
}

/// When a changed status began: the return for a returned dossier, else `now`.
pub fn changed_status_time(record: &DossierRecord, now: DateTime<Utc>) -> DateTime<Utc> {
    match (record.status, record.returned_at) {
        (Status::Returned, Some(at)) => at,
        _ => now,
    }
}

/// Writes one record: inserts it, updates what changed, or leaves it alone.
/// A new status is recorded in the history.
pub async fn write_dossier(
    conn: &mut SqliteConnection,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    match stored_dossier(&mut *conn, &record.code).await? {
        None => {
            let ids =
                insert_dossiers(&mut *conn, std::slice::from_ref(record), source, now).await?;
            let id = ids
                .first()
                .copied()
                .ok_or_else(|| StoreError::Corrupt("insert returned no id".into()))?;
            Ok(Written {
                id,
                change: Change::Inserted,
                status_changed: false,
            })
        }
        Some(stored) if !stored.differs_from(record) => Ok(Written {
            id: stored.id,
            change: Change::Unchanged,
            status_changed: false,
        }),
        Some(stored) => update_dossier(conn, &stored, record, source, now).await,
    }
}

pub async fn update_dossier(
    conn: &mut SqliteConnection,
    stored: &StoredDossier,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    let c = Columns::of(record);
    let status_changed = stored.status != record.status.code();
    let at = time_text(changed_status_time(record, now));
    sqlx::query(
        "UPDATE dossiers SET procedure_code = ?, agency_code = ?, district_code = ?, channel = ?, received_at = ?,
             due_at = ?, returned_at = ?, status = ?, status_at = CASE WHEN status = ? THEN status_at ELSE ? END,
             updated_at = ?
         WHERE id = ?",
    )
    .bind(&c.procedure)
    .bind(&c.agency)
    .bind(&c.district)
    .bind(&c.channel)
    .bind(&c.received_at)
    .bind(&c.due_at)
    .bind(&c.returned_at)
    .bind(record.status.code())
    .bind(record.status.code())
    .bind(&at)
    .bind(time_text(now))
    .bind(stored.id)
    .execute(&mut *conn)
    .await?;
    if status_changed {
        insert_event(conn, stored.id, None, record.status, &at, None, source).await?;
    }
    Ok(Written {
        id: stored.id,
        change: Change::Updated,
        status_changed,
    })
}

/// Inserts new dossiers, each with its first history row, many per statement.
pub async fn insert_dossiers(
    conn: &mut SqliteConnection,
    records: &[DossierRecord],
    source: Source,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, StoreError> {
    // 12 parameters a row keeps each statement well under SQLite's 32766.
    const ROWS_PER_STATEMENT: usize = 500;
    let updated_at = time_text(now);
    let mut ids = Vec::with_capacity(records.len());
    for chunk in records.chunks(ROWS_PER_STATEMENT) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO dossiers (code, procedure_code, agency_code, district_code, channel, received_at, due_at,
                 returned_at, status, status_at, updated_at) ",
        );
        insert.push_values(chunk, |mut row, record| {
            let c = Columns::of(record);
            row.push_bind(record.code.as_str().to_owned())
                .push_bind(c.procedure)
                .push_bind(c.agency)
                .push_bind(c.district)
                .push_bind(c.channel)
                .push_bind(c.received_at)
                .push_bind(c.due_at)
                .push_bind(c.returned_at)
                .push_bind(record.status.code())
                .push_bind(time_text(initial_status_time(record)))
                .push_bind(updated_at.clone());
        });
        insert.push(" RETURNING id");
        let chunk_ids: Vec<i64> = insert.build_query_scalar().fetch_all(&mut *conn).await?;
        let mut events: QueryBuilder<Sqlite> =
            QueryBuilder::new("INSERT INTO dossier_events (dossier_id, status, at, source) ");
        events.push_values(chunk.iter().zip(&chunk_ids), |mut row, (record, id)| {
            row.push_bind(*id)
                .push_bind(record.status.code())
                .push_bind(time_text(initial_status_time(record)))
                .push_bind(source.as_str());
        });
        events.build().execute(&mut *conn).await?;
        ids.extend(chunk_ids);
    }
    Ok(ids)
}

async fn insert_event(
    conn: &mut SqliteConnection,
    dossier_id: i64,
    event_id: Option<&str>,
    status: Status,
    at: &str,
    note: Option<&str>,
    source: Source,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO dossier_events (dossier_id, event_id, status, at, note, source) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (dossier_id, event_id) DO NOTHING",
    )
    .bind(dossier_id)
    .bind(event_id)
    .bind(status.code())
    .bind(at)
    .bind(note)
    .bind(source.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A status event from the one-stop system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEvent {
    pub event_id: String,
    pub status: Status,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// The same event id came before: nothing changed.
    Duplicate,
    /// Recorded; `status_changed` when it is the newest event and moved the status.
    Recorded { status_changed: bool },
}

pub async fn record_event(
    conn: &mut SqliteConnection,
    dossier_id: i64,
    event: &StatusEvent,
    source: Source,
    now: DateTime<Utc>,
) -> Result<EventOutcome, StoreError> {
    let at = time_text(event.at);
    let new = insert_event(
        &mut *conn,
        dossier_id,
        Some(&event.event_id),
        event.status,
        &at,
        event.note.as_deref(),
        source,
    )
    .await?;
    if !new {
        return Ok(EventOutcome::Duplicate);
    }
    // An event older than the current status is history, not news.
    let moved = sqlx::query(
        "UPDATE dossiers SET status = ?1, status_at = ?2, updated_at = ?3,
             returned_at = CASE WHEN ?1 = 10 AND returned_at IS NULL THEN ?2 ELSE returned_at END
         WHERE id = ?4 AND status_at <= ?2 AND status != ?1",
    )
    .bind(event.status.code())
    .bind(&at)
    .bind(time_text(now))
    .bind(dossier_id)
    .execute(conn)
    .await?;
    Ok(EventOutcome::Recorded {
        status_changed: moved.rows_affected() == 1,
    })
}

/// What a look-up shows: no personal data is stored, so none can leak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierView {
    pub id: DossierId,
    pub code: String,
    pub procedure_code: String,
    pub procedure: Names,
    pub agency: Names,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub due_at: NaiveDate,
    pub returned_at: Option<DateTime<Utc>>,
    pub status: Status,
    pub status_at: DateTime<Utc>,
}

macro_rules! view_query {
    () => {
        "SELECT d.id, d.code, d.procedure_code, p.name_vi, p.name_en, p.name_km,
        a.name_vi, a.name_en, a.name_km, d.channel, d.received_at, d.due_at, d.returned_at, d.status, d.status_at
    FROM dossiers d JOIN procedures p ON p.code = d.procedure_code JOIN agencies a ON a.code = d.agency_code"
    };
}

pub async fn find_dossier(
    conn: &mut SqliteConnection,
    code: &DossierCode,
) -> Result<Option<DossierView>, StoreError> {
    let row = sqlx::query(concat!(view_query!(), " WHERE d.code = ?"))
        .bind(code.as_str())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(view_from_row).transpose()
}

pub async fn find_dossier_by_id(
    conn: &mut SqliteConnection,
    id: DossierId,
) -> Result<Option<DossierView>, StoreError> {
    let row = sqlx::query(concat!(view_query!(), " WHERE d.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(view_from_row).transpose()
}

fn view_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<DossierView, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(what.to_owned());
    let channel: String = row.try_get(9)?;
    let due: String = row.try_get(11)?;
    let returned: Option<String> = row.try_get(12)?;
    Ok(DossierView {
        id: row.try_get(0)?,
        code: row.try_get(1)?,
        procedure_code: row.try_get(2)?,
        procedure: Names {
            vi: row.try_get(3)?,
            en: row.try_get(4)?,
            km: row.try_get(5)?,
        },
        agency: Names {
            vi: row.try_get(6)?,
            en: row.try_get(7)?,
            km: row.try_get(8)?,
        },
        channel: Channel::parse(&channel).map_err(|_| corrupt("dossiers.channel"))?,
        received_at: parse_time(&row.try_get::<String, _>(10)?)?,
        due_at: due.parse().map_err(|_| corrupt("dossiers.due_at"))?,
        returned_at: returned.as_deref().map(parse_time).transpose()?,
        status: Status::from_code(row.try_get(13)?).map_err(|_| corrupt("dossiers.status"))?,
        status_at: parse_time(&row.try_get::<String, _>(14)?)?,
    })
}

/// The code of some dossier in `status`, for demos.
pub async fn example_code(
    conn: &mut SqliteConnection,
    status: Status,
) -> Result<Option<DossierCode>, StoreError> {
    let code: Option<String> = sqlx::query_scalar(
        "SELECT code FROM dossiers WHERE status = ? ORDER BY received_at LIMIT 1",
    )
    .bind(status.code())
    .fetch_optional(conn)
    .await?;
    Ok(code.and_then(|c| DossierCode::parse(&c).ok()))
}
