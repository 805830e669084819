//! One run of a page and the answers made from it: HTML, flight for a navigation,
//! the segment tree for a prefetch, and the rows an action's answer carries.

use super::flight_writer::{
    initial_root_row, navigation_root, segment_tree, waiting, FlightWriter, RenderedUrl,
    SegmentData,
};
use super::html::{error_document_start, resolve_shell, write_shell, HtmlWriter, DOCUMENT_END};
use super::layout::LAYOUT_ROUTER;
use super::tree::{client, element, suspense, AsyncComponent, Node};
use super::{AppPage, PageProps};
use crate::app_router::{
    ACTION_CACHE_CONTROL, DYNAMIC_CACHE_CONTROL, STATIC_CACHE_CONTROL, VARY_WITH_ENCODING,
};
use crate::thrown::Thrown;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use flight::html::{bootstrap_with_form_state, rows_script, BOOTSTRAP_SCRIPT};
use flight::write as rows;
use futures_util::stream::StreamExt as _;
use futures_util::FutureExt as _;
use serde_json::{json, Value};
use std::convert::Infallible;
use std::future::Future;
use tokio::sync::mpsc;

/// Marks the HTML of a page sent back as the answer to a no-JavaScript form post:
/// the `Cache-Control` of an action's answer, not of a visit.
#[derive(Debug, Clone, Copy)]
pub struct AfterAction;

/// One run of a page: the tree it returned, and a flight writer that has met the
/// layout and the segment tree around it.
pub struct Render {
    /// The whole document: the layout with the page in it (what HTML shows).
    document: Node,
    flight: FlightWriter,
    /// The segment tree's rows (child maps), not yet sent.
    tree_rows: String,
    /// The root segment, which row 0 carries as `"t"`.
    tree: Value,
    url: (String, String),
    base_path: String,
    prerendered: bool,
    metadata: Vec<Node>,
    /// The page's own tree, which may be a `notFound()` or `redirect()`.
    content: Node,
    /// Without a `loading.tsx` the shell waits for the page, so a page that throws
    /// decides the status; with one, the shell leaves first.
    shell_waits_for_page: bool,
    /// The bootstrap script: plain, or handing React a posted form state.
    bootstrap: String,
}

impl Render {
    /// Runs `page` once. `first_id` is where row numbering starts (1 for a page, 2
    /// inside an action's answer).
    /// `held` leading segments are left out of the flight tree: the client router
    /// already shows them (see [`super::state_tree`]).
    fn start(page: &AppPage, props: &PageProps, first_id: u32, held: usize) -> Render {
        let content = page.page.render(props);
        let mut flight = FlightWriter::new(&props.base_path, first_id);
        // The layout as the router holds it: a LayoutRouter where the page goes.
        let slot = client(&LAYOUT_ROUTER, json!({ "parallelRouterKey": "children" }));
        let layout = match held {
            0 => flight.encode(&(page.layout)(slot.into())),
            _ => Value::Null,
        };
        let loading = page.loading.map(|loading| loading());
        let page_row = match &content {
            Node::Async(component) => flight.later(component.clone()),
            ready => flight.later(AsyncComponent::resolved(ready.clone())),
        };
        let error = page
            .error
            .map(|error| rows::reference(flight.client_module(error)));
        let data = SegmentData {
            layout,
            held,
            error,
            page_row,
            loading: loading.as_ref().map(|node| flight.encode(node)),
        };
        let (tree_rows, tree) = segment_tree(&mut flight, &page.segments(&props.path), Some(data));
        // `loading.tsx` is a Suspense boundary around the page, with it as the fallback.
        let shown = match &loading {
            Some(fallback) => suspense(fallback.clone(), content.clone()),
            None => content.clone(),
        };
        Render {
            document: (page.layout)(shown),
            shell_waits_for_page: loading.is_none(),
            content,
            flight,
            tree_rows,
            tree,
            url: (props.path.clone(), props.query.clone()),
            base_path: props.base_path.clone(),
            prerendered: page.prerendered,
            metadata: (page.metadata)(),
            bootstrap: match &props.form_state {
                Some(form_state) => bootstrap_with_form_state(&form_state.to_json()),
                None => BOOTSTRAP_SCRIPT.to_owned(),
            },
        }
    }

