//! Dossiers and their status history.

use chrono::{DateTime, NaiveDate, Utc};
use futures::TryStreamExt;
use sqlx::{FromRow, QueryBuilder, Sqlite, SqliteConnection};

use super::catalog::Names;
use super::{Change, StoreError, parse_time, time_text};
use crate::domain::{
    AgencyCode, Channel, CommuneCode, DossierCode, DossierId, ProcedureCode, Status,
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
}

impl Columns {
    /// Binds `record`'s code, columns and status, in that order, to one row
    /// of a multi-row insert: the order both the dossiers and the staging
    /// table list them in.
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
            .push_bind(record.status.code());
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
        }
    }
}

impl StoredDossier {
    /// Whether `record` says anything the database does not.
    pub fn differs_from(&self, record: &DossierRecord) -> bool {
        self.columns != Columns::of(record) || self.status != record.status.code()
    }

    pub fn received_at(&self) -> Result<DateTime<Utc>, StoreError> {
        parse_time(&self.columns.received_at)
    }
}

/// The outcome of writing one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub id: DossierId,
    pub change: Change,
    /// The status the record brought became current, and it was another before.
    pub moved: Option<Settled>,
}

macro_rules! stored_query {
    () => {
        "SELECT id, code, procedure_code, agency_code, commune_code, channel, received_at, due_at, returned_at, status
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

/// Passes every stored dossier to `each`, one at a time: an import compares a
/// whole file against the table without holding the table in memory.
pub async fn for_each_stored(
    conn: &mut SqliteConnection,
    mut each: impl FnMut(StoredDossier),
) -> Result<(), StoreError> {
    let mut rows = sqlx::query_as::<_, StoredDossier>(stored_query!()).fetch(conn);
    while let Some(row) = rows.try_next().await? {
        each(row);
    }
    Ok(())
}

/// When a new record's status began, as well as the record tells: the return
/// for a returned dossier, else the receipt (later events then move it on).
pub fn initial_status_time(record: &DossierRecord) -> DateTime<Utc> {
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
/// A status other than the current one is recorded in the history and
/// [`settle`]d.
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
                moved: None,
            })
        }
        Some(stored) if !stored.differs_from(record) => Ok(Written {
            id: stored.id,
            change: Change::Unchanged,
            moved: None,
        }),
        Some(stored) => update_dossier(conn, &stored, record, source, now).await,
    }
}

async fn update_dossier(
    conn: &mut SqliteConnection,
    stored: &StoredDossier,
    record: &DossierRecord,
    source: Source,
    now: DateTime<Utc>,
) -> Result<Written, StoreError> {
    let c = Columns::of(record);
    sqlx::query(
        "UPDATE dossiers SET procedure_code = ?, agency_code = ?, commune_code = ?, channel = ?, received_at = ?,
             due_at = ?, returned_at = ?, updated_at = ?
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
    .bind(stored.id)
    .execute(&mut *conn)
    .await?;
    let mut moved = None;
    if stored.status != record.status.code() {
        let at = time_text(changed_status_time(record, now));
        insert_event(
            &mut *conn,
            stored.id,
            None,
            record.status,
            &at,
            None,
            source,
        )
        .await?;
        moved = settle(conn, &[stored.id], now)
            .await?
            .into_iter()
            .find(|s| s.status_changed);
    }
    Ok(Written {
        id: stored.id,
        change: Change::Updated,
        moved,
    })
}

/// Inserts new dossiers, each with its first history row, many per statement.
pub async fn insert_dossiers(
    conn: &mut SqliteConnection,
    records: &[DossierRecord],
    source: Source,
    now: DateTime<Utc>,
) -> Result<Vec<DossierId>, StoreError> {
    // 11 parameters a row keeps each statement well under SQLite's 32766.
    const ROWS_PER_STATEMENT: usize = 500;
    let updated_at = time_text(now);
    let mut ids = Vec::with_capacity(records.len());
    for chunk in records.chunks(ROWS_PER_STATEMENT) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO dossiers (code, procedure_code, agency_code, commune_code, channel, received_at, due_at,
                 returned_at, status, status_at, updated_at) ",
        );
        insert.push_values(chunk, |mut row, record| {
            Columns::push_record(&mut row, record);
            row.push_bind(time_text(initial_status_time(record)))
                .push_bind(updated_at.clone());
        });
        insert.push(" RETURNING id");
        let chunk_ids: Vec<DossierId> = insert.build_query_scalar().fetch_all(&mut *conn).await?;
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
/// takes the event's time as that date.
pub async fn settle(
    conn: &mut SqliteConnection,
    ids: &[DossierId],
    now: DateTime<Utc>,
) -> Result<Vec<Settled>, StoreError> {
    #[derive(FromRow)]
    struct Newest {
        id: DossierId,
        was: i64,
        was_at: String,
        status: i64,
        at: String,
    }
    let ids = serde_json::to_string(ids).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // dossier_events_by_dossier (dossier_id, at) holds the rowid too, so
    // "newest time, then last arrived" is one backward step in the index.
    let newest: Vec<Newest> = sqlx::query_as(
        "SELECT d.id, d.status AS was, d.status_at AS was_at, e.status, e.at
         FROM json_each(?) j
         JOIN dossiers d ON d.id = j.value
         JOIN dossier_events e ON e.id = (
             SELECT x.id FROM dossier_events x WHERE x.dossier_id = d.id ORDER BY x.at DESC, x.id DESC LIMIT 1)",
    )
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    let updated_at = time_text(now);
    let mut moved = Vec::new();
    for row in newest {
        if (row.was, row.was_at.as_str()) == (row.status, row.at.as_str()) {
            continue;
        }
        let status = Status::from_code(row.status)
            .map_err(|_| StoreError::Corrupt("dossier_events.status".into()))?;
        sqlx::query(
            "UPDATE dossiers SET status = ?1, status_at = ?2, updated_at = ?3,
                 returned_at = CASE WHEN ?1 = ?4 AND returned_at IS NULL THEN ?2 ELSE returned_at END
             WHERE id = ?5",
        )
        .bind(row.status)
        .bind(&row.at)
        .bind(&updated_at)
        .bind(Status::Returned.code())
        .bind(row.id)
        .execute(&mut *conn)
        .await?;
        moved.push(Settled {
            id: row.id,
            status,
            at: parse_time(&row.at)?,
            status_changed: row.was != row.status,
        });
    }
    Ok(moved)
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
    /// Recorded; `moved` when it became the current status and that status is new.
    Recorded { moved: Option<Settled> },
}

pub async fn record_event(
    conn: &mut SqliteConnection,
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
        event.note.as_deref(),
        source,
    )
    .await?;
    if !new {
        return Ok(EventOutcome::Duplicate);
    }
    let moved = settle(conn, &[dossier_id], now)
        .await?
        .into_iter()
        .find(|s| s.status_changed);
    Ok(EventOutcome::Recorded { moved })
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

/// A look-up's row as stored, before its text is read.
#[derive(FromRow)]
struct ViewRow {
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
        })
    }
}

