//! When the status source was last asked about the dossiers it told us of,
//! since when it has not known those it dropped, and which of them to ask
//! about again.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{StoreError, parse_time, time_text};
use crate::domain::{DossierCode, DossierId, Status};

/// After the source has said for this many days of asks that it does not
/// know a dossier it once told of, the refresh gives up on it: the
/// province's system has dropped the code, and asking every
/// `refresh_minutes` for years would crowd out the dossiers it still has. A
/// look-up still asks.
pub const GIVE_UP_AFTER_DAYS: i64 = 7;

/// Records that the source was asked about `dossier` at `at`, and knew it.
pub async fn asked(
    conn: &mut SqliteConnection,
    dossier: DossierId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO pull_asks (dossier_id, asked_at) VALUES (?, ?)
         ON CONFLICT (dossier_id) DO UPDATE
           SET asked_at = excluded.asked_at, missing_since = NULL, given_up = 0",
    )
    .bind(dossier)
    .bind(time_text(at))
    .execute(conn)
    .await?;
    Ok(())
}

/// The refresh gave up on a dossier ([`not_known`]): its followers are told once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GaveUp {
    pub dossier: DossierId,
}

/// Records that the source, asked about `code` at `at`, said it does not
/// know it: the dossier keeps what it had, and is given up on once that has
/// gone on for [`GIVE_UP_AFTER_DAYS`]; Some on the ask that gives up on it.
/// Nothing to record for a code the source never told of.
pub async fn not_known(
    conn: &mut SqliteConnection,
    code: &DossierCode,
    at: DateTime<Utc>,
) -> Result<Option<GaveUp>, StoreError> {
    // Read before the write: `RETURNING` gives the row as it becomes.
    let before: Option<(DossierId, bool)> = sqlx::query_as(
        "SELECT p.dossier_id, p.given_up FROM pull_asks p JOIN dossiers d ON d.id = p.dossier_id
         WHERE d.code = ?",
    )
    .bind(code.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((dossier, given_up_before)) = before else {
        return Ok(None);
    };
    let given_up: bool = sqlx::query_scalar(
        "UPDATE pull_asks SET asked_at = ?2, missing_since = coalesce(missing_since, ?2),
           given_up = coalesce(missing_since, ?2) < ?3
         WHERE dossier_id = ?1 RETURNING given_up",
    )
    .bind(dossier)
    .bind(time_text(at))
    .bind(time_text(at - chrono::Duration::days(GIVE_UP_AFTER_DAYS)))
    .fetch_one(conn)
    .await?;
    Ok((given_up && !given_up_before).then_some(GaveUp { dossier }))
}

/// The dossier whose id is `$id` has been told of by the status source
/// alone: no import or ingest API call has moved it.
macro_rules! source_alone {
    ($id:literal) => {
        concat!(
            "NOT EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = ",
            $id,
            " AND e.source <> 'pull')"
        )
    };
}

/// The column `$column` of the ask about the dossier whose id is `$id`, as
/// `$alias`; NULL unless the source alone keeps the dossier current.
macro_rules! source_ask_column {
    ($column:literal, $id:literal, $alias:literal) => {
        concat!(
            "(SELECT pa.",
            $column,
            " FROM pull_asks pa WHERE pa.dossier_id = ",
            $id,
            " AND ",
            $crate::store::pull_asks::source_alone!($id),
            ") AS ",
            $alias
        )
    };
}

/// The columns `source_asked_at`, when the status source was last asked
/// about the dossier whose id is `$id`, and `source_missing_since`, since
/// when it has said it does not know it: both NULL unless the source alone
/// keeps the dossier current (at any status, followed or not). A look-up
/// reads them with the dossier ([`super::dossiers::look_up`]).
macro_rules! source_asks_columns {
    ($id:literal) => {
        concat!(
            $crate::store::pull_asks::source_ask_column!("asked_at", $id, "source_asked_at"),
            ", ",
            $crate::store::pull_asks::source_ask_column!(
                "missing_since",
                $id,
                "source_missing_since"
            )
        )
    };
}
pub(super) use {source_alone, source_ask_column, source_asks_columns};

/// Since when the source has not known `dossier`, if the refresh has given
/// up on it and no import or ingest API call has taken it over since: what
/// its followers are told, and only while it is so.
pub async fn given_up_since(
    conn: &mut SqliteConnection,
    dossier: DossierId,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    let since: Option<String> = sqlx::query_scalar(concat!(
        "SELECT p.missing_since FROM pull_asks p WHERE p.dossier_id = ?1 AND p.given_up AND ",
        source_alone!("p.dossier_id")
    ))
    .bind(dossier)
    .fetch_optional(conn)
    .await?
    .flatten();
    since.as_deref().map(parse_time).transpose()
}

/// Whether what the source says of `code` may be kept: it is new here, or
/// no import or ingest API call has moved it.
pub async fn left_to_source(
    conn: &mut SqliteConnection,
    code: &DossierCode,
) -> Result<bool, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
                            WHERE d.code = ? AND e.source <> 'pull')",
    )
    .bind(code.as_str())
    .fetch_one(conn)
    .await?)
}

