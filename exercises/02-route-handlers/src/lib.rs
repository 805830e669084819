//! Workshop exercise 2: a route handler that exports `DELETE`.
//!
//! - [`starter`]: the file you edit (look for `EXERCISE`).
//! - [`solution`]: one way to solve it. Try on your own first.
//! - [`checks`]: what is sent over HTTP to check it, and what must come back.
//!
//! The exercise is explained in `book/workshop/exercise-2-route-handlers.md`.

pub mod checks;
pub mod solution;
pub mod starter;

use wire_check::Exercise;

/// The exercise as `wire_check` runs it.
pub fn exercise() -> Exercise {
    Exercise {
        number: 2,
        title: "Route Handlers: export DELETE and let Next.js list it",
        package: env!("CARGO_PKG_NAME"),
        starter_file: "exercises/02-route-handlers/src/starter.rs",
        chapter: "book/workshop/exercise-2-route-handlers.md (Exercise 2)",
        starter: starter::app,
        solution: solution::app,
        checks: checks::all(),
        try_it: &[
            "curl -i -X OPTIONS {base}/api/items/1",
            "curl -i -X DELETE {base}/api/items/1",
            "curl -i {base}/api/items/1",
        ],
    }
}
