//! Workshop exercise 5: a route handler that answers a browser's CORS preflight.
//!
//! - [`starter`]: the file you edit (look for `EXERCISE`).
//! - [`solution`]: one way to solve it. Try on your own first.
//! - [`checks`]: what is sent over HTTP to check it, and what must come back.
//!
//! The exercise is explained in `book/workshop/exercise-5-cors.md`.

pub mod checks;
pub mod quotes;
pub mod solution;
pub mod starter;

use wire_check::Exercise;

/// The one other origin allowed to call the API: the front end's dev server.
pub const ALLOWED_ORIGIN: &str = "http://localhost:5173";

/// The exercise as `wire_check` runs it.
pub fn exercise() -> Exercise {
    Exercise {
        number: 5,
        title: "Route Handlers: answer a browser's CORS preflight for one origin",
        package: env!("CARGO_PKG_NAME"),
        starter_file: "exercises/05-cors/src/starter.rs",
        chapter: "book/workshop/exercise-5-cors.md (Exercise 5)",
        starter: starter::app,
        solution: solution::app,
        checks: checks::all(),
        try_it: &[
            "curl -i -X OPTIONS -H 'Origin: http://localhost:5173' -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type' {base}/api/quotes",
            "curl -i -H 'Origin: http://localhost:5173' {base}/api/quotes",
            "curl -i -X OPTIONS -H 'Origin: http://evil.example' -H 'Access-Control-Request-Method: POST' {base}/api/quotes",
        ],
    }
}
