//! Run with `cargo run -p example-mistakes`; `PORT=3001` picks the port and
//! `BASE_PATH=/x/mistakes` serves it under a prefix, like Next.js `basePath`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    mini_next::serve(example_mistakes::app()).await
}
