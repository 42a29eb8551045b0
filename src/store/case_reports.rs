//! Cases read for those outside the chat: the deadline job's open cases near
//! their due day and what it already told about them, the API's pages, the
//! export, and the facts behind Decision 766's feedback figures. Whole cases
//! are read with `cases::CASE_COLUMNS`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AssertSqlSafe, FromRow, SqliteConnection};

use super::cases::{CASE_COLUMNS, Case, CaseRow};
use super::rollup::{BindSlice, Slice};
use super::{StoreError, time_text};
use crate::domain::case::{CaseNumber, CaseState, DeadlineStage};
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{CaseFacts, FeedbackTally, GroupBy};
use crate::domain::{CaseId, ChatId, DossierId, UserId};

const DAY: &str = "%Y-%m-%d";

fn day_text(day: NaiveDate) -> String {
    day.format(DAY).to_string()
}

fn parse_day(raw: &str, what: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(raw, DAY).map_err(|_| StoreError::Corrupt(format!("cases.{what}")))
}

/// The open states as a JSON array, for `IN (SELECT value FROM json_each(?))`:
/// which states are open is `CaseState::is_open`'s call alone.
fn open_states() -> String {
    let open: Vec<&str> = CaseState::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    serde_json::Value::from(open).to_string()
}

/// An open case the deadline job may have to tell someone about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub id: CaseId,
    pub number: CaseNumber,
    pub state: CaseState,
    pub due_day: NaiveDate,
    pub assignee: Option<UserId>,
    /// The staff chat of the agency that holds it, if it has one.
    pub agency_chat: Option<ChatId>,
    /// The stages already told for this due day.
    pub told: Vec<DeadlineStage>,
}

/// At most this many cases per tick of the deadline job, closest deadline first.
const PENDING_BATCH: i64 = 200;

/// Open, routed cases due on or before `horizon` that were not yet escalated
/// for their current due day, closest deadline first.
pub async fn pending(
    conn: &mut SqliteConnection,
    horizon: NaiveDate,
) -> Result<Vec<Pending>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        id: CaseId,
        number: String,
        state: String,
        due_day: String,
        assignee: Option<UserId>,
        staff_chat_id: Option<ChatId>,
        told: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.id, c.number, c.state, c.due_day, c.assignee, a.staff_chat_id,
                (SELECT group_concat(x.stage) FROM case_alerts x
                 WHERE x.case_id = c.id AND x.due_day = c.due_day) AS told
         FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code
         WHERE c.state IN (SELECT value FROM json_each(?1)) AND c.held = 0 AND c.due_day <= ?2
           AND NOT EXISTS (SELECT 1 FROM case_alerts x WHERE x.case_id = c.id
                           AND x.due_day = c.due_day AND x.stage = 'overdue')
         ORDER BY c.due_day, c.id LIMIT ?3",
    )
    .bind(open_states())
    .bind(day_text(horizon))
    .bind(PENDING_BATCH)
    .fetch_all(conn)
    .await?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("cases.{what}"));
    rows.into_iter()
        .map(|row| {
            let told = row.told.unwrap_or_default();
            Ok(Pending {
                id: row.id,
                number: CaseNumber::parse(&row.number).map_err(|_| corrupt("number"))?,
                state: CaseState::parse(&row.state).map_err(|_| corrupt("state"))?,
                due_day: parse_day(&row.due_day, "due_day")?,
                assignee: row.assignee,
                agency_chat: row.staff_chat_id,
                told: [
                    DeadlineStage::HalfTime,
                    DeadlineStage::LastDay,
                    DeadlineStage::Overdue,
                ]
                .into_iter()
                .filter(|s| told.split(',').any(|t| t == s.as_str()))
                .collect(),
            })
        })
        .collect()
}

/// Records that `stage` of the case's `due_day` was told; false when it
/// already was (another process got there first), and then nothing is sent.
pub async fn record_alert(
    conn: &mut SqliteConnection,
    id: CaseId,
    due_day: NaiveDate,
    stage: DeadlineStage,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO case_alerts (case_id, due_day, stage, at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(day_text(due_day))
    .bind(stage.as_str())
    .bind(time_text(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// At most this many unrated cases closed per tick.
const UNRATED_BATCH: i64 = 200;

/// Answered cases whose answer came before `before` and that nobody rated.
pub async fn unrated(
    conn: &mut SqliteConnection,
    before: DateTime<Utc>,
) -> Result<Vec<CaseId>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM cases WHERE state = ? AND answered_at < ? ORDER BY answered_at LIMIT ?",
    )
    .bind(CaseState::Answered.as_str())
    .bind(time_text(before))
    .bind(UNRATED_BATCH)
    .fetch_all(conn)
    .await?)
}

/// Where a page of the API's list starts: after this case in update order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub updated_at: DateTime<Utc>,
    pub id: CaseId,
}

/// Up to `limit` cases updated at or after `since`, after `cursor`, oldest
/// update first, and the cursor of the next page if there is more.
pub async fn page(
    conn: &mut SqliteConnection,
    since: Option<DateTime<Utc>>,
    cursor: Option<Cursor>,
    limit: u32,
) -> Result<(Vec<Case>, Option<Cursor>), StoreError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases
         WHERE (?1 IS NULL OR updated_at >= ?1)
           AND (?2 IS NULL OR updated_at > ?2 OR (updated_at = ?2 AND id > ?3))
         ORDER BY updated_at, id LIMIT ?4"
    );
    let rows: Vec<CaseRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(since.map(time_text))
        .bind(cursor.map(|c| time_text(c.updated_at)))
        .bind(cursor.map(|c| c.id))
        .bind(i64::from(limit) + 1)
        .fetch_all(conn)
        .await?;
    let mut cases = rows
        .into_iter()
        .map(Case::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let more = cases.len() > limit as usize;
    cases.truncate(limit as usize);
    let next = more.then(|| cases.last()).flatten().map(|last| Cursor {
        updated_at: last.updated_at,
        id: last.id,
    });
    Ok((cases, next))
}

