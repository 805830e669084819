//! Run with `cargo run -p example-server-actions`; `PORT=3001` picks the port and
//! `BASE_PATH=/x/server-actions` serves it under a prefix, like Next.js `basePath`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    mini_next::serve(example_server_actions::app()).await
}
