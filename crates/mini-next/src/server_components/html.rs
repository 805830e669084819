//! The page as HTML: the writer that turns [`Node`]s into markup as React's server
//! renderer does for these cases, the document's `<head>`, and the resolution of
//! async components that the shell must wait for.

use super::flight_writer::chunk_url;
use super::tree::{element, ClientElement, Element, Node, Suspense};
use crate::server_reference::hidden_inputs;
use flight::html::escape_html;
use futures_util::future::{BoxFuture, FutureExt as _};
use serde_json::Value;

/// Waits for every async component outside a Suspense boundary: without a
/// boundary there is no fallback to show, so the shell cannot be sent before them.
pub fn resolve_shell(node: Node) -> BoxFuture<'static, Node> {
    async move {
        match node {
            Node::Async(component) => resolve_shell(component.resolve().await).await,
            Node::Element(mut element) => {
                element.children = resolve_all(element.children).await;
                Node::Element(element)
            }
            Node::List(items) => Node::List(resolve_all(items).await),
            Node::Client(mut client) => {
                if let Some(children) = client.children.take() {
                    client.children = Some(Box::new(resolve_shell(*children).await));
                }
                Node::Client(client)
            }
            // Text, and Suspense boundaries (whose content may wait).
            other => other,
        }
    }
    .boxed()
}

async fn resolve_all(nodes: Vec<Node>) -> Vec<Node> {
    let mut resolved = Vec::with_capacity(nodes.len());
    for node in nodes {
        resolved.push(resolve_shell(node).await);
    }
    resolved
}

/// The subtree with every async component replaced by its result, if all of
/// them (outside nested boundaries) have resolved; `None` while one still waits.
pub fn ready_now(node: &Node) -> Option<Node> {
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
        Node::List(items) => Some(Node::List(
            items.iter().map(ready_now).collect::<Option<_>>()?,
        )),
        Node::Client(client) => {
            let children = match &client.children {
                Some(children) => Some(Box::new(ready_now(children)?)),
                None => None,
            };
            Some(Node::Client(ClientElement {
                children,
                ..client.clone()
            }))
        }
        other => Some(other.clone()),
    }
}

/// A Suspense boundary whose fallback went out in place of its content.
pub struct PendingBoundary {
    pub id: u32,
    pub children: Node,
}

/// Writes nodes as HTML, as React's server renderer does for these cases.
#[derive(Default)]
pub struct HtmlWriter {
    next_boundary: u32,
    /// React numbers the forms whose action is a function as it renders them
    /// (`resumableState.nextFormID`); the number names their hidden fields. A form
    /// whose bound values React must wait for is rendered twice and uses up two.
    next_form: u32,
    /// Boundaries whose fallback went out, waiting for their content.
    pub pending: Vec<PendingBoundary>,
    /// Whether the last thing written was text (see [`HtmlWriter::write_text`]).
    after_text: bool,
    /// The `children` of the client components being written, innermost last.
    children: Vec<Option<Node>>,
}

impl HtmlWriter {
    pub fn new() -> HtmlWriter {
        HtmlWriter::default()
    }

    pub fn write(&mut self, node: &Node, out: &mut String) {
        match node {
            Node::Text(text) => self.write_text(text, out),
            Node::Number(n) => self.write_text(&n.to_string(), out),
            Node::List(items) => items.iter().for_each(|item| self.write(item, out)),
            Node::Nothing(_) | Node::Thrown(_) => {}
            Node::Element(element) => self.write_element(element, out),
            Node::Client(client) => {
                let rendered;
                let html = match &client.html {
                    Some(html) => html.as_ref(),
                    None => {
                        rendered = (client.reference.render_html)(&client.props);
                        &rendered
                    }
                };
                self.children.push(client.children.as_deref().cloned());
                self.write(html, out);
                self.children.pop();
            }
            Node::ChildrenSlot => {
                if let Some(Some(children)) = self.children.last().cloned() {
                    self.write(&children, out);
                }
            }
            Node::Suspense(boundary) => self.write_boundary(boundary, out),
            Node::Async(_) => unreachable!("the shell and boundaries are resolved first"),
        }
    }

    /// Two text nodes in a row would merge into one in the browser; an empty
    /// comment between them keeps them apart, so hydration finds both.
    fn write_text(&mut self, text: &str, out: &mut String) {
        if self.after_text {
            out.push_str("<!-- -->");
        }
        out.push_str(&escape_html(text));
        self.after_text = true;
    }

