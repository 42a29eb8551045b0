//! The aggregate queries behind the satisfaction index: counted responses
//! from their rollups (keyed by the return day in Vietnam, stored with each
//! response: the levels in `response_rollup`, the Circular 01 scores per
//! index number in `index_rollup`), the dossiers returned in the period for
//! the response rate, Decision 766 and index 2, from their own per-day
//! rollup, and the feedback cases of the period for its feedback figures.
//! Which dossier was late is the deadline module's call, made when the
//! dossier was settled.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::query::QueryAs;
use sqlx::sqlite::SqliteArguments;
use sqlx::{AssertSqlSafe, FromRow, Sqlite, SqliteConnection};

use super::{StoreError, case_reports};
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{DossierTally, GroupBy, GroupFigures, INDICES, Measure};

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

/// Figures per group for dossiers returned in `[from, to)` (whole days in
/// Vietnam): counted responses only (not held for review, not replaced).
/// `agencies` limits them to those agencies, for staff who may read only some.
pub async fn figures(
    conn: &mut SqliteConnection,
    by: Option<GroupBy>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    agencies: Option<&[String]>,
) -> Result<Vec<GroupFigures>, StoreError> {
    let slice = Slice {
        agencies: agencies.map(<[String]>::to_vec),
        ..Slice::default()
    };
    figures_of(conn, by, (from, to), &slice).await
}

/// Which responses, dossiers and cases the figures count, besides the period:
/// within some agencies (staff who may read only some), of one procedure, one
/// commune (`-` for none), one channel. `None` does not narrow.
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

/// Binds a [`Slice`] as the next four parameters, in the order every
/// query's slice conditions read them (agencies, procedure, commune,
/// channel: ?3..?6 after the two days).
pub trait BindSlice<'q> {
    fn bind_slice(self, slice: &'q Slice) -> Self;
}

impl<'q, O> BindSlice<'q> for QueryAs<'q, Sqlite, O, SqliteArguments> {
    fn bind_slice(self, slice: &'q Slice) -> Self {
        self.bind(slice.agencies_json())
            .bind(&slice.procedure)
            .bind(&slice.commune)
            .bind(&slice.channel)
    }
}

/// The conditions of a [`Slice`] on a rollup table's columns, bound as ?3..?6.
const SLICED: &str = "(?3 IS NULL OR agency_code IN (SELECT value FROM json_each(?3)))
           AND (?4 IS NULL OR procedure_code = ?4) AND (?5 IS NULL OR coalesce(commune_code, '-') = ?5)
           AND (?6 IS NULL OR channel = ?6)";

/// [`figures`] for the responses, dossiers and cases of `slice`.
pub async fn figures_of(
    conn: &mut SqliteConnection,
    by: Option<GroupBy>,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    slice: &Slice,
) -> Result<Vec<GroupFigures>, StoreError> {
    // Expressions, columns and level names come from closed enums, never
    // from input.
    let responses = format!(
        "SELECT {} AS grp, sum(responses) AS responses, sum(verified) AS verified,
                sum(very_satisfied) AS l1, sum(satisfied) AS l2, sum(neutral) AS l3,
                sum(not_satisfied) AS l4, sum(very_not_satisfied) AS l5,
                sum(verified_very_satisfied) AS v1, sum(verified_satisfied) AS v2,
                sum(verified_neutral) AS v3, sum(verified_not_satisfied) AS v4,
                sum(verified_very_not_satisfied) AS v5
         FROM response_rollup
         WHERE day >= ?1 AND day < ?2 AND {SLICED}
         GROUP BY 1 HAVING sum(responses) > 0",
        rollup_group(by),
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
    }
    let (first_day, end_day) = (local_date(from).to_string(), local_date(to).to_string());
    let mut groups: BTreeMap<String, GroupFigures> = BTreeMap::new();
    let rows: Vec<Responses> = sqlx::query_as(AssertSqlSafe(responses))
        .bind(&first_day)
        .bind(&end_day)
        .bind_slice(slice)
        .fetch_all(&mut *conn)
        .await?;
    let mut means = index_means(conn, by, (&first_day, &end_day), slice).await?;
    for counts in rows {
        let index_means = means.remove(&counts.grp).unwrap_or_default();
        groups.insert(
            counts.grp.clone(),
            GroupFigures {
                group: counts.grp,
                responses: counts.responses,
                verified: counts.verified,
                levels: [counts.l1, counts.l2, counts.l3, counts.l4, counts.l5],
                verified_levels: [counts.v1, counts.v2, counts.v3, counts.v4, counts.v5],
                index_means,
                dossiers: DossierTally::default(),
                feedback: Default::default(),
            },
        );
    }
    for (group, tally) in returned_dossiers(conn, by, (&first_day, &end_day), slice).await? {
        let entry = groups.entry(group.clone()).or_default();
        entry.group = group;
        entry.dossiers = tally;
    }
    let days = (local_date(from), local_date(to));
    let today = local_date(Utc::now());
    for (group, tally) in case_reports::feedback(conn, by, days, slice, today).await? {
        let entry = groups.entry(group.clone()).or_default();
        entry.group = group;
        entry.feedback = tally;
    }
    Ok(groups.into_values().collect())
}

