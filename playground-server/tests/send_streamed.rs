//! `/__playground/send` asked for NDJSON answers while the exchange happens: the head
//! first, then each body chunk with its bytes, then the recorded exchange.

mod common;

use base64::Engine as _;
use common::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread")]
async fn send_streams_the_head_then_each_chunk_then_the_exchange() {
    let playground = start(&["server-components"]).await;
    wait_ready(&playground, "server-components", None).await;
    let response = client()
        .post(format!("{}/__playground/send", playground.url()))
        .header("accept", "application/x-ndjson")
        .json(&json!({ "example": "server-components", "method": "GET", "path": "/dashboard" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let text = response.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();

    assert_eq!(lines[0]["head"]["response"]["status"], 200, "{text}");
    assert_eq!(lines[0]["head"]["request"]["path"], "/dashboard");
    let exchange = &lines.last().unwrap()["exchange"];
    let chunks: Vec<&Value> = lines[1..lines.len() - 1]
        .iter()
        .map(|l| &l["chunk"])
        .collect();
    // One line per chunk, as recorded, and their bytes make the recorded body.
    assert_eq!(chunks.len(), exchange["chunks"].as_array().unwrap().len());
    assert!(chunks.len() > 1, "the dashboard streams: {text}");
    let mut body = Vec::new();
    for chunk in &chunks {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(chunk["base64"].as_str().unwrap())
            .unwrap();
        assert_eq!(bytes.len() as u64, chunk["size"].as_u64().unwrap());
        body.extend(bytes);
    }
    assert_eq!(
        String::from_utf8(body).unwrap(),
        exchange["response"]["body"]["text"].as_str().unwrap()
    );
    // The exchange is recorded like any other send.
    let (_, history) = get_json(&format!("{}/__playground/exchanges", playground.url())).await;
    assert_eq!(history[0]["id"], exchange["id"]);
    playground.shutdown().await;
}
