//! Optional pull from a provincial one-stop system: a look-up that misses
//! locally asks `[status_source] url` (with `{code}` replaced) and keeps what
//! it learns. Answers are cached for a while, and after a failure the source
//! is left alone for a pause, so a system that is down gets no retry storm.
//!
//! The contract: `200` with a JSON object
//! `{"procedure": {"code", "name"}, "agency": {"code", "name"}, "status": 1..10,
//!   "received_at", "due_at", "returned_at"?, "channel": "direct|online|postal",
//!   "commune_code"?}` (or the old `"district_code"`, read through the
//!   province's units when the answer is kept); `404` when the code is unknown there.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::checks::{Claims, record_problems};
use crate::configuration::StatusSourceSettings;
use crate::domain::moment::{parse_instant, parse_local_date};
use crate::domain::{AgencyCode, Channel, DossierCode, ProcedureCode, Status};
use crate::store::catalog::Names;
use crate::store::dossiers::DossierRecord;

/// What the source said about a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pulled {
    Found(Box<RemoteDossier>),
    NotFound,
    /// Down, slow, or answering nonsense: say so rather than "not found".
    Unavailable,
}

/// A dossier as the source describes it, with the names of what it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteDossier {
    /// `commune` is left empty: the unit's code as the system wrote it is
    /// `unit_code`, read through the province's units by whoever keeps it.
    pub record: DossierRecord,
    pub unit_code: Option<String>,
    pub procedure_name: String,
    pub agency_name: String,
}

impl RemoteDossier {
    pub fn procedure_names(&self) -> Names {
        same_in_every_language(&self.procedure_name)
    }

    pub fn agency_names(&self) -> Names {
        same_in_every_language(&self.agency_name)
    }
}

fn same_in_every_language(name: &str) -> Names {
    Names {
        vi: name.to_owned(),
        en: name.to_owned(),
        km: name.to_owned(),
    }
}

#[derive(Debug, Deserialize)]
struct Wire {
    procedure: WireRef,
    agency: WireRef,
    status: i64,
    received_at: String,
    due_at: String,
    returned_at: Option<String>,
    channel: String,
    #[serde(alias = "district_code")]
    commune_code: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireRef {
    code: String,
    name: String,
}

impl Wire {
    /// The dossier, if the answer keeps to the contract, its times included.
    fn into_remote(self, code: &DossierCode, now: DateTime<Utc>) -> Option<RemoteDossier> {
        let record = DossierRecord {
            code: code.clone(),
            procedure: ProcedureCode::parse(&self.procedure.code).ok()?,
            agency: AgencyCode::parse(&self.agency.code).ok()?,
            commune: None,
            channel: Channel::parse(&self.channel).ok()?,
            received_at: parse_instant(&self.received_at).ok()?,
            due_at: parse_local_date(&self.due_at).ok()?,
            returned_at: match self.returned_at.as_deref() {
                Some(raw) => Some(parse_instant(raw).ok()?),
                None => None,
            },
            status: Status::from_code(self.status).ok()?,
            status_at: None,
            new_due_at: None,
            delay_reason: None,
            steps: None,
        };
        if !record_problems(&Claims::from(&record), now).is_empty() {
            return None;
        }
        let name_ok = |n: &str| !n.trim().is_empty() && n.chars().count() <= 500;
        (name_ok(&self.procedure.name) && name_ok(&self.agency.name)).then(|| RemoteDossier {
            record,
            unit_code: self.commune_code,
            procedure_name: self.procedure.name.trim().to_owned(),
            agency_name: self.agency.name.trim().to_owned(),
        })
    }
}

#[derive(Debug, Default)]
struct Memory {
    answers: HashMap<DossierCode, (Instant, Pulled)>,
    paused_until: Option<Instant>,
}

#[derive(Debug)]
pub struct StatusSource {
    url_template: String,
    client: reqwest::Client,
    cache_for: Duration,
    pause_for: Duration,
    memory: Mutex<Memory>,
}

impl StatusSource {
    /// None when no URL is configured.
    pub fn from_settings(settings: &StatusSourceSettings) -> Result<Option<Self>, reqwest::Error> {
        let template = settings.url.trim();
        if template.is_empty() {
            return Ok(None);
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(settings.timeout_ms))
            .build()?;
        Ok(Some(Self {
            url_template: template.to_owned(),
            client,
            cache_for: Duration::from_secs(settings.cache_secs),
            pause_for: Duration::from_secs(settings.pause_after_failure_secs),
            memory: Mutex::new(Memory::default()),
        }))
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, Memory> {
        self.memory.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether an answer given at `asked` is too old to show at `now`: as
    /// long as the source's answers are reused (`cache_secs`).
    pub fn outdated(&self, asked: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        (now - asked)
            .to_std()
            .is_ok_and(|age| age >= self.cache_for)
    }

    pub async fn fetch(&self, code: &DossierCode) -> Pulled {
        let now = Instant::now();
        {
            let mut memory = self.memory();
            if memory.paused_until.is_some_and(|until| now < until) {
                return Pulled::Unavailable;
            }
            if let Some((at, answer)) = memory.answers.get(code)
                && now.duration_since(*at) < self.cache_for
            {
                return answer.clone();
            }
            memory
                .answers
                .retain(|_, (at, _)| now.duration_since(*at) < self.cache_for);
        }
        let answer = self.ask(code).await;
        let mut memory = self.memory();
        if answer == Pulled::Unavailable {
            memory.paused_until = Some(Instant::now() + self.pause_for);
        } else {
            memory
                .answers
                .insert(code.clone(), (Instant::now(), answer.clone()));
        }
        answer
    }

    async fn ask(&self, code: &DossierCode) -> Pulled {
        // Codes are [A-Z0-9.-]: nothing in them needs escaping in a URL.
        let url = self.url_template.replace("{code}", code.as_str());
        let response = match self.client.get(&url).send().await {
            Ok(response) => response,
            Err(error) => {
                tracing::warn!(error = %error.without_url(), "status source: no answer");
                return Pulled::Unavailable;
            }
        };
        match response.status().as_u16() {
            404 => Pulled::NotFound,
            200 => match response
                .json::<Wire>()
                .await
                .ok()
                .and_then(|w| w.into_remote(code, Utc::now()))
            {
                Some(remote) => Pulled::Found(Box::new(remote)),
                None => {
                    tracing::warn!("status source: an answer outside the contract");
                    Pulled::Unavailable
                }
            },
            status => {
                tracing::warn!(status, "status source: unexpected status");
                Pulled::Unavailable
            }
        }
    }
}
