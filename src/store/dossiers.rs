//! Dossiers and their status history.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use futures::TryStreamExt;
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

use super::catalog::Names;
use super::lookups::{self, KnownCodeBudget};
use super::{Change, StoreError, dossier_days, follows, parse_time, pull_asks, survey, time_text};
use crate::domain::OfficeNote;
use crate::domain::deadline::{DeadlineFacts, Deadlines, Wait, waits};
use crate::domain::precedence::{self, Current, Effect, Stamp};
use crate::domain::steps::Step;
use crate::domain::{
    AgencyCode, Channel, CommuneCode, DossierCode, DossierId, Level, ProcedureCode, Status, UserId,
};

/// A dossier as a feed describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierRecord {
    pub code: DossierCode,
    pub procedure: ProcedureCode,
    pub agency: AgencyCode,
    pub commune: Option<CommuneCode>,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub due_at: NaiveDate,
    pub returned_at: Option<DateTime<Utc>>,
    pub status: Status,
    /// When the status was set, if the feed says; see
    /// [`Precedence`] for what a record without it may change.
    pub status_at: Option<DateTime<Utc>>,
    /// Form 04: a new return date, with `delay_reason` an apology; the first
    /// promise stays in `due_at`.
    pub new_due_at: Option<NaiveDate>,
    pub delay_reason: Option<String>,
    /// The time at each agency; None when the feed sent none, so the stored
    /// steps stay.
    pub steps: Option<Vec<Step>>,
}

impl DossierRecord {
    /// The steps as stored for comparison and staging: a JSON array of
    /// `[agency_code, started_at, finished_at]`, as [`stored_query`] reads them.
    pub(super) fn steps_json(&self) -> Option<String> {
        self.steps.as_ref().map(|steps| {
            serde_json::Value::from(
                steps
                    .iter()
                    .map(|s| {
                        serde_json::json!([
                            s.agency.as_str(),
                            time_text(s.started),
                            time_text(s.finished)
                        ])
                    })
                    .collect::<Vec<_>>(),
            )
            .to_string()
        })
    }
}

/// Where a change came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Import,
    Api,
    Pull,
}

impl Source {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Import => "import",
            Self::Api => "api",
            Self::Pull => "pull",
        }
    }
}

/// The stored columns of a dossier, as text, for comparison with a new record.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StoredDossier {
    pub id: DossierId,
    pub code: String,
    #[sqlx(flatten)]
    columns: Columns,
    pub status: i64,
    status_at: String,
    status_dated: bool,
    /// The stored steps, as [`DossierRecord::steps_json`] writes them.
    steps: String,
}

/// A record's columns as they are stored.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub(super) struct Columns {
    #[sqlx(rename = "procedure_code")]
    pub(super) procedure: String,
    #[sqlx(rename = "agency_code")]
    pub(super) agency: String,
    #[sqlx(rename = "commune_code")]
    pub(super) commune: Option<String>,
    pub(super) channel: String,
    pub(super) received_at: String,
    pub(super) due_at: String,
    pub(super) returned_at: Option<String>,
    pub(super) new_due_at: Option<String>,
    pub(super) delay_reason: Option<String>,
}

impl Columns {
    /// Binds `record`'s code, columns and status, then its new date and
    /// delay reason, to one row of a multi-row insert: the order both the
    /// dossiers and the staging table list them in.
    pub(super) fn push_record(
        row: &mut sqlx::query_builder::Separated<'_, Sqlite, &'static str>,
        record: &DossierRecord,
    ) {
        let c = Self::of(record);
        row.push_bind(record.code.as_str().to_owned())
            .push_bind(c.procedure)
            .push_bind(c.agency)
            .push_bind(c.commune)
            .push_bind(c.channel)
            .push_bind(c.received_at)
            .push_bind(c.due_at)
            .push_bind(c.returned_at)
            .push_bind(record.status.code())
            .push_bind(c.new_due_at)
            .push_bind(c.delay_reason);
    }

    pub(super) fn of(record: &DossierRecord) -> Self {
        Self {
            procedure: record.procedure.to_string(),
            agency: record.agency.to_string(),
            commune: record.commune.as_ref().map(ToString::to_string),
            channel: record.channel.code().to_owned(),
            received_at: time_text(record.received_at),
            due_at: record.due_at.to_string(),
            returned_at: record.returned_at.map(time_text),
            new_due_at: record.new_due_at.map(|d| d.to_string()),
            delay_reason: record.delay_reason.clone(),
        }
    }
}

