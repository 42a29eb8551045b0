//! Drains the outbox: status notifications, worded in each follower's
//! language when sent.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Notify;

use crate::domain::moment::local_date;
use crate::domain::{DossierId, ResponseId, UserId};
use crate::domain::{Level, Status};
use crate::flows::card::status_notice;
use crate::flows::survey::{invitation, level_key};
use crate::flows::{Button, Callback, Context, Keyboard};
use crate::i18n::Key;
use crate::ingest::feed::STATUS_CHANGED;
use crate::jobs::messenger::{DeliveryError, Messenger};
use crate::store::dossiers::DossierView;
use crate::store::outbox::{self, OutboxItem};
use crate::store::survey::{self, ResponseView};
use crate::store::{Store, StoreError, citizens, dossiers, parse_time};

const BATCH: i64 = 20;
const MAX_ATTEMPTS: i64 = 5;
const IDLE_POLL: Duration = Duration::from_secs(1);

pub struct OutboxWorker<M> {
    pub store: Store,
    /// Words the messages: languages, signed buttons, the survey's scale.
    pub ctx: Context,
    pub messenger: M,
    /// Rung by in-process writers so that notifications leave at once.
    pub wake: Arc<Notify>,
}

/// Every outbox kind's payload is one of these fields' subsets.
#[derive(Debug, serde::Deserialize)]
struct Payload {
    dossier_id: Option<i64>,
    response_id: Option<i64>,
    status: Option<i64>,
    at: Option<String>,
}

/// The alert to the agency's staff chat, in Vietnamese: the code, the procedure,
/// the answers and the comment; never who gave them.
fn low_rating_alert(ctx: &Context, view: &DossierView, response: &ResponseView) -> String {
    let lang = crate::domain::Language::Vi;
    let label = |key: &str| {
        Level::ALL
            .into_iter()
            .find(|l| l.key() == key)
            .map(|l| ctx.i18n.t(lang, level_key(l)))
            .unwrap_or_else(|| key.to_owned())
    };
    let mut answers = Vec::new();
    if let Some(attitude) = &response.attitude {
        answers.push(format!(
            "{}: {}",
            ctx.i18n.t(lang, Key::SurveyAttitude),
            label(attitude)
        ));
    }
    if let Some(agencies) = response.agencies {
        let key = match agencies {
            2 => Key::AgenciesNone,
            1 => Key::AgenciesOneStop,
            _ => Key::AgenciesSeveral,
        };
        answers.push(format!(
            "{}: {}",
            ctx.i18n.t(lang, Key::SurveyAgencies),
            ctx.i18n.t(lang, key)
        ));
    }
    let procedure = format!("{} ({})", view.procedure.get(lang), view.procedure_code);
    ctx.i18n.t_args(
        lang,
        Key::LowRatingAlert,
        &[
            ("code", view.code.clone().into()),
            ("procedure", procedure.into()),
            ("overall", label(&response.overall).into()),
            (
                "answers",
                if answers.is_empty() {
                    "—".to_owned()
                } else {
                    answers.join("\n")
                }
                .into(),
            ),
            (
                "comment",
                response
                    .comment
                    .clone()
                    .unwrap_or_else(|| "—".to_owned())
                    .into(),
            ),
        ],
    )
}

/// What became of one message.
enum Fate {
    Sent,
    Failed(String),
    Unreachable,
    Later(chrono::DateTime<Utc>, String),
}

