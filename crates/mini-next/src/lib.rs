//! mini-next: a small, readable model of the Next.js server runtime.
//!
//! Each module models one of the four server features, as a real Next.js 16
//! production server (`next start`) behaves on the wire, and says in its doc comment
//! where it simplifies. Examples build an `axum::Router` from these pieces and call
//! [`serve`] in `main`.
//!
//! - [`pages_api`]: API Routes (`pages/api/*`): one handler for every method, with the
//!   `req`/`res` helpers Next.js gives.
//! - [`app_route`]: Route Handlers (`app/**/route.ts`): one handler per exported
//!   method on Web-style request and response types; HEAD, OPTIONS and 405 come free.
//! - [`server_components`]: an App Router page (`app/**/page.tsx`) rendered as
//!   streamed HTML and as a flight payload, with client references and Suspense.
//! - [`server_actions`]: Server Actions (`'use server'`): ids, the no-JS form post, the
//!   `Next-Action` call from JavaScript, and the refusals, as `next start` answers them.
//! - [`proxy`]: `proxy.ts` (middleware before Next.js 16): code in front of every
//!   route, with a matcher; it can pass, add headers, redirect, rewrite or answer.
//! - [`server_reference`]: a Server Action as a page holds it (a form's `action`).
//! - [`action_state`]: `useActionState`, whose result reaches a no-JS form post.
//! - [`app_router`]: what every App Router answer shares (`Vary`, cache headers).
//! - [`build`]: what one `next build` fixes (the build id, the encryption key).
//! - [`node`]: what Node's HTTP server does under `next start` (chunked bodies).
//! - [`not_found`]: the 404 page Next.js answers for any path no file handles.
//! - [`error_page`]: the 500 page it answers when a request fails before any handler.
//! - [`compress`]: gzip as `next start` applies it.
//! - [`js`]: the JavaScript built-ins whose output reaches the wire (dates, URI encoding).
//! - [`serve`]: the process contract every example keeps (port, base path, first line).

pub mod action_state;
pub mod app_route;
pub mod app_router;
pub mod build;
pub mod compress;
pub mod cookies;
pub mod error_page;
pub mod etag;
pub mod js;
pub mod node;
pub mod not_found;
pub mod pages_api;
pub mod proxy;
pub mod query;
mod serve;
pub mod server_actions;
pub mod server_components;
pub mod server_reference;
#[cfg(feature = "testing")]
pub mod testing;
pub mod thrown;

pub use serve::{base_path_of, serve, with_base_path};
