//! The page as flight rows: the writer that turns [`Node`]s into rows, the route's
//! segment tree, and row 0.

use super::layout::{GLOBAL_ERROR, LAYOUT_ROUTER, LOADING_BOUNDARY};
use super::tree::{AsyncComponent, ClientReference, Element, Node, Nothing};
use crate::server_reference::ServerReference;
use flight::write as rows;
use futures_util::future::{BoxFuture, FutureExt as _};
use futures_util::stream::FuturesUnordered;
use serde_json::{json, Map, Value};

/// Turns nodes into flight rows. It numbers rows as it meets what needs one: a
/// React symbol, a client module (a row for each chunk path, then its `I` row), a
/// Server Action a prop points at, an async component (a lazy row that comes
/// later). Each import is sent once per response, before the row that needs it.
pub struct FlightWriter {
    base_path: String,
    next_id: u32,
    /// `(symbol, row id)` for the React symbols already sent.
    symbols: Vec<(&'static str, u32)>,
    /// `((module id, export), row id of its I row)` for the client references
    /// already sent.
    client_modules: Vec<((u32, &'static str), u32)>,
    /// `(chunk file, row id)` for the chunk paths already sent.
    chunk_rows: Vec<(&'static str, u32)>,
    /// Rows to send before the row being encoded: symbols, client and server references,
    /// long texts.
    imports: Vec<String>,
    /// Async components met and not sent yet: `(row id, future)`.
    pending: Vec<(u32, AsyncComponent)>,
}

impl FlightWriter {
    /// A writer whose first row id is `first_id`: 1 for a page (row 0 is the
    /// root), 2 for an action's answer (rows 0 and 1 are its envelope and result).
    pub fn new(base_path: &str, first_id: u32) -> FlightWriter {
        FlightWriter {
            base_path: base_path.to_owned(),
            next_id: first_id,
            symbols: Vec::new(),
            client_modules: Vec::new(),
            chunk_rows: Vec::new(),
            imports: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// The id the next new row will get.
    pub fn next_id(&self) -> u32 {
        self.next_id
    }

    fn new_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The rows for one model: the imports it needs first, then `<id>:<model>`.
    pub fn rows(&mut self, id: u32, model: &Value) -> String {
        let mut out = std::mem::take(&mut self.imports).concat();
        out.push_str(&rows::model_row(id, model));
        out
    }

    /// The rows met so far that must precede a model, taken to be sent.
    pub fn take_imports(&mut self) -> String {
        std::mem::take(&mut self.imports).concat()
    }

    /// A node as a flight model value.
    pub fn encode(&mut self, node: &Node) -> Value {
        match node {
            Node::Text(text) if rows::is_large_text(text) => {
                let id = self.new_id();
                self.imports.push(rows::text_row(id, text));
                rows::reference(id)
            }
            Node::Text(text) => rows::text(text),
            Node::Number(n) => Value::Number(n.clone()),
            Node::List(items) => Value::Array(items.iter().map(|n| self.encode(n)).collect()),
            Node::Nothing(Nothing::Undefined) => rows::undefined(),
            Node::Nothing(Nothing::Null) => Value::Null,
            Node::Nothing(Nothing::False) => Value::Bool(false),
            // Only a page as a whole throws here (see `resolved_rows`).
            Node::Thrown(_) => rows::undefined(),
            // Only in a client component's server-side HTML, never in flight.
            Node::ChildrenSlot => rows::undefined(),
            Node::Element(element) => self.encode_element(element),
            Node::Client(client) => {
                let component = self.client_component(client.reference);
                let mut props = client.props.clone();
                for (name, action) in &client.actions {
                    props.insert((*name).to_owned(), self.server_reference(action));
                }
                if let Some(children) = &client.children {
                    props.insert("children".to_owned(), self.encode(children));
                }
                rows::element(&component, None, Value::Object(props))
            }
            Node::Suspense(boundary) => {
                let props = json!({
                    "fallback": self.encode(&boundary.fallback),
                    "children": self.encode(&boundary.children),
                });
                rows::element(&self.symbol("react.suspense"), None, props)
            }
            Node::Async(component) => rows::lazy(self.later(component.clone())),
        }
    }

    fn encode_element(&mut self, element: &Element) -> Value {
        let mut props = Map::new();
        for (name, value) in &element.attributes {
            props.insert((*name).to_owned(), value.clone());
        }
        if let Some(action) = &element.action {
            props.insert("action".to_owned(), self.server_reference(action));
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
        rows::element(element.tag, element.key.as_deref(), Value::Object(props))
    }

    /// A row that `component` will fill when it resolves: its id, for `"$L<id>"`.
    pub fn later(&mut self, component: AsyncComponent) -> u32 {
        let id = self.new_id();
        self.pending.push((id, component));
        id
    }

    /// `"$1"`: a reference to the row holding a React symbol, sent the first time.
    pub fn symbol(&mut self, symbol: &'static str) -> String {
        let id = match self.symbols.iter().find(|(s, _)| *s == symbol) {
            Some((_, id)) => *id,
            None => {
                let id = self.new_id();
                self.imports.push(rows::symbol_row(id, symbol));
                self.symbols.push((symbol, id));
                id
            }
        };
        rows::reference_text(id)
    }

    /// `"$L14"`: a lazy reference to the module's `I` row, the element type of a
    /// client component.
    pub fn client_component(&mut self, reference: &ClientReference) -> String {
        rows::lazy_text(self.client_module(reference))
    }

    /// The row of the module's `I` row, sent the first time after a row for each
    /// of its chunk paths.
    pub fn client_module(&mut self, reference: &ClientReference) -> u32 {
        let key = (reference.module_id, reference.export);
        let known = self.client_modules.iter().find(|(k, _)| *k == key);
        let id = match known {
            Some((_, id)) => *id,
            None => {
                let chunks: Vec<String> = reference
                    .chunks
                    .iter()
                    .map(|chunk| rows::reference_text(self.chunk_row(chunk)))
                    .collect();
                let id = self.new_id();
                let chunks: Vec<&str> = chunks.iter().map(String::as_str).collect();
                self.imports.push(rows::client_reference_row(
                    id,
                    reference.module_id,
                    &chunks,
                    reference.export,
                ));
                self.client_modules.push((key, id));
                id
            }
        };
        id
    }

    /// The row holding a chunk's URL, sent the first time the chunk is needed.
    fn chunk_row(&mut self, chunk: &'static str) -> u32 {
        if let Some((_, id)) = self.chunk_rows.iter().find(|(c, _)| *c == chunk) {
            return *id;
        }
        let id = self.new_id();
        let url = chunk_url(&self.base_path, chunk);
        self.imports.push(rows::model_row(id, &json!(url)));
        self.chunk_rows.push((chunk, id));
        id
    }

    /// `"$h13"`: a Server Action, its `{id, bound}` rows sent before the row using it.
    pub fn server_reference(&mut self, action: &ServerReference) -> Value {
        let first = self.next_id;
        self.next_id += action.row_count();
        self.imports.extend(action.rows(first));
        rows::server_reference(first)
    }

    /// The rows of an async component that has resolved.
    pub fn resolved_rows(&mut self, id: u32, node: &Node) -> String {
        if let Node::Thrown(thrown) = node {
            // The page threw: its row is an error whose digest says what happened.
            let mut out = std::mem::take(&mut self.imports).concat();
            out.push_str(&rows::error_row(id, &thrown.digest()));
            return out;
        }
        let model = self.encode(node);
        self.rows(id, &model)
    }

    /// Takes the async components met so far, to wait for.
    pub fn take_pending(&mut self) -> Vec<(u32, AsyncComponent)> {
        std::mem::take(&mut self.pending)
    }
}

/// Where the browser loads a client chunk: `/base/_next/static/chunks/<file>`.
pub fn chunk_url(base_path: &str, chunk: &str) -> String {
    format!(
        "{}/_next/static/chunks/{chunk}",
        base_path.trim_end_matches('/')
    )
}

/// What the segments of a rendered route hold: the root layout's model, and the
/// row the page's content comes in.
pub struct SegmentData {
    pub layout: Value,
    /// How many leading segments the client router already shows: they go out
    /// without their layouts (`"r":null`, `"p":true`).
    pub held: usize,
    pub page_row: u32,
    /// The `loading.tsx` element of the page's segment, if it has one.
    pub loading: Option<Value>,
    /// The `error.tsx` component of the page's segment (a reference to its `I`
    /// row), if it has one.
    pub error: Option<Value>,
}

/// The route's segment tree (`""` → `guestbook` → `__PAGE__`) as flight rows. With
/// `data`, each segment carries what the router seeds its cache with (`"d"`): the
/// root segment the layout, with a `LayoutRouter` where the child segment goes;
/// segments without a layout of their own only a `LayoutRouter`; `__PAGE__` the
/// page's row (`"$L…"`); segments the client already shows (`data.held`) `null`
/// with `"p":true`. Without `data` (a prefetch), only the route's shape. Child
/// segments travel as `$Q` map rows, innermost first. Returns those rows and the
/// root segment, which row 0 carries.
pub fn segment_tree(
    writer: &mut FlightWriter,
    segments: &[Value],
    data: Option<SegmentData>,
) -> (String, Value) {
    let mut out = String::new();
    let mut child: Option<Value> = None;
    let names = std::iter::once(json!("")).chain(segments.iter().cloned());
    let names: Vec<Value> = names.chain([json!("__PAGE__")]).collect();
    let page_depth = names.len() - 1;
    for (depth, name) in names.iter().enumerate().rev() {
        let mut segment = json!({ "s": name });
        let held_by_client = data.as_ref().is_some_and(|data| depth < data.held);
        if held_by_client && depth != page_depth {
            segment["d"] = json!({ "r": null, "p": true, "v": null });
        } else if let Some(data) = &data {
            let layout = match depth {
                _ if depth == page_depth => rows::lazy(data.page_row),
                0 => data.layout.clone(),
                _ => {
                    let owns_page = depth + 2 == names.len();
                    let mut router = layout_router(writer);
                    if let (Some(error), true) = (&data.error, owns_page) {
                        router[3]["error"] = error.clone();
                    }
                    match (&data.loading, owns_page) {
                        (Some(loading), true) => loading_boundary(writer, loading, router),
                        _ => router,
                    }
                }
            };
            segment["d"] = json!({ "r": layout, "p": false, "v": null });
        }
        if let Some(child) = child.take() {
            let map = writer.new_id();
            out.push_str(&writer.rows(map, &json!([["children", child]])));
            segment["c"] = rows::map_reference(map);
        }
        child = Some(segment);
    }
    (out, child.expect("the root segment"))
}

/// `<LoadingBoundaryProvider loading={…}>`: how the router learns a segment's
/// `loading.tsx`, to show while the segment below it renders.
fn loading_boundary(writer: &mut FlightWriter, loading: &Value, children: Value) -> Value {
    let component = writer.client_component(&LOADING_BOUNDARY);
    rows::element(
        &component,
        None,
        json!({ "loading": loading, "children": children }),
    )
}

/// `<LayoutRouter parallelRouterKey="children" />`: the client component that shows
/// whatever the router holds for the child segment.
pub fn layout_router(writer: &mut FlightWriter) -> Value {
    let component = writer.client_component(&LAYOUT_ROUTER);
    rows::element(&component, None, json!({ "parallelRouterKey": "children" }))
}

/// What row 0 describes beyond the tree: the URL it was rendered for.
pub struct RenderedUrl<'a> {
    /// The page's path (`/cart`) and query string without `?` (`error=…`).
    pub path: &'a str,
    pub query: &'a str,
}

/// Row 0 of a page's first HTML, as Next.js's client router reads it on hydration:
/// the build id (`b`), the canonical URL's parts (`c`, the search string in the
/// last one), the search string (`q`), intercepted (`i`), the tree (`t`), the global
/// error component (`G`), and static (`S`).
pub fn initial_root_row(
    writer: &mut FlightWriter,
    url: &RenderedUrl,
    tree: Value,
    prerendered: bool,
) -> String {
    let global_error = rows::reference_text(writer.client_module(&GLOBAL_ERROR));
    let root = json!({
        "P": null,
        "c": canonical_url_parts(url),
        "q": search_string(url.query),
        "i": false,
        "t": { "t": tree },
        "G": [global_error, []],
        "S": prerendered,
        "b": crate::build::BUILD_ID,
    });
    writer.rows(0, &root)
}

/// Row 0 of a navigation (`RSC: 1`): the tree and flags, no URL (the router knows
/// where it navigated).
pub fn navigation_root(tree: Value, prerendered: bool) -> Value {
    json!({
        "q": "",
        "i": false,
        "S": prerendered,
        "r": "$undefined",
        "b": crate::build::BUILD_ID,
        "t": { "t": tree },
    })
}

/// `["", "cart?error=a+b"]`: the path split at `/`, the query (re-encoded the way
/// `URLSearchParams` writes it) appended to the last part.
fn canonical_url_parts(url: &RenderedUrl) -> Value {
    let mut parts: Vec<String> = url.path.split('/').map(str::to_owned).collect();
    if !url.query.is_empty() {
        let pairs = form_urlencoded::parse(url.query.as_bytes());
        let search: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        if let Some(last) = parts.last_mut() {
            last.push('?');
            last.push_str(&search);
        }
    }
    json!(parts)
}

/// `?error=…` as the request carried it, or `""` without a query.
fn search_string(query: &str) -> String {
    if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    }
}

/// The waits for the async components a writer met, as one stream that yields
/// each `(row id, subtree)` as soon as it resolves, in whatever order they finish.
pub fn waiting(
    pending: Vec<(u32, AsyncComponent)>,
) -> FuturesUnordered<BoxFuture<'static, (u32, Node)>> {
    pending
        .into_iter()
        .map(|(id, component)| async move { (id, component.resolve().await) }.boxed())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_url_carries_the_search_string_in_its_last_part() {
        let url = RenderedUrl {
            path: "/cart",
            query: "error=quantity%20must%20be",
        };
        assert_eq!(
            canonical_url_parts(&url),
            json!(["", "cart?error=quantity+must+be"])
        );
        assert_eq!(search_string(url.query), "?error=quantity%20must%20be");
        let plain = RenderedUrl {
            path: "/guestbook",
            query: "",
        };
        assert_eq!(canonical_url_parts(&plain), json!(["", "guestbook"]));
    }

    #[test]
    fn the_segment_tree_ends_in_the_page() {
        let mut writer = FlightWriter::new("", 1);
        let data = SegmentData {
            layout: json!("L"),
            held: 0,
            page_row: 9,
            loading: None,
            error: None,
        };
        let (maps, root) = segment_tree(&mut writer, &[json!("guestbook")], Some(data));
        assert_eq!(root["s"], "");
        assert_eq!(root["d"]["r"], "L");
        assert!(maps.contains("[[\"children\",{\"s\":\"__PAGE__\",\"d\":{\"r\":\"$L9\""));
        assert!(maps.contains("{\"s\":\"guestbook\",\"d\":{\"r\":[\"$\",\"$L"));
        let held = SegmentData {
            layout: json!(null),
            held: 1,
            page_row: 9,
            loading: None,
            error: None,
        };
        let guestbook = [json!("guestbook")];
        let (maps, root) = segment_tree(&mut FlightWriter::new("", 1), &guestbook, Some(held));
        assert_eq!(root["d"], json!({ "r": null, "p": true, "v": null }));
        assert!(maps.contains("{\"s\":\"guestbook\",\"d\":{\"r\":[\"$\",\"$L"));
        let (maps, root) = segment_tree(&mut FlightWriter::new("", 1), &guestbook, None);
        assert!(!maps.contains("\"d\"") && root.get("d").is_none());
    }
}
