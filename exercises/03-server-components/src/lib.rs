//! Workshop exercise 3: stream the slow part of a page behind Suspense.
//!
//! - [`starter`]: the file you edit (look for `EXERCISE`).
//! - [`solution`]: one way to solve it. Try on your own first.
//! - [`checks`]: what is sent over HTTP to check it, and what must come back.
//!
//! The exercise is explained in `book/workshop/exercise-3-server-components.md`.

pub mod checks;
pub mod solution;
pub mod starter;

use wire_check::Exercise;

/// The exercise as `wire_check` runs it.
pub fn exercise() -> Exercise {
    Exercise {
        number: 3,
        title: "Server Components: send the page before its slow part",
        package: env!("CARGO_PKG_NAME"),
        starter_file: "exercises/03-server-components/src/starter.rs",
        chapter: "book/workshop/exercise-3-server-components.md (Exercise 3)",
        starter: starter::app,
        solution: solution::app,
        checks: checks::all(),
        try_it: &[
            "open {base}/report in a browser",
            "curl -N {base}/report    (-N prints each piece as it arrives)",
        ],
    }
}
