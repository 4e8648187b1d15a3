//! Where the rate limiter keeps its counts: [`RateStore`], and the
//! in-process [`MemoryStore`] every limiter starts with.

use futures::future::BoxFuture;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// One rolling window of a budget: at most `max` requests in any `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RateWindow {
    /// What the window counts: `"general"` (every request) or `"search"`.
    pub name: &'static str,
    /// Requests allowed in any `per`.
    pub max: u32,
    /// The length of the window (HubSpot's, made 2 % longer by the limiter).
    pub per: Duration,
}

impl RateWindow {
    pub(crate) fn new(name: &'static str, max: u32, per: Duration) -> Self {
        RateWindow { name, max, per }
    }
}

/// What a store answers when asked for a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateDecision {
    /// A place was taken in every window asked: the request may leave.
    Now,
    /// No place was taken; one may be free after this long (a window is
    /// full, or a 429 paused every request of the budget).
    Wait(Duration),
    /// HubSpot's daily budget, as it last reported it, is down to the
    /// reserve: `remaining` requests left.
    DailySpent {
        /// What HubSpot last said was left of the day, less what was sent since.
        remaining: u64,
    },
}

/// A store could not be reached or answered nonsense; the limiter goes on
/// with its in-process budget (see
/// [`RateLimit::local_share`](crate::RateLimit::local_share)).
#[derive(Debug, thiserror::Error)]
#[error("rate store: {0}")]
pub struct RateStoreError(pub String);

/// The counts of one rate budget, which every client that shares the store
/// (and the key it was made with) draws from: in this process
/// ([`MemoryStore`], the default) or across processes
/// (`RedisStore`, cargo feature `redis`).
///
/// Each method is one atomic step on the store: a [`take`](Self::take)
/// counts a request in all its windows or in none, so that two processes
/// never both take the last place.
pub trait RateStore: Send + Sync + std::fmt::Debug {
    /// Takes a place in every window of `windows` at once, unless a pause
    /// holds the budget, a window is full, or the daily budget HubSpot last
    /// reported is at most `daily_reserve`; a place taken also counts one
    /// request off that daily budget.
    fn take<'a>(
        &'a self,
        windows: &'a [RateWindow],
        daily_reserve: u64,
    ) -> BoxFuture<'a, Result<RateDecision, RateStoreError>>;

    /// How long until `window` has a free place (zero when it has one now).
    fn until_free<'a>(
        &'a self,
        window: &'a RateWindow,
    ) -> BoxFuture<'a, Result<Duration, RateStoreError>>;

    /// Holds every request of the budget back for `wait` (a pause already
    /// longer stays).
    fn pause(&self, wait: Duration) -> BoxFuture<'_, Result<(), RateStoreError>>;

    /// Records HubSpot's word on the daily budget (`X-HubSpot-RateLimit-Daily-Remaining`).
    /// Several answers in flight may arrive out of order: a store keeps the
    /// lowest figure for [`DAILY_MEMORY`], then takes the next answer's.
    fn daily(&self, remaining: u64) -> BoxFuture<'_, Result<(), RateStoreError>>;
}

/// How long a store trusts the lowest daily figure HubSpot reported:
/// HubSpot resets the daily budget at midnight in the account's time zone,
/// which the client does not know, so the figure is taken afresh from the
/// next answer after this.
pub const DAILY_MEMORY: Duration = Duration::from_secs(300);

/// The budget's counts in this process: shared by a client and its clones,
/// not by separately built clients (unless they are given the same store).
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<Memory>,
}

#[derive(Debug, Default)]
struct Memory {
    /// The send times of each window, by name: the last `max` at most.
    sent: HashMap<&'static str, VecDeque<Instant>>,
    /// No request leaves before this (set after a 429).
    paused_until: Option<Instant>,
    /// The daily budget left, and until when that figure is trusted.
    daily: Option<(u64, Instant)>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// [`RateStore::take`] without the future.
    pub(crate) fn take_now(&self, windows: &[RateWindow], daily_reserve: u64) -> RateDecision {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(until) = state.paused_until.filter(|until| *until > now) {
            return RateDecision::Wait(until - now);
        }
        if state.daily.is_some_and(|(_, until)| until <= now) {
            state.daily = None;
        }
        if let Some((remaining, _)) = state.daily.filter(|(left, _)| *left <= daily_reserve) {
            return RateDecision::DailySpent { remaining };
        }
        let mut wait = Duration::ZERO;
        for window in windows {
            let sent = state.sent.entry(window.name).or_default();
            if let Some(w) = wait_in(window, sent, now) {
                wait = wait.max(w);
            }
        }
        if !wait.is_zero() {
            return RateDecision::Wait(wait);
        }
        for window in windows {
            state.sent.entry(window.name).or_default().push_back(now);
        }
        if let Some((left, _)) = state.daily.as_mut() {
            *left = left.saturating_sub(1);
        }
        RateDecision::Now
    }

