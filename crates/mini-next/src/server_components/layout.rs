//! The parts of a page that Next.js supplies around the app's own components: the
//! root layout of the reference app, and the router's client components that the
//! flight payload names.

use super::tree::{element, ClientReference, Node, UNDEFINED};
use serde_json::{Map, Value};

// ANCHOR: layout
/// `app/layout.tsx` of the reference app: the App Router requires `<html>` and
/// `<body>` here, and every page of the app renders inside it.
pub fn root_layout(children: Node) -> Node {
    element("html")
        .attr("lang", "en")
        .child(element("body").child(children))
        .into()
}
// ANCHOR_END: layout

/// Next.js's `LayoutRouter` (`next/dist/client/components/layout-router.js`): in the
/// flight payload a layout holds this client component where its `children` go; in
/// the browser it shows the child segment's data from the router's cache. Module
/// id as in the reference build; the router code is in the page's main chunks, so
/// no chunk of its own.
pub static LAYOUT_ROUTER: ClientReference = ClientReference {
    module_id: 39756,
    chunks: &[],
    export: "default",
    render_html: nothing,
};

/// Next.js's `LoadingBoundaryProvider`: a segment with a `loading.tsx` holds it, with
/// the loading element as a prop. Same module as the `LayoutRouter`.
pub static LOADING_BOUNDARY: ClientReference = ClientReference {
    module_id: 39756,
    chunks: &[],
    export: "LoadingBoundaryProvider",
    render_html: nothing,
};

/// Next.js's default global error component (`G` in row 0): what the router shows
/// when the root layout itself throws. Module id as in the reference build.
pub static GLOBAL_ERROR: ClientReference = ClientReference {
    module_id: 68027,
    chunks: &[],
    export: "default",
    render_html: nothing,
};

/// Neither router component is rendered to HTML here: the HTML walker puts the page
/// straight into the layout.
fn nothing(_props: &Map<String, Value>) -> Node {
    UNDEFINED
}
