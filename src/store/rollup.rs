//! The aggregate queries behind the satisfaction index.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, Row, SqliteConnection};

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
        Some(GroupBy::District) => ("district_code", "coalesce(district_code, '-')"),
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
        .map(|i| format!("sum(idx{i}_sum) * 1.0 / nullif(sum(idx{i}_n), 0)"))
        .collect();
    // Expressions and level names come from closed enums, never from input.
    let responses = format!(
        "SELECT {rollup_group}, sum(responses), sum(verified), sum(very_satisfied), sum(satisfied), sum(neutral),
                sum(not_satisfied), sum(very_not_satisfied), {}, sum(total_sum) / nullif(sum(total_n), 0)
         FROM response_rollup
         WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR agency_code IN (SELECT value FROM json_each(?3)))
         GROUP BY 1 HAVING sum(responses) > 0",
        means.join(", ")
    );
    let returned = format!(
        "SELECT {dossier_group}, count(*) FROM dossiers WHERE status = 10 AND returned_at >= ?1 AND returned_at < ?2
           AND (?3 IS NULL OR agency_code IN (SELECT value FROM json_each(?3))) GROUP BY 1"
    );
    let mut groups: BTreeMap<String, GroupFigures> = BTreeMap::new();
    let rows = sqlx::query(AssertSqlSafe(responses))
        .bind(local_date(from).to_string())
        .bind(local_date(to).to_string())
        .bind(&scope)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let name: String = row.try_get(0)?;
        let entry = groups.entry(name.clone()).or_default();
        entry.group = name;
        entry.responses = row.try_get(1)?;
        entry.verified = row.try_get(2)?;
        for (i, count) in entry.levels.iter_mut().enumerate() {
            *count = row.try_get(3 + i)?;
        }
        for (i, mean) in entry.index_means.iter_mut().enumerate() {
            *mean = row.try_get(8 + i)?;
        }
        entry.mean_total = row.try_get(17)?;
    }
    let rows = sqlx::query(AssertSqlSafe(returned))
        .bind(time_text(from))
        .bind(time_text(to))
        .bind(&scope)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let name: String = row.try_get(0)?;
        let entry = groups.entry(name.clone()).or_default();
        entry.group = name;
        entry.returned = row.try_get(1)?;
    }
    Ok(groups.into_values().collect())
}
