//! Builds the whole application from settings, for `run`, `console` and the tests alike.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::configuration::Settings;
use crate::domain::{ChatId, Roles, UserId};
use crate::flows::Context;
use crate::http::{self, HttpState};
use crate::i18n::{I18n, I18nError};
use crate::ingest::status_source::StatusSource;
use crate::jobs::backups::BackupSchedule;
use crate::jobs::broadcasts::BroadcastWorker;
use crate::jobs::case_deadlines::CaseDeadlines;
use crate::jobs::checkpoints::Checkpoints;
use crate::jobs::inbox::InboxWorker;
use crate::jobs::maintenance::Maintenance;
use crate::jobs::messenger::RetryPolicy;
use crate::jobs::outbox::OutboxWorker;
use crate::jobs::pull_refresh::PullRefresh;
use crate::jobs::reminders::Reminders;
use crate::jobs::waiting::Waiting;
use crate::jobs::{Stop, Workers};
use crate::links::Signer;
use crate::store::{Store, StoreError, broadcasts, inbox, outbox, secrets};
use crate::telegram::pace::{PaceLimits, Pacer};
use crate::telegram::polling::{Handover, Poller};
use crate::telegram::{Deps, Menus, Telegram};
use crate::telemetry::ChatTags;
use crate::telemetry::contact::Contact;
use crate::telemetry::metrics::Metrics;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(
        "TELOXIDE_TOKEN is not set: set it to the token @BotFather gave you, e.g. \
         TELOXIDE_TOKEN=123456:ABC… hailong run (or try the bot without one: hailong console)"
    )]
    MissingToken,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    I18n(#[from] I18nError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("setting `roles.staff_agencies`: {0}")]
    Roles(crate::domain::DomainError),
    #[error(
        "the units loaded are those of province {loaded}, but `province.code` is {configured}: \
         load the province's with `hailong import units FILE.csv` (see data/README.md for the columns)"
    )]
    Units { loaded: String, configured: String },
    #[error("cannot set up the status source client: {0}")]
    StatusSource(reqwest::Error),
    #[error("the bot could not start with the Bot API at {url}: {source}")]
    Telegram {
        url: String,
        source: teloxide::RequestError,
    },
}

impl StartupError {
    /// Whether the operator can fix it by changing what they typed or configured.
    pub fn is_configuration(&self) -> bool {
        matches!(
            self,
            Self::MissingToken
                | Self::Roles(_)
                | Self::Store(
                    StoreError::Open { .. } | StoreError::Url(_) | StoreError::NewerSchema { .. }
                )
                | Self::Bind { .. }
                | Self::Units { .. }
        ) || self.is_token_refused()
    }

    /// Whether Telegram does not know the token (a typo, or revoked with
    /// @BotFather), rather than could not be reached: starting again would
    /// not help.
    fn is_token_refused(&self) -> bool {
        matches!(
            self,
            Self::Telegram {
                source: RequestError::Api(ApiError::InvalidToken),
                ..
            }
        )
    }
}

pub struct App {
    store: Store,
    settings: Settings,
    /// Rung when a broadcast is queued through the API.
    broadcasts_wake: Arc<Notify>,
    telegram: Telegram,
    deps: Arc<Deps>,
    metrics: Arc<Metrics>,
    listener: TcpListener,
    poll_timeout: Duration,
    workers: Arc<Workers<Telegram>>,
}

/// Chats whose updates are handled at once; one chat's wait in order.
const CONCURRENT_CHATS: usize = 32;

impl App {
    /// Opens the database, introduces the bot to the Bot API and binds the HTTP
    /// port (0 picks a free one); nothing is served until [`App::run_until_stopped`].
    pub async fn build(mut settings: Settings) -> Result<Self, StartupError> {
        let token = settings
            .telegram
            .token
            .take()
            .ok_or(StartupError::MissingToken)?;
        let store = Store::open_serving(&settings.database.url)
            .await?
            .with_deadlines(settings.deadlines())
            .await?;
        // A start refused from here on (Telegram, the port, the units) leaves
        // the database as every command does: closed, its WAL checkpointed.
        match Self::build_on(settings, &token, store.clone()).await {
            Ok(app) => Ok(app),
            Err(error) => {
                store.close().await;
                Err(error)
            }
        }
    }

