//! Server Components: an App Router page (`app/**/page.tsx`), rendered the way
//! `next start` sends it.
//!
//! A page is a tree of [`Node`]s: server elements (`<h1>`, `<ul>`), text, client
//! component references (`'use client'` files: the server sends *where the code
//! is*, not the code), `<Suspense>` boundaries, and async components (an
//! `async function` component: a future that gives its subtree later). The same
//! tree goes out in one of two forms, chosen by the `RSC` request header:
//!
//! - **HTML** (a browser's first visit): the shell (everything not inside a pending
//!   Suspense boundary) once the page's own data is ready, with the pending
//!   boundary written as `<!--$?--><template id="B:0"></template>fallback<!--/$-->`.
//!   Then the flight rows, inlined as `<script>self.__next_f.push([1,"…"])</script>`
//!   after a bootstrap `push([0])`, so the browser's React can hydrate without a
//!   second request. When the boundary's content resolves, **the same response**
//!   carries a late flight row, `<div hidden id="S:0">content</div>` and
//!   `$RC("B:0","S:0")`, which swaps it in place of the fallback. `</body></html>`
//!   comes last, so every late chunk still lands inside `<body>`.
//! - **Flight** (`RSC: 1`, a client-side navigation): `text/x-component`, one row per
//!   line (see [`crate::flight`]). The root row goes out at once with `"$L…"` lazy
//!   references; the page's row follows when its data is ready, the Suspense
//!   child's row when it resolves.
//!
//! The router's rules around it, as measured on Next.js 16.4.6:
//!
//! - Every answer that renders carries `Vary: rsc, next-router-state-tree,
//!   next-router-prefetch, next-router-segment-prefetch, Accept-Encoding` and
//!   `Cache-Control: private, no-cache, no-store, max-age=0, must-revalidate` (the
//!   page is dynamic). `X-Powered-By: Next.js` is on HTML only.
//! - An `RSC: 1` request must carry a `_rsc` query parameter equal to a hash of the
//!   router headers ([`expected_rsc_param`]). It keeps a shared cache from answering
//!   a navigation with a payload made for other router state. Missing or wrong:
//!   `307` to the same URL with the right `_rsc` at the end, no body.
//! - `Next-Router-Prefetch: 1` on a dynamic page: only the segment tree, no rendering.
//! - HEAD: the headers once the shell is ready, no body.
//!
//! Simplified, plainly: there is no React here. The HTML and the flight rows are
//! written by the two small walkers below, which produce the same *kinds* of bytes
//! as React, not the same bytes. Next.js sends each route segment (layout, page) as
//! separate data that a client `LayoutRouter` stitches together; here the root row
//! holds the layout's element tree with the page as a lazy reference, and the
//! segment tree beside it. The router-internal rows (`LayoutRouter`, metadata and
//! viewport boundaries, `X`/`C` stream rows, the `h`/`P`/`m`/`G` fields of row 0)
//! are left out. The build id, module ids and chunk file names are made up; row ids
//! are given out in the order our walker meets things, so they differ from Next's.
//! The `$RC` swap script is a short original one (React's batches swaps per
//! animation frame). Gzip is not done here but in `serve` ([`crate::compress`]),
//! which, like Next.js, flushes after every chunk so the stream stays a stream.
//! `_rsc` accepts only the SHA-256 form, not the legacy 5-character djb2 form.

use crate::flight;
use axum::body::{Body, Bytes};
use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, MethodRouter};
use base64::Engine as _;
use futures_util::future::{BoxFuture, FutureExt as _, Shared};
use futures_util::stream::{FuturesUnordered, StreamExt as _};
use serde_json::{json, Map, Value};
use sha2::{Digest as _, Sha256};
use std::convert::Infallible;
use std::future::Future;
use tokio::sync::mpsc;

/// `Vary` on every rendered answer: the App Router's request headers, plus
/// `Accept-Encoding` added by `next start`'s compression layer.
pub const VARY: &str = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";

/// `Cache-Control` of a dynamic page: never store it, anywhere.
pub const CACHE_CONTROL: &str = "private, no-cache, no-store, max-age=0, must-revalidate";

/// The build id in row 0 (`"b"`). Next.js makes a random one per `next build`;
/// the client reloads the page when it changes.
pub const BUILD_ID: &str = "mini-next-build";