/// The mean score of each index the responses measure, per group, from
/// `index_rollup` over the days `[from, to)`: by the index's place in
/// [`INDICES`]; an index number the list does not measure from responses
/// (a score left from an older list) is not read.
async fn index_means(
    conn: &mut SqliteConnection,
    by: Option<GroupBy>,
    days: (&str, &str),
    slice: &Slice,
) -> Result<BTreeMap<String, [Option<f64>; INDICES.len()]>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        grp: String,
        index_no: i64,
        score_sum: i64,
        scored: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {} AS grp, index_no, sum(score_sum) AS score_sum, sum(scored) AS scored
         FROM index_rollup
         WHERE day >= ?1 AND day < ?2 AND {SLICED}
         GROUP BY 1, 2 HAVING sum(scored) > 0",
        rollup_group(by)
    )))
    .bind(days.0)
    .bind(days.1)
    .bind_slice(slice)
    .fetch_all(conn)
    .await?;
    let mut means: BTreeMap<String, [Option<f64>; INDICES.len()]> = BTreeMap::new();
    for row in rows {
        let place = usize::try_from(row.index_no - 1).ok();
        let Some(place) = place.filter(|&p| {
            INDICES
                .get(p)
                .is_some_and(|i| matches!(i.measure, Measure::Responses(_)))
        }) else {
            continue;
        };
        means.entry(row.grp).or_default()[place] = Some(row.score_sum as f64 / row.scored as f64);
    }
    Ok(means)
}

/// Decision 766's and index 2's tally per group of the dossiers returned in
/// `[from, to)`, from their lateness as decided when each was settled
/// (see [`super::dossier_days`]).
async fn returned_dossiers(
    conn: &mut SqliteConnection,
    by: Option<GroupBy>,
    days: (&str, &str),
    slice: &Slice,
) -> Result<Vec<(String, DossierTally)>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        grp: String,
        returned: i64,
        late: i64,
        late_apologized: i64,
        disliked: i64,
        stepped: i64,
        steps_on_time: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {} AS grp, sum(returned) AS returned, sum(late) AS late,
                sum(late_apologized) AS late_apologized, sum(disliked) AS disliked,
                sum(stepped) AS stepped, sum(steps_on_time) AS steps_on_time
         FROM dossier_days
         WHERE day >= ?1 AND day < ?2 AND {SLICED}
         GROUP BY 1 HAVING sum(returned) > 0",
        rollup_group(by)
    )))
    .bind(days.0)
    .bind(days.1)
    .bind_slice(slice)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let tally = DossierTally {
                returned: r.returned,
                late: r.late,
                late_apologized: r.late_apologized,
                disliked: r.disliked,
                stepped: r.stepped,
                steps_on_time: r.steps_on_time,
            };
            (r.grp, tally)
        })
        .collect())
}