    async fn build_on(
        settings: Settings,
        token: &SecretString,
        store: Store,
    ) -> Result<Self, StartupError> {
        check_units(&settings, &store).await?;
        let i18n = Arc::new(I18n::load()?);
        let addr = settings.http.addr;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| StartupError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        let mut bot = Bot::new(token.expose_secret());
        if let Some(url) = &settings.telegram.api_url {
            bot = bot.set_api_url(url.clone());
        }
        let api_url = bot.api_url().to_string();
        let telegram = |source| StartupError::Telegram {
            url: api_url.clone(),
            source,
        };
        let contact = Arc::new(Contact::new(Duration::from_secs(u64::from(
            settings.telegram.unhealthy_after_secs,
        ))));
        let me = bot.get_me().await.map_err(telegram)?;
        bot.delete_webhook().await.map_err(telegram)?;
        let roles = Arc::new(roles(&settings)?);
        let menus = Menus::publish(bot.clone(), i18n.clone(), store.clone())
            .await
            .map_err(telegram)?;
        let (set_aside, uncertain_recipients, uncertain_replies) = {
            let mut tx = store.begin_write().await?;
            let messages = outbox::set_aside_in_flight(&mut tx).await?;
            let recipients = broadcasts::set_aside_in_flight(&mut tx).await?;
            let replies = inbox::let_go_of_answered(&mut tx).await?;
            tx.commit().await.map_err(StoreError::from)?;
            (messages, recipients, replies)
        };
        if uncertain_replies > 0 {
            tracing::warn!(
                uncertain_replies,
                "updates answered when the last process stopped may lack replies; not answered again"
            );
        }
        if set_aside + uncertain_recipients > 0 {
            tracing::warn!(
                set_aside,
                uncertain_recipients,
                "messages in flight when the last process stopped are marked uncertain, not resent"
            );
        }
        let metrics = Arc::new(Metrics::default());
        let pace = PaceLimits::from_settings(&settings);
        let signer = link_signer(&settings, &store).await?;
        let ctx = Context {
            i18n,
            province: settings.province.name.clone(),
            bot_username: me.username.clone().unwrap_or_default(),
            signer,
            lookups_per_minute: settings.lookups.per_minute,
            unknown_lookups_per_minute: settings.lookups.unknown_per_minute,
            broadcast_pace: pace.broadcast_pace(),
            status_source: StatusSource::from_settings(&settings.status_source)
                .map_err(StartupError::StatusSource)?
                .map(Arc::new),
            survey: settings.survey.clone(),
            roles,
            deadlines: Arc::new(settings.deadlines()),
            index: settings.index,
            feedback: settings.feedback.clone(),
            public_url: settings.http.public_url.clone(),
            upload_limit_bytes: u64::from(settings.telegram.upload_limit_mb) * 1_000_000,
            panic_on_text: settings.telegram.panic_on_text.clone(),
        };
        tracing::info!(bot = %ctx.bot_username, "connected to the Bot API");
        let telegram = Telegram {
            bot,
            pacer: Arc::new(Pacer::new(pace)),
            contact,
            reply_deadline: Duration::from_secs(u64::from(settings.telegram.reply_deadline_secs)),
            menus: Arc::new(menus),
        };
        let deps = Arc::new(Deps {
            store: store.clone(),
            ctx,
            metrics: metrics.clone(),
            telegram: telegram.clone(),
            tags: ChatTags::load(&store).await?,
            read_ahead: Arc::default(),
        });
        let broadcasts_wake = Arc::new(Notify::new());
        let messenger = Arc::new(telegram.clone());
        let workers = Arc::new(Workers {
            outbox: OutboxWorker::new(
                store.clone(),
                deps.ctx.clone(),
                messenger.clone(),
                &settings.outbox,
            ),
            broadcasts: BroadcastWorker::new(
                store.clone(),
                deps.ctx.i18n.clone(),
                messenger,
                settings.broadcast.clone(),
                RetryPolicy::from_settings(&settings.outbox),
                broadcasts_wake.clone(),
            ),
            reminders: Reminders {
                store: store.clone(),
                after_hours: settings.survey.reminder_after_hours,
            },
            maintenance: Maintenance {
                store: store.clone(),
                keep_texts: chrono::Duration::days(i64::from(settings.privacy.keep_texts_days)),
                backups: (settings.backup.every_hours > 0).then(|| BackupSchedule {
                    folder: settings.backup.folder.clone(),
                    every: chrono::Duration::hours(i64::from(settings.backup.every_hours)),
                    keep: settings.backup.keep,
                }),
            },
            case_deadlines: CaseDeadlines {
                store: store.clone(),
                deadlines: deps.ctx.deadlines.clone(),
                within: settings.feedback.answer_within_days,
                close_unrated_after_days: settings.feedback.close_unrated_after_days,
                intake_chat: settings.feedback.intake_chat.map(ChatId),
                admins: settings.roles.admins.iter().copied().map(UserId).collect(),
            },
            checkpoints: Checkpoints {
                store: store.clone(),
            },
            pull_refresh: PullRefresh {
                store: store.clone(),
                source: deps.ctx.status_source.clone(),
                deadlines: deps.ctx.deadlines.clone(),
                every: chrono::Duration::minutes(i64::from(settings.status_source.refresh_minutes)),
                per_minute: settings.status_source.refresh_per_minute,
            },
        });
        Ok(Self {
            store,
            broadcasts_wake,
            telegram,
            workers,
            deps,
            metrics,
            listener,
            poll_timeout: Duration::from_secs(u64::from(settings.telegram.poll_timeout_secs)),
            settings,
        })
    }