// ANCHOR: node
/// One node of a component tree, as the server holds it after running the
/// server components.
#[derive(Debug, Clone)]
pub enum Node {
    /// Text. Adjacent text nodes stay separate (`Count: {count}` is two).
    Text(String),
    /// A host element: `<li key="alpha">alpha</li>`.
    Element(Element),
    /// `<Counter start={3} />` where `Counter` comes from a `'use client'` file.
    Client(ClientElement),
    /// `<Suspense fallback={…}>children</Suspense>`.
    Suspense(Box<Suspense>),
    /// An `async function` component: its subtree comes when the future resolves.
    Async(AsyncComponent),
}
// ANCHOR_END: node

/// A host element (`main`, `h1`, `p`…), with attributes and children.
#[derive(Debug, Clone)]
pub struct Element {
    pub tag: &'static str,
    /// The JSX `key`, which React needs to tell list items apart.
    pub key: Option<String>,
    pub attributes: Vec<(&'static str, Value)>,
    pub children: Vec<Node>,
}

/// `element("li").key("alpha").child(text("alpha"))`.
pub fn element(tag: &'static str) -> Element {
    Element {
        tag,
        key: None,
        attributes: Vec::new(),
        children: Vec::new(),
    }
}

impl Element {
    pub fn key(mut self, key: &str) -> Element {
        self.key = Some(key.to_owned());
        self
    }

    /// An attribute: a string, a number, or `true` (written as `name=""`).
    pub fn attr(mut self, name: &'static str, value: impl Into<Value>) -> Element {
        self.attributes.push((name, value.into()));
        self
    }

    pub fn child(mut self, child: impl Into<Node>) -> Element {
        self.children.push(child.into());
        self
    }

    pub fn children(mut self, children: impl IntoIterator<Item = Node>) -> Element {
        self.children.extend(children);
        self
    }
}

impl From<Element> for Node {
    fn from(element: Element) -> Node {
        Node::Element(element)
    }
}

/// A text node.
pub fn text(text: impl Into<String>) -> Node {
    Node::Text(text.into())
}

/// What the server knows of a `'use client'` component: where the browser finds it.
#[derive(Debug)]
pub struct ClientReference {
    /// The bundler's id of the module (made up here; Next.js uses numbers like 47550).
    pub module_id: u32,
    /// The JavaScript file to load, under `/_next/static/chunks/`.
    pub chunk: &'static str,
    /// The export to use: `default` for `export default function Counter`.
    pub export: &'static str,
    /// The component run once on the server for the first HTML (server-side
    /// rendering). Its code also ships to the browser, which runs it again to hydrate.
    pub render_html: fn(&Map<String, Value>) -> Node,
}

/// A client component used with props: `<Counter start={3} />`.
#[derive(Debug, Clone)]
pub struct ClientElement {
    pub reference: &'static ClientReference,
    /// Props cross the network, so they must be JSON (no functions).
    pub props: Map<String, Value>,
}

/// `<Counter start={3} />`: `props` must be a JSON object.
pub fn client(reference: &'static ClientReference, props: Value) -> Node {
    let Value::Object(props) = props else {
        panic!("client component props must be a JSON object, got {props}");
    };
    Node::Client(ClientElement { reference, props })
}

/// A Suspense boundary: `fallback` is shown while anything in `children` waits.
#[derive(Debug, Clone)]
pub struct Suspense {
    pub fallback: Node,
    pub children: Node,
}

/// `<Suspense fallback={fallback}>{children}</Suspense>`.
pub fn suspense(fallback: impl Into<Node>, children: impl Into<Node>) -> Node {
    Node::Suspense(Box::new(Suspense {
        fallback: fallback.into(),
        children: children.into(),
    }))
}

/// An async component's future. `Shared`, so that the HTML writer and the flight
/// writer can both wait for the one run of the component.
#[derive(Clone)]
pub struct AsyncComponent(Shared<BoxFuture<'static, Node>>);

impl std::fmt::Debug for AsyncComponent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = if self.ready().is_some() {
            "resolved"
        } else {
            "pending"
        };
        write!(f, "AsyncComponent({state})")
    }
}

impl AsyncComponent {
    /// The subtree, if the future has already resolved.
    fn ready(&self) -> Option<Node> {
        self.0.peek().cloned()
    }

    async fn resolve(self) -> Node {
        self.0.await
    }
}

/// `async function SlowPanel() { await …; return <p>…</p> }`. The future starts
/// when a writer first waits for it, as React starts a component when it reaches it.
pub fn async_component(render: impl Future<Output = Node> + Send + 'static) -> Node {
    Node::Async(AsyncComponent(render.boxed().shared()))
}

