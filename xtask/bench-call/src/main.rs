//! The in-process part of `cargo xtask bench`, built in release mode as a
//! throwaway crate under target/bench/call/ (it depends on the generated
//! client, which xtask does not): per-call overhead of the generated client
//! against a raw reqwest call, on a loopback server, and decoding a page of
//! 100 contacts. Prints one `name median_ns min_ns` line per figure.
//!
//! With the features `progenitor` and `openapi` (which the bench turns on
//! when it generated the peers' Contacts crates in the same run), the same
//! call and the same decoding also go through progenitor's and
//! openapi-generator's generated clients, interleaved with ours (see
//! `Slot`). A peer that cannot make the call or decode the page gets a
//! `failed name reason` line instead of figures; `null_property who verdict`
//! lines say whether each client decodes a contact with a property that has
//! no value.

use hubspot_client::v3::contacts::{
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging as Page,
    SimplePublicObjectWithAssociations as Contact,
};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[cfg(feature = "openapi")]
use og_contacts::{
    apis::basic_api::get_slash_crm_slash_v3_slash_objects_slash_contacts_slash_left_curly_bracket_contact_id_right_curly_bracket_get_by_id as og_get_by_id,
    apis::configuration::Configuration as OgConfiguration,
    models::{
        CollectionResponseSimplePublicObjectWithAssociationsForwardPaging as OgPage,
        SimplePublicObjectWithAssociations as OgContact,
    },
};
#[cfg(feature = "progenitor")]
use pg_contacts::types::{
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging as PgPage,
    GetCrmV3ObjectsContactsContactIdGetByIdContactId as PgContactId,
    SimplePublicObjectWithAssociations as PgContact,
};

/// A contact as HubSpot's published spec describes it: every property value
/// a string (the published spec does not allow `null`, which HubSpot sends
/// for a property asked for that has no value; see `null_property` below).
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
            "phone": format!("+1 555 01{:02}", i % 100)
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

/// What one slot of an iteration measures. Every iteration runs each slot in
/// an order rotated by one from the last, so that load drifting hits all
/// alike; a slot runs twice in a row and only the second run is timed, so
/// that each figure is of its own code and heap state, warm, as in calls or
/// pages that follow one another. (Timed right after other clients' calls,
/// ours took about 1 µs more per other client in the loop, and which
/// decoding came after which moved the decoding figures by 10-20%.)
#[derive(Clone, Copy)]
enum Slot {
    /// Our generated client; in decoding, our generated type.
    Ours,
    /// A bare reqwest::Client call; in decoding, `serde_json::Value`.
    Raw,
    /// A bare call on the peers' reqwest (calls only).
    #[cfg(any(feature = "progenitor", feature = "openapi"))]
    RawPeer,
    #[cfg(feature = "progenitor")]
    Progenitor,
    #[cfg(feature = "openapi")]
    Openapi,
}

/// `order`, starting at its `i`-th slot (modulo its length).
fn rotated(order: &[Slot], i: usize) -> impl Iterator<Item = Slot> + '_ {
    (0..order.len()).map(move |k| order[(i + k) % order.len()])
}

fn stats(mut samples: Vec<Duration>) -> (u128, u128) {
    samples.sort();
    (samples[samples.len() / 2].as_nanos(), samples[0].as_nanos())
}

fn report(name: &str, samples: Vec<Duration>) {
    let (median, min) = stats(samples);
    println!("{name} {median} {min}");
}

/// Reports that a peer could not do what is measured (its figures are left
/// out), on one line.
#[cfg(any(feature = "progenitor", feature = "openapi"))]
fn failed(name: &str, reason: impl std::fmt::Display) {
    let reason = reason.to_string().replace(['\r', '\n'], " ");
    println!("failed {name} {reason}");
}

/// Whether a client's type decoded the contact with a `null` property, on
/// one line.
fn null_property<T>(who: &str, decoded: Result<T, serde_json::Error>) {
    match decoded {
        Ok(_) => println!("null_property {who} decodes"),
        Err(e) => println!("null_property {who} fails: {e}"),
    }
}