    /// Where HTTP is served: /healthz, /metrics, the API and the dashboard.
    pub fn http_addr(&self) -> Option<std::net::SocketAddr> {
        self.listener.local_addr().ok()
    }

    pub fn http_port(&self) -> u16 {
        self.http_addr().map_or(0, |a| a.port())
    }

    /// The database the app runs on (the same pool).
    pub fn store(&self) -> Store {
        self.store.clone()
    }

    pub fn metrics(&self) -> Arc<Metrics> {
        self.metrics.clone()
    }

    /// The background jobs, the same ones [`App::run_until_stopped`] runs.
    pub fn workers(&self) -> Arc<Workers<Telegram>> {
        self.workers.clone()
    }

    /// Polls for updates into the inbox, works it off, and serves HTTP until
    /// Ctrl-C or SIGTERM, then stops cleanly (see [`App::run_until`]).
    /// Updates left unfinished by an earlier process come first.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` returns, then stops cleanly within
    /// [`SHUTDOWN_GRACE`]: no new update or request is taken, the handlers
    /// and requests under way finish, the messages handed to Telegram (or
    /// waiting for the pacer) come back and are recorded, and the database
    /// is closed with its WAL checkpointed. What the grace cuts short is
    /// left as a crash leaves it, which loses nothing either.
    pub async fn run_until(
        self,
        stop: impl Future<Output = std::io::Result<()>>,
    ) -> anyhow::Result<()> {
        let (stopping, stopped) = Stop::new();
        let http_stopped = stopped.clone();
        let http = http::serve::serve(
            self.listener,
            http::router(HttpState {
                store: self.store.clone(),
                metrics: self.metrics.clone(),
                contact: self.telegram.contact.clone(),
                api_token: self.settings.api.token.clone(),
                broadcasts_wake: self.broadcasts_wake.clone(),
                i18n: self.deps.ctx.i18n.clone(),
                pacer: self.telegram.pacer.clone(),
                api_limit: Arc::new(http::limit::PerAddress::new(
                    self.settings.http.api_per_minute,
                )),
                backups: self.workers.maintenance.backups.clone(),
                refreshes_pulled: self.workers.pull_refresh.is_on(),
                dashboard: Arc::new(http::dashboard::Dashboard {
                    signer: self.deps.ctx.signer.clone(),
                    roles: self.deps.ctx.roles.clone(),
                    deadlines: self.deps.ctx.deadlines.clone(),
                    index: self.deps.ctx.index,
                    scale: self.deps.ctx.survey.levels,
                    secure: self.settings.http.public_url.scheme() == "https",
                    bot_username: self.deps.ctx.bot_username.clone(),
                }),
            }),
            self.settings.http.clone(),
            async move { http_stopped.wait().await },
        );
        let mut http = tokio::spawn(http);
        let waiting = Arc::new(Waiting::default());
        let handed_to = Handover {
            waiting: waiting.clone(),
            read_ahead: self.deps.read_ahead.clone(),
            bot_username: self.deps.ctx.bot_username.clone(),
        };
        let (menus, roles) = (self.telegram.menus.clone(), self.deps.ctx.roles.clone());
        let inbox = InboxWorker::new(
            self.store.clone(),
            self.deps,
            self.metrics.clone(),
            waiting.clone(),
            CONCURRENT_CHATS,
        );
        // Before the first poll, so that what waited from the last process
        // comes before what arrives now. Should the database be out of reach,
        // new rows wait behind those until the worker can load them.
        inbox.load_logged().await;
        let poller = Poller::new(
            self.telegram.bot.clone(),
            self.store.clone(),
            self.telegram.contact.clone(),
            handed_to,
            self.poll_timeout,
        );
        let loops = async {
            // Cancelling a poll loses nothing: what it brought is confirmed
            // only by the next one, so Telegram sends it again.
            let polling = async {
                tokio::select! {
                    () = poller.run_until_stopped() => {}
                    () = stopped.wait() => {}
                }
            };
            let members = async {
                tokio::select! {
                    () = menus.give_members(&roles) => {}
                    () = stopped.wait() => {}
                }
            };
            tokio::join!(
                polling,
                inbox.run_until(&stopped),
                self.workers.run_until(&stopped),
                members
            );
        };
        tokio::pin!(loops);
        let outcome = tokio::select! {
            () = &mut loops => Ok(()),
            signal = stop => signal.map_err(anyhow::Error::from),
            served = &mut http => Err(match served {
                Ok(()) => anyhow::anyhow!("the HTTP server stopped"),
                Err(error) => error.into(),
            }),
        };
        tracing::info!("stopping: finishing the work under way");
        let _ = stopping.send(true);
        let wind_down = async {
            loops.await;
            inbox.finish_running().await;
            if let Err(error) = self.workers.settle().await {
                tracing::warn!(%error, "messages under way could not all be recorded");
            }
            let _ = http.await;
        };
        if tokio::time::timeout(SHUTDOWN_GRACE, wind_down)
            .await
            .is_err()
        {
            tracing::warn!(
                grace_secs = SHUTDOWN_GRACE.as_secs(),
                "work still under way when the grace ran out is left as a crash leaves it"
            );
        }
        self.store.close().await;
        tracing::info!("stopped");
        outcome
    }
}

