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
//! - [`serve`]: the process contract every example keeps (port, base path, first line).

pub mod app_route;
pub mod cookies;
pub mod flight;
pub mod pages_api;
pub mod query;
mod serve;

pub use serve::{serve, with_base_path};
