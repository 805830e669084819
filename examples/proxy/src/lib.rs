//! `proxy.ts` in front of a page, a route handler and a redirect, modelled in Rust.
//!
//! The functions below mirror `reference/nextjs-proxy/`: `proxy.ts` (the function
//! and its matcher), `app/api/echo/route.ts`, `app/new/[x]/page.tsx` and
//! `app/admin/page.tsx`. `mini_next::proxy` puts the proxy in front of every route,
//! before routing, as `next start` does.
//!
//! Run it alone with `cargo run -p example-proxy` and try `/old/x`, `/rewrite/x`,
//! `/api/echo` and `/admin` (with and without a `role=admin` cookie).

use axum::Router;
use mini_next::app_route::{Route, RouteContext, RouteError, RouteRequest, RouteResponse};
use mini_next::proxy::{Outcome, Proxy, ProxyRequest};
use mini_next::server_components::{element, text, AppPage, Node, PageProps};
use serde_json::json;

/// The routes, with the proxy in front of them all.
pub fn app() -> Router {
    let routes = Router::new()
        .route("/api/echo", Route::new().get(echo).into())
        .route("/new/{x}", AppPage::new("/new/[x]", new_page).into_route())
        .route(
            "/admin",
            AppPage::new("/admin", admin_page)
                .prerendered()
                .into_route(),
        )
        .fallback(mini_next::not_found::page);
    proxy_ts().around(routes)
}

// ANCHOR: proxy
/// `export const config = { matcher: [...] }`: the proxy runs for these paths only.
pub const MATCHER: &[&str] = &["/old/:path*", "/rewrite/:path*", "/api/:path*", "/admin"];

/// `proxy.ts`: the matcher and the function.
pub fn proxy_ts() -> Proxy {
    Proxy::new(MATCHER, proxy).expect("the matcher above is one the model reads")
}

/// `export function proxy(request: NextRequest)`: runs before any route, and decides.
pub fn proxy(request: &ProxyRequest) -> Outcome {
    let path = request.pathname.as_str();
    if let Some(rest) = path.strip_prefix("/old/") {
        // `NextResponse.redirect(url)` with the path changed, the query kept.
        return Outcome::Redirect(format!("/new/{rest}{}", request.search()));
    }
    if let Some(rest) = path.strip_prefix("/rewrite/") {
        // `NextResponse.rewrite(url)`: another route answers, the browser's URL stays.
        return Outcome::Rewrite(format!("/api/echo?from={rest}"));
    }
    if path == "/admin" {
        if request.cookie("role").as_deref() != Some("admin") {
            return Outcome::Json(
                axum::http::StatusCode::UNAUTHORIZED,
                json!({ "error": "unauthorized" }),
            );
        }
        return Outcome::Next;
    }
    if path.starts_with("/api/") {
        // `const res = NextResponse.next(); res.headers.set('x-from-proxy', '1')`
        return Outcome::NextWithHeaders(vec![("x-from-proxy", "1".to_owned())]);
    }
    Outcome::Next
}
// ANCHOR_END: proxy

// ANCHOR: echo
/// `GET` in `app/api/echo/route.ts`: answers with the URL it saw, which after a
/// rewrite is the new one.
pub fn echo(
    request: &RouteRequest,
    _context: &mut RouteContext,
) -> Result<RouteResponse, RouteError> {
    let (pathname, query) = request.url.split_once('?').unwrap_or((&request.url, ""));
    let search = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let from = request
        .search_params
        .iter()
        .find(|(name, _)| name == "from")
        .map(|(_, value)| value.clone());
    Ok(RouteResponse::json(&json!({
        "url": request.absolute_url(),
        "pathname": pathname,
        "search": search,
        "from": from,
    })))
}
// ANCHOR_END: echo

// ANCHOR: pages
/// `app/new/[x]/page.tsx`: outside the matcher, so the proxy never sees it.
fn new_page(props: &PageProps) -> Node {
    let x = props.param("x").unwrap_or_default().to_owned();
    element("main")
        .child(
            element("h1")
                .attr("id", "new")
                .child(text("new/"))
                .child(text(x)),
        )
        .into()
}

/// `app/admin/page.tsx`: no dynamic data, so `next build` renders it once; the
/// proxy's cookie check is the only thing between a visitor and this page.
fn admin_page(_props: &PageProps) -> Node {
    element("main")
        .child(element("h1").attr("id", "admin").child(text("Admin area")))
        .into()
}
// ANCHOR_END: pages