/// The dossiers the source alone keeps current, `d` with its ask `p`:
/// followed by someone, not at a final status (`?1`: [`final_statuses`]),
/// told of by the source alone, and not given up on ([`not_known`]). A
/// dossier an import or the ingest API has moved is theirs from then on:
/// the source, which does not date what it says, must not move it back.
macro_rules! kept_by_source {
    () => {
        concat!(
            "FROM pull_asks p JOIN dossiers d ON d.id = p.dossier_id
             WHERE d.status NOT IN (SELECT value FROM json_each(?1))
               AND NOT p.given_up
               AND EXISTS (SELECT 1 FROM follows f WHERE f.dossier_id = d.id)
               AND ",
            source_alone!("d.id")
        )
    };
}

/// The codes of the final statuses, as the JSON array `kept_by_source!` reads.
fn final_statuses() -> String {
    let finals: Vec<String> = Status::ALL
        .iter()
        .filter(|s| s.is_final())
        .map(|s| s.code().to_string())
        .collect();
    format!("[{}]", finals.join(","))
}

/// Up to `limit` of the dossiers the source alone keeps current (see
/// `kept_by_source!`) to ask it about again: those last asked before
/// `asked_before`, the longest unasked first.
pub async fn due(
    conn: &mut SqliteConnection,
    asked_before: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<DossierCode>, StoreError> {
    let codes: Vec<String> = sqlx::query_scalar(concat!(
        "SELECT d.code ",
        kept_by_source!(),
        " AND p.asked_at < ?2 ORDER BY p.asked_at LIMIT ?3"
    ))
    .bind(final_statuses())
    .bind(time_text(asked_before))
    .bind(limit)
    .fetch_all(conn)
    .await?;
    codes
        .iter()
        .map(|code| {
            DossierCode::parse(code)
                .map_err(|_| StoreError::Corrupt(format!("dossier code {code}")))
        })
        .collect()
}

/// When the source was asked about the dossier it keeps current that has
/// waited longest; None when it keeps none.
pub async fn oldest_ask(conn: &mut SqliteConnection) -> Result<Option<DateTime<Utc>>, StoreError> {
    let oldest: Option<String> =
        sqlx::query_scalar(concat!("SELECT min(p.asked_at) ", kept_by_source!()))
            .bind(final_statuses())
            .fetch_one(conn)
            .await?;
    oldest.as_deref().map(parse_time).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadline::Deadlines;
    use crate::store::dossiers::tests::{at, fixture, record};
    use crate::store::dossiers::{Source, StatusEvent, record_event, write_dossier};

    /// The ask that crosses the week gives up, once; asks before it and
    /// after it do not, and a code never told of records nothing.
    #[tokio::test]
    async fn not_known_gives_up_once_on_the_ask_a_week_on() {
        let fixture = fixture().await;
        let code = DossierCode::parse("000.00.01.H12-261101-0001").expect("code");
        let first = at("2026-11-02T08:00:00Z");
        let mut tx = fixture.store.begin_write().await.expect("tx");
        let written = write_dossier(
            &mut tx,
            &Deadlines::default(),
            &record(code.as_str(), Status::Processing),
            Source::Pull,
            first,
        )
        .await
        .expect("written");
        asked(&mut tx, written.id, first).await.expect("asked");
        let day = chrono::Duration::days(1);
        let week = chrono::Duration::days(GIVE_UP_AFTER_DAYS);
        let mut gave_up = Vec::new();
        for when in [
            first + day,
            first + day + week - chrono::Duration::minutes(1),
            first + day + week + chrono::Duration::minutes(1),
            first + day + week + day,
        ] {
            gave_up.push(not_known(&mut tx, &code, when).await.expect("kept"));
        }
        let dossier = written.id;
        assert_eq!(gave_up, [None, None, Some(GaveUp { dossier }), None]);
        assert_eq!(
            given_up_since(&mut tx, dossier).await.expect("read"),
            Some(first + day)
        );
        let unknown = DossierCode::parse("000.00.01.H12-261101-0002").expect("code");
        let never = not_known(&mut tx, &unknown, first + week * 2).await;
        assert_eq!(never.expect("nothing to record"), None);
        // The feed takes the dossier over: it is no longer the source's.
        let event = StatusEvent {
            event_id: "e1".into(),
            status: Status::SupplementRequested,
            at: first + week * 2,
            note: None,
            new_due_at: None,
            delay_reason: None,
        };
        let deadlines = Deadlines::default();
        record_event(&mut tx, &deadlines, dossier, &event, Source::Api, event.at)
            .await
            .expect("recorded");
        assert_eq!(given_up_since(&mut tx, dossier).await.expect("read"), None);
        tx.rollback().await.expect("rolled back");
    }
}
