//! A Bot API server on loopback that behaves like Telegram's as far as the bot
//! can tell: it queues updates for `getUpdates`, answers every method the
//! published spec lists, rejects what Telegram rejects, and can fail on demand
//! (429 with `retry_after`, 403, 5xx). `hailong console` talks to the bot
//! through it; the integration tests use it as their fake Telegram.

mod html;
mod objects;
mod server;
pub mod spec;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use tokio::sync::Notify;

pub use objects::{Button, ChatKind, Person};
use spec::Spec;

pub const BOT_ID: i64 = 7_000_000_001;
pub const BOT_USERNAME: &str = "hailong_demo_bot";

/// One request the bot made, as the emulator understood it.
#[derive(Debug, Clone)]
pub struct Call {
    /// The method's name as the spec spells it (`sendMessage`), whatever case the bot used.
    pub method: String,
    pub params: Map<String, Value>,
    /// The HTTP status the emulator answered with.
    pub status: u16,
    /// When the request arrived.
    pub at: Instant,
}

impl Call {
    pub fn chat_id(&self) -> Option<i64> {
        self.params.get("chat_id").and_then(Value::as_i64)
    }

    pub fn text(&self) -> Option<&str> {
        self.params
            .get("text")
            .or_else(|| self.params.get("caption"))
            .and_then(Value::as_str)
    }

    pub fn buttons(&self) -> Vec<Vec<Button>> {
        objects::buttons_of(self.params.get("reply_markup"))
    }

    pub fn succeeded(&self) -> bool {
        self.status == 200
    }
}

/// A failure the emulator answers with instead of doing what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// 429 Too Many Requests with `parameters.retry_after` in seconds.
    RetryAfter(u32),
    /// 403: the user blocked the bot.
    Forbidden,
    /// A 5xx from Telegram's side, such as 502.
    ServerError(u16),
    /// The connection drops before an answer, as when Telegram is
    /// unreachable; recorded with status 0.
    Unreachable,
    /// 401: the token is not (or no longer) a bot's.
    Unauthorized,
}

/// What arrives from a user, to be wrapped in an `Update`.
#[derive(Debug, Clone)]
pub enum Incoming {
    Text {
        chat: ChatKind,
        text: String,
    },
    EditedText {
        text: String,
    },
    Sticker,
    Photo,
    /// A photo with a caption and its formatting (Telegram `MessageEntity` objects).
    CaptionedPhoto {
        caption: String,
        entities: Value,
    },
    /// A text with formatting (Telegram `MessageEntity` objects).
    Formatted {
        text: String,
        entities: Value,
    },
    ChannelPost {
        text: String,
    },
    Press {
        message_id: i64,
        data: String,
    },
    /// A text that replies to message `to` in the chat it is written in.
    Reply {
        chat: ChatKind,
        to: i64,
        text: String,
    },
}

/// Telegram's limits for messages, enforced with 429s when switched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Messages per second to all chats together (Telegram: about 30).
    pub per_second: usize,
    /// Seconds between two messages to one chat (Telegram: about 1).
    pub per_chat_interval: Duration,
    /// Messages per second to all chats together when they are sent with
    /// `allow_paid_broadcast` (Telegram: up to 1000); the others still count
    /// against `per_second` alone.
    pub paid_per_second: usize,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            per_second: 30,
            per_chat_interval: Duration::from_secs(1),
            paid_per_second: 1000,
        }
    }
}

/// Messages sent recently, for the rate limits.
#[derive(Default)]
struct Pace {
    /// Sent without `allow_paid_broadcast`, in the last second.
    recent: VecDeque<Instant>,
    /// Every message of the last second.
    recent_all: VecDeque<Instant>,
    last_to_chat: HashMap<i64, Instant>,
}