    pub(super) fn new(page: &AppPage, props: &PageProps) -> Render {
        Render::start(page, props, 1, 0)
    }

    /// A run for a client navigation whose router already shows `held` segments.
    pub(super) fn for_navigation(page: &AppPage, props: &PageProps, held: usize) -> Render {
        Render::start(page, props, 1, held)
    }

    /// The rows that come before any component resolves, with row 0 of a first
    /// visit (the HTML's inline payload).
    fn initial_rows(&mut self) -> String {
        let url = RenderedUrl {
            path: &self.url.0,
            query: &self.url.1,
        };
        let tree = self.tree.clone();
        let root = initial_root_row(&mut self.flight, &url, tree, self.prerendered);
        std::mem::take(&mut self.tree_rows) + &root
    }

    /// The rows before any component resolves, with row 0 of a navigation.
    fn navigation_rows(&mut self) -> String {
        let root = navigation_root(self.tree.clone(), self.prerendered);
        let root = self.flight.rows(0, &root);
        std::mem::take(&mut self.tree_rows) + &root
    }

    // ANCHOR: html_response
    /// A browser's request: the status and headers leave once the shell is ready
    /// (the page's own data is in), then the body streams:
    ///
    /// 1. the shell, with a fallback for each pending Suspense boundary;
    /// 2. the flight rows known so far, inlined as scripts;
    /// 3. for each async component that resolves: its flight row, then the HTML of
    ///    any boundary it completes, hidden, with the `$RC` call that swaps it in;
    /// 4. `</body></html>`.
    pub async fn html_response(mut self, after: Option<AfterAction>) -> Response {
        if self.shell_waits_for_page {
            if let Some(thrown) = thrown(&self.content).await {
                return self.error_document(&thrown).await;
            }
        }
        let mut rows = self.initial_rows();
        let shell = resolve_shell(self.document.clone()).await;
        let mut flight = self.flight;
        let mut waits = waiting(flight.take_pending());
        // What resolved while the shell waited is sent with the shell.
        while let Some(Some((id, node))) = waits.next().now_or_never() {
            rows.push_str(&flight.resolved_rows(id, &node));
            waits.extend(waiting(flight.take_pending()));
        }
        let mut html = HtmlWriter::new();
        let document = write_shell(&self.base_path, &shell, self.metadata, &mut html);
        let inline_rows = format!("{}{}", self.bootstrap, rows_script(&rows));
        if self.prerendered {
            let whole = format!("{document}{inline_rows}{DOCUMENT_END}");
            return prerendered_html(whole);
        }
        let body = spawn_writer(vec![document, inline_rows], |chunks| async move {
            let mut first_swap = true;
            while let Some((id, node)) = waits.next().await {
                let rows = flight.resolved_rows(id, &node);
                waits.extend(waiting(flight.take_pending()));
                let mut late = vec![rows_script(&rows)];
                for (boundary, content) in html.completed_boundaries() {
                    late.push(html.write_completed(boundary, &content, first_swap));
                    first_swap = false;
                }
                for chunk in late {
                    if chunks.send(chunk.into()).await.is_err() {
                        return; // the client went away
                    }
                }
            }
            let _ = chunks
                .send(Bytes::from_static(DOCUMENT_END.as_bytes()))
                .await;
        });
        let html = "text/html; charset=utf-8";
        match after {
            None => headed(
                body,
                html,
                &[("x-powered-by", "Next.js")],
                DYNAMIC_CACHE_CONTROL,
                &[],
            ),
            Some(AfterAction) => headed(
                body,
                html,
                &[],
                ACTION_CACHE_CONTROL,
                &[("x-powered-by", "Next.js")],
            ),
        }
    }
    // ANCHOR_END: html_response

