//! What the late report reads: the deadline facts of dossiers promised in a
//! period, with their agency. Whether each is late is the deadline module's
//! call, not SQL's.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AssertSqlSafe, FromRow, SqliteConnection};

use super::catalog::Names;
use super::rollup::{BindSlice, Slice};
use super::{StoreError, parse_time};
use crate::domain::deadline::{DeadlineFacts, Deadlines, LateTally, waits};
use crate::domain::{DossierId, Status};

/// The columns of `dossiers` its deadline is computed from; read with
/// `#[sqlx(flatten)]` beside whatever else a query needs.
#[derive(FromRow)]
pub(super) struct FactsRow {
    status: i64,
    due_at: String,
    returned_at: Option<String>,
    new_due_at: Option<String>,
    delay_reason: Option<String>,
}

impl FactsRow {
    /// The facts, with the waits read from `history` (statuses in order).
    pub(super) fn facts(
        self,
        history: &[(Status, DateTime<Utc>)],
    ) -> Result<DeadlineFacts, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(what.to_owned());
        Ok(DeadlineFacts {
            status: Status::from_code(self.status).map_err(|_| corrupt("dossiers.status"))?,
            due_at: self
                .due_at
                .parse()
                .map_err(|_| corrupt("dossiers.due_at"))?,
            returned_at: self.returned_at.as_deref().map(parse_time).transpose()?,
            new_due_at: self
                .new_due_at
                .map(|d| d.parse().map_err(|_| corrupt("dossiers.new_due_at")))
                .transpose()?,
            delay_reason: self.delay_reason,
            waits: waits(history),
        })
    }
}

/// A dossier promised in the period, with its agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promised {
    pub agency_code: String,
    pub agency: Names,
    pub facts: DeadlineFacts,
}

/// The conditions of a [`Slice`] on `dossiers d`, bound as ?3..?6.
const DOSSIER_SLICE: &str = "(?3 IS NULL OR d.agency_code IN (SELECT value FROM json_each(?3)))
           AND (?4 IS NULL OR d.procedure_code = ?4)
           AND (?5 IS NULL OR coalesce(d.commune_code, '-') = ?5)
           AND (?6 IS NULL OR d.channel = ?6)";

/// Dossiers of `slice` whose first promised date is in `[from, to]`, in id order.
pub async fn promised_between(
    conn: &mut SqliteConnection,
    from: NaiveDate,
    to: NaiveDate,
    slice: &Slice,
) -> Result<Vec<Promised>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        id: DossierId,
        agency_code: String,
        name_vi: String,
        name_en: String,
        name_km: String,
        #[sqlx(flatten)]
        facts: FactsRow,
    }
    #[derive(FromRow)]
    struct Event {
        dossier_id: DossierId,
        status: i64,
        at: String,
    }
    let (from, to) = (from.to_string(), to.to_string());
    // Only the constant above is formatted in.
    let rows: Vec<Row> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT d.id, d.agency_code, a.name_vi, a.name_en, a.name_km, d.status, d.due_at, d.returned_at,
                d.new_due_at, d.delay_reason
         FROM dossiers d JOIN agencies a ON a.code = d.agency_code
         WHERE d.due_at >= ?1 AND d.due_at <= ?2 AND {DOSSIER_SLICE} ORDER BY d.id"
    )))
    .bind(&from)
    .bind(&to)
    .bind_slice(slice)
    .fetch_all(&mut *conn)
    .await?;
    // Only statuses 5 and 6 and the one after each matter, but the history
    // is short: all of it is read, in the order `settle` reads it.
    let events: Vec<Event> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT e.dossier_id, e.status, e.at FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
         WHERE d.due_at >= ?1 AND d.due_at <= ?2 AND {DOSSIER_SLICE} ORDER BY e.dossier_id, e.at, e.id"
    )))
    .bind(&from)
    .bind(&to)
    .bind_slice(slice)
    .fetch_all(conn)
    .await?;
    let corrupt = |what: &str| StoreError::Corrupt(what.to_owned());
    let status = |code| Status::from_code(code).map_err(|_| corrupt("status"));
    let mut events = events.into_iter().peekable();
    let mut promised = Vec::with_capacity(rows.len());
    for row in rows {
        let mut history = Vec::new();
        while let Some(event) = events.next_if(|e| e.dossier_id <= row.id) {
            if event.dossier_id == row.id {
                history.push((status(event.status)?, parse_time(&event.at)?));
            }
        }
        promised.push(Promised {
            agency_code: row.agency_code,
            agency: Names {
                vi: row.name_vi,
                en: row.name_en,
                km: row.name_km,
            },
            facts: row.facts.facts(&history)?,
        });
    }
    Ok(promised)
}

/// Per agency code, its names and how many of `promised` were late as of
/// `today` (working days), with how many got a Form 04 apology: what
/// `hailong report late` prints and the dashboard shows.
pub fn late_per_agency(
    promised: &[Promised],
    deadlines: &Deadlines,
    today: NaiveDate,
) -> BTreeMap<String, (Names, LateTally)> {
    let mut tallies: BTreeMap<String, (Names, LateTally)> = BTreeMap::new();
    for dossier in promised {
        let Some(days) = deadlines.late_by(&dossier.facts, today) else {
            continue;
        };
        tallies
            .entry(dossier.agency_code.clone())
            .or_insert_with(|| (dossier.agency.clone(), LateTally::default()))
            .1
            .add(days, dossier.facts.apology().is_some());
    }
    tallies
}
