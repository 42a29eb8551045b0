//! The aggregate queries behind the satisfaction index.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, SqliteConnection};

use super::{StoreError, time_text};
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{GroupBy, GroupFigures};

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

/// The grouping expressions over `response_rollup` and over `dossiers`.
fn group_expressions(by: Option<GroupBy>) -> (&'static str, &'static str) {
    match by {
        None => ("'all'", "'all'"),
        Some(GroupBy::Agency) => ("agency_code", "agency_code"),
        Some(GroupBy::Procedure) => ("procedure_code", "procedure_code"),
        Some(GroupBy::Commune) => ("commune_code", "coalesce(commune_code, '-')"),
        // The month in Vietnam, where the dossier was returned.
        Some(GroupBy::Month) => (
            "substr(day, 1, 7)",
            "substr(datetime(returned_at, '+7 hours'), 1, 7)",
        ),
        Some(GroupBy::Channel) => ("channel", "channel"),
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
    let scope = agencies.map(|codes| serde_json::Value::from(codes.to_vec()).to_string());
    let (rollup_group, dossier_group) = group_expressions(by);
    let means: Vec<String> = (1..=9)
        .map(|i| format!("sum(idx{i}_sum) * 1.0 / nullif(sum(idx{i}_n), 0) AS m{i}"))
        .collect();
    // Expressions and level names come from closed enums, never from input.
    let responses = format!(
        "SELECT {rollup_group} AS grp, sum(responses) AS responses, sum(verified) AS verified,
                sum(very_satisfied) AS l1, sum(satisfied) AS l2, sum(neutral) AS l3,
                sum(not_satisfied) AS l4, sum(very_not_satisfied) AS l5, {},
                sum(total_sum) / nullif(sum(total_n), 0) AS mean_total
         FROM response_rollup
         WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR agency_code IN (SELECT value FROM json_each(?3)))
         GROUP BY 1 HAVING sum(responses) > 0",
        means.join(", ")
    );
    let returned = format!(
        "SELECT {dossier_group} AS grp, count(*) AS returned FROM dossiers WHERE status = 10 AND returned_at >= ?1 AND returned_at < ?2
           AND (?3 IS NULL OR agency_code IN (SELECT value FROM json_each(?3))) GROUP BY 1"
    );
    #[derive(sqlx::FromRow)]
    struct Responses {
        grp: String,
        responses: i64,
        verified: i64,
        l1: i64,
        l2: i64,
        l3: i64,
        l4: i64,
        l5: i64,
        m1: Option<f64>,
        m2: Option<f64>,
        m3: Option<f64>,
        m4: Option<f64>,
        m5: Option<f64>,
        m6: Option<f64>,
        m7: Option<f64>,
        m8: Option<f64>,
        m9: Option<f64>,
        mean_total: Option<f64>,
    }
    #[derive(sqlx::FromRow)]
    struct Returned {
        grp: String,
        returned: i64,
    }
    let mut groups: BTreeMap<String, GroupFigures> = BTreeMap::new();
    let rows: Vec<Responses> = sqlx::query_as(AssertSqlSafe(responses))
        .bind(local_date(from).to_string())
        .bind(local_date(to).to_string())
        .bind(&scope)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        groups.insert(
            row.grp.clone(),
            GroupFigures {
                group: row.grp,
                responses: row.responses,
                verified: row.verified,
                returned: 0,
                levels: [row.l1, row.l2, row.l3, row.l4, row.l5],
                index_means: [
                    row.m1, row.m2, row.m3, row.m4, row.m5, row.m6, row.m7, row.m8, row.m9,
                ],
                mean_total: row.mean_total,
            },
        );
    }
    let rows: Vec<Returned> = sqlx::query_as(AssertSqlSafe(returned))
        .bind(time_text(from))
        .bind(time_text(to))
        .bind(&scope)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let entry = groups.entry(row.grp.clone()).or_default();
        entry.group = row.grp;
        entry.returned = row.returned;
    }
    Ok(groups.into_values().collect())
}
