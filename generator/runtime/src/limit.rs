//! The optional client-side rate limiter.

use super::error::Error;
use super::limit_store::{MemoryStore, RateDecision, RateStore, RateStoreError, RateWindow};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// A client-side request budget, so that a busy program waits instead of
/// collecting 429s; set it with
/// [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit).
///
/// The budget belongs to one client and its clones; two clients built
/// separately have separate budgets, unless they share a
/// [`RateStore`](crate::RateStore) through
/// [`ClientBuilder::rate_store`](crate::ClientBuilder::rate_store). HubSpot
/// counts per app and account (the 10-second budget), per account (searches)
/// and per day: workers in several processes that call one account share a
/// `RedisStore` (cargo feature `redis`) under one key.
///
/// The daily budget is HubSpot's own figure, read from the
/// `X-HubSpot-RateLimit-Daily-Remaining` header of its answers (private apps
/// get it): once it is down to [`daily_reserve`](Self::daily_reserve),
/// requests fail with [`Error::DailyBudgetSpent`] without being sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    requests: u32,
    per: Duration,
    search_per_second: Option<u32>,
    daily_reserve: u64,
    local_share: u32,
}

impl RateLimit {
    /// At most `requests` in any `per` (a rolling window, as HubSpot counts,
    /// made 2 % longer so that requests arriving unequally late still fit);
    /// searches additionally at most 5 in any second.
    pub fn new(requests: u32, per: Duration) -> Self {
        RateLimit {
            requests,
            per,
            search_per_second: Some(5),
            daily_reserve: 0,
            local_share: 1,
        }
    }

    /// `requests` per 10 seconds, the window HubSpot's app limits use.
    pub fn per_ten_seconds(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(10))
    }

    /// 100 per 10 seconds: apps on Free and Starter accounts.
    pub fn free_starter() -> Self {
        Self::per_ten_seconds(100)
    }

    /// 110 per 10 seconds: public (OAuth) apps, per installing account.
    pub fn public_app() -> Self {
        Self::per_ten_seconds(110)
    }

    /// 190 per 10 seconds: apps on Professional and Enterprise accounts.
    pub fn professional_enterprise() -> Self {
        Self::per_ten_seconds(190)
    }

    /// 250 per 10 seconds: accounts with the API limit increase.
    pub fn api_limit_increase() -> Self {
        Self::per_ten_seconds(250)
    }

    /// The budget of search requests (`POST …/search`) per second, on top of
    /// the general one: `Some(5)` by default, HubSpot's per-account search
    /// limit; `None` for no separate search budget.
    pub fn search_per_second(mut self, requests: Option<u32>) -> Self {
        self.search_per_second = requests;
        self
    }

    /// Requests of HubSpot's daily budget that this client leaves unused
    /// (default 0): once HubSpot reports no more than this left, requests
    /// fail with [`Error::DailyBudgetSpent`] instead of being sent, leaving
    /// the rest to, say, a user's interactive work.
    pub fn daily_reserve(mut self, requests: u64) -> Self {
        self.daily_reserve = requests;
        self
    }

    /// With a shared [`RateStore`](crate::RateStore): the part of the budget
    /// this process keeps to while the store cannot be reached (default 1,
    /// the whole budget). Give the number of processes that share the
    /// store, so that together they stay within the budget when it is down.
    ///
    /// The limiter fails open: a store that errs, or does not answer within
    /// [`STORE_TIMEOUT`], is left aside for [`STORE_RETRY_AFTER`] while
    /// requests go on against this in-process share, then asked again. No
    /// request waits for a dead store or fails because of it.
    pub fn local_share(mut self, processes: u32) -> Self {
        self.local_share = processes;
        self
    }
}

/// How long the limiter waits for its store's answer before it goes on
/// with the in-process budget.
pub const STORE_TIMEOUT: Duration = Duration::from_millis(500);

/// After its store failed, how long the limiter keeps to the in-process
/// budget before it asks the store again.
pub const STORE_RETRY_AFTER: Duration = Duration::from_secs(1);

/// The limiters of one client, shared by its clones.
pub(crate) struct Limiter {
    config: RateLimit,
    /// The windows of the budget as configured.
    windows: Budget,
    /// The store every client of the budget shares, if not this process's.
    shared: Option<Arc<dyn RateStore>>,
    /// This process's counts: the whole budget without a shared store;
    /// with one, its [`RateLimit::local_share`] while the store is down.
    local: MemoryStore,
    local_windows: Budget,
    /// Until when the shared store is not asked (it failed).
    store_down_until: Mutex<Option<Instant>>,
}

/// The general window and, for searches, the search window too.
struct Budget {
    general: RateWindow,
    search: Option<RateWindow>,
}

