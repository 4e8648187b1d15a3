//! The server: a HubSpot-like HTTP endpoint on 127.0.0.1, its budget, its
//! faults, and what it recorded.

use super::budget::Budget;
use super::faults::{Fault, Faults};
use super::ledger::{Ledger, Recorded};
use super::reply::{self, Reply};
use super::store::{object_type, Association, Record, Store};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;

/// How the fake behaves. [`Config::default`] answers at once, without a
/// budget or faults (for tests of behaviour); [`Config::hubspot`] is
/// HubSpot's latency and limits (for load tests).
#[derive(Debug, Clone)]
pub struct Config {
    /// Time taken by every answer.
    pub latency: Duration,
    /// Requests accepted in any `window`; more are answered 429
    /// (`TEN_SECONDLY_ROLLING`). `u32::MAX`: no budget.
    pub budget: u32,
    /// The rolling window of the budget (HubSpot: 10 s).
    pub window: Duration,
    /// Share of requests (0 to 1) that meet a fault drawn at random: a 502,
    /// a timeout or a dropped connection.
    pub fault_rate: f64,
    /// Seeds the fault draws: the same requests meet the same faults.
    pub seed: u64,
    /// How long a timed-out request hangs (longer than the client's timeout).
    pub stall: Duration,
    /// Searches accepted in any second (HubSpot: 5); more are answered 429
    /// with HubSpot's secondly-limit body. `None`: no such limit.
    pub search_per_second: Option<u32>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            latency: Duration::ZERO,
            budget: u32::MAX,
            window: Duration::from_secs(10),
            fault_rate: 0.0,
            seed: 16,
            stall: Duration::from_secs(5),
            search_per_second: None,
        }
    }
}

impl Config {
    /// HubSpot at 150 ms latency, 190 requests per 10 s and 5 searches a
    /// second, no faults.
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

/// What the fake counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
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
    budget: Option<Budget>,
    search_budget: Option<Budget>,
    faults: Faults,
    store: Mutex<Store>,
    recorded: Mutex<Vec<Recorded>>,
    requests: AtomicU64,
    rate_limited: AtomicU64,
    faulted: AtomicU64,
}

/// A fake HubSpot on a port of 127.0.0.1, in this process: an in-memory
/// CRM behind HubSpot's object, search, batch and association endpoints
/// (v3 and date-based paths), with HubSpot's error bodies and rate-limit
/// headers, faults on demand, and a record of every request. Stops when
/// dropped.
pub struct FakeHubSpot {
    uri: String,
    state: Arc<State>,
    server: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for FakeHubSpot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeHubSpot")
            .field("uri", &self.uri)
            .finish()
    }
}

impl Drop for FakeHubSpot {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeHubSpot {
    /// A fake on a free port that answers at once, without limits or faults.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on(0, Config::default()).await
    }

    /// A fake on a free port, behaving as `config` says.
    pub async fn start_with(config: Config) -> std::io::Result<Self> {
        Self::start_on(0, config).await
    }

    /// A fake on `port` of 127.0.0.1 (0: a free one).
    pub async fn start_on(port: u16, config: Config) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let uri = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(State {
            budget: (config.budget != u32::MAX).then(|| Budget::new(config.budget, config.window)),
            search_budget: config
                .search_per_second
                .map(|n| Budget::new(n, Duration::from_secs(1))),
            faults: Faults::new(config.seed, config.fault_rate),
            store: Mutex::new(Store::default()),
            recorded: Mutex::new(Vec::new()),
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
        Ok(FakeHubSpot { uri, state, server })
    }

    /// The base URL to point a client at (`ClientBuilder::base_url`).
    pub fn uri(&self) -> &str {
        &self.uri
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.state.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores a record of `object_type` (`contacts`, `0-1`, `p_cars`…) as
    /// if created through the API, without a request; returns its id.
    pub fn insert<K, V>(
        &self,
        object_type: &str,
        properties: impl IntoIterator<Item = (K, V)>,
    ) -> String
    where
        K: Into<String>,
        V: Into<Value>,
    {
        let properties = properties
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.store()
            .create(&self::object_type(object_type), properties)
            .to_string()
    }

    /// Stores `n` records of `object_type` at once, the `i`-th with the
    /// properties `properties(i)`; returns their ids in order.
    pub fn seed(
        &self,
        object_type: &str,
        n: usize,
        properties: impl Fn(usize) -> Map<String, Value>,
    ) -> Vec<u64> {
        let ty = self::object_type(object_type);
        let mut store = self.store();
        (0..n).map(|i| store.create(&ty, properties(i))).collect()
    }

    /// Sets properties of a record as if updated through the API (its
    /// `lastmodifieddate` moves on); `false` when there is no such record.
    pub fn modify(&self, object_type: &str, id: u64, properties: Map<String, Value>) -> bool {
        self.store()
            .update(&self::object_type(object_type), id, properties)
    }

    /// Every record of `object_type` the fake holds, archived ones
    /// included, in creation order.
    pub fn records(&self, object_type: &str) -> Vec<Record> {
        self.store().records(&self::object_type(object_type))
    }

    /// One record, if the fake holds it (archived or not).
    pub fn record(&self, object_type: &str, id: &str) -> Option<Record> {
        self.records(object_type).into_iter().find(|r| r.id == id)
    }

    /// The associations of a record, to every object type.
    pub fn associations(&self, object_type: &str, id: &str) -> Vec<Association> {
        let Ok(id) = id.parse() else {
            return Vec::new();
        };
        self.store()
            .associations((&self::object_type(object_type), id), None)
    }

    /// The default association type from one object type to another, for
    /// pairs the fake does not know (custom objects): HubSpot's own pairs
    /// are built in.
    pub fn default_association_type(&self, from: &str, to: &str, type_id: i64) {
        self.store()
            .set_default_type(&object_type(from), &object_type(to), type_id);
    }

    /// The next `times` requests meet `fault` instead of their answer (a
    /// [`Fault::Timeout`] or [`Fault::Dropped`] after the work is done).
    pub fn fail_next(&self, fault: Fault, times: usize) {
        self.state.faults.script("", fault, times);
    }

    /// The next `times` requests whose path contains `path` (`/batch/create`,
    /// `/search`) meet `fault`.
    pub fn fail_next_on(&self, path: &str, fault: Fault, times: usize) {
        self.state.faults.script(path, fault, times);
    }

    /// Every request received so far, in the order they arrived.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state
            .recorded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The contacts stored: how many, and how many per email.
    pub fn ledger(&self) -> Ledger {
        let (records, emails) = self.store().emails();
        Ledger::new(records, emails)
    }

    /// The time of the store's last change (a record's `lastmodifieddate`),
    /// in milliseconds since the epoch.
    pub fn now_ms(&self) -> u64 {
        self.store().now()
    }

    /// The ledger and the counts as one JSON object, as `GET /__ledger`
    /// answers them (for clients in other processes).
    pub fn figures(&self) -> Value {
        figures(&self.state)
    }

    /// What the fake counted so far.
    pub fn counts(&self) -> Counts {
        Counts {
            requests: self.state.requests.load(Ordering::Relaxed),
            rate_limited: self.state.rate_limited.load(Ordering::Relaxed),
            faults: self.state.faulted.load(Ordering::Relaxed),
        }
    }
}

/// The connection is closed without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the fault injector")
    }
}

