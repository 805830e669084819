//! The request flow of a page with actions: what a `GET` and each kind of `POST` get.

use super::answers::{
    append, flight_answer, flight_error, header_text, refused, result_answer_with, see_other, set,
    unrecognized_action,
};
use super::arguments::{decode_call, find_form_action, form_fields, unseal_leading_bound};
use super::ids::might_be_action_id;
use super::origin::origin_is_allowed;
use super::registry::{ActionContext, Effects};
use super::values::Returned;
use super::{PageWithActions, BODY_SIZE_LIMIT, BODY_TOO_LARGE_DIGEST, CSRF_DIGEST};
use crate::action_state::FormState;
use crate::app_router::{
    ACTION_CACHE_CONTROL, DYNAMIC_CACHE_CONTROL, STATIC_CACHE_CONTROL, VARY_WITH_ENCODING,
};
use crate::server_components::{rows_for_action, AfterAction, PageProps};
use crate::thrown::{error_digest, Thrown};
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

/// How Next.js sorts a POST to a page before looking at the body.
#[derive(Debug, PartialEq)]
enum PostKind {
    /// Not multipart, not urlencoded, no `Next-Action`: just render the page.
    NotAnAction,
    /// `application/x-www-form-urlencoded`: actions never accept it.
    UrlEncoded { fetch: bool },
    /// `Next-Action` header: a call from the client's JavaScript.
    Fetch { id: String },
    /// Multipart without the header: a form posted by the browser itself.
    Form,
}

fn classify(headers: &HeaderMap) -> PostKind {
    let content_type = header_text(headers, "content-type").unwrap_or("");
    let action = header_text(headers, "next-action");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return PostKind::UrlEncoded {
            fetch: action.is_some(),
        };
    }
    match action {
        Some(id) => PostKind::Fetch { id: id.to_owned() },
        None if content_type.starts_with("multipart/form-data") => PostKind::Form,
        None => PostKind::NotAnAction,
    }
}

impl PageWithActions {
    /// `GET`: the page, as any page answers a visit or a navigation (`RSC: 1`).
    pub(super) async fn visit(&self, request: Request) -> Response {
        self.page.answer(request).await
    }

    pub(super) async fn answer_post(&self, request: Request) -> Response {
        let props = PageProps::of(&request);
        let kind = classify(&props.headers);
        match kind {
            PostKind::NotAnAction | PostKind::UrlEncoded { fetch: false } => {
                return self.page.render(&props).html_response(None).await
            }
            PostKind::UrlEncoded { fetch: true } => return crate::not_found::rendered(),
            PostKind::Fetch { .. } | PostKind::Form => {}
        }
        let fetch = matches!(kind, PostKind::Fetch { .. });
        if !origin_is_allowed(&props.headers) {
            return refused(fetch, CSRF_DIGEST, DYNAMIC_CACHE_CONTROL);
        }
        if let PostKind::Fetch { id } = &kind {
            if let Err(status) = self.check_id(id) {
                return unrecognized_action(status);
            }
        }
        let Ok(body) = crate::node::read_body(request.into_body(), BODY_SIZE_LIMIT).await else {
            return refused(fetch, BODY_TOO_LARGE_DIGEST, ACTION_CACHE_CONTROL);
        };
        match kind {
            PostKind::Fetch { id } => self.run_fetch(&id, &props, &body).await,
            _ => self.run_form(&props, &body).await,
        }
    }

    /// 400 for an id of the wrong length, 409 for one the build does not have.
    fn check_id(&self, id: &str) -> Result<(), StatusCode> {
        if !might_be_action_id(id) {
            Err(StatusCode::BAD_REQUEST)
        } else if self.registry.find(id).is_none() {
            Err(StatusCode::CONFLICT)
        } else {
            Ok(())
        }
    }

    // ANCHOR: run_fetch
    /// A call from JavaScript: decode the reply-encoded arguments, run, answer flight.
    async fn run_fetch(&self, id: &str, props: &PageProps, body: &[u8]) -> Response {
        let action = self.registry.find(id).expect("check_id found it");
        let content_type = header_text(&props.headers, "content-type").unwrap_or("");
        let Ok(args) = decode_call(content_type, body) else {
            let digest = error_digest("Invalid Server Actions request.");
            return flight_error(&digest, ACTION_CACHE_CONTROL);
        };
        let Some(args) = unseal_leading_bound(action, args) else {
            return flight_error(&error_digest("Cipher job failed"), ACTION_CACHE_CONTROL);
        };
        let context = ActionContext::for_request(&props.headers);
        match action.run(args, context.clone()).await {
            Ok(value) => {
                let effects = context.take_effects();
                self.flight_result(value, &effects, props).await
            }
            Err(Thrown::Redirect(path)) => self.flight_redirect(&path, props).await,
            // No example throws `notFound()` from an action, and no recording shows
            // what Next.js answers; the model treats it as any other error.
            Err(thrown @ (Thrown::Error(_) | Thrown::NotFound)) => {
                flight_error(&thrown.digest(), ACTION_CACHE_CONTROL)
            }
        }
    }
    // ANCHOR_END: run_fetch

