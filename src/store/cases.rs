//! Citizen feedback cases: opening one under the day's next number, and
//! moving one by `domain::case::after`, with its history row in the same
//! transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::SqliteConnection;

use super::{StoreError, audit, parse_time, time_text};
use crate::domain::audit::{AuditAction, AuditActor};
use crate::domain::case::{
    self, Actor, CaseAction, CaseBody, CaseEvent, CaseKind, CaseNumber, CaseRating, CaseState,
    NotNow, Subject,
};
use crate::domain::moment::local_date;
use crate::domain::{AgencyCode, CaseId, ChatId, DossierId, Language, ProcedureCode, UserId};

/// What a citizen gathered before confirming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub subject: Subject,
    pub dossier: Option<DossierId>,
    pub procedure: Option<ProcedureCode>,
    /// The agency that will hold it; None: the province's intake.
    pub agency: Option<AgencyCode>,
    pub kind: CaseKind,
    pub body: CaseBody,
    pub language: Language,
    pub publish: bool,
    /// Telegram file ids, at most `case::MAX_PHOTOS`.
    pub photos: Vec<String>,
    /// A flood from one account: kept for review, not routed.
    pub held: bool,
    pub due_day: NaiveDate,
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: CaseId,
    pub number: CaseNumber,
    /// "Người dân #k"; None once the citizen erased their data.
    pub citizen_no: Option<i64>,
    pub subject: Subject,
    pub dossier: Option<DossierId>,
    pub procedure: Option<String>,
    pub agency: Option<String>,
    pub kind: CaseKind,
    /// None once erased by retention.
    pub body: Option<String>,
    pub language: Language,
    pub publish: bool,
    pub held: bool,
    pub state: CaseState,
    pub assignee: Option<UserId>,
    pub due_day: NaiveDate,
    pub reopened: bool,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub rating: Option<CaseRating>,
    pub staff_message: Option<(ChatId, i64)>,
    pub opened_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A row of `cases` read with [`CASE_COLUMNS`]; other store modules that
/// list cases read it and turn it into a [`Case`].
#[derive(sqlx::FromRow)]
pub struct CaseRow {
    id: CaseId,
    number: String,
    citizen_no: Option<i64>,
    subject: String,
    dossier_id: Option<DossierId>,
    procedure_code: Option<String>,
    agency_code: Option<String>,
    kind: String,
    body: Option<String>,
    language: String,
    publish: bool,
    held: bool,
    state: String,
    assignee: Option<UserId>,
    due_day: String,
    reopened: bool,
    answer: Option<String>,
    answered_at: Option<String>,
    rating: Option<String>,
    staff_chat_id: Option<ChatId>,
    staff_message_id: Option<i64>,
    opened_at: String,
    updated_at: String,
}

/// The columns `CaseRow` reads, for every query that returns cases. A
/// constant: queries built with it are safe to assert as such.
pub const CASE_COLUMNS: &str = "id, number, citizen_no, subject, dossier_id, procedure_code,
    agency_code, kind, body, language, publish, held, state, assignee, due_day, reopened, answer,
    answered_at, rating, staff_chat_id, staff_message_id, opened_at, updated_at";

impl TryFrom<CaseRow> for Case {
    type Error = StoreError;

    fn try_from(row: CaseRow) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("cases.{what}"));
        Ok(Self {
            id: row.id,
            number: CaseNumber::parse(&row.number).map_err(|_| corrupt("number"))?,
            citizen_no: row.citizen_no,
            subject: Subject::parse(&row.subject).map_err(|_| corrupt("subject"))?,
            dossier: row.dossier_id,
            procedure: row.procedure_code,
            agency: row.agency_code,
            kind: CaseKind::parse(&row.kind).map_err(|_| corrupt("kind"))?,
            body: row.body,
            language: Language::parse(&row.language).map_err(|_| corrupt("language"))?,
            publish: row.publish,
            held: row.held,
            state: CaseState::parse(&row.state).map_err(|_| corrupt("state"))?,
            assignee: row.assignee,
            due_day: NaiveDate::parse_from_str(&row.due_day, "%Y-%m-%d")
                .map_err(|_| corrupt("due_day"))?,
            reopened: row.reopened,
            answer: row.answer,
            answered_at: row.answered_at.as_deref().map(parse_time).transpose()?,
            rating: row
                .rating
                .as_deref()
                .map(CaseRating::parse)
                .transpose()
                .map_err(|_| corrupt("rating"))?,
            staff_message: row.staff_chat_id.zip(row.staff_message_id),
            opened_at: parse_time(&row.opened_at)?,
            updated_at: parse_time(&row.updated_at)?,
        })
    }
}