// ANCHOR: page
/// One App Router page: the root layout wrapped around the page, at a route.
#[derive(Debug, Clone)]
pub struct AppPage {
    /// The route's segments below the root: `["dashboard"]` for `/dashboard`.
    pub segments: &'static [&'static str],
    /// `app/layout.tsx`: gets the page as `children`, returns `<html>`.
    pub layout: fn(Node) -> Node,
    /// `app/dashboard/page.tsx`: called once per request (the page is dynamic).
    pub page: fn() -> Node,
    /// Next.js's `basePath`: prefixed to every `/_next/…` URL the page sends.
    pub base_path: String,
}

impl AppPage {
    /// The handler for GET (and so HEAD) at the page's path.
    pub fn into_route(self) -> MethodRouter {
        get(move |request: Request| answer(self, request))
    }
}
// ANCHOR_END: page

/// Picks the kind of answer from the request's router headers.
async fn answer(page: AppPage, request: Request) -> Response {
    let headers = request.headers();
    if header_value(headers, "rsc") != Some("1") {
        return html_response(&page).await;
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
        return prefetch_response(&page);
    }
    flight_response(&page)
}

fn header_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

// ANCHOR: rsc_param
/// The `_rsc` value an `RSC: 1` request must carry: a hash of the router headers
/// it sends, so that two requests for the same URL with different router state
/// have different URLs, and no cache can answer one with the other's payload.
///
/// The input is `prefetch,segmentPrefetch,stateTree,nextUrl`, each header value as
/// sent or `"0"` when absent. With none of them sent (or only `prefetch: 0`) the
/// value is empty; otherwise it is the first 12 bytes of the input's SHA-256, in
/// base64url without padding (16 characters).
pub fn expected_rsc_param(headers: &HeaderMap) -> String {
    let value = |name| header_value(headers, name);
    let prefetch = value("next-router-prefetch");
    let others = [
        value("next-router-segment-prefetch"),
        value("next-router-state-tree"),
        value("next-url"),
    ];
    if prefetch.is_none_or(|p| p == "0") && others.iter().all(Option::is_none) {
        return String::new();
    }
    let input = [prefetch, others[0], others[1], others[2]]
        .map(|v| v.unwrap_or("0"))
        .join(",");
    let digest = Sha256::digest(input.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..12])
}
// ANCHOR_END: rsc_param

/// The `_rsc` value in a query string: `Some("")` for a bare `_rsc` or `_rsc=`.
fn rsc_param(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .find(|(key, _)| *key == "_rsc")
        .map(|(_, value)| value)
}

/// `307` to the same path and query with `_rsc` replaced and moved to the end:
/// `/dashboard?x=1&_rsc=bad` → `/dashboard?x=1&_rsc=<expected>`. An empty expected
/// value is written as a bare key, `?_rsc`. No other headers, an empty chunked body.
fn redirect_to_rsc_url(path: &str, query: Option<&str>, expected: &str) -> Response {
    let mut pairs: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some("_rsc"))
        .collect();
    let rsc = if expected.is_empty() {
        "_rsc".to_owned()
    } else {
        format!("_rsc={expected}")
    };
    pairs.push(&rsc);
    let location = format!("{path}?{}", pairs.join("&"));
    let mut response = Response::new(stream_body(empty_channel()));
    *response.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&location).expect("a path and query are a valid header"),
    );
    response
}

/// A channel already closed: a body with no bytes, but no known length either, so
/// it goes out as `Transfer-Encoding: chunked` with only the final `0` chunk.
fn empty_channel() -> mpsc::Receiver<Bytes> {
    mpsc::channel(1).1
}

