//! What one view of the dashboard shows, read from the store for one staff
//! member and one set of filters. Every figure comes from
//! `domain::satisfaction`; nothing is computed here.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::SqliteConnection;

use super::Dashboard;
use super::filters::Filters;
use crate::domain::case::{Actor, CaseEvent, CaseNumber, CaseState, may_handle};
use crate::domain::deadline::LateTally;
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{GroupBy, IndexRow};
use crate::domain::{Language, Role, UserId, collation};
use crate::store::cases::{self, Case, Listing};
use crate::store::rollup::{self, Slice};
use crate::store::survey::{self, AnswerCount, LowRating};
use crate::store::{StoreError, catalog, lateness, parse_time};

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
    /// The open feedback cases the person may read, earliest deadline first.
    pub open_cases: Vec<Case>,
    /// Today in Vietnam: a case due before it is overdue.
    pub today: NaiveDate,
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
    role: &Role,
    reader: UserId,
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
    let promised = lateness::promised_between(conn, filters.from, filters.to, &slice).await?;
    let today: NaiveDate = local_date(Utc::now());
    let late = lateness::late_per_agency(&promised, &dashboard.deadlines, today)
        .into_iter()
        .map(|(code, (names, tally))| (code, names.get(lang).to_owned(), tally))
        .collect();
    let open_cases = cases::list(conn, Listing::Open, today, reader)
        .await?
        .into_iter()
        .filter(|case| may_read(role, slice.agencies.as_deref(), case))
        .collect();
    let (from, to) = filters.bounds();
    let latest = survey::LowRatingFilter {
        agencies: slice.agencies.as_deref(),
        from,
        to,
    };
    let comments = survey::low_ratings_page(conn, &latest, None, COMMENTS_SHOWN).await?;
    let agencies = agencies(conn, readable, lang).await?;
    Ok(View {
        overall,
        groups,
        months,
        answers,
        late,
        open_cases,
        today,
        comments,
        agencies,
    })
}

/// The agencies the person may pick in the filters, code and name, in the
/// Vietnamese order of their names: an official looks for a name.
pub async fn agencies(
    conn: &mut SqliteConnection,
    readable: Option<&[String]>,
    lang: Language,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut agencies: Vec<(String, String)> = catalog::agency_names(conn)
        .await?
        .into_iter()
        .filter(|(code, _)| readable.is_none_or(|r| r.contains(code)))
        .map(|(code, names)| (code, names.get(lang).to_owned()))
        .collect();
    collation::sort_by_name(&mut agencies, |(code, name)| (name, code));
    Ok(agencies)
}

/// Whether someone of `role` may read `case` on the dashboard: as in the
/// chat, those who may handle it ([`may_handle`]: a held case waits for
/// admins), within the page's agencies (`narrowed`, None: all).
fn may_read(role: &Role, narrowed: Option<&[String]>, case: &Case) -> bool {
    let agency = case.agency.as_deref();
    may_handle(role, agency, case.held)
        && narrowed.is_none_or(|codes| agency.is_some_and(|a| codes.iter().any(|c| c == a)))
}

/// One move of a case, as its history page shows it.
pub struct Move {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// The staff member or admin; never the citizen.
    pub user: Option<UserId>,
    pub event: CaseEvent,
    pub from: Option<CaseState>,
    pub to: CaseState,
    pub note: Option<String>,
}

/// The case numbered `raw` and its moves, oldest first, if `role` may
/// read it; None alike when it does not exist and when it is not theirs.
pub async fn case_history(
    conn: &mut SqliteConnection,
    raw: &str,
    role: &Role,
) -> Result<Option<(Case, Vec<Move>)>, StoreError> {
    let Ok(number) = CaseNumber::parse(raw) else {
        return Ok(None);
    };
    let Some(case) = cases::by_number(conn, number)
        .await?
        .filter(|case| may_read(role, None, case))
    else {
        return Ok(None);
    };
    let corrupt = |what: &str| StoreError::Corrupt(format!("case_events.{what}"));
    let moves = cases::history(conn, case.id)
        .await?
        .into_iter()
        .map(|row| {
            Ok(Move {
                at: parse_time(&row.at)?,
                actor: Actor::parse(&row.actor).map_err(|_| corrupt("actor"))?,
                user: row.actor_user,
                event: CaseEvent::parse(&row.action).map_err(|_| corrupt("action"))?,
                from: row
                    .from_state
                    .as_deref()
                    .map(CaseState::parse)
                    .transpose()
                    .map_err(|_| corrupt("from_state"))?,
                to: CaseState::parse(&row.to_state).map_err(|_| corrupt("to_state"))?,
                note: row.note,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some((case, moves)))
}
