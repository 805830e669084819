//! The page as streamed HTML: the shell with Suspense fallbacks, the inlined flight
//! rows, and later, in the same response, the resolved content with its swap script.

use super::*;
use axum::body::Bytes;
use axum::response::Response;
use futures_util::future::{BoxFuture, FutureExt as _};
use futures_util::stream::StreamExt as _;
use serde_json::Value;

// ---------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------

/// Waits for every async component outside a Suspense boundary: without a
/// boundary there is no fallback to show, so the shell cannot be sent before them.
pub(super) fn resolve_shell(node: Node) -> BoxFuture<'static, Node> {
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
pub(super) fn ready_now(node: &Node) -> Option<Node> {
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
pub(super) struct PendingBoundary {
    pub(super) id: u32,
    pub(super) children: Node,
}

/// Writes nodes as HTML, as React's server renderer does for these cases.
pub(super) struct HtmlWriter {
    pub(super) next_boundary: u32,
    pub(super) pending: Vec<PendingBoundary>,
}

impl HtmlWriter {
    pub(super) fn write(&mut self, node: &Node, out: &mut String) {
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

    pub(super) fn write_element(&mut self, element: &Element, out: &mut String) {
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
    pub(super) fn write_boundary(&mut self, boundary: &Suspense, out: &mut String) {
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
    pub(super) fn write_completed(&mut self, id: u32, content: &Node, first_swap: bool) -> String {
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
pub(super) const SWAP_RUNTIME: &str = "$RC=function(b,s){var t=document.getElementById(b),d=document.getElementById(s);if(!d)return;d.remove();if(!t)return;var start=t.previousSibling,n=t;while(n&&!(n.nodeType===8&&n.data==='/$')){var next=n.nextSibling;n.remove();n=next}while(d.firstChild)n.parentNode.insertBefore(d.firstChild,n);start.data='$'};";

/// Elements that have no closing tag; React writes them as `<meta …/>`.
pub(super) fn is_void(tag: &str) -> bool {
    matches!(tag, "meta" | "link" | "br" | "hr" | "img" | "input")
}

/// Text and attribute values: the five characters React escapes, in both places
/// (`&`, `<`, `>`, `"` and `'` as `&#x27;`). Examples use it for text they put into
/// their own HTML, so it comes out as React's would.
pub fn escape_html(text: &str) -> String {
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
pub(super) fn flight_script(rows: &str) -> String {
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
pub(super) const FLIGHT_BOOTSTRAP: &str =
    "<script>(self.__next_f=self.__next_f||[]).push([0])</script>";

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
pub(super) const DOCUMENT_END: &str = "</body></html>";

/// `<head>` as Next.js puts it into the layout's `<html>`: the charset and viewport
/// metas, and a `<script async>` for each client chunk the page uses.
pub(super) fn head(base_path: &str, chunks: &[&str]) -> Node {
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
pub(super) fn client_chunks(node: &Node, chunks: &mut Vec<&'static str>) {
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
pub(super) fn with_head(document: Node, head: Node) -> Node {
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
pub(super) async fn html_response(page: &AppPage) -> Response {
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
pub(super) fn write_shell(page: &AppPage, shell: &Node, html: &mut HtmlWriter) -> String {
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
pub(super) fn completed_boundaries(html: &mut HtmlWriter) -> Vec<(u32, Node)> {
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
