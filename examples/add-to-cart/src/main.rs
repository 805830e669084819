//! Run with `cargo run -p example-add-to-cart`; `PORT=3001` picks the port and
//! `BASE_PATH=/x/add-to-cart` serves it under a prefix, like Next.js `basePath`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    mini_next::serve(example_add_to_cart::app()).await
}
