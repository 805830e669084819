//! The wire checks of exercise 1: what a client sees when it sends each method.

use wire_check::{Check, CheckResult, Reply, Wire};

const PATH: &str = "/api/notes";

/// Every check, in the order they run.
pub fn all() -> Vec<Check> {
    vec![
        Check::keeps(
            "GET /api/notes answers 200 with the notes",
            "GET must still list the notes: keep a branch for \"GET\" that sends \
             `{\"notes\": […]}` with `res.status(200).json(…)`.",
            get_lists_notes,
        ),
        Check::keeps(
            "POST /api/notes adds a note (201), and GET lists it",
            "POST must still add: keep the \"POST\" branch as it was.",
            post_adds_a_note,
        ),
        Check::goal(
            "PUT /api/notes is refused with 405",
            "Only GET should reach the list. Match \"GET\" by name, and give the last \
             branch, the one that catches every other method, `res.status(405)`. \
             Book: API Routes, “Methods and 405”.",
            put_is_refused,
        ),
        Check::goal(
            "DELETE /api/notes gets 405 with Allow naming GET and POST",
            "Set the header before you answer: `res.set_header(\"Allow\", [\"GET\", \"POST\"])` \
             (Node sends one `Allow` line per item, as real Next.js does in the \
             API Routes chapter's DELETE panel).",
            delete_is_refused_with_allow,
        ),
        Check::goal(
            "OPTIONS /api/notes gets 405 too: nothing answers it for you",
            "In an API route OPTIONS reaches your handler like any other method. \
             Book: API Routes, “HEAD and OPTIONS are not automatic”.",
            options_is_refused,
        ),
        Check::keeps(
            "PUT with a note in its body adds nothing",
            "A refused method must not change the list: only POST adds.",
            put_adds_nothing,
        ),
    ]
}

/// The notes a GET lists.
async fn list(wire: &Wire) -> Result<(Reply, Vec<String>), wire_check::Failure> {
    let reply = wire.get(PATH).await?;
    reply.expect_status(200)?;
    let body = reply.json()?;
    let Some(notes) = body["notes"].as_array() else {
        return Err(reply.fail("expected a JSON body like {\"notes\": [\"…\"]}"));
    };
    let notes = notes
        .iter()
        .map(|n| n.as_str().unwrap_or_default().to_owned())
        .collect();
    Ok((reply, notes))
}

async fn get_lists_notes(wire: Wire) -> CheckResult {
    list(&wire).await.map(|_| ())
}

async fn post_adds_a_note(wire: Wire) -> CheckResult {
    let text = "Water the plants";
    let reply = wire
        .post_json(PATH, &serde_json::json!({ "text": text }))
        .await?;
    reply.expect_status(201)?;
    let (reply, notes) = list(&wire).await?;
    if !notes.iter().any(|n| n == text) {
        return Err(reply.fail(format!("the list after the POST does not hold {text:?}")));
    }
    Ok(())
}

async fn put_is_refused(wire: Wire) -> CheckResult {
    let reply = wire.send("PUT", PATH, &[], Vec::new()).await?;
    reply.expect_status(405)
}

async fn delete_is_refused_with_allow(wire: Wire) -> CheckResult {
    let reply = wire.send("DELETE", PATH, &[], Vec::new()).await?;
    reply.expect_status(405)?;
    // `Allow: GET` + `Allow: POST` (what Node sends for an array) and
    // `Allow: GET, POST` mean the same in HTTP; accept both.
    let mut allowed: Vec<String> = reply
        .header_lines("allow")
        .iter()
        .flat_map(|line| line.split(','))
        .map(|method| method.trim().to_ascii_uppercase())
        .filter(|method| !method.is_empty())
        .collect();
    allowed.sort();
    if allowed != ["GET", "POST"] {
        return Err(reply.fail(format!(
            "expected Allow to name GET and POST, and nothing else; it named {allowed:?}"
        )));
    }
    Ok(())
}

async fn options_is_refused(wire: Wire) -> CheckResult {
    let reply = wire.send("OPTIONS", PATH, &[], Vec::new()).await?;
    reply.expect_status(405)
}

async fn put_adds_nothing(wire: Wire) -> CheckResult {
    let (_, before) = list(&wire).await?;
    let headers = [("content-type", "application/json")];
    let body = r#"{"text":"Sneaked in with PUT"}"#;
    wire.send("PUT", PATH, &headers, body).await?;
    let (reply, after) = list(&wire).await?;
    if after != before {
        return Err(reply.fail(format!(
            "the list changed after a PUT: {} notes before, {} after",
            before.len(),
            after.len()
        )));
    }
    Ok(())
}
