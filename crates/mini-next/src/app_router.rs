//! What every App Router answer shares, whichever feature produced it: a page, a
//! route handler, an action's answer, the 404 and 500 pages.
//!
//! The same URL of the App Router can answer with HTML or with a React Server
//! Components payload, depending on the router's request headers. So every answer
//! says `Vary` on those headers, and caches keep the two apart. `next start`'s
//! compression layer then appends `Accept-Encoding` to `Vary` when the body's type
//! is one it would compress (HTML, JSON, flight, plain text).

/// `Vary` on every App Router answer: the router's request headers.
pub const VARY: &str =
    "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

/// [`VARY`] plus `Accept-Encoding`, as answers with a compressible body carry it.
pub const VARY_WITH_ENCODING: &str = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";

/// `Cache-Control` of a dynamic page (and of answers rendered like one): never store
/// it, anywhere, and `private` because it may hold one user's data.
pub const DYNAMIC_CACHE_CONTROL: &str = "private, no-cache, no-store, max-age=0, must-revalidate";

/// `Cache-Control` of a Server Action's answer: never stored either, but without
/// `private` (Next.js sets it from a different code path than a page's GET).
pub const ACTION_CACHE_CONTROL: &str = "no-cache, no-store, max-age=0, must-revalidate";

/// `Cache-Control` of a page prerendered at build time (`x-nextjs-cache: HIT`):
/// shared caches may keep it for a year; a new build replaces it.
pub const STATIC_CACHE_CONTROL: &str = "s-maxage=31536000";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_with_encoding_is_vary_plus_accept_encoding() {
        assert_eq!(VARY_WITH_ENCODING, format!("{VARY}, Accept-Encoding"));
    }
}
