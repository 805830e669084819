//! One history per browser in classroom mode: a session cookie says whose traffic is whose.
//!
//! Outside classroom mode there is one reader, who sees everything ([`Viewer::Everyone`]).
//! In classroom mode every browser gets a random session id in an `HttpOnly`,
//! `SameSite=Strict` cookie the first time it loads a page. Each recorded exchange
//! keeps the session it came from, and the exchange list, each exchange and the event
//! stream show a session only its own. That matters more than tidiness: exchanges hold
//! the cookies and bodies of the examples' answers, which are a student's own.
//!
//! Only ids this playground issued count. A cookie with an unknown id (made up, or from
//! before a restart) gets a fresh session, never someone else's; a client without the
//! cookie (curl) gets none and sees no one's traffic. The cookie never reaches the
//! examples either: [`strip_session_cookies`] takes it out of the forwarded (and
//! recorded) `Cookie` header.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The cookie's name starts with this; the playground's port follows, because browsers
/// share cookies between ports of one host, and two playgrounds on one machine would
/// otherwise keep replacing each other's session.
pub const COOKIE_PREFIX: &str = "playground-session-";

/// A session unused this long is forgotten (and the cookie expires): a workshop day.
pub const SESSION_IDLE: Duration = Duration::from_secs(12 * 60 * 60);

/// The most sessions kept; past it the one unused longest is forgotten.
pub const MAX_SESSIONS: usize = 4096;

/// Who is asking, as far as recorded traffic goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// Outside classroom mode: the one reader, who sees every exchange.
    Everyone,
    /// In classroom mode: one browser's session, which sees only its own exchanges
    /// (`None`, a client without a session, sees none).
    Session(Option<String>),
}

impl Viewer {
    /// The session an exchange this viewer causes is recorded under.
    pub fn session(&self) -> Option<&str> {
        match self {
            Viewer::Everyone => None,
            Viewer::Session(session) => session.as_deref(),
        }
    }

    /// Whether this viewer may see an exchange recorded under `session`.
    pub fn sees(&self, session: Option<&str>) -> bool {
        match self {
            Viewer::Everyone => true,
            Viewer::Session(Some(own)) => session == Some(own.as_str()),
            Viewer::Session(None) => false,
        }
    }
}

/// Handlers take the [`Viewer`] that [`identify`] put on the request. Without it (the
/// layer missing) the request fails rather than showing everyone's traffic.
impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Viewer, Response> {
        parts.extensions.get::<Viewer>().cloned().ok_or_else(|| {
            crate::api::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the playground cannot tell whose request this is (the session layer is missing)",
            )
        })
    }
}

/// The sessions this playground issued, and when each was last used.
#[derive(Debug)]
pub struct Sessions {
    cookie: String,
    last_used: Mutex<HashMap<String, Instant>>,
}

impl Sessions {
    /// Sessions for the playground listening on `port`.
    pub fn new(port: u16) -> Sessions {
        Sessions {
            cookie: format!("{COOKIE_PREFIX}{port}"),
            last_used: Mutex::new(HashMap::new()),
        }
    }

    pub fn cookie_name(&self) -> &str {
        &self.cookie
    }

    /// The live session a request's cookie names, marked as used `now`.
    pub fn recognise(&self, headers: &HeaderMap, now: Instant) -> Option<String> {
        let mut last_used = self.last_used.lock().expect("sessions lock");
        for id in cookie_values(headers, &self.cookie) {
            if let Some(used) = last_used.get_mut(id) {
                if now.saturating_duration_since(*used) < SESSION_IDLE {
                    *used = now;
                    return Some(id.to_owned());
                }
                last_used.remove(id);
                return None;
            }
        }
        None
    }

    /// Whether the request carries this playground's cookie at all (known or not).
    fn has_cookie(&self, headers: &HeaderMap) -> bool {
        cookie_values(headers, &self.cookie).next().is_some()
    }

    /// A new session, or `None` if the system's random source failed.
    pub fn open(&self, now: Instant) -> Option<String> {
        let id = match super::random::hex_id() {
            Ok(id) => id,
            Err(e) => {
                tracing::error!("cannot make a session id: {e}");
                return None;
            }
        };
        let mut last_used = self.last_used.lock().expect("sessions lock");
        if last_used.len() >= MAX_SESSIONS {
            last_used.retain(|_, used| now.saturating_duration_since(*used) < SESSION_IDLE);
        }
        if last_used.len() >= MAX_SESSIONS {
            let oldest = last_used
                .iter()
                .min_by_key(|(_, used)| **used)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                last_used.remove(&oldest);
            }
        }
        last_used.insert(id.clone(), now);
        Some(id)
    }

    /// The `Set-Cookie` value that gives a browser `id`.
    fn set_cookie(&self, id: &str) -> HeaderValue {
        let value = format!(
            "{}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
            self.cookie,
            SESSION_IDLE.as_secs()
        );
        HeaderValue::from_str(&value).expect("a cookie of hex digits is a valid header")
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.last_used.lock().unwrap().len()
    }
}