    // ANCHOR: run_form
    /// A form posted without JavaScript: find the action in the fields, run it, then
    /// answer with the page's HTML (or a 303 for `redirect()`). A `useActionState`
    /// form (`$ACTION_KEY`) gets the page rendered with the result as its state.
    async fn run_form(&self, props: &PageProps, body: &[u8]) -> Response {
        let content_type = header_text(&props.headers, "content-type").unwrap_or("");
        let fields = form_fields(content_type, body).unwrap_or_default();
        let Some(posted) = find_form_action(&fields) else {
            return unrecognized_action(StatusCode::BAD_REQUEST);
        };
        if let Err(status) = self.check_id(&posted.id) {
            return unrecognized_action(status);
        }
        let action = self.registry.find(&posted.id).expect("check_id found it");
        let Some(args) = unseal_leading_bound(action, posted.args) else {
            return crate::error_page::internal_server_error(ACTION_CACHE_CONTROL);
        };
        let context = ActionContext::for_request(&props.headers);
        match action.run(args, context.clone()).await {
            Ok(value) => {
                let form_state = posted.state_key.map(|key| FormState {
                    state: value.to_json(),
                    key,
                    action_id: action.id.clone(),
                    // The previous state is bound too, but not counted.
                    bound_count: posted.bound_count.saturating_sub(1),
                });
                let props = PageProps {
                    form_state,
                    ..props.clone()
                };
                self.page_after_form_post(&props, &context.take_effects())
                    .await
            }
            Err(Thrown::Redirect(path)) => see_other(&format!("{}{path}", props.base_path)),
            Err(Thrown::Error(_) | Thrown::NotFound) => {
                crate::error_page::internal_server_error(ACTION_CACHE_CONTROL)
            }
        }
    }
    // ANCHOR_END: run_form

    /// The page as HTML again, after a form post's action ran: with the posted form
    /// state in `props` if there is one, and the cookies the action set.
    async fn page_after_form_post(&self, props: &PageProps, effects: &Effects) -> Response {
        let page = self.page.render(props);
        let mut response = page.html_response(Some(AfterAction)).await;
        for (name, value) in effects.headers(false) {
            append(response.headers_mut(), name, &value);
        }
        response
    }

    /// Row 0, the envelope, and row 1, the result; when the action's effects call for
    /// it ([`super::Revalidation`]) the page is rendered again into the same answer
    /// and row 0 carries its tree. A result made of received values is written back
    /// the way React's Flight server writes it, in rows of its own where it needs them.
    async fn flight_result(
        &self,
        value: Returned,
        effects: &Effects,
        props: &PageProps,
    ) -> Response {
        let (page_rows, tree, next_row) = if effects.revalidation.carries_tree() {
            let (rows, tree, next_row) = rows_for_action(&self.page, props).await;
            (rows, Some(tree), next_row)
        } else {
            (String::new(), None, 2)
        };
        let (reply, root) = value.into_reply();
        let encoded = match flight::encode::encode_model(&reply, root, 1, next_row) {
            Ok(encoded) => encoded,
            Err(error) => {
                return flight_error(&error_digest(&error.to_string()), ACTION_CACHE_CONTROL)
            }
        };
        let result_rows: Vec<u8> = encoded.rows.into_iter().flat_map(|row| row.bytes).collect();
        let extra: Vec<(&str, String)> = effects.headers(true);
        result_answer_with(page_rows, tree, result_rows, &encoded.model, &extra)
    }