impl StoredDossier {
    /// Whether `record` says anything the database does not.
    pub fn differs_from(&self, record: &DossierRecord) -> bool {
        self.columns != self.columns_after(record)
            || self.status != record.status.code()
            || record.steps_json().is_some_and(|steps| steps != self.steps)
    }

    /// The columns once `record` is written. A record without a new date
    /// keeps the stored date and reason: an apology once given is not
    /// withdrawn by a feed that does not carry the Form 04 fields.
    fn columns_after(&self, record: &DossierRecord) -> Columns {
        let mut columns = Columns::of(record);
        if columns.new_due_at.is_none() {
            columns.new_due_at.clone_from(&self.columns.new_due_at);
            columns.delay_reason.clone_from(&self.columns.delay_reason);
        }
        columns
    }

    pub fn received_at(&self) -> Result<DateTime<Utc>, StoreError> {
        parse_time(&self.columns.received_at)
    }

    /// The current status and how it came, for [`precedence::effect`].
    pub fn current(&self) -> Result<Current, StoreError> {
        Ok(Current {
            status: Status::from_code(self.status)
                .map_err(|_| StoreError::Corrupt("dossiers.status".into()))?,
            at: parse_time(&self.status_at)?,
            dated: self.status_dated,
        })
    }

    /// Whether `record` brings a Form 04 apology the stored dossier lacks:
    /// followers hear each new date and reason once.
    pub fn new_apology_in(&self, record: &DossierRecord) -> bool {
        let c = Columns::of(record);
        c.delay_reason.is_some()
            && c.new_due_at.is_some()
            && (c.new_due_at, c.delay_reason)
                != (
                    self.columns.new_due_at.clone(),
                    self.columns.delay_reason.clone(),
                )
    }
}

/// The outcome of writing one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub id: DossierId,
    pub change: Change,
    /// The status the record brought became current, and it was another before.
    pub moved: Option<Settled>,
    /// The record brought a Form 04 apology the dossier did not have.
    pub apology: bool,
}

macro_rules! stored_query {
    () => {
        "SELECT id, code, procedure_code, agency_code, commune_code, channel, received_at, due_at, returned_at, status,
             new_due_at, delay_reason, status_at, status_dated,
             (SELECT json_group_array(json_array(s.agency_code, s.started_at, s.finished_at))
              FROM (SELECT * FROM dossier_steps s WHERE s.dossier_id = dossiers.id ORDER BY s.seq) s) AS steps
         FROM dossiers"
    };
}

pub async fn stored_dossier(
    conn: &mut SqliteConnection,
    code: &DossierCode,
) -> Result<Option<StoredDossier>, StoreError> {
    Ok(sqlx::query_as(concat!(stored_query!(), " WHERE code = ?"))
        .bind(code.as_str())
        .fetch_optional(conn)
        .await?)
}

