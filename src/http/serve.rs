//! Serving connections, hardened for the open internet: a connection must
//! send its request head within a time-out and its body without stalling,
//! at most `max_connections` are served at once (one more is told 503 and
//! closed at once, so a flood of half-open connections never takes the open
//! files the database and Telegram need), and an accept error (such as
//! "too many open files") is waited out, never fatal.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::configuration::HttpSettings;

/// After a failed accept, the pause before the next: the failure (out of
/// files, say) lasts a while, and retrying at once would spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// What a connection beyond the cap is told before it is closed.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n\
Content-Length: 5\r\nConnection: close\r\nRetry-After: 1\r\n\r\nbusy\n";

/// Serves `router` on `listener` until `stop` returns, then waits for the
/// requests under way (the caller bounds how long).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: HttpSettings,
    stop: impl Future<Output = ()>,
) {
    let router = router.layer(RequestBodyTimeoutLayer::new(Duration::from_millis(
        settings.body_timeout_ms,
    )));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_millis(settings.header_timeout_ms));
    let permits = Arc::new(Semaphore::new(settings.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accepting an HTTP connection failed; will retry");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            refuse(&stream);
            continue;
        };
        // Handlers see who called, for the API's per-address limit.
        let service = router.clone().map_request(move |mut request: Request<_>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            // A client gone or timed out is no error of ours.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Tells a connection beyond the cap to come back later, without waiting on it.
fn refuse(stream: &TcpStream) {
    // A new socket's send buffer is empty: the answer fits at once, or the
    // client is gone and there is no one to tell.
    let _ = stream.try_write(BUSY);
}

/// The address a request came from, when it came over a connection.
pub fn peer(request: &Request) -> Option<SocketAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0)
}
