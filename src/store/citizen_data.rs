//! What is kept about one citizen (`/mydata`), and erasing it (`/forget`):
//! the chat identity goes, what they said stays counted, anonymously.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::SqliteConnection;

use super::cases::{self, Act};
use super::{StoreError, parse_time};
use crate::domain::case::{Actor, CaseAction, CaseNumber, CaseState};
use crate::domain::{CaseId, ChatId, DossierCode, Language, Status, UserId};

/// Everything kept about a citizen, as `/mydata` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// The language they chose with /language, if they did.
    pub language: Option<Language>,
    pub first_seen: Option<DateTime<Utc>>,
    pub notices_off: bool,
    pub follows: Vec<(DossierCode, Status)>,
    pub responses: Vec<KeptResponse>,
    pub cases: Vec<(CaseNumber, CaseState)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeptResponse {
    pub code: DossierCode,
    /// The overall level's stored key (see `domain::Level::key`).
    pub overall: String,
    pub comment: Option<String>,
    pub day: NaiveDate,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

pub async fn kept(conn: &mut SqliteConnection, user: UserId) -> Result<Kept, StoreError> {
    #[derive(sqlx::FromRow)]
    struct CitizenRow {
        language: Option<String>,
        first_seen: String,
        notices_off: bool,
    }
    let citizen: Option<CitizenRow> =
        sqlx::query_as("SELECT language, first_seen, notices_off FROM citizens WHERE user_id = ?")
            .bind(user)
            .fetch_optional(&mut *conn)
            .await?;
    let follows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT d.code, d.status FROM follows f JOIN dossiers d ON d.id = f.dossier_id
         WHERE f.user_id = ? ORDER BY d.code",
    )
    .bind(user)
    .fetch_all(&mut *conn)
    .await?;
    let responses: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT d.code, r.overall, r.comment, r.created_at FROM responses r
         JOIN dossiers d ON d.id = r.dossier_id
         WHERE r.user_id = ? AND r.superseded_by IS NULL ORDER BY r.created_at",
    )
    .bind(user)
    .fetch_all(&mut *conn)
    .await?;
    let cases: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.number, c.state FROM cases c JOIN case_citizens k ON k.no = c.citizen_no
         WHERE k.chat_id = ? ORDER BY c.id",
    )
    .bind(ChatId(user.0))
    .fetch_all(&mut *conn)
    .await?;
    Ok(Kept {
        language: citizen
            .as_ref()
            .and_then(|c| c.language.as_deref())
            .map(Language::parse)
            .transpose()
            .map_err(|_| corrupt("citizens.language"))?,
        first_seen: citizen
            .as_ref()
            .map(|c| parse_time(&c.first_seen))
            .transpose()?,
        notices_off: citizen.is_some_and(|c| c.notices_off),
        follows: follows
            .into_iter()
            .map(|(code, status)| {
                Ok((
                    DossierCode::parse(&code).map_err(|_| corrupt("dossiers.code"))?,
                    Status::from_code(status).map_err(|_| corrupt("dossiers.status"))?,
                ))
            })
            .collect::<Result<_, StoreError>>()?,
        responses: responses
            .into_iter()
            .map(|(code, overall, comment, at)| {
                Ok(KeptResponse {
                    code: DossierCode::parse(&code).map_err(|_| corrupt("dossiers.code"))?,
                    overall,
                    comment,
                    day: crate::domain::moment::local_date(parse_time(&at)?),
                })
            })
            .collect::<Result<_, StoreError>>()?,
        cases: cases
            .into_iter()
            .map(|(number, state)| {
                Ok((
                    CaseNumber::parse(&number).map_err(|_| corrupt("cases.number"))?,
                    CaseState::parse(&state).map_err(|_| corrupt("cases.state"))?,
                ))
            })
            .collect::<Result<_, StoreError>>()?,
    })
}