/// Headers common to every rendered answer, in the order Next.js sends them.
fn rendered_response(content_type: &'static str, html: bool, body: Body) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static(VARY));
    if html {
        headers.insert("x-powered-by", HeaderValue::from_static("Next.js"));
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The body of a response as a stream fed by a channel: whatever a writer task
/// sends goes out as one HTTP chunk, at the moment it is sent.
fn stream_body(chunks: mpsc::Receiver<Bytes>) -> Body {
    let stream = futures_util::stream::unfold(chunks, |mut chunks| async move {
        let chunk = chunks.recv().await?;
        Some((Ok::<_, Infallible>(chunk), chunks))
    });
    Body::from_stream(stream)
}

/// A body that starts with `ready` and goes on with whatever `write`, run on its
/// own task, sends. The ready chunks are queued before the response is returned,
/// so they leave in the same write as the status line and headers.
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
    stream_body(receiver)
}

/// The tree for one request: the layout around a fresh run of the page.
fn page_tree(page: &AppPage) -> Node {
    (page.layout)((page.page)())
}

// ---------------------------------------------------------------------------
// Flight
// ---------------------------------------------------------------------------

// ANCHOR: flight_writer
/// Turns nodes into flight rows. It numbers rows as it meets what needs one: the
/// Suspense symbol, a client module (its chunk path, then its `I` row), an async
/// component (a lazy row that comes later). Each import is sent once per response.
struct FlightWriter {
    base_path: String,
    next_id: u32,
    suspense_symbol: Option<u32>,
    /// `(module id, row id of its I row)` for the client modules already sent.
    client_modules: Vec<(u32, u32)>,
    /// Rows to send before the row being encoded: symbols and client references.
    imports: Vec<String>,
    /// Async components met and not sent yet: `(row id, future)`.
    pending: Vec<(u32, AsyncComponent)>,
}

impl FlightWriter {
    fn new(base_path: &str) -> FlightWriter {
        FlightWriter {
            base_path: base_path.to_owned(),
            next_id: 1, // row 0 is the root
            suspense_symbol: None,
            client_modules: Vec::new(),
            imports: Vec::new(),
            pending: Vec::new(),
        }
    }

    fn new_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The rows for one model: the imports it needs first, then `<id>:<model>`.
    fn rows(&mut self, id: u32, model: &Value) -> String {
        let mut rows = std::mem::take(&mut self.imports).concat();
        rows.push_str(&flight::model_row(id, model));
        rows
    }

    /// A node as a flight model value.
    fn encode(&mut self, node: &Node) -> Value {
        match node {
            Node::Text(text) => flight::text(text),
            Node::Element(element) => self.encode_element(element),
            Node::Client(client) => {
                let component = self.client_component(client.reference);
                flight::element(&component, None, Value::Object(client.props.clone()))
            }
            Node::Suspense(boundary) => {
                let props = json!({
                    "fallback": self.encode(&boundary.fallback),
                    "children": self.encode(&boundary.children),
                });
                flight::element(&self.suspense_symbol(), None, props)
            }
            Node::Async(component) => {
                let id = self.new_id();
                self.pending.push((id, component.clone()));
                flight::lazy(id)
            }
        }
    }

    fn encode_element(&mut self, element: &Element) -> Value {
        let mut props = Map::new();
        for (name, value) in &element.attributes {
            props.insert((*name).to_owned(), value.clone());
        }
        // One child is sent as itself, several as an array, none not at all.
        match element.children.as_slice() {
            [] => {}
            [only] => {
                props.insert("children".to_owned(), self.encode(only));
            }
            many => {
                let children = many.iter().map(|child| self.encode(child)).collect();
                props.insert("children".to_owned(), Value::Array(children));
            }
        }
        flight::element(element.tag, element.key.as_deref(), Value::Object(props))
    }

    /// `"$a"`: a reference to the `"$Sreact.suspense"` row, sent the first time.
    fn suspense_symbol(&mut self) -> String {
        let id = match self.suspense_symbol {
            Some(id) => id,
            None => {
                let id = self.new_id();
                self.imports.push(flight::symbol_row(id, "react.suspense"));
                self.suspense_symbol = Some(id);
                id
            }
        };
        format!("${id:x}")
    }

    /// `"$L14"`: a lazy reference to the module's `I` row, sent the first time
    /// along with a row for its chunk path.
    fn client_component(&mut self, reference: &ClientReference) -> String {
        let known = self
            .client_modules
            .iter()
            .find(|(m, _)| *m == reference.module_id);
        let id = match known {
            Some((_, id)) => *id,
            None => {
                let chunk_row = self.new_id();
                let chunk_url = chunk_url(&self.base_path, reference.chunk);
                self.imports
                    .push(flight::model_row(chunk_row, &json!(chunk_url)));
                let id = self.new_id();
                let chunk = format!("${chunk_row:x}");
                self.imports.push(flight::client_reference_row(
                    id,
                    reference.module_id,
                    &[chunk.as_str()],
                    reference.export,
                ));
                self.client_modules.push((reference.module_id, id));
                id
            }
        };
        format!("$L{id:x}")
    }

    /// The rows of an async component that has resolved.
    fn resolved_rows(&mut self, id: u32, node: &Node) -> String {
        let model = self.encode(node);
        self.rows(id, &model)
    }

    /// Takes the async components met so far, to wait for.
    fn take_pending(&mut self) -> Vec<(u32, AsyncComponent)> {
        std::mem::take(&mut self.pending)
    }
}
// ANCHOR_END: flight_writer

/// Where the browser loads a client chunk: `/base/_next/static/chunks/<file>`.
pub fn chunk_url(base_path: &str, chunk: &str) -> String {
    format!(
        "{}/_next/static/chunks/{chunk}",
        base_path.trim_end_matches('/')
    )
}

/// The segment tree as `$Q` map rows, innermost first: the router's picture of
/// the route (`""` → `dashboard` → `__PAGE__`). Returns the rows and the id of
/// the outermost map.
fn segment_tree_rows(writer: &mut FlightWriter, segments: &[&str]) -> (String, u32) {
    let mut rows = String::new();
    let mut inner: Option<u32> = None;
    for segment in segments.iter().copied().chain(["__PAGE__"]).rev() {
        let id = writer.new_id();
        let mut entry = json!({ "s": segment });
        if let Some(child) = inner {
            entry["c"] = flight::map_reference(child);
        }
        rows = format!(
            "{rows}{}",
            flight::model_row(id, &json!([["children", entry]]))
        );
        inner = Some(id);
    }
    (rows, inner.expect("at least the page segment"))
}

/// Row 0, the root object: build id (`b`), search string (`q`), intercepted (`i`)
/// and static (`S`) flags, and the tree (`t`) whose root segment carries `data`.
fn root_row(segment_map: u32, data: Option<Value>) -> Value {
    let mut root = json!({ "s": "" });
    if let Some(data) = data {
        root["d"] = json!({ "r": data });
    }
    root["c"] = flight::map_reference(segment_map);
    json!({
        "q": "",
        "i": false,
        "S": false,
        "r": "$undefined",
        "b": BUILD_ID,
        "t": { "t": root },
    })
}

/// The rows known before any async component resolves: the segment tree, then
/// row 0 with the layout's elements and `"$L…"` where the page goes.
fn first_rows(writer: &mut FlightWriter, page: &AppPage, tree: &Node) -> String {
    let (segment_rows, segment_map) = segment_tree_rows(writer, page.segments);
    let layout = writer.encode(tree);
    let root = writer.rows(0, &root_row(segment_map, Some(layout)));
    segment_rows + &root
}

/// The waits for the async components a writer met, as one stream that yields
/// each `(row id, subtree)` as soon as it resolves, in whatever order they finish.
fn waiting(
    pending: Vec<(u32, AsyncComponent)>,
) -> FuturesUnordered<BoxFuture<'static, (u32, Node)>> {
    pending
        .into_iter()
        .map(|(id, component)| async move { (id, component.resolve().await) }.boxed())
        .collect()
}

