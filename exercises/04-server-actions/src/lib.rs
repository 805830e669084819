//! Workshop exercise 4: a server action that checks who calls it.
//!
//! - [`starter`]: the file you edit (look for `EXERCISE`).
//! - [`solution`]: one way to solve it. Try on your own first.
//! - [`checks`]: what is sent over HTTP to check it, and what must come back.
//! - [`session`]: `current_user()`, the caller named by the `session` cookie.
//! - [`page`]: the `/moderation` page and its entries.
//!
//! The exercise is explained in `book/workshop/exercise-4-server-actions.md`.

pub mod checks;
pub mod page;
pub mod session;
pub mod solution;
pub mod starter;

use wire_check::Exercise;

/// The exercise as `wire_check` runs it.
pub fn exercise() -> Exercise {
    Exercise {
        number: 4,
        title: "Server Actions: check who is calling before you delete",
        package: env!("CARGO_PKG_NAME"),
        starter_file: "exercises/04-server-actions/src/starter.rs",
        chapter: "book/workshop/exercise-4-server-actions.md (Exercise 4)",
        starter: starter::app,
        solution: solution::app,
        checks: checks::all(),
        try_it: &[
            "open {base}/moderation in a browser",
            "curl -s -b session=maya-7f3a91 {base}/moderation | grep -o 'ACTION_ID_[0-9a-f]*' | head -1",
            "curl -i -F '$ACTION_ID_4060b7170a77dab3bbd326f875aee7de769c337b12=' -F id=1 {base}/moderation",
            "curl -i -F '$ACTION_ID_4060b7170a77dab3bbd326f875aee7de769c337b12=' -F id=3 -b session=maya-7f3a91 {base}/moderation",
        ],
    }
}