impl Pace {
    /// Counts a message to `chat_id` now, paid (`allow_paid_broadcast`) or
    /// not; the seconds to wait if it is over a limit.
    fn admit(&mut self, limits: RateLimits, chat_id: i64, paid: bool) -> Option<u32> {
        let now = Instant::now();
        for recent in [&mut self.recent, &mut self.recent_all] {
            while recent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
            {
                recent.pop_front();
            }
        }
        let over = if paid {
            self.recent_all.len() >= limits.paid_per_second
        } else {
            self.recent.len() >= limits.per_second
        };
        let chat_wait = self
            .last_to_chat
            .get(&chat_id)
            .map(|t| {
                limits
                    .per_chat_interval
                    .saturating_sub(now.duration_since(*t))
            })
            .filter(|wait| !wait.is_zero());
        if over || chat_wait.is_some() {
            let wait = chat_wait.unwrap_or(Duration::from_secs(1));
            return Some(
                u32::try_from(wait.as_secs_f64().ceil() as u64)
                    .unwrap_or(1)
                    .max(1),
            );
        }
        if !paid {
            self.recent.push_back(now);
        }
        self.recent_all.push_back(now);
        self.last_to_chat.insert(chat_id, now);
        None
    }
}

#[derive(Default)]
struct Inner {
    limits: Option<RateLimits>,
    pace: Pace,
    next_update_id: i64,
    next_message_id: i64,
    pending: VecDeque<Value>,
    /// Updates to deliver again whatever offset the bot confirmed, as after a
    /// crash between handling an update and confirming it.
    redeliver: VecDeque<Value>,
    /// Every update ever queued, by id, so one can be delivered again.
    delivered: HashMap<i64, Value>,
    calls: Vec<Call>,
    violations: Vec<String>,
    faults: HashMap<String, VecDeque<Fault>>,
    /// Faults for the next messages to one chat, whatever the method.
    chat_faults: HashMap<i64, VecDeque<Fault>>,
    /// Until then every message fails so: Telegram is down.
    outage: Option<(Instant, Fault)>,
    /// Photos Telegram keeps, by file id: what a `photo` given as a string may name.
    files: HashSet<String>,
    uploads: i64,
    /// Every uploaded file's name and bytes, in the order they came.
    uploaded: Vec<(String, Vec<u8>)>,
    blocked: HashSet<i64>,
    /// Users who wrote to the bot: Telegram knows a private chat only then,
    /// and refuses a command menu scoped to one it does not know.
    met: HashSet<i64>,
    /// Whether a message to a private chat not in `met` is refused too, as
    /// Telegram refuses it; off for callers that send to made-up recipients.
    refuses_strangers: bool,
    /// Every `n`th call of any method fails with the fault.
    every_nth: Option<(usize, Fault)>,
    /// Calls counted for `every_nth`.
    counted: usize,
    /// While set, every call answers 502, as during an outage.
    down: bool,
    /// While set, every call answers 401: the token was revoked.
    revoked: bool,
    /// Every message in every chat, by (chat id, message id), so that a
    /// callback query can carry the message its button belongs to.
    messages: HashMap<(i64, i64), Value>,
}

struct Shared {
    spec: Spec,
    inner: Mutex<Inner>,
    updates_queued: Notify,
    call_recorded: Notify,
}

impl Inner {
    fn all_confirmed(&self) -> bool {
        self.pending.is_empty() && self.redeliver.is_empty()
    }

    /// The fault an outage or `fail_every` gives this call, whatever its method.
    fn general_fault(&mut self) -> Option<Fault> {
        if self.revoked {
            return Some(Fault::Unauthorized);
        }
        if self.down {
            return Some(Fault::ServerError(502));
        }
        let (n, fault) = self.every_nth?;
        self.counted += 1;
        self.counted.is_multiple_of(n).then_some(fault)
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep serving.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[derive(Clone)]
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
}

impl Emulator {
    /// Binds `127.0.0.1:0` and serves until the runtime stops.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_after(0).await
    }

    /// Like [`Emulator::start`], numbering updates after `last_update_id`, as
    /// Telegram keeps counting for a bot whose database remembers earlier ones.
    pub async fn start_after(last_update_id: i64) -> anyhow::Result<Self> {
        let shared = Arc::new(Shared {
            spec: Spec::bundled()?,
            inner: Mutex::new(Inner {
                next_update_id: last_update_id + 1,
                next_message_id: 1,
                files: HashSet::from([objects::USER_PHOTO.to_owned()]),
                ..Inner::default()
            }),
            updates_queued: Notify::new(),
            call_recorded: Notify::new(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let router = server::router(shared.clone());
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                tracing::error!(%error, "the Bot API emulator stopped");
            }
        });
        Ok(Self { shared, addr })
    }

