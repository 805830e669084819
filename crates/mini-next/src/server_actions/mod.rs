//! Server Actions: `'use server'` functions that the browser calls with a `POST`.
//!
//! A file starting with `'use server'` (or a function whose body starts with it)
//! turns every exported async function into an endpoint. There is no URL per
//! action: every call is a `POST` **to the page the form is on**, and the action is
//! named by an id. This module models what `next start` (Next.js 16) does with such a
//! POST, as recorded in `reference/nextjs/WIRE-NOTES.md`:
//!
//! - **Ids.** [`Registry`] registers actions by file and export name and gives each
//!   the id Next.js would: 42 lowercase hex characters. The first byte is an *info
//!   byte* ([`info_byte`]): bit 7 is the kind (0 = Server Action), bits 6..1 say which
//!   of the first six arguments the function uses, bit 0 says it has rest arguments
//!   (`00` = uses none, `40` = uses argument 0, `60` = arguments 0 and 1). The other 20
//!   bytes are `SHA-1(hash salt + file + ":" + export)`. Next.js takes the salt from the
//!   build's `encryptionKey`; we use the reference build's key
//!   ([`crate::build::ENCRYPTION_KEY`]), so our ids are **equal** to the real ones and
//!   the transcripts line up. (Derivation checked against
//!   `.next/server/server-reference-manifest.json`.)
//! - **The no-JavaScript form post** (React calls it an "MPA action"): the page's
//!   `<form>` carries hidden inputs ([`crate::server_reference::hidden_inputs`]) and
//!   the browser posts
//!   `multipart/form-data`. `$ACTION_ID_<id>` names an action without bound values;
//!   `$ACTION_REF_<n>` plus `$ACTION_<n>:0` (`{"id","bound":"$@1"}`) and the bound
//!   list in `:1` name one with bound values: `["$@2"]` pointing at the sealed closure
//!   value in `:2`, or `.bind()` values as plain JSON (`["post-7"]`). The action runs,
//!   then the same page is rendered to HTML in the same response (200); `redirect()`
//!   becomes `303 See Other` with `Location`. A `useActionState` form adds
//!   `$ACTION_KEY`, and the page is rendered with the result as that hook's state
//!   (see [`crate::action_state`]).
//! - **The page's two shapes.** The page is an ordinary
//!   [`AppPage`](crate::server_components::AppPage): its HTML carries its own flight
//!   rows inlined (`self.__next_f.push(…)`), and the answer to a JS call after
//!   `revalidatePath` carries the same rows alone. Both come from one run of the
//!   page function, walked twice, as both come from one React render in Next.js. A
//!   form whose `action` is a [`ServerReference`](crate::server_reference) writes
//!   its hidden inputs in one walk and its `"$h…"` reference in the other.
//! - **The JavaScript call**: `POST` with `Next-Action: <id>` and `Accept:
//!   text/x-component`. The arguments are React's "reply" encoding of the argument
//!   array: plain JSON as `text/plain;charset=UTF-8` (`["world"]`), or multipart when
//!   a `FormData` is among them (its fields prefixed `_1_`, field `0` = `["$K1"]`). The
//!   answer is flight: `0:{"a":"$@1","q":"","i":false,"b":<build id>}` and `1:<result>`.
//!   After `revalidatePath`, `updateTag`, `refresh()` or a cookie write it carries
//!   `x-action-revalidated` and row 0 gains `"t"`, the re-rendered page tree
//!   ([`Revalidation`] decides); after `revalidateTag(tag, profile)` it does not. `redirect()` answers **200** with
//!   `x-action-redirect: <path>;push` and the redirect target's own flight payload
//!   and cache headers.
//! - **What an action is and sees.** An `async fn`, as in TypeScript. It gets its
//!   arguments as JavaScript values ([`Args`], decoded by the `flight` crate: numbers
//!   stay numbers, a `FormData` a `FormData`) and an [`ActionContext`]: the caller's cookies (`cookies()`
//!   from `next/headers`, to read and to set) and the `next/cache` calls. Whoever
//!   sends the `POST` chooses the arguments (bound ones included) and the cookies, so
//!   an action checks its input and its caller like any endpoint.
//! - **Refusals**, as Next.js sends them: an id that is not 42 characters → `400
//!   Invalid Server Action request.`; an unknown id → `409 Server Action
//!   unavailable.` (both `text/plain` with `x-nextjs-action-not-found: 1`); an
//!   `Origin` whose host:port differs from `X-Forwarded-Host` (or `Host` when there
//!   is none), including `Origin: null` → 500 with a flight error row for a JS call,
//!   the Pages Router's 500 HTML page for a form post (a missing `Origin` is let
//!   through: a hand-made request carries no victim's cookies); a body over 1 MB → 500
//!   and an error row (not 413); urlencoded with `Next-Action` → the 404 page
//!   ([`crate::not_found::rendered`]), and
//!   without it the page as for a GET; multipart with no action field → 400. An action
//!   that throws → 500 and `E{"digest":"…"}`: the message stays on the server.
//! - **Closed-over values** travel sealed with the reference (see
//!   [`crate::server_reference`]: the model's seal is readable, Next.js's encrypted).
//!
//! Simplified: the page's tree is rendered as [`crate::server_components`] renders
//! every page (see its simplifications); for a JS `redirect()` the target's payload
//! comes from rendering a page given to [`PageWithActions::redirects_to`], not from
//! an internal HTTP request to ourselves;
//! error digests are a string hash of the message (Next.js hashes message and stack),
//! except the two refusals whose digests are copied from the reference build;
//! header names are lowercase; no gzip; no `serverActions.allowedOrigins` or
//! `bodySizeLimit` options.
//! With a base path, the `303`'s `Location` includes it here (so a browser under the
//! playground's prefix lands on the right page); `x-action-redirect` does not, as in
//! Next.js, because the client router adds it.
//!
//! Reading order: `ids.rs` (naming), `registry.rs` (actions and their arguments),
//! `revalidation.rs` (which calls bring a new tree back),
//! `arguments.rs` (how arguments travel), `origin.rs` (who may call), `answers.rs`
//! (the envelope, refusals, errors, redirects), `post.rs` (the request flow that
//! tells the three kinds of POST apart and answers each), then this file.

