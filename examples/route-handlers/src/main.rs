//! Run with `cargo run -p example-route-handlers`; `PORT=3001` picks the port.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    mini_next::serve(example_route_handlers::app()).await
}
