//! Server Components: an App Router page (`app/**/page.tsx`), rendered the way
//! `next start` sends it.
//!
//! A page is a tree of [`Node`]s: server elements (`<h1>`, `<ul>`), text, lists,
//! client component references (`'use client'` files: the server sends *where the
//! code is*, not the code), `<Suspense>` boundaries, async components (an `async
//! function` component: a future that gives its subtree later), and forms whose
//! `action` is a Server Action. The page function runs **once** per request, and
//! that one tree goes out in one of two forms, chosen by the `RSC` request header:
//!
//! - **HTML** (a browser's first visit): the shell (everything not inside a pending
//!   Suspense boundary) once the page's own data is ready, with the pending
//!   boundary written as `<!--$?--><template id="B:0"></template>fallback<!--/$-->`.
//!   Then the flight rows, inlined as `<script>self.__next_f.push([1,"…"])</script>`
//!   after a bootstrap `push([0])`, so the browser's React can hydrate without a
//!   second request. When the boundary's content resolves, **the same response**
//!   carries a late flight row, `<div hidden id="S:0">content</div>` and
//!   `$RC("B:0","S:0")`, which swaps it in place of the fallback. `</body></html>`
//!   comes last, so every late chunk still lands inside `<body>`. A form with an
//!   action gets hidden inputs naming it ([`crate::server_reference`]).
//! - **Flight** (`RSC: 1`, a client-side navigation): `text/x-component`, one row
//!   per line (see the `flight` crate). Row 0 goes out at once with the route's
//!   segment tree; the page's row follows when its data is ready, the Suspense
//!   child's row when it resolves. A form's action is a `"$h…"` server reference.
//!
//! The segment tree is what the client router caches: the root segment (`""`)
//! holds the layout, with a `LayoutRouter` client component where the child segment
//! goes; each folder is a segment; the leaf `__PAGE__` holds the page's row. Row 0
//! of the first HTML also carries the URL it was rendered for (`c`, `q`) and the
//! global error component (`G`), which the client router needs to start.
//!
//! The router's rules around it, as measured on Next.js 16.4.6:
//!
//! - Every answer that renders carries `Vary: rsc, next-router-state-tree,
//!   next-router-prefetch, next-router-segment-prefetch, Accept-Encoding` and
//!   `Cache-Control: private, no-cache, no-store, max-age=0, must-revalidate` (the
//!   page is dynamic). `X-Powered-By: Next.js` is on HTML only.
//! - An `RSC: 1` request must carry a `_rsc` query parameter equal to a hash of the
//!   router headers (`expected_rsc_param`). It keeps a shared cache from answering
//!   a navigation with a payload made for other router state. Missing or wrong:
//!   `307` to the same URL with the right `_rsc` at the end, no body.
//! - `Next-Router-Prefetch: 1` on a dynamic page: only the segment tree, no rendering.
//! - HEAD: the headers once the shell is ready, no body.
//! - A page prerendered at build time ([`AppPage::prerendered`]) comes from the
//!   build's cache: a known length, `x-nextjs-cache: HIT`, a year of `s-maxage`.
//! - `loading.tsx` ([`AppPage::loading`]) is a Suspense boundary around the page:
//!   the shell and the fallback leave at once. In flight, the page's segment holds a
//!   `LoadingBoundaryProvider` with the fallback as its `loading` prop.
//! - `notFound()` and `redirect()` ([`not_found`], [`redirect`]) thrown before
//!   anything was sent decide the status (`404`, or `307` with `Location`); the body
//!   is a bare `<html id="__next_error__">` document whose page row is an error row
//!   with a digest (`NEXT_HTTP_ERROR_FALLBACK;404`, `NEXT_REDIRECT;replace;<path>;307;`).
//!   A navigation (`RSC: 1`) answers `200` with the same error row.
//!
//! Simplified, plainly: there is no React here. The HTML and the flight rows are
//! written by the two small walkers in this module, which produce the same *kinds*
//! of bytes as React, not the same bytes. The router-internal parts Next.js adds
//! are left out or reduced: the `LayoutRouter` gets only `parallelRouterKey`; there
//! are no metadata and viewport boundaries (row 0's `h`), no `X`/`C` stream rows, no
//! `<script>` elements for the layout's chunks, no `Next-Router-State-Tree`-driven
//! partial rendering. Module ids of the router components are the reference build's;
//! the app's own module ids and chunk file names are made up; row ids are given out
//! in the order our walker meets things, so they differ from Next's. The `$RC` swap
//! script is a short original one (React's batches swaps per animation frame). Gzip
//! is not done here but in `serve` ([`crate::compress`]), which, like Next.js,
//! flushes after every chunk so the stream stays a stream. `_rsc` accepts only the
//! SHA-256 form, not the legacy 5-character djb2 form.
//!
//! Reading order: `tree.rs` (what a page is made of), `layout.rs` (what Next.js
//! puts around it), `flight_writer.rs` (the page as flight rows), `html.rs` (the page
//! as HTML), `rsc_request.rs` (the `RSC: 1` request rules), `render.rs` (the three
//! answers, streamed), then this file: a page, and which answer a request gets.

