//! The HTTP surface under abuse: floods of half-open connections, stalled
//! bodies, one address calling too often.

use std::time::Duration;

use hailong::domain::Language;
use hailong::i18n::Key;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{API_TOKEN, TestApp, citizen};

/// Reads what the server says until it closes the connection (or `within` runs out).
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut said = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => said.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&said).into_owned())
}

/// Lets this process hold the flood's sockets: the usual soft limit is 1,024.
fn raise_open_files_limit(to: libc::rlim_t) {
    // SAFETY: getrlimit/setrlimit only read and write the struct given.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < to {
            limit.rlim_cur = to.min(limit.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[tokio::test]
async fn two_thousand_half_open_connections_leave_healthz_and_telegram_alive() {
    raise_open_files_limit(8_192);
    let mut app = TestApp::spawn_with(|s| {
        s.http.max_connections = 50;
        s.http.header_timeout_ms = 1_000;
    })
    .await;
    let mut flood = Vec::new();
    for _ in 0..2_000 {
        flood.push(
            TcpStream::connect(("127.0.0.1", app.http_port))
                .await
                .expect("the server accepts"),
        );
    }
    // Beyond the cap: told 503 and closed at once.
    let last = flood.last_mut().expect("connections");
    let said = read_until_closed(last, Duration::from_secs(5))
        .await
        .expect("closed at once");
    assert!(said.starts_with("HTTP/1.1 503"), "{said}");
    // Within it: closed once the head has not come in time.
    let first = flood.first_mut().expect("connections");
    let started = tokio::time::Instant::now();
    assert!(
        read_until_closed(first, Duration::from_secs(5))
            .await
            .is_some(),
        "a half-open connection was kept past the header time-out"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    // With the whole flood still open on the client's side.
    assert_eq!(app.get("/healthz").await, (200, "ok\n".to_owned()));
    app.send_text(&citizen(701, Some("en")), "/help").await;
    assert_eq!(
        app.last_message(701).text(),
        Some(app.t(Language::En, Key::Help).as_str())
    );
    drop(flood);
}

#[tokio::test]
async fn a_stalled_body_is_dropped_after_the_time_out() {
    let app = TestApp::spawn_with(|s| s.http.body_timeout_ms = 300).await;
    let mut stream = TcpStream::connect(("127.0.0.1", app.http_port))
        .await
        .expect("connects");
    let head = format!(
        "PUT /api/v1/dossiers/000.00.32.H12-261101-0001 HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer {API_TOKEN}\r\nContent-Type: application/json\r\n\
         Content-Length: 1000\r\n\r\n{{\"status\":"
    );
    stream.write_all(head.as_bytes()).await.expect("sent");
    let started = tokio::time::Instant::now();
    let said = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("the connection was dropped");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(said.starts_with("HTTP/1.1 4"), "{said}");
}

#[tokio::test]
async fn the_bearer_scheme_is_read_in_any_case() {
    let app = TestApp::spawn().await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let status = reqwest::Client::new()
            .get(app.api_url("/broadcasts"))
            .header("authorization", format!("{scheme} {API_TOKEN}"))
            .send()
            .await
            .expect("answers")
            .status();
        assert_eq!(status.as_u16(), 200, "{scheme}");
    }
}

#[tokio::test]
async fn one_address_beyond_its_share_of_the_api_gets_429_and_healthz_goes_on() {
    let app = TestApp::spawn_with(|s| s.http.api_per_minute = 5).await;
    let call = || async {
        reqwest::Client::new()
            .get(app.api_url("/broadcasts"))
            .bearer_auth(API_TOKEN)
            .send()
            .await
            .expect("answers")
    };
    for _ in 0..5 {
        assert_eq!(call().await.status().as_u16(), 200);
    }
    let refused = call().await;
    assert_eq!(refused.status().as_u16(), 429);
    assert_eq!(
        refused
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("60")
    );
    assert_eq!(app.get("/healthz").await.0, 200);
}