/// The middleware: puts the request's [`Viewer`] on it, and in classroom mode gives a
/// browser without a live session a new one (on a page load, or when it shows a cookie
/// this playground does not know).
pub async fn identify(
    State(sessions): State<Option<Arc<Sessions>>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(sessions) = sessions else {
        request.extensions_mut().insert(Viewer::Everyone);
        return next.run(request).await;
    };
    let now = Instant::now();
    let known = sessions.recognise(request.headers(), now);
    let fresh = match known {
        None if is_page_load(&request) || sessions.has_cookie(request.headers()) => {
            sessions.open(now)
        }
        _ => None,
    };
    let session = known.or_else(|| fresh.clone());
    request.extensions_mut().insert(Viewer::Session(session));
    let mut response = next.run(request).await;
    if let Some(id) = fresh {
        response
            .headers_mut()
            .append(header::SET_COOKIE, sessions.set_cookie(&id));
    }
    response
}

/// A browser loading a page (rather than curl, or a script fetching data).
fn is_page_load(request: &Request) -> bool {
    let headers = request.headers();
    let says = |name: &str, wanted: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(wanted))
    };
    request.method() == Method::GET
        && (says("sec-fetch-dest", "document") || says(header::ACCEPT.as_str(), "text/html"))
}

/// The values of every cookie called `name` in the request's `Cookie` headers.
fn cookie_values<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(move |pair| {
            let (n, value) = pair.trim().split_once('=')?;
            (n.trim() == name).then_some(value.trim())
        })
}

/// Takes the playground's own session cookies out of `Cookie` headers (dropping a
/// header left empty), so the examples, and the recordings of what they were sent,
/// only ever see the cookies the examples set themselves.
pub fn strip_session_cookies(headers: &mut HeaderMap) {
    let kept: Vec<String> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| {
            let Ok(text) = v.to_str() else {
                // Not text: not ours either; keep it as it came.
                return Some(String::from_utf8_lossy(v.as_bytes()).into_owned());
            };
            let others: Vec<&str> = text
                .split(';')
                .map(str::trim)
                .filter(|pair| !pair.is_empty() && !pair.starts_with(COOKIE_PREFIX))
                .collect();
            (!others.is_empty()).then(|| others.join("; "))
        })
        .collect();
    if !headers.contains_key(header::COOKIE) {
        return;
    }
    headers.remove(header::COOKIE);
    for value in kept {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(header::COOKIE, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(cookie: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, cookie.parse().unwrap());
        headers
    }

    #[test]
    fn only_issued_ids_are_recognised() {
        let sessions = Sessions::new(3200);
        let now = Instant::now();
        let id = sessions.open(now).unwrap();
        let cookie =
            |value: &str| with_cookie(&format!("theme=dark; playground-session-3200={value}"));
        assert_eq!(
            sessions.recognise(&cookie(&id), now).as_deref(),
            Some(id.as_str())
        );
        assert_eq!(sessions.recognise(&cookie("made-up"), now), None);
        assert_eq!(sessions.recognise(&cookie(""), now), None);
        // Another port's cookie is another playground's.
        let other_port = with_cookie(&format!("playground-session-3000={id}"));
        assert_eq!(sessions.recognise(&other_port, now), None);
    }

    #[test]
    fn an_idle_session_is_forgotten() {
        let sessions = Sessions::new(1);
        let start = Instant::now();
        let id = sessions.open(start).unwrap();
        let cookie = with_cookie(&format!("playground-session-1={id}"));
        let later = start + SESSION_IDLE - Duration::from_secs(1);
        assert!(sessions.recognise(&cookie, later).is_some());
        // Being used just now keeps it alive for another SESSION_IDLE...
        assert!(sessions
            .recognise(&cookie, later + SESSION_IDLE / 2)
            .is_some());
        // ...but not past it.
        assert!(sessions
            .recognise(&cookie, later + SESSION_IDLE * 2)
            .is_none());
        assert_eq!(sessions.len(), 0);
    }

    #[test]
    fn the_table_stays_bounded() {
        let sessions = Sessions::new(1);
        let now = Instant::now();
        let first = sessions.open(now).unwrap();
        for n in 1..=MAX_SESSIONS {
            sessions
                .open(now + Duration::from_millis(n as u64))
                .unwrap();
        }
        assert_eq!(sessions.len(), MAX_SESSIONS);
        let cookie = with_cookie(&format!("playground-session-1={first}"));
        assert!(
            sessions.recognise(&cookie, now).is_none(),
            "the session unused longest was kept"
        );
    }

    #[test]
    fn viewers_see_their_own_exchanges_only() {
        let alice = Viewer::Session(Some("a".into()));
        assert!(alice.sees(Some("a")));
        assert!(!alice.sees(Some("b")));
        assert!(!alice.sees(None));
        assert!(!Viewer::Session(None).sees(None));
        assert!(Viewer::Everyone.sees(Some("b")) && Viewer::Everyone.sees(None));
    }

    #[test]
    fn the_session_cookie_is_stripped_and_others_kept() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            "cart=3; playground-session-3200=abc; theme=dark"
                .parse()
                .unwrap(),
        );
        headers.append(
            header::COOKIE,
            "playground-session-3000=def".parse().unwrap(),
        );
        headers.append(header::COOKIE, "visits=7".parse().unwrap());
        strip_session_cookies(&mut headers);
        let left: Vec<_> = headers.get_all(header::COOKIE).iter().collect();
        assert_eq!(left, ["cart=3; theme=dark", "visits=7"]);

        let mut only_ours = with_cookie("playground-session-1=x");
        strip_session_cookies(&mut only_ours);
        assert!(!only_ours.contains_key(header::COOKIE));
    }
}
