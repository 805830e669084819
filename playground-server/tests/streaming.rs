//! The proxy records a streamed response chunk by chunk, with each chunk's arrival
//! time: the Suspense content of `/dashboard` comes about 800 ms after the shell.

mod common;

use common::*;

#[tokio::test(flavor = "multi_thread")]
async fn proxy_records_streamed_chunks_with_their_times() {
    let playground = start(&["server-components"]).await;
    wait_ready(&playground, "server-components", None).await;
    let base = playground.url();

    let response = client()
        .get(format!("{base}/x/server-components/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // The reader gets the whole page through the proxy...
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Dashboard") && html.ends_with("</html>"),
        "{html}"
    );

    // ...and the recording says how it arrived.
    let (_, list) = get_json(&format!("{base}/__playground/exchanges?limit=1")).await;
    let id = list[0]["id"].as_u64().unwrap();
    let (_, exchange) = get_json(&format!("{base}/__playground/exchanges/{id}")).await;
    assert_eq!(exchange["request"]["path"], "/dashboard");
    let chunks = exchange["chunks"].as_array().unwrap();
    assert!(
        chunks.len() >= 2,
        "expected a streamed body, got {chunks:?}"
    );
    let first = chunks[0]["t_ms"].as_f64().unwrap();
    let last = chunks.last().unwrap()["t_ms"].as_f64().unwrap();
    assert!(
        last - first >= 600.0,
        "the late chunk was not late: {chunks:?}"
    );
    let sizes: u64 = chunks.iter().map(|c| c["size"].as_u64().unwrap()).sum();
    assert_eq!(
        sizes,
        exchange["response"]["body"]["size"].as_u64().unwrap()
    );
    assert_eq!(sizes as usize, html.len());
    playground.shutdown().await;
}
