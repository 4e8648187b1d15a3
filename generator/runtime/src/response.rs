//! A decoded response together with its status and headers.

use reqwest::header::HeaderMap;
use std::time::Duration;

/// A decoded body with the status and headers it came with; get it with
/// `send_with_response()` on any request builder.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: T) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (u16, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }

    /// HubSpot's `X-HubSpot-RateLimit-*` headers.
    pub fn rate_limit(&self) -> RateLimitInfo {
        RateLimitInfo::from_headers(&self.headers)
    }

    /// HubSpot's `X-HubSpot-Correlation-Id`, to quote to support.
    pub fn correlation_id(&self) -> Option<&str> {
        correlation_id(&self.headers)
    }
}

/// HubSpot's `X-HubSpot-Correlation-Id` among `headers`.
pub(crate) fn correlation_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-hubspot-correlation-id")
        .and_then(|v| v.to_str().ok())
}

/// HubSpot's rate-limit headers; each is absent when HubSpot did not send it
/// (the daily ones are not sent to OAuth apps).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitInfo {
    /// `X-HubSpot-RateLimit-Daily`: requests allowed per day.
    pub daily: Option<u64>,
    /// `X-HubSpot-RateLimit-Daily-Remaining`: requests left today.
    pub daily_remaining: Option<u64>,
    /// `X-HubSpot-RateLimit-Interval-Milliseconds`: the window `max` and
    /// `remaining` apply to.
    pub interval: Option<Duration>,
    /// `X-HubSpot-RateLimit-Max`: requests allowed per interval.
    pub max: Option<u64>,
    /// `X-HubSpot-RateLimit-Remaining`: requests left in the interval.
    pub remaining: Option<u64>,
    /// `X-HubSpot-RateLimit-Secondly`: requests allowed per second.
    pub secondly: Option<u64>,
    /// `X-HubSpot-RateLimit-Secondly-Remaining`: requests left this second.
    pub secondly_remaining: Option<u64>,
}

impl RateLimitInfo {
    /// Reads the headers; missing or malformed ones are `None`.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let num = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        RateLimitInfo {
            daily: num("x-hubspot-ratelimit-daily"),
            daily_remaining: num("x-hubspot-ratelimit-daily-remaining"),
            interval: num("x-hubspot-ratelimit-interval-milliseconds").map(Duration::from_millis),
            max: num("x-hubspot-ratelimit-max"),
            remaining: num("x-hubspot-ratelimit-remaining"),
            secondly: num("x-hubspot-ratelimit-secondly"),
            secondly_remaining: num("x-hubspot-ratelimit-secondly-remaining"),
        }
    }
}
