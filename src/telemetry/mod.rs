//! One tracing subscriber for the process. Logs carry ids and outcomes, never
//! message text, phone numbers or tokens.

pub mod contact;
pub mod cpus;
pub mod memory;
pub mod metrics;

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::links::Signer;
use crate::store::{Store, StoreError, secrets};

/// Logs to standard error, filtered by `RUST_LOG` or else `default_filter`.
pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    // A second init (tests build several apps in one process) keeps the first.
    // Colours only for a person at a terminal: journald, `docker logs` and
    // log files would keep the escape codes as text.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Tags chats in logs, so that logs can follow one conversation without
/// recording who it is. The tag is keyed (HMAC-SHA256 with a secret this
/// database keeps): chat ids are few enough to hash them all, so a bare hash
/// would be reversed by enumeration.
#[derive(Clone)]
pub struct ChatTags {
    key: Vec<u8>,
}

impl ChatTags {
    pub fn new(secret: &str) -> Self {
        Self {
            key: secret.as_bytes().to_vec(),
        }
    }

    /// The database's key, made on first use.
    pub async fn load(store: &Store) -> Result<Self, StoreError> {
        let mut tx = store.begin_write().await?;
        let secret = secrets::secret(&mut tx, "log_chat_tag_key", Signer::generate_secret).await?;
        tx.commit().await?;
        Ok(Self::new(&secret))
    }

    pub fn tag(&self, chat_id: crate::domain::ChatId) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(&chat_id.0.to_le_bytes());
        hex::encode(&mac.finalize().into_bytes()[..6])
    }
}

impl std::fmt::Debug for ChatTags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChatTags(<key>)")
    }
}

#[cfg(test)]
mod tests {
    use super::ChatTags;
    use crate::domain::ChatId;

    #[test]
    fn tags_are_stable_per_key_and_differ_between_keys() {
        let a = ChatTags::new("one secret");
        let b = ChatTags::new("another secret");
        let (c42, c43) = (ChatId(42), ChatId(43));
        assert_eq!(a.tag(c42), a.tag(c42));
        assert_ne!(a.tag(c42), a.tag(c43));
        assert_ne!(a.tag(c42), b.tag(c42));
        assert_eq!(a.tag(c42).len(), 12);
    }
}
