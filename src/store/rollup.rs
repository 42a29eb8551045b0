//! The aggregate queries behind the satisfaction index: counted responses
//! from the rollup (keyed by the return day in Vietnam, stored with each
//! response), and the dossiers returned in the period for the response rate
//! and Decision 766. Which dossier was late is the deadline module's call.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, FromRow, SqliteConnection};

use super::{StoreError, parse_time, time_text};
use crate::domain::deadline::{DeadlineFacts, Deadlines, waits};
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{DossierTally, GroupBy, GroupFigures};
use crate::domain::{DossierId, Status};

/// Bounds that hold every stored time; times are compared as RFC 3339 text,
/// which sorts as time does only for four-digit years.
pub fn all_time() -> (DateTime<Utc>, DateTime<Utc>) {
    let at = |year, month, day| {
        chrono::NaiveDate::from_ymd_opt(year, month, day)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
            .unwrap_or_default()
    };
    (at(1970, 1, 1), at(9999, 12, 31))
}

/// The grouping expression over `response_rollup`.
fn rollup_group(by: Option<GroupBy>) -> &'static str {
    match by {
        None => "'all'",
        Some(GroupBy::Agency) => "agency_code",
        Some(GroupBy::Procedure) => "procedure_code",
        Some(GroupBy::Commune) => "commune_code",
        Some(GroupBy::Month) => "substr(day, 1, 7)",
        Some(GroupBy::Channel) => "channel",
    }
}

/// A dossier returned in the period, as Decision 766 reads it.
#[derive(FromRow)]
struct Returned {
    id: DossierId,
    agency_code: String,
    procedure_code: String,
    commune_code: Option<String>,
    channel: String,
    status: i64,
    due_at: String,
    returned_at: String,
    new_due_at: Option<String>,
    delay_reason: Option<String>,
    /// Drew a counted low rating.
    disliked: bool,
    /// Went through status 5 or 6: its waits are read.
    waited: bool,
}

impl Returned {
    /// The group of the dossier; the month is the one in Vietnam.
    fn group(&self, by: Option<GroupBy>, returned: DateTime<Utc>) -> String {
        match by {
            None => "all".to_owned(),
            Some(GroupBy::Agency) => self.agency_code.clone(),
            Some(GroupBy::Procedure) => self.procedure_code.clone(),
            Some(GroupBy::Commune) => self.commune_code.clone().unwrap_or_else(|| "-".into()),
            Some(GroupBy::Month) => local_date(returned).format("%Y-%m").to_string(),
            Some(GroupBy::Channel) => self.channel.clone(),
        }
    }
}

/// Which dossiers the figures count, besides the period: within some
/// agencies (staff who may read only some), of one procedure, one commune
/// (`-` for none), one channel. `None` does not narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slice {
    pub agencies: Option<Vec<String>>,
    pub procedure: Option<String>,
    pub commune: Option<String>,
    pub channel: Option<String>,
}

impl Slice {
    /// The agencies as the JSON array the queries read with `json_each`.
    pub fn agencies_json(&self) -> Option<String> {
        self.agencies
            .as_ref()
            .map(|codes| serde_json::Value::from(codes.clone()).to_string())
    }
}

/// Figures per group for dossiers returned in `[from, to)` (whole days in
/// Vietnam): counted responses only (not held for review, not replaced).
/// `agencies` limits them to those agencies, for staff who may read only some.
pub async fn figures(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    by: Option<GroupBy>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    agencies: Option<&[String]>,
) -> Result<Vec<GroupFigures>, StoreError> {
    let slice = Slice {
        agencies: agencies.map(<[String]>::to_vec),
        ..Slice::default()
    };
    figures_of(conn, deadlines, by, (from, to), &slice).await
}

/// [`figures`] for the dossiers of `slice`.
pub async fn figures_of(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    by: Option<GroupBy>,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    slice: &Slice,
) -> Result<Vec<GroupFigures>, StoreError> {
    let scope = slice.agencies_json();
    let means: Vec<String> = (1..=9)
        .map(|i| format!("sum(idx{i}_sum) * 1.0 / nullif(sum(idx{i}_n), 0) AS m{i}"))
        .collect();
    // Expressions and level names come from closed enums, never from input.
    let responses = format!(
        "SELECT {} AS grp, sum(responses) AS responses, sum(verified) AS verified,
                sum(very_satisfied) AS l1, sum(satisfied) AS l2, sum(neutral) AS l3,
                sum(not_satisfied) AS l4, sum(very_not_satisfied) AS l5,
                sum(verified_very_satisfied) AS v1, sum(verified_satisfied) AS v2,
                sum(verified_neutral) AS v3, sum(verified_not_satisfied) AS v4,
                sum(verified_very_not_satisfied) AS v5, {}
         FROM response_rollup
         WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR agency_code IN (SELECT value FROM json_each(?3)))
           AND (?4 IS NULL OR procedure_code = ?4) AND (?5 IS NULL OR commune_code = ?5)
           AND (?6 IS NULL OR channel = ?6)
         GROUP BY 1 HAVING sum(responses) > 0",
        rollup_group(by),
        means.join(", ")
    );
    #[derive(FromRow)]
    struct Responses {
        grp: String,
        responses: i64,
        verified: i64,
        l1: i64,
        l2: i64,
        l3: i64,
        l4: i64,
        l5: i64,
        v1: i64,
        v2: i64,
        v3: i64,
        v4: i64,
        v5: i64,
        m1: Option<f64>,
        m2: Option<f64>,
        m3: Option<f64>,
        m4: Option<f64>,
        m5: Option<f64>,
        m6: Option<f64>,
        m7: Option<f64>,
        m8: Option<f64>,
        m9: Option<f64>,
    }
    let mut groups: BTreeMap<String, GroupFigures> = BTreeMap::new();
    let rows: Vec<Responses> = sqlx::query_as(AssertSqlSafe(responses))
        .bind(local_date(from).to_string())
        .bind(local_date(to).to_string())
        .bind(&scope)
        .bind(&slice.procedure)
        .bind(&slice.commune)
        .bind(&slice.channel)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        groups.insert(
            row.grp.clone(),
            GroupFigures {
                group: row.grp,
                responses: row.responses,
                verified: row.verified,
                levels: [row.l1, row.l2, row.l3, row.l4, row.l5],
                verified_levels: [row.v1, row.v2, row.v3, row.v4, row.v5],
                index_means: [
                    row.m1, row.m2, row.m3, row.m4, row.m5, row.m6, row.m7, row.m8, row.m9,
                ],
                dossiers: DossierTally::default(),
            },
        );
    }
    for (group, tally) in returned_dossiers(conn, deadlines, by, (from, to), slice).await? {
        let entry = groups.entry(group.clone()).or_default();
        entry.group = group;
        entry.dossiers = tally;
    }
    Ok(groups.into_values().collect())
}

