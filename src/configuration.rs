//! Settings: built-in defaults, then `hailong.toml`, then `HAILONG_<SECTION>_<KEY>`
//! environment variables; the Telegram token and API URL follow teloxide's
//! `TELOXIDE_TOKEN` / `TELOXIDE_API_URL`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use toml::{Table, Value};

pub const DEFAULT_CONFIG_FILE: &str = "hailong.toml";
const ENV_PREFIX: &str = "HAILONG_";
const ENV_CONFIG: &str = "HAILONG_CONFIG";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub http: HttpSettings,
    pub telegram: TelegramSettings,
    pub roles: RoleSettings,
    pub province: ProvinceSettings,
    pub links: LinkSettings,
    pub lookups: LookupSettings,
    pub api: ApiSettings,
    pub status_source: StatusSourceSettings,
    pub survey: SurveySettings,
    pub broadcast: BroadcastSettings,
    pub outbox: OutboxSettings,
    pub calendar: CalendarSettings,
    pub dossiers: DossierSettings,
    pub feedback: FeedbackSettings,
    pub privacy: PrivacySettings,
    pub backup: BackupSettings,
    pub process: ProcessSettings,
    /// What the satisfaction index counts and shows.
    pub index: crate::domain::satisfaction::IndexRules,
}

/// Days added to the built-in working-day calendar (see `domain::calendar`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarSettings {
    /// Public holidays (and days off bridged to one), `YYYY-MM-DD`.
    pub holidays: Vec<chrono::NaiveDate>,
    /// Make-up working days (ngày làm bù), usually Saturdays, `YYYY-MM-DD`.
    pub working_days: Vec<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DossierSettings {
    /// How the promised date moves when a dossier comes back from the
    /// citizen (status 5 or 6): keep, extend or new_date.
    pub clock_restart: crate::domain::deadline::ClockRestart,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutboxSettings {
    /// Notifications handed to Telegram and not yet answered. After a crash at
    /// most this many are reported uncertain.
    pub in_flight: usize,
    /// A notification (or a broadcast's message) Telegram keeps failing with
    /// 5xx or time-outs is tried again until it is this old, then failed.
    pub give_up_after_hours: u32,
    /// The longest wait between two tries of one message, in milliseconds.
    pub retry_cap_ms: u64,
    /// How often the outbox, idle, looks for notifications another process
    /// queued (`hailong import`, `hailong roles`), in milliseconds. What
    /// this process queues wakes it at once.
    pub looks_every_ms: std::num::NonZeroU64,
}

/// Citizen feedback (phản ánh, kiến nghị) and its deadlines.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedbackSettings {
    /// The chat that receives cases no agency's staff chat fits (the
    /// province in general, an agency without a staff chat).
    pub intake_chat: Option<i64>,
    /// A case is answered within this many working days (Ninh Bình: 10,
    /// Đà Nẵng: 3).
    pub answer_within_days: u32,
    /// A citizen may have at most this many open cases.
    pub max_open_per_citizen: u32,
    /// Cases opened by one account within 24 hours beyond this many are held
    /// for review instead of routed: a flood.
    pub hold_after_per_day: u32,
    /// An answered case nobody rated is closed after this many days; 0 never.
    pub close_unrated_after_days: u32,
}

/// How long what citizens wrote is kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacySettings {
    /// Comments, case texts and answers, photos and reasons are erased once
    /// this many days old (2 years by default); the index keeps their counts.
    pub keep_texts_days: u32,
}

/// Backups made by `hailong run` itself, besides `hailong backup`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupSettings {
    /// A copy every this many hours; 0 (the default) makes none.
    pub every_hours: u32,
    /// Where the copies go (created private to the service's user).
    pub folder: std::path::PathBuf,
    /// The newest this many copies are kept; older ones are deleted.
    pub keep: std::num::NonZeroU32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            every_hours: 0,
            folder: "backups".into(),
            keep: std::num::NonZeroU32::MIN.saturating_add(6),
        }
    }
}