macro_rules! view_query {
    () => {
        "SELECT d.id, d.code, d.procedure_code,
        p.name_vi AS procedure_vi, p.name_en AS procedure_en, p.name_km AS procedure_km,
        a.name_vi AS agency_vi, a.name_en AS agency_en, a.name_km AS agency_km,
        d.channel, d.received_at, d.due_at, d.returned_at, d.status, d.status_at
    FROM dossiers d JOIN procedures p ON p.code = d.procedure_code JOIN agencies a ON a.code = d.agency_code"
    };
}

pub async fn find_dossier(
    conn: &mut SqliteConnection,
    code: &DossierCode,
) -> Result<Option<DossierView>, StoreError> {
    let row: Option<ViewRow> = sqlx::query_as(concat!(view_query!(), " WHERE d.code = ?"))
        .bind(code.as_str())
        .fetch_optional(conn)
        .await?;
    row.map(DossierView::try_from).transpose()
}

pub async fn find_dossier_by_id(
    conn: &mut SqliteConnection,
    id: DossierId,
) -> Result<Option<DossierView>, StoreError> {
    let row: Option<ViewRow> = sqlx::query_as(concat!(view_query!(), " WHERE d.id = ?"))
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
        let names = Names {
            vi: "x".into(),
            en: "x".into(),
            km: "x".into(),
        };
        let mut tx = store.begin_write().await.expect("tx");
        let agency = Agency {
            code: AgencyCode::parse("A").expect("code"),
            names: names.clone(),
            commune: None,
            staff_chat_id: None,
        };
        catalog::upsert_agency(&mut tx, &agency)
            .await
            .expect("agency");
        let procedure = Procedure {
            code: ProcedureCode::parse("P").expect("code"),
            names,
            sector: "s".into(),
            processing_days: 1,
        };
        catalog::upsert_procedure(&mut tx, &procedure)
            .await
            .expect("procedure");
        tx.commit().await.expect("commit");
        Fixture { store, _dir: dir }
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
            };
            let outcome = record_event(&mut tx, id, &event, Source::Api, Utc::now())
                .await
                .expect("recorded");
            tx.commit().await.expect("commit");
            changed.push(matches!(
                outcome,
                EventOutcome::Recorded {
                    moved: Some(Settled {
                        status_changed: true,
                        ..
                    })
                }
            ));
        }
        changed
    }

    async fn dossier_with(store: &Store, status: Status) -> DossierId {
        let mut tx = store.begin_write().await.expect("tx");
        let ids = insert_dossiers(
            &mut tx,
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
        // record written at `now`.
        let later = (Utc::now() + chrono::TimeDelta::hours(2)).to_rfc3339();
        send(&f.store, id, &[("e1", Status::ResultReady, &later)]).await;
        let mut tx = f.store.begin_write().await.expect("tx");
        let written = write_dossier(
            &mut tx,
            &record("D-1", Status::Processing),
            Source::Api,
            Utc::now(),
        )
        .await
        .expect("written");
        tx.commit().await.expect("commit");
        assert_eq!((written.change, written.moved), (Change::Updated, None));
        assert_eq!(current(&f.store).await.0, Status::ResultReady);
    }
}
