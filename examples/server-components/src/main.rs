//! Run with `cargo run -p example-server-components`; `PORT=3001` picks the port.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    mini_next::serve(example_server_components::app()).await
}
