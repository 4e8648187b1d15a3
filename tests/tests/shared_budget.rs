//! One rate budget for several clients through a real `redis-server`
//! (`RedisStore`), against the HubSpot-like mock of `tests::mock` scaled
//! down (a budget per 1 s window, 10 ms latency): the clients stay within the
//! one budget, a daily figure one of them reads stops the others, and when
//! Redis goes away mid-run no client hangs and no record is lost or stored
//! twice.
//!
//! Each client has a `RedisStore` of its own, as separate processes would:
//! nothing is shared but the server. `redis-server` comes from Debian's
//! package (`.ci/run` installs it); without it these tests say they skipped,
//! and fail under `CI=true`.

mod jobs;

use hubspot_client::fake::{Config, FakeHubSpot};
use hubspot_client::{Client, Error, RateLimit, RedisStore, RetryConfig};
use jobs::{create_all, emails};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(1);
const BUDGET: u32 = 30;
/// Records each client creates: 25 batch requests of 100.
const PER_CLIENT: usize = 2_500;

/// A `redis-server` on a free loopback port, stopped when dropped.
struct Redis {
    port: u16,
    child: Child,
}

impl Redis {
    /// `None` (having said so) when `redis-server` is not installed, outside CI.
    fn start() -> Option<Redis> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        Self::start_on(port)
    }

    fn start_on(port: u16) -> Option<Redis> {
        let started = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn();
        let child = match started {
            Ok(child) => child,
            Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("redis-server cannot be started ({e}); .ci/run installs it")
            }
            Err(e) => {
                eprintln!("skipped: redis-server cannot be started ({e}); install Debian's redis-server package to run these tests");
                return None;
            }
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "redis-server did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(Redis { port, child })
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// A connection of the test's own, to look at the budget's keys.
    async fn inspect(&self) -> redis::aio::MultiplexedConnection {
        redis::Client::open(self.url())
            .expect("url")
            .get_multiplexed_async_connection()
            .await
            .expect("redis answers")
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.kill();
    }
}

fn mock_config() -> Config {
    Config {
        latency: Duration::from_millis(10),
        budget: BUDGET,
        window: WINDOW,
        fault_rate: 0.0,
        seed: 25,
        stall: Duration::from_secs(5),
        search_per_second: None,
    }
}

/// A client of the mock with the mock's budget; with `store`, kept in Redis
/// under `key` (a store of its own, as another process would have).
fn client(mock: &FakeHubSpot, store: Option<(&Redis, &str)>, share: u32) -> Client {
    let mut builder = Client::builder()
        .base_url(mock.uri())
        .access_token("pat-na1-test")
        .timeout(Some(Duration::from_secs(2)))
        // A window a tenth longer than the mock's: on a loaded 2-core
        // machine a request can reach the mock tens of milliseconds after
        // its place was taken, more than the limiter's own 2 % margin.
        .rate_limit(
            RateLimit::new(BUDGET, WINDOW + WINDOW / 10)
                .search_per_second(None)
                .local_share(share),
        )
        .retry(
            RetryConfig::default()
                .max_retries(4)
                .backoff(Duration::from_millis(10), Duration::from_millis(40))
                .rate_limit_waits(WINDOW, Duration::from_millis(100)),
        );
    if let Some((redis, key)) = store {
        builder = builder.rate_store(RedisStore::new(&redis.url(), key).expect("store"));
    }
    builder.build().expect("client builds")
}

/// A client of `base` whose `limit` is kept in Redis under `key` (a store
/// of its own, as another process would have).
fn redis_client(base: &str, redis: &Redis, key: &str, limit: RateLimit) -> Client {
    Client::builder()
        .base_url(base)
        .access_token("pat-na1-test")
        .rate_limit(limit)
        .rate_store(RedisStore::new(&redis.url(), key).expect("store"))
        .build()
        .expect("client")
}

/// Four clients each create `per_client` records at once; the ledger must
/// hold each exactly once. Returns the 429s the mock answered.
async fn four_clients_create(mock: &FakeHubSpot, clients: Vec<Client>, per_client: usize) -> u64 {
    let all = emails(4 * per_client);
    let jobs = clients.into_iter().enumerate().map(|(i, client)| {
        let mine = all[i * per_client..(i + 1) * per_client].to_vec();
        tokio::spawn(async move { create_all(&client, &mine).await })
    });
    for job in futures::future::join_all(jobs).await {
        assert_eq!(
            job.expect("job ran").surfaced_429,
            0,
            "a 429 reached a caller"
        );
    }
    let ledger = mock.ledger();
    assert_eq!(
        ledger.missing(all.iter().map(String::as_str)),
        Vec::<String>::new()
    );
    assert_eq!(ledger.duplicated(), Vec::<String>::new());
    mock.counts().rate_limited
}

