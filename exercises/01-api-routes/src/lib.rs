//! Workshop exercise 1: an API route that refuses the methods it does not handle.
//!
//! - [`starter`]: the file you edit (look for `EXERCISE`).
//! - [`solution`]: one way to solve it. Try on your own first.
//! - [`checks`]: what is sent over HTTP to check it, and what must come back.
//!
//! The exercise is explained in `book/workshop/exercise-1-api-routes.md`.

pub mod checks;
pub mod solution;
pub mod starter;

use wire_check::Exercise;

/// The exercise as `wire_check` runs it.
pub fn exercise() -> Exercise {
    Exercise {
        number: 1,
        title: "API Routes: refuse the methods you do not handle",
        package: env!("CARGO_PKG_NAME"),
        starter_file: "exercises/01-api-routes/src/starter.rs",
        chapter: "book/workshop/exercise-1-api-routes.md (Exercise 1)",
        starter: starter::app,
        solution: solution::app,
        checks: checks::all(),
        try_it: &[
            "curl -i {base}/api/notes",
            "curl -i {base}/api/notes -H 'content-type: application/json' -d '{\"text\":\"Hi\"}'",
            "curl -i -X DELETE {base}/api/notes",
        ],
    }
}