impl Default for PrivacySettings {
    fn default() -> Self {
        Self {
            keep_texts_days: 730,
        }
    }
}

impl Default for FeedbackSettings {
    fn default() -> Self {
        Self {
            intake_chat: None,
            answer_within_days: 10,
            max_open_per_citizen: 5,
            hold_after_per_day: 8,
            close_unrated_after_days: 7,
        }
    }
}

impl Default for OutboxSettings {
    fn default() -> Self {
        Self {
            in_flight: 10,
            give_up_after_hours: 24,
            retry_cap_ms: 5_000,
            looks_every_ms: std::num::NonZeroU64::MIN.saturating_add(999),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BroadcastSettings {
    /// Messages handed to Telegram and not yet answered. After a crash at most
    /// this many recipients are reported uncertain; more keeps the pace over
    /// a slow network (30 a second at 300 ms a request needs 9).
    pub in_flight: usize,
    /// Seconds between two edits of the progress message.
    pub progress_every_secs: u64,
    /// Emergency notices: broadcasts are sent with `allow_paid_broadcast`,
    /// at `paid_per_second`, and Telegram charges the bot 0.1 Star a message.
    pub paid: bool,
    /// Messages a second of a paid broadcast; at most 1,000.
    pub paid_per_second: u32,
}

impl Default for BroadcastSettings {
    fn default() -> Self {
        Self {
            in_flight: 10,
            progress_every_secs: 3,
            paid: false,
            paid_per_second: 1_000,
        }
    }
}

/// A question asked after the overall level, in the order listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// How convenient it was, on the same scale as the overall level.
    Convenience,
    /// Officials' attitude, on the same scale as the overall level (scores
    /// an index, see `domain::satisfaction::INDICES`).
    Attitude,
    /// How many offices the citizen had to go to (scores an index, see
    /// `domain::satisfaction::INDICES`).
    Agencies,
    /// What went well: time, attitude, procedure, information, result (any of them).
    WentWell,
    /// What went badly, from the same chips.
    WentBadly,
    /// A free comment of at most 1,000 characters.
    Comment,
}

impl Question {
    /// The name the settings give it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Convenience => "convenience",
            Self::Attitude => "attitude",
            Self::Agencies => "agencies",
            Self::WentWell => "went_well",
            Self::WentBadly => "went_badly",
            Self::Comment => "comment",
        }
    }
}

/// The survey's optional questions, in the order they are asked. Each is
/// listed at most once: a response holds one answer to each question, and
/// the survey finds where it is by the question it is on, so a second
/// `attitude` could never be asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Questions(Vec<Question>);

impl TryFrom<Vec<Question>> for Questions {
    type Error = String;

    fn try_from(questions: Vec<Question>) -> Result<Self, Self::Error> {
        for (i, question) in questions.iter().enumerate() {
            if questions[..i].contains(question) {
                return Err(format!(
                    "`{}` is listed twice; each question is asked once, so list it once",
                    question.name()
                ));
            }
        }
        Ok(Self(questions))
    }
}

impl<'de> Deserialize<'de> for Questions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let questions = Vec::<Question>::deserialize(deserializer)?;
        Self::try_from(questions).map_err(serde::de::Error::custom)
    }
}

impl std::ops::Deref for Questions {
    type Target = [Question];

