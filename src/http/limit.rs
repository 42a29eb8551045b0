//! Requests per client address per minute on the API, in fixed one-minute
//! windows. Memory is bounded: at most [`MAX_TRACKED`] addresses are kept,
//! windows past expire as the table fills, and while it is full of live
//! windows a new address is refused rather than the table grown.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::time::Instant;

const WINDOW: Duration = Duration::from_secs(60);
/// About 50 bytes each: the table stays under a megabyte.
pub const MAX_TRACKED: usize = 16_384;

#[derive(Debug)]
pub struct PerAddress {
    per_minute: u32,
    windows: Mutex<HashMap<IpAddr, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

impl PerAddress {
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            windows: Mutex::default(),
        }
    }

    /// Counts one request from `address` at `now`; false (nothing counted)
    /// once it has had its share of this window.
    pub fn allow(&self, address: IpAddr, now: Instant) -> bool {
        // Plain counters: a panic elsewhere while holding them leaves them usable.
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() >= MAX_TRACKED && !windows.contains_key(&address) {
            windows.retain(|_, w| now.duration_since(w.started) < WINDOW);
            if windows.len() >= MAX_TRACKED {
                return false;
            }
        }
        let window = windows.entry(address).or_insert(Window {
            started: now,
            count: 0,
        });
        if now.duration_since(window.started) >= WINDOW {
            *window = Window {
                started: now,
                count: 0,
            };
        }
        if window.count >= self.per_minute {
            return false;
        }
        window.count += 1;
        true
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.windows.lock().map(|w| w.len()).unwrap_or_default()
    }
}

/// Middleware: 429 with `Retry-After` beyond the address's share.
pub async fn per_address(
    State(limit): State<Arc<PerAddress>>,
    request: Request,
    next: Next,
) -> Response {
    let allowed =
        super::serve::peer(&request).is_none_or(|peer| limit.allow(peer.ip(), Instant::now()));
    if allowed {
        return next.run(request).await;
    }
    let body = json!({"error": "too many requests from this address; try again in a minute"});
    let mut response = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u32) -> IpAddr {
        IpAddr::from(n.to_be_bytes())
    }

    #[test]
    fn an_address_gets_its_share_each_minute_and_others_theirs() {
        let limit = PerAddress::new(2);
        let start = Instant::now();
        assert!(limit.allow(ip(1), start));
        assert!(limit.allow(ip(1), start));
        assert!(!limit.allow(ip(1), start));
        assert!(limit.allow(ip(2), start));
        assert!(limit.allow(ip(1), start + WINDOW));
    }

    #[test]
    fn the_table_never_grows_past_its_bound_and_expired_windows_make_room() {
        let limit = PerAddress::new(1);
        let start = Instant::now();
        for n in 0..u32::try_from(MAX_TRACKED).expect("fits") {
            assert!(limit.allow(ip(n), start));
        }
        assert!(!limit.allow(ip(u32::MAX), start), "full of live windows");
        assert_eq!(limit.tracked(), MAX_TRACKED);
        assert!(limit.allow(ip(u32::MAX), start + WINDOW));
        assert_eq!(limit.tracked(), 1);
    }
}
