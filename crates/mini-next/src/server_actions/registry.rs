//! The actions a page offers, the arguments they receive and what they may do.

use super::ids::action_id;
use super::revalidation::Revalidation;
use super::values::{Args, Returned};
use crate::app_route::Cookies;
use crate::server_reference::ServerReference;
use crate::thrown::Thrown;
use axum::http::HeaderMap;
use futures_util::future::{BoxFuture, FutureExt as _};
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

/// What an action gets besides its arguments: the request's cookies (`cookies()` from
/// `next/headers`, to read and to set) and the calls from `next/cache`, which decide
/// whether the answer carries the page's new tree (see [`Revalidation`]).
///
/// In Next.js nothing is passed to the action: `cookies()` finds the request being
/// answered in an `AsyncLocalStorage`. The model hands the same information over in
/// this context instead. Route handlers get the same [`Cookies`] from their context.
#[derive(Debug, Clone, Default)]
pub struct ActionContext {
    cookies: Cookies,
    effects: Arc<Mutex<Effects>>,
}

/// What the action did that changes its answer.
#[derive(Debug, Default)]
pub(super) struct Effects {
    pub(super) revalidation: Revalidation,
    /// The cookies it set, for the answer's `Set-Cookie` lines.
    pub(super) set_cookies: Cookies,
}

impl Effects {
    /// The headers these effects add to the answer: a `Set-Cookie` line per cookie
    /// set, and for a JS call `x-action-revalidated` (a form post's HTML answer has
    /// none: the browser loads the whole page anyway).
    pub(super) fn headers(&self, js_call: bool) -> Vec<(&'static str, String)> {
        let cookies = self.set_cookies.set_cookie_lines();
        let mut headers: Vec<_> = cookies.map(|line| ("set-cookie", line)).collect();
        if let Some(kind) = self.revalidation.header().filter(|_| js_call) {
            headers.push(("x-action-revalidated", kind.to_owned()));
        }
        headers
    }
}

impl ActionContext {
    /// The context of an action called by a request with these headers.
    pub(super) fn for_request(headers: &HeaderMap) -> ActionContext {
        let cookies = headers
            .get(axum::http::header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(Cookies::from_header)
            .unwrap_or_default();
        ActionContext {
            cookies,
            effects: Arc::default(),
        }
    }

    /// `await cookies()`: the cookies the caller sent (`.get(name)`). Anyone can
    /// send any cookie, so treat one as a claim to check (a session token to look
    /// up, a signature to verify), never as proof.
    pub fn cookies(&self) -> &Cookies {
        &self.cookies
    }

    /// `(await cookies()).set(name, value)`: a `Set-Cookie: name=value; Path=/` on
    /// the answer, which then also carries the page's new tree (the page may read
    /// the cookie). Reading it back in the same action is not modelled.
    pub fn set_cookie(&self, name: &str, value: &str) {
        let mut effects = self.effects();
        effects.set_cookies.set(name, value);
        effects.revalidation.raise(Revalidation::StaticAndDynamic);
    }

    /// `revalidatePath(path)`: the answer to a JS call will carry the page's new tree.
    /// (The model re-renders the current page whatever the path.)
    pub fn revalidate_path(&self, _path: &str) {
        self.effects()
            .revalidation
            .raise(Revalidation::StaticAndDynamic);
    }

    /// `updateTag(tag)`: data cached under `tag` is dropped now, and the answer
    /// carries the page's new tree, read afresh. (The model has no data cache.)
    pub fn update_tag(&self, _tag: &str) {
        self.effects()
            .revalidation
            .raise(Revalidation::StaticAndDynamic);
    }

    /// `revalidateTag(tag, profile)`: data under `tag` is marked stale and refreshed
    /// in the background (stale-while-revalidate). The answer carries **no** tree and
    /// no `x-action-revalidated`: this caller sees new data on a later visit.
    pub fn revalidate_tag(&self, _tag: &str, _profile: &str) {}

    /// `refresh()` from `next/cache`: the answer carries the page's new tree
    /// (`x-action-revalidated: 2`, dynamic data only).
    pub fn refresh(&self) {
        self.effects().revalidation.raise(Revalidation::DynamicOnly);
    }

    fn effects(&self) -> MutexGuard<'_, Effects> {
        // An action that panicked left nothing half-written here worth refusing.
        self.effects.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the action did, once it has run.
    pub(super) fn take_effects(&self) -> Effects {
        std::mem::take(&mut *self.effects())
    }
}

/// An action's outcome: what it returned, or what it threw.
pub type ActionResult = Result<Returned, Thrown>;

/// A registered action, boxed: arguments and context in, a future of its result out.
type ActionFn = dyn Fn(Args, ActionContext) -> BoxFuture<'static, ActionResult> + Send + Sync;

/// One registered action.
pub struct Action {
    pub id: String,
    /// The export name (or `$$RSC_SERVER_ACTION_<n>` for an inline action).
    pub name: String,
    /// How many leading arguments are bound (closed-over) values.
    pub bound_count: usize,
    run: Arc<ActionFn>,
}

impl Action {
    /// Runs the action: `await addEntry(formData)`.
    pub(super) async fn run(&self, args: Args, context: ActionContext) -> ActionResult {
        (self.run)(args, context).await
    }
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Action")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("bound_count", &self.bound_count)
            .finish()
    }
}

/// The build's action manifest: every action, by id.
#[derive(Debug, Default)]
pub struct Registry {
    actions: Vec<Action>,
}

impl Registry {
    /// An empty registry; ids are salted with the build's key ([`crate::build`]).
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Registers `export` of `file`, an `async fn(Args, ActionContext) ->
    /// ActionResult`. `used_args` are the argument positions the function reads
    /// (they go into the id's first byte); the first `bound_count` of them are
    /// closed-over values that travel sealed (see [`crate::server_reference`]).
    pub fn register<F, Fut>(
        mut self,
        file: &str,
        export: &str,
        used_args: &[usize],
        bound_count: usize,
        run: F,
    ) -> Registry
    where
        F: Fn(Args, ActionContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ActionResult> + Send + 'static,
    {
        let key = crate::build::ENCRYPTION_KEY;
        self.actions.push(Action {
            id: action_id(key, file, export, used_args),
            name: export.to_owned(),
            bound_count,
            run: Arc::new(move |args, context| run(args, context).boxed()),
        });
        self
    }

    /// The id of the action exported as `name`. Panics on a name never registered
    /// (a typo in the example, not a request error).
    pub fn id(&self, name: &str) -> &str {
        &self
            .actions
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no action named {name:?} was registered"))
            .id
    }

    /// What a page renders for the action exported as `name` (`action={addEntry}`).
    pub fn reference(&self, name: &str) -> ServerReference {
        ServerReference::new(self.id(name))
    }

    /// Every registered action, in the order they were registered: what a build's
    /// action manifest lists.
    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter()
    }

    /// The action with this id, if the build has it.
    pub fn find(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }
}