/// How long a stopping process finishes its work; under Docker's 10 s
/// between SIGTERM and SIGKILL, so that the database is always closed.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

/// Ctrl-C, or SIGTERM as service managers and `docker stop` send it.
async fn shutdown_signal() -> std::io::Result<()> {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        interrupted = tokio::signal::ctrl_c() => interrupted,
        _ = terminate.recv() => Ok(()),
    }
}

/// The deep-link signer: the configured secret, else the one this database keeps.
/// Refuses to work on another province's units: the built-in ones are Cà
/// Mau's, loaded into any new database.
pub async fn check_units(settings: &Settings, store: &Store) -> Result<(), StartupError> {
    let loaded = crate::store::units::province(&mut *store.read().await?).await?;
    match loaded {
        Some(loaded) if loaded != settings.province.code => Err(StartupError::Units {
            loaded,
            configured: settings.province.code.clone(),
        }),
        _ => Ok(()),
    }
}

pub async fn link_signer(settings: &Settings, store: &Store) -> Result<Signer, StoreError> {
    if let Some(secret) = settings.links.secret.get() {
        return Ok(Signer::new(secret));
    }
    let mut tx = store.begin_write().await?;
    let secret = secrets::secret(&mut tx, "link_signing_key", Signer::generate_secret).await?;
    tx.commit().await?;
    Ok(Signer::new(&secret))
}

/// The roles the configuration gives.
pub fn roles(settings: &Settings) -> Result<Roles, StartupError> {
    Roles::new(
        &settings.roles.admins,
        &settings.roles.staff,
        &settings.roles.staff_agencies,
    )
    .map_err(StartupError::Roles)
}
