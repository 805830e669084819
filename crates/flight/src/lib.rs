//! React's wire format, in one crate.
//!
//! React Server Components and Server Actions talk over HTTP in a format React calls
//! "Flight". An answer is a list of *rows* (`<hex id>:<tag?><payload>`), and the
//! arguments of a Server Action travel as a *reply* (JSON text or multipart form data).
//! Both spell JavaScript values JSON cannot express as strings starting with `$`.
//!
//! This crate writes that format as Next.js 16.4.6 writes it, and reads it the way
//! React 19.3 (as shipped in Next.js 16.4.6) reads it, small enough to learn from:
//!
//! - [`write`] writes rows and the `$` references inside them; mini-next writes every
//!   payload with it. [`html`] carries rows inside an HTML page (the
//!   `self.__next_f.push(…)` scripts) and escapes text the way React does.
//! - [`read`] splits a payload into rows; [`refs`] classifies every `$` reference;
//!   [`meaning`] says in one line what each row is; [`view`] puts rows, arrival times
//!   and meanings together for display.
//! - [`inline`] finds the rows inside an HTML page's `self.__next_f.push(…)` scripts.
//! - [`reply`] decodes the arguments of a Server Action call (`decodeReply`) into a
//!   [`value::Reply`], which says what JavaScript would see (`String(x)`, `typeof`);
//!   [`multipart`] reads the form-data bodies replies often come in; [`encode`]
//!   writes such a value back as React's Flight server would return it;
//!   [`action_id`] reads what the first byte of a Next.js action id says.
//! - [`capture`] reads this project's transcripts and HAR files.

pub mod action_id;
pub mod capture;
pub mod describe;
pub mod encode;
pub mod html;
pub mod inline;
pub mod js;
pub mod meaning;
pub mod multipart;
pub mod read;
pub mod refs;
pub mod reply;
pub mod value;
pub mod view;
pub mod write;
