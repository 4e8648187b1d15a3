//! The optional client-side rate limiter.

use super::error::Error;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::time::Duration;

/// A client-side request budget, so that a busy program waits instead of
/// collecting 429s; set it with
/// [`ClientBuilder::rate_limit`](crate::ClientBuilder::rate_limit).
///
/// The budget belongs to one client and its clones; two clients built
/// separately have separate budgets. HubSpot counts per app (the 10-second
/// budget) and per account (searches): give every client that shares an app
/// the same `Client` clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    requests: u32,
    per: Duration,
    search_per_second: Option<u32>,
}

impl RateLimit {
    /// `requests` per `per`, in bursts of up to `requests`; searches
    /// additionally 5 per second.
    pub fn new(requests: u32, per: Duration) -> Self {
        RateLimit {
            requests,
            per,
            search_per_second: Some(5),
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
}

/// The limiters of one client, shared by its clones.
pub(crate) struct Limiter {
    config: RateLimit,
    general: DefaultDirectRateLimiter,
    search: Option<DefaultDirectRateLimiter>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Limiter").field(&self.config).finish()
    }
}

fn quota(requests: u32, per: Duration) -> Result<Quota, Error> {
    let burst = NonZeroU32::new(requests)
        .ok_or_else(|| Error::Config("a rate limit needs at least one request".into()))?;
    Quota::with_period(per / requests)
        .map(|q| q.allow_burst(burst))
        .ok_or_else(|| Error::Config("a rate limit needs a period longer than zero".into()))
}

impl Limiter {
    pub(crate) fn new(config: RateLimit) -> Result<Self, Error> {
        let general = RateLimiter::direct(quota(config.requests, config.per)?);
        let search = match config.search_per_second {
            Some(n) => Some(RateLimiter::direct(quota(n, Duration::from_secs(1))?)),
            None => None,
        };
        Ok(Limiter {
            config,
            general,
            search,
        })
    }

    /// Waits until the budget allows one more request.
    pub(crate) async fn acquire(&self, search: bool) {
        if search {
            if let Some(limiter) = &self.search {
                limiter.until_ready().await;
            }
        }
        self.general.until_ready().await;
    }
}