mod flight_writer;
mod html;
mod layout;
mod render;
mod rsc_request;
mod segments;
mod state_tree;
mod tree;

pub use crate::thrown::Thrown;
pub use layout::root_layout;
pub use render::{result_rows, rows_for_action, AfterAction, Render};
pub use rsc_request::expected_rsc_param;
pub(crate) use rsc_request::pairs_without_rsc;
pub use tree::{
    async_component, children_slot, client, element, list, not_found, number, redirect, suspense,
    text, throw_error, AsyncComponent, ClientElement, ClientReference, Element, Node, Nothing,
    Suspense, FALSE, UNDEFINED,
};

use crate::action_state::FormState;
use axum::extract::{OriginalUri, Request};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use rsc_request::{header_value, redirect_to_rsc_url, rsc_param};
use serde_json::{Map, Value};
use std::sync::Arc;

/// What a page function receives, like `export default function Page({
/// searchParams })`, plus what the model hands over instead of Next.js's
/// request-scoped functions (`headers()`).
#[derive(Debug, Clone, Default)]
pub struct PageProps {
    /// `searchParams`: the query string, parsed.
    pub search_params: Map<String, Value>,
    /// The request's headers (`headers()` from `next/headers`).
    pub headers: HeaderMap,
    /// Next.js's `basePath`: prefixed to every URL the page sends.
    pub base_path: String,
    /// The page's own path (`/cart`), without the base path.
    pub path: String,
    /// The query string without `?` (`""` when there is none).
    pub query: String,
    /// `params`: the dynamic segments (`[x]` → `("x", "abc")`), as received.
    pub params: Vec<(String, String)>,
    /// React's form state, when the page answers a no-JS post to a `useActionState`
    /// form (see [`crate::action_state`]).
    pub form_state: Option<FormState>,
}

impl PageProps {
    /// The props of the page a request is for.
    pub fn of(request: &Request) -> PageProps {
        let query = request.uri().query().unwrap_or("").to_owned();
        PageProps {
            search_params: crate::query::parse(&query),
            headers: request.headers().clone(),
            base_path: crate::base_path_of(request),
            path: request.uri().path().to_owned(),
            query,
            params: Vec::new(),
            form_state: None,
        }
    }

    /// One dynamic segment by name (`(await params).x`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `app/**/page.tsx`: called once per request (the page is dynamic), returning
/// the tree to send. A plain `fn(&PageProps) -> Node` is a page.
pub trait Page: Send + Sync + 'static {
    fn render(&self, props: &PageProps) -> Node;
}

impl<F> Page for F
where
    F: Fn(&PageProps) -> Node + Send + Sync + 'static,
{
    fn render(&self, props: &PageProps) -> Node {
        self(props)
    }
}

// ANCHOR: page
/// One App Router page at a path: the root layout wrapped around the page.
#[derive(Clone)]
pub struct AppPage {
    path: &'static str,
    layout: fn(Node) -> Node,
    page: Arc<dyn Page>,
    prerendered: bool,
    /// `export const metadata`: elements for the document's `<head>`.
    metadata: fn() -> Vec<Node>,
    /// `loading.tsx` beside the page: shown while the page renders.
    loading: Option<fn() -> Node>,
    /// `error.tsx` beside the page: the client component shown if the page throws.
    error: Option<&'static ClientReference>,
}
// ANCHOR_END: page

