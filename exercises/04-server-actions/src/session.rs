//! Who is calling: the `session` cookie, looked up in the server's sessions.
//!
//! In Next.js an action reads the request with `cookies()` from `next/headers`
//! (or an `auth()` helper built on it), although nothing passes the request to the
//! action: Next.js keeps the request in an `AsyncLocalStorage` while it answers,
//! and `cookies()` reads it from there. mini-next's actions get no request either,
//! so this module does the same with a tokio task-local: [`remember_user`] stores the
//! caller for the time of one request, and [`current_user`] reads it.
//!
//! The sessions are two fixed tokens. A real app would keep a session store or
//! verify a signed cookie; what matters here is that the token comes from the
//! request, so anyone can send any token, or none.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

// ANCHOR: user
/// A signed-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: &'static str,
    /// Moderators may delete guestbook entries.
    pub is_moderator: bool,
}
// ANCHOR_END: user

/// The cookie that names a session: `Cookie: session=<token>`.
pub const COOKIE_NAME: &str = "session";

/// Maya's session: a moderator.
pub const MODERATOR_TOKEN: &str = "maya-7f3a91";

/// Bob's session: a visitor, signed in but not a moderator.
pub const VISITOR_TOKEN: &str = "bob-c2d410";

/// The sessions the server knows.
const SESSIONS: [(&str, User); 2] = [
    (
        MODERATOR_TOKEN,
        User {
            name: "Maya",
            is_moderator: true,
        },
    ),
    (
        VISITOR_TOKEN,
        User {
            name: "Bob",
            is_moderator: false,
        },
    ),
];

tokio::task_local! {
    /// The user of the request being answered on this task.
    static USER: Option<User>;
}

/// Middleware: finds the user named by the request's `session` cookie and keeps it
/// for [`current_user`] until the answer is ready.
pub async fn remember_user(request: Request, next: Next) -> Response {
    // `cookies()` reads the `Cookie` header the App Router's way.
    let cookies = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(mini_next::app_route::Cookies::from_header)
        .unwrap_or_default();
    let token = cookies.get(COOKIE_NAME);
    let user = SESSIONS
        .iter()
        .find(|(known, _)| Some(*known) == token)
        .map(|(_, user)| user.clone());
    USER.scope(user, next.run(request)).await
}

// ANCHOR: current_user
/// The signed-in user of the request being answered, or `None` when the request
/// carries no known session (or when called outside a request).
pub fn current_user() -> Option<User> {
    USER.try_with(Clone::clone).ok().flatten()
}
// ANCHOR_END: current_user