    /// The base URL to give the bot as its API URL.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Queues the update `from` sends and returns its `update_id`.
    pub fn push(&self, from: &Person, incoming: Incoming) -> i64 {
        let mut inner = self.shared.lock();
        inner.met.insert(from.id);
        let update_id = inner.next_update_id;
        inner.next_update_id += 1;
        let date = chrono::Utc::now().timestamp();
        let body = match incoming {
            Incoming::Press { message_id, data } => {
                // Message ids are unique across chats here: a button in a
                // group is found as well as one in the presser's own chat.
                let message = inner
                    .messages
                    .iter()
                    .find(|((_, id), _)| *id == message_id)
                    .map(|(_, message)| message.clone());
                objects::callback_query(update_id, from, message, &data)
            }
            Incoming::Reply { chat, to, text } => {
                let chat_id = match chat {
                    ChatKind::Private => from.id,
                    ChatKind::Group(id) => id,
                };
                let replied = inner.messages.get(&(chat_id, to)).cloned();
                let message_id = inner.next_message_id;
                inner.next_message_id += 1;
                let (key, mut message) =
                    objects::user_message(from, message_id, date, Incoming::Text { chat, text });
                if let (Some(replied), Some(obj)) = (replied, message.as_object_mut()) {
                    obj.insert("reply_to_message".into(), replied);
                }
                inner
                    .messages
                    .insert((chat_id, message_id), message.clone());
                (key, message)
            }
            other => {
                let message_id = inner.next_message_id;
                inner.next_message_id += 1;
                let (key, message) = objects::user_message(from, message_id, date, other);
                if let Some(chat_id) = message.pointer("/chat/id").and_then(Value::as_i64) {
                    inner
                        .messages
                        .insert((chat_id, message_id), message.clone());
                }
                (key, message)
            }
        };
        let mut update = Map::new();
        update.insert("update_id".into(), update_id.into());
        update.insert(body.0.into(), body.1);
        let update = Value::Object(update);
        let mut problems = Vec::new();
        self.shared
            .spec
            .check_value(&update, "Update", "update", &mut problems);
        inner.violations.extend(
            problems
                .into_iter()
                .map(|p| format!("emulator built a bad {p}")),
        );
        inner.delivered.insert(update_id, update.clone());
        inner.pending.push_back(update);
        drop(inner);
        self.shared.updates_queued.notify_waiters();
        update_id
    }

    /// Delivers update `update_id` once more, as Telegram does when it did not
    /// see the bot confirm it; false if there was no such update.
    pub fn deliver_again(&self, update_id: i64) -> bool {
        let mut inner = self.shared.lock();
        let Some(update) = inner.delivered.get(&update_id).cloned() else {
            return false;
        };
        inner.redeliver.push_back(update);
        drop(inner);
        self.shared.updates_queued.notify_waiters();
        true
    }

