use std::sync::Arc;
use std::time::Duration;

use hailong::bot_api_emulator::{Call, ChatKind, Emulator, Incoming, Person};
use hailong::configuration::Settings;
use hailong::domain::Language;
use hailong::i18n::{I18n, Key};
use hailong::metrics::Metrics;
use hailong::startup::App;
use secrecy::SecretString;
use tempfile::TempDir;
use tokio::task::JoinHandle;

// teloxide waits 10 s after any 5xx before it reports it.
const WAIT: Duration = Duration::from_secs(30);

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
    task: JoinHandle<anyhow::Result<()>>,
    /// Updates pushed since the running instance started.
    pushed: u64,
    i18n: I18n,
    _dir: TempDir,
}

impl TestApp {
    pub async fn spawn() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let fake = Emulator::start().await.expect("emulator starts");
        let mut settings = Settings::default();
        settings.database.url = format!("sqlite://{}", dir.path().join("hailong.db").display());
        settings.http.addr = ([127, 0, 0, 1], 0).into();
        settings.telegram.token = Some(SecretString::from("0:test"));
        settings.telegram.api_url = Some(fake.url().parse().expect("emulator URL"));
        settings.telegram.poll_timeout_secs = 1;
        let (task, metrics, http_port) = start(settings.clone()).await;
        Self {
            fake,
            http_port,
            settings,
            metrics,
            task,
            pushed: 0,
            i18n: I18n::load().expect("locales"),
            _dir: dir,
        }
    }

    /// Stops the running instance, as a crash would, and starts a new one on the same database.
    pub async fn restart(&mut self) {
        assert!(
            self.fake.wait_until_confirmed(WAIT).await,
            "updates left unconfirmed"
        );
        self.task.abort();
        let _ = (&mut self.task).await;
        let (task, metrics, http_port) = start(self.settings.clone()).await;
        self.task = task;
        self.metrics = metrics;
        self.http_port = http_port;
        self.pushed = 0;
    }

    /// Delivers `incoming` from `user` and waits until the bot has handled it.
    pub async fn send(&mut self, user: &Person, incoming: Incoming) -> i64 {
        let update_id = self.fake.push(user, incoming);
        self.wait_handled().await;
        update_id
    }

    pub async fn send_text(&mut self, user: &Person, text: &str) -> i64 {
        let incoming = Incoming::Text {
            chat: ChatKind::Private,
            text: text.to_owned(),
        };
        self.send(user, incoming).await
    }

    /// Telegram delivers `update_id` again; waits until the bot has handled it.
    pub async fn redeliver(&mut self, update_id: i64) {
        assert!(self.fake.deliver_again(update_id), "no update {update_id}");
        self.wait_handled().await;
    }

    /// Taps the button labelled `label` on the latest keyboard in the user's chat.
    pub async fn press(&mut self, user: &Person, label: &str) -> i64 {
        let (message_id, rows) = self
            .fake
            .last_keyboard(user.id)
            .expect("a keyboard in the chat");
        let button = rows
            .into_iter()
            .flatten()
            .find(|b| b.label == label)
            .unwrap_or_else(|| panic!("no button labelled {label}"));
        let data = button.data.expect("a callback button");
        self.send(user, Incoming::Press { message_id, data }).await
    }

    async fn wait_handled(&mut self) {
        self.pushed += 1;
        assert!(
            self.metrics.wait_handled(self.pushed, WAIT).await,
            "the bot did not handle update #{} in time",
            self.pushed
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

    pub fn last_message(&self, chat_id: i64) -> Call {
        self.messages_in(chat_id)
            .pop()
            .expect("the bot said something")
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

async fn start(settings: Settings) -> (JoinHandle<anyhow::Result<()>>, Arc<Metrics>, u16) {
    let app = App::build(settings).await.expect("the app builds");
    let metrics = app.metrics();
    let port = app.http_port();
    (tokio::spawn(app.run_until_stopped()), metrics, port)
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
