//! Traffic: the HTTP exchanges the book shows, and the tools that make them.
//!
//! - [`exchange`]: the JSON model of one request and its response, streamed chunks included.
//! - [`client`]: send a request and record the exchange.
//! - [`examples`]: which folders are examples, their packages, scenarios and transcripts.
//! - [`scenario`]: the request files beside each example.
//! - [`launch`]: build and start an example and learn its address.
//! - [`decoded`]: an exchange read for the learner (Flight rows, action calls, header
//!   explanations, diffs), computed here so every panel only renders it.
//! - [`conformance`]: our transcript against real Next.js, on what a learner sees.
//! - [`har`], [`curl`], [`render`]: the exchange as HAR 1.2, as a curl command, as plain text;
//!   [`replay`]: where those point (the playground, or the reference Next.js app).

pub mod client;
pub mod conformance;
pub mod curl;
pub mod decoded;
pub mod examples;
pub mod exchange;
pub mod har;
pub mod launch;
pub mod render;
pub mod replay;
pub mod scenario;

pub use exchange::{
    Body, BodyRecorder, Chunk, Exchange, Header, RecordedRequest, RecordedResponse,
};