// ANCHOR: flight_response
/// `RSC: 1`: the flight payload, each row written as soon as it is ready. The root
/// row leaves at once; the page's row when its data is in; the Suspense child's
/// row when it resolves.
fn flight_response(page: &AppPage) -> Response {
    let mut writer = FlightWriter::new(&page.base_path);
    let first = first_rows(&mut writer, page, &page_tree(page));
    let body = spawn_writer(vec![first], |chunks| async move {
        let mut waits = waiting(writer.take_pending());
        while let Some((id, node)) = waits.next().await {
            let rows = writer.resolved_rows(id, &node);
            waits.extend(waiting(writer.take_pending()));
            if chunks.send(rows.into()).await.is_err() {
                return; // the client went away
            }
        }
    });
    rendered_response("text/x-component", false, body)
}
// ANCHOR_END: flight_response

/// `RSC: 1` + `Next-Router-Prefetch: 1` on a dynamic page: the segment tree only,
/// so the router knows the route's shape; nothing is rendered.
fn prefetch_response(page: &AppPage) -> Response {
    let mut writer = FlightWriter::new(&page.base_path);
    let (segment_rows, segment_map) = segment_tree_rows(&mut writer, page.segments);
    let body = segment_rows + &flight::model_row(0, &root_row(segment_map, None));
    let body = spawn_writer(vec![body], |_done| async {});
    rendered_response("text/x-component", false, body)
}

// ---------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------

/// Waits for every async component outside a Suspense boundary: without a
/// boundary there is no fallback to show, so the shell cannot be sent before them.
fn resolve_shell(node: Node) -> BoxFuture<'static, Node> {
    async move {
        match node {
            Node::Async(component) => resolve_shell(component.resolve().await).await,
            Node::Element(mut element) => {
                let mut children = Vec::with_capacity(element.children.len());
                for child in element.children {
                    children.push(resolve_shell(child).await);
                }
                element.children = children;
                Node::Element(element)
            }
            // Text, client elements, and Suspense boundaries (whose content may wait).
            other => other,
        }
    }
    .boxed()
}

