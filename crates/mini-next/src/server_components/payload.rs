//! The RSC payload (flight rows) of a page, as a `RSC: 1` request gets it, and the
//! segment rows a prefetch gets.

use super::*;
use crate::flight;
use axum::response::Response;
use futures_util::future::{BoxFuture, FutureExt as _};
use futures_util::stream::{FuturesUnordered, StreamExt as _};
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------
// Flight
// ---------------------------------------------------------------------------

// ANCHOR: flight_writer
/// Turns nodes into flight rows. It numbers rows as it meets what needs one: the
/// Suspense symbol, a client module (its chunk path, then its `I` row), an async
/// component (a lazy row that comes later). Each import is sent once per response.
pub(super) struct FlightWriter {
    pub(super) base_path: String,
    pub(super) next_id: u32,
    pub(super) suspense_symbol: Option<u32>,
    /// `(module id, row id of its I row)` for the client modules already sent.
    pub(super) client_modules: Vec<(u32, u32)>,
    /// Rows to send before the row being encoded: symbols and client references.
    pub(super) imports: Vec<String>,
    /// Async components met and not sent yet: `(row id, future)`.
    pub(super) pending: Vec<(u32, AsyncComponent)>,
}

impl FlightWriter {
    pub(super) fn new(base_path: &str) -> FlightWriter {
        FlightWriter {
            base_path: base_path.to_owned(),
            next_id: 1, // row 0 is the root
            suspense_symbol: None,
            client_modules: Vec::new(),
            imports: Vec::new(),
            pending: Vec::new(),
        }
    }

    pub(super) fn new_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The rows for one model: the imports it needs first, then `<id>:<model>`.
    pub(super) fn rows(&mut self, id: u32, model: &Value) -> String {
        let mut rows = std::mem::take(&mut self.imports).concat();
        rows.push_str(&flight::model_row(id, model));
        rows
    }

    /// A node as a flight model value.
    pub(super) fn encode(&mut self, node: &Node) -> Value {
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

    pub(super) fn encode_element(&mut self, element: &Element) -> Value {
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
    pub(super) fn suspense_symbol(&mut self) -> String {
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
    pub(super) fn client_component(&mut self, reference: &ClientReference) -> String {
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
    pub(super) fn resolved_rows(&mut self, id: u32, node: &Node) -> String {
        let model = self.encode(node);
        self.rows(id, &model)
    }

    /// Takes the async components met so far, to wait for.
    pub(super) fn take_pending(&mut self) -> Vec<(u32, AsyncComponent)> {
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
pub(super) fn segment_tree_rows(writer: &mut FlightWriter, segments: &[&str]) -> (String, u32) {
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
pub(super) fn root_row(segment_map: u32, data: Option<Value>) -> Value {
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
pub(super) fn first_rows(writer: &mut FlightWriter, page: &AppPage, tree: &Node) -> String {
    let (segment_rows, segment_map) = segment_tree_rows(writer, page.segments);
    let layout = writer.encode(tree);
    let root = writer.rows(0, &root_row(segment_map, Some(layout)));
    segment_rows + &root
}

/// The waits for the async components a writer met, as one stream that yields
/// each `(row id, subtree)` as soon as it resolves, in whatever order they finish.
pub(super) fn waiting(
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
pub(super) fn flight_response(page: &AppPage) -> Response {
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
pub(super) fn prefetch_response(page: &AppPage) -> Response {
    let mut writer = FlightWriter::new(&page.base_path);
    let (segment_rows, segment_map) = segment_tree_rows(&mut writer, page.segments);
    let body = segment_rows + &flight::model_row(0, &root_row(segment_map, None));
    let body = spawn_writer(vec![body], |_done| async {});
    rendered_response("text/x-component", false, body)
}
