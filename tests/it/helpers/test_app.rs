use std::sync::Arc;
use std::time::Duration;

use bot_api_emulator::{Call, ChatKind, Emulator, Incoming, Person};
use hailong::cli::import::{What, load};
use hailong::configuration::Settings;
use hailong::domain::Language;
use hailong::domain::satisfaction::{GroupBy, IndexRow};
use hailong::i18n::{I18n, Key};
use hailong::jobs::inbox::wait_finished;
use hailong::jobs::{Progress, Workers};
use hailong::links::Signer;
use hailong::startup::{App, link_signer};
use hailong::store::broadcasts::{self, Summary};
use hailong::store::{Store, inbox};
use hailong::telegram::Telegram;
use hailong::telemetry::metrics::Metrics;
use secrecy::SecretString;
use tempfile::TempDir;
use tokio::task::JoinHandle;

// teloxide waits 10 s after any 5xx before it reports it.
pub const API_TOKEN: &str = "test-token";

/// A small catalog: one commune one-stop shop and two procedures.
const AGENCIES: &str = "code,name_vi,name_en,name_km,commune_code,staff_chat_id
000.00.32.H12,Trung tâm Phục vụ hành chính công xã U Minh,\"Public Administrative Service Centre, U Minh Commune\",មជ្ឈមណ្ឌលបម្រើរដ្ឋបាលសាធារណៈ ឃុំ U Minh,32047,-100777
000.00.05.H12,Sở Tư pháp,Department of Justice,មន្ទីរយុត្តិធម៌,,
";

/// The staff chat of agency 000.00.32.H12 in the seed catalog.
pub const STAFF_CHAT: i64 = -100_777;
const PROCEDURES: &str = "code,name_vi,name_en,name_km,sector,processing_days
1.001193,Đăng ký khai sinh,Birth registration,ការចុះបញ្ជីកំណើត,civil-status,0
2.000815,Chứng thực bản sao từ bản chính,Certified copies,ការបញ្ជាក់ច្បាប់ចម្លង,certification,1
";

/// How long a test waits for the bot to do what it waits for: long enough
/// for a machine busy with the rest of the suite.
pub const WAIT: Duration = Duration::from_secs(30);
/// A job waiting longer than this (a delayed alert) has nothing to do now.
const DRAIN_HORIZON: Duration = Duration::from_secs(10);

/// A Telegram user whose app is set to `lang` (None: the app reports no language).
pub fn citizen(id: i64, lang: Option<&str>) -> Person {
    Person::new(id, lang)
}