/// The subtree with every async component replaced by its result, if all of
/// them (outside nested boundaries) have resolved; `None` while one still waits.
fn ready_now(node: &Node) -> Option<Node> {
    match node {
        Node::Async(component) => ready_now(&component.ready()?),
        Node::Element(element) => {
            let children = element
                .children
                .iter()
                .map(ready_now)
                .collect::<Option<_>>()?;
            Some(Node::Element(Element {
                children,
                ..element.clone()
            }))
        }
        other => Some(other.clone()),
    }
}

/// A Suspense boundary whose fallback went out in place of its content.
struct PendingBoundary {
    id: u32,
    children: Node,
}

/// Writes nodes as HTML, as React's server renderer does for these cases.
struct HtmlWriter {
    next_boundary: u32,
    pending: Vec<PendingBoundary>,
}

impl HtmlWriter {
    fn write(&mut self, node: &Node, out: &mut String) {
        match node {
            Node::Text(text) => out.push_str(&escape_html(text)),
            Node::Element(element) => self.write_element(element, out),
            Node::Client(client) => {
                let html = (client.reference.render_html)(&client.props);
                self.write(&html, out);
            }
            Node::Suspense(boundary) => self.write_boundary(boundary, out),
            Node::Async(_) => unreachable!("the shell and boundaries are resolved first"),
        }
    }

    fn write_element(&mut self, element: &Element, out: &mut String) {
        out.push('<');
        out.push_str(element.tag);
        for (name, value) in &element.attributes {
            match value {
                Value::Bool(true) => out.push_str(&format!(" {name}=\"\"")),
                Value::Bool(false) | Value::Null => {}
                Value::String(s) => out.push_str(&format!(" {name}=\"{}\"", escape_html(s))),
                other => out.push_str(&format!(" {name}=\"{other}\"")),
            }
        }
        if is_void(element.tag) {
            out.push_str("/>");
            return;
        }
        out.push('>');
        let mut after_text = false;
        for child in &element.children {
            // Two text nodes in a row would merge into one in the browser; the
            // empty comment keeps them apart so hydration finds both.
            let is_text = matches!(child, Node::Text(_));
            if is_text && after_text {
                out.push_str("<!-- -->");
            }
            after_text = is_text;
            self.write(child, out);
        }
        out.push_str(&format!("</{}>", element.tag));
    }

    /// `<!--$-->content<!--/$-->` if the content is ready; otherwise the
    /// fallback with a `<template id="B:n">` placeholder, and the content later.
    fn write_boundary(&mut self, boundary: &Suspense, out: &mut String) {
        if let Some(content) = ready_now(&boundary.children) {
            out.push_str("<!--$-->");
            self.write(&content, out);
            out.push_str("<!--/$-->");
            return;
        }
        let id = self.next_boundary;
        self.next_boundary += 1;
        self.pending.push(PendingBoundary {
            id,
            children: boundary.children.clone(),
        });
        out.push_str(&format!("<!--$?--><template id=\"B:{id:x}\"></template>"));
        self.write(&boundary.fallback, out);
        out.push_str("<!--/$-->");
    }

    /// The late HTML of a boundary: hidden content, then the call that swaps it in.
    fn write_completed(&mut self, id: u32, content: &Node, first_swap: bool) -> String {
        let mut out = format!("<div hidden id=\"S:{id:x}\">");
        self.write(content, &mut out);
        out.push_str("</div><script>");
        if first_swap {
            out.push_str(SWAP_RUNTIME);
        }
        out.push_str(&format!("$RC(\"B:{id:x}\",\"S:{id:x}\")</script>"));
        out
    }
}

/// The swap function, sent inline the first time a boundary completes: moves
/// the children of `<div id="S:n">` to where `<template id="B:n">` and the fallback
/// are, and marks the boundary's comment as done (`$`).
const SWAP_RUNTIME: &str = "$RC=function(b,s){var t=document.getElementById(b),d=document.getElementById(s);if(!d)return;d.remove();if(!t)return;var start=t.previousSibling,n=t;while(n&&!(n.nodeType===8&&n.data==='/$')){var next=n.nextSibling;n.remove();n=next}while(d.firstChild)n.parentNode.insertBefore(d.firstChild,n);start.data='$'};";

/// Elements that have no closing tag; React writes them as `<meta …/>`.
fn is_void(tag: &str) -> bool {
    matches!(tag, "meta" | "link" | "br" | "hr" | "img" | "input")
}

