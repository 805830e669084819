//! The wire checks of exercise 2: what `/api/items/<id>` answers once it exports
//! `DELETE`, and what Next.js answers for it around that export.

use wire_check::{Check, CheckResult, Failure, Wire};

/// Every check, in the order they run. Each one makes its own item first, so the
/// checks do not depend on each other.
pub fn all() -> Vec<Check> {
    vec![
        Check::keeps(
            "POST /api/items makes an item, and GET /api/items/<id> returns it",
            "GET and POST must keep working: leave `list_items`, `add_item` and \
             `item_by_id` as they were.",
            get_returns_a_new_item,
        ),
        Check::goal(
            "OPTIONS /api/items/<id> answers 204 with Allow: DELETE, GET, HEAD, OPTIONS",
            "You do not write the OPTIONS answer: Next.js builds it from the methods the \
             file exports. Export DELETE with `.delete(delete_item)` on the `[id]` \
             route. Book: Route Handlers, “OPTIONS: a 204 with the list”.",
            options_lists_delete,
        ),
        Check::goal(
            "DELETE /api/items/<id> answers 204 No Content with an empty body",
            "Without a DELETE export, Next.js answers 405 for you. Write `delete_item` \
             and answer `RouteResponse::empty(204)`, the model of \
             `new Response(null, { status: 204 })`.",
            delete_answers_204,
        ),
        Check::goal(
            "after the DELETE, GET /api/items/<id> answers 404",
            "`delete_item` must remove the item from the list (`items.list.remove(index)`).",
            deleted_item_is_gone,
        ),
        Check::goal(
            "DELETE of an id that does not exist answers 404",
            "When `position` finds nothing, answer as `item_by_id` does: `not_found()`.",
            delete_unknown_is_404,
        ),
        Check::keeps(
            "PUT /api/items/<id> still gets Next.js's automatic 405, without Allow",
            "Export only GET and DELETE from the `[id]` route: every other method gets \
             Next.js's empty 405. Book: Route Handlers, “Anything else: 405, with no Allow”.",
            put_still_405,
        ),
    ]
}

/// `POST /api/items` and the new item's id.
async fn create(wire: &Wire, name: &str) -> Result<u64, Failure> {
    let reply = wire
        .post_json("/api/items", &serde_json::json!({ "name": name }))
        .await?;
    reply.expect_status(201)?;
    let body = reply.json()?;
    body["id"]
        .as_u64()
        .ok_or_else(|| reply.fail("expected the new item, with a numeric \"id\""))
}

async fn get_returns_a_new_item(wire: Wire) -> CheckResult {
    let id = create(&wire, "kettle").await?;
    let reply = wire.get(&format!("/api/items/{id}")).await?;
    reply.expect_status(200)?;
    let body = reply.json()?;
    if body["id"] != id || body["name"] != "kettle" {
        return Err(reply.fail(format!("expected {{\"id\":{id},\"name\":\"kettle\"}}")));
    }
    Ok(())
}

async fn options_lists_delete(wire: Wire) -> CheckResult {
    let id = create(&wire, "lamp").await?;
    let reply = wire
        .send("OPTIONS", &format!("/api/items/{id}"), &[], Vec::new())
        .await?;
    reply.expect_status(204)?;
    let allow = reply.header("allow").unwrap_or("(none)");
    if allow != "DELETE, GET, HEAD, OPTIONS" {
        return Err(reply.fail(format!(
            "expected Allow: DELETE, GET, HEAD, OPTIONS (sorted, one line), got {allow}"
        )));
    }
    Ok(())
}

async fn delete_answers_204(wire: Wire) -> CheckResult {
    let id = create(&wire, "chair").await?;
    let reply = wire
        .send("DELETE", &format!("/api/items/{id}"), &[], Vec::new())
        .await?;
    reply.expect_status(204)?;
    if !reply.text().is_empty() {
        return Err(reply.fail("a 204 answer has no body"));
    }
    Ok(())
}

async fn deleted_item_is_gone(wire: Wire) -> CheckResult {
    let id = create(&wire, "table").await?;
    let path = format!("/api/items/{id}");
    wire.send("DELETE", &path, &[], Vec::new()).await?;
    let reply = wire.get(&path).await?;
    if reply.status() != 404 {
        return Err(reply.fail(format!(
            "expected 404 Not Found for item {id} after DELETE /api/items/{id}, got {}",
            reply.status_line()
        )));
    }
    Ok(())
}

async fn delete_unknown_is_404(wire: Wire) -> CheckResult {
    let reply = wire
        .send("DELETE", "/api/items/987654", &[], Vec::new())
        .await?;
    reply.expect_status(404)
}

async fn put_still_405(wire: Wire) -> CheckResult {
    let id = create(&wire, "rug").await?;
    let reply = wire
        .send("PUT", &format!("/api/items/{id}"), &[], Vec::new())
        .await?;
    reply.expect_status(405)?;
    if let Some(allow) = reply.header("allow") {
        return Err(reply.fail(format!(
            "Next.js sends no Allow with its automatic 405, but this one has Allow: {allow}"
        )));
    }
    Ok(())
}
