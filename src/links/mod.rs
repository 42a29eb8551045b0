//! Deep links printed on receipts, and the signatures that make links and
//! buttons unforgeable.
//!
//! A deep-link payload may hold only `A-Za-z0-9_-`, at most 64 characters, and
//! dossier codes contain dots. A payload is an 11-character signature followed
//! by the code with `.` written as `_` (codes never contain `_`, so this is
//! reversible).

pub mod qr;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use chrono::{DateTime, Utc};

use crate::domain::{DossierCode, Language, UserId};

type HmacSha256 = Hmac<Sha256>;

const PAYLOAD_SIG_BYTES: usize = 8; // 11 base64url characters
const PAYLOAD_SIG_CHARS: usize = 11;
const MAX_PAYLOAD: usize = 64;
const BUTTON_SIG_BYTES: usize = 6; // 8 base64url characters
/// A login link is a key to the dashboard: its tag is not shortened much.
const LOGIN_SIG_BYTES: usize = 16;
const RANDOM_ID_BYTES: usize = 24;
/// How long a dashboard login link works after it is made, in minutes.
pub const LOGIN_LINK_MINUTES: i64 = 10;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the code is {0} characters long; a signed link has room for {max}", max = MAX_PAYLOAD - PAYLOAD_SIG_CHARS)]
    CodeTooLong(usize),
    #[error("the link is damaged or was not made by this server")]
    Invalid,
    #[error("the system gives no randomness for a new id")]
    NoRandomness,
}

/// What a dashboard login link says, under the server's signature: who, in
/// which language, when it was made, and its own id (to be used once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginToken {
    pub user: UserId,
    pub lang: Language,
    pub issued: DateTime<Utc>,
    pub id: String,
}

/// A fresh random id, unguessable, in base64url (no `.`): for login links
/// and session cookies, which a clock-made id would not protect.
pub fn random_id() -> Result<String, LinkError> {
    let mut bytes = [0u8; RANDOM_ID_BYTES];
    getrandom::fill(&mut bytes).map_err(|_| LinkError::NoRandomness)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Signs and checks with one server secret.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(…)")
    }
}

impl Signer {
    pub fn new(secret: &str) -> Self {
        Self {
            key: secret.as_bytes().to_vec(),
        }
    }

    /// A fresh random secret, for a server that was not given one.
    pub fn generate_secret() -> String {
        let mut bytes = [0u8; 32];
        if getrandom::fill(&mut bytes).is_err() {
            // No OS randomness: fall back to the clock, still unique per server.
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            bytes[..16].copy_from_slice(&nanos.to_le_bytes());
        }
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn mac(&self, parts: &[&[u8]]) -> HmacSha256 {
        // HMAC accepts keys of any length.
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!());
        for part in parts {
            mac.update(part);
            mac.update(b"\x1f");
        }
        mac
    }

    fn tag(&self, parts: &[&[u8]], bytes: usize) -> String {
        let digest = self.mac(parts).finalize().into_bytes();
        URL_SAFE_NO_PAD.encode(&digest[..bytes])
    }

    fn verify(&self, parts: &[&[u8]], bytes: usize, tag: &str) -> bool {
        let Ok(given) = URL_SAFE_NO_PAD.decode(tag) else {
            return false;
        };
        given.len() == bytes && self.mac(parts).verify_truncated_left(&given).is_ok()
    }

    /// The `start` payload of the deep link for `code`.
    pub fn payload(&self, code: &DossierCode) -> Result<String, LinkError> {
        let encoded = code.as_str().replace('.', "_");
        if PAYLOAD_SIG_CHARS + encoded.len() > MAX_PAYLOAD {
            return Err(LinkError::CodeTooLong(encoded.len()));
        }
        let sig = self.tag(&[b"deep-link", code.as_str().as_bytes()], PAYLOAD_SIG_BYTES);
        Ok(format!("{sig}{encoded}"))
    }

    /// The dossier code a payload made by [`Signer::payload`] carries.
    pub fn open_payload(&self, payload: &str) -> Result<DossierCode, LinkError> {
        if !payload.is_ascii() || payload.len() <= PAYLOAD_SIG_CHARS {
            return Err(LinkError::Invalid);
        }
        let (sig, encoded) = payload.split_at(PAYLOAD_SIG_CHARS);
        let code =
            DossierCode::parse(&encoded.replace('_', ".")).map_err(|_| LinkError::Invalid)?;
        if encoded.contains('.')
            || !self.verify(
                &[b"deep-link", code.as_str().as_bytes()],
                PAYLOAD_SIG_BYTES,
                sig,
            )
        {
            return Err(LinkError::Invalid);
        }
        Ok(code)
    }

    /// A short tag binding a button's data to the one user it was shown to.
    pub fn button_tag(&self, user_id: i64, data: &str) -> String {
        self.tag(
            &[b"button", user_id.to_string().as_bytes(), data.as_bytes()],
            BUTTON_SIG_BYTES,
        )
    }

