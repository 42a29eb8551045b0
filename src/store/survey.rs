//! Survey invitations, responses and their answers.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::dossiers::{self, DossierView, ViewRow};
use super::outbox::{self, LOW_RATING_ALERT, Notification};
use super::rollup::{BindSlice, Slice};
use super::{StoreError, follows, now_text, parse_time, time_text};
use crate::domain::moment::local_date;
use crate::domain::satisfaction::{self, AnswerTo, IndexScore, Source};
use crate::domain::{Channel, ChatId, DossierId, Level, ResponseId, Scale, UserId};

/// Invites every reachable follower of a returned dossier who has not been
/// invited and has not answered; returns how many.
pub async fn invite_followers(
    conn: &mut SqliteConnection,
    dossier_id: i64,
) -> Result<u64, StoreError> {
    let now = now_text();
    let invitation = Notification::SurveyInvitation {
        dossier_id: DossierId(dossier_id),
    };
    let payload = invitation.payload()?;
    let queued = sqlx::query(
        "INSERT INTO outbox (chat_id, kind, payload, not_before, created_at)
         SELECT f.user_id, ?1, ?2, ?3, ?3 FROM follows f JOIN citizens c ON c.user_id = f.user_id
         WHERE f.dossier_id = ?4 AND c.unreachable_since IS NULL
           AND NOT EXISTS (SELECT 1 FROM survey_invites i WHERE i.dossier_id = f.dossier_id AND i.chat_id = f.user_id)
           AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.dossier_id = f.dossier_id AND r.user_id = f.user_id)",
    )
    .bind(invitation.kind())
    .bind(payload)
    .bind(&now)
    .bind(dossier_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO survey_invites (dossier_id, chat_id, invited_at)
         SELECT dossier_id, user_id, ? FROM follows WHERE dossier_id = ?
         ON CONFLICT (dossier_id, chat_id) DO NOTHING",
    )
    .bind(&now)
    .bind(dossier_id)
    .execute(conn)
    .await?;
    Ok(queued.rows_affected())
}

/// Queues one reminder for each invitation older than `before` that got no
/// answer and no reminder yet; returns how many.
pub async fn remind_unanswered(
    conn: &mut SqliteConnection,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let now = now_text();
    let due: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT i.dossier_id, i.chat_id FROM survey_invites i
         WHERE i.reminded_at IS NULL AND i.invited_at < ?
           AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.dossier_id = i.dossier_id AND r.user_id = i.chat_id)
           AND NOT EXISTS (SELECT 1 FROM citizens c WHERE c.user_id = i.chat_id AND c.unreachable_since IS NOT NULL)",
    )
    .bind(time_text(before))
    .fetch_all(&mut *conn)
    .await?;
    for (dossier_id, chat_id) in &due {
        let reminder = Notification::SurveyReminder {
            dossier_id: DossierId(*dossier_id),
        };
        outbox::enqueue(&mut *conn, ChatId(*chat_id), &reminder, Utc::now()).await?;
        sqlx::query(
            "UPDATE survey_invites SET reminded_at = ? WHERE dossier_id = ? AND chat_id = ?",
        )
        .bind(&now)
        .bind(dossier_id)
        .bind(chat_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(due.len() as u64)
}

/// What the dossier's own history says, for the indices nobody is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierFacts {
    pub agency_code: String,
    pub procedure_code: String,
    pub commune_code: Option<String>,
    pub channel: Channel,
    pub returned_at: Option<DateTime<Utc>>,
    pub supplement_requests: i64,
}

/// The columns a [`FactsRow`] reads, of the dossier `d`.
macro_rules! facts_columns {
    () => {
        "d.agency_code, d.procedure_code, d.commune_code, d.channel, d.returned_at,
         (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.status = 5)
             AS supplement_requests"
    };
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    agency_code: String,
    procedure_code: String,
    commune_code: Option<String>,
    channel: String,
    returned_at: Option<String>,
    supplement_requests: i64,
}

impl TryFrom<FactsRow> for DossierFacts {
    type Error = StoreError;

    fn try_from(row: FactsRow) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(what.to_owned());
        Ok(Self {
            agency_code: row.agency_code,
            procedure_code: row.procedure_code,
            commune_code: row.commune_code,
            channel: Channel::parse(&row.channel).map_err(|_| corrupt("dossiers.channel"))?,
            returned_at: row.returned_at.as_deref().map(parse_time).transpose()?,
            supplement_requests: row.supplement_requests,
        })
    }
}

