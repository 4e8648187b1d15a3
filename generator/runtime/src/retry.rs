//! When and how long to wait before sending a request again.

use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime};

/// How failed requests are retried; set it with
/// [`ClientBuilder::retry`](crate::ClientBuilder::retry).
///
/// Retried: 429 (except HubSpot's `DAILY` limit), requests that never
/// reached the server (connection failures), and, for requests that are safe
/// to send twice, 408, 5xx and timeouts. Safe are GET, HEAD, PUT, DELETE and
/// OPTIONS, searches, batch reads, upserts and archives; other POST and PATCH requests (a create
/// that timed out may have created the record) only with
/// [`retry_writes`](Self::retry_writes).
///
/// With a [rate limiter](crate::ClientBuilder::rate_limit), a 429 holds every
/// request of the client back instead (first until the limiter frees a place,
/// then for the policy's wait) and is retried up to 10 times apart from
/// [`max_retries`](Self::max_retries).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Retries after the first attempt (default 2; 0 disables retries).
    pub max_retries: u32,
    /// First backoff (default 500 ms), doubled at each retry.
    pub initial_backoff: Duration,
    /// Longest backoff (default 8 s).
    pub max_backoff: Duration,
    /// Randomise each backoff to between 75 % and 100 % of its value, and
    /// rate-limit waits to up to 25 % longer (default on), so that many
    /// clients do not retry in step.
    pub jitter: bool,
    /// Also retry POST and PATCH requests that may have reached the server
    /// (default off).
    pub retry_writes: bool,
    /// Wait after a `TEN_SECONDLY_ROLLING` 429 without `Retry-After`
    /// (default 10 s).
    pub ten_secondly_wait: Duration,
    /// Wait after a `SECONDLY` 429 without `Retry-After` (default 1 s).
    pub secondly_wait: Duration,
    /// Longest wait taken; a longer `Retry-After` ends the retries and is
    /// reported in [`Error::retry_after`](crate::Error::retry_after)
    /// (default 60 s).
    pub max_wait: Duration,
    /// Time allowed for a request and all its retries, from the start of the
    /// first attempt (default: none, each attempt has the client's timeout).
    /// Each attempt's timeout is cut to what is left, and no retry is made
    /// whose wait would end past it: the last error is returned.
    pub max_elapsed: Option<Duration>,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            jitter: true,
            retry_writes: false,
            ten_secondly_wait: Duration::from_secs(10),
            secondly_wait: Duration::from_secs(1),
            max_wait: Duration::from_secs(60),
            max_elapsed: None,
        }
    }
}

impl RetryConfig {
    /// No retries at all.
    pub fn disabled() -> Self {
        RetryConfig {
            max_retries: 0,
            ..RetryConfig::default()
        }
    }

    /// Sets [`max_retries`](Self::max_retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff) and
    /// [`max_backoff`](Self::max_backoff).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// Sets [`jitter`](Self::jitter).
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Sets [`retry_writes`](Self::retry_writes).
    pub fn retry_writes(mut self, retry: bool) -> Self {
        self.retry_writes = retry;
        self
    }

    /// Sets [`ten_secondly_wait`](Self::ten_secondly_wait) and
    /// [`secondly_wait`](Self::secondly_wait).
    pub fn rate_limit_waits(mut self, ten_secondly: Duration, secondly: Duration) -> Self {
        self.ten_secondly_wait = ten_secondly;
        self.secondly_wait = secondly;
        self
    }

    /// Sets [`max_wait`](Self::max_wait).
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// Sets [`max_elapsed`](Self::max_elapsed).
    pub fn max_elapsed(mut self, total: Option<Duration>) -> Self {
        self.max_elapsed = total;
        self
    }

    /// The backoff before retry number `retry` (0 for the first).
    pub(crate) fn backoff_for(&self, retry: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(31)));
        let wait = exp.min(self.max_backoff);
        if self.jitter {
            wait.mul_f64(1.0 - 0.25 * fastrand::f64())
        } else {
            wait
        }
    }

    /// A rate-limit window wait, spread when jitter is on.
    pub(crate) fn spread(&self, wait: Duration) -> Duration {
        if self.jitter {
            wait.mul_f64(1.0 + 0.25 * fastrand::f64())
        } else {
            wait
        }
    }
}

/// The longest wait a `Retry-After` is taken to ask for: a larger one (a
/// proxy's nonsense, `10000000000000000000`) is read as this, so no instant
/// computed from it overflows.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// `Retry-After` (delta-seconds or an HTTP date), or the `retry-after-ms`
/// some proxies send, at most [`MAX_RETRY_AFTER`].
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    header_wait(headers).map(|wait| wait.min(MAX_RETRY_AFTER))
}

fn header_wait(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_millis(ms));
    }
    let value = text("retry-after")?;
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn a_huge_retry_after_is_clamped() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "retry-after",
            HeaderValue::from_static("10000000000000000000"),
        );
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
        headers.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        headers.insert(
            "retry-after-ms",
            HeaderValue::from_static("18446744073709551615"),
        );
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER));
    }
}
