//! The component tree a page is made of: server elements, text, client component
//! references, Suspense boundaries and async components.

use futures_util::future::{BoxFuture, FutureExt as _, Shared};
use serde_json::{Map, Value};
use std::future::Future;

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
    pub(super) fn ready(&self) -> Option<Node> {
        self.0.peek().cloned()
    }

    pub(super) async fn resolve(self) -> Node {
        self.0.await
    }
}

/// `async function SlowPanel() { await …; return <p>…</p> }`. The future starts
/// when a writer first waits for it, as React starts a component when it reaches it.
pub fn async_component(render: impl Future<Output = Node> + Send + 'static) -> Node {
    Node::Async(AsyncComponent(render.boxed().shared()))
}