    /// `RSC: 1`: the flight payload, each row written as soon as it is ready. Row 0
    /// leaves at once; the page's row when its data is in; the Suspense child's row
    /// when it resolves.
    /// A prerendered page answers with the payload its build stored, made for a first
    /// visit (row 0 with the URL and `G`), all at once.
    pub fn flight_response(mut self) -> Response {
        if self.prerendered {
            let mut rows = self.initial_rows();
            // A prerendered page waits for nothing, so every row is ready now.
            rows.push_str(
                &resolve_all(&mut self.flight)
                    .now_or_never()
                    .unwrap_or_default(),
            );
            return from_build_cache(crate::node::chunked(rows), "text/x-component", None);
        }
        let first = self.navigation_rows();
        let mut flight = self.flight;
        let body = spawn_writer(vec![first], |chunks| async move {
            let mut waits = waiting(flight.take_pending());
            while let Some((id, node)) = waits.next().await {
                let rows = flight.resolved_rows(id, &node);
                waits.extend(waiting(flight.take_pending()));
                if chunks.send(rows.into()).await.is_err() {
                    return; // the client went away
                }
            }
        });
        headed(body, "text/x-component", &[], DYNAMIC_CACHE_CONTROL, &[])
    }

    /// A page that threw before anything was sent: `404` for `notFound()`, `307`
    /// with `Location` for `redirect()`, `500` for an error, and a bare document
    /// (`<html id="__next_error__">`) whose only content is the flight payload, the
    /// page's row an error row whose digest tells the client router what to do (or,
    /// for an error, which log line to look for). The browser then renders the
    /// segment's `error.tsx`, if it has one, from that payload.
    async fn error_document(mut self, thrown: &Thrown) -> Response {
        let mut rows = self.initial_rows();
        rows.push_str(&resolve_all(&mut self.flight).await);
        let mut metadata = std::mem::take(&mut self.metadata);
        if matches!(thrown, Thrown::NotFound | Thrown::Error(_)) {
            metadata.insert(
                0,
                element("meta")
                    .attr("name", "robots")
                    .attr("content", "noindex")
                    .into(),
            );
        }
        let html = format!(
            "{}{BOOTSTRAP_SCRIPT}{}{DOCUMENT_END}",
            error_document_start(&self.base_path, metadata),
            rows_script(&rows)
        );
        let mut response = Response::new(crate::node::chunked(html));
        let headers = response.headers_mut();
        headers.insert(header::VARY, HeaderValue::from_static(VARY_WITH_ENCODING));
        match thrown {
            Thrown::Redirect(path) => {
                *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
                let location = format!("{}{path}", self.base_path);
                let value =
                    HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/"));
                response.headers_mut().insert(header::LOCATION, value);
            }
            Thrown::NotFound => *response.status_mut() = StatusCode::NOT_FOUND,
            Thrown::Error(_) => *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR,
        }
        let headers = response.headers_mut();
        headers.insert(
            HeaderName::from_static("x-powered-by"),
            HeaderValue::from_static("Next.js"),
        );
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(DYNAMIC_CACHE_CONTROL),
        );
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    }

    /// The whole HTML document of a page none of whose components waits (`None` when
    /// one does): what a build stores for a page it prerenders.
    pub fn html_now(mut self) -> Option<String> {
        let mut rows = self.initial_rows();
        let shell = resolve_shell(self.document.clone()).now_or_never()?;
        rows.push_str(&resolve_all(&mut self.flight).now_or_never()?);
        let mut html = HtmlWriter::new();
        let document = write_shell(&self.base_path, &shell, self.metadata, &mut html);
        let rows = rows_script(&rows);
        Some(format!("{document}{BOOTSTRAP_SCRIPT}{rows}{DOCUMENT_END}"))
    }

    /// The whole payload, every component awaited: what a JS action's `redirect()`
    /// to this page carries. A prerendered page's payload is the one its build stored,
    /// made for a first visit (row 0 with the URL and `G`).
    pub async fn navigation_payload(mut self) -> String {
        let mut rows = if self.prerendered {
            self.initial_rows()
        } else {
            self.navigation_rows()
        };
        rows.push_str(&resolve_all(&mut self.flight).await);
        rows
    }
}

/// `RSC: 1` + `Next-Router-Prefetch: 1` on a dynamic page: the segment tree only,
/// so the router knows the route's shape; the page does not run.
pub fn prefetch_response(page: &AppPage, props: &PageProps) -> Response {
    let mut flight = FlightWriter::new(&props.base_path, 1);
    let (tree_rows, tree) = segment_tree(&mut flight, &page.segments(&props.path), None);
    let root = navigation_root(tree, page.prerendered);
    let body = crate::node::chunked(tree_rows + &rows::model_row(0, &root));
    headed(body, "text/x-component", &[], DYNAMIC_CACHE_CONTROL, &[])
}