pub async fn dossier_facts(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
) -> Result<Option<DossierFacts>, StoreError> {
    let row: Option<FactsRow> = sqlx::query_as(concat!(
        "SELECT ",
        facts_columns!(),
        " FROM dossiers d WHERE d.id = ?"
    ))
    .bind(dossier_id)
    .fetch_optional(conn)
    .await?;
    row.map(DossierFacts::try_from).transpose()
}

/// What a tap on a level needs to know, read in one statement, as every
/// rating starts here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingContext {
    pub view: DossierView,
    pub facts: DossierFacts,
    /// The citizen's current response to the dossier, with when it was made.
    pub current: Option<(ResponseId, DateTime<Utc>)>,
    /// Whether they follow the dossier through the receipt's signed link.
    pub verified: bool,
    /// Their responses since the time asked for that count (not held), the
    /// current one left out, as it is about to be replaced: for the daily limit.
    pub counted_since: i64,
}

/// The dossier `dossier_id` as `user` rates it, their responses counted
/// since `since`.
pub async fn rating_context(
    conn: &mut SqliteConnection,
    dossier_id: DossierId,
    user: UserId,
    since: DateTime<Utc>,
) -> Result<Option<RatingContext>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        // The view and the facts share some columns, read twice alike.
        #[sqlx(flatten)]
        view: ViewRow,
        #[sqlx(flatten)]
        facts: FactsRow,
        current_id: Option<ResponseId>,
        current_at: Option<String>,
        verified: bool,
        counted_since: i64,
    }
    let row: Option<Row> = sqlx::query_as(concat!(
        "SELECT ",
        dossiers::view_columns!(),
        ", ",
        facts_columns!(),
        ", cur.id AS current_id, cur.created_at AS current_at, ",
        follows::following_column!(verified: "?2", "d.id"),
        ", (SELECT count(*) FROM responses r
            WHERE r.user_id = ?2 AND r.created_at >= ?3 AND r.held = 0
              AND r.superseded_by IS NULL AND r.id IS NOT cur.id) AS counted_since ",
        dossiers::view_from!(),
        " LEFT JOIN responses cur
            ON cur.dossier_id = d.id AND cur.user_id = ?2 AND cur.superseded_by IS NULL
         WHERE d.id = ?1"
    ))
    .bind(dossier_id)
    .bind(user)
    .bind(time_text(since))
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let current = match (row.current_id, row.current_at) {
        (Some(id), Some(at)) => Some((id, parse_time(&at)?)),
        _ => None,
    };
    Ok(Some(RatingContext {
        view: DossierView::try_from(row.view)?,
        facts: DossierFacts::try_from(row.facts)?,
        current,
        verified: row.verified,
        counted_since: row.counted_since,
    }))
}

/// The column `rated`: the overall level the person whose id is `$user`
/// gave the dossier whose id is `$dossier` (parameters, or a column such as
/// `"d.id"`), NULL if they did not rate it; read with [`parse_rated`]. A
/// look-up reads it with the dossier ([`super::dossiers::look_up`]).
macro_rules! rated_column {
    ($dossier:literal, $user:literal) => {
        concat!(
            "(SELECT overall FROM responses WHERE dossier_id = ",
            $dossier,
            " AND user_id = ",
            $user,
            " AND superseded_by IS NULL) AS rated"
        )
    };
}
pub(super) use rated_column;

/// A level as [`rated_column!`] reads it.
pub(super) fn parse_rated(rated: Option<String>) -> Result<Option<Level>, StoreError> {
    rated
        .map(|key| {
            Level::from_key(&key).ok_or_else(|| StoreError::Corrupt("responses.overall".into()))
        })
        .transpose()
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewResponse<'a> {
    pub dossier_id: DossierId,
    pub user_id: UserId,
    pub verified: bool,
    pub held: bool,
    pub scale: Scale,
    pub overall: Level,
    /// The Circular 01 scores known without asking, from the dossier's
    /// facts ([`satisfaction::response_scores`]).
    pub scores: Vec<IndexScore>,
    pub facts: &'a DossierFacts,
}

