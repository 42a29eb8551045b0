//! Drains the outbox: notifications, worded by `flows::notifications` when
//! they leave. Up to `in_flight` chats are served at once, each its own queue,
//! so that one chat's pace (one message a second) never holds up another.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinSet;

use super::messenger::{DeliveryError, Messenger, RetryPolicy, Verdict};
use super::{Job, Progress, instant_at};
use crate::configuration::OutboxSettings;
use crate::domain::UserId;
use crate::flows::commands::Menu;
use crate::flows::notifications::word;
use crate::flows::{Context, Keyboard};
use crate::store::outbox::{self, Leased, Notification};
use crate::store::{Store, StoreError, cases, citizens};

pub struct OutboxWorker<M> {
    store: Store,
    /// Words the messages: languages, signed buttons, the survey's scale.
    ctx: Context,
    messenger: Arc<M>,
    /// Rung once this process has committed a notification to the outbox
    /// ([`Store::outbox_queued`]), so that it leaves at once.
    wake: Arc<Notify>,
    window: usize,
    /// How long it waits, idle, before it looks for what another process queued.
    looks_every: Duration,
    policy: RetryPolicy,
    /// Sends under way; their rows are `sending`.
    in_flight: Mutex<JoinSet<Sent>>,
}

/// What became of one leased notification.
struct Sent {
    item: Leased,
    /// The message's id when it is one to be replied to (a case's).
    result: Result<Option<i64>, DeliveryError>,
}

impl<M: Messenger> OutboxWorker<M> {
    pub fn new(store: Store, ctx: Context, messenger: Arc<M>, settings: &OutboxSettings) -> Self {
        Self {
            wake: store.outbox_queued(),
            store,
            ctx,
            messenger,
            window: settings.in_flight.max(1),
            looks_every: Duration::from_millis(settings.looks_every_ms.get()),
            policy: RetryPolicy::from_settings(settings),
            in_flight: Mutex::new(JoinSet::new()),
        }
    }

    /// Records what came back, leases what may leave now, and else waits for
    /// one send to come back (or for news).
    pub async fn tick(&self) -> Result<Progress, StoreError> {
        let mut in_flight = self.in_flight.lock().await;
        let mut worked = 0;
        while let Some(joined) = in_flight.try_join_next() {
            self.record(joined).await?;
            worked += 1;
        }
        let room = self.window.saturating_sub(in_flight.len());
        if room > 0 {
            let leased = {
                let mut tx = self.store.begin_write().await?;
                let leased = outbox::lease(&mut tx, Utc::now(), room).await?;
                tx.commit().await?;
                leased
            };
            for item in leased {
                in_flight.spawn(self.send(item));
                worked += 1;
            }
        }
        if worked > 0 {
            return Ok(Progress::Worked(worked));
        }
        if in_flight.is_empty() {
            let mut conn = self.store.read().await?;
            return Ok(match outbox::next_due_after(&mut conn, Utc::now()).await? {
                Some(at) => Progress::WaitUntil(instant_at(at)),
                None => Progress::Idle,
            });
        }
        tokio::select! {
            Some(joined) = in_flight.join_next() => {
                self.record(joined).await?;
                Ok(Progress::Worked(1))
            }
            // Something new was queued: a free slot may take it.
            () = self.wake.notified() => Ok(Progress::Worked(0)),
        }
    }

    /// Waits for the sends under way and records them; leases nothing more.
    pub async fn settle(&self) -> Result<(), StoreError> {
        let mut in_flight = self.in_flight.lock().await;
        while let Some(joined) = in_flight.join_next().await {
            self.record(joined).await?;
        }
        Ok(())
    }

