//! The wire checks of exercise 4: the action called by hand, the way anyone can,
//! with and without a session cookie.
//!
//! Each check first reads the page, as an attacker would: the action's id is in the
//! hidden `$ACTION_ID_…` field of every Delete form.

use crate::session::{COOKIE_NAME, MODERATOR_TOKEN, VISITOR_TOKEN};
use wire_check::{multipart, Check, CheckResult, Failure, Reply, Wire};

const PAGE: &str = "/moderation";

/// Every check, in the order they run. Each targets its own entry.
pub fn all() -> Vec<Check> {
    vec![
        Check::keeps(
            "GET /moderation lists the entries, with Delete forms for a moderator only",
            "The page must keep working as it was: leave `app()` and `page.rs` alone.",
            page_lists_entries,
        ),
        Check::goal(
            "a form post without a session cookie deletes nothing",
            "Ask `current_user(context.cookies())` inside `delete_entry`, before anything is removed, and \
             refuse when it is `None`. Book: Security, “Authorization belongs inside \
             the action”.",
            anonymous_cannot_delete,
        ),
        Check::goal(
            "a form post with a visitor's session (not a moderator) deletes nothing",
            "Being signed in is not enough: check `user.is_moderator` too.",
            visitor_cannot_delete,
        ),
        Check::goal(
            "a JavaScript call without a session is refused: an error, not a success",
            "Refuse before deleting: throw (`return Err(Thrown::Error(…))`, a 500 with \
             only `E{\"digest\":…}`), or return a value that says what went wrong \
             (`Ok(json!({\"error\": …}).into())`). Book: Security, “Errors show only a digest”.",
            javascript_call_is_refused,
        ),
        Check::keeps(
            "a moderator's form post deletes the entry and answers with the updated page",
            "A moderator must still be able to delete: only refuse callers that are not \
             moderators, and keep `entries.remove(id)` after your check.",
            moderator_can_delete,
        ),
    ]
}

/// The cookie of Maya's session: she is a moderator.
fn moderator_cookie() -> String {
    format!("{COOKIE_NAME}={MODERATOR_TOKEN}")
}

/// The page as anyone sees it.
async fn read_page(wire: &Wire) -> Result<Reply, Failure> {
    let reply = wire.get(PAGE).await?;
    reply.expect_status(200)?;
    Ok(reply)
}

/// The action's id, from the hidden `$ACTION_ID_<id>` field of the Delete forms
/// on a moderator's page. The id is the same for every caller: an attacker needs
/// to see it once, in any page or script that has it.
async fn read_action_id(wire: &Wire) -> Result<String, Failure> {
    let cookie = moderator_cookie();
    let reply = wire
        .send("GET", PAGE, &[("cookie", &cookie)], Vec::new())
        .await?;
    reply.expect_status(200)?;
    action_id_in(reply.text()).ok_or_else(|| {
        reply.fail("a moderator's page has no Delete form with a hidden $ACTION_ID_… field")
    })
}

/// `name="$ACTION_ID_<id>"` → `<id>`.
fn action_id_in(html: &str) -> Option<String> {
    let start = html.find("name=\"$ACTION_ID_")? + "name=\"$ACTION_ID_".len();
    let id = html[start..].split('"').next()?;
    Some(id.to_owned())
}

/// Fails unless the page, read again after `post`, still lists `text`. The
/// failure shows the post: what the action answered.
async fn still_listed(wire: &Wire, text: &str, post: &Reply, who: &str) -> CheckResult {
    let page = read_page(wire).await?;
    if page.text().contains(text) {
        return Ok(());
    }
    let message = format!(
        "a delete form post {who} answered {} and {text:?} is gone from the page",
        post.status_line()
    );
    Err(post.fail(message).with_try_it(delete_command(post)))
}

/// The no-JavaScript form post of a Delete button, as `curl -F` sends it.
async fn post_delete_form(
    wire: &Wire,
    action_id: &str,
    entry: &str,
    cookie: Option<&str>,
) -> Result<Reply, Failure> {
    let field = format!("$ACTION_ID_{action_id}");
    let cookie = cookie.map(|token| format!("{COOKIE_NAME}={token}"));
    let headers: Vec<(&str, &str)> = cookie.iter().map(|c| ("cookie", c.as_str())).collect();
    wire.post_multipart(PAGE, &headers, &[(field.as_str(), ""), ("id", entry)])
        .await
}