/// Decision 766's tally per group of the dossiers returned in `[from, to)`.
async fn returned_dossiers(
    conn: &mut SqliteConnection,
    deadlines: &Deadlines,
    by: Option<GroupBy>,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    slice: &Slice,
) -> Result<HashMap<String, DossierTally>, StoreError> {
    const RETURNED: &str = "d.status = 10 AND d.returned_at >= ?1 AND d.returned_at < ?2
        AND (?3 IS NULL OR d.agency_code IN (SELECT value FROM json_each(?3)))
        AND (?4 IS NULL OR d.procedure_code = ?4) AND (?5 IS NULL OR coalesce(d.commune_code, '-') = ?5)
        AND (?6 IS NULL OR d.channel = ?6)";
    let scope = slice.agencies_json();
    let rows: Vec<Returned> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT d.id, d.agency_code, d.procedure_code, d.commune_code, d.channel, d.status, d.due_at,
                d.returned_at, d.new_due_at, d.delay_reason,
                EXISTS (SELECT 1 FROM responses r WHERE r.dossier_id = d.id AND r.held = 0
                        AND r.superseded_by IS NULL
                        AND r.overall IN ('not_satisfied', 'very_not_satisfied')) AS disliked,
                EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id
                        AND e.status IN (5, 6)) AS waited
         FROM dossiers d WHERE {RETURNED}"
    )))
    .bind(time_text(from))
    .bind(time_text(to))
    .bind(&scope)
    .bind(&slice.procedure)
    .bind(&slice.commune)
    .bind(&slice.channel)
    .fetch_all(&mut *conn)
    .await?;
    // Only dossiers that waited for the citizen have waits to read.
    #[derive(FromRow)]
    struct Event {
        dossier_id: DossierId,
        status: i64,
        at: String,
    }
    let events: Vec<Event> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT e.dossier_id, e.status, e.at FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
         WHERE {RETURNED} AND EXISTS (SELECT 1 FROM dossier_events w WHERE w.dossier_id = d.id
                                      AND w.status IN (5, 6))
         ORDER BY e.dossier_id, e.at, e.id"
    )))
    .bind(time_text(from))
    .bind(time_text(to))
    .bind(&scope)
    .bind(&slice.procedure)
    .bind(&slice.commune)
    .bind(&slice.channel)
    .fetch_all(&mut *conn)
    .await?;
    let corrupt = |what: &str| StoreError::Corrupt(what.to_owned());
    let status = |code| Status::from_code(code).map_err(|_| corrupt("status"));
    let mut histories: HashMap<DossierId, Vec<(Status, DateTime<Utc>)>> = HashMap::new();
    for event in events {
        histories
            .entry(event.dossier_id)
            .or_default()
            .push((status(event.status)?, parse_time(&event.at)?));
    }
    let mut tallies: HashMap<String, DossierTally> = HashMap::new();
    for row in rows {
        let returned_at = parse_time(&row.returned_at)?;
        let history = if row.waited {
            histories
                .get(&row.id)
                .map(Vec::as_slice)
                .unwrap_or_default()
        } else {
            &[]
        };
        let facts = DeadlineFacts {
            status: status(row.status)?,
            due_at: row.due_at.parse().map_err(|_| corrupt("dossiers.due_at"))?,
            returned_at: Some(returned_at),
            new_due_at: row
                .new_due_at
                .as_deref()
                .map(|d| d.parse().map_err(|_| corrupt("dossiers.new_due_at")))
                .transpose()?,
            delay_reason: row.delay_reason.clone(),
            waits: waits(history),
        };
        let late = deadlines.late_by(&facts, local_date(returned_at)).is_some();
        tallies.entry(row.group(by, returned_at)).or_default().add(
            late,
            facts.apology().is_some(),
            row.disliked,
        );
    }
    Ok(tallies)
}
