//! How every example runs: the contract the playground and the recorder rely on.
//!
//! - Binds `127.0.0.1:$PORT`; `PORT=0` (or no `PORT`) picks a free port.
//! - Prints `listening on http://127.0.0.1:<port>` as its first stdout line.
//! - Honours `BASE_PATH` (e.g. `/x/api-routes`) the way Next.js `basePath` does: every
//!   route answers under that prefix, which is how the playground proxies it.
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
    let app = with_base_path(app, &base_path);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    // The first line is a contract; flush so a reader of our pipe sees it at once.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "listening on http://{addr}")?;
    stdout.flush()?;
    drop(stdout);
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