/// The stored dossiers among `codes`, by code: an import compares a file
/// with the table a batch at a time, without holding the table in memory.
pub async fn stored_dossiers(
    conn: &mut SqliteConnection,
    codes: &[&str],
) -> Result<HashMap<String, StoredDossier>, StoreError> {
    let codes = serde_json::to_string(codes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut rows = sqlx::query_as::<_, StoredDossier>(concat!(
        stored_query!(),
        " WHERE code IN (SELECT value FROM json_each(?))"
    ))
    .bind(codes)
    .fetch(conn);
    let mut stored = HashMap::new();
    while let Some(row) = rows.try_next().await? {
        stored.insert(row.code.clone(), row);
    }
    Ok(stored)
}

/// When a new record's status began, as well as the record tells: its
/// `status_at`, the return for a returned dossier, else the receipt (later
/// events then move it on).
pub fn initial_status_time(record: &DossierRecord) -> DateTime<Utc> {
    match (record.status_at, record.status, record.returned_at) {
        (Some(at), _, _) => at,
        (None, Status::Returned, Some(at)) => at,
        _ => record.received_at,
    }
}

/// When a changed status began: its `status_at`, the return for a returned
/// dossier, else `now`.
pub fn changed_status_time(record: &DossierRecord, now: DateTime<Utc>) -> DateTime<Utc> {
    match (record.status_at, record.status, record.returned_at) {
        (Some(at), _, _) => at,
        (None, Status::Returned, Some(at)) => at,
        _ => now,
    }
}

/// How `source` stamps a record: the ingest API and the status source are
/// live, so a record without `status_at` is as of now; a file is a snapshot.
pub fn stamp(record: &DossierRecord, source: Source, now: DateTime<Utc>) -> Stamp {
    if dated(record, source) {
        Stamp::At(changed_status_time(record, now))
    } else {
        Stamp::Snapshot
    }
}

/// Whether `record`'s status comes with its time.
fn dated(record: &DossierRecord, source: Source) -> bool {
    record.status_at.is_some() || source != Source::Import
}

/// Writes one record: inserts it, updates what changed, or leaves it alone.
/// A status other than the current one is recorded in the history and
/// [`settle`]d.
pub async fn write_dossier(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    match stored_dossier(&mut *conn, &record.code).await? {
        None => {
            let ids = insert_dossiers(
                &mut *conn,
                deadlines,
                std::slice::from_ref(record),
                source,
                now,
            )
            .await?;
            let id = ids
                .first()
                .copied()
                .ok_or_else(|| StoreError::Corrupt("insert returned no id".into()))?;
            Ok(Written {
                id,
                change: Change::Inserted,
                moved: None,
                apology: record.new_due_at.is_some() && record.delay_reason.is_some(),
            })
        }
        Some(stored) if !stored.differs_from(record) => Ok(Written {
            id: stored.id,
            change: Change::Unchanged,
            moved: None,
            apology: false,
        }),
        Some(stored) => match precedence::effect(stored.current()?, stamp(record, source, now)) {
            Effect::Apply => update_dossier(conn, deadlines, &stored, record, source, now).await,
            Effect::History => {
                record_status(&mut *conn, stored.id, record, source, now).await?;
                Ok(Written {
                    id: stored.id,
                    change: Change::Older,
                    moved: None,
                    apology: false,
                })
            }
            Effect::Ignore => Ok(Written {
                id: stored.id,
                change: Change::Unchanged,
                moved: None,
                apology: false,
            }),
        },
    }
}

async fn update_dossier(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    stored: &StoredDossier,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    let c = stored.columns_after(record);
    sqlx::query(
        "UPDATE dossiers SET procedure_code = ?, agency_code = ?, commune_code = ?, channel = ?, received_at = ?,
             due_at = ?, returned_at = ?, updated_at = ?, new_due_at = ?, delay_reason = ?
         WHERE id = ?",
    )
    .bind(&c.procedure)
    .bind(&c.agency)
    .bind(&c.commune)
    .bind(&c.channel)
    .bind(&c.received_at)
    .bind(&c.due_at)
    .bind(&c.returned_at)
    .bind(time_text(now))
    .bind(&c.new_due_at)
    .bind(&c.delay_reason)
    .bind(stored.id)
    .execute(&mut *conn)
    .await?;
    if let Some(steps) = &record.steps {
        replace_steps(&mut *conn, stored.id, steps).await?;
    }
    if stored.status != record.status.code() || record.status_at.is_some() {
        record_status(&mut *conn, stored.id, record, source, now).await?;
    }
    // Settled also without a new status: a new promise, apology or step
    // changes the lateness settling decides.
    let moved = settle(conn, deadlines, &[stored.id], now)
        .await?
        .into_iter()
        .find(|s| s.status_changed);
    Ok(Written {
        id: stored.id,
        change: Change::Updated,
        moved,
        apology: stored.new_apology_in(record),
    })
}

/// Inserts new dossiers, each with its first history row, many per statement.
pub async fn insert_dossiers(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    records: &[DossierRecord],
    source: Source,
    now: DateTime<Utc>,
) -> Result<Vec<DossierId>, StoreError> {
    // 14 parameters a row keeps each statement well under SQLite's 32766.
    const ROWS_PER_STATEMENT: usize = 500;
    let updated_at = time_text(now);
    let mut ids = Vec::with_capacity(records.len());
    for chunk in records.chunks(ROWS_PER_STATEMENT) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO dossiers (code, procedure_code, agency_code, commune_code, channel, received_at, due_at,
                 returned_at, status, new_due_at, delay_reason, status_at, status_dated, updated_at) ",
        );
        insert.push_values(chunk, |mut row, record| {
            Columns::push_record(&mut row, record);
            row.push_bind(time_text(initial_status_time(record)))
                .push_bind(dated(record, source))
                .push_bind(updated_at.clone());
        });
        insert.push(" RETURNING id");
        let chunk_ids: Vec<DossierId> = insert.build_query_scalar().fetch_all(&mut *conn).await?;
        let mut events: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO dossier_events (dossier_id, status, at, dated, source) ",
        );
        events.push_values(chunk.iter().zip(&chunk_ids), |mut row, (record, id)| {
            row.push_bind(*id)
                .push_bind(record.status.code())
                .push_bind(time_text(initial_status_time(record)))
                .push_bind(dated(record, source))
                .push_bind(source.as_str());
        });
        events.build().execute(&mut *conn).await?;
        for (record, id) in chunk.iter().zip(&chunk_ids) {
            if let Some(steps) = &record.steps {
                replace_steps(&mut *conn, *id, steps).await?;
            }
        }
        ids.extend(chunk_ids);
    }
    // A dossier may arrive already returned: its lateness is decided now.
    dossier_days::decide(conn, deadlines, &ids).await?;
    Ok(ids)
}