/// The case numbered `number`, or None.
pub async fn by_number(
    conn: &mut SqliteConnection,
    number: CaseNumber,
) -> Result<Option<Case>, StoreError> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE number = ?");
    let row: Option<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(number.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(Case::try_from).transpose()
}

/// The case with `id`, or None.
pub async fn get(conn: &mut SqliteConnection, id: CaseId) -> Result<Option<Case>, StoreError> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = ?");
    let row: Option<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Case::try_from).transpose()
}

/// The citizen's number within cases ("Người dân #k"), given on their first case.
pub async fn citizen_no(conn: &mut SqliteConnection, chat: ChatId) -> Result<i64, StoreError> {
    sqlx::query("INSERT INTO case_citizens (chat_id) VALUES (?) ON CONFLICT (chat_id) DO NOTHING")
        .bind(chat)
        .execute(&mut *conn)
        .await?;
    Ok(
        sqlx::query_scalar("SELECT no FROM case_citizens WHERE chat_id = ?")
            .bind(chat)
            .fetch_one(conn)
            .await?,
    )
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("ten thousand cases were opened today")]
    DayFull,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Opens a case for the citizen in `chat` under the day's next number.
pub async fn open(
    conn: &mut SqliteConnection,
    chat: ChatId,
    new: &NewCase,
    now: DateTime<Utc>,
) -> Result<(CaseId, CaseNumber), OpenError> {
    let citizen = citizen_no(conn, chat).await?;
    let day = local_date(now);
    let day_text = day.format("%Y-%m-%d").to_string();
    let last: Option<i64> =
        sqlx::query_scalar("SELECT max(day_seq) FROM cases WHERE opened_day = ?")
            .bind(&day_text)
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::from)?;
    let seq = u16::try_from(last.unwrap_or(0) + 1).map_err(|_| OpenError::DayFull)?;
    let number = CaseNumber::new(day, seq).ok_or(OpenError::DayFull)?;
    let at = time_text(now);
    let id: CaseId = sqlx::query_scalar(
        "INSERT INTO cases (number, opened_day, day_seq, citizen_no, subject, dossier_id,
             procedure_code, agency_code, kind, body, language, publish, held, state, due_day,
             opened_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(number.to_string())
    .bind(&day_text)
    .bind(i64::from(seq))
    .bind(citizen)
    .bind(new.subject.as_str())
    .bind(new.dossier)
    .bind(new.procedure.as_ref().map(|p| p.as_str()))
    .bind(new.agency.as_ref().map(|a| a.as_str()))
    .bind(new.kind.as_str())
    .bind(new.body.as_str())
    .bind(new.language.code())
    .bind(new.publish)
    .bind(new.held)
    .bind(CaseState::Received.as_str())
    .bind(new.due_day.format("%Y-%m-%d").to_string())
    .bind(&at)
    .bind(&at)
    .fetch_one(&mut *conn)
    .await
    .map_err(StoreError::from)?;
    for (position, file_id) in (1_i64..).zip(new.photos.iter().take(case::MAX_PHOTOS)) {
        sqlx::query("INSERT INTO case_photos (case_id, position, file_id) VALUES (?, ?, ?)")
            .bind(id)
            .bind(position)
            .bind(file_id)
            .execute(&mut *conn)
            .await
            .map_err(StoreError::from)?;
    }
    let opened = Event {
        actor: Actor::Citizen,
        user: None,
        event: CaseEvent::Open,
        from: None,
        to: CaseState::Received,
        note: None,
    };
    record(conn, id, &opened, now).await?;
    Ok((id, number))
}