/// Text and attribute values: the five characters React escapes.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Flight rows as a `<script>` that hands them to the browser's React. The rows
/// become a JSON string; `<`, `>`, `&` and the two JavaScript line separators
/// are escaped so no text inside can end the script early.
fn flight_script(rows: &str) -> String {
    let string = serde_json::to_string(rows)
        .expect("a string always serializes")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("<script>self.__next_f.push([1,{string}])</script>")
}

/// Sets up `self.__next_f` before any row arrives (`0` = "rows follow").
const FLIGHT_BOOTSTRAP: &str = "<script>(self.__next_f=self.__next_f||[]).push([0])</script>";

/// Flight rows inlined into an HTML page: the bootstrap `push([0])`, then one
/// `push([1,"<rows>"])`. Every App Router page carries its own payload this way,
/// so the browser's React can hydrate it without asking the server again.
pub fn inline_flight_rows(rows: &str) -> String {
    format!("{FLIGHT_BOOTSTRAP}{}", flight_script(rows))
}

/// A whole HTML document for a page rendered in one go (no pending Suspense
/// boundary): `<!DOCTYPE html>`, the reference app's `<html lang="en">`, the
/// `<head>` an [`AppPage`] gets (with a script for each client chunk), `body_html`
/// inside `<body>`, then the page's flight `rows` inlined.
///
/// For pages whose HTML is written by hand rather than from [`Node`]s: the
/// guestbook, whose `<form action={serverAction}>` a `Node` cannot express (its
/// HTML carries hidden inputs, its flight a `"$h"` server reference). They still
/// go out the way [`AppPage`] sends `/dashboard`, from the same pieces.
pub fn html_document(base_path: &str, chunks: &[&str], body_html: &str, rows: &str) -> String {
    let mut html = HtmlWriter {
        next_boundary: 0,
        pending: Vec::new(),
    };
    let mut out = String::from("<!DOCTYPE html><html lang=\"en\">");
    html.write(&head(base_path, chunks), &mut out);
    out.push_str("<body>");
    out.push_str(body_html);
    out.push_str(&inline_flight_rows(rows));
    out.push_str(DOCUMENT_END);
    out
}

/// What closes the document; held back until the last late chunk.
const DOCUMENT_END: &str = "</body></html>";

/// `<head>` as Next.js puts it into the layout's `<html>`: the charset and viewport
/// metas, and a `<script async>` for each client chunk the page uses.
fn head(base_path: &str, chunks: &[&str]) -> Node {
    element("head")
        .child(element("meta").attr("charSet", "utf-8"))
        .child(
            element("meta")
                .attr("name", "viewport")
                .attr("content", "width=device-width, initial-scale=1"),
        )
        .children(chunks.iter().map(|chunk| {
            element("script")
                .attr("src", chunk_url(base_path, chunk))
                .attr("async", true)
                .into()
        }))
        .into()
}

/// The client chunks a tree uses, in order, each once.
fn client_chunks(node: &Node, chunks: &mut Vec<&'static str>) {
    match node {
        Node::Client(client) if !chunks.contains(&client.reference.chunk) => {
            chunks.push(client.reference.chunk);
        }
        Node::Element(element) => element
            .children
            .iter()
            .for_each(|c| client_chunks(c, chunks)),
        Node::Suspense(boundary) => {
            client_chunks(&boundary.fallback, chunks);
            client_chunks(&boundary.children, chunks);
        }
        _ => {}
    }
}

