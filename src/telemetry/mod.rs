//! One tracing subscriber for the process. Logs carry ids and outcomes, never
//! message text, phone numbers or tokens.

pub mod metrics;

use tracing_subscriber::EnvFilter;

/// Logs to standard error, filtered by `RUST_LOG` or else `default_filter`.
pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    // A second init (tests build several apps in one process) keeps the first.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// A stable, non-reversible tag for a chat, so that logs can follow one
/// conversation without recording who it is.
pub fn chat_tag(chat_id: crate::domain::ChatId) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("hailong-chat:{chat_id}").as_bytes());
    hex::encode(&digest[..6])
}