/// The application on a fresh database, talking to the Bot API emulator.
pub struct TestApp {
    pub fake: Emulator,
    pub http_port: u16,
    settings: Settings,
    metrics: Arc<Metrics>,
    /// The running instance's own connections to its database.
    live_store: Store,
    /// The running instance's jobs, shared with its own loops; None once it
    /// stopped, so that its sends in flight die with it.
    workers: Option<Arc<Workers<Telegram>>>,
    task: JoinHandle<anyhow::Result<()>>,
    i18n: I18n,
    _dir: TempDir,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// Spawns with settings adjusted by `adjust`.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let fake = Emulator::start().await.expect("emulator starts");
        fake.refuse_strangers();
        let mut settings = Settings::default();
        settings.database.url = format!("sqlite://{}", dir.path().join("hailong.db").display());
        settings.http.addr = ([127, 0, 0, 1], 0).into();
        settings.telegram.token = Some(SecretString::from("0:test"));
        settings.telegram.api_url = Some(fake.url().parse().expect("emulator URL"));
        settings.telegram.poll_timeout_secs = 1;
        settings.api.token = API_TOKEN.into();
        adjust(&mut settings);
        let Started {
            task,
            metrics,
            live_store,
            workers,
            http_port,
        } = start(settings.clone()).await;
        Self {
            fake,
            http_port,
            settings,
            metrics,
            live_store,
            workers: Some(workers),
            task,
            i18n: I18n::load().expect("locales"),
            _dir: dir,
        }
    }

    /// The store behind the running app, as another process would open it.
    pub async fn store(&self) -> Store {
        Store::open(&self.settings.database.url)
            .await
            .expect("the database opens")
    }

    /// The running instance loses its database, as when the disk goes away.
    pub async fn lose_database(&self) {
        self.live_store.close().await;
    }

    /// Loads the small catalog, as `hailong import` would.
    pub async fn seed_catalog(&self) {
        self.load_agencies(AGENCIES).await;
        self.import(What::Procedures, "procedures.csv", PROCEDURES)
            .await;
    }

    /// Adds the agencies of `csv` (the import's columns, with its header) to
    /// the catalog, as `hailong import agencies` would.
    pub async fn load_agencies(&self, csv: &str) {
        self.import(What::Agencies, "agencies.csv", csv).await;
    }

    /// Imports dossier rows (without header), as `hailong import dossiers` would.
    pub async fn import_dossiers(&self, rows: &str) -> String {
        self.import(
            What::Dossiers,
            "dossiers.csv",
            &format!(
                "code,procedure_code,agency_code,status,received_at,due_at,returned_at,channel,commune_code\n{rows}"
            ),
        )
        .await
    }

    /// Imports `csv` (with its header) from a file named `file`, as
    /// `hailong import` does `what`; what the import says it did.
    async fn import(&self, what: What, file: &str, csv: &str) -> String {
        load(&self.store().await, what, file, csv.as_bytes())
            .await
            .unwrap_or_else(|error| panic!("the import loads: {error}"))
    }

    /// The satisfaction index as `hailong index` computes it, over all time.
    pub async fn index(&self, by: Option<GroupBy>) -> Vec<IndexRow> {
        let store = self.store().await;
        let mut conn = store.read().await.expect("a connection");
        let (from, to) = hailong::store::rollup::all_time();
        let figures = hailong::store::rollup::figures(&mut conn, by, from, to, None)
            .await
            .expect("figures");
        // Circular 01 on, so that tests can read the indices the survey stored.
        let rules = hailong::domain::satisfaction::IndexRules {
            circular_01: true,
            ..Default::default()
        };
        figures
            .iter()
            .map(|f| IndexRow::from_figures(f, &rules))
            .collect()
    }

    /// Citizens who have talked to the bot before, as many as a province has.
    pub async fn add_citizens(&self, ids: std::ops::Range<i64>, lang: Option<&str>) {
        let store = self.store().await;
        let mut tx = store.begin_write().await.expect("a transaction");
        for id in ids {
            sqlx::query(
                "INSERT INTO citizens (user_id, client_language, first_seen, last_seen)
                 VALUES (?, ?, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')",
            )
            .bind(id)
            .bind(lang)
            .execute(&mut *tx)
            .await
            .expect("a citizen");
            self.fake.meet(id);
        }
        tx.commit().await.expect("committed");
    }

    /// `user_id` follows the dossier `code`, as after a look-up and 🔔 Follow.
    pub async fn add_follow(&self, user_id: i64, code: &str) {
        let store = self.store().await;
        let mut tx = store.begin_write().await.expect("a transaction");
        sqlx::query(
            "INSERT INTO follows (user_id, dossier_id, created_at)
             SELECT ?, id, '2026-11-01T00:00:00.000Z' FROM dossiers WHERE code = ?",
        )
        .bind(user_id)
        .bind(code)
        .execute(&mut *tx)
        .await
        .expect("a follow");
        tx.commit().await.expect("committed");
    }

    /// Waits until broadcast `id` has finished, or was cancelled and its last
    /// messages in flight have come back; its figures.
    pub async fn wait_for_broadcast(&self, id: i64, within: Duration) -> Summary {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let summary = broadcasts::summary(
                &mut self.store().await.read().await.expect("a connection"),
                id,
            )
            .await
            .expect("a summary")
            .expect("the broadcast exists");
            let in_flight = summary.recipients.pending + summary.recipients.sending;
            let over =
                (summary.state == "finished" || summary.state == "cancelled") && in_flight == 0;
            if over || tokio::time::Instant::now() >= deadline {
                assert!(
                    over,
                    "broadcast #{id} did not finish in {within:?}: {summary:?}"
                );
                return summary;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Successful messages sent to each chat (any method), by chat id.
    pub fn deliveries(&self) -> std::collections::HashMap<i64, usize> {
        let mut counts = std::collections::HashMap::new();
        for call in self.fake.calls() {
            if call.succeeded()
                && call.method.starts_with("send")
                && let Some(chat) = call.chat_id()
            {
                *counts.entry(chat).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Runs the `hailong` binary on this app's database, with `stdin` as its
    /// input. The app's own tasks go on meanwhile: a command waiting for the
    /// write lock must not block the runtime that would release it.
    pub async fn cli(&self, args: &[&str], stdin: &str) -> std::process::Output {
        let dir = self._dir.path().to_owned();
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let url = self.settings.database.url.clone();
        let stdin = stdin.to_owned();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            super::hailong(&dir, &args, &[("HAILONG_DATABASE_URL", &url)], &stdin)
        })
        .await
        .expect("the command runs")
    }

    /// The folder `cli` runs in: where a test puts the files it imports.
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn database_url(&self) -> &str {
        &self.settings.database.url
    }

    pub async fn signer(&self) -> Signer {
        link_signer(&self.settings, &self.store().await)
            .await
            .expect("a signer")
    }

    pub fn api_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/api/v1{path}", self.http_port)
    }

    /// Calls the ingest API with the configured token; returns status and JSON body.
    pub async fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        self.api_raw(method, path, Some(API_TOKEN), body.to_string())
            .await
    }

    /// `GET path` on the app's HTTP server: the status and the body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("http://127.0.0.1:{}{path}", self.http_port))
            .await
            .expect("the HTTP server answers");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }

    pub async fn api_raw(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: String,
    ) -> (u16, serde_json::Value) {
        let mut request = reqwest::Client::new()
            .request(method, self.api_url(path))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the API answers");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// Ticks every job (the running instance's own) until none has anything
    /// left to do now, waiting out the pacer and retries: whatever the bot
    /// owes has then been sent or given up, and counts of calls are final.
    pub async fn drain_jobs(&self) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let workers = self.workers.as_ref().expect("the app is running");
            let progress = workers.tick_all().await.expect("a job's step");
            let now = tokio::time::Instant::now();
            assert!(
                now < deadline,
                "jobs still busy after {WAIT:?}: {progress:?}"
            );
            match progress {
                Progress::Idle => return,
                Progress::Worked(_) => {}
                Progress::WaitUntil(at) if at > now + DRAIN_HORIZON => return,
                Progress::WaitUntil(at) => tokio::time::sleep_until(at).await,
            }
        }
    }

    /// One step of the running instance's maintenance job as at `now`, the
    /// test's own clock; what it did.
    pub async fn tick_maintenance(&self, now: chrono::DateTime<chrono::Utc>) -> Progress {
        let workers = self.workers.as_ref().expect("the app is running");
        workers
            .maintenance
            .tick_at(now)
            .await
            .expect("a tick of the maintenance job")
    }

    /// One tick of the running instance's case deadline job as at `now`.
    pub async fn tick_case_deadlines(&self, now: chrono::DateTime<chrono::Utc>) -> Progress {
        let workers = self.workers.as_ref().expect("the app is running");
        workers
            .case_deadlines
            .tick_at(now)
            .await
            .expect("a tick of the deadline job")
    }

    /// One tick of the running instance's status source refresh as at `now`.
    pub async fn tick_pull_refresh(&self, now: chrono::DateTime<chrono::Utc>) -> Progress {
        let workers = self.workers.as_ref().expect("the app is running");
        workers
            .pull_refresh
            .tick_at(now)
            .await
            .expect("a tick of the status source refresh")
    }

    /// Waits until `chat_id` has received at least `count` messages; fails
    /// the test with what it got if they do not come.
    pub async fn wait_for_messages(&self, chat_id: i64, count: usize) -> Vec<Call> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let messages = self.messages_in(chat_id);
            if messages.len() >= count {
                return messages;
            }
            let texts: Vec<_> = messages.iter().map(|m| m.text()).collect();
            assert!(
                tokio::time::Instant::now() < deadline,
                "chat {chat_id} got {} messages in {WAIT:?}, not {count}: {texts:#?}",
                messages.len()
            );
            self.fake
                .wait_for_calls(self.fake.call_count() + 1, Duration::from_millis(200))
                .await;
        }
    }

    /// Stops the running instance, as a crash would, and starts a new one on the same database.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.start_again().await;
    }

    /// Stops the running instance, as a crash would.
    pub async fn stop(&mut self) {
        assert!(
            self.fake.wait_until_confirmed(WAIT).await,
            "updates left unconfirmed"
        );
        self.task.abort();
        let _ = (&mut self.task).await;
        self.workers = None;
    }

    /// Starts a new instance on the same database and emulator.
    pub async fn start_again(&mut self) {
        let started = start(self.settings.clone()).await;
        self.task = started.task;
        self.metrics = started.metrics;
        self.live_store = started.live_store;
        self.workers = Some(started.workers);
        self.http_port = started.http_port;
    }

    /// Delivers `incoming` from `user` and waits until the bot has handled it.
    pub async fn send(&mut self, user: &Person, incoming: Incoming) -> i64 {
        let update_id = self.fake.push(user, incoming);
        self.wait_handled(update_id).await;
        update_id
    }

    pub async fn send_text(&mut self, user: &Person, text: &str) -> i64 {
        let incoming = Incoming::Text {
            chat: ChatKind::Private,
            text: text.to_owned(),
        };
        self.send(user, incoming).await
    }

    /// Telegram delivers `update_id` again; waits until the bot has received
    /// it again and is done with it.
    pub async fn redeliver(&mut self, update_id: i64) {
        let key = hailong::telegram::update_key(update_id);
        let store = self.store().await;
        let deliveries = || async {
            inbox::deliveries(&mut store.read().await.expect("a connection"), &key)
                .await
                .expect("the inbox reads")
        };
        let before = deliveries().await;
        assert!(self.fake.deliver_again(update_id), "no update {update_id}");
        let deadline = tokio::time::Instant::now() + WAIT;
        while deliveries().await == before {
            assert!(
                tokio::time::Instant::now() < deadline,
                "update {update_id} was not received again"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.wait_handled(update_id).await;
    }

    /// `user` writes `text` in the group `chat`.
    pub async fn send_in(&mut self, user: &Person, chat: i64, text: &str) -> i64 {
        let incoming = Incoming::Text {
            chat: ChatKind::Group(chat),
            text: text.to_owned(),
        };
        self.send(user, incoming).await
    }

    /// `user` replies with `text` to message `to` in `chat`: a group, or
    /// their private chat when `chat` is their id.
    pub async fn reply_to(&mut self, user: &Person, chat: i64, to: i64, text: &str) -> i64 {
        let chat = if chat == user.id {
            ChatKind::Private
        } else {
            ChatKind::Group(chat)
        };
        let incoming = Incoming::Reply {
            chat,
            to,
            text: text.to_owned(),
        };
        self.send(user, incoming).await
    }

    /// Taps the button labelled `label` on the latest keyboard in the user's chat.
    pub async fn press(&mut self, user: &Person, label: &str) -> i64 {
        self.press_in(user, user.id, label).await
    }

    /// `user` taps the button labelled `label` on the latest keyboard in `chat`.
    pub async fn press_in(&mut self, user: &Person, chat: i64, label: &str) -> i64 {
        let (message_id, rows) = self
            .fake
            .last_keyboard(chat)
            .expect("a keyboard in the chat");
        let button = rows
            .into_iter()
            .flatten()
            .find(|b| b.label == label)
            .unwrap_or_else(|| panic!("no button labelled {label}"));
        let data = button.data.expect("a callback button");
        self.send(user, Incoming::Press { message_id, data }).await
    }

    /// Waits until the bot is done with `update_id` (answered and replied,
    /// or failed), as its inbox row in the database says.
    pub async fn wait_handled(&self, update_id: i64) {
        let key = hailong::telegram::update_key(update_id);
        let finished = wait_finished(&self.store().await, &key, WAIT)
            .await
            .expect("the inbox reads");
        assert!(
            finished,
            "the bot did not handle update {update_id} in time"
        );
    }

    /// Messages sent or edited in `chat_id`, oldest first.
    pub fn messages_in(&self, chat_id: i64) -> Vec<Call> {
        self.fake
            .calls()
            .into_iter()
            .filter(|c| c.chat_id() == Some(chat_id))
            .filter(|c| {
                matches!(
                    c.method.as_str(),
                    "sendMessage" | "editMessageText" | "sendPhoto"
                )
            })
            .collect()
    }

    /// Each code looked up by a new citizen of its own (ids from `first_id`,
    /// English): the text each was answered.
    pub async fn look_up_as_new_citizens(
        &mut self,
        first_id: i64,
        codes: &[String],
    ) -> Vec<String> {
        let mut said = Vec::new();
        for (user_id, code) in (first_id..).zip(codes) {
            self.send_text(&citizen(user_id, Some("en")), code).await;
            said.push(self.last_text(user_id));
        }
        said
    }

    pub fn last_message(&self, chat_id: i64) -> Call {
        self.messages_in(chat_id)
            .pop()
            .expect("the bot said something")
    }

    /// The text of the last message to `chat_id`; empty for one without
    /// text (a photo, a document).
    pub fn last_text(&self, chat_id: i64) -> String {
        self.last_message(chat_id)
            .text()
            .unwrap_or_default()
            .to_owned()
    }

    /// Every message sent or edited and every button acknowledged, in any chat.
    pub fn answers(&self) -> Vec<Call> {
        let kinds = [
            "sendMessage",
            "editMessageText",
            "sendPhoto",
            "answerCallbackQuery",
        ];
        self.fake
            .calls()
            .into_iter()
            .filter(|c| kinds.contains(&c.method.as_str()))
            .collect()
    }

    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        self.fake
            .calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    /// The text of the last answer to a button tap (its toast), if it had one.
    pub fn last_toast(&self) -> Option<String> {
        self.calls_of("answerCallbackQuery")
            .pop()
            .and_then(|call| call.text().map(str::to_owned))
    }

    pub fn errors(&self) -> u64 {
        self.metrics.errors()
    }

    pub fn t(&self, lang: Language, key: Key) -> String {
        self.i18n.t(lang, key)
    }

    pub fn t_args(&self, lang: Language, key: Key, args: &[(&str, &str)]) -> String {
        let args: Vec<_> = args.iter().map(|(k, v)| (*k, (*v).into())).collect();
        self.i18n.t_args(lang, key, &args)
    }
}

struct Started {
    task: JoinHandle<anyhow::Result<()>>,
    metrics: Arc<Metrics>,
    live_store: Store,
    workers: Arc<Workers<Telegram>>,
    http_port: u16,
}

async fn start(settings: Settings) -> Started {
    let app = App::build(settings).await.expect("the app builds");
    Started {
        metrics: app.metrics(),
        live_store: app.store(),
        workers: app.workers(),
        http_port: app.http_port(),
        task: tokio::spawn(app.run_until_stopped()),
    }
}

impl Drop for TestApp {
    /// Every test also checks that the bot never sent what Telegram would refuse.
    fn drop(&mut self) {
        self.task.abort();
        if !std::thread::panicking() {
            let violations = self.fake.violations();
            assert!(violations.is_empty(), "Bot API violations: {violations:#?}");
        }
    }
}
