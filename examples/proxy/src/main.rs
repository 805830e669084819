//! Run with `cargo run -p example-proxy`; `PORT=3001` picks the port.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    mini_next::serve(example_proxy::app()).await
}