/// Puts `head` first inside the layout's `<html>` element.
fn with_head(document: Node, head: Node) -> Node {
    match document {
        Node::Element(mut html) if html.tag == "html" => {
            html.children.insert(0, head);
            Node::Element(html)
        }
        other => panic!("the root layout must return <html>, got {other:?}"),
    }
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
async fn html_response(page: &AppPage) -> Response {
    let tree = page_tree(page);
    let mut flight = FlightWriter::new(&page.base_path);
    let mut rows = first_rows(&mut flight, page, &tree);
    let shell = resolve_shell(tree).await;
    let mut waits = waiting(flight.take_pending());
    // What resolved while the shell waited is sent with the shell.
    while let Some(Some((id, node))) = waits.next().now_or_never() {
        rows.push_str(&flight.resolved_rows(id, &node));
        waits.extend(waiting(flight.take_pending()));
    }
    let mut html = HtmlWriter {
        next_boundary: 0,
        pending: Vec::new(),
    };
    let document = write_shell(page, &shell, &mut html);
    let inline_rows = inline_flight_rows(&rows);
    let body = spawn_writer(vec![document, inline_rows], |chunks| async move {
        let mut first_swap = true;
        while let Some((id, node)) = waits.next().await {
            let rows = flight.resolved_rows(id, &node);
            waits.extend(waiting(flight.take_pending()));
            let mut late = vec![flight_script(&rows)];
            for (boundary, content) in completed_boundaries(&mut html) {
                late.push(html.write_completed(boundary, &content, first_swap));
                first_swap = false;
            }
            for chunk in late {
                if chunks.send(chunk.into()).await.is_err() {
                    return;
                }
            }
        }
        let _ = chunks
            .send(Bytes::from_static(DOCUMENT_END.as_bytes()))
            .await;
    });
    rendered_response("text/html; charset=utf-8", true, body)
}
// ANCHOR_END: html_response

/// `<!DOCTYPE html>` and the resolved tree with its `<head>`, without the
/// closing `</body></html>` (sent last, see [`DOCUMENT_END`]).
fn write_shell(page: &AppPage, shell: &Node, html: &mut HtmlWriter) -> String {
    let mut chunks = Vec::new();
    client_chunks(shell, &mut chunks);
    let document = with_head(shell.clone(), head(&page.base_path, &chunks));
    let mut out = String::from("<!DOCTYPE html>");
    html.write(&document, &mut out);
    match out.strip_suffix(DOCUMENT_END) {
        Some(open) => open.to_owned(),
        None => panic!("the root layout must end with </body></html>"),
    }
}

/// Takes the pending boundaries whose content has now fully resolved.
fn completed_boundaries(html: &mut HtmlWriter) -> Vec<(u32, Node)> {
    let mut completed = Vec::new();
    html.pending
        .retain(|boundary| match ready_now(&boundary.children) {
            Some(content) => {
                completed.push((boundary.id, content));
                false
            }
            None => true,
        });
    completed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn rsc_param_is_empty_without_router_headers() {
        assert_eq!(expected_rsc_param(&headers(&[("rsc", "1")])), "");
        assert_eq!(
            expected_rsc_param(&headers(&[("next-router-prefetch", "0")])),
            ""
        );
    }

    #[test]
    fn rsc_param_matches_the_values_next_computes() {
        let prefetch = headers(&[("next-router-prefetch", "1")]);
        assert_eq!(expected_rsc_param(&prefetch), "HEAvJdHAQJrUAe2K");
        let segment = headers(&[
            ("next-router-prefetch", "1"),
            ("next-router-segment-prefetch", "/_tree"),
            ("next-url", "/dashboard"),
        ]);
        assert_eq!(expected_rsc_param(&segment), "j79Vj4yH5aoiafxS");
    }

    #[test]
    fn redirect_keeps_other_params_and_moves_rsc_last() {
        let response = redirect_to_rsc_url("/dashboard", Some("x=1&_rsc=abc&y=2"), "");
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(response.headers()["location"], "/dashboard?x=1&y=2&_rsc");
    }

    #[test]
    fn adjacent_text_is_separated_and_void_elements_close_themselves() {
        let node: Node = element("p").child(text("Count: ")).child(text("3")).into();
        let mut html = HtmlWriter {
            next_boundary: 0,
            pending: Vec::new(),
        };
        let mut out = String::new();
        html.write(&node, &mut out);
        assert_eq!(out, "<p>Count: <!-- -->3</p>");
        let mut out = String::new();
        html.write(&element("meta").attr("charSet", "utf-8").into(), &mut out);
        assert_eq!(out, "<meta charSet=\"utf-8\"/>");
    }

    #[test]
    fn a_hand_written_page_gets_the_same_head_and_its_rows_inlined() {
        let html = html_document("/x", &["a.js"], "<main>hi</main>", "0:{}\n");
        assert_eq!(
            html,
            concat!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charSet=\"utf-8\"/>",
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
                "<script src=\"/x/_next/static/chunks/a.js\" async=\"\"></script></head>",
                "<body><main>hi</main>",
                "<script>(self.__next_f=self.__next_f||[]).push([0])</script>",
                "<script>self.__next_f.push([1,\"0:{}\\n\"])</script></body></html>"
            )
        );
    }

    #[test]
    fn flight_script_escapes_what_could_close_the_script() {
        assert_eq!(
            flight_script("1:\"</script>\"\n"),
            "<script>self.__next_f.push([1,\"1:\\\"\\u003c/script\\u003e\\\"\\n\"])</script>"
        );
    }
}
