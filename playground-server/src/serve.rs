//! The accept loop: hyper serving the router, with the socket options and timeouts
//! `axum::serve` does not expose.
//!
//! - `TCP_NODELAY` on every accepted socket. hyper writes a response's head and its
//!   body in two writes; without it Nagle's algorithm holds the second one until the
//!   browser's delayed ACK, about 40 ms later, which would make every streamed chunk,
//!   redirect and book asset late, and the timeline the panels draw a lie.
//! - A header-read timeout, so a client that trickles its request head one byte at a
//!   time (slowloris) is dropped instead of holding a connection open forever.
//! - The peer's address on every request (axum's `ConnectInfo`), which classroom mode's
//!   rate limit uses for clients without a session.
//! - A bounded shutdown: open connections are asked to finish, and whatever is still
//!   open after [`SHUTDOWN_GRACE`] (event streams never end by themselves) is dropped.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt as _;

/// How long a client may take to send a whole request head.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long open connections get to finish once the playground stops.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// Serves `app` on `listener` until `stop` resolves, then drains connections for at
/// most [`SHUTDOWN_GRACE`].
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    stop: impl std::future::Future<Output = ()>,
) {
    let (stopping, stop_watch) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (socket, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a little, never spin.
                        tracing::warn!("cannot accept a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = socket.set_nodelay(true);
                connections.spawn(connection(socket, peer, app.clone(), header_read_timeout, stop_watch.clone()));
            }
            // Reap finished connections so the set does not grow without bound.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = &mut stop => break,
        }
    }
    drop(listener);
    let _ = stopping.send(true);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }
}

/// One HTTP/1.1 connection, upgrades (the live-reload WebSocket) included.
async fn connection(
    socket: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    header_read_timeout: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let app = app.map_request(move |mut request: axum::http::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        request
    });
    let service = TowerToHyperService::new(app);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let connection = builder
        .serve_connection(TokioIo::new(socket), service)
        .with_upgrades();
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = stop.wait_for(|s| *s) => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}
