//! Where a recorded exchange can be sent again, so that a curl command or a HAR file
//! points at a server the reader can start.
//!
//! Our examples answer behind the playground's proxy, under `/x/<example>` (the way an
//! app with Next.js `basePath` answers under its prefix). Recordings of real Next.js,
//! labelled `next-<version>`, answer at the reference app, which `npm start` in
//! `reference/nextjs` serves on port 3100. The curl and HAR exports both ask here, in
//! the book's panels and in the playground's API alike.

use crate::exchange::Exchange;

/// The address the playground listens on unless told otherwise.
pub const PLAYGROUND_HOST: &str = "127.0.0.1";
/// The port the playground listens on unless told otherwise.
pub const PLAYGROUND_PORT: u16 = 3000;
/// The reference Next.js app, as `npm start` in `reference/nextjs` serves it.
pub const NEXT_REFERENCE_ORIGIN: &str = "http://127.0.0.1:3100";

/// `http://127.0.0.1:3000`: where a reader who ran the playground with no options has it.
pub fn default_playground_origin() -> String {
    format!("http://{PLAYGROUND_HOST}:{PLAYGROUND_PORT}")
}

/// The path prefix an example answers under behind the playground, like Next.js `basePath`.
pub fn base_path(example: &str) -> String {
    format!("/x/{example}")
}

/// The URL that `exchange.request.path` is relative to, for a playground at
/// `playground_origin` (e.g. `http://127.0.0.1:3000`).
pub fn base_url(exchange: &Exchange, playground_origin: &str) -> String {
    if exchange.example.starts_with("next-") {
        return NEXT_REFERENCE_ORIGIN.to_owned();
    }
    format!(
        "{}{}",
        playground_origin.trim_end_matches('/'),
        base_path(&exchange.example)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded_by(example: &str) -> Exchange {
        let json = format!(
            r#"{{"id":0,"example":"{example}","started_unix_ms":0,
                "request":{{"method":"GET","path":"/api/hello"}}}}"#
        );
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn our_examples_are_replayed_through_the_playground() {
        assert_eq!(
            base_url(&recorded_by("api-routes"), "http://127.0.0.1:4000/"),
            "http://127.0.0.1:4000/x/api-routes"
        );
    }

    #[test]
    fn real_nextjs_recordings_are_replayed_at_the_reference_app() {
        assert_eq!(
            base_url(&recorded_by("next-16.4.6"), "http://127.0.0.1:4000"),
            "http://127.0.0.1:3100"
        );
    }
}