    fn write_element(&mut self, element: &Element, out: &mut String) {
        self.after_text = false;
        let matched = element
            .action
            .as_ref()
            .and_then(|a| a.action_state.as_ref());
        match matched.and_then(|state| state.matched) {
            Some(true) => out.push_str("<!--F!-->"),
            Some(false) => out.push_str("<!--F-->"),
            None => {}
        }
        out.push('<');
        out.push_str(element.tag);
        for (name, value) in attributes_in_react_order(element) {
            write_attribute(name, value, out);
        }
        if let Some(action) = &element.action {
            // A function as the action: the form posts to the page itself, and
            // hidden inputs say which action to run.
            out.push_str(r#" action="" encType="multipart/form-data" method="POST">"#);
            if action.waits_while_rendering() {
                self.next_form += 1;
            }
            let form = self.next_form;
            self.next_form += 1;
            out.push_str(&hidden_inputs(action, form));
        } else if is_void(element.tag) {
            out.push_str("/>");
            return;
        } else {
            out.push('>');
        }
        for child in &element.children {
            self.write(child, out);
        }
        out.push_str(&format!("</{}>", element.tag));
        self.after_text = false;
    }

    /// `<!--$-->content<!--/$-->` if the content is ready; otherwise the
    /// fallback with a `<template id="B:n">` placeholder, and the content later.
    fn write_boundary(&mut self, boundary: &Suspense, out: &mut String) {
        self.after_text = false;
        if let Some(content) = ready_now(&boundary.children) {
            out.push_str("<!--$-->");
            self.write(&content, out);
            out.push_str("<!--/$-->");
            self.after_text = false;
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
        self.after_text = false;
    }

    /// The late HTML of a boundary: hidden content, then the call that swaps it in.
    pub fn write_completed(&mut self, id: u32, content: &Node, first_swap: bool) -> String {
        let mut out = format!("<div hidden id=\"S:{id:x}\">");
        self.after_text = false;
        self.write(content, &mut out);
        out.push_str("</div><script>");
        if first_swap {
            out.push_str(SWAP_RUNTIME);
        }
        out.push_str(&format!("$RC(\"B:{id:x}\",\"S:{id:x}\")</script>"));
        out
    }

    /// Takes the pending boundaries whose content has now fully resolved.
    pub fn completed_boundaries(&mut self) -> Vec<(u32, Node)> {
        let mut completed = Vec::new();
        self.pending
            .retain(|boundary| match ready_now(&boundary.children) {
                Some(content) => {
                    completed.push((boundary.id, content));
                    false
                }
                None => true,
            });
        completed
    }
}

/// An element's attributes in the order React writes them. For `<input>`, React
/// writes `name` and then `value` last (`defaultValue` becomes `value`), whatever
/// their place in the JSX.
fn attributes_in_react_order(element: &Element) -> Vec<(&'static str, &Value)> {
    let mut attributes: Vec<(&'static str, &Value)> =
        element.attributes.iter().map(|(n, v)| (*n, v)).collect();
    if element.tag == "input" {
        let last = |name: &str| match name {
            "name" => 1,
            "value" | "defaultValue" => 2,
            _ => 0,
        };
        attributes.sort_by_key(|(name, _)| last(name));
        for (name, _) in &mut attributes {
            if *name == "defaultValue" {
                *name = "value";
            }
        }
    }
    attributes
}

/// ` name="value"`; `true` as `name=""`; `false` and `null` not at all.
fn write_attribute(name: &str, value: &Value, out: &mut String) {
    match value {
        Value::Bool(true) => out.push_str(&format!(" {name}=\"\"")),
        Value::Bool(false) | Value::Null => {}
        Value::String(s) => out.push_str(&format!(" {name}=\"{}\"", escape_html(s))),
        other => out.push_str(&format!(" {name}=\"{other}\"")),
    }
}

/// The swap function, sent inline the first time a boundary completes: moves
/// the children of `<div id="S:n">` to where `<template id="B:n">` and the fallback
/// are, and marks the boundary's comment as done (`$`).
pub const SWAP_RUNTIME: &str = "$RC=function(b,s){var t=document.getElementById(b),d=document.getElementById(s);if(!d)return;d.remove();if(!t)return;var start=t.previousSibling,n=t;while(n&&!(n.nodeType===8&&n.data==='/$')){var next=n.nextSibling;n.remove();n=next}while(d.firstChild)n.parentNode.insertBefore(d.firstChild,n);start.data='$'};";

/// Elements that have no closing tag; React writes them as `<meta …/>`.
fn is_void(tag: &str) -> bool {
    matches!(tag, "meta" | "link" | "br" | "hr" | "img" | "input")
}

/// What closes the document; held back until the last late chunk.
pub const DOCUMENT_END: &str = "</body></html>";

/// `<head>` as Next.js puts it into the layout's `<html>`: the charset and viewport
/// metas, a `<script async>` for each client chunk the page uses, then the page's
/// metadata.
pub fn head(base_path: &str, chunks: &[&str], metadata: Vec<Node>) -> Node {
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
        .children(metadata)
        .into()
}

/// The client chunks a tree uses, in order, each once.
pub fn client_chunks(node: &Node, chunks: &mut Vec<&'static str>) {
    match node {
        Node::Client(client) => {
            for chunk in client.reference.chunks {
                if !chunks.contains(chunk) {
                    chunks.push(chunk);
                }
            }
            if let Some(children) = &client.children {
                client_chunks(children, chunks);
            }
        }
        Node::Element(element) => element
            .children
            .iter()
            .for_each(|c| client_chunks(c, chunks)),
        Node::List(items) => items.iter().for_each(|c| client_chunks(c, chunks)),
        Node::Suspense(boundary) => {
            client_chunks(&boundary.fallback, chunks);
            client_chunks(&boundary.children, chunks);
        }
        _ => {}
    }
}

/// `<!DOCTYPE html>` and the resolved document with its `<head>` put first inside
/// `<html>`, without the closing `</body></html>` (sent last, see [`DOCUMENT_END`]).
pub fn write_shell(
    base_path: &str,
    shell: &Node,
    metadata: Vec<Node>,
    html: &mut HtmlWriter,
) -> String {
    let mut chunks = Vec::new();
    client_chunks(shell, &mut chunks);
    let Node::Element(mut document) = shell.clone() else {
        panic!("the root layout must return <html>, got {shell:?}");
    };
    assert_eq!(document.tag, "html", "the root layout must return <html>");
    document
        .children
        .insert(0, head(base_path, &chunks, metadata));
    let mut out = String::from("<!DOCTYPE html>");
    html.write(&Node::Element(document), &mut out);
    match out.strip_suffix(DOCUMENT_END) {
        Some(open) => open.to_owned(),
        None => panic!("the root layout must end with </body></html>"),
    }
}

/// The opening of the document Next.js sends when a page throws before anything was
/// rendered: `<html id="__next_error__">` with the usual `<head>` and an empty body,
/// which the flight payload that follows fills in the browser.
pub fn error_document_start(base_path: &str, metadata: Vec<Node>) -> String {
    let mut out = String::from("<!DOCTYPE html><html id=\"__next_error__\">");
    HtmlWriter::new().write(&head(base_path, &[], metadata), &mut out);
    out.push_str("<body>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server_components::tree::{list, text};
    use crate::server_reference::ServerReference;

    fn html_of(node: impl Into<Node>) -> String {
        let mut out = String::new();
        HtmlWriter::new().write(&node.into(), &mut out);
        out
    }

    #[test]
    fn adjacent_text_is_separated_and_void_elements_close_themselves() {
        let p = element("p").child(text("Count: ")).child(text("3"));
        assert_eq!(html_of(p), "<p>Count: <!-- -->3</p>");
        let meta = element("meta").attr("charSet", "utf-8");
        assert_eq!(html_of(meta), "<meta charSet=\"utf-8\"/>");
    }

    #[test]
    fn a_list_writes_its_items_and_undefined_writes_nothing() {
        let ul = element("ul")
            .child(crate::server_components::tree::UNDEFINED)
            .child(list([
                element("li").child(text("a")).into(),
                element("li").into(),
            ]));
        assert_eq!(html_of(ul), "<ul><li>a</li><li></li></ul>");
    }

    #[test]
    fn an_input_writes_name_then_value_last() {
        let input = element("input")
            .attr("name", "quantity")
            .attr("type", "number")
            .attr("min", 1)
            .attr("defaultValue", 1);
        assert_eq!(
            html_of(input),
            r#"<input type="number" min="1" name="quantity" value="1"/>"#
        );
    }

    #[test]
    fn a_form_with_an_action_posts_to_the_page_with_hidden_inputs() {
        let form = element("form")
            .action(ServerReference::new("40ab"))
            .child(element("button").attr("type", "submit").child(text("Add")));
        assert_eq!(
            html_of(form),
            concat!(
                r#"<form action="" encType="multipart/form-data" method="POST">"#,
                r#"<input type="hidden" name="$ACTION_ID_40ab"/>"#,
                r#"<button type="submit">Add</button></form>"#
            )
        );
    }
}