/// 25 batch requests per client (100 inputs each), 100 in all: over three
/// windows of the 30-request budget.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_clients_with_one_redis_budget_meet_no_429_where_four_budgets_meet_many() {
    let Some(redis) = Redis::start() else { return };
    let shared = FakeHubSpot::start_with(mock_config()).await.expect("mock");
    let clients = (0..4)
        .map(|_| client(&shared, Some((&redis, "portal-1")), 4))
        .collect::<Vec<_>>();
    let started = Instant::now();
    let rejected = four_clients_create(&shared, clients, PER_CLIENT).await;
    let took = started.elapsed();
    assert_eq!(rejected, 0, "one shared budget: the mock refused none");
    assert!(
        took >= Duration::from_secs(2),
        "100 requests at 30 per second take over 2 s, not {took:?}"
    );

    // The same work with a budget per client: four times the rate, refused.
    let separate = FakeHubSpot::start_with(mock_config()).await.expect("mock");
    let clients = (0..4).map(|_| client(&separate, None, 1)).collect();
    let rejected = four_clients_create(&separate, clients, PER_CLIENT).await;
    assert!(
        rejected > 10,
        "four budgets: the mock refused only {rejected}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_gone_mid_run_neither_hangs_nor_loses_a_record_and_is_used_again_when_back() {
    let Some(mut redis) = Redis::start() else {
        return;
    };
    let mock = FakeHubSpot::start_with(mock_config()).await.expect("mock");
    let clients: Vec<Client> = (0..4)
        .map(|_| client(&mock, Some((&redis, "portal-2")), 4))
        .collect();
    let keep = clients[0].clone();
    let all = emails(4 * PER_CLIENT);
    let run = tokio::spawn({
        let mock_ledger_all = all.clone();
        async move {
            let jobs = clients.into_iter().enumerate().map(|(i, client)| {
                let mine = mock_ledger_all[i * PER_CLIENT..(i + 1) * PER_CLIENT].to_vec();
                tokio::spawn(async move { create_all(&client, &mine).await })
            });
            futures::future::join_all(jobs).await
        }
    });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let in_redis = mock.counts().requests;
    assert!(in_redis > 0 && !run.is_finished(), "killed mid-run");
    redis.kill();
    let started = Instant::now();
    let finished = tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("the clients did not hang without Redis")
        .expect("run");
    for job in finished {
        assert_eq!(job.expect("job").surfaced_429, 0, "a 429 reached a caller");
    }
    let ledger = mock.ledger();
    assert_eq!(
        ledger.missing(all.iter().map(String::as_str)),
        Vec::<String>::new()
    );
    assert_eq!(ledger.duplicated(), Vec::<String>::new());
    // Each of the four went on with a quarter of the budget: the rest of the
    // 100 requests took at least the windows that needs.
    let after = mock.counts().requests - in_redis;
    eprintln!(
        "{in_redis} requests before Redis was killed, {after} after, in {:?}; {} refused",
        started.elapsed(),
        mock.counts().rate_limited
    );

    // Redis back on the same port: the connection is made again on a
    // failed call, and the store is asked again after STORE_RETRY_AFTER, so
    // within a few seconds requests are counted there once more.
    let redis = Redis::start_on(redis.port).expect("redis restarts");
    let mut inspect = redis.inspect().await;
    let back = Instant::now();
    for (i, email) in emails(4 * PER_CLIENT + 20)[4 * PER_CLIENT..]
        .iter()
        .enumerate()
    {
        create_all(&keep, std::slice::from_ref(email)).await;
        let counted: u64 = redis::cmd("ZCARD")
            .arg("{portal-2}:general")
            .query_async(&mut inspect)
            .await
            .expect("zcard");
        if counted > 0 {
            eprintln!(
                "counted in Redis again after {i} requests, {:?}",
                back.elapsed()
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!(
        "the store was not used again within 20 requests, {:?}",
        back.elapsed()
    );
}

#[tokio::test]
async fn a_daily_figure_one_client_reads_stops_the_others_at_the_reserve() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let Some(redis) = Redis::start() else { return };
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-hubspot-ratelimit-daily", "250000")
                .insert_header("x-hubspot-ratelimit-daily-remaining", "3")
                .set_body_json(serde_json::json!({"results": []})),
        )
        .mount(&server)
        .await;
    let client = |_| {
        redis_client(
            &server.uri(),
            &redis,
            "portal-3",
            RateLimit::per_ten_seconds(100).daily_reserve(1),
        )
    };
    let (first, second) = (client(1), client(2));
    let get = |c: &Client| {
        let c = c.clone();
        async move {
            c.request(
                hubspot_client::runtime::reqwest::Method::GET,
                "/crm/v3/owners",
            )
            .send::<serde_json::Value>()
            .await
        }
    };
    get(&first).await.expect("the first answer tells 3 left");
    // 3 left, 1 kept: the other client may send 2 more, then none.
    get(&second).await.expect("2 left");
    get(&second).await.expect("1 left");
    let refused = get(&second).await.expect_err("down to the reserve");
    assert!(
        matches!(
            refused,
            Error::DailyBudgetSpent {
                remaining: 1,
                reserve: 1
            }
        ),
        "{refused:?}"
    );
    assert!(
        get(&first).await.is_err(),
        "the first client is stopped too"
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}

#[tokio::test]
async fn a_429_one_client_meets_pauses_the_budget_for_every_client() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let Some(redis) = Redis::start() else { return };
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(serde_json::json!({
                    "status": "error", "message": "You have reached your ten_secondly_rolling limit.",
                    "errorType": "RATE_LIMIT", "policyName": "TEN_SECONDLY_ROLLING"
                })),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let client = || {
        redis_client(
            &server.uri(),
            &redis,
            "portal-4",
            RateLimit::per_ten_seconds(100),
        )
    };
    let (first, second) = (client(), client());
    let started = Instant::now();
    let paused = tokio::spawn(async move {
        first
            .request(
                hubspot_client::runtime::reqwest::Method::GET,
                "/crm/v3/owners",
            )
            .send::<serde_json::Value>()
            .await
    });
    // The first client's 429 (`Retry-After: 1`) pauses the budget in Redis.
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut conn = redis.inspect().await;
    loop {
        let ttl: i64 = redis::cmd("PTTL")
            .arg("{portal-4}:pause")
            .query_async(&mut conn)
            .await
            .expect("pttl");
        if ttl > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "no pause was set in Redis");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    second
        .request(
            hubspot_client::runtime::reqwest::Method::GET,
            "/crm/v3/owners",
        )
        .send::<serde_json::Value>()
        .await
        .expect("the second client's request passes after the pause");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "the second client waited out the first one's 429: {:?}",
        started.elapsed()
    );
    paused
        .await
        .expect("task")
        .expect("the first client's retry passes");
}

