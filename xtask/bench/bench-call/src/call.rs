//! The same GET of a contact through each client, on the loopback server.

use crate::data::{self, CONTACT_PATH};
#[cfg(feature = "openapi")]
use crate::peers::OgContact;
#[cfg(feature = "progenitor")]
use crate::peers::PgContact;
use crate::slot::{report, rotated, Slot};
use hubspot_client::contacts::SimplePublicObjectWithAssociations as Contact;
use std::time::Instant;

/// The bare GET of the contact at `url` on a reqwest `client`, decoded into
/// our type: a macro, as our reqwest and the peers' may be two versions of
/// the crate, with types of their own.
macro_rules! bare_get {
    ($client:expr, $url:expr, $err:expr) => {{
        let r = $client
            .get($url)
            .bearer_auth("bench-token")
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| $err(&e))?;
        Got::Ours(r.json().await.map_err(|e| $err(&e))?)
    }};
}

/// Every client, on one base URL.
struct Clients {
    /// Ours, sharing `raw`'s connection pool.
    ours: hubspot_client::Client,
    raw: reqwest::Client,
    url: String,
    /// The peers' clients are built on the reqwest their crates depend on
    /// (which may be another version than ours): a bare client of that
    /// version is their floor, as `raw` is ours.
    #[cfg(any(feature = "progenitor", feature = "openapi"))]
    raw_peer: reqwest_peer::Client,
    #[cfg(feature = "progenitor")]
    progenitor: pg_contacts::Client,
    #[cfg(feature = "openapi")]
    openapi: og_contacts::apis::configuration::Configuration,
}

/// A contact as a client returned it; dropped after the clock stops.
enum Got {
    Ours(Contact),
    #[cfg(feature = "progenitor")]
    Progenitor(PgContact),
    #[cfg(feature = "openapi")]
    Openapi(OgContact),
}

impl Got {
    fn id(&self) -> &str {
        match self {
            Got::Ours(c) => &c.id,
            #[cfg(feature = "progenitor")]
            Got::Progenitor(c) => &c.id,
            #[cfg(feature = "openapi")]
            Got::Openapi(c) => &c.id,
        }
    }
}

impl Clients {
    fn new(base: &str) -> Clients {
        let raw = reqwest::Client::new();
        let ours = hubspot_client::Client::builder()
            .base_url(base)
            .access_token("bench-token")
            .http_client(raw.clone())
            // The default budget is HubSpot's (100 per 10 s); a budget that
            // is never reached keeps the limiter's cost in the figure, not
            // its waits.
            .rate_limit(hubspot_client::RateLimit::new(
                1_000_000,
                std::time::Duration::from_secs(1),
            ))
            .build()
            .expect("client");
        Clients {
            ours,
            raw,
            url: format!("{base}{CONTACT_PATH}"),
            #[cfg(any(feature = "progenitor", feature = "openapi"))]
            raw_peer: reqwest_peer::Client::new(),
            #[cfg(feature = "progenitor")]
            progenitor: crate::peers::progenitor_client(base),
            #[cfg(feature = "openapi")]
            openapi: crate::peers::openapi_config(base),
        }
    }

    /// GET contact 1001 through `slot`'s client.
    async fn get(&self, slot: Slot) -> Result<Got, String> {
        let err = |e: &dyn std::fmt::Display| e.to_string();
        Ok(match slot {
            Slot::Ours => Got::Ours(
                self.ours
                    .contacts()
                    .get("1001")
                    .send()
                    .await
                    .map_err(|e| err(&e))?,
            ),
            Slot::Raw => bare_get!(self.raw, &self.url, err),
            // The peers' floor: the same bare call on their reqwest,
            // decoding into our type (the same work as `raw`'s).
            #[cfg(any(feature = "progenitor", feature = "openapi"))]
            Slot::RawPeer => bare_get!(self.raw_peer, &self.url, err),
            #[cfg(feature = "progenitor")]
            Slot::Progenitor => {
                Got::Progenitor(crate::peers::progenitor_get(&self.progenitor).await?)
            }
            #[cfg(feature = "openapi")]
            Slot::Openapi => Got::Openapi(crate::peers::openapi_get(&self.openapi).await?),
        })
    }

    /// Whether a peer's client returns the contact; if not, says so (the
    /// peer is then left out).
    #[cfg(any(feature = "progenitor", feature = "openapi"))]
    async fn calls(&self, slot: Slot) -> bool {
        match self.get(slot).await {
            Ok(c) if c.id() == "1001" => true,
            Ok(c) => {
                crate::slot::failed(slot.call_figure(), format!("returned contact {}", c.id()));
                false
            }
            Err(e) => {
                crate::slot::failed(slot.call_figure(), e);
                false
            }
        }
    }

    /// The slots to measure: ours, raw reqwest, and with their features the
    /// peers' raw reqwest and the peers' clients that work.
    async fn order(&self) -> Vec<Slot> {
        #[allow(unused_mut)] // without the peers, nothing is added
        let mut order = vec![Slot::Ours, Slot::Raw];
        #[cfg(any(feature = "progenitor", feature = "openapi"))]
        order.push(Slot::RawPeer);
        #[cfg(feature = "progenitor")]
        if self.calls(Slot::Progenitor).await {
            order.push(Slot::Progenitor);
        }
        #[cfg(feature = "openapi")]
        if self.calls(Slot::Openapi).await {
            order.push(Slot::Openapi);
        }
        order
    }
}

/// Starts the server, then times `iterations` calls through each client,
/// interleaved (see [`Slot`]), after 50 warm-up calls each.
pub async fn run(iterations: usize) {
    let body: &'static [u8] = Box::leak(
        serde_json::to_vec(&data::contact(1))
            .expect("body")
            .into_boxed_slice(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(crate::server::serve(listener, body));
    let clients = Clients::new(&base);
    let order = clients.order().await;
    // Warm the connection pool of every client.
    for _ in 0..50 {
        for slot in &order {
            clients.get(*slot).await.expect("warm-up call");
        }
    }
    let mut samples = vec![Vec::with_capacity(iterations); order.len()];
    for i in 0..iterations {
        for (k, slot) in rotated(&order, i) {
            for timed in [false, true] {
                let t = Instant::now();
                let contact = clients.get(slot).await.expect("call");
                let elapsed = t.elapsed();
                assert_eq!(contact.id(), "1001");
                if timed {
                    samples[k].push(elapsed);
                }
            }
        }
    }
    for (slot, samples) in order.iter().zip(samples) {
        report(slot.call_figure(), samples);
    }
    server.abort();
}
