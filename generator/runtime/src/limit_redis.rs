//! [`RedisStore`]: one rate budget for every process that shares a Redis
//! server (cargo feature `redis`).

use super::limit_store::{RateDecision, RateStore, RateStoreError, RateWindow};
use futures::future::BoxFuture;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use std::time::Duration;
use tokio::sync::OnceCell;

/// Takes a place in every window (KEYS[4..]) at once, or none. The times are
/// the server's (`TIME`, in microseconds), so that processes whose clocks
/// disagree still count one window. KEYS: the pause, the daily figure, the
/// sequence that makes members unique, then one sorted set per window of
/// send times. ARGV: the daily reserve, then `max`, `per` (µs) per window.
/// Answers `{0}` (taken), `{1, wait µs}` or `{2, daily remaining}`.
const TAKE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then return {1, paused * 1000} end
local daily = redis.call('GET', KEYS[2])
if daily and tonumber(daily) <= tonumber(ARGV[1]) then return {2, tonumber(daily)} end
local wait = 0
for i = 4, #KEYS do
  local max = tonumber(ARGV[2 * (i - 4) + 2])
  local per = tonumber(ARGV[2 * (i - 4) + 3])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - per)
  if redis.call('ZCARD', KEYS[i]) >= max then
    local oldest = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + per - now)
  end
end
if wait > 0 then return {1, wait} end
local member = now .. '-' .. redis.call('INCR', KEYS[3])
for i = 4, #KEYS do
  local per = tonumber(ARGV[2 * (i - 4) + 3])
  redis.call('ZADD', KEYS[i], now, member)
  redis.call('PEXPIRE', KEYS[i], math.ceil(per / 1000) + 1000)
end
if daily then redis.call('DECR', KEYS[2]) end
return {0}
";

/// How long until the window (KEYS[1]) has a place, in µs. ARGV: `max`, `per` (µs).
const UNTIL_FREE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local per = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - per)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then return 0 end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(0, tonumber(oldest[2]) + per - now)
";

/// Pauses the budget (KEYS[1]) for ARGV[1] ms unless it already is for longer.
const PAUSE: &str = r"
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
";

/// Keeps the lowest daily figure (KEYS[1]) for ARGV[2] ms from the first.
const DAILY: &str = r"
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
elseif tonumber(ARGV[1]) < tonumber(current) then
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
end
return 0
";

/// One rate budget in a Redis server (6.0 or later), shared by every client,
/// in any process, made with the same server and key: give each HubSpot
/// account (and app) its own key. Each step is one Lua script, so two
/// processes never both take the last place; the windows are rolling, as
/// HubSpot counts them, and timed by the server's clock.
///
/// ```no_run
/// # async fn run() -> Result<(), hubspot_client_runtime::Error> {
/// use hubspot_client_runtime::{Client, RateLimit, RedisStore};
/// let store = RedisStore::new("redis://127.0.0.1:6379/", "hubspot:portal-12345")?;
/// let client: Client = Client::builder()
///     .rate_limit(RateLimit::professional_enterprise().local_share(4))
///     .rate_store(store)
///     .build()?;
/// # Ok(()) }
/// ```
///
/// If the server cannot be reached, the client goes on with its in-process
/// share of the budget ([`RateLimit::local_share`](crate::RateLimit::local_share))
/// and asks the server again a second later: it fails open, and neither
/// waits on a dead server nor drops a request.
pub struct RedisStore {
    client: redis::Client,
    key: String,
    manager: OnceCell<ConnectionManager>,
    scripts: Scripts,
}

struct Scripts {
    take: redis::Script,
    until_free: redis::Script,
    pause: redis::Script,
    daily: redis::Script,
}

/// The URL may hold a password: only the key is shown.
impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("key", &self.key)
            .finish()
    }
}