impl Budget {
    fn new(config: &RateLimit, share: u32) -> Result<Self, Error> {
        let window = |name, requests: u32, per: Duration| -> Result<RateWindow, Error> {
            if requests == 0 {
                return Err(Error::Config(
                    "a rate limit needs at least one request".into(),
                ));
            }
            if per.is_zero() {
                return Err(Error::Config(
                    "a rate limit needs a period longer than zero".into(),
                ));
            }
            // Requests reach HubSpot a little after they leave, not all
            // equally late: counting a slightly longer window keeps a
            // request sent as a place frees from arriving before it has.
            Ok(RateWindow::new(
                name,
                (requests / share).max(1),
                per + per / 50,
            ))
        };
        Ok(Budget {
            general: window("general", config.requests, config.per)?,
            search: match config.search_per_second {
                Some(n) => Some(window("search", n, Duration::from_secs(1))?),
                None => None,
            },
        })
    }

    /// The windows a request counts in: the search window first.
    fn of(&self, search: bool) -> Vec<RateWindow> {
        match (&self.search, search) {
            (Some(s), true) => vec![*s, self.general],
            _ => vec![self.general],
        }
    }
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("config", &self.config)
            .field("shared", &self.shared)
            .finish()
    }
}

impl Limiter {
    pub(crate) fn new(
        config: RateLimit,
        shared: Option<Arc<dyn RateStore>>,
    ) -> Result<Self, Error> {
        if config.local_share == 0 {
            return Err(Error::Config(
                "a rate limit's local share needs at least 1".into(),
            ));
        }
        let windows = Budget::new(&config, 1)?;
        let share = if shared.is_some() {
            config.local_share
        } else {
            1
        };
        let local_windows = Budget::new(&config, share)?;
        Ok(Limiter {
            config,
            windows,
            shared,
            local: MemoryStore::new(),
            local_windows,
            store_down_until: Mutex::new(None),
        })
    }

    /// Waits until the budget allows one more request, and counts it: call
    /// it right before the request leaves. A pause set by a 429 while it
    /// waits holds it too; a search takes its place in both windows at once,
    /// so that no window counts a request that is still waiting. Fails only
    /// when the daily budget is down to the reserve.
    pub(crate) async fn acquire(&self, search: bool) -> Result<(), Error> {
        let reserve = self.config.daily_reserve;
        loop {
            let taken = match self.store() {
                Some(store) => {
                    let windows = self.windows.of(search);
                    match self.ask(store.take(&windows, reserve)).await {
                        Some(taken) => taken,
                        None => continue,
                    }
                }
                None => self.local.take_now(&self.local_windows.of(search), reserve),
            };
            match taken {
                RateDecision::Now => return Ok(()),
                RateDecision::Wait(wait) => tokio::time::sleep(wait).await,
                RateDecision::DailySpent { remaining } => {
                    return Err(Error::DailyBudgetSpent { remaining, reserve })
                }
            }
        }
    }

    /// The shared store, unless it failed less than [`STORE_RETRY_AFTER`] ago.
    fn store(&self) -> Option<&Arc<dyn RateStore>> {
        let shared = self.shared.as_ref()?;
        let mut down = self
            .store_down_until
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match *down {
            Some(until) if until > Instant::now() => None,
            Some(_) => {
                *down = None;
                tracing::info!("asking the rate store again");
                Some(shared)
            }
            None => Some(shared),
        }
    }