impl AppPage {
    /// The page at `path` (`/dashboard`, or `/new/[x]` for a dynamic folder; the
    /// axum route then says `/new/{x}`), inside the reference app's root layout.
    pub fn new(path: &'static str, page: impl Page) -> AppPage {
        AppPage {
            path,
            layout: root_layout,
            page: Arc::new(page),
            prerendered: false,
            metadata: Vec::new,
            loading: None,
            error: None,
        }
    }

    /// `app/layout.tsx`: gets the page as `children`, returns `<html>`.
    pub fn layout(mut self, layout: fn(Node) -> Node) -> AppPage {
        self.layout = layout;
        self
    }

    /// `export const metadata`: what goes into `<head>` after the scripts (a
    /// `<title>`, `<meta>` tags). Simplified: HTML only; Next.js also sends it as
    /// flight, in the tree's head (`"h"`), which the model leaves out.
    pub fn metadata(mut self, metadata: fn() -> Vec<Node>) -> AppPage {
        self.metadata = metadata;
        self
    }

    /// `loading.tsx`: the page's segment gets a Suspense boundary with `loading` as
    /// its fallback, so the shell and the fallback leave at once and the page follows
    /// in the same response when it is ready.
    pub fn loading(mut self, loading: fn() -> Node) -> AppPage {
        self.loading = Some(loading);
        self
    }

    /// `error.tsx`: a `'use client'` component that the browser shows in place of
    /// the page's segment when the page throws. The server never renders it; the
    /// segment's `LayoutRouter` gets it as its `error` prop, and the page's row is an
    /// error row.
    pub fn error_boundary(mut self, error: &'static ClientReference) -> AppPage {
        self.error = Some(error);
        self
    }

    /// A page without dynamic data, which `next build` renders once: every visit
    /// gets the stored answer.
    pub fn prerendered(mut self) -> AppPage {
        self.prerendered = true;
        self
    }

    /// The handler for GET (and so HEAD) at the page's path.
    pub fn into_route(self) -> MethodRouter {
        get(move |request: Request| {
            let page = self.clone();
            async move { page.answer(request).await }
        })
    }

    pub fn path(&self) -> &'static str {
        self.path
    }

    pub fn is_prerendered(&self) -> bool {
        self.prerendered
    }

    /// The route's segments below the root for a request's path: `["guestbook",
    /// "thanks"]`, with a dynamic folder named as the router names it.
    fn segments(&self, path: &str) -> Vec<Value> {
        segments::keys(self.path, path)
    }

    /// The segments that can hold a layout, root first: `["", "guestbook", "thanks"]`.
    fn layout_segments(&self, path: &str) -> Vec<Value> {
        std::iter::once(Value::from(""))
            .chain(self.segments(path))
            .collect()
    }

    /// Runs the page once for `props`.
    pub fn render(&self, props: &PageProps) -> Render {
        Render::new(self, props)
    }

    /// Picks the kind of answer from the request's router headers: the HTML page,
    /// or its flight payload for the router's `RSC: 1` requests.
    pub(crate) async fn answer(&self, request: Request) -> Response {
        let mut props = PageProps::of(&request);
        props.params = segments::params(self.path, &props.path);
        let headers = request.headers();
        if header_value(headers, "rsc") != Some("1") {
            return self.render(&props).html_response(None).await;
        }
        let url = match request.extensions().get::<OriginalUri>() {
            Some(OriginalUri(uri)) => uri.clone(),
            None => request.uri().clone(),
        };
        let expected = expected_rsc_param(headers);
        if rsc_param(url.query()) != Some(expected.as_str()) {
            return redirect_to_rsc_url(url.path(), url.query(), &expected);
        }
        if header_value(headers, "next-router-prefetch") == Some("1") {
            return render::prefetch_response(self, &props);
        }
        let state_tree = header_value(headers, "next-router-state-tree");
        match state_tree::segments_held(state_tree, &self.layout_segments(&props.path)) {
            Ok(held) => Render::for_navigation(self, &props, held).flight_response(),
            Err(state_tree::BadStateTree) => {
                crate::error_page::internal_server_error(crate::app_router::DYNAMIC_CACHE_CONTROL)
            }
        }
    }
}

impl std::fmt::Debug for AppPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppPage")
            .field("path", &self.path)
            .field("prerendered", &self.prerendered)
            .finish()
    }
}