/// The citizen's cases still open, which forgetting withdraws first.
pub async fn open_cases(
    conn: &mut SqliteConnection,
    chat: ChatId,
) -> Result<Vec<CaseId>, StoreError> {
    let open: Vec<String> = CaseState::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    let sql = format!(
        "SELECT c.id FROM cases c JOIN case_citizens k ON k.no = c.citizen_no
         WHERE k.chat_id = ? AND c.state IN ({}) ORDER BY c.id",
        open.join(", ")
    );
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(chat)
        .fetch_all(conn)
        .await?)
}

/// Erases the citizen in `chat`: their open cases are withdrawn first; then
/// the chat identity, language, follows, opt-out, conversation, look-ups,
/// queued messages and kept updates go. Their responses and cases stay,
/// counted, under no identity. Returns the withdrawn cases.
pub async fn forget(
    conn: &mut SqliteConnection,
    chat: ChatId,
    now: DateTime<Utc>,
) -> Result<Vec<CaseId>, StoreError> {
    let withdrawn = open_cases(conn, chat).await?;
    for id in &withdrawn {
        let act = Act {
            actor: Actor::Citizen,
            user: None,
            action: CaseAction::Withdraw,
            note: Some("forget"),
        };
        // A case that moved meanwhile is simply not withdrawn.
        let _ = cases::apply(conn, *id, act, now).await?;
    }
    let user = UserId(chat.0);
    let chat_key = format!("tg:{chat}");
    // A response's user becomes minus its own id: unique, so that the
    // replace chain still holds, and tied to no one.
    let statements: [(&str, Bound); 10] = [
        ("UPDATE responses SET user_id = -id WHERE user_id = ?", Bound::User),
        ("DELETE FROM case_citizens WHERE chat_id = ?", Bound::Chat),
        ("DELETE FROM follows WHERE user_id = ?", Bound::User),
        ("DELETE FROM survey_invites WHERE chat_id = ?", Bound::Chat),
        ("DELETE FROM dialogues WHERE chat_id = ?", Bound::Chat),
        ("DELETE FROM unknown_lookups WHERE user_id = ?", Bound::User),
        ("DELETE FROM outbox WHERE chat_id = ?", Bound::Chat),
        // Delivery rows keep the broadcast's figures, under a number of no one.
        (
            "UPDATE broadcast_recipients SET chat_id = -(SELECT count(*) FROM broadcast_recipients b
                 WHERE b.broadcast_id = broadcast_recipients.broadcast_id AND b.chat_id < 0) - 1
             WHERE chat_id = ?",
            Bound::Chat,
        ),
        // Updates already handled keep their row, for the worker that is
        // finishing the one being answered, but neither its text nor its chat.
        (
            "UPDATE inbox SET body = '{}', chat_key = 'tg-forgotten:' || id
             WHERE chat_key = ? AND state <> 'pending'",
            Bound::ChatKey,
        ),
        ("DELETE FROM citizens WHERE user_id = ?", Bound::User),
    ];
    for (sql, bound) in statements {
        let query = sqlx::query(sql);
        let query = match bound {
            Bound::User => query.bind(user),
            Bound::Chat => query.bind(chat),
            Bound::ChatKey => query.bind(chat_key.clone()),
        };
        query.execute(&mut *conn).await?;
    }
    Ok(withdrawn)
}

/// What a statement of [`forget`] is given.
#[derive(Clone, Copy)]
enum Bound {
    User,
    Chat,
    ChatKey,
}

/// Erases the texts citizens wrote before `before` (comments, cases and their
/// answers, photos, reasons), keeping every count; how many rows it changed.
pub async fn erase_texts_before(
    conn: &mut SqliteConnection,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let before = super::time_text(before);
    let mut erased = 0;
    for sql in [
        "UPDATE responses SET comment = NULL WHERE comment IS NOT NULL AND created_at < ?",
        "UPDATE cases SET body = NULL, answer = NULL
         WHERE (body IS NOT NULL OR answer IS NOT NULL) AND opened_at < ?",
        "DELETE FROM case_photos WHERE case_id IN (SELECT id FROM cases WHERE opened_at < ?)",
        "UPDATE case_events SET note = NULL WHERE note IS NOT NULL AND at < ?",
    ] {
        erased += sqlx::query(sql)
            .bind(&before)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(erased)
}
