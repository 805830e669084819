//! Classroom mode (issue 12, section 4): the LAN addresses are accepted, each browser
//! sees only its own traffic, the playground's cookie never reaches an example, and
//! each student is rate-limited. The last test checks the History of two real
//! browsers (Chromium, so it is ignored without `--include-ignored`).

mod common;

use common::*;
use playground_server::classroom::{self, rate_limit::RateLimit};
use playground_server::Playground;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// A classroom playground, listening on loopback only (the tests' traffic stays on
/// 127.0.0.1), with the addresses classroom mode would share accepted as host names.
async fn start_classroom(limit: RateLimit) -> (Playground, classroom::Setup) {
    let mut setup = None;
    let playground = start_with(&["api-routes"], |options| {
        options.rate_limit = limit;
        setup = Some(classroom::prepare(options, false).expect("classroom options"));
        options.host = "127.0.0.1".into();
        options.port = 0;
    })
    .await;
    wait_ready(&playground, "api-routes", None).await;
    (playground, setup.unwrap())
}

/// A student's browser: a session cookie from loading the book's first page.
struct Browser {
    base: String,
    cookie: String,
    http: reqwest::Client,
}

impl Browser {
    async fn open(playground: &Playground) -> Browser {
        let base = playground.url();
        let http = client();
        let page = load_first_page(&http, &base).await;
        let cookie = session_cookie(&page).expect("a page load sets the session cookie");
        Browser { base, cookie, http }
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
    }

    /// Sends `GET /api/hello` to api-routes through the proxy, with `extra` cookies.
    async fn proxy_hello(&self, extra: &str) -> reqwest::Response {
        self.http
            .get(format!("{}/x/api-routes/api/hello", self.base))
            .header("cookie", format!("{}; {extra}", self.cookie))
            .send()
            .await
            .unwrap()
    }

    async fn send_hello(&self) -> reqwest::Response {
        self.http
            .post(format!("{}/__playground/send", self.base))
            .header("cookie", &self.cookie)
            .json(&json!({"example": "api-routes", "method": "GET", "path": "/api/hello"}))
            .send()
            .await
            .unwrap()
    }

    async fn get_json(&self, path: &str) -> Value {
        let answer = self.get(path).send().await.unwrap();
        answer.json().await.unwrap()
    }

    async fn listed_ids(&self) -> Vec<u64> {
        ids(&self.get_json("/__playground/exchanges").await)
    }
}

/// What a browser does first: load the book's first page.
async fn load_first_page(http: &reqwest::Client, base: &str) -> reqwest::Response {
    let page = http
        .get(format!("{base}/"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    page
}

/// `name=value` from a response's `Set-Cookie`, if it sets the playground's cookie.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(classroom::session::COOKIE_PREFIX))
        .map(|v| v.split(';').next().unwrap().to_owned())
}

fn ids(list: &Value) -> Vec<u64> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|e| e["id"].as_u64().unwrap())
        .collect()
}

