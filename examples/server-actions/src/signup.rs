//! `/signup` (`reference/nextjs/app/signup/`): `useActionState(signup, { error:
//! null })`. The action returns `{ error: 'name is required' }` for an empty name and
//! otherwise `redirect('/likes')`.
//!
//! Without JavaScript the browser posts the form, and the answer is the page again,
//! 200, with the error in its HTML: the form carried the state and the hook's
//! `$ACTION_KEY`, so the page renders with the action's result as that hook's
//! state (`mini_next::action_state`). No redirect is needed to show an error.
//! From JavaScript the hook calls `signup(previousState, formData)` and row 1 of the
//! answer is the new state.

use axum::Router;
use mini_next::action_state::use_action_state;
use mini_next::server_actions::{
    page_with_actions, ActionContext, ActionResult, Args, Registry, Thrown,
};
use mini_next::server_components::{
    client, element, list, text, AppPage, ClientReference, Node, Page, PageProps, UNDEFINED,
};
use mini_next::server_reference::ServerReference;
use serde_json::{json, Map, Value};

const ACTIONS_FILE: &str = "app/signup/actions.ts";

/// React's name for the hook in `SignupForm`: an md5 of the component's place in the
/// tree and the hook's index, copied from the reference build (the model's tree has
/// no such place).
const SIGNUP_FORM_KEY: &str = "k42d4853160069a4298ebfb35b511ca9c";

/// The route of the page, whose POSTs run the action.
pub fn routes() -> Router {
    let registry = registry();
    let page = SignupPage {
        signup: registry.reference("signup"),
    };
    let page = page_with_actions(registry, AppPage::new("/signup", page))
        .redirects_to(crate::likes::page());
    Router::new().route("/signup", page.into_route())
}

// ANCHOR: signup
/// `signup(prev, formData)` reads both arguments (`60…`).
pub fn registry() -> Registry {
    Registry::new().register(ACTIONS_FILE, "signup", &[0, 1], 0, signup)
}

/// An error as the new state, or a redirect once a name is given.
async fn signup(args: Args, _context: ActionContext) -> ActionResult {
    let form = args.form(1);
    let name = form.as_ref().and_then(|f| f.get("name")).unwrap_or("");
    if name.trim().is_empty() {
        return Ok(json!({ "error": "name is required" }).into());
    }
    Err(Thrown::Redirect("/likes".to_owned()))
}
// ANCHOR_END: signup

struct SignupPage {
    signup: ServerReference,
}

// ANCHOR: page
impl Page for SignupPage {
    /// `<main><h1>Sign up</h1><SignupForm /></main>`. `SignupForm` holds the hook,
    /// so its first HTML depends on what a no-JS post just returned.
    fn render(&self, props: &PageProps) -> Node {
        let hook = use_action_state(
            props,
            &self.signup,
            SIGNUP_FORM_KEY,
            json!({ "error": null }),
        );
        let form = client(&SIGNUP_FORM, json!({}))
            .rendered_as(signup_form_html(&hook.state, hook.form_action));
        element("main")
            .child(element("h1").child(text("Sign up")))
            .child(form)
            .into()
    }
}
// ANCHOR_END: page

/// `SignupForm.tsx` (`'use client'`); the model ships no code for it.
static SIGNUP_FORM: ClientReference = ClientReference {
    module_id: 63100,
    chunks: &[],
    export: "default",
    render_html: no_html,
};

/// Rendered with its hook's state ([`signup_form_html`]), never from props alone.
fn no_html(_props: &Map<String, Value>) -> Node {
    list([])
}

/// `<form action={formAction}>`: the name field, the button, and the error when the
/// state has one.
fn signup_form_html(state: &Value, form_action: ServerReference) -> Node {
    let error = match state["error"].as_str() {
        Some(error) => element("p").attr("id", "error").child(text(error)).into(),
        None => UNDEFINED,
    };
    element("form")
        .action(form_action)
        .child(
            element("input")
                .attr("name", "name")
                .attr("defaultValue", ""),
        )
        .child(
            element("button")
                .attr("type", "submit")
                .attr("disabled", false)
                .child(text("Sign up")),
        )
        .child(error)
        .into()
}