    fn deref(&self) -> &[Question] {
        &self.0
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SurveySettings {
    /// 3 (Rất hài lòng / Hài lòng / Không hài lòng) or 5 levels.
    pub levels: crate::domain::Scale,
    /// Optional questions after the overall level, skippable, asked in this
    /// order; empty asks only the level.
    pub questions: Questions,
    /// Answering again within this many hours replaces the earlier response.
    pub replace_within_hours: u32,
    /// Responses one Telegram account may give per day before further ones are held for review.
    pub daily_limit: u32,
    /// A reminder to those invited who have not answered; 0 sends none.
    pub reminder_after_hours: u32,
}

impl Default for SurveySettings {
    fn default() -> Self {
        Self {
            levels: crate::domain::Scale::Three,
            questions: Questions(vec![
                Question::Convenience,
                Question::Attitude,
                Question::Agencies,
                Question::WentWell,
                Question::WentBadly,
                Question::Comment,
            ]),
            replace_within_hours: 24,
            daily_limit: 3,
            reminder_after_hours: 24,
        }
    }
}

/// A configured secret: never printed by `{:?}`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret, or None when it is not set.
    pub fn get(&self) -> Option<&str> {
        Some(self.0.trim()).filter(|s| !s.is_empty())
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "(unset)"
        } else {
            "(set)"
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinkSettings {
    /// Signs the deep links printed on receipts. Unset: one is made on first
    /// start and kept in the database.
    pub secret: Secret,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LookupSettings {
    /// Dossier look-ups one user may make per minute.
    pub per_minute: u32,
    /// Look-ups of codes not stored here, by all users together, per minute;
    /// beyond it such look-ups are told to try again later.
    pub unknown_per_minute: u32,
}

impl Default for LookupSettings {
    fn default() -> Self {
        Self {
            per_minute: 20,
            unknown_per_minute: 200,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApiSettings {
    /// Bearer token of the HTTP ingest API; unset disables the API.
    pub token: Secret,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StatusSourceSettings {
    /// A provincial system to ask about codes not stored here, `{code}` standing
    /// for the dossier code; empty turns the pull off.
    pub url: String,
    pub timeout_ms: u64,
    /// How long an answer (found or not) is reused.
    pub cache_secs: u64,
    /// After a failure, how long to answer "unavailable" without asking again.
    pub pause_after_failure_secs: u64,
    /// A followed dossier the source alone keeps current is asked about
    /// again this long after it last was; 0 never.
    pub refresh_minutes: u32,
    /// The most dossiers asked about again in a minute.
    pub refresh_per_minute: u32,
}

impl Default for StatusSourceSettings {
    fn default() -> Self {
        Self {
            url: String::new(),
            timeout_ms: 3000,
            cache_secs: 60,
            pause_after_failure_secs: 30,
            refresh_minutes: 30,
            refresh_per_minute: 60,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// `sqlite://PATH`; the file is created if missing.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpSettings {
    /// Where `/healthz`, `/metrics` and the API listen. Loopback by default:
    /// a container listens on all its interfaces only because its port
    /// mapping decides who reaches it.
    pub addr: SocketAddr,
    /// A connection that has not sent a whole request head within this many
    /// milliseconds is closed (also between two requests of one connection).
    pub header_timeout_ms: u64,
    /// A request body that sends nothing for this many milliseconds is dropped.
    pub body_timeout_ms: u64,
    /// Connections served at once; one more is answered 503 and closed, so
    /// that open files never run out for the database and Telegram.
    pub max_connections: usize,
    /// `/api/v1` requests one client address may make per minute (429 beyond).
    pub api_per_minute: u32,
    /// Where staff reach this server, for the dashboard's login links; an
    /// `https` one also makes the session cookie `Secure`.
    pub public_url: url::Url,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelegramSettings {
    /// Seconds a `getUpdates` long poll waits for news.
    pub poll_timeout_secs: u32,
    /// Seconds a reply is tried again through Telegram's failures (5xx,
    /// time-outs, lost connections) before it is given up.
    pub reply_deadline_secs: u32,
    /// Seconds without one successful call to Telegram before `/healthz` says 503.
    pub unhealthy_after_secs: u32,
    /// Messages a second to all chats together (Telegram's free limit: 30).
    pub messages_per_second: u32,
    /// The largest file the bot sends, in MB: 50 through Telegram's Bot API,
    /// 2000 through a self-hosted Bot API server (`TELOXIDE_API_URL`).
    pub upload_limit_mb: u32,
    /// The bot's username, for deep links made without a token (`hailong qr`).
    pub bot_username: String,
    #[serde(skip)]
    pub token: Option<SecretString>,
    #[serde(skip)]
    pub api_url: Option<url::Url>,
    /// Tests only: a private text equal to this makes its answer panic
    /// halfway (see `flows::Context`). Not read from files or the environment.
    #[doc(hidden)]
    #[serde(skip)]
    pub panic_on_text: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoleSettings {
    /// Telegram user ids with every right.
    pub admins: Vec<i64>,
    /// Telegram user ids of staff, who read the index (`/stats`) and comments.
    pub staff: Vec<i64>,
    /// Staff who may read only some agencies: user id = [agency codes].
    pub staff_agencies: HashMap<String, Vec<String>>,
}

/// How `hailong run` holds the machine.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProcessSettings {
    /// `one` (its threads on one CPU) or `all`.
    pub cpus: crate::telemetry::cpus::Cpus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProvinceSettings {
    /// The province's name as citizens know it, in greetings.
    pub name: String,
    /// The province's GSO code; its units must have been loaded for it
    /// (`hailong import units`), unless it is Cà Mau's, built in.
    pub code: String,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: "sqlite://hailong.db".into(),
        }
    }
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            header_timeout_ms: 10_000,
            body_timeout_ms: 30_000,
            max_connections: 256,
            api_per_minute: 600,
            // A literal that parses: it cannot fail at run time.
            public_url: url::Url::parse("http://127.0.0.1:8080").unwrap_or_else(|_| unreachable!()),
        }
    }
}

impl Default for TelegramSettings {
    fn default() -> Self {
        Self {
            poll_timeout_secs: 10,
            reply_deadline_secs: 600,
            unhealthy_after_secs: 120,
            messages_per_second: 30,
            upload_limit_mb: 50,
            bot_username: String::new(),
            token: None,
            api_url: None,
            panic_on_text: None,
        }
    }
}

impl Default for ProvinceSettings {
    fn default() -> Self {
        Self {
            name: "Cà Mau".into(),
            code: crate::domain::units::DEFAULT_PROVINCE.into(),
        }
    }
}

impl Settings {
    /// The calendar with the configured days, and the clock-restart setting.
    pub fn deadlines(&self) -> crate::domain::deadline::Deadlines {
        crate::domain::deadline::Deadlines::new(
            crate::domain::calendar::Calendar::new(
                &self.calendar.holidays,
                &self.calendar.working_days,
            ),
            self.dossiers.clock_restart,
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("config file {path} is not valid TOML: {reason}")]
    Syntax { path: PathBuf, reason: String },
    #[error("setting `{key}`: {reason}")]
    Invalid { key: String, reason: String },
    #[error("{path}: setting `{key}`: {reason}")]
    InvalidInFile {
        path: PathBuf,
        key: String,
        reason: String,
    },
    #[error("{var} names no setting of hailong; known settings: {known}")]
    UnknownVariable { var: String, known: String },
}

/// Which file to read: the one named by `--config` or `HAILONG_CONFIG`, else
/// `hailong.toml` in the working folder if there is one.
pub fn config_path(named: Option<&Path>) -> Option<PathBuf> {
    named.map(Path::to_owned).or_else(|| {
        let default = PathBuf::from(DEFAULT_CONFIG_FILE);
        default.is_file().then_some(default)
    })
}

/// Builds the settings from defaults, the file at `path`, and `env`.
pub fn load(path: Option<&Path>, env: &HashMap<String, String>) -> Result<Settings, ConfigError> {
    let mut table = Table::try_from(Settings::default()).map_err(|e| ConfigError::Invalid {
        key: "(defaults)".into(),
        reason: e.to_string(),
    })?;
    let mut file = None;
    if let Some(path) = path {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Unreadable {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        let read: Table = text
            .parse()
            .map_err(|e: toml::de::Error| ConfigError::Syntax {
                path: path.to_owned(),
                reason: e.message().to_owned(),
            })?;
        merge(&mut table, read.clone());
        file = Some((path, read));
    }
    let mut vars: Vec<(&String, &String)> = env
        .iter()
        .filter(|(k, _)| k.starts_with(ENV_PREFIX) && k.as_str() != ENV_CONFIG)
        .collect();
    vars.sort();
    let mut from_env = Vec::new();
    for (var, raw) in vars {
        from_env.push((apply_env(&mut table, var, raw)?, var));
    }
    let mut settings: Settings =
        serde_path_to_error::deserialize(Value::Table(table)).map_err(|e| {
            let key = e.path().to_string();
            let reason = e.into_inner().message().to_owned();
            // Named where it was written: by the variable that set it, else
            // in the file that did.
            let setting = key.split('[').next().unwrap_or(&key);
            if let Some((_, var)) = from_env.iter().find(|(set, _)| set == setting) {
                return ConfigError::Invalid {
                    key: (*var).clone(),
                    reason,
                };
            }
            match file {
                Some((path, read)) if sets(&read, &key) => ConfigError::InvalidInFile {
                    path: path.to_owned(),
                    key,
                    reason,
                },
                _ => ConfigError::Invalid { key, reason },
            }
        })?;
    settings.telegram.token = env
        .get("TELOXIDE_TOKEN")
        .filter(|t| !t.trim().is_empty())
        .map(|t| SecretString::from(t.trim().to_owned()));
    if let Some(raw) = env.get("TELOXIDE_API_URL").filter(|u| !u.trim().is_empty()) {
        let url = url::Url::parse(raw.trim()).map_err(|e| ConfigError::Invalid {
            key: "TELOXIDE_API_URL".into(),
            reason: format!("{e}; expected a URL such as http://127.0.0.1:8081"),
        })?;
        settings.telegram.api_url = Some(url);
    }
    Ok(settings)
}

fn merge(base: &mut Table, overlay: Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(base_section)), Value::Table(section)) => {
                merge(base_section, section)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Whether `table` holds the setting at `key` as serde names it
/// (`telegram.poll_timeout_secs`, `roles.staff[0]`).
fn sets(table: &Table, key: &str) -> bool {
    let mut parts = key
        .split('.')
        .map(|part| part.split('[').next().unwrap_or(part));
    let Some(first) = parts.next() else {
        return false;
    };
    let mut value = table.get(first);
    for part in parts {
        value = match value {
            Some(Value::Table(section)) => section.get(part),
            // Deeper than the file wrote: the setting the file gave holds it.
            other => return other.is_some(),
        };
    }
    value.is_some()
}

/// `HAILONG_HTTP_ADDR=…` sets `[http] addr`; the value is read as the type the
/// setting has, and lists are comma-separated. The setting's key, as serde
/// names it (`http.addr`).
fn apply_env(table: &mut Table, var: &str, raw: &str) -> Result<String, ConfigError> {
    let name = var[ENV_PREFIX.len()..].to_ascii_lowercase();
    let mut known = Vec::new();
    for (section_name, section) in table.iter_mut() {
        let Value::Table(section) = section else {
            continue;
        };
        for (key, current) in section.iter_mut() {
            // A table of settings is written in the file alone.
            if current.is_table() {
                continue;
            }
            let full = format!("{section_name}_{key}");
            if full == name {
                *current = env_value(var, raw, current)?;
                return Ok(format!("{section_name}.{key}"));
            }
            known.push(format!("{ENV_PREFIX}{}", full.to_ascii_uppercase()));
        }
    }
    Err(ConfigError::UnknownVariable {
        var: var.to_owned(),
        known: known.join(", "),
    })
}

fn env_value(var: &str, raw: &str, current: &Value) -> Result<Value, ConfigError> {
    let invalid = |expected: &str| ConfigError::Invalid {
        key: var.to_owned(),
        reason: format!("expected {expected}, got `{raw}`"),
    };
    let raw = raw.trim();
    Ok(match current {
        Value::Integer(_) => Value::Integer(raw.parse().map_err(|_| invalid("a whole number"))?),
        Value::Float(_) => Value::Float(raw.parse().map_err(|_| invalid("a number"))?),
        Value::Boolean(_) => Value::Boolean(match raw.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => true,
            "false" | "0" | "no" | "off" => false,
            _ => return Err(invalid("true or false")),
        }),
        Value::Array(_) => Value::Array(
            raw.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| {
                    item.parse::<i64>()
                        .map_or_else(|_| Value::String(item.into()), Value::Integer)
                })
                .collect(),
        ),
        _ => Value::String(raw.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::io::Write;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        f
    }

    #[test]
    fn defaults_need_nothing() {
        let s = load(None, &env(&[])).expect("defaults load");
        assert_eq!(s.database.url, "sqlite://hailong.db");
        assert_eq!(s.http.addr.to_string(), "127.0.0.1:8080");
        assert!(s.telegram.token.is_none());
    }

    #[test]
    fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
        let f = file(
            "[http]\naddr = \"0.0.0.0:9000\"\n[roles]\nadmins = [5]\n[province]\nname = \"Bạc Liêu\"\n",
        );
        let s = load(
            Some(f.path()),
            &env(&[
                ("HAILONG_HTTP_ADDR", "127.0.0.1:9100"),
                ("TELOXIDE_TOKEN", "1:abc"),
            ]),
        )
        .expect("loads");
        assert_eq!(s.http.addr.to_string(), "127.0.0.1:9100");
        assert_eq!(s.roles.admins, vec![5]);
        assert_eq!(s.province.name, "Bạc Liêu");
        assert_eq!(s.telegram.token.expect("token").expose_secret(), "1:abc");
    }

    #[test]
    fn admins_come_comma_separated_from_the_environment() {
        let s = load(None, &env(&[("HAILONG_ROLES_ADMINS", "1, 2,3")])).expect("loads");
        assert_eq!(s.roles.admins, vec![1, 2, 3]);
    }

    #[test]
    fn a_malformed_value_names_the_key_and_what_is_expected() {
        let f = file("[http]\naddr = \"not an address\"\n");
        let err = load(Some(f.path()), &env(&[]))
            .expect_err("rejected")
            .to_string();
        assert!(err.contains("http.addr"), "{err}");
        let err = load(
            None,
            &env(&[("HAILONG_TELEGRAM_POLL_TIMEOUT_SECS", "soon")]),
        )
        .expect_err("rejected")
        .to_string();
        assert!(
            err.contains("HAILONG_TELEGRAM_POLL_TIMEOUT_SECS") && err.contains("whole number"),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_and_variables_are_refused() {
        let f = file("[databse]\nurl = \"x\"\n");
        let err = load(Some(f.path()), &env(&[]))
            .expect_err("rejected")
            .to_string();
        assert!(err.contains("databse"), "{err}");
        let err = load(None, &env(&[("HAILONG_HTTP_PORT", "1")]))
            .expect_err("rejected")
            .to_string();
        assert!(
            err.contains("HAILONG_HTTP_PORT") && err.contains("HAILONG_HTTP_ADDR"),
            "{err}"
        );
    }

    #[test]
    fn an_unreadable_file_names_its_path() {
        let err = load(Some(Path::new("/nonexistent/hailong.toml")), &env(&[]))
            .expect_err("rejected")
            .to_string();
        assert!(err.contains("/nonexistent/hailong.toml"), "{err}");
    }

    #[test]
    fn calendar_days_and_the_clock_restart_come_from_the_file_or_the_environment() {
        let f = file(
            "[calendar]\nholidays = [\"2028-01-26\"]\n[dossiers]\nclock_restart = \"new_date\"\n",
        );
        let s = load(
            Some(f.path()),
            &env(&[("HAILONG_CALENDAR_WORKING_DAYS", "2028-01-22, 2028-02-05")]),
        )
        .expect("loads");
        let day = |raw: &str| raw.parse::<chrono::NaiveDate>().expect("a date");
        assert_eq!(s.calendar.holidays, [day("2028-01-26")]);
        assert_eq!(
            s.calendar.working_days,
            [day("2028-01-22"), day("2028-02-05")]
        );
        assert_eq!(
            s.dossiers.clock_restart,
            crate::domain::deadline::ClockRestart::NewDate
        );
        let calendar = s.deadlines().calendar;
        assert!(!calendar.is_working_day(day("2028-01-26")));
        assert!(calendar.is_working_day(day("2028-01-22")));
        let err = load(None, &env(&[("HAILONG_DOSSIERS_CLOCK_RESTART", "pause")]))
            .expect_err("rejected")
            .to_string();
        assert!(err.contains("HAILONG_DOSSIERS_CLOCK_RESTART"), "{err}");
    }

    #[test]
    fn run_keeps_one_cpu_unless_told_all_and_refuses_anything_else() {
        use crate::telemetry::cpus::Cpus;
        assert_eq!(
            load(None, &env(&[])).expect("loads").process.cpus,
            Cpus::One
        );
        let all = load(None, &env(&[("HAILONG_PROCESS_CPUS", "all")])).expect("loads");
        assert_eq!(all.process.cpus, Cpus::All);
        let err = load(None, &env(&[("HAILONG_PROCESS_CPUS", "2")]))
            .expect_err("rejected")
            .to_string();
        assert!(err.contains("HAILONG_PROCESS_CPUS"), "{err}");
        // An item of a list is named by the variable that gave the list.
        let err = load(None, &env(&[("HAILONG_SURVEY_QUESTIONS", "comment,foo")]))
            .expect_err("rejected")
            .to_string();
        assert!(err.contains("HAILONG_SURVEY_QUESTIONS"), "{err}");
    }

    #[test]
    fn the_example_file_is_a_valid_configuration_and_lists_every_setting() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("hailong.example.toml");
        load(Some(&example), &env(&[])).expect("hailong.example.toml loads");
        let text = std::fs::read_to_string(&example).expect("readable");
        let listed: Table = text.parse().expect("TOML");
        let every = Table::try_from(Settings::default()).expect("the defaults as a table");
        for (section, settings) in &every {
            let Value::Table(settings) = settings else {
                continue;
            };
            for key in settings.keys() {
                let found = listed
                    .get(section)
                    .and_then(Value::as_table)
                    .is_some_and(|listed| listed.contains_key(key));
                assert!(found, "hailong.example.toml lacks [{section}] {key}");
            }
        }
    }

    #[test]
    fn survey_questions_keep_their_order_and_a_question_listed_twice_is_refused() {
        let s = load(
            None,
            &env(&[("HAILONG_SURVEY_QUESTIONS", "comment,attitude")]),
        )
        .expect("loads");
        assert_eq!(*s.survey.questions, [Question::Comment, Question::Attitude]);
        let err = load(
            None,
            &env(&[("HAILONG_SURVEY_QUESTIONS", "comment,attitude,comment")]),
        )
        .expect_err("rejected")
        .to_string();
        assert!(
            err.contains("HAILONG_SURVEY_QUESTIONS") && err.contains("`comment` is listed twice"),
            "{err}"
        );
        assert!(!err.contains('\n'), "one line: {err}");
        let f = file("[survey]\nquestions = [\"attitude\", \"attitude\"]\n");
        let err = load(Some(f.path()), &env(&[]))
            .expect_err("rejected")
            .to_string();
        assert!(
            err.contains("survey.questions") && err.contains("`attitude` is listed twice"),
            "{err}"
        );
    }

    /// The name an error gives a question is the one the settings read.
    #[test]
    fn a_question_is_named_as_the_settings_name_it() {
        let all = SurveySettings::default().questions.0;
        assert_eq!(all.len(), 6, "every question is asked by default");
        for question in all {
            assert_eq!(
                serde_json::to_value(question).ok(),
                Some(serde_json::Value::from(question.name()))
            );
        }
    }

    /// A table of settings (`[roles.staff_agencies]`) is the file's alone:
    /// no variable names it, none is offered.
    #[test]
    fn a_table_of_settings_has_no_variable() {
        let err = load(None, &env(&[("HAILONG_ROLES_STAFF_AGENCIES", "333")]))
            .expect_err("no such variable")
            .to_string();
        assert!(err.contains("names no setting"), "{err}");
        assert!(!err.contains("HAILONG_ROLES_STAFF_AGENCIES,"), "{err}");
    }
}
