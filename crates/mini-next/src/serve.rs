//! How every example runs: the contract the playground and the recorder rely on.
//!
//! - Binds `127.0.0.1:$PORT`; `PORT=0` (or no `PORT`) picks a free port.
//! - Prints `listening on http://127.0.0.1:<port>` as its first stdout line.
//! - Honours `BASE_PATH` (e.g. `/x/api-routes`) the way Next.js `basePath` does: every
//!   route answers under that prefix, which is how the playground proxies it.
//! - Gzips answers the way `next start` does (see [`crate::compress`]).
//! - Redirects `/path/` to `/path` with `308 Permanent Redirect`, as Next.js does for
//!   every route when `trailingSlash` is off (its default).
//! - Stops cleanly on Ctrl-C or SIGTERM.

use axum::Router;
use std::io::Write as _;

/// Serves `app` following the contract above. Returns when the process is told to stop.
pub async fn serve(app: Router) -> std::io::Result<()> {
    let port: u16 = match std::env::var("PORT") {
        Ok(p) => p.parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("PORT must be a number from 0 to 65535, got {p:?}"),
            )
        })?,
        Err(_) => 0,
    };
    let base_path = std::env::var("BASE_PATH").unwrap_or_default();
    let app = with_base_path(app, &base_path)
        .layer(axum::middleware::from_fn(redirect_trailing_slash))
        .layer(axum::middleware::from_fn(crate::compress::gzip));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    // The first line is a contract; flush so a reader of our pipe sees it at once.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on http://{addr}")?;
    stdout.flush()?;
    drop(stdout);
    // Like Node, send small writes at once: without TCP_NODELAY the kernel may hold
    // a streamed chunk back ~40 ms waiting to fill a packet, which would blur the
    // chunk timing the book shows.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(stop_signal())
        .await
}

/// Nests `app` under `base_path` (`""` or `"/"` leaves it at the root).
pub fn with_base_path(app: Router, base_path: &str) -> Router {
    let base = base_path.trim_end_matches('/');
    if base.is_empty() {
        app
    } else {
        Router::new().nest(base, app)
    }
}

/// The base path a request came in under: the prefix [`with_base_path`] stripped
/// (`/x/server-actions` behind the playground, `""` when served alone). A page needs
/// it to write URLs the browser can follow, as Next.js prefixes `basePath`.
pub fn base_path_of(request: &axum::extract::Request) -> String {
    let inner = request.uri().path();
    let original = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or(inner, |uri| uri.0.path());
    original.strip_suffix(inner).unwrap_or("").to_owned()
}

/// `GET /api/hello/` -> `308` to `/api/hello`, with a `Refresh` header for old
/// clients and the target as the (chunked) body, as Next.js answers.
pub async fn redirect_trailing_slash(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = request.uri().path();
    if path.len() <= 1 || !path.ends_with('/') {
        return next.run(request).await;
    }
    let mut target = path.trim_end_matches('/').to_owned();
    if target.is_empty() {
        target.push('/');
    }
    if let Some(query) = request.uri().query() {
        target = format!("{target}?{query}");
    }
    axum::response::Response::builder()
        .status(axum::http::StatusCode::PERMANENT_REDIRECT)
        .header("location", &target)
        .header("refresh", format!("0;url={target}"))
        .body(crate::node::chunked(target))
        .expect("a valid redirect")
}

async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing a SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt as _;

    #[tokio::test]
    async fn trailing_slash_gets_a_permanent_redirect() {
        let app = Router::new()
            .route("/api/hello", axum::routing::get(|| async { "hi" }))
            .layer(axum::middleware::from_fn(redirect_trailing_slash));
        let request = Request::get("/api/hello/?a=1").body(Body::empty()).unwrap();
        let response = app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 308);
        assert_eq!(response.headers()["location"], "/api/hello?a=1");
        assert_eq!(response.headers()["refresh"], "0;url=/api/hello?a=1");
        let plain = Request::get("/api/hello").body(Body::empty()).unwrap();
        assert_eq!(app.oneshot(plain).await.unwrap().status(), 200);
    }
}