    pub(crate) fn until_free_now(&self, window: &RateWindow) -> Duration {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let sent = state.sent.entry(window.name).or_default();
        wait_in(window, sent, now).unwrap_or_default()
    }

    pub(crate) fn pause_now(&self, wait: Duration) {
        let Some(until) = Instant::now().checked_add(wait) else {
            return;
        };
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.paused_until.is_none_or(|p| p < until) {
            state.paused_until = Some(until);
        }
    }

    pub(crate) fn daily_now(&self, remaining: u64) {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.daily = match state.daily {
            Some((left, until)) if until > now => Some((left.min(remaining), until)),
            _ => Some((remaining, now + DAILY_MEMORY)),
        };
    }
}

/// With the sends older than the window dropped: `None` when a place is
/// free at `now`, else how long until the oldest frees.
fn wait_in(window: &RateWindow, sent: &mut VecDeque<Instant>, now: Instant) -> Option<Duration> {
    while sent
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window.per)
    {
        sent.pop_front();
    }
    match sent.front() {
        Some(oldest) if sent.len() >= window.max as usize => {
            Some(window.per - now.duration_since(*oldest))
        }
        _ => None,
    }
}

impl RateStore for MemoryStore {
    fn take<'a>(
        &'a self,
        windows: &'a [RateWindow],
        daily_reserve: u64,
    ) -> BoxFuture<'a, Result<RateDecision, RateStoreError>> {
        let taken = self.take_now(windows, daily_reserve);
        Box::pin(async move { Ok(taken) })
    }

    fn until_free<'a>(
        &'a self,
        window: &'a RateWindow,
    ) -> BoxFuture<'a, Result<Duration, RateStoreError>> {
        let wait = self.until_free_now(window);
        Box::pin(async move { Ok(wait) })
    }

    fn pause(&self, wait: Duration) -> BoxFuture<'_, Result<(), RateStoreError>> {
        self.pause_now(wait);
        Box::pin(async { Ok(()) })
    }

    fn daily(&self, remaining: u64) -> BoxFuture<'_, Result<(), RateStoreError>> {
        self.daily_now(remaining);
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows() -> [RateWindow; 2] {
        [
            RateWindow::new("general", 3, Duration::from_secs(10)),
            RateWindow::new("search", 1, Duration::from_secs(1)),
        ]
    }

    #[tokio::test(start_paused = true)]
    async fn a_take_counts_in_every_window_or_in_none() {
        let store = MemoryStore::new();
        let [general, search] = windows();
        assert_eq!(store.take_now(&[general, search], 0), RateDecision::Now);
        // The search window is full: nothing is counted in the general one.
        assert!(matches!(
            store.take_now(&[general, search], 0),
            RateDecision::Wait(_)
        ));
        assert_eq!(store.take_now(&[general], 0), RateDecision::Now);
        assert_eq!(store.take_now(&[general], 0), RateDecision::Now);
        assert_eq!(
            store.take_now(&[general], 0),
            RateDecision::Wait(Duration::from_secs(10))
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_daily_budget_runs_down_to_the_reserve_and_is_forgotten_after_a_while() {
        let store = MemoryStore::new();
        let [general, _] = windows();
        store.daily_now(3);
        // An answer that left earlier, with a higher figure, changes nothing.
        store.daily_now(7);
        assert_eq!(store.take_now(&[general], 1), RateDecision::Now);
        assert_eq!(
            store.take_now(&[general], 1),
            RateDecision::Now,
            "3 left, reserve 1: two may leave"
        );
        assert_eq!(
            store.take_now(&[general], 1),
            RateDecision::DailySpent { remaining: 1 }
        );
        tokio::time::advance(DAILY_MEMORY).await;
        assert_eq!(store.take_now(&[general], 1), RateDecision::Now);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_holds_every_window_and_only_a_longer_one_replaces_it() {
        let store = MemoryStore::new();
        let [general, _] = windows();
        store.pause_now(Duration::from_secs(2));
        store.pause_now(Duration::from_secs(1));
        assert_eq!(
            store.take_now(&[general], 0),
            RateDecision::Wait(Duration::from_secs(2))
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(store.take_now(&[general], 0), RateDecision::Now);
    }
}