    /// A JS `redirect()`: 200, `x-action-redirect: <path>;push`, and the target's own
    /// flight answer and cache headers when the target is one of ours.
    async fn flight_redirect(&self, path: &str, props: &PageProps) -> Response {
        let location = format!("{path};push");
        let (target_path, query) = path.split_once('?').unwrap_or((path, ""));
        let Some(target) = self
            .redirect_targets
            .iter()
            .find(|t| t.path() == target_path)
        else {
            let extra = [("x-action-redirect", location)];
            return flight_answer(StatusCode::OK, ACTION_CACHE_CONTROL, &extra, String::new());
        };
        let target_props = PageProps {
            search_params: crate::query::parse(query),
            path: target_path.to_owned(),
            query: query.to_owned(),
            ..props.clone()
        };
        let body = target.render(&target_props).navigation_payload().await;
        let mut response = Response::new(crate::node::chunked(body));
        let headers = response.headers_mut();
        set(headers, "vary", VARY_WITH_ENCODING);
        let cache_control = if target.is_prerendered() {
            STATIC_CACHE_CONTROL
        } else {
            DYNAMIC_CACHE_CONTROL
        };
        set(headers, "cache-control", cache_control);
        set(headers, "x-action-redirect", &location);
        set(headers, "content-type", "text/x-component");
        if target.is_prerendered() {
            // The target came from the build's cache, and says so.
            set(headers, "x-nextjs-cache", "HIT");
            set(headers, "x-nextjs-prerender", "1, 1");
            set(headers, "x-nextjs-stale-time", "300");
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::super::{page_with_actions, Registry};
    use super::*;
    use crate::server_components::{element, text, AppPage, Node};
    use axum::body::Body;
    use axum::http::HeaderValue;
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;

    fn boom_page(_: &PageProps) -> Node {
        element("main").child(text("boom")).into()
    }

    async fn body_text(response: Response) -> String {
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// A page with one action that throws, to see what reaches the client.
    async fn send_to_boom(request: Request) -> (StatusCode, HeaderMap, String) {
        let registry = Registry::new().register("a.ts", "boom", &[], 0, |_, _| async {
            Err(Thrown::Error("the secret message".to_owned()))
        });
        let id = registry.id("boom").to_owned();
        let page = page_with_actions(registry, AppPage::new("/", boom_page));
        let router = axum::Router::new().route("/", page.into_route());
        let (mut parts, body) = request.into_parts();
        let body = if parts.headers.contains_key("next-action") {
            parts
                .headers
                .insert("next-action", HeaderValue::from_str(&id).unwrap());
            body
        } else {
            let form = format!("--B\r\nContent-Disposition: form-data; name=\"$ACTION_ID_{id}\"\r\n\r\n\r\n--B--\r\n");
            Body::from(form)
        };
        let response = router
            .oneshot(Request::from_parts(parts, body))
            .await
            .unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        (status, headers, body_text(response).await)
    }

    #[tokio::test]
    async fn a_thrown_error_sends_only_a_digest() {
        let js = Request::post("/")
            .header("next-action", "set below")
            .header("content-type", "text/plain;charset=UTF-8")
            .body(Body::from("[]"))
            .unwrap();
        let (status, headers, body) = send_to_boom(js).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(headers["content-type"], "text/x-component");
        let digest = error_digest("the secret message");
        assert!(body.ends_with(&format!("1:E{{\"digest\":\"{digest}\"}}\n")));
        assert!(!body.contains("secret"));

        let form = Request::post("/")
            .header("content-type", "multipart/form-data; boundary=B")
            .body(Body::empty())
            .unwrap();
        let (status, headers, body) = send_to_boom(form).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(headers["content-type"], "text/html; charset=utf-8");
        assert!(!body.contains("secret"));
    }

    #[tokio::test]
    async fn a_get_renders_with_its_query() {
        fn query_page(props: &PageProps) -> Node {
            element("main")
                .child(text(format!("query={}", props.query)))
                .into()
        }
        let page = page_with_actions(Registry::new(), AppPage::new("/", query_page));
        let router = axum::Router::new().route("/", page.into_route());
        let request = Request::get("/?error=bad%20input")
            .body(Body::empty())
            .unwrap();
        let html = body_text(router.oneshot(request).await.unwrap()).await;
        assert!(
            html.contains("<main>query=error=bad%20input</main>"),
            "{html}"
        );
    }

    #[tokio::test]
    async fn a_cookie_write_reaches_both_answers_and_brings_a_tree_only_to_js() {
        let registry =
            Registry::new().register("a.ts", "remember", &[], 0, |_, context| async move {
                context.set_cookie("liked", "yes");
                Ok(Returned::Undefined)
            });
        let id = registry.id("remember").to_owned();
        let page = page_with_actions(registry, AppPage::new("/", boom_page));
        let router = axum::Router::new().route("/", page.into_route());
        let js = Request::post("/")
            .header("next-action", &id)
            .header("content-type", "text/plain;charset=UTF-8")
            .body(Body::from("[]"))
            .unwrap();
        let response = router.clone().oneshot(js).await.unwrap();
        assert_eq!(response.headers()["set-cookie"], "liked=yes; Path=/");
        assert_eq!(response.headers()["x-action-revalidated"], "1");
        assert!(
            body_text(response).await.contains("\"t\":"),
            "a tree in row 0"
        );

        let form = format!(
            "--B\r\nContent-Disposition: form-data; name=\"$ACTION_ID_{id}\"\r\n\r\n\r\n--B--\r\n"
        );
        let form = Request::post("/")
            .header("content-type", "multipart/form-data; boundary=B")
            .body(Body::from(form))
            .unwrap();
        let response = router.oneshot(form).await.unwrap();
        assert_eq!(response.headers()["set-cookie"], "liked=yes; Path=/");
        assert!(!response.headers().contains_key("x-action-revalidated"));
    }

    #[tokio::test]
    async fn an_action_reads_the_callers_cookies() {
        let registry =
            Registry::new().register("a.ts", "whoAmI", &[], 0, |_, context| async move {
                Ok(serde_json::json!(context.cookies().get("session")).into())
            });
        let id = registry.id("whoAmI").to_owned();
        let page = page_with_actions(registry, AppPage::new("/", boom_page));
        let router = axum::Router::new().route("/", page.into_route());
        for (cookie, expected) in [(Some("a=1; session=abc"), "\"abc\""), (None, "null")] {
            let mut request = Request::post("/")
                .header("next-action", &id)
                .header("content-type", "text/plain;charset=UTF-8");
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            let response = router
                .clone()
                .oneshot(request.body(Body::from("[]")).unwrap())
                .await
                .unwrap();
            let body = body_text(response).await;
            assert!(body.ends_with(&format!("1:{expected}\n")), "{body}");
        }
    }
}
