//! The component tree a page is made of: server elements, text, lists, client
//! component references, Suspense boundaries and async components.

use crate::server_reference::ServerReference;
use crate::thrown::Thrown;
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
    /// A number as a child (`Hits: {hits}`): text in HTML, a number in flight.
    Number(serde_json::Number),
    /// A JavaScript array used as a child: `{entries.map(e => <li>{e}</li>)}`.
    /// Flight keeps it an array (even of one or none); HTML writes its items in turn.
    List(Vec<Node>),
    /// A child that renders nothing: `{error ? <p>…</p> : undefined}`, `{admin &&
    /// <Button/>}` when `admin` is false. HTML has nothing there; flight keeps the
    /// value (`"$undefined"`, `null`, `false`).
    Nothing(Nothing),
    /// A host element: `<li key="alpha">alpha</li>`.
    Element(Element),
    /// `<Counter start={3} />` where `Counter` comes from a `'use client'` file.
    Client(ClientElement),
    /// `{children}` in a client component's server-side HTML (see [`children_slot`]).
    ChildrenSlot,
    /// `<Suspense fallback={…}>children</Suspense>`.
    Suspense(Box<Suspense>),
    /// An `async function` component: its subtree comes when the future resolves.
    Async(AsyncComponent),
    /// `notFound()` or `redirect()` from `next/navigation`, or an error, thrown while
    /// rendering: the page throws instead of returning elements.
    Thrown(Thrown),
}
// ANCHOR_END: node

/// `notFound()` in a page: `return not_found();`.
pub fn not_found() -> Node {
    Node::Thrown(Thrown::NotFound)
}

/// `redirect(path)` in a page: `return redirect("/slow");`.
pub fn redirect(path: &str) -> Node {
    Node::Thrown(Thrown::Redirect(path.to_owned()))
}

/// `throw new Error(message)` in a page: `return throw_error("…");`. The message
/// stays on the server; the answer is a 500 whose error row has only a digest.
pub fn throw_error(message: &str) -> Node {
    Node::Thrown(Thrown::Error(message.to_owned()))
}

/// The JavaScript values that React renders as nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nothing {
    Undefined,
    Null,
    False,
}

/// `undefined` as a child.
pub const UNDEFINED: Node = Node::Nothing(Nothing::Undefined);

/// `false` as a child: what `{condition && <X/>}` gives when the condition is false.
pub const FALSE: Node = Node::Nothing(Nothing::False);

/// A host element (`main`, `h1`, `p`…), with attributes and children.
#[derive(Debug, Clone)]
pub struct Element {
    pub tag: &'static str,
    /// The JSX `key`, which React needs to tell list items apart.
    pub key: Option<String>,
    pub attributes: Vec<(&'static str, Value)>,
    /// `<form action={addEntry}>`: the Server Action the form posts to.
    pub action: Option<ServerReference>,
    pub children: Vec<Node>,
}

/// `element("li").key("alpha").child(text("alpha"))`.
pub fn element(tag: &'static str) -> Element {
    Element {
        tag,
        key: None,
        attributes: Vec::new(),
        action: None,
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

    /// `action={serverAction}` on a `<form>`: HTML gets hidden inputs naming the
    /// action, flight a `"$h…"` server reference.
    pub fn action(mut self, action: ServerReference) -> Element {
        self.action = Some(action);
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

/// A number child: `{count}`.
pub fn number(n: impl Into<serde_json::Number>) -> Node {
    Node::Number(n.into())
}

/// An array child: `{items.map(…)}`.
pub fn list(items: impl IntoIterator<Item = Node>) -> Node {
    Node::List(items.into_iter().collect())
}

/// What the server knows of a `'use client'` component: where the browser finds it.
#[derive(Debug)]
pub struct ClientReference {
    /// The bundler's id of the module (made up here; Next.js uses numbers like 47550).
    pub module_id: u32,
    /// The JavaScript files to load, under `/_next/static/chunks/` (none for a
    /// component whose code the page already has).
    pub chunks: &'static [&'static str],
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
    /// Props cross the network, so they must be serialisable: JSON here.
    pub props: Map<String, Value>,
    /// Props that are Server Actions (`<LikeButton likeAction={like} />`): the one
    /// kind of function a server component may pass to a client component.
    pub actions: Vec<(&'static str, ServerReference)>,
    /// What a server component puts between the tags (`<Panel><Stock /></Panel>`):
    /// rendered on the server and sent as the `children` prop, already rendered.
    pub children: Option<Box<Node>>,
    /// The component's first HTML, when rendering it takes more than its JSON props
    /// (an action prop whose form must name it, a `useActionState` hook); otherwise
    /// [`ClientReference::render_html`] makes it.
    pub html: Option<Box<Node>>,
}

impl ClientElement {
    /// A Server Action as a prop: the client gets a function that calls it.
    pub fn action_prop(mut self, name: &'static str, action: ServerReference) -> ClientElement {
        self.actions.push((name, action));
        self
    }

    /// Server-rendered content between the tags: `<Panel>{children}</Panel>`. The
    /// client component's HTML places it where its `render_html` put
    /// [`children_slot`].
    pub fn children(mut self, children: impl Into<Node>) -> ClientElement {
        self.children = Some(Box::new(children.into()));
        self
    }

    /// The HTML the server renders for this component (see [`ClientElement::html`]).
    pub fn rendered_as(mut self, html: impl Into<Node>) -> ClientElement {
        self.html = Some(Box::new(html.into()));
        self
    }
}

impl From<ClientElement> for Node {
    fn from(element: ClientElement) -> Node {
        Node::Client(element)
    }
}

/// `<Counter start={3} />`: `props` must be a JSON object.
pub fn client(reference: &'static ClientReference, props: Value) -> ClientElement {
    let Value::Object(props) = props else {
        panic!("client component props must be a JSON object, got {props}");
    };
    ClientElement {
        reference,
        props,
        actions: Vec::new(),
        children: None,
        html: None,
    }
}

/// `{children}` inside a client component's `render_html`: where the content a
/// server component passed between its tags goes.
pub fn children_slot() -> Node {
    Node::ChildrenSlot
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

    /// A component that has already resolved to `node`: how a synchronous page gets
    /// a row of its own, as an async one does.
    pub(super) fn resolved(node: Node) -> AsyncComponent {
        AsyncComponent(futures_util::future::ready(node).boxed().shared())
    }
}

/// `async function SlowPanel() { await …; return <p>…</p> }`. The future starts
/// when a writer first waits for it, as React starts a component when it reaches it.
pub fn async_component(render: impl Future<Output = Node> + Send + 'static) -> Node {
    Node::Async(AsyncComponent(render.boxed().shared()))
}