/// The codes of these dossiers, for cases that concern one.
pub async fn dossier_codes(
    conn: &mut SqliteConnection,
    cases: &[Case],
) -> Result<HashMap<DossierId, String>, StoreError> {
    let ids: Vec<i64> = cases
        .iter()
        .filter_map(|c| c.dossier.map(|d| d.0))
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(DossierId, String)> = sqlx::query_as(
        "SELECT id, code FROM dossiers WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::Value::from(ids).to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().collect())
}

/// Cases opened from `from` to `to` (days in Vietnam, both included; `None`
/// an open end) within `slice` (a case's commune and channel are its
/// dossier's), by number.
pub async fn opened_in(
    conn: &mut SqliteConnection,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    slice: &Slice,
) -> Result<Vec<Case>, StoreError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases
         WHERE (?1 IS NULL OR opened_day >= ?1) AND (?2 IS NULL OR opened_day <= ?2)
           AND {CASE_SLICE}
         ORDER BY opened_day, day_seq"
    );
    let rows: Vec<CaseRow> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(from.map(day_text))
        .bind(to.map(day_text))
        .bind_slice(slice)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Case::try_from).collect()
}

/// The conditions of a [`Slice`] on `cases`, bound as ?3..?6: a case's
/// commune and channel are its dossier's.
const CASE_SLICE: &str = "(?3 IS NULL OR agency_code IN (SELECT value FROM json_each(?3)))
           AND (?4 IS NULL OR procedure_code = ?4)
           AND (?5 IS NULL OR coalesce((SELECT d.commune_code FROM dossiers d WHERE d.id = cases.dossier_id), '-') = ?5)
           AND (?6 IS NULL OR (SELECT d.channel FROM dossiers d WHERE d.id = cases.dossier_id) = ?6)";

/// A case as Decision 766's feedback figures and the export read it.
pub fn facts(case: &Case) -> CaseFacts {
    CaseFacts {
        state: case.state,
        held: case.held,
        opened_day: case.number.day(),
        due_day: case.due_day,
        answered_day: case.answered_at.map(local_date),
        reopened: case.reopened,
        rating: case.rating,
    }
}

/// A case as read, with what its dossier adds to group it by.
#[derive(FromRow)]
struct Grouped {
    #[sqlx(flatten)]
    case: CaseRow,
    commune_code: Option<String>,
    channel: Option<String>,
}

/// What a case's dossier, if any, adds to group it by.
struct Dossier {
    commune: Option<String>,
    channel: Option<String>,
}

/// The group of `case`; by month, the month of `day` (its opening or its due
/// day, whichever the figure counts by). Cases without the grouping's value
/// (the province's intake, no dossier) go under `-`.
fn group(case: &Case, dossier: &Dossier, by: Option<GroupBy>, day: NaiveDate) -> String {
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    match by {
        None => "all".to_owned(),
        Some(GroupBy::Agency) => or_dash(&case.agency),
        Some(GroupBy::Procedure) => or_dash(&case.procedure),
        Some(GroupBy::Commune) => or_dash(&dossier.commune),
        Some(GroupBy::Month) => day.format("%Y-%m").to_string(),
        Some(GroupBy::Channel) => or_dash(&dossier.channel),
    }
}

/// Decision 766's feedback tally per group: cases due in `[from, to)` (days
/// in Vietnam) for the on-time share, cases opened then for satisfaction, as
/// they stand on `today`; `slice` narrows them as it narrows the index (a
/// case's commune and channel are its dossier's).
pub async fn feedback(
    conn: &mut SqliteConnection,
    by: Option<GroupBy>,
    (from, to): (NaiveDate, NaiveDate),
    slice: &Slice,
    today: NaiveDate,
) -> Result<HashMap<String, FeedbackTally>, StoreError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS},
                (SELECT d.commune_code FROM dossiers d WHERE d.id = cases.dossier_id) AS commune_code,
                (SELECT d.channel FROM dossiers d WHERE d.id = cases.dossier_id) AS channel
         FROM cases
         WHERE ((opened_day >= ?1 AND opened_day < ?2) OR (due_day >= ?1 AND due_day < ?2))
           AND {CASE_SLICE}"
    );
    let rows: Vec<Grouped> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(day_text(from))
        .bind(day_text(to))
        .bind_slice(slice)
        .fetch_all(conn)
        .await?;
    let within = |day: NaiveDate| from <= day && day < to;
    let mut tallies: HashMap<String, FeedbackTally> = HashMap::new();
    for row in rows {
        let dossier = Dossier {
            commune: row.commune_code,
            channel: row.channel,
        };
        let case = Case::try_from(row.case)?;
        let facts = facts(&case);
        if within(facts.due_day) {
            tallies
                .entry(group(&case, &dossier, by, facts.due_day))
                .or_default()
                .add_due(&facts, today);
        }
        if within(facts.opened_day) {
            tallies
                .entry(group(&case, &dossier, by, facts.opened_day))
                .or_default()
                .add_opened(&facts, today);
        }
    }
    Ok(tallies)
}
