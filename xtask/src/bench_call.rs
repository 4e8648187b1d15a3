//! The in-process part of `cargo xtask bench`, built in release mode as a
//! throwaway crate under target/bench/call/ (it depends on the generated
//! client, which xtask does not): per-call overhead of the generated client
//! against a raw reqwest call, on a loopback server, and decoding a page of
//! 100 contacts. Prints one `name median_ns min_ns` line per figure.

use hubspot_client::contacts::{
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging as Page,
    SimplePublicObjectWithAssociations as Contact,
};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn contact(i: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("{}", 1000 + i),
        "properties": {
            "email": format!("person{i}@example.com"),
            "firstname": "Jane",
            "lastname": format!("Doe {i}"),
            "createdate": "2024-01-02T03:04:05.678Z",
            "hs_object_id": format!("{}", 1000 + i),
            "lastmodifieddate": "2024-05-06T07:08:09.012Z",
            "phone": null
        },
        "createdAt": "2024-01-02T03:04:05.678Z",
        "updatedAt": "2024-05-06T07:08:09.012Z",
        "archived": false
    })
}

/// Serves `body` to every request on one keep-alive connection at a time.
async fn serve(listener: tokio::net::TcpListener, body: &'static [u8]) {
    loop {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        tokio::spawn(async move {
            let mut buf = vec![0u8; 16 * 1024];
            let mut filled = 0;
            // One write per response, no Nagle: otherwise delayed ACKs
            // (40 ms) would be all that is measured.
            let _ = socket.set_nodelay(true);
            let mut response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(body);
            loop {
                let Ok(n) = socket.read(&mut buf[filled..]).await else {
                    return;
                };
                if n == 0 {
                    return;
                }
                filled += n;
                // GET requests without a body: one request per blank line.
                while let Some(end) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                    buf.copy_within(end + 4..filled, 0);
                    filled -= end + 4;
                    if socket.write_all(&response).await.is_err() {
                        return;
                    }
                }
            }
        });
    }
}

fn stats(mut samples: Vec<Duration>) -> (u128, u128) {
    samples.sort();
    (samples[samples.len() / 2].as_nanos(), samples[0].as_nanos())
}

fn report(name: &str, samples: Vec<Duration>) {
    let (median, min) = stats(samples);
    println!("{name} {median} {min}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);

    // Decoding a page of 100 contacts.
    let page = serde_json::json!({
        "results": (0..100).map(contact).collect::<Vec<_>>(),
        "paging": {"next": {"after": "1100", "link": "https://api.hubapi.com/crm/v3/objects/contacts?after=1100"}}
    });
    let page_bytes = serde_json::to_vec(&page).expect("page");
    let mut typed = Vec::new();
    let mut untyped = Vec::new();
    for _ in 0..iterations.min(1000) {
        let t = Instant::now();
        let p: Page = serde_json::from_slice(&page_bytes).expect("the page decodes");
        typed.push(t.elapsed());
        assert_eq!(p.results.len(), 100);
        let t = Instant::now();
        let v: serde_json::Value = serde_json::from_slice(&page_bytes).expect("json");
        untyped.push(t.elapsed());
        assert!(v.is_object());
    }
    report("decode_page_100_typed", typed);
    report("decode_page_100_value", untyped);
    println!("page_bytes {} {}", page_bytes.len(), page_bytes.len());

    // Per-call overhead on loopback: the same request and decoding, through
    // the generated client and through a bare reqwest::Client.
    let body: &'static [u8] = Box::leak(
        serde_json::to_vec(&contact(1))
            .expect("body")
            .into_boxed_slice(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(serve(listener, body));
    let base = format!("http://{addr}");

    let raw = reqwest::Client::new();
    let client = hubspot_client::Client::builder()
        .base_url(base.clone())
        .access_token("bench-token")
        .http_client(raw.clone())
        // The default budget is HubSpot's (100 per 10 s); a budget that is
        // never reached keeps the limiter's cost in the figure, not its waits.
        .rate_limit(hubspot_client::RateLimit::new(
            1_000_000,
            std::time::Duration::from_secs(1),
        ))
        .build()
        .expect("client");
    let url = format!("{base}/crm/v3/objects/contacts/1001");

    let mut through_client = Vec::with_capacity(iterations);
    let mut through_reqwest = Vec::with_capacity(iterations);
    // Warm the connection pool of both.
    for _ in 0..50 {
        client
            .contacts()
            .get_by_id("1001")
            .send()
            .await
            .expect("call");
        let r = raw
            .get(&url)
            .bearer_auth("bench-token")
            .send()
            .await
            .expect("raw");
        let _: Contact = r.json().await.expect("raw decode");
    }
    // Interleaved so that drift in machine load hits both alike.
    for _ in 0..iterations {
        let t = Instant::now();
        let c = client
            .contacts()
            .get_by_id("1001")
            .send()
            .await
            .expect("call");
        through_client.push(t.elapsed());
        assert_eq!(c.id, "1001");

        let t = Instant::now();
        let r = raw
            .get(&url)
            .bearer_auth("bench-token")
            .header("accept", "application/json")
            .send()
            .await
            .expect("raw");
        let c: Contact = r.json().await.expect("raw decode");
        through_reqwest.push(t.elapsed());
        assert_eq!(c.id, "1001");
    }
    report("call_generated_client", through_client);
    report("call_raw_reqwest", through_reqwest);
    server.abort();
}
