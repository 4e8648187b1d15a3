//! The optional client-side rate limiter.

use super::error::Error;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

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
    /// At most `requests` in any `per` (a rolling window, as HubSpot counts,
    /// made 2 % longer so that requests arriving unequally late still fit);
    /// searches additionally at most 5 in any second.
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

/// At most `max` requests in any `per`: the times of the last `max` sends,
/// so that a rolling window on HubSpot's side never sees more (a token
/// bucket with a full burst would let through twice the budget in one window).
struct Window {
    max: usize,
    per: Duration,
    sent: Mutex<VecDeque<Instant>>,
}

impl Window {
    fn new(requests: u32, per: Duration) -> Result<Self, Error> {
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
        Ok(Window {
            max: requests as usize,
            // Requests reach HubSpot a little after they leave, not all
            // equally late: counting a slightly longer window keeps a request
            // sent as a place frees from arriving before it has.
            per: per + per / 50,
            sent: Mutex::new(VecDeque::with_capacity(requests as usize)),
        })
    }

    /// How long until a place frees (zero when one is free).
    fn until_free(&self) -> Duration {
        let sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        match sent.front() {
            Some(oldest) if sent.len() >= self.max => self
                .per
                .saturating_sub(Instant::now().duration_since(*oldest)),
            _ => Duration::ZERO,
        }
    }

    /// With the places older than the window dropped from `sent`: `None`
    /// when a place is free at `now`, else how long until the oldest frees.
    fn wait(&self, sent: &mut VecDeque<Instant>, now: Instant) -> Option<Duration> {
        while sent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.per)
        {
            sent.pop_front();
        }
        match sent.front() {
            Some(oldest) if sent.len() >= self.max => Some(self.per - now.duration_since(*oldest)),
            _ => None,
        }
    }
}

/// The limiters of one client, shared by its clones.
pub(crate) struct Limiter {
    config: RateLimit,
    general: Window,
    search: Option<Window>,
    /// No request leaves before this (set after a 429).
    paused_until: Mutex<Option<Instant>>,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Limiter").field(&self.config).finish()
    }
}

impl Limiter {
    pub(crate) fn new(config: RateLimit) -> Result<Self, Error> {
        let general = Window::new(config.requests, config.per)?;
        let search = match config.search_per_second {
            Some(n) => Some(Window::new(n, Duration::from_secs(1))?),
            None => None,
        };
        Ok(Limiter {
            config,
            general,
            search,
            paused_until: Mutex::new(None),
        })
    }

    /// Waits until the budget allows one more request, and counts it: call
    /// it right before the request leaves. A pause set by a 429 while it
    /// waits holds it too; a search takes its place in both windows at once,
    /// so that no window counts a request that is still waiting.
    pub(crate) async fn acquire(&self, search: bool) {
        let search = if search { self.search.as_ref() } else { None };
        loop {
            let paused = *self.paused_until.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(until) = paused.filter(|until| *until > Instant::now()) {
                tokio::time::sleep_until(until).await;
                continue;
            }
            match self.try_take(search) {
                Ok(()) => return,
                Err(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    /// Takes a place in the general window and in `search` now, or none and
    /// says how long until both have one.
    fn try_take(&self, search: Option<&Window>) -> Result<(), Duration> {
        let now = Instant::now();
        // Always the search window first, then the general one.
        let mut search_sent = search.map(|w| (w, w.sent.lock().unwrap_or_else(|e| e.into_inner())));
        let mut general_sent = self.general.sent.lock().unwrap_or_else(|e| e.into_inner());
        let search_wait = search_sent.as_mut().and_then(|(w, sent)| w.wait(sent, now));
        let general_wait = self.general.wait(&mut general_sent, now);
        match (search_wait, general_wait) {
            (None, None) => {
                if let Some((_, sent)) = search_sent.as_mut() {
                    sent.push_back(now);
                }
                general_sent.push_back(now);
                Ok(())
            }
            (a, b) => Err(a.unwrap_or_default().max(b.unwrap_or_default())),
        }
    }

    /// How long until the general budget has a place, and at least the
    /// spacing of two requests: after a 429, the earliest a retry may pass.
    pub(crate) fn until_free(&self) -> Duration {
        let spacing = self.general.per / self.general.max as u32;
        self.general.until_free().max(spacing)
    }

    /// Holds every request of this client back for `wait`: HubSpot answered
    /// 429, so its budget is spent whatever this client counted.
    pub(crate) fn pause(&self, wait: Duration) {
        let Some(until) = Instant::now().checked_add(wait.min(super::retry::MAX_RETRY_AFTER))
        else {
            return;
        };
        let mut paused = self.paused_until.lock().unwrap_or_else(|e| e.into_inner());
        if paused.is_none_or(|p| p < until) {
            *paused = Some(until);
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
            Arc::new(Limiter::new(RateLimit::new(1, Duration::from_millis(200))).unwrap());
        let start = Instant::now();
        limiter.acquire(false).await;
        let waiting = tokio::spawn({
            let limiter = limiter.clone();
            async move {
                limiter.acquire(false).await;
                Instant::now()
            }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        // HubSpot answers 429 with `Retry-After` while the request waits.
        limiter.pause(Duration::from_millis(500));
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
            Limiter::new(RateLimit::new(8, Duration::from_millis(1000)).search_per_second(Some(5)))
                .unwrap(),
        );
        let mut tasks = Vec::new();
        for i in 0..24 {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                let search = i % 2 == 0;
                limiter.acquire(search).await;
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
}
