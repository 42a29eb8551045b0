//! The deadlines of citizen feedback: whoever holds an open case is reminded
//! at half time and on its due day, and the admins are told once it is
//! overdue. Each stage is told once per due day (a reopened case has a new
//! one), recorded with a history row in the same transaction as the queued
//! messages, so a second process or a second tick tells no one twice. It
//! also closes answered cases nobody rated after some days.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Job, Progress};
use crate::domain::case::{
    Actor, CaseAction, CaseEvent, DeadlineStage, deadline_stage, half_time_horizon,
};
use crate::domain::deadline::Deadlines;
use crate::domain::moment::local_date;
use crate::domain::{ChatId, UserId};
use crate::store::case_reports::{self, Pending};
use crate::store::cases::Act;
use crate::store::outbox::{self, Notification};
use crate::store::{Store, StoreError, cases};

pub struct CaseDeadlines {
    pub store: Store,
    /// Working days, from the configured calendar.
    pub deadlines: Arc<Deadlines>,
    /// `[feedback] answer_within_days`: half time is half of it.
    pub within: u32,
    /// `[feedback] intake_chat`: holds cases no agency's staff chat fits.
    pub intake_chat: Option<ChatId>,
    /// `[feedback] close_unrated_after_days`; 0 never closes.
    pub close_unrated_after_days: u32,
    /// `roles.admins`, told in their private chats of overdue cases.
    pub admins: Vec<UserId>,
}

impl CaseDeadlines {
    /// Tells what is due now.
    pub async fn tick(&self) -> Result<Progress, StoreError> {
        self.tick_at(Utc::now()).await
    }

    /// Tells what is due as at `now`: the job's clock, which a test sets.
    /// The messages leave at once whatever `now` says.
    pub async fn tick_at(&self, now: DateTime<Utc>) -> Result<Progress, StoreError> {
        let calendar = &self.deadlines.calendar;
        let today = local_date(now);
        let horizon = half_time_horizon(calendar, today, self.within);
        let mut tx = self.store.begin_write().await?;
        let mut told = 0_usize;
        for case in case_reports::pending(&mut tx, horizon).await? {
            let Some(stage) =
                deadline_stage(calendar, case.state, case.due_day, self.within, today)
            else {
                continue;
            };
            if case.told.contains(&stage)
                || !case_reports::record_alert(&mut tx, case.id, case.due_day, stage, now).await?
            {
                continue;
            }
            cases::note(
                &mut tx,
                case.id,
                Actor::System,
                action(stage),
                case.state,
                now,
            )
            .await?;
            let notification = Notification::CaseDeadline {
                case_id: case.id,
                due_day: case.due_day,
                stage,
            };
            let recipients = self.recipients(&case, stage);
            if recipients.is_empty() {
                tracing::warn!(
                    case = %case.number,
                    stage = stage.as_str(),
                    "no one to tell: set [feedback] intake_chat or roles.admins"
                );
            }
            for chat in recipients {
                outbox::enqueue(&mut tx, chat, &notification, Utc::now()).await?;
            }
            told += 1;
        }
        let closed = self.close_unrated(&mut tx, now).await?;
        tx.commit().await?;
        if told > 0 {
            tracing::info!(told, "case deadlines told");
        }
        if closed > 0 {
            tracing::info!(closed, "answered cases nobody rated closed");
        }
        Ok(match told + closed {
            0 => Progress::Idle,
            done => Progress::Worked(done),
        })
    }

    /// Closes the answered cases nobody rated within `close_unrated_after_days`.
    async fn close_unrated(
        &self,
        tx: &mut SqliteConnection,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        if self.close_unrated_after_days == 0 {
            return Ok(0);
        }
        let before = now - chrono::Duration::days(i64::from(self.close_unrated_after_days));
        let mut closed = 0;
        for id in case_reports::unrated(&mut *tx, before).await? {
            let lapse = Act {
                actor: Actor::System,
                user: None,
                action: CaseAction::Lapse,
                note: None,
            };
            // Rated meanwhile by another process: nothing to close.
            closed += usize::from(cases::apply(&mut *tx, id, lapse, now).await?.is_ok());
        }
        Ok(closed)
    }

    /// Who hears of `stage`: the admins of an overdue case (its holder when
    /// there are none); else the staff member who took it, else the staff
    /// chat of its agency, else the province's intake chat.
    fn recipients(&self, case: &Pending, stage: DeadlineStage) -> Vec<ChatId> {
        if stage == DeadlineStage::Overdue && !self.admins.is_empty() {
            // An admin's private chat has the admin's id.
            return self.admins.iter().map(|admin| ChatId(admin.0)).collect();
        }
        case.assignee
            .map(|user| ChatId(user.0))
            .or(case.agency_chat)
            .or(self.intake_chat)
            .into_iter()
            .collect()
    }
}

/// The history's row for telling a stage.
fn action(stage: DeadlineStage) -> CaseEvent {
    match stage {
        DeadlineStage::HalfTime => CaseEvent::RemindHalfTime,
        DeadlineStage::LastDay => CaseEvent::RemindLastDay,
        DeadlineStage::Overdue => CaseEvent::Escalate,
    }
}

impl Job for CaseDeadlines {
    const NAME: &'static str = "case_deadlines";

    fn tick(&self) -> impl Future<Output = Result<Progress, StoreError>> + Send {
        CaseDeadlines::tick(self)
    }

    fn idle_wait(&self) -> Duration {
        Duration::from_secs(60)
    }
}
