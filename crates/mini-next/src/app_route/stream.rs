//! `new ReadableStream({ async start(controller) {…} })`: a body produced over time.
//!
//! A route handler may return `new Response(stream)`. Next.js hands the `Response`
//! back to Node at once (the headers go out) and then pipes the stream: every
//! `controller.enqueue(bytes)` becomes one HTTP chunk as soon as it is enqueued, and
//! `controller.close()` (or the end of `start`) sends the final `0` chunk. That is
//! how a handler sends a slow answer piece by piece, and how server-sent events work.
//!
//! Modelled here: [`ReadableStream::new`] runs `start` as its own task, so the
//! handler returns before any chunk exists, just as in JavaScript; chunks travel
//! through a channel to the response body, which hyper writes out one by one.
//! The queue has no limit, like a stream whose consumer never applies
//! back-pressure; dropping the [`Controller`] is `controller.close()`.
//!
//! Simplified: when the client goes away, JavaScript cancels the stream and a later
//! `enqueue` throws; here the task keeps running and its chunks are dropped.

use axum::body::Bytes;
use futures_util::Stream;
use std::future::Future;
use tokio::sync::mpsc;

/// The `controller` argument of `start`: enqueues chunks of the body.
#[derive(Debug)]
pub struct Controller {
    chunks: mpsc::UnboundedSender<Bytes>,
}

impl Controller {
    /// `controller.enqueue(new TextEncoder().encode(text))`: one more chunk,
    /// sent to the client now.
    pub fn enqueue(&self, chunk: impl Into<Bytes>) {
        // An error means the response is gone (the client left): nothing to send to.
        let _ = self.chunks.send(chunk.into());
    }

    /// `controller.close()`: the body ends (dropping the controller does the same).
    pub fn close(self) {}
}

/// A body whose chunks a task produces over time.
#[derive(Debug)]
pub struct ReadableStream {
    chunks: mpsc::UnboundedReceiver<Bytes>,
}

impl ReadableStream {
    /// `new ReadableStream({ start })`: starts `start(controller)` on its own task.
    /// Call it inside a handler (it needs the server's tokio runtime).
    pub fn new<Start, Running>(start: Start) -> ReadableStream
    where
        Start: FnOnce(Controller) -> Running,
        Running: Future<Output = ()> + Send + 'static,
    {
        let (sender, chunks) = mpsc::unbounded_channel();
        tokio::spawn(start(Controller { chunks: sender }));
        ReadableStream { chunks }
    }

    /// The chunks as a stream, ending when the controller is closed or dropped.
    pub(super) fn into_chunks(mut self) -> impl Stream<Item = Bytes> + Send + 'static {
        futures_util::stream::poll_fn(move |context| self.chunks.poll_recv(context))
    }
}

/// `await new Promise((r) => setTimeout(r, ms))`: the pause between two chunks.
pub async fn sleep(ms: u64) {
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt as _;
    use std::time::Instant;

    #[tokio::test]
    async fn chunks_arrive_when_they_are_enqueued_and_the_stream_ends_on_close() {
        let started = Instant::now();
        let stream = ReadableStream::new(|controller| async move {
            controller.enqueue("a");
            sleep(100).await;
            controller.enqueue("b");
            controller.close();
        });
        let mut chunks = Box::pin(stream.into_chunks());
        assert_eq!(chunks.next().await.unwrap(), "a");
        assert!(
            started.elapsed().as_millis() < 100,
            "the first chunk waits for nothing"
        );
        assert_eq!(chunks.next().await.unwrap(), "b");
        assert!(
            started.elapsed().as_millis() >= 100,
            "the second chunk waits for the sleep"
        );
        assert!(chunks.next().await.is_none());
    }

    #[tokio::test]
    async fn enqueueing_after_the_reader_left_is_harmless() {
        let (done, finished) = tokio::sync::oneshot::channel();
        let stream = ReadableStream::new(|controller| async move {
            sleep(20).await;
            controller.enqueue("nobody reads this");
            let _ = done.send(());
        });
        drop(stream);
        finished.await.expect("the task ran to its end");
    }
}