    /// The `t` of a dashboard login link: `USER.LANG.ISSUED.ID.TAG`.
    pub fn login_token(&self, token: &LoginToken) -> String {
        let body = format!(
            "{}.{}.{}.{}",
            token.user,
            token.lang.code(),
            token.issued.timestamp(),
            token.id
        );
        let tag = self.tag(&[b"dashboard-login", body.as_bytes()], LOGIN_SIG_BYTES);
        format!("{body}.{tag}")
    }

    /// What a token made by [`Signer::login_token`] says; whether it is
    /// still valid or was used already is the caller's question.
    pub fn open_login_token(&self, raw: &str) -> Result<LoginToken, LinkError> {
        let (body, tag) = raw.rsplit_once('.').ok_or(LinkError::Invalid)?;
        if !self.verify(&[b"dashboard-login", body.as_bytes()], LOGIN_SIG_BYTES, tag) {
            return Err(LinkError::Invalid);
        }
        let mut parts = body.split('.');
        let mut part = || parts.next().ok_or(LinkError::Invalid);
        let user = part()?.parse().map_err(|_| LinkError::Invalid)?;
        let lang = Language::parse(part()?).map_err(|_| LinkError::Invalid)?;
        let issued = part()?
            .parse()
            .ok()
            .and_then(|secs| DateTime::from_timestamp(secs, 0))
            .ok_or(LinkError::Invalid)?;
        let id = part()?.to_owned();
        if parts.next().is_some() {
            return Err(LinkError::Invalid);
        }
        Ok(LoginToken {
            user: UserId(user),
            lang,
            issued,
            id,
        })
    }

    pub fn check_button_tag(&self, user_id: i64, data: &str, tag: &str) -> bool {
        self.verify(
            &[b"button", user_id.to_string().as_bytes(), data.as_bytes()],
            BUTTON_SIG_BYTES,
            tag,
        )
    }
}

/// `https://t.me/<bot>?start=<payload>`
pub fn deep_link(bot_username: &str, payload: &str) -> String {
    format!("https://t.me/{bot_username}?start={payload}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> DossierCode {
        DossierCode::parse(raw).expect("valid code")
    }

    #[test]
    fn a_payload_round_trips_and_fits_telegrams_alphabet() {
        let signer = Signer::new("secret");
        let payload = signer
            .payload(&code("000.00.15.H12-211125-0001"))
            .expect("fits");
        assert!(payload.len() <= 64);
        assert!(
            payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'),
            "{payload}"
        );
        assert_eq!(
            signer.open_payload(&payload),
            Ok(code("000.00.15.H12-211125-0001"))
        );
    }

    #[test]
    fn a_tampered_or_foreign_payload_is_refused() {
        let signer = Signer::new("secret");
        let payload = signer
            .payload(&code("000.00.15.H12-211125-0001"))
            .expect("fits");
        let tampered = payload.replace("0001", "0002");
        assert_eq!(signer.open_payload(&tampered), Err(LinkError::Invalid));
        assert_eq!(
            Signer::new("other").open_payload(&payload),
            Err(LinkError::Invalid)
        );
        for junk in ["", "abc", "x".repeat(64).as_str(), "ồồồồồồồồồồồồồ"]
        {
            assert_eq!(signer.open_payload(junk), Err(LinkError::Invalid), "{junk}");
        }
    }

    #[test]
    fn a_code_too_long_for_a_link_says_so() {
        let signer = Signer::new("secret");
        assert_eq!(
            signer.payload(&code(&format!("{}1", "A".repeat(59)))),
            Err(LinkError::CodeTooLong(60))
        );
        assert!(
            signer
                .payload(&code(&format!("{}1", "A".repeat(52))))
                .is_ok()
        );
    }

    #[test]
    fn a_login_token_round_trips_and_refuses_any_change() {
        let signer = Signer::new("secret");
        let token = LoginToken {
            user: UserId(42),
            lang: Language::Km,
            issued: DateTime::from_timestamp(1_790_000_000, 0).expect("a time"),
            id: random_id().expect("randomness"),
        };
        let raw = signer.login_token(&token);
        assert_eq!(signer.open_login_token(&raw), Ok(token));
        let other_user = raw.replacen("42.", "43.", 1);
        assert_eq!(
            signer.open_login_token(&other_user),
            Err(LinkError::Invalid)
        );
        assert_eq!(
            Signer::new("other").open_login_token(&raw),
            Err(LinkError::Invalid)
        );
        for junk in ["", ".", "a.b.c.d.e", "ồ.ồ"] {
            assert_eq!(signer.open_login_token(junk), Err(LinkError::Invalid));
        }
    }

    #[test]
    fn a_button_tag_binds_data_to_one_user() {
        let signer = Signer::new("secret");
        let tag = signer.button_tag(42, "f:7");
        assert_eq!(tag.len(), 8);
        assert!(signer.check_button_tag(42, "f:7", &tag));
        assert!(!signer.check_button_tag(43, "f:7", &tag));
        assert!(!signer.check_button_tag(42, "f:8", &tag));
        assert!(!signer.check_button_tag(42, "f:7", "garbage!"));
    }
}