    fn send(&self, item: Leased) -> impl Future<Output = Sent> + Send + 'static {
        let (store, ctx, messenger) =
            (self.store.clone(), self.ctx.clone(), self.messenger.clone());
        async move {
            let result = match worded(&store, &ctx, &item).await {
                Ok(Worded {
                    text,
                    keyboard,
                    photos,
                    menu,
                }) => {
                    // Before the news of a role, which points to the menu.
                    if let Some(menu) = menu {
                        messenger.keep_menu(UserId(item.chat_id.0), menu).await;
                    }
                    match photos {
                        None => messenger
                            .send(item.chat_id.0, &text, &keyboard)
                            .await
                            .map(|()| None),
                        Some(photos) => messenger
                            .send_with_photos(item.chat_id.0, &text, &keyboard, &photos)
                            .await
                            .map(Some),
                    }
                }
                Err(error) => Err(error),
            };
            Sent { item, result }
        }
    }

    async fn record(&self, joined: Result<Sent, tokio::task::JoinError>) -> Result<(), StoreError> {
        // A send task never panics on purpose; if one did, its row stays in
        // flight and is reported uncertain after a restart.
        let Sent { item, result } = match joined {
            Ok(sent) => sent,
            Err(error) => {
                tracing::error!(%error, "a notification send task failed");
                return Ok(());
            }
        };
        let mut tx = self.store.begin_write().await?;
        match result.map_err(|e| {
            self.policy
                .judge(e, item.attempts, item.queued_at, Utc::now())
        }) {
            Ok(message_id) => {
                outbox::finish(&mut tx, item.id, true, None).await?;
                if let (Some(message_id), Ok(Notification::CaseToStaff { case_id })) =
                    (message_id, &item.notification)
                {
                    cases::set_staff_message(&mut tx, *case_id, item.chat_id, message_id).await?;
                }
            }
            Err(Verdict::Failed(error)) => {
                outbox::finish(&mut tx, item.id, false, Some(&error)).await?;
            }
            Err(Verdict::Unreachable) => {
                outbox::finish(&mut tx, item.id, false, Some("unreachable")).await?;
                citizens::mark_unreachable(&mut tx, UserId(item.chat_id.0)).await?;
            }
            Err(Verdict::RetryAt(at, error)) => {
                outbox::retry_later(&mut tx, item.id, at, &error).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A leased notification as it leaves.
struct Worded {
    text: String,
    keyboard: Keyboard,
    /// A case's photos, sent before it to its staff chat.
    photos: Option<Vec<String>>,
    /// The command menu a role's news gives its private chat.
    menu: Option<Menu>,
}

/// The words of a leased notification, with what goes with them. One that
/// cannot be read or whose subject is gone is refused, as trying again
/// would not help; a database failure is worth another try.
async fn worded(store: &Store, ctx: &Context, item: &Leased) -> Result<Worded, DeliveryError> {
    let notification = (item.notification.as_ref())
        .map_err(|reason| DeliveryError::Refused(format!("unreadable: {reason}")))?;
    let transient = |e: StoreError| DeliveryError::Transient(e.to_string());
    let mut conn = store.read().await.map_err(transient)?;
    let (text, keyboard) = word(ctx, &mut conn, item.chat_id, notification)
        .await
        .map_err(transient)?
        .ok_or_else(|| DeliveryError::Refused(format!("its subject is gone: {notification:?}")))?;
    let photos = match notification {
        Notification::CaseToStaff { case_id } => Some(
            cases::photos(&mut conn, *case_id)
                .await
                .map_err(transient)?,
        ),
        _ => None,
    };
    let menu = match notification {
        Notification::RoleChanged { granted } => {
            let role = ctx.roles.resolve(UserId(item.chat_id.0), granted.clone());
            Some(Menu::of(&role))
        }
        _ => None,
    };
    Ok(Worded {
        text,
        keyboard,
        photos,
        menu,
    })
}

impl<M: Messenger> Job for OutboxWorker<M> {
    const NAME: &'static str = "outbox";

    fn tick(&self) -> impl Future<Output = Result<Progress, StoreError>> + Send {
        OutboxWorker::tick(self)
    }

    fn idle_wait(&self) -> Duration {
        self.looks_every
    }

    fn wake(&self) -> Option<&Notify> {
        Some(&self.wake)
    }
}
