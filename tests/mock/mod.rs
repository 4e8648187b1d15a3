//! A HubSpot-like server for load tests and benchmarks, on 127.0.0.1: the
//! contacts batch create, upsert and read, the paged list and the search,
//! with a latency per request, HubSpot's rolling request budget and its 5
//! searches a second (429 with its bodies and rate-limit headers), injected
//! faults, and a ledger of the records it actually stored (also served as
//! `GET /__ledger`, for clients in other processes: `examples/load_mock.rs`).

mod budget;
mod faults;
mod routes;
mod store;

pub use faults::Fault;
pub use store::Ledger;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// How the mock behaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// Time taken by every answer.
    pub latency: Duration,
    /// Requests accepted in any `window`; more are answered 429.
    pub budget: u32,
    /// The rolling window of the budget (HubSpot: 10 s).
    pub window: Duration,
    /// Share of requests (0 to 1) that meet a fault.
    pub fault_rate: f64,
    /// Seeds the fault draws: the same requests meet the same faults.
    pub seed: u64,
    /// How long a timed-out request hangs (longer than the client's timeout).
    pub stall: Duration,
    /// Searches accepted in any second (HubSpot: 5); more are answered 429
    /// with HubSpot's secondly-limit body. `None`: no such limit.
    pub search_per_second: Option<u32>,
}

impl Config {
    /// HubSpot at 150 ms latency and 190 requests per 10 s, no faults.
    pub fn hubspot() -> Self {
        Config {
            latency: Duration::from_millis(150),
            budget: 190,
            window: Duration::from_secs(10),
            fault_rate: 0.0,
            seed: 16,
            stall: Duration::from_secs(30),
            search_per_second: Some(5),
        }
    }
}

/// What the mock counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Requests received.
    pub requests: u64,
    /// Requests answered 429.
    pub rate_limited: u64,
    /// Requests that met a fault.
    pub faults: u64,
}

struct State {
    config: Config,
    budget: budget::Budget,
    search_budget: Option<budget::Budget>,
    faults: faults::Faults,
    store: Mutex<store::Store>,
    requests: AtomicU64,
    rate_limited: AtomicU64,
    faulted: AtomicU64,
}

/// A running mock; it stops when dropped.
pub struct MockHubSpot {
    uri: String,
    state: Arc<State>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for MockHubSpot {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl MockHubSpot {
    /// Starts a mock on a free port of 127.0.0.1.
    pub async fn start(config: Config) -> std::io::Result<Self> {
        Self::start_on(0, config).await
    }

    /// Starts a mock on `port` of 127.0.0.1 (0: a free one).
    pub async fn start_on(port: u16, config: Config) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let uri = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(State {
            budget: budget::Budget::new(config.budget, config.window),
            search_budget: config
                .search_per_second
                .map(|n| budget::Budget::new(n, Duration::from_secs(1))),
            faults: faults::Faults::new(config.seed, config.fault_rate),
            store: Mutex::new(store::Store::default()),
            requests: AtomicU64::new(0),
            rate_limited: AtomicU64::new(0),
            faulted: AtomicU64::new(0),
            config,
        });
        let serving = state.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = serving.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |r| handle(state.clone(), r));
                    // A dropped-connection fault ends the connection with an error.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(MockHubSpot { uri, state, server })
    }

    /// The base URL to point a client at.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The records stored so far.
    pub fn ledger(&self) -> Ledger {
        self.state
            .store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .ledger()
    }

    /// Stores `count` contacts at once, the `n`th with `properties(n)`, as if
    /// created one after the other; returns their ids.
    pub fn seed(
        &self,
        count: usize,
        properties: impl Fn(usize) -> serde_json::Map<String, serde_json::Value>,
    ) -> Vec<u64> {
        let mut store = self.state.store.lock().unwrap_or_else(|e| e.into_inner());
        (0..count).map(|n| store.create(properties(n))).collect()
    }

    /// Changes contact `id` as an update through the API would, which also
    /// moves its `lastmodifieddate` on.
    pub fn modify(&self, id: u64, properties: serde_json::Map<String, serde_json::Value>) {
        let mut store = self.state.store.lock().unwrap_or_else(|e| e.into_inner());
        store.update(id, properties);
    }

    /// The time of the mock's last change, in milliseconds: a record changed
    /// later has a later `lastmodifieddate`.
    pub fn now_ms(&self) -> u64 {
        self.state
            .store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .now()
    }

    /// The ledger and the counts as one JSON object, as `GET /__ledger`
    /// answers them.
    pub fn figures(&self) -> serde_json::Value {
        figures(&self.state)
    }

    /// What the mock counted so far.
    pub fn counts(&self) -> Counts {
        Counts {
            requests: self.state.requests.load(Ordering::Relaxed),
            rate_limited: self.state.rate_limited.load(Ordering::Relaxed),
            faults: self.state.faulted.load(Ordering::Relaxed),
        }
    }
}

type Reply = Response<Full<Bytes>>;

/// The connection is closed without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the fault injector")
    }
}

impl std::error::Error for Dropped {}

/// What the mock stored and counted, for a client in another process
/// (`examples/load_mock.rs`): `GET /__ledger` answers it, and is itself not
/// counted, delayed, limited nor faulted.
fn figures(state: &State) -> serde_json::Value {
    let ledger = state
        .store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .ledger();
    serde_json::json!({
        "records": ledger.records,
        "distinct_emails": ledger.distinct(),
        "duplicated": ledger.duplicated().len(),
        "requests": state.requests.load(Ordering::Relaxed),
        "rate_limited": state.rate_limited.load(Ordering::Relaxed),
        "faults": state.faulted.load(Ordering::Relaxed),
    })
}

async fn handle(state: Arc<State>, request: Request<Incoming>) -> Result<Reply, Dropped> {
    if request.method() == hyper::Method::GET && request.uri().path() == "/__ledger" {
        return Ok(budget::json(200, &figures(&state)));
    }
    state.requests.fetch_add(1, Ordering::Relaxed);
    let (head, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    let target = head.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let config = &state.config;
    let search = head.uri.path().ends_with("/search");
    if let Some(limit) = state.search_budget.as_ref().filter(|_| search) {
        if limit.take().is_err() {
            state.rate_limited.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(config.latency).await;
            return Ok(budget::too_many_searches(config.budget, config.window));
        }
    }
    let remaining = match state.budget.take() {
        Ok(remaining) => remaining,
        Err(()) => {
            state.rate_limited.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(config.latency).await;
            return Ok(budget::too_many(config.budget, config.window));
        }
    };
    let fault = state.faults.draw(head.method.as_str(), target, &body);
    if fault.is_some() {
        state.faulted.fetch_add(1, Ordering::Relaxed);
    }
    tokio::time::sleep(config.latency).await;
    if fault == Some(Fault::BadGateway) {
        return Ok(faults::bad_gateway());
    }
    // Timeouts and drops come after the work: the records are stored, the
    // answer is lost.
    let reply = {
        let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
        routes::route(&mut store, &head.method, &head.uri, &body)
    };
    match fault {
        Some(Fault::Timeout) => {
            tokio::time::sleep(config.stall).await;
            Err(Dropped)
        }
        Some(Fault::Dropped) => Err(Dropped),
        _ => Ok(budget::with_headers(
            reply,
            config.budget,
            remaining,
            config.window,
        )),
    }
}