/// One row of a case's history.
struct Event<'a> {
    actor: Actor,
    user: Option<UserId>,
    event: CaseEvent,
    from: Option<CaseState>,
    to: CaseState,
    note: Option<&'a str>,
}

async fn record(
    conn: &mut SqliteConnection,
    id: CaseId,
    event: &Event<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO case_events (case_id, at, actor, actor_user, action, from_state, to_state, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(time_text(now))
    .bind(event.actor.as_str())
    .bind(event.user)
    .bind(event.event.as_str())
    .bind(event.from.map(CaseState::as_str))
    .bind(event.to.as_str())
    .bind(event.note)
    .execute(conn)
    .await?;
    Ok(())
}

/// Who acts on a case, and why (a forwarding's reason, a reopening's).
#[derive(Debug, Clone, Copy)]
pub struct Act<'a> {
    pub actor: Actor,
    /// The staff member or admin; never the citizen's id.
    pub user: Option<UserId>,
    pub action: CaseAction,
    pub note: Option<&'a str>,
}

/// Moves the case by `act` as `domain::case::after` says, and records it in
/// its history. An action that does not apply now (a stale button, a second
/// tap) changes nothing and comes back as `Err(NotNow)`. The caller sets what
/// else the action carries (the answer, the new agency) in the same
/// transaction.
pub async fn apply(
    conn: &mut SqliteConnection,
    id: CaseId,
    act: Act<'_>,
    now: DateTime<Utc>,
) -> Result<Result<CaseState, NotNow>, StoreError> {
    let Some(current) = get(conn, id).await? else {
        return Err(StoreError::Corrupt(format!("case {id} is gone")));
    };
    let next = match case::after(current.state, act.action, current.reopened) {
        Ok(next) => next,
        Err(not_now) => return Ok(Err(not_now)),
    };
    let rating = match act.action {
        CaseAction::Rate(rating) => Some(rating.as_str()),
        _ => None,
    };
    sqlx::query(
        "UPDATE cases SET state = ?, reopened = reopened OR ?, rating = coalesce(?, rating),
             updated_at = ?
         WHERE id = ?",
    )
    .bind(next.as_str())
    .bind(next == CaseState::Reopened)
    .bind(rating)
    .bind(time_text(now))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    let event = Event {
        actor: act.actor,
        user: act.user,
        event: act.action.event(),
        from: Some(current.state),
        to: next,
        note: act.note,
    };
    record(conn, id, &event, now).await?;
    // Answering and forwarding are privileged: the audit trail has them too.
    let audited = match act.action {
        CaseAction::Answer => Some(AuditAction::CaseAnswer),
        CaseAction::Forward => Some(AuditAction::CaseForward),
        _ => None,
    };
    if let (Some(action), Some(user)) = (audited, act.user) {
        let entry = audit::Entry {
            at: now,
            actor: AuditActor::User(user),
            action,
            target: Some(current.number.to_string()),
            detail: act.note.map(str::to_owned),
        };
        audit::record(conn, &entry).await?;
    }
    Ok(Ok(next))
}

/// One row of a case's history, as read back.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct HistoryRow {
    pub at: String,
    pub actor: String,
    pub actor_user: Option<UserId>,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub note: Option<String>,
}

/// A case's history, oldest first.
pub async fn history(
    conn: &mut SqliteConnection,
    id: CaseId,
) -> Result<Vec<HistoryRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT at, actor, actor_user, action, from_state, to_state, note
         FROM case_events WHERE case_id = ? ORDER BY id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

/// The case's photos' file ids, in order.
pub async fn photos(conn: &mut SqliteConnection, id: CaseId) -> Result<Vec<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT file_id FROM case_photos WHERE case_id = ? ORDER BY position")
            .bind(id)
            .fetch_all(conn)
            .await?,
    )
}

