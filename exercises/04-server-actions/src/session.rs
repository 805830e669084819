//! Who is calling: the `session` cookie, looked up in the server's sessions.
//!
//! In Next.js an action reads the request with `cookies()` from `next/headers`
//! (or an `auth()` helper built on it). mini-next hands an action the same cookies
//! in its context (`context.cookies()`), and a page in its props; [`current_user`]
//! looks the session up in either.
//!
//! The sessions are two fixed tokens. A real app would keep a session store or
//! verify a signed cookie; what matters here is that the token comes from the
//! request, so anyone can send any token, or none.

use mini_next::app_route::Cookies;

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

// ANCHOR: current_user
/// The signed-in user named by the request's `session` cookie (`cookies()` from
/// `next/headers`: the page reads it from its props, an action from its context),
/// or `None` when the request carries no known session.
pub fn current_user(cookies: &Cookies) -> Option<User> {
    let token = cookies.get(COOKIE_NAME)?;
    SESSIONS
        .iter()
        .find(|(known, _)| *known == token)
        .map(|(_, user)| user.clone())
}
// ANCHOR_END: current_user