/// Records a response; a current one it replaces becomes history.
pub async fn insert_response(
    conn: &mut SqliteConnection,
    response: &NewResponse<'_>,
    replaces: Option<ResponseId>,
) -> Result<ResponseId, StoreError> {
    let now = now_text();
    let facts = response.facts;
    let returned_at = facts.returned_at.unwrap_or_else(Utc::now);
    let id: ResponseId = sqlx::query_scalar(
        "INSERT INTO responses (dossier_id, user_id, verified, held, scale, overall,
             agency_code, procedure_code, commune_code, channel, returned_at, return_day, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(response.dossier_id)
    .bind(response.user_id)
    .bind(response.verified)
    .bind(response.held)
    .bind(i64::from(u8::from(response.scale)))
    .bind(response.overall.key())
    .bind(&facts.agency_code)
    .bind(&facts.procedure_code)
    .bind(&facts.commune_code)
    .bind(facts.channel.code())
    .bind(time_text(returned_at))
    // The rollup's key: the return day in Vietnam, computed here, not in SQL.
    .bind(local_date(returned_at).to_string())
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *conn)
    .await?;
    write_scores(&mut *conn, id, &response.scores).await?;
    if let Some(old) = replaces {
        sqlx::query("UPDATE responses SET superseded_by = ? WHERE id = ?")
            .bind(id)
            .bind(old)
            .execute(conn)
            .await?;
    }
    Ok(id)
}

/// An answer to one of the optional questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Convenience(Level),
    Attitude(Level),
    Agencies(i64),
    Comment(String),
}

impl Answer {
    /// The scores the answer gives, to whichever indices [`INDICES`] says
    /// the question measures.
    ///
    /// [`INDICES`]: crate::domain::satisfaction::INDICES
    fn scores(&self) -> Vec<IndexScore> {
        let given = match self {
            Self::Attitude(level) => Some((AnswerTo::Attitude, level.score())),
            Self::Agencies(score) => Some((AnswerTo::Agencies, *score)),
            Self::Convenience(_) | Self::Comment(_) => None,
        };
        let Some((asked, score)) = given else {
            return Vec::new();
        };
        satisfaction::response_scores(|source| (source == Source::Answer(asked)).then_some(score))
    }
}

pub async fn record_answer(
    conn: &mut SqliteConnection,
    response_id: ResponseId,
    answer: &Answer,
) -> Result<(), StoreError> {
    let now = now_text();
    let query = match answer {
        Answer::Convenience(level) => {
            sqlx::query("UPDATE responses SET convenience = ?, updated_at = ? WHERE id = ?")
                .bind(level.key())
        }
        Answer::Attitude(level) => {
            sqlx::query("UPDATE responses SET attitude = ?, updated_at = ? WHERE id = ?")
                .bind(level.key())
        }
        Answer::Agencies(score) => {
            sqlx::query("UPDATE responses SET agencies = ?, updated_at = ? WHERE id = ?")
                .bind(score)
        }
        Answer::Comment(text) => {
            sqlx::query("UPDATE responses SET comment = ?, updated_at = ? WHERE id = ?").bind(text)
        }
    };
    query
        .bind(&now)
        .bind(response_id)
        .execute(&mut *conn)
        .await?;
    write_scores(conn, response_id, &answer.scores()).await
}