/// Where the case's message in its staff chat is, once the outbox sent it:
/// staff answer by replying to it.
pub async fn set_staff_message(
    conn: &mut SqliteConnection,
    id: CaseId,
    chat: ChatId,
    message_id: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE cases SET staff_chat_id = ?, staff_message_id = ? WHERE id = ?")
        .bind(chat)
        .bind(message_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The case whose staff message is `message_id` in `chat`, if any.
pub async fn by_staff_message(
    conn: &mut SqliteConnection,
    chat: ChatId,
    message_id: i64,
) -> Result<Option<Case>, StoreError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE staff_chat_id = ? AND staff_message_id = ?"
    );
    let row: Option<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(chat)
        .bind(message_id)
        .fetch_optional(conn)
        .await?;
    row.map(Case::try_from).transpose()
}

/// The private chat of the citizen who opened the case; None once erased.
pub async fn citizen_chat(
    conn: &mut SqliteConnection,
    id: CaseId,
) -> Result<Option<ChatId>, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT p.chat_id FROM cases c JOIN case_citizens p ON p.no = c.citizen_no WHERE c.id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// The cases the citizen in `chat` opened, newest first.
pub async fn of_citizen(
    conn: &mut SqliteConnection,
    chat: ChatId,
) -> Result<Vec<Case>, StoreError> {
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases
         WHERE citizen_no = (SELECT no FROM case_citizens WHERE chat_id = ?)
         ORDER BY opened_at DESC, id DESC"
    );
    let rows: Vec<CaseRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(chat)
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(Case::try_from).collect()
}

/// How many cases the citizen in `chat` opened since `since`: a flood is
/// more than `[feedback] hold_after_per_day` of them in 24 hours.
pub async fn opened_since(
    conn: &mut SqliteConnection,
    chat: ChatId,
    since: DateTime<Utc>,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM cases
         WHERE citizen_no = (SELECT no FROM case_citizens WHERE chat_id = ?) AND opened_at >= ?",
    )
    .bind(chat)
    .bind(time_text(since))
    .fetch_one(conn)
    .await?)
}

/// What an action carries besides the state, set in its transaction.
#[derive(Debug, Clone, Copy)]
pub enum Carried<'a> {
    /// Taken by this staff member.
    Assignee(UserId),
    /// The answer's text; the case keeps the latest.
    Answer(&'a str),
    /// Now held by this agency (None: the intake). Its old staff message no
    /// longer answers for it, and nobody has taken it there yet.
    Agency(Option<&'a str>),
    /// Reopened: answered again by this day.
    DueDay(NaiveDate),
}

pub async fn carry(
    conn: &mut SqliteConnection,
    id: CaseId,
    carried: Carried<'_>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let query = match carried {
        Carried::Assignee(user) => {
            sqlx::query("UPDATE cases SET assignee = ? WHERE id = ?").bind(user)
        }
        Carried::Answer(text) => {
            sqlx::query("UPDATE cases SET answer = ?, answered_at = ? WHERE id = ?")
                .bind(text)
                .bind(time_text(now))
        }
        Carried::Agency(agency) => sqlx::query(
            "UPDATE cases SET agency_code = ?, assignee = NULL, staff_chat_id = NULL,
                 staff_message_id = NULL
             WHERE id = ?",
        )
        .bind(agency),
        Carried::DueDay(day) => sqlx::query("UPDATE cases SET due_day = ? WHERE id = ?")
            .bind(day.format("%Y-%m-%d").to_string()),
    };
    query.bind(id).execute(conn).await?;
    Ok(())
}

/// Which cases `/cases` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    Open,
    /// Open past their due day.
    Overdue,
    /// Taken by the reader.
    Mine,
    All,
}