/// GET contact 1001 through progenitor's client; the contact ID is a type of
/// its own, made from the string as a caller would for each call.
#[cfg(feature = "progenitor")]
async fn pg_get(client: &pg_contacts::Client) -> Result<PgContact, String> {
    let id: PgContactId = "1001".parse().map_err(|e| format!("{e}"))?;
    client
        .get_crm_v3_objects_contacts_contact_id_get_by_id(&id, None, None, None, None, None)
        .await
        .map(|r| r.into_inner())
        .map_err(|e| e.to_string())
}

/// GET contact 1001 through openapi-generator's client.
#[cfg(feature = "openapi")]
async fn og_get(config: &OgConfiguration) -> Result<OgContact, String> {
    og_get_by_id(config, "1001", None, None, None, None, None)
        .await
        .map_err(|e| e.to_string())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);

    // A contact with a property that has no value, as HubSpot sends it: not
    // measured, only whether each client's type decodes it.
    let mut with_null = contact(1);
    with_null["properties"]["phone"] = serde_json::Value::Null;
    let with_null = serde_json::to_vec(&with_null).expect("contact");
    null_property("ours", serde_json::from_slice::<Contact>(&with_null));
    #[cfg(feature = "progenitor")]
    null_property(
        "progenitor",
        serde_json::from_slice::<PgContact>(&with_null),
    );
    #[cfg(feature = "openapi")]
    null_property("openapi", serde_json::from_slice::<OgContact>(&with_null));

    // Decoding a page of 100 contacts.
    let page = serde_json::json!({
        "results": (0..100).map(contact).collect::<Vec<_>>(),
        "paging": {"next": {"after": "1100", "link": "https://api.hubapi.com/crm/v3/objects/contacts?after=1100"}}
    });
    let page_bytes = serde_json::to_vec(&page).expect("page");
    // A peer whose type does not decode the page is reported, not timed.
    #[cfg(feature = "progenitor")]
    let mut pg_decode = match serde_json::from_slice::<PgPage>(&page_bytes) {
        Ok(p) if p.results.len() == 100 => Some(Vec::new()),
        Ok(p) => {
            failed(
                "decode_page_100_progenitor",
                format!("{} results", p.results.len()),
            );
            None
        }
        Err(e) => {
            failed("decode_page_100_progenitor", e);
            None
        }
    };
    #[cfg(feature = "openapi")]
    let mut og_decode = match serde_json::from_slice::<OgPage>(&page_bytes) {
        Ok(p) if p.results.len() == 100 => Some(Vec::new()),
        Ok(p) => {
            failed(
                "decode_page_100_openapi",
                format!("{} results", p.results.len()),
            );
            None
        }
        Err(e) => {
            failed("decode_page_100_openapi", e);
            None
        }
    };
    let mut typed = Vec::new();
    let mut untyped = Vec::new();
    #[allow(unused_mut)] // without the peers, nothing is added
    let mut order = vec![Slot::Ours, Slot::Raw];
    #[cfg(feature = "progenitor")]
    if pg_decode.is_some() {
        order.push(Slot::Progenitor);
    }
    #[cfg(feature = "openapi")]
    if og_decode.is_some() {
        order.push(Slot::Openapi);
    }
    for i in 0..iterations.min(1000) {
        for slot in rotated(&order, i) {
            for timed in [false, true] {
                let t = Instant::now();
                let (elapsed, samples) = match slot {
                    Slot::Ours => {
                        let p: Page =
                            serde_json::from_slice(&page_bytes).expect("the page decodes");
                        let elapsed = t.elapsed();
                        assert_eq!(p.results.len(), 100);
                        (elapsed, &mut typed)
                    }
                    Slot::Raw => {
                        let v: serde_json::Value =
                            serde_json::from_slice(&page_bytes).expect("json");
                        let elapsed = t.elapsed();
                        assert!(v.is_object());
                        (elapsed, &mut untyped)
                    }
                    #[cfg(any(feature = "progenitor", feature = "openapi"))]
                    Slot::RawPeer => unreachable!("not a decoding"),
                    #[cfg(feature = "progenitor")]
                    Slot::Progenitor => {
                        let p: PgPage =
                            serde_json::from_slice(&page_bytes).expect("progenitor page");
                        let elapsed = t.elapsed();
                        assert_eq!(p.results.len(), 100);
                        (elapsed, pg_decode.as_mut().expect("in the order"))
                    }
                    #[cfg(feature = "openapi")]
                    Slot::Openapi => {
                        let p: OgPage = serde_json::from_slice(&page_bytes).expect("openapi page");
                        let elapsed = t.elapsed();
                        assert_eq!(p.results.len(), 100);
                        (elapsed, og_decode.as_mut().expect("in the order"))
                    }
                };
                if timed {
                    samples.push(elapsed);
                }
            }
        }
    }
    report("decode_page_100_typed", typed);
    report("decode_page_100_value", untyped);
    #[cfg(feature = "progenitor")]
    if let Some(samples) = pg_decode {
        report("decode_page_100_progenitor", samples);
    }
    #[cfg(feature = "openapi")]
    if let Some(samples) = og_decode {
        report("decode_page_100_openapi", samples);
    }
    println!("page_bytes {} {}", page_bytes.len(), page_bytes.len());

    // Per-call overhead on loopback: the same request and decoding, through
    // the generated client, a bare reqwest::Client and, with their features,
    // the peers' clients.
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

    // The peers' clients are built on the reqwest their crates depend on
    // (`reqwest_peer`, which may be another version than ours): a bare client
    // of that version is their floor, as `raw` is ours.
    #[cfg(any(feature = "progenitor", feature = "openapi"))]
    let raw_peer = reqwest_peer::Client::new();
    // Progenitor's client has no authentication of its own: the token goes
    // in a default header of the reqwest::Client it is given.
    #[cfg(feature = "progenitor")]
    let pg_client = {
        let mut headers = reqwest_peer::header::HeaderMap::new();
        headers.insert(
            reqwest_peer::header::AUTHORIZATION,
            reqwest_peer::header::HeaderValue::from_static("Bearer bench-token"),
        );
        let http = reqwest_peer::Client::builder()
            .default_headers(headers)
            .build()
            .expect("progenitor's reqwest client");
        pg_contacts::Client::new_with_client(&base, http)
    };
    // openapi-generator's client sends `oauth_access_token` as the bearer
    // token of this operation (the spec's security is OAuth 2); it builds
    // each request on the reqwest::Client in its configuration, the same
    // version as `raw_peer`'s.
    #[cfg(feature = "openapi")]
    let og_config = OgConfiguration {
        base_path: base.clone(),
        oauth_access_token: Some("bench-token".into()),
        ..OgConfiguration::default()
    };

    // A peer whose call fails (or does not return the contact) is reported,
    // not timed.
    #[cfg(feature = "progenitor")]
    let mut through_pg = match pg_get(&pg_client).await {
        Ok(c) if c.id == "1001" => Some(Vec::with_capacity(iterations)),
        Ok(c) => {
            failed("call_progenitor", format!("returned contact {}", c.id));
            None
        }
        Err(e) => {
            failed("call_progenitor", e);
            None
        }
    };
    #[cfg(feature = "openapi")]
    let mut through_og = match og_get(&og_config).await {
        Ok(c) if c.id == "1001" => Some(Vec::with_capacity(iterations)),
        Ok(c) => {
            failed("call_openapi", format!("returned contact {}", c.id));
            None
        }
        Err(e) => {
            failed("call_openapi", e);
            None
        }
    };
    #[cfg(any(feature = "progenitor", feature = "openapi"))]
    let mut through_raw_peer = Vec::with_capacity(iterations);

    let mut through_client = Vec::with_capacity(iterations);
    let mut through_reqwest = Vec::with_capacity(iterations);
    // Warm the connection pool of every client.
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
        #[cfg(any(feature = "progenitor", feature = "openapi"))]
        {
            let r = raw_peer
                .get(&url)
                .bearer_auth("bench-token")
                .send()
                .await
                .expect("raw peer");
            let _: Contact = r.json().await.expect("raw peer decode");
        }
        #[cfg(feature = "progenitor")]
        if through_pg.is_some() {
            pg_get(&pg_client).await.expect("progenitor call");
        }
        #[cfg(feature = "openapi")]
        if through_og.is_some() {
            og_get(&og_config).await.expect("openapi call");
        }
    }
    // Interleaved so that drift in machine load hits all alike (`Slot`).
    #[allow(unused_mut)] // without the peers, nothing is added
    let mut order = vec![Slot::Ours, Slot::Raw];
    #[cfg(any(feature = "progenitor", feature = "openapi"))]
    order.push(Slot::RawPeer);
    #[cfg(feature = "progenitor")]
    if through_pg.is_some() {
        order.push(Slot::Progenitor);
    }
    #[cfg(feature = "openapi")]
    if through_og.is_some() {
        order.push(Slot::Openapi);
    }
    for i in 0..iterations {
        for slot in rotated(&order, i) {
            for timed in [false, true] {
                let t = Instant::now();
                let (elapsed, samples) = match slot {
                    Slot::Ours => {
                        let c = client
                            .contacts()
                            .get_by_id("1001")
                            .send()
                            .await
                            .expect("call");
                        let elapsed = t.elapsed();
                        assert_eq!(c.id, "1001");
                        (elapsed, &mut through_client)
                    }
                    Slot::Raw => {
                        let r = raw
                            .get(&url)
                            .bearer_auth("bench-token")
                            .header("accept", "application/json")
                            .send()
                            .await
                            .expect("raw");
                        let c: Contact = r.json().await.expect("raw decode");
                        let elapsed = t.elapsed();
                        assert_eq!(c.id, "1001");
                        (elapsed, &mut through_reqwest)
                    }
                    // The peers' floor: the same bare call on their reqwest,
                    // decoding into our type (the same work as `raw`'s).
                    #[cfg(any(feature = "progenitor", feature = "openapi"))]
                    Slot::RawPeer => {
                        let r = raw_peer
                            .get(&url)
                            .bearer_auth("bench-token")
                            .header("accept", "application/json")
                            .send()
                            .await
                            .expect("raw peer");
                        let c: Contact = r.json().await.expect("raw peer decode");
                        let elapsed = t.elapsed();
                        assert_eq!(c.id, "1001");
                        (elapsed, &mut through_raw_peer)
                    }
                    #[cfg(feature = "progenitor")]
                    Slot::Progenitor => {
                        let c = pg_get(&pg_client).await.expect("progenitor call");
                        let elapsed = t.elapsed();
                        assert_eq!(c.id, "1001");
                        (elapsed, through_pg.as_mut().expect("in the order"))
                    }
                    #[cfg(feature = "openapi")]
                    Slot::Openapi => {
                        let c = og_get(&og_config).await.expect("openapi call");
                        let elapsed = t.elapsed();
                        assert_eq!(c.id, "1001");
                        (elapsed, through_og.as_mut().expect("in the order"))
                    }
                };
                if timed {
                    samples.push(elapsed);
                }
            }
        }
    }
    report("call_generated_client", through_client);
    report("call_raw_reqwest", through_reqwest);
    #[cfg(any(feature = "progenitor", feature = "openapi"))]
    report("call_raw_reqwest_peer", through_raw_peer);
    #[cfg(feature = "progenitor")]
    if let Some(samples) = through_pg {
        report("call_progenitor", samples);
    }
    #[cfg(feature = "openapi")]
    if let Some(samples) = through_og {
        report("call_openapi", samples);
    }
    server.abort();
}