    /// The store's answer within [`STORE_TIMEOUT`]; `None` (and the store
    /// marked down) when it fails or is late.
    async fn ask<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, RateStoreError>>,
    ) -> Option<T> {
        let error = match tokio::time::timeout(STORE_TIMEOUT, call).await {
            Ok(Ok(answer)) => return Some(answer),
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!("no answer within {} ms", STORE_TIMEOUT.as_millis()),
        };
        tracing::warn!(
            error = %error,
            retry_ms = STORE_RETRY_AFTER.as_millis() as u64,
            "the rate store failed: going on with this process's share of the budget"
        );
        *self
            .store_down_until
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Instant::now().checked_add(STORE_RETRY_AFTER);
        None
    }

    /// How long until the general budget has a place, and at least the
    /// spacing of two requests: after a 429, the earliest a retry may pass.
    pub(crate) async fn until_free(&self) -> Duration {
        let general = &self.windows.general;
        let spacing = general.per / general.max;
        let free = match self.store() {
            Some(store) => self.ask(store.until_free(general)).await,
            None => None,
        };
        free.unwrap_or_else(|| self.local.until_free_now(&self.local_windows.general))
            .max(spacing)
    }

    /// Holds every request of the budget back for `wait`: HubSpot answered
    /// 429, so its budget is spent whatever was counted.
    pub(crate) async fn pause(&self, wait: Duration) {
        let wait = wait.min(super::retry::MAX_RETRY_AFTER);
        self.local.pause_now(wait);
        if let Some(store) = self.store() {
            self.ask(store.pause(wait)).await;
        }
    }

    /// Records HubSpot's daily budget left, from an answer's headers.
    pub(crate) async fn daily(&self, remaining: u64) {
        self.local.daily_now(remaining);
        if let Some(store) = self.store() {
            self.ask(store.daily(remaining)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn a_pause_holds_a_request_already_waiting() {
        let limiter =
            Arc::new(Limiter::new(RateLimit::new(1, Duration::from_millis(200)), None).unwrap());
        let start = Instant::now();
        limiter.acquire(false).await.unwrap();
        let waiting = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                limiter.acquire(false).await.unwrap();
                Instant::now()
            }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        // HubSpot answers 429 with `Retry-After` while the request waits.
        limiter.pause(Duration::from_millis(500)).await;
        let left = waiting.await.unwrap();
        assert!(
            left.duration_since(start) >= Duration::from_millis(550),
            "{:?}",
            left.duration_since(start)
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn searches_leave_at_most_five_a_second_when_the_general_budget_is_spent() {
        let limiter = Arc::new(
            Limiter::new(
                RateLimit::new(8, Duration::from_millis(1000)).search_per_second(Some(5)),
                None,
            )
            .unwrap(),
        );
        let mut tasks = Vec::new();
        for i in 0..24 {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                let search = i % 2 == 0;
                limiter.acquire(search).await.unwrap();
                (search, Instant::now())
            }));
        }
        let mut searches = Vec::new();
        for task in tasks {
            let (search, at) = task.await.unwrap();
            if search {
                searches.push(at);
            }
        }
        searches.sort();
        for (i, first) in searches.iter().enumerate() {
            let in_second = searches[i..]
                .iter()
                .take_while(|t| t.duration_since(*first) < Duration::from_secs(1))
                .count();
            assert!(in_second <= 5, "{in_second} searches within a second");
        }
    }

    /// A store that fails every call, or never answers, after `healthy` calls.
    #[derive(Debug)]
    struct Broken {
        calls: std::sync::atomic::AtomicU32,
        healthy: u32,
        hang: bool,
        inner: MemoryStore,
    }

    impl Broken {
        fn call(&self) -> Option<BoxFuture<'static, RateStoreError>> {
            use std::sync::atomic::Ordering;
            if self.calls.fetch_add(1, Ordering::SeqCst) < self.healthy {
                return None;
            }
            let hang = self.hang;
            Some(Box::pin(async move {
                if hang {
                    std::future::pending::<()>().await;
                }
                RateStoreError("connection refused".into())
            }))
        }
    }

    use futures::future::BoxFuture;

    impl RateStore for Broken {
        fn take<'a>(
            &'a self,
            windows: &'a [RateWindow],
            reserve: u64,
        ) -> BoxFuture<'a, Result<RateDecision, RateStoreError>> {
            match self.call() {
                None => self.inner.take(windows, reserve),
                Some(e) => Box::pin(async move { Err(e.await) }),
            }
        }
        fn until_free<'a>(
            &'a self,
            window: &'a RateWindow,
        ) -> BoxFuture<'a, Result<Duration, RateStoreError>> {
            self.inner.until_free(window)
        }
        fn pause(&self, wait: Duration) -> BoxFuture<'_, Result<(), RateStoreError>> {
            self.inner.pause(wait)
        }
        fn daily(&self, remaining: u64) -> BoxFuture<'_, Result<(), RateStoreError>> {
            self.inner.daily(remaining)
        }
    }

    /// Requests that `limiter` lets through in `span`, from a start at once.
    async fn through(limiter: &Limiter, span: Duration) -> u32 {
        let end = Instant::now() + span;
        let mut n = 0;
        while tokio::time::timeout_at(end, limiter.acquire(false))
            .await
            .is_ok()
        {
            n += 1;
        }
        n
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_store_leaves_the_process_its_share_then_is_asked_again() {
        for hang in [false, true] {
            let store = Arc::new(Broken {
                calls: Default::default(),
                healthy: 3,
                hang,
                inner: MemoryStore::new(),
            });
            let limiter = Limiter::new(
                RateLimit::new(40, Duration::from_secs(10)).local_share(4),
                Some(store.clone()),
            )
            .unwrap();
            // 3 places from the store, then it fails: 10 (40 / 4) in-process,
            // and no wait beyond the store's timeout.
            let started = Instant::now();
            assert_eq!(
                through(&limiter, Duration::from_secs(1)).await,
                13,
                "hang: {hang}"
            );
            assert!(started.elapsed() <= Duration::from_secs(1));
            // After STORE_RETRY_AFTER the store is asked again (and fails again).
            let before = store.calls.load(std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(STORE_RETRY_AFTER).await;
            let _ = tokio::time::timeout(STORE_TIMEOUT * 2, limiter.acquire(false)).await;
            assert_eq!(
                store.calls.load(std::sync::atomic::Ordering::SeqCst),
                before + 1,
                "hang: {hang}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_spent_daily_budget_refuses_without_waiting() {
        let limiter = Limiter::new(RateLimit::per_ten_seconds(100).daily_reserve(2), None).unwrap();
        limiter.daily(3).await;
        limiter.acquire(false).await.unwrap();
        let refused = limiter.acquire(false).await.unwrap_err();
        assert!(
            matches!(
                refused,
                Error::DailyBudgetSpent {
                    remaining: 2,
                    reserve: 2
                }
            ),
            "{refused:?}"
        );
        assert!(!refused.may_have_applied());
    }
}
