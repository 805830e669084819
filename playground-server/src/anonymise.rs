//! What the projector may show of a student's exchange: who sent it as "student N",
//! and nothing that identifies them.
//!
//! The projector is a wall everyone in the room reads. Learners type their names into
//! queries (`?name=Ada`), log in with cookies and post free text; none of that belongs
//! on the wall. A [`ProjectedExchange`] is therefore built from the summary (which
//! already carries no headers and no bodies) and keeps the query's names but not its
//! values, except small numbers, which teach (`?page=2`) without identifying anyone.

use crate::summary::ExchangeSummary;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;

/// How many sessions get their own number; later ones share [`TOO_MANY`] (a room of
/// sixty is far below this, a script minting sessions is not).
pub const MAX_STUDENTS: usize = 1000;

/// The sender of an exchange that came with no session (curl, a test, a tool).
pub const NO_SESSION: &str = "no session";

/// The sender once [`MAX_STUDENTS`] sessions have been numbered.
pub const TOO_MANY: &str = "another student";

/// Maps each session to "student 1", "student 2"… in the order they first appear, so
/// the room can follow one sender without learning who it is.
#[derive(Debug, Default)]
pub struct Students {
    numbers: Mutex<HashMap<String, usize>>,
}

impl Students {
    pub fn new() -> Students {
        Students::default()
    }

    /// The name the projector shows for `session` (the summary's `session`); the same
    /// session always gets the same name.
    pub fn name(&self, session: Option<&str>) -> String {
        let Some(session) = session else {
            return NO_SESSION.to_owned();
        };
        let mut numbers = self.numbers.lock().expect("students lock");
        if let Some(n) = numbers.get(session) {
            return format!("student {n}");
        }
        if numbers.len() >= MAX_STUDENTS {
            return TOO_MANY.to_owned();
        }
        let n = numbers.len() + 1;
        numbers.insert(session.to_owned(), n);
        format!("student {n}")
    }
}

/// One exchange as the projector shows it: no cookies, no bodies, no personal values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectedExchange {
    pub id: u64,
    pub student: String,
    pub example: String,
    pub method: String,
    /// The path with each query value replaced by `…` unless it is a small number.
    pub path: String,
    pub status: Option<u16>,
    pub total_ms: Option<f64>,
    pub response_size: Option<u64>,
    pub chunks: usize,
    pub content_type: String,
    pub next_action: bool,
    pub rsc: bool,
    /// Whether the exchange failed without an answer (the message may quote input).
    pub failed: bool,
}

impl ProjectedExchange {
    pub fn new(summary: &ExchangeSummary, student: String) -> ProjectedExchange {
        ProjectedExchange {
            id: summary.id,
            student,
            example: summary.example.clone(),
            method: summary.method.clone(),
            path: scrub_query(&summary.path),
            status: summary.status,
            total_ms: summary.total_ms,
            response_size: summary.response_size,
            chunks: summary.chunks,
            content_type: summary.content_type.clone(),
            next_action: summary.next_action,
            rsc: summary.rsc,
            failed: summary.error.is_some(),
        }
    }
}

/// `/api/hello?name=Ada&page=2#top` → `/api/hello?name=…&page=2`: parameter names
/// stay (they are the example's API), values go unless [`harmless`], the fragment goes.
pub fn scrub_query(path: &str) -> String {
    let path = path.split('#').next().unwrap_or("");
    let Some((route, query)) = path.split_once('?') else {
        return path.to_owned();
    };
    let pairs: Vec<String> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if harmless(value) => format!("{name}={value}"),
            Some((name, _)) => format!("{name}=…"),
            None => pair.to_owned(),
        })
        .collect();
    if pairs.is_empty() {
        route.to_owned()
    } else {
        format!("{route}?{}", pairs.join("&"))
    }
}

/// Up to four digits (a page, an id, a count) or a boolean: nobody's name, email or
/// message fits in that.
fn harmless(value: &str) -> bool {
    let small_number =
        !value.is_empty() && value.len() <= 4 && value.bytes().all(|b| b.is_ascii_digit());
    small_number || value == "true" || value == "false"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_session_keeps_its_own_number() {
        let students = Students::new();
        assert_eq!(students.name(Some("s-abc")), "student 1");
        assert_eq!(students.name(Some("s-def")), "student 2");
        assert_eq!(students.name(Some("s-abc")), "student 1");
        assert_eq!(students.name(None), NO_SESSION);
        // Asking for no session numbers nobody.
        assert_eq!(students.name(Some("s-ghi")), "student 3");
    }

    #[test]
    fn numbering_stops_at_the_bound() {
        let students = Students::new();
        for i in 0..MAX_STUDENTS {
            students.name(Some(&format!("s{i}")));
        }
        assert_eq!(students.name(Some("one-too-many")), TOO_MANY);
        assert_eq!(students.name(Some("s0")), "student 1");
        assert_eq!(
            students.name(Some(&format!("s{}", MAX_STUDENTS - 1))),
            format!("student {MAX_STUDENTS}")
        );
    }

    #[test]
    fn query_values_that_could_be_personal_are_hidden() {
        assert_eq!(
            scrub_query("/api/hello?name=Ada%20Lovelace&page=2"),
            "/api/hello?name=…&page=2"
        );
        assert_eq!(
            scrub_query("/x?email=ada@example.com&ok=true"),
            "/x?email=…&ok=true"
        );
        assert_eq!(
            scrub_query("/x?id=123456"),
            "/x?id=…",
            "a long number can be a phone"
        );
        assert_eq!(scrub_query("/x?flag&&n=7#me"), "/x?flag&n=7");
        assert_eq!(scrub_query("/dashboard?_rsc=1x9ab"), "/dashboard?_rsc=…");
        assert_eq!(scrub_query("/plain#fragment"), "/plain");
        assert_eq!(scrub_query("/empty?"), "/empty");
    }

    #[test]
    fn a_projected_exchange_keeps_the_shape_and_not_the_values() {
        let summary = ExchangeSummary {
            id: 7,
            example: "api-routes".into(),
            scenario: None,
            started_unix_ms: 0,
            method: "POST".into(),
            path: "/api/hello?name=Grace".into(),
            status: Some(500),
            reason: Some("Internal Server Error".into()),
            head_ms: Some(1.0),
            total_ms: Some(2.0),
            request_size: 10,
            response_size: Some(20),
            chunks: 1,
            content_type: "application/json".into(),
            next_action: false,
            rsc: false,
            error: Some("the example answered nothing for Grace".into()),
            session: Some("a-browser-session-id".into()),
        };
        let projected = ProjectedExchange::new(&summary, "student 4".into());
        assert_eq!(projected.path, "/api/hello?name=…");
        assert_eq!(projected.student, "student 4");
        assert!(projected.failed);
        let json = serde_json::to_string(&projected).unwrap();
        assert!(!json.contains("Grace"), "{json}");
        assert!(!json.contains("a-browser-session-id"), "{json}");
    }
}