impl std::error::Error for Dropped {}

fn figures(state: &State) -> Value {
    let (records, emails) = state
        .store
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .emails();
    let ledger = Ledger::new(records, emails);
    serde_json::json!({
        "records": ledger.records,
        "distinct_emails": ledger.distinct(),
        "duplicated": ledger.duplicated().len(),
        "requests": state.requests.load(Ordering::Relaxed),
        "rate_limited": state.rate_limited.load(Ordering::Relaxed),
        "faults": state.faulted.load(Ordering::Relaxed),
    })
}

/// `GET /__ledger` answers [`figures`], and is itself not counted,
/// recorded, delayed, limited nor faulted.
async fn handle(state: Arc<State>, request: Request<Incoming>) -> Result<Reply, Dropped> {
    if request.method() == hyper::Method::GET && request.uri().path() == "/__ledger" {
        return Ok(reply::json(200, &figures(&state)));
    }
    state.requests.fetch_add(1, Ordering::Relaxed);
    let (head, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    let index = {
        let mut recorded = state.recorded.lock().unwrap_or_else(|e| e.into_inner());
        recorded.push(Recorded::new(&head.method, &head.uri, &head.headers, &body));
        recorded.len() - 1
    };
    let answer = answer(&state, &head, &body).await;
    let status = answer.as_ref().ok().map(|r| r.status().as_u16());
    if let Some(r) = state
        .recorded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_mut(index)
    {
        r.status = status;
    }
    answer
}

async fn answer(
    state: &State,
    head: &hyper::http::request::Parts,
    body: &[u8],
) -> Result<Reply, Dropped> {
    let target = head.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let config = &state.config;
    let limited = |policy: &str| {
        state.rate_limited.fetch_add(1, Ordering::Relaxed);
        reply::rate_limited(policy, config.budget, config.window)
    };
    let search = head.method == hyper::Method::POST && head.uri.path().ends_with("/search");
    if let Some(limit) = state.search_budget.as_ref().filter(|_| search) {
        if limit.take().is_err() {
            tokio::time::sleep(config.latency).await;
            return Ok(limited("SECONDLY"));
        }
    }
    let remaining = match state.budget.as_ref().map(Budget::take) {
        Some(Ok(remaining)) => remaining,
        None => usize::MAX,
        Some(Err(())) => {
            tokio::time::sleep(config.latency).await;
            return Ok(limited("TEN_SECONDLY_ROLLING"));
        }
    };
    let fault = state.faults.draw(head.method.as_str(), target, body);
    if fault.is_some() {
        state.faulted.fetch_add(1, Ordering::Relaxed);
    }
    tokio::time::sleep(config.latency).await;
    match fault {
        Some(Fault::BadGateway) => return Ok(reply::bad_gateway()),
        Some(Fault::Unavailable) => {
            return Ok(reply::error(
                503,
                "Service Unavailable",
                "SERVICE_UNAVAILABLE",
            ))
        }
        Some(Fault::RateLimited) => {
            let mut reply = limited("TEN_SECONDLY_ROLLING");
            reply.headers_mut().insert(
                hyper::header::RETRY_AFTER,
                hyper::header::HeaderValue::from_static("1"),
            );
            return Ok(reply);
        }
        Some(Fault::DailyLimit) => return Ok(limited("DAILY")),
        _ => {}
    }
    // Timeouts and drops come after the work: the records are stored, the
    // answer is lost.
    let reply = {
        let mut store = state.store.lock().unwrap_or_else(|e| e.into_inner());
        super::routes::route(&mut store, &head.method, &head.uri, body)
    };
    match fault {
        Some(Fault::Timeout) => {
            tokio::time::sleep(config.stall).await;
            Err(Dropped)
        }
        Some(Fault::Dropped) => Err(Dropped),
        _ => {
            let max = if state.budget.is_some() {
                config.budget
            } else {
                190
            };
            let remaining = remaining.min(max as usize);
            Ok(reply::with_headers(reply, max, remaining, config.window))
        }
    }
}