/// The same post as a curl command: `curl -i -F … -b session=… {base}/moderation`.
fn delete_command(post: &Reply) -> String {
    let request = &post.exchange.request;
    let body = request.body.text.as_deref().unwrap_or("");
    let fields = wire_check::wire::multipart_fields(body);
    let mut command = "curl -i".to_owned();
    for (name, value) in fields {
        command.push_str(&format!(" -F '{name}={value}'"));
    }
    if let Some(cookie) = request.header("cookie") {
        command.push_str(&format!(" -b '{cookie}'"));
    }
    command + " '{base}/moderation'"
}

async fn page_lists_entries(wire: Wire) -> CheckResult {
    let page = read_page(&wire).await?;
    for text in ["Lovely workshop!", "See you next year"] {
        if !page.text().contains(text) {
            return Err(page.fail(format!("the page does not list {text:?}")));
        }
    }
    if action_id_in(page.text()).is_some() {
        return Err(page.fail("a visitor's page shows Delete forms"));
    }
    let id = read_action_id(&wire).await?;
    if id.len() != 42 {
        return Err(Failure::new(format!(
            "an action id has 42 hex characters, not {id:?}"
        )));
    }
    Ok(())
}

async fn anonymous_cannot_delete(wire: Wire) -> CheckResult {
    let id = read_action_id(&wire).await?;
    let post = post_delete_form(&wire, &id, "1", None).await?;
    still_listed(&wire, "Lovely workshop!", &post, "without a session").await
}

async fn visitor_cannot_delete(wire: Wire) -> CheckResult {
    let id = read_action_id(&wire).await?;
    let post = post_delete_form(&wire, &id, "2", Some(VISITOR_TOKEN)).await?;
    still_listed(
        &wire,
        "See you next year",
        &post,
        "with Bob's (visitor) session",
    )
    .await
}

async fn javascript_call_is_refused(wire: Wire) -> CheckResult {
    let id = read_action_id(&wire).await?;
    // What Next.js's client sends for a form submitted with JavaScript: the form's
    // fields prefixed `_1_`, and field `0` saying "one argument, that form".
    let (content_type, body) = multipart(&[("_1_id", "1"), ("0", r#"["$K1"]"#)]);
    let headers = [
        ("next-action", id.as_str()),
        ("accept", "text/x-component"),
        ("content-type", content_type.as_str()),
    ];
    let reply = wire.send("POST", PAGE, &headers, body).await?;
    // Row 1 carries the action's outcome: `E{"digest":…}` for a throw, the value
    // for a return.
    let outcome = reply
        .text()
        .lines()
        .find_map(|line| line.strip_prefix("1:"))
        .unwrap_or("");
    let thrown = reply.status() == 500 && outcome.starts_with("E{\"digest\":");
    let returned_error = reply.status() == 200
        && serde_json::from_str::<serde_json::Value>(outcome)
            .is_ok_and(|value| value.get("error").is_some());
    if thrown || returned_error {
        return still_listed(&wire, "Lovely workshop!", &reply, "from JavaScript").await;
    }
    Err(reply.fail(format!(
        "expected a refusal: 500 with 1:E{{\"digest\":…}}, or 200 with an object that has \
         an \"error\" field in row 1. Got {} with row 1 = {outcome}",
        reply.status_line()
    )))
}

async fn moderator_can_delete(wire: Wire) -> CheckResult {
    let spam = "BUY CHEAP WATCHES";
    let page = read_page(&wire).await?;
    if !page.text().contains(spam) {
        return Err(page.fail(format!("{spam:?} should be on the page before the delete")));
    }
    let id = read_action_id(&wire).await?;
    let reply = post_delete_form(&wire, &id, "3", Some(MODERATOR_TOKEN)).await?;
    let try_it = delete_command(&reply);
    reply
        .expect_status(200)
        .map_err(|failure| failure.with_try_it(try_it.clone()))?;
    if reply.text().contains(spam) {
        let message =
            format!("the page sent back after Maya's (moderator) delete still lists {spam:?}");
        return Err(reply.fail(message).with_try_it(try_it));
    }
    Ok(())
}