/// Stores `scores` of a response, replacing any it had for those indices;
/// the triggers on `response_scores` move the index rollup. One statement
/// whatever the number of scores, none when there are none.
async fn write_scores(
    conn: &mut SqliteConnection,
    response_id: ResponseId,
    scores: &[IndexScore],
) -> Result<(), StoreError> {
    if scores.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO response_scores (response_id, index_no, score)
         SELECT ?1, value ->> 0, value ->> 1 FROM json_each(?2)
         WHERE true
         ON CONFLICT (response_id, index_no) DO UPDATE SET score = excluded.score",
    )
    .bind(response_id)
    // `[[index_no, score], …]`: numbers only, so written here, not escaped.
    .bind(format!(
        "[{}]",
        scores
            .iter()
            .map(|s| format!("[{},{}]", s.index_no, s.score))
            .collect::<Vec<_>>()
            .join(",")
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Queues the alert of a low rating to the agency's staff chat, if it has one;
/// sent after `delay` so that the comment can ride along.
pub async fn queue_low_rating_alert(
    conn: &mut SqliteConnection,
    response_id: ResponseId,
    not_before: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let staff_chat: Option<ChatId> = sqlx::query_scalar(
        "SELECT a.staff_chat_id FROM responses r JOIN agencies a ON a.code = r.agency_code
         WHERE r.id = ? AND a.staff_chat_id IS NOT NULL",
    )
    .bind(response_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(staff_chat) = staff_chat else {
        return Ok(false);
    };
    let alert = Notification::LowRatingAlert { response_id };
    outbox::enqueue(conn, staff_chat, &alert, not_before).await?;
    Ok(true)
}

/// A finished survey need not wait: its low-rating alert leaves now.
pub async fn release_low_rating_alert(
    conn: &mut SqliteConnection,
    response_id: ResponseId,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET not_before = ? WHERE kind = ? AND state = 'pending'
           AND json_extract(payload, '$.response_id') = ?",
    )
    .bind(now_text())
    .bind(LOW_RATING_ALERT)
    .bind(response_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a staff alert shows: no personal data, the code and the answers.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ResponseView {
    pub dossier_id: DossierId,
    pub overall: String,
    pub attitude: Option<String>,
    pub agencies: Option<i64>,
    pub comment: Option<String>,
    pub verified: bool,
}

pub async fn response_view(
    conn: &mut SqliteConnection,
    response_id: ResponseId,
) -> Result<Option<ResponseView>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT dossier_id, overall, attitude, agencies, comment, verified FROM responses WHERE id = ?",
    )
    .bind(response_id)
    .fetch_optional(conn)
    .await?)
}

/// A low rating as `/comments` lists it: no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LowRating {
    pub id: ResponseId,
    pub code: String,
    pub agency_code: String,
    pub procedure: super::catalog::Names,
    pub overall: String,
    /// The chips chosen, as stored: comma-separated codes.
    pub went_well: Vec<String>,
    pub went_badly: Vec<String>,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Which low ratings `/comments` reads: within `agencies` if given, made in `from..to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LowRatingFilter<'a> {
    pub agencies: Option<&'a [String]>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// Which way a page of low ratings goes from the rating it starts at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Towards {
    Older,
    Newer,
}

/// Up to `limit` counted low ratings, newest first: the newest of all, or
/// those just older or newer than the rating `from` (keyset paging: pages
/// stay whole while ratings come in, and no rows are skipped over).
pub async fn low_ratings_page(
    conn: &mut SqliteConnection,
    filter: &LowRatingFilter<'_>,
    from: Option<(ResponseId, Towards)>,
    limit: i64,
) -> Result<Vec<LowRating>, StoreError> {
    let scope = filter
        .agencies
        .map(|codes| serde_json::Value::from(codes.to_vec()).to_string());
    #[derive(sqlx::FromRow)]
    struct Row {
        id: ResponseId,
        code: String,
        agency_code: String,
        name_vi: String,
        name_en: String,
        name_km: String,
        overall: String,
        went_well: Option<String>,
        went_badly: Option<String>,
        comment: Option<String>,
        created_at: String,
    }
    // Newer pages are read oldest first from the start, then turned round.
    let (after, order) = match from.map(|(_, towards)| towards) {
        None | Some(Towards::Older) => ("<", "DESC"),
        Some(Towards::Newer) => (">", "ASC"),
    };
    let query = format!(
        "SELECT r.id, d.code, r.agency_code, p.name_vi, p.name_en, p.name_km, r.overall,
                r.went_well, r.went_badly, r.comment, r.created_at
         FROM responses r JOIN dossiers d ON d.id = r.dossier_id JOIN procedures p ON p.code = r.procedure_code
         WHERE r.overall IN ('not_satisfied', 'very_not_satisfied') AND r.held = 0 AND r.superseded_by IS NULL
           AND (?1 IS NULL OR r.agency_code IN (SELECT value FROM json_each(?1)))
           AND r.created_at >= ?2 AND r.created_at < ?3
           AND (?4 IS NULL OR (r.created_at, r.id) {after} (SELECT created_at, id FROM responses WHERE id = ?4))
         ORDER BY r.created_at {order}, r.id {order} LIMIT ?5"
    );
    // Safe: only the two constants above are formatted in.
    let mut rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(scope)
        .bind(time_text(filter.from))
        .bind(time_text(filter.to))
        .bind(from.map(|(id, _)| id))
        .bind(limit)
        .fetch_all(conn)
        .await?;
    if order == "ASC" {
        rows.reverse();
    }
    rows.into_iter()
        .map(|row| {
            Ok(LowRating {
                id: row.id,
                code: row.code,
                agency_code: row.agency_code,
                procedure: super::catalog::Names {
                    vi: row.name_vi,
                    en: row.name_en,
                    km: row.name_km,
                },
                overall: row.overall,
                went_well: split_chips(row.went_well),
                went_badly: split_chips(row.went_badly),
                comment: row.comment,
                created_at: parse_time(&row.created_at)?,
            })
        })
        .collect()
}

/// Which set of chips a question fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipSet {
    WentWell,
    WentBadly,
}

/// The chips chosen so far.
pub async fn chips(
    conn: &mut SqliteConnection,
    response_id: ResponseId,
    set: ChipSet,
) -> Result<Vec<String>, StoreError> {
    let query = match set {
        ChipSet::WentWell => "SELECT went_well FROM responses WHERE id = ?",
        ChipSet::WentBadly => "SELECT went_badly FROM responses WHERE id = ?",
    };
    let chosen: Option<Option<String>> = sqlx::query_scalar(query)
        .bind(response_id)
        .fetch_optional(conn)
        .await?;
    Ok(split_chips(chosen.flatten()))
}

/// Chips are stored as their codes joined by commas.
pub(super) fn split_chips(stored: Option<String>) -> Vec<String> {
    stored
        .unwrap_or_default()
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Adds `chip` if absent, removes it if present.
pub async fn toggle_chip(
    conn: &mut SqliteConnection,
    response_id: ResponseId,
    set: ChipSet,
    chip: &str,
) -> Result<(), StoreError> {
    let mut chosen = chips(&mut *conn, response_id, set).await?;
    match chosen.iter().position(|c| c == chip) {
        Some(i) => {
            chosen.remove(i);
        }
        None => chosen.push(chip.to_owned()),
    }
    let query = match set {
        ChipSet::WentWell => "UPDATE responses SET went_well = ?, updated_at = ? WHERE id = ?",
        ChipSet::WentBadly => "UPDATE responses SET went_badly = ?, updated_at = ? WHERE id = ?",
    };
    sqlx::query(query)
        .bind(Some(chosen.join(",")).filter(|c| !c.is_empty()))
        .bind(now_text())
        .bind(response_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many counted responses gave one answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AnswerCount {
    /// `overall`, `convenience`, `attitude` or `agencies`.
    pub question: String,
    /// A level's word, or for `agencies` the index score `0`..`2`.
    pub answer: String,
    pub count: i64,
}

/// The answers to each question of the counted responses about dossiers
/// returned on the Vietnamese days `[from, to)` within `slice`; only the
/// verified ones when `verified_only`.
pub async fn answer_counts(
    conn: &mut SqliteConnection,
    slice: &Slice,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
    verified_only: bool,
) -> Result<Vec<AnswerCount>, StoreError> {
    const COUNTED: &str = "r.held = 0 AND r.superseded_by IS NULL
        AND r.return_day >= ?1 AND r.return_day < ?2
        AND (?3 IS NULL OR r.agency_code IN (SELECT value FROM json_each(?3)))
        AND (?4 IS NULL OR r.procedure_code = ?4) AND (?5 IS NULL OR coalesce(r.commune_code, '-') = ?5)
        AND (?6 IS NULL OR r.channel = ?6) AND (?7 = 0 OR r.verified = 1)";
    // The question names and columns are fixed here, never taken from input.
    let parts: Vec<String> = [
        ("overall", "r.overall"),
        ("convenience", "r.convenience"),
        ("attitude", "r.attitude"),
        ("agencies", "CAST(r.agencies AS TEXT)"),
    ]
    .iter()
    .map(|(question, column)| {
        format!(
            "SELECT '{question}' AS question, {column} AS answer, count(*) AS count
             FROM responses r WHERE {COUNTED} AND {column} IS NOT NULL GROUP BY 2"
        )
    })
    .collect();
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(
        parts.join(" UNION ALL ") + " ORDER BY 1, 2",
    ))
    .bind(from.to_string())
    .bind(to.to_string())
    .bind_slice(slice)
    .bind(verified_only)
    .fetch_all(conn)
    .await?)
}
