//! `cookies()` from `next/headers` in a route handler: the `Cookie` header read the
//! App Router's way, and the `Set-Cookie` lines that `set` and `delete` add.

use crate::js::{decode_uri_component, encode_uri_component};
use std::time::{Duration, SystemTime};

/// The cookie jar of one request: what the browser sent, and what to send back.
#[derive(Debug, Clone, Default)]
pub struct Cookies {
    sent: Vec<(String, String)>,
    to_set: Vec<SetCookie>,
}

/// The options of `cookies().set(name, value, options)` that change the wire. Next.js
/// writes them as attributes after `Path=/`, in this order: `Expires`, `Max-Age`,
/// `HttpOnly`, `SameSite`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieOptions {
    /// `maxAge` (seconds). Sent twice: as `Expires=<now + maxAge>`, for old clients,
    /// and as `Max-Age`, which wins where both are understood.
    pub max_age: Option<u64>,
    /// `httpOnly: true`: page scripts cannot read the cookie (`document.cookie`).
    pub http_only: bool,
    /// `sameSite`: `"lax"`, `"strict"` or `"none"`, written as given.
    pub same_site: Option<&'static str>,
}

/// One cookie to send back: set, or deleted (`delete` is a `set` that has expired).
#[derive(Debug, Clone)]
struct SetCookie {
    name: String,
    value: String,
    options: CookieOptions,
    deleted: bool,
}

impl Cookies {
    /// Reads the `Cookie` header the way Next.js's `RequestCookies` does, which is
    /// not how the Pages Router's `req.cookies` does: the **last** pair of a name
    /// wins, quotes are kept, a bare `name` means `"true"`, and a pair whose value is
    /// not valid percent-encoding is skipped.
    pub fn from_header(header: &str) -> Cookies {
        let mut jar = Cookies::default();
        for pair in header.split(';').map(|p| p.trim_start_matches(' ')) {
            if pair.is_empty() {
                continue;
            }
            let (name, value) = pair.split_once('=').unwrap_or((pair, "true"));
            if let Some(value) = decode_uri_component(value) {
                jar.sent.retain(|(n, _)| n != name);
                jar.sent.push((name.to_owned(), value));
            }
        }
        jar
    }

    /// `cookies().get(name)?.value`: a value set (or deleted) during this request wins.
    pub fn get(&self, name: &str) -> Option<&str> {
        if let Some(set) = self.to_set.iter().find(|c| c.name == name) {
            return (!set.deleted).then_some(set.value.as_str());
        }
        self.sent
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// `cookies().set(name, value)`: one `Set-Cookie: name=value; Path=/` on the
    /// answer; setting a name twice sends only the last value.
    pub fn set(&mut self, name: &str, value: &str) {
        self.set_with(name, value, CookieOptions::default());
    }

    /// `cookies().set(name, value, { maxAge, httpOnly, sameSite })`.
    pub fn set_with(&mut self, name: &str, value: &str, options: CookieOptions) {
        self.remember(SetCookie {
            name: name.to_owned(),
            value: value.to_owned(),
            options,
            deleted: false,
        });
    }

    /// `cookies().delete(name)`: an empty value that expired at the Unix epoch, so
    /// the browser drops the cookie. The server cannot remove it any other way.
    pub fn delete(&mut self, name: &str) {
        self.remember(SetCookie {
            name: name.to_owned(),
            value: String::new(),
            options: CookieOptions::default(),
            deleted: true,
        });
    }

    fn remember(&mut self, cookie: SetCookie) {
        self.to_set.retain(|c| c.name != cookie.name);
        self.to_set.push(cookie);
    }

    /// The `Set-Cookie` lines, values encoded like `encodeURIComponent`.
    pub(crate) fn set_cookie_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.to_set.iter().map(|cookie| {
            let mut line = format!(
                "{}={}; Path=/",
                cookie.name,
                encode_uri_component(&cookie.value)
            );
            if cookie.deleted {
                line.push_str("; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
            }
            let options = &cookie.options;
            if let Some(seconds) = options.max_age {
                let expires = SystemTime::now() + Duration::from_secs(seconds);
                line.push_str(&format!("; Expires={}", httpdate::fmt_http_date(expires)));
                line.push_str(&format!("; Max-Age={seconds}"));
            }
            if options.http_only {
                line.push_str("; HttpOnly");
            }
            if let Some(same_site) = options.same_site {
                line.push_str(&format!("; SameSite={same_site}"));
            }
            line
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_like_request_cookies() {
        let jar = Cookies::from_header("a=1; b=\"q\"; flag; a=2;c=%zz; d=caf%C3%A9");
        assert_eq!(jar.get("a"), Some("2"));
        assert_eq!(jar.get("b"), Some("\"q\""));
        assert_eq!(jar.get("flag"), Some("true"));
        assert_eq!(jar.get("c"), None);
        assert_eq!(jar.get("d"), Some("café"));
    }

    #[test]
    fn options_become_attributes_in_next_order() {
        let mut jar = Cookies::default();
        let options = CookieOptions {
            max_age: Some(3600),
            http_only: true,
            same_site: Some("lax"),
        };
        jar.set_with("session", "abc123", options);
        let line: String = jar.set_cookie_lines().collect();
        let (start, rest) = line.split_once("; Expires=").unwrap();
        assert_eq!(start, "session=abc123; Path=/");
        let (date, end) = rest.split_once("; Max-Age=").unwrap();
        assert!(date.ends_with(" GMT"), "{date}");
        let expires = httpdate::parse_http_date(date).unwrap();
        let ahead = expires.duration_since(SystemTime::now()).unwrap().as_secs();
        assert!((3500..=3600).contains(&ahead), "{ahead}");
        assert_eq!(end, "3600; HttpOnly; SameSite=lax");
    }

    #[test]
    fn delete_sends_an_empty_cookie_that_expired_in_1970() {
        let mut jar = Cookies::from_header("session=abc123");
        assert_eq!(jar.get("session"), Some("abc123"));
        jar.delete("session");
        assert_eq!(jar.get("session"), None);
        let lines: Vec<String> = jar.set_cookie_lines().collect();
        assert_eq!(
            lines,
            ["session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]
        );
    }
}