/// What the page threw, once it has run: `notFound()`, `redirect()` or an error.
async fn thrown(content: &Node) -> Option<Thrown> {
    let resolved = match content {
        Node::Async(component) => component.clone().resolve().await,
        other => other.clone(),
    };
    match resolved {
        Node::Thrown(thrown) => Some(thrown),
        _ => None,
    }
}

/// Every row the writer still owes, each component awaited, in the order they
/// resolve.
async fn resolve_all(flight: &mut FlightWriter) -> String {
    let mut rows = String::new();
    let mut waits = waiting(flight.take_pending());
    while let Some((id, node)) = waits.next().await {
        rows.push_str(&flight.resolved_rows(id, &node));
        waits.extend(waiting(flight.take_pending()));
    }
    rows
}

/// The page re-rendered inside an action's answer (after `revalidatePath`): all its
/// rows, numbered from 2, the root segment for `"t"` in the answer's row 0, and the
/// first row id left free.
pub async fn rows_for_action(page: &AppPage, props: &PageProps) -> (String, Value, u32) {
    let mut render = Render::start(page, props, 2, 0);
    let mut rows = std::mem::take(&mut render.tree_rows);
    rows.push_str(&resolve_all(&mut render.flight).await);
    (rows, render.tree, render.flight.next_id())
}

/// An element as an action's result (a component file marked `'use server'`, called
/// as an action): the rows it needs, numbered from 2, and its model for row 1.
pub fn result_rows(node: &Node) -> (String, Value) {
    let mut flight = FlightWriter::new("", 2);
    let model = flight.encode(node);
    (flight.take_imports(), model)
}

/// A prerendered page's HTML from the build's cache: a known length and an ETag.
fn prerendered_html(html: String) -> Response {
    let etag = crate::etag::etag(&html);
    from_build_cache(Body::from(html), "text/html; charset=utf-8", Some(&etag))
}

/// An answer the build stored, as Next.js 16.4.6 sends one (recorded on a direct
/// visit and a navigation to `/admin` in `reference/nextjs-proxy`): the router's
/// `Vary`, `x-nextjs-cache: HIT`, `x-nextjs-prerender` twice, the client router's
/// `x-nextjs-stale-time` (seconds it may reuse the payload), a year of `s-maxage`.
/// HTML also gets `X-Powered-By` and an ETag.
fn from_build_cache(body: Body, content_type: &'static str, etag: Option<&str>) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    let mut add = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.append(HeaderName::from_static(name), value);
        }
    };
    add("vary", VARY_WITH_ENCODING);
    add("x-nextjs-cache", "HIT");
    add("x-nextjs-prerender", "1");
    add("x-nextjs-prerender", "1");
    add("x-nextjs-stale-time", "300");
    if etag.is_some() {
        add("x-powered-by", "Next.js");
    }
    add("cache-control", STATIC_CACHE_CONTROL);
    if let Some(etag) = etag {
        add("etag", etag);
    }
    add("content-type", content_type);
    response
}

/// A rendered answer's headers, in the order Next.js sends them: `Vary`, the
/// headers in `before`, `Cache-Control`, the headers in `after`, `Content-Type`.
fn headed(
    body: Body,
    content_type: &'static str,
    before: &[(&'static str, &'static str)],
    cache_control: &'static str,
    after: &[(&'static str, &'static str)],
) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static(VARY_WITH_ENCODING));
    for (name, value) in before {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    for (name, value) in after {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A body that starts with `ready` and goes on with whatever `write`, run on its
/// own task, sends: each message one HTTP chunk, sent the moment it is ready. The
/// ready chunks are queued before the response is returned, so they leave with
/// the status line and headers.
fn spawn_writer<F>(ready: Vec<String>, write: impl FnOnce(mpsc::Sender<Bytes>) -> F) -> Body
where
    F: Future<Output = ()> + Send + 'static,
{
    let (sender, receiver) = mpsc::channel(ready.len() + 16);
    for chunk in ready {
        sender
            .try_send(chunk.into())
            .expect("the channel has room for them");
    }
    tokio::spawn(write(sender));
    let stream = futures_util::stream::unfold(receiver, |mut chunks| async move {
        let chunk = chunks.recv().await?;
        Some((Ok::<_, Infallible>(chunk), chunks))
    });
    Body::from_stream(stream)
}