/// Cases by deadline, earliest first; the caller keeps those the reader may see.
pub async fn list(
    conn: &mut SqliteConnection,
    listing: Listing,
    today: NaiveDate,
    reader: UserId,
) -> Result<Vec<Case>, StoreError> {
    let open = "state IN ('received', 'acknowledged', 'forwarded', 'reopened')";
    let filter = match listing {
        Listing::Open => open.to_owned(),
        Listing::Overdue => format!("{open} AND due_day < ?"),
        Listing::Mine => format!("{open} AND assignee = ?"),
        Listing::All => "1".to_owned(),
    };
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE {filter} ORDER BY due_day, id");
    let mut query = sqlx::query_as::<_, CaseRow>(sqlx::AssertSqlSafe(sql));
    query = match listing {
        Listing::Overdue => query.bind(today.format("%Y-%m-%d").to_string()),
        Listing::Mine => query.bind(reader),
        Listing::Open | Listing::All => query,
    };
    let rows = query.fetch_all(conn).await?;
    rows.into_iter().map(Case::try_from).collect()
}

/// The staff chat of `agency`, if it has one.
pub async fn staff_chat_of(
    conn: &mut SqliteConnection,
    agency: Option<&str>,
) -> Result<Option<ChatId>, StoreError> {
    let Some(agency) = agency else {
        return Ok(None);
    };
    Ok(sqlx::query_scalar(
        "SELECT staff_chat_id FROM agencies WHERE code = ? AND staff_chat_id IS NOT NULL",
    )
    .bind(agency)
    .fetch_optional(conn)
    .await?)
}

/// Records in a case's history something done about it that moves no state:
/// the deadline job's reminders and escalations.
pub async fn note(
    conn: &mut SqliteConnection,
    id: CaseId,
    actor: Actor,
    event: CaseEvent,
    state: CaseState,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let event = Event {
        actor,
        user: None,
        event,
        from: Some(state),
        to: state,
        note: None,
    };
    record(conn, id, &event, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::dossiers::tests::{at, fixture};

    fn new_case(body: &str) -> NewCase {
        NewCase {
            subject: Subject::Agency,
            dossier: None,
            procedure: None,
            agency: Some(AgencyCode::parse("A").expect("code")),
            kind: CaseKind::Delay,
            body: CaseBody::parse(body).expect("body"),
            language: Language::Vi,
            publish: false,
            photos: vec!["p1".into(), "p2".into()],
            held: false,
            due_day: NaiveDate::from_ymd_opt(2026, 12, 10).expect("day"),
        }
    }

    #[tokio::test]
    async fn numbers_run_per_local_day_and_every_move_is_in_the_history() {
        let f = fixture().await;
        let mut tx = f.store.begin_write().await.expect("tx");
        // 17:30 UTC on the 25th is already the 26th in Vietnam.
        let evening = at("2026-11-25T17:30:00Z");
        let (first, n1) = open(&mut tx, ChatId(9), &new_case("a"), evening)
            .await
            .expect("opened");
        let (_, n2) = open(&mut tx, ChatId(8), &new_case("b"), evening)
            .await
            .expect("opened");
        assert_eq!(
            (n1.to_string(), n2.to_string()),
            ("PA-261126-0001".into(), "PA-261126-0002".into())
        );

        let staff = Act {
            actor: Actor::Staff,
            user: Some(UserId(5)),
            action: CaseAction::Take,
            note: None,
        };
        assert_eq!(
            apply(&mut tx, first, staff, evening)
                .await
                .expect("applied"),
            Ok(CaseState::Acknowledged)
        );
        // A second tap of the same button changes nothing and writes no history.
        assert!(
            apply(&mut tx, first, staff, evening)
                .await
                .expect("read")
                .is_err()
        );
        let case = get(&mut tx, first).await.expect("read").expect("stored");
        assert_eq!(
            (case.state, case.citizen_no),
            (CaseState::Acknowledged, Some(1))
        );
        assert_eq!(photos(&mut tx, first).await.expect("photos"), ["p1", "p2"]);
        let history = history(&mut tx, first).await.expect("history");
        let moves: Vec<_> = history
            .iter()
            .map(|h| (h.action.as_str(), h.to_state.as_str()))
            .collect();
        assert_eq!(moves, [("open", "received"), ("take", "acknowledged")]);
        assert_eq!(history[1].actor_user, Some(UserId(5)));
        assert_eq!(
            by_number(&mut tx, n1).await.expect("read").map(|c| c.id),
            Some(first)
        );
    }
}