#[tokio::test]
async fn searches_of_two_clients_share_the_five_a_second_in_redis() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let Some(redis) = Redis::start() else { return };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"total": 0, "results": []})),
        )
        .mount(&server)
        .await;
    let clients: Vec<Client> = (0..2)
        .map(|_| {
            redis_client(
                &server.uri(),
                &redis,
                "portal-5",
                RateLimit::per_ten_seconds(100),
            )
        })
        .collect();
    let started = Instant::now();
    let searches = (0..12).map(|i| {
        let client = clients[i % 2].clone();
        async move {
            client
                .request(
                    hubspot_client::runtime::reqwest::Method::POST,
                    "/crm/v3/objects/contacts/search",
                )
                .json(&serde_json::json!({}))
                .send::<serde_json::Value>()
                .await
                .expect("search");
            started.elapsed()
        }
    });
    let mut at: Vec<Duration> = futures::future::join_all(searches).await;
    at.sort();
    // 5 in the first second, 5 in the next, 2 after: never 6 in a second,
    // although each client alone would have let 5 a second through.
    for (i, first) in at.iter().enumerate() {
        let in_second = at[i..]
            .iter()
            .take_while(|t| **t - *first < Duration::from_secs(1))
            .count();
        assert!(
            in_second <= 5,
            "{in_second} searches within a second: {at:?}"
        );
    }
    assert!(at[11] >= Duration::from_secs(2), "{at:?}");
}