/// The ids of the exchange events an open event stream delivers within `wait`.
async fn exchange_events(mut stream: reqwest::Response, wait: Duration) -> Vec<u64> {
    let deadline = Instant::now() + wait;
    let mut seen = String::new();
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout(
        deadline.saturating_duration_since(Instant::now()),
        stream.chunk(),
    )
    .await
    {
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    seen.split("\n\n")
        .filter_map(|event| event.strip_prefix("event: exchange\ndata: "))
        .map(|data| {
            serde_json::from_str::<Value>(data).unwrap()["id"]
                .as_u64()
                .unwrap()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lan_addresses_are_accepted_and_foreign_names_still_refused() {
    let (playground, setup) = start_classroom(RateLimit::default()).await;
    let port = playground.addr.port();
    let http = client();
    let url = format!("{}/__playground/health", playground.url());
    let status_as = |name: String| {
        let request = http.get(&url).header("host", format!("{name}:{port}"));
        async move { request.send().await.unwrap().status() }
    };
    for ip in &setup.addresses {
        assert_eq!(status_as(ip.to_string()).await, 200, "{ip}");
    }
    for foreign in ["evil.example", "192.0.2.2.evil.example"] {
        assert_eq!(status_as(foreign.to_owned()).await, 421, "{foreign}");
    }
    // Curl commands name the address the student used, and the book's recorded ones
    // the first shared address (never 0.0.0.0, which names no machine).
    let alice = Browser::open(&playground).await;
    assert_eq!(alice.proxy_hello("a=1").await.status(), 200);
    let id = alice.listed_ids().await[0];
    for ip in &setup.addresses {
        let curl = alice
            .get(&format!("/__playground/exchanges/{id}.curl"))
            .header("host", format!("{ip}:{port}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            curl.contains(&format!("'http://{ip}:{port}/x/api-routes/api/hello'")),
            "{curl}"
        );
    }
    if let Some(first) = setup.addresses.first() {
        let chapter = alice.get("/api-routes/index.html").send().await.unwrap();
        let chapter = chapter.text().await.unwrap();
        assert!(chapter.contains(&format!("http://{first}:{port}/x/api-routes/")));
    }
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_browser_sees_only_its_own_exchanges_and_events() {
    let (playground, _) = start_classroom(RateLimit::default()).await;
    let alice = Browser::open(&playground).await;
    let bob = Browser::open(&playground).await;
    assert_ne!(alice.cookie, bob.cookie);
    let alice_events = alice.get("/__playground/events").send().await.unwrap();
    let bob_events = bob.get("/__playground/events").send().await.unwrap();

    let answer = alice.proxy_hello("secret=alice-only").await;
    assert_eq!(answer.status(), 200);
    assert!(
        session_cookie(&answer).is_none(),
        "a known session gets no new cookie"
    );
    let sent: Value = bob.send_hello().await.json().await.unwrap();
    let bob_id = sent["id"].as_u64().unwrap();
    let alice_id = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Some(&id) = alice.listed_ids().await.first() {
                return id;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("alice's exchange is recorded");

    assert_eq!(alice.listed_ids().await, [alice_id]);
    assert_eq!(bob.listed_ids().await, [bob_id]);
    for (viewer, own, other) in [(&alice, alice_id, bob_id), (&bob, bob_id, alice_id)] {
        for suffix in ["", ".decoded", ".har", ".curl"] {
            let path = format!("/__playground/exchanges/{own}{suffix}");
            assert_eq!(
                viewer.get(&path).send().await.unwrap().status(),
                200,
                "{path}"
            );
            let path = format!("/__playground/exchanges/{other}{suffix}");
            assert_eq!(
                viewer.get(&path).send().await.unwrap().status(),
                404,
                "{path}"
            );
        }
    }
    // A client without a session (curl) sees no one's traffic.
    let (_, anonymous) = get_json(&format!("{}/__playground/exchanges", alice.base)).await;
    assert_eq!(anonymous, json!([]));
    let (status, _) = get_json(&format!("{}/__playground/exchanges/{alice_id}", alice.base)).await;
    assert_eq!(status, 404);

    let wait = Duration::from_millis(500);
    let (alice_saw, bob_saw) = tokio::join!(
        exchange_events(alice_events, wait),
        exchange_events(bob_events, wait)
    );
    assert_eq!(alice_saw, [alice_id]);
    assert_eq!(bob_saw, [bob_id]);
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_session_cookie_never_reaches_the_example_or_the_recording() {
    let (playground, _) = start_classroom(RateLimit::default()).await;
    let alice = Browser::open(&playground).await;
    // api-routes' /api/hello answers with the cookies it received.
    let answer: Value = alice
        .proxy_hello("secret=alice-only")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer["cookies"],
        json!({"secret": "alice-only"}),
        "{answer}"
    );
    let id = alice.listed_ids().await[0];
    let whole = alice
        .get_json(&format!("/__playground/exchanges/{id}"))
        .await;
    let cookies: Vec<&str> = whole["request"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h[0] == "cookie")
        .map(|h| h[1].as_str().unwrap())
        .collect();
    assert_eq!(cookies, ["secret=alice-only"], "{whole}");
    assert!(!whole
        .to_string()
        .contains(classroom::session::COOKIE_PREFIX));
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_made_up_session_cookie_gets_a_fresh_session_not_someone_elses() {
    let (playground, _) = start_classroom(RateLimit::default()).await;
    let alice = Browser::open(&playground).await;
    assert_eq!(alice.proxy_hello("a=1").await.status(), 200);
    let name = format!(
        "{}{}",
        classroom::session::COOKIE_PREFIX,
        playground.addr.port()
    );
    for made_up in ["0".repeat(32), String::new(), "alice".into()] {
        let forged = format!("{name}={made_up}");
        let answer = client()
            .get(format!("{}/__playground/exchanges", playground.url()))
            .header("cookie", &forged)
            .send()
            .await
            .unwrap();
        let fresh = session_cookie(&answer).expect("an unknown cookie is replaced");
        assert_ne!(fresh, forged);
        assert_ne!(fresh, alice.cookie);
        let list: Value = answer.json().await.unwrap();
        assert_eq!(
            list,
            json!([]),
            "{made_up:?} saw another session's exchanges"
        );
    }
    // Alice's own session still works.
    assert_eq!(alice.listed_ids().await.len(), 1);
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_student_over_the_limit_gets_429_with_retry_after_and_others_do_not() {
    let limit = RateLimit {
        per_second: 0.2,
        burst: 3.0,
    };
    let (playground, _) = start_classroom(limit).await;
    let alice = Browser::open(&playground).await;
    let bob = Browser::open(&playground).await;
    for n in 0..3 {
        let status = if n == 1 {
            alice.send_hello().await.status()
        } else {
            alice.proxy_hello("a=1").await.status()
        };
        assert_eq!(status, 200, "request {n} is within the burst");
    }
    for over in [alice.proxy_hello("a=1").await, alice.send_hello().await] {
        assert_eq!(over.status(), 429);
        let retry_after: u64 = over.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=5).contains(&retry_after), "{retry_after}");
        let body: Value = over.json().await.unwrap();
        let why = body["error"].as_str().unwrap();
        assert!(why.contains("did not reach the example"), "{why}");
    }
    // Refused requests were never forwarded, so never recorded.
    assert_eq!(alice.listed_ids().await.len(), 3);
    // Reading the history and loading pages are not limited, and nor is Bob.
    assert_eq!(alice.get("/").send().await.unwrap().status(), 200);
    assert_eq!(bob.proxy_hello("b=1").await.status(), 200);
    assert_eq!(bob.send_hello().await.status(), 200);
    playground.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn outside_classroom_mode_there_is_no_session_and_no_limit() {
    let playground = start(&["api-routes"]).await;
    wait_ready(&playground, "api-routes", None).await;
    let base = playground.url();
    let page = load_first_page(&client(), &base).await;
    assert!(session_cookie(&page).is_none());
    for _ in 0..50 {
        let answer = client()
            .get(format!("{base}/x/api-routes/api/hello"))
            .header("cookie", "playground-session-1=left-over; b=2")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(
            body["cookies"],
            json!({"b": "2"}),
            "a stale playground cookie was forwarded"
        );
    }
    // One shared history: a client without any cookie sees everything.
    let (_, list) = get_json(&format!("{base}/__playground/exchanges?limit=100")).await;
    assert_eq!(ids(&list).len(), 50);
    playground.shutdown().await;
}

/// Sends `GET /api/hello?name=<name>` from the page's first panel.
fn send_from_first_panel(page: &mut browser_test::Page<'_>, name: &str) {
    page.eval(&format!(
        "const form = document.querySelector('.traffic-editor');\
         form.querySelector('[name=path]').value = '/api/hello?name={name}';\
         form.querySelector('.traffic-send').click(); true"
    ))
    .unwrap();
}

/// The paths the page's History lists.
fn history_paths(page: &mut browser_test::Page<'_>) -> String {
    let listed = page
        .eval(
            "[...document.querySelectorAll('.wire-history-item')].map(b => b.textContent).join('\\n')",
        )
        .unwrap();
    listed.as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs chromium"]
async fn two_browsers_each_see_only_their_own_history() {
    let (playground, _) = start_classroom(RateLimit::default()).await;
    let page_url = format!("{}/api-routes/index.html", playground.url());
    tokio::task::spawn_blocking(move || {
        let wait = Duration::from_secs(10);
        let history_has = |name: &str| {
            format!(
                "[...document.querySelectorAll('.wire-history-item')]\
                 .some(b => b.textContent.includes('name={name}'))"
            )
        };
        let mut alice_browser = browser_test::Browser::launch().unwrap_or_else(|e| panic!("{e:#}"));
        let mut bob_browser = browser_test::Browser::launch().unwrap();
        let mut alice = alice_browser.new_page().unwrap();
        let mut bob = bob_browser.new_page().unwrap();
        for page in [&mut alice, &mut bob] {
            page.goto(&page_url).unwrap();
            page.wait_for("document.querySelector('.traffic-send')", wait)
                .unwrap();
            page.wait_for(
                "document.querySelector('section[aria-label=History]')",
                wait,
            )
            .unwrap();
        }
        send_from_first_panel(&mut alice, "Alice");
        send_from_first_panel(&mut bob, "Bob");
        alice.wait_for(&history_has("Alice"), wait).unwrap();
        bob.wait_for(&history_has("Bob"), wait).unwrap();
        // Give a stray event time to arrive, then look again; and reload, which lists
        // the history afresh from the playground.
        std::thread::sleep(Duration::from_millis(500));
        assert!(
            !history_paths(&mut alice).contains("Bob"),
            "{}",
            history_paths(&mut alice)
        );
        bob.goto(&page_url).unwrap();
        bob.wait_for(&history_has("Bob"), wait).unwrap();
        assert!(
            !history_paths(&mut bob).contains("Alice"),
            "{}",
            history_paths(&mut bob)
        );
        for page in [&alice, &bob] {
            assert!(page.errors().is_empty(), "page errors: {:?}", page.errors());
        }
    })
    .await
    .unwrap();
    playground.shutdown().await;
}

/// The instructor's projector sees every student's exchanges, each sender as a
/// "student N" of its own, and nothing of their session cookies.
#[tokio::test(flavor = "multi_thread")]
async fn the_projector_tells_students_apart_without_naming_them() {
    let (playground, setup) = start_classroom(RateLimit::default()).await;
    let alice = Browser::open(&playground).await;
    let bob = Browser::open(&playground).await;
    let mut projector = client()
        .get(format!(
            "{}/__playground/projector/events?token={}",
            alice.base, setup.token
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(projector.status(), 200);
    assert_eq!(alice.proxy_hello("x=1").await.status(), 200);
    assert_eq!(bob.send_hello().await.status(), 200);

    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = String::new();
    let mut students = Vec::new();
    while students.len() < 2 && Instant::now() < deadline {
        let wait = deadline.saturating_duration_since(Instant::now());
        let Ok(Ok(Some(chunk))) = tokio::time::timeout(wait, projector.chunk()).await else {
            break;
        };
        seen.push_str(&String::from_utf8_lossy(&chunk));
        students = seen
            .split("\n\n")
            .filter_map(|event| event.strip_prefix("event: exchange\ndata: "))
            .map(|data| serde_json::from_str::<Value>(data).unwrap()["student"].clone())
            .collect();
    }
    assert_eq!(students.len(), 2, "two exchanges on the projector: {seen}");
    assert_ne!(students[0], students[1], "{seen}");
    for student in &students {
        assert!(student.as_str().unwrap().starts_with("student "), "{seen}");
    }
    for cookie in [&alice.cookie, &bob.cookie] {
        let id = cookie.split('=').nth(1).unwrap();
        assert!(!seen.contains(id), "a session id on the projector: {seen}");
    }
    playground.shutdown().await;
}
