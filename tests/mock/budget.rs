//! HubSpot's rolling request budget and its 429.

use super::Reply;
use http_body_util::Full;
use hyper::body::Bytes;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `max` accepted requests in any `window`.
pub(super) struct Budget {
    max: usize,
    window: Duration,
    accepted: Mutex<VecDeque<Instant>>,
}

impl Budget {
    pub(super) fn new(max: u32, window: Duration) -> Self {
        Budget {
            max: max as usize,
            window,
            accepted: Mutex::new(VecDeque::new()),
        }
    }

    /// Counts a request; `Ok(remaining)` when the budget had room for it.
    pub(super) fn take(&self) -> Result<usize, ()> {
        let mut accepted = self.accepted.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        while accepted
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            accepted.pop_front();
        }
        if accepted.len() >= self.max {
            return Err(());
        }
        accepted.push_back(now);
        Ok(self.max - accepted.len())
    }
}

static CORRELATION: AtomicU64 = AtomicU64::new(1);

/// A correlation id shaped like HubSpot's (a UUID), unique per answer.
fn correlation_id() -> String {
    let n = CORRELATION.fetch_add(1, Ordering::Relaxed);
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// A JSON answer.
pub(super) fn json(status: u16, body: &serde_json::Value) -> Reply {
    let mut reply = Reply::new(Full::new(Bytes::from(body.to_string())));
    *reply.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or_default();
    reply.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json;charset=utf-8"),
    );
    reply
}

/// HubSpot's rate-limit headers, as the runtime's `RateLimitInfo` reads them.
pub(super) fn with_headers(
    mut reply: Reply,
    max: u32,
    remaining: usize,
    window: Duration,
) -> Reply {
    let headers = reply.headers_mut();
    for (name, value) in [
        ("x-hubspot-ratelimit-max", max.to_string()),
        ("x-hubspot-ratelimit-remaining", remaining.to_string()),
        (
            "x-hubspot-ratelimit-interval-milliseconds",
            window.as_millis().to_string(),
        ),
        ("x-hubspot-ratelimit-daily", "500000".to_string()),
        ("x-hubspot-ratelimit-daily-remaining", "499000".to_string()),
        ("x-hubspot-correlation-id", correlation_id()),
    ] {
        if let Ok(value) = value.parse() {
            headers.insert(name, value);
        }
    }
    reply
}

/// HubSpot's answer to a request over the ten-secondly budget.
pub(super) fn too_many(max: u32, window: Duration) -> Reply {
    let body = serde_json::json!({
        "status": "error",
        "message": "You have reached your ten_secondly_rolling limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": correlation_id(),
        "policyName": "TEN_SECONDLY_ROLLING",
        "groupName": "publicapi:private-app:burst:1",
    });
    with_headers(json(429, &body), max, 0, window)
}

/// HubSpot's answer to a search over its searches per second.
pub(super) fn too_many_searches(max: u32, window: Duration) -> Reply {
    let body = serde_json::json!({
        "status": "error",
        "message": "You have reached your secondly limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": correlation_id(),
        "policyName": "SECONDLY",
    });
    with_headers(json(429, &body), max, 0, window)
}