mod answers;
mod arguments;
mod ids;
mod origin;
mod post;
mod registry;
mod revalidation;
mod values;

pub use answers::{envelope, result_answer};

pub use crate::thrown::Thrown;
pub use ids::{action_id, info_byte, might_be_action_id, ID_LENGTH};
pub use registry::{Action, ActionContext, ActionResult, Registry};
pub use revalidation::Revalidation;
pub use values::{Args, FormData, Output, Returned};

use crate::server_components::AppPage;
use axum::extract::Request;
use axum::routing::{get, MethodRouter};
use std::sync::Arc;

/// The default `serverActions.bodySizeLimit`: 1 MB.
pub const BODY_SIZE_LIMIT: usize = 1024 * 1024;

/// The digest Next.js 16.4.6 sent for a refused `Origin` (copied from the reference build).
pub const CSRF_DIGEST: &str = "2731700299";

/// The digest Next.js 16.4.6 sent for a body over the limit (copied from the reference build).
pub const BODY_TOO_LARGE_DIGEST: &str = "1816077229";

/// A page whose forms and client components call the actions of `registry`.
pub fn page_with_actions(registry: Registry, page: AppPage) -> PageWithActions {
    PageWithActions {
        registry,
        page,
        redirect_targets: Vec::new(),
    }
}

/// A page with actions: `GET` renders it, `POST` runs an action.
#[derive(Debug)]
pub struct PageWithActions {
    registry: Registry,
    page: AppPage,
    /// Pages an action may `redirect()` a JS caller to, whose payload the answer carries.
    redirect_targets: Vec<AppPage>,
}

impl PageWithActions {
    /// An action's `redirect(target.path())` answers a JS call with `target`'s own
    /// flight payload (Next.js renders it in the same answer). Without this the answer
    /// carries only the `x-action-redirect` header, and the browser fetches the page.
    pub fn redirects_to(mut self, target: AppPage) -> PageWithActions {
        self.redirect_targets.push(target);
        self
    }

    /// `GET` and `POST` at the page's path.
    pub fn into_route(self) -> MethodRouter {
        let state = Arc::new(self);
        let for_get = state.clone();
        get(move |request: Request| {
            let state = for_get.clone();
            async move { state.visit(request).await }
        })
        .post(move |request: Request| {
            let state = state.clone();
            async move { state.answer_post(request).await }
        })
    }
}