impl RedisStore {
    /// A store at `url` (`redis://host:port/db`, `rediss://` for TLS is not
    /// built in) under `key`, which prefixes every key the budget uses. No
    /// connection is made until the first request.
    pub fn new(url: &str, key: impl Into<String>) -> Result<Self, crate::Error> {
        let client = redis::Client::open(url).map_err(|e| {
            crate::Error::Config(format!("the Redis URL is not valid: {:?}", e.kind()))
        })?;
        Ok(RedisStore {
            client,
            key: key.into(),
            manager: OnceCell::new(),
            scripts: Scripts {
                take: redis::Script::new(TAKE),
                until_free: redis::Script::new(UNTIL_FREE),
                pause: redis::Script::new(PAUSE),
                daily: redis::Script::new(DAILY),
            },
        })
    }

    /// The connection, made (lazily) on first use; it reconnects by itself.
    async fn connection(&self) -> Result<ConnectionManager, RateStoreError> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_millis(250)))
            .set_response_timeout(Some(Duration::from_millis(250)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(100));
        self.manager
            .get_or_try_init(|| async {
                ConnectionManager::new_lazy_with_config(self.client.clone(), config)
            })
            .await
            .cloned()
            .map_err(store_error)
    }

    /// Runs a script of one key of the budget (`part`) with `args`.
    async fn run(
        &self,
        script: &redis::Script,
        part: &str,
        args: &[u64],
    ) -> Result<i64, RateStoreError> {
        let mut call = script.prepare_invoke();
        call.key(self.key(part));
        for arg in args {
            call.arg(*arg);
        }
        let mut connection = self.connection().await?;
        call.invoke_async(&mut connection)
            .await
            .map_err(store_error)
    }

    /// A key of the budget; the braces keep them in one Redis Cluster slot.
    fn key(&self, part: &str) -> String {
        format!("{{{}}}:{part}", self.key)
    }
}

fn store_error(e: redis::RedisError) -> RateStoreError {
    RateStoreError(format!("Redis: {e}"))
}

fn micros(d: Duration) -> u64 {
    d.as_micros().try_into().unwrap_or(u64::MAX)
}

impl RateStore for RedisStore {
    fn take<'a>(
        &'a self,
        windows: &'a [RateWindow],
        daily_reserve: u64,
    ) -> BoxFuture<'a, Result<RateDecision, RateStoreError>> {
        Box::pin(async move {
            let mut call = self.scripts.take.prepare_invoke();
            call.key(self.key("pause"))
                .key(self.key("daily"))
                .key(self.key("seq"))
                .arg(daily_reserve);
            for window in windows {
                call.key(self.key(window.name))
                    .arg(window.max)
                    .arg(micros(window.per));
            }
            let mut connection = self.connection().await?;
            let answer: Vec<i64> = call
                .invoke_async(&mut connection)
                .await
                .map_err(store_error)?;
            match answer.as_slice() {
                [0] => Ok(RateDecision::Now),
                [1, wait] => Ok(RateDecision::Wait(Duration::from_micros(
                    (*wait).max(1) as u64
                ))),
                [2, left] => Ok(RateDecision::DailySpent {
                    remaining: (*left).max(0) as u64,
                }),
                other => Err(RateStoreError(format!("unexpected answer {other:?}"))),
            }
        })
    }

    fn until_free<'a>(
        &'a self,
        window: &'a RateWindow,
    ) -> BoxFuture<'a, Result<Duration, RateStoreError>> {
        Box::pin(async move {
            let args = [u64::from(window.max), micros(window.per)];
            let wait = self
                .run(&self.scripts.until_free, window.name, &args)
                .await?;
            Ok(Duration::from_micros(wait.max(0) as u64))
        })
    }

    fn pause(&self, wait: Duration) -> BoxFuture<'_, Result<(), RateStoreError>> {
        Box::pin(async move {
            let millis = wait.as_millis().clamp(1, u64::MAX as u128) as u64;
            self.run(&self.scripts.pause, "pause", &[millis]).await?;
            Ok(())
        })
    }

    fn daily(&self, remaining: u64) -> BoxFuture<'_, Result<(), RateStoreError>> {
        Box::pin(async move {
            let memory = super::limit_store::DAILY_MEMORY.as_millis() as u64;
            self.run(&self.scripts.daily, "daily", &[remaining, memory])
                .await?;
            Ok(())
        })
    }
}
