//! What one view of the dashboard shows, read from the store for one staff
//! member and one set of filters. Every figure comes from
//! `domain::satisfaction`; nothing is computed here.

use chrono::{NaiveDate, Utc};
use sqlx::SqliteConnection;

use super::Dashboard;
use super::filters::Filters;
use crate::domain::Language;
use crate::domain::deadline::LateTally;
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{GroupBy, IndexRow};
use crate::store::rollup::{self, Slice};
use crate::store::survey::{self, AnswerCount, LowRating};
use crate::store::{StoreError, catalog, lateness};

/// How many low ratings' comments the page lists.
const COMMENTS_SHOWN: i64 = 10;

pub struct View {
    /// The whole selection; None when no dossier or response is in it.
    pub overall: Option<IndexRow>,
    /// One row per group of the table's grouping.
    pub groups: Vec<IndexRow>,
    pub months: Vec<IndexRow>,
    pub answers: Vec<AnswerCount>,
    /// Per agency: code, name, tally of the dossiers promised in the period.
    pub late: Vec<(String, String, LateTally)>,
    pub comments: Vec<LowRating>,
    /// The agencies the person may pick: code and name.
    pub agencies: Vec<(String, String)>,
}

/// The index rows of `by` for `filters` within `slice`, named in `lang`:
/// what the page's table and the exports show.
pub async fn index_rows(
    conn: &mut SqliteConnection,
    dashboard: &Dashboard,
    filters: &Filters,
    slice: &Slice,
    by: Option<GroupBy>,
    lang: Language,
) -> Result<Vec<IndexRow>, StoreError> {
    let figures = rollup::figures_of(conn, by, filters.bounds(), slice).await?;
    let rules = filters.rules(dashboard.index);
    let mut rows: Vec<IndexRow> = figures
        .iter()
        .map(|f| IndexRow::from_figures(f, &rules))
        .collect();
    for row in &mut rows {
        row.name = catalog::group_name(conn, by, &row.group, lang).await?;
    }
    Ok(rows)
}

pub async fn gather(
    conn: &mut SqliteConnection,
    dashboard: &Dashboard,
    filters: &Filters,
    readable: Option<&[String]>,
    lang: Language,
) -> Result<View, StoreError> {
    let slice = filters.slice(readable);
    let overall = index_rows(conn, dashboard, filters, &slice, None, lang)
        .await?
        .into_iter()
        .next();
    let groups = index_rows(conn, dashboard, filters, &slice, Some(filters.by), lang).await?;
    let months = index_rows(conn, dashboard, filters, &slice, Some(GroupBy::Month), lang).await?;
    let answers = survey::answer_counts(conn, &slice, filters.days(), filters.verified).await?;
    let promised = lateness::promised_between(conn, filters.from, filters.to).await?;
    let today: NaiveDate = local_date(Utc::now());
    let late = lateness::late_per_agency(&promised, &dashboard.deadlines, today)
        .into_iter()
        .filter(|(code, _)| slice.agencies.as_ref().is_none_or(|a| a.contains(code)))
        .map(|(code, (names, tally))| (code, names.get(lang).to_owned(), tally))
        .collect();
    let (from, to) = filters.bounds();
    let latest = survey::LowRatingFilter {
        agencies: slice.agencies.as_deref(),
        from,
        to,
    };
    let comments = survey::low_ratings_page(conn, &latest, None, COMMENTS_SHOWN).await?;
    let mut agencies: Vec<(String, String)> = catalog::agency_names(conn)
        .await?
        .into_iter()
        .filter(|(code, _)| readable.is_none_or(|r| r.contains(code)))
        .map(|(code, names)| (code, names.get(lang).to_owned()))
        .collect();
    agencies.sort();
    Ok(View {
        overall,
        groups,
        months,
        answers,
        late,
        comments,
        agencies,
    })
}
