//! Run with `cargo run -p example-mistakes`; `PORT=3001` picks the port and
//! `BASE_PATH=/x/mistakes` serves it under a prefix, like Next.js `basePath`.

/// Four worker threads: the model's actions are plain (blocking) functions, and the
/// parallel demonstration needs two of them to sleep at the same time.
#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() -> std::io::Result<()> {
    mini_next::serve(example_mistakes::app()).await
}