/// Replaces a dossier's steps with `steps`, in their order.
async fn replace_steps(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
    steps: &[Step],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM dossier_steps WHERE dossier_id = ?")
        .bind(dossier_id)
        .execute(&mut *conn)
        .await?;
    for (seq, step) in (1_i64..).zip(steps) {
        sqlx::query(
            "INSERT INTO dossier_steps (dossier_id, seq, agency_code, started_at, finished_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(dossier_id)
        .bind(seq)
        .bind(step.agency.as_str())
        .bind(time_text(step.started))
        .bind(time_text(step.finished))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Adds `record`'s status to the dossier's history, at the time it was set.
async fn record_status(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let at = time_text(changed_status_time(record, now));
    insert_event(conn, dossier_id, None, record.status, &at, None, source).await?;
    Ok(())
}

async fn insert_event(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
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

/// A dossier whose current status or its time moved when [`settle`]d.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    pub id: DossierId,
    pub status: Status,
    pub at: DateTime<Utc>,
    /// The status is another than before; only this is news for followers.
    pub status_changed: bool,
}

/// Which status is current, the one rule every feed goes through (CSV import,
/// the ingest API, the status source): the status of the event with the newest
/// time, and of events with the same time the one that arrived last. So the
/// order in which events arrive does not matter, an older event is history,
/// and a repeat of the current status with a newer time moves that time.
///
/// Sets the current status of each of `ids` from its history and returns
/// those that moved. A dossier that becomes returned without a return date
/// takes the event's time as that date. Then each one's lateness is decided
/// again ([`dossier_days::decide`]), for the index.
pub async fn settle(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    ids: &[DossierId],
    now: DateTime<Utc>,
) -> Result<Vec<Settled>, StoreError> {
    let moved = settle_status(conn, ids, now).await?;
    dossier_days::decide(conn, deadlines, ids).await?;
    Ok(moved)
}

/// The status part of [`settle`].
async fn settle_status(
    conn: &mut SqliteConnection,
    ids: &[DossierId],
    now: DateTime<Utc>,
) -> Result<Vec<Settled>, StoreError> {
    #[derive(FromRow)]
    struct Newest {
        id: DossierId,
        was: i64,
        was_at: String,
        was_dated: bool,
        status: i64,
        at: String,
        dated: bool,
    }
    let ids = serde_json::to_string(ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // dossier_events_by_dossier (dossier_id, at) holds the rowid too, so
    // "newest time, then last arrived" is one backward step in the index.
    let newest: Vec<Newest> = sqlx::query_as(
        "SELECT d.id, d.status AS was, d.status_at AS was_at, d.status_dated AS was_dated,
             e.status, e.at, e.dated
         FROM json_each(?) j
         JOIN dossiers d ON d.id = j.value
         JOIN dossier_events e ON e.id = (
             SELECT x.id FROM dossier_events x WHERE x.dossier_id = d.id ORDER BY x.at DESC, x.id DESC LIMIT 1)",
    )
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    let mut moved = Vec::new();
    let mut rows = Vec::new();
    for row in newest {
        if (row.was, row.was_at.as_str(), row.was_dated) == (row.status, row.at.as_str(), row.dated)
        {
            continue;
        }
        let status = Status::from_code(row.status)
            .map_err(|_| StoreError::Corrupt("dossier_events.status".into()))?;
        moved.push(Settled {
            id: row.id,
            status,
            at: parse_time(&row.at)?,
            status_changed: row.was != row.status,
        });
        rows.push(serde_json::json!([row.id, row.status, row.at, row.dated]));
    }
    if rows.is_empty() {
        return Ok(moved);
    }
    // One statement for the whole batch: an import settles thousands at once.
    sqlx::query(
        "UPDATE dossiers SET status = j.value ->> 1, status_at = j.value ->> 2,
             status_dated = j.value ->> 3, updated_at = ?2,
             returned_at = CASE WHEN j.value ->> 1 = ?3 AND returned_at IS NULL
                 THEN j.value ->> 2 ELSE returned_at END
         FROM json_each(?1) j WHERE dossiers.id = j.value ->> 0",
    )
    .bind(serde_json::Value::Array(rows).to_string())
    .bind(time_text(now))
    .bind(Status::Returned.code())
    .execute(&mut *conn)
    .await?;
    Ok(moved)
}

/// A status event from the one-stop system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEvent {
    pub event_id: String,
    pub status: Status,
    pub at: DateTime<Utc>,
    pub note: Option<OfficeNote>,
    /// A new return date; with `delay_reason` a Form 04 apology.
    pub new_due_at: Option<NaiveDate>,
    pub delay_reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventOutcome {
    /// The same event id came before: nothing changed.
    Duplicate,
    /// Recorded; `moved` when it became the current status and that status
    /// is new; `apology` when it brought a new apology.
    Recorded {
        moved: Option<Settled>,
        apology: bool,
    },
}

pub async fn record_event(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    dossier_id: DossierId,
    event: &StatusEvent,
    source: Source,
    now: DateTime<Utc>,
) -> Result<EventOutcome, StoreError> {
    let new = insert_event(
        &mut *conn,
        dossier_id,
        Some(&event.event_id),
        event.status,
        &time_text(event.at),
        event.note.as_ref().map(OfficeNote::as_str),
        source,
    )
    .await?;
    if !new {
        return Ok(EventOutcome::Duplicate);
    }
    let apology = match event.new_due_at {
        Some(date) => {
            set_new_date(&mut *conn, dossier_id, date, event.delay_reason.as_deref()).await?
        }
        None => false,
    };
    let moved = settle(conn, deadlines, &[dossier_id], now)
        .await?
        .into_iter()
        .find(|s| s.status_changed);
    Ok(EventOutcome::Recorded { moved, apology })
}

/// Sets a dossier's new return date and reason; true when that is a new
/// apology (a reason, and a date or reason other than the stored ones).
async fn set_new_date(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
    date: NaiveDate,
    reason: Option<&str>,
) -> Result<bool, StoreError> {
    let changed = sqlx::query(
        "UPDATE dossiers SET new_due_at = ?1, delay_reason = ?2
         WHERE id = ?3 AND (new_due_at IS NOT ?1 OR delay_reason IS NOT ?2)",
    )
    .bind(date.to_string())
    .bind(reason)
    .bind(dossier_id)
    .execute(conn)
    .await?;
    Ok(changed.rows_affected() == 1 && reason.is_some())
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
    /// The office's note on the latest event, if it had one.
    pub note: Option<String>,
    pub new_due_at: Option<NaiveDate>,
    pub delay_reason: Option<String>,
    /// Times the dossier waited for the citizen, oldest first.
    pub waits: Vec<Wait>,
}

impl DossierView {
    /// What the deadline rules need of this dossier.
    pub fn deadline_facts(&self) -> DeadlineFacts {
        DeadlineFacts {
            status: self.status,
            due_at: self.due_at,
            returned_at: self.returned_at,
            new_due_at: self.new_due_at,
            delay_reason: self.delay_reason.clone(),
            waits: self.waits.clone(),
        }
    }
}

/// A look-up's row as stored, before its text is read.
#[derive(FromRow)]
pub(super) struct ViewRow {
    id: DossierId,
    code: String,
    procedure_code: String,
    procedure_vi: String,
    procedure_en: String,
    procedure_km: String,
    agency_vi: String,
    agency_en: String,
    agency_km: String,
    channel: String,
    received_at: String,
    due_at: String,
    returned_at: Option<String>,
    status: i64,
    status_at: String,
    note: Option<String>,
    new_due_at: Option<String>,
    delay_reason: Option<String>,
    /// The statuses with their times, in the order `settle` reads them, as
    /// a JSON array of `[status, at]`: read with the row, so that a look-up
    /// is one statement.
    history: String,
}

impl TryFrom<ViewRow> for DossierView {
    type Error = StoreError;

    fn try_from(row: ViewRow) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(what.to_owned());
        Ok(Self {
            id: row.id,
            code: row.code,
            procedure_code: row.procedure_code,
            procedure: Names {
                vi: row.procedure_vi,
                en: row.procedure_en,
                km: row.procedure_km,
            },
            agency: Names {
                vi: row.agency_vi,
                en: row.agency_en,
                km: row.agency_km,
            },
            channel: Channel::parse(&row.channel).map_err(|_| corrupt("dossiers.channel"))?,
            received_at: parse_time(&row.received_at)?,
            due_at: row.due_at.parse().map_err(|_| corrupt("dossiers.due_at"))?,
            returned_at: row.returned_at.as_deref().map(parse_time).transpose()?,
            status: Status::from_code(row.status).map_err(|_| corrupt("dossiers.status"))?,
            status_at: parse_time(&row.status_at)?,
            note: row.note,
            new_due_at: row
                .new_due_at
                .map(|d| d.parse().map_err(|_| corrupt("dossiers.new_due_at")))
                .transpose()?,
            delay_reason: row.delay_reason,
            waits: waits(&history(&row.history)?),
        })
    }
}

/// The columns a [`ViewRow`] reads, of the dossier `d` in [`view_from!`].
macro_rules! view_columns {
    () => {
        "d.id, d.code, d.procedure_code,
        p.name_vi AS procedure_vi, p.name_en AS procedure_en, p.name_km AS procedure_km,
        a.name_vi AS agency_vi, a.name_en AS agency_en, a.name_km AS agency_km,
        d.channel, d.received_at, d.due_at, d.returned_at, d.status, d.status_at,
        (SELECT e.note FROM dossier_events e WHERE e.dossier_id = d.id
         ORDER BY e.at DESC, e.id DESC LIMIT 1) AS note,
        d.new_due_at, d.delay_reason,
        (SELECT json_group_array(json_array(e.status, e.at, e.id))
         FROM dossier_events e WHERE e.dossier_id = d.id) AS history"
    };
}

pub(super) use view_columns;

macro_rules! view_from {
    () => {
        "FROM dossiers d JOIN procedures p ON p.code = d.procedure_code
         JOIN agencies a ON a.code = d.agency_code"
    };
}
pub(super) use view_from;

pub async fn find_dossier(
    conn: &mut SqliteConnection,
    code: &DossierCode,
) -> Result<Option<DossierView>, StoreError> {
    let row: Option<ViewRow> = sqlx::query_as(concat!(
        "SELECT ",
        view_columns!(),
        " ",
        view_from!(),
        " WHERE d.code = ?"
    ))
    .bind(code.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(DossierView::try_from).transpose()
}

/// A dossier as a citizen looks it up: its card, and what the card's button
/// and the look-up limits need to know of this citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    pub view: DossierView,
    pub following: bool,
    /// The overall level they gave it, if they rated it.
    pub rated: Option<Level>,
    /// The budget for unknown codes as it stands for them.
    pub budget: KnownCodeBudget,
    /// When the status source was last asked about it, if the source alone
    /// keeps it current.
    pub source_asked: Option<DateTime<Utc>>,
    /// Since when that source has said it does not know it.
    pub source_missing_since: Option<DateTime<Utc>>,
}

/// The look-up's query, the dossier named by its parameter `?1` as
/// `$which` says, the citizen `?2`, and `?3` the start of the limits' window.
/// One statement, as every look-up makes it.
macro_rules! lookup_query {
    ($which:literal) => {
        concat!(
            "SELECT ",
            view_columns!(),
            ", ",
            follows::following_column!("?2", "d.id"),
            ", ",
            survey::rated_column!("d.id", "?2"),
            ", ",
            lookups::known_code_budget_columns!("?2", "?3"),
            ", ",
            pull_asks::source_asks_columns!("d.id"),
            " ",
            view_from!(),
            " WHERE ",
            $which,
            " = ?1"
        )
    };
}

/// The dossier `code` as `user` looks it up at `now`.
pub async fn look_up(
    conn: &mut SqliteConnection,
    code: &DossierCode,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<Lookup>, StoreError> {
    read_lookup(conn, lookup_query!("d.code"), code.as_str(), user, now).await
}

/// The dossier `id` as `user` looks it up at `now`: a button under its card.
pub async fn look_up_by_id(
    conn: &mut SqliteConnection,
    id: DossierId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<Lookup>, StoreError> {
    read_lookup(conn, lookup_query!("d.id"), id, user, now).await
}

async fn read_lookup<'q, K>(
    conn: &mut SqliteConnection,
    query: &'static str,
    key: K,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<Option<Lookup>, StoreError>
where
    K: 'q + Send + sqlx::Encode<'q, Sqlite> + sqlx::Type<Sqlite>,
{
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        view: ViewRow,
        following: bool,
        rated: Option<String>,
        #[sqlx(flatten)]
        budget: KnownCodeBudget,
        source_asked_at: Option<String>,
        source_missing_since: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(query)
        .bind(key)
        .bind(user)
        .bind(lookups::window_start(now))
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(Lookup {
            view: DossierView::try_from(row.view)?,
            following: row.following,
            rated: survey::parse_rated(row.rated)?,
            budget: row.budget,
            source_asked: row.source_asked_at.as_deref().map(parse_time).transpose()?,
            source_missing_since: row
                .source_missing_since
                .as_deref()
                .map(parse_time)
                .transpose()?,
        })
    })
    .transpose()
}

/// A history as the view query reads it, oldest first.
fn history(json: &str) -> Result<Vec<(Status, DateTime<Utc>)>, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("dossier_events: {what}"));
    let mut events: Vec<(i64, String, i64)> =
        serde_json::from_str(json).map_err(|e| corrupt(&e.to_string()))?;
    // Put in order here, by time as stored and then as written, not by the
    // aggregate's own `ORDER BY`: that costs SQLite a temporary table on
    // every look-up.
    events.sort_unstable_by(|(_, at, id), (_, other_at, other_id)| {
        (at, id).cmp(&(other_at, other_id))
    });
    events
        .into_iter()
        .map(|(status, at, _)| {
            let status = Status::from_code(status).map_err(|_| corrupt("status"))?;
            Ok((status, parse_time(&at)?))
        })
        .collect()
}

pub async fn find_dossier_by_id(
    conn: &mut SqliteConnection,
    id: DossierId,
) -> Result<Option<DossierView>, StoreError> {
    let row: Option<ViewRow> = sqlx::query_as(concat!(
        "SELECT ",
        view_columns!(),
        " ",
        view_from!(),
        " WHERE d.id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(DossierView::try_from).transpose()
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::moment::parse_instant;
    use crate::store::Store;
    use crate::store::catalog::{self, Agency, Procedure};

    /// A fresh database with agency `A` and procedure `P`.
    pub(crate) struct Fixture {
        pub(crate) store: Store,
        _dir: tempfile::TempDir,
    }

    pub(crate) async fn fixture() -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::open(&url).await.expect("opens");
        let mut tx = store.begin_write().await.expect("tx");
        add_catalog(&mut tx).await;
        tx.commit().await.expect("commit");
        Fixture { store, _dir: dir }
    }

    /// Adds agency `A` and procedure `P`, which [`record`]'s dossiers name.
    pub(crate) async fn add_catalog(conn: &mut SqliteConnection) {
        let names = Names {
            vi: "x".into(),
            en: "x".into(),
            km: "x".into(),
        };
        let agency = Agency {
            code: AgencyCode::parse("A").expect("code"),
            names: names.clone(),
            commune: None,
            staff_chat_id: None,
        };
        catalog::upsert_agency(&mut *conn, &agency)
            .await
            .expect("agency");
        let procedure = Procedure {
            code: ProcedureCode::parse("P").expect("code"),
            names,
            sector: "s".into(),
            processing_days: 1,
        };
        catalog::upsert_procedure(conn, &procedure)
            .await
            .expect("procedure");
    }

    pub(crate) fn at(raw: &str) -> DateTime<Utc> {
        parse_instant(raw).expect("a time")
    }

    /// A dossier received on 1 November 2026.
    pub(crate) fn record(code: &str, status: Status) -> DossierRecord {
        DossierRecord {
            code: DossierCode::parse(code).expect("code"),
            procedure: ProcedureCode::parse("P").expect("code"),
            agency: AgencyCode::parse("A").expect("code"),
            commune: None,
            channel: Channel::Direct,
            received_at: at("2026-11-01T08:00:00Z"),
            due_at: NaiveDate::from_ymd_opt(2026, 11, 10).expect("date"),
            returned_at: None,
            status,
            status_at: None,
            new_due_at: None,
            delay_reason: None,
            steps: None,
        }
    }

    /// Records `events` (id, status, time) in order, each in its own transaction.
    async fn send(store: &Store, id: DossierId, events: &[(&str, Status, &str)]) -> Vec<bool> {
        let mut changed = Vec::new();
        for (event_id, status, time) in events {
            let mut tx = store.begin_write().await.expect("tx");
            let event = StatusEvent {
                event_id: (*event_id).to_owned(),
                status: *status,
                at: at(time),
                note: None,
                new_due_at: None,
                delay_reason: None,
            };
            let outcome = record_event(
                &mut tx,
                &Deadlines::default(),
                id,
                &event,
                Source::Api,
                Utc::now(),
            )
            .await
            .expect("recorded");
            tx.commit().await.expect("commit");
            changed.push(matches!(
                outcome,
                EventOutcome::Recorded {
                    moved: Some(Settled {
                        status_changed: true,
                        ..
                    }),
                    ..
                }
            ));
        }
        changed
    }

    async fn dossier_with(store: &Store, status: Status) -> DossierId {
        let mut tx = store.begin_write().await.expect("tx");
        let ids = insert_dossiers(
            &mut tx,
            &Deadlines::default(),
            &[record("D-1", status)],
            Source::Import,
            Utc::now(),
        )
        .await
        .expect("inserted");
        tx.commit().await.expect("commit");
        ids[0]
    }

    async fn current(store: &Store) -> (Status, DateTime<Utc>) {
        let code = DossierCode::parse("D-1").expect("code");
        let view = find_dossier(&mut store.read().await.expect("conn"), &code)
            .await
            .expect("read")
            .expect("stored");
        (view.status, view.status_at)
    }

    #[tokio::test]
    async fn a_repeat_of_the_current_status_moves_its_time_so_an_older_event_stays_history() {
        let f = fixture().await;
        let id = dossier_with(&f.store, Status::Received).await;
        let changed = send(
            &f.store,
            id,
            &[
                ("e1", Status::Processing, "2026-11-02T08:00:00Z"),
                ("e3", Status::Processing, "2026-11-04T08:00:00Z"),
                ("e2", Status::SupplementRequested, "2026-11-03T08:00:00Z"),
            ],
        )
        .await;
        assert_eq!(changed, [true, false, false]);
        assert_eq!(
            current(&f.store).await,
            (Status::Processing, at("2026-11-04T08:00:00Z"))
        );
    }

    #[tokio::test]
    async fn the_newest_time_wins_whatever_the_order_and_equal_times_go_to_the_last_arrival() {
        let f = fixture().await;
        let id = dossier_with(&f.store, Status::Received).await;
        let changed = send(
            &f.store,
            id,
            &[
                ("e3", Status::ResultReady, "2026-11-05T08:00:00Z"),
                ("e1", Status::Processing, "2026-11-02T08:00:00Z"),
                ("e2", Status::SupplementRequested, "2026-11-03T08:00:00Z"),
                ("e4", Status::Returned, "2026-11-05T08:00:00Z"),
            ],
        )
        .await;
        assert_eq!(changed, [true, false, false, true]);
        assert_eq!(
            current(&f.store).await,
            (Status::Returned, at("2026-11-05T08:00:00Z"))
        );
    }

    #[tokio::test]
    async fn a_record_with_a_new_status_goes_through_the_same_rule() {
        let f = fixture().await;
        let id = dossier_with(&f.store, Status::Received).await;
        // An event dated after `now` keeps its status current against a
        // record written at `now`: the record is history, its fields unused.
        let later = (Utc::now() + chrono::TimeDelta::hours(2)).to_rfc3339();
        send(&f.store, id, &[("e1", Status::ResultReady, &later)]).await;
        let mut tx = f.store.begin_write().await.expect("tx");
        let written = write_dossier(
            &mut tx,
            &Deadlines::default(),
            &record("D-1", Status::Processing),
            Source::Api,
            Utc::now(),
        )
        .await
        .expect("written");
        tx.commit().await.expect("commit");
        assert_eq!((written.change, written.moved), (Change::Older, None));
        assert_eq!(current(&f.store).await.0, Status::ResultReady);
    }
}
