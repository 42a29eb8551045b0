//! The flows' context every in-process benchmark starts from: the defaults,
//! with no per-account limit in the way of the load it drives.

use std::sync::Arc;

use hailong::configuration::HttpSettings;
use hailong::domain::Roles;
use hailong::flows::Context;
use hailong::i18n::I18n;
use hailong::links::Signer;

pub fn bench_context(i18n: Arc<I18n>) -> Context {
    Context {
        i18n,
        province: "Cà Mau".into(),
        bot_username: "bench_bot".into(),
        signer: Signer::new("bench"),
        lookups_per_minute: u32::MAX,
        unknown_lookups_per_minute: u32::MAX,
        broadcast_pace: Default::default(),
        status_source: None,
        survey: Default::default(),
        roles: Arc::new(Roles::default()),
        deadlines: Arc::default(),
        index: Default::default(),
        feedback: Default::default(),
        public_url: HttpSettings::default().public_url,
        upload_limit_bytes: 50_000_000,
        panic_on_text: None,
    }
}
