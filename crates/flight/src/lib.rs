//! React's "Flight" wire format, in one place: what a Server Component payload
//! (`text/x-component`) and a Server Action call are made of, as Next.js 16 sends them.
//!
//! - [`write`]: the rows a server sends (`<hex id>:<payload>\n`) and the `$`
//!   references inside them. mini-next writes every payload with it.
//! - [`html`]: how those rows ride inside an HTML page (`self.__next_f.push(…)`
//!   scripts), and React's escaping of text in HTML.
//!
//! Nothing here knows about HTTP: callers hand in and take out text.

pub mod html;
pub mod write;