    /// Waits until the bot has confirmed every queued update; false on time-out.
    pub async fn wait_until_confirmed(&self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        while !self.shared.lock().all_confirmed() {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        true
    }

    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// The calls from number `start` on: cheaper than [`Emulator::calls`]
    /// when a long run has recorded many.
    pub fn calls_from(&self, start: usize) -> Vec<Call> {
        self.shared
            .lock()
            .calls
            .get(start..)
            .map(<[Call]>::to_vec)
            .unwrap_or_default()
    }

    /// Drops the calls and messages recorded so far, so that a benchmark with
    /// a hundred thousand citizens keeps its own memory flat; counting starts
    /// again from 0 and earlier messages can no longer be tapped.
    pub fn forget_calls(&self) {
        let mut inner = self.shared.lock();
        inner.calls.clear();
        inner.messages.clear();
    }

    /// Every uploaded file's name and bytes, oldest first.
    pub fn uploads(&self) -> Vec<(String, Vec<u8>)> {
        self.uploads_from(0)
    }

    /// The uploaded files from number `start` on, oldest first.
    pub fn uploads_from(&self, start: usize) -> Vec<(String, Vec<u8>)> {
        self.shared
            .lock()
            .uploaded
            .get(start..)
            .map(<[_]>::to_vec)
            .unwrap_or_default()
    }

    /// The bytes of every file uploaded under `file_name`, oldest first.
    pub fn uploads_named(&self, file_name: &str) -> Vec<Vec<u8>> {
        self.shared
            .lock()
            .uploaded
            .iter()
            .filter(|(name, _)| name == file_name)
            .map(|(_, bytes)| bytes.clone())
            .collect()
    }

    pub fn call_count(&self) -> usize {
        self.shared.lock().calls.len()
    }

    /// Every request Telegram would have refused, with the reason.
    pub fn violations(&self) -> Vec<String> {
        self.shared.lock().violations.clone()
    }

    /// Returns and forgets the violations seen so far.
    pub fn take_violations(&self) -> Vec<String> {
        std::mem::take(&mut self.shared.lock().violations)
    }

    /// The next call of `method` fails with `fault` instead of succeeding.
    pub fn fail_next(&self, method: &str, fault: Fault) {
        self.shared
            .lock()
            .faults
            .entry(method.to_ascii_lowercase())
            .or_default()
            .push_back(fault);
    }

    /// The next message sent to `chat_id` fails with `fault`.
    pub fn fail_chat(&self, chat_id: i64, fault: Fault) {
        self.shared
            .lock()
            .chat_faults
            .entry(chat_id)
            .or_default()
            .push_back(fault);
    }

    /// From now on every `n`th call, of any method `getUpdates` included,
    /// fails with `fault`.
    pub fn fail_every(&self, n: usize, fault: Fault) {
        let mut inner = self.shared.lock();
        inner.every_nth = Some((n.max(1), fault));
        inner.counted = 0;
    }

    /// The bot's token is revoked (@BotFather's /revoke): every call
    /// answers 401 from now on.
    pub fn revoke_token(&self) {
        self.shared.lock().revoked = true;
    }

    /// Telegram goes down (`true`: every call answers 502, a waiting poll
    /// too) or comes back.
    pub fn set_down(&self, down: bool) {
        self.shared.lock().down = down;
        self.shared.updates_queued.notify_waiters();
    }

    /// For `duration` from now every message sent fails with `fault` (a 5xx,
    /// a dropped connection), as during an outage on Telegram's side.
    pub fn down_for(&self, duration: Duration, fault: Fault) {
        self.shared.lock().outage = Some((Instant::now() + duration, fault));
    }

    /// From now on, messages over Telegram's rate limits answer 429 with `retry_after`.
    pub fn enforce_limits(&self, limits: RateLimits) {
        self.shared.lock().limits = Some(limits);
    }

    /// How many calls were answered with `status`.
    pub fn answered_with(&self, status: u16) -> usize {
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|c| c.status == status)
            .count()
    }

    /// `user` has opened the bot: Telegram knows their chat from now on, as
    /// after their first message.
    pub fn meet(&self, user: i64) {
        self.shared.lock().met.insert(user);
    }

    /// From now on a message to the private chat of a user who has never
    /// opened the bot ([`Emulator::meet`]) answers 403, as Telegram's does:
    /// a bot cannot begin a conversation.
    pub fn refuse_strangers(&self) {
        self.shared.lock().refuses_strangers = true;
    }

    /// From now on every send to `chat_id` answers 403, as when a user blocks the bot.
    pub fn block(&self, chat_id: i64) {
        self.shared.lock().blocked.insert(chat_id);
    }

    /// Waits until at least `count` calls are recorded; false on time-out.
    pub async fn wait_for_calls(&self, count: usize, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.call_recorded.notified();
            if self.call_count() >= count {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.call_count() >= count;
            }
        }
    }

    /// The id and buttons of the latest message in `chat_id` that has an inline keyboard.
    pub fn last_keyboard(&self, chat_id: i64) -> Option<(i64, Vec<Vec<Button>>)> {
        let inner = self.shared.lock();
        inner
            .messages
            .iter()
            .filter(|((chat, _), m)| *chat == chat_id && m.get("reply_markup").is_some())
            .max_by_key(|((_, id), _)| *id)
            .map(|((_, id), m)| (*id, objects::buttons_of(m.get("reply_markup"))))
    }
}