impl<M: Messenger> OutboxWorker<M> {
    /// Sends one batch of due messages; returns how many were claimed.
    pub async fn tick(&self) -> Result<usize, StoreError> {
        let mut tx = self.store.begin_write().await?;
        let items = outbox::claim_due(&mut tx, Utc::now(), BATCH).await?;
        tx.commit().await?;
        for item in &items {
            let fate = self.deliver(item).await?;
            let mut tx = self.store.begin_write().await?;
            match fate {
                Fate::Sent => outbox::finish(&mut tx, item.id, true, None).await?,
                Fate::Failed(error) => {
                    outbox::finish(&mut tx, item.id, false, Some(&error)).await?
                }
                Fate::Unreachable => {
                    outbox::finish(&mut tx, item.id, false, Some("unreachable")).await?;
                    citizens::mark_unreachable(&mut tx, UserId(item.chat_id)).await?;
                }
                Fate::Later(at, error) => outbox::retry_later(&mut tx, item.id, at, &error).await?,
            }
            tx.commit().await?;
        }
        Ok(items.len())
    }

    async fn deliver(&self, item: &OutboxItem) -> Result<Fate, StoreError> {
        let Some((text, keyboard)) = self.render(item).await? else {
            return Ok(Fate::Failed(format!(
                "cannot word a `{}` message",
                item.kind
            )));
        };
        Ok(
            match self.messenger.send(item.chat_id, &text, &keyboard).await {
                Ok(()) => Fate::Sent,
                Err(DeliveryError::Unreachable) => Fate::Unreachable,
                Err(DeliveryError::Refused(error)) => Fate::Failed(error),
                Err(DeliveryError::RetryAfter(wait)) => {
                    Fate::Later(Utc::now() + wait, "rate limited".into())
                }
                Err(DeliveryError::Transient(error)) if item.attempts < MAX_ATTEMPTS => {
                    let backoff = chrono::Duration::seconds(1 << item.attempts.clamp(1, 6));
                    Fate::Later(Utc::now() + backoff, error)
                }
                Err(DeliveryError::Transient(error)) => Fate::Failed(error),
            },
        )
    }

    async fn render(&self, item: &OutboxItem) -> Result<Option<(String, Keyboard)>, StoreError> {
        let Ok(payload) = serde_json::from_str::<Payload>(&item.payload) else {
            return Ok(None);
        };
        let mut conn = self.store.read().await?;
        let ctx = &self.ctx;
        if item.kind == survey::LOW_RATING {
            let Some(response) =
                survey::response_view(&mut conn, ResponseId(payload.response_id.unwrap_or(-1)))
                    .await?
            else {
                return Ok(None);
            };
            let Some(view) = dossiers::find_dossier_by_id(&mut conn, response.dossier_id).await?
            else {
                return Ok(None);
            };
            return Ok(Some((
                low_rating_alert(ctx, &view, &response),
                Keyboard::default(),
            )));
        }
        let Some(view) =
            dossiers::find_dossier_by_id(&mut conn, DossierId(payload.dossier_id.unwrap_or(-1)))
                .await?
        else {
            return Ok(None);
        };
        let lang = citizens::language_of(&mut conn, UserId(item.chat_id)).await?;
        Ok(match item.kind.as_str() {
            STATUS_CHANGED => {
                let (Some(status), Some(at)) = (
                    payload.status.and_then(|s| Status::from_code(s).ok()),
                    payload.at.as_deref().and_then(|t| parse_time(t).ok()),
                ) else {
                    return Ok(None);
                };
                let text = status_notice(&ctx.i18n, lang, &view, status, local_date(at));
                let keyboard = Keyboard(vec![vec![Button {
                    label: ctx.i18n.t(lang, Key::UnfollowButton),
                    callback: Callback::unfollow(&ctx.signer, UserId(item.chat_id), view.id),
                }]]);
                Some((text, keyboard))
            }
            survey::INVITE => Some(invitation(ctx, lang, UserId(item.chat_id), &view, false)),
            survey::REMINDER => Some(invitation(ctx, lang, UserId(item.chat_id), &view, true)),
            _ => None,
        })
    }

    pub async fn run_until_stopped(self) {
        loop {
            match self.tick().await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "outbox: a batch failed; will retry"),
            }
            let _ = tokio::time::timeout(IDLE_POLL, self.wake.notified()).await;
        }
    }
}
