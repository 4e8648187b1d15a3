//! HubSpot's answers: JSON bodies, its error body, its rate-limit headers
//! and its 429s.

use http_body_util::Full;
use hyper::body::Bytes;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub(crate) type Reply = hyper::Response<Full<Bytes>>;

static CORRELATION: AtomicU64 = AtomicU64::new(1);

/// A correlation id shaped like HubSpot's (a UUID), unique per answer.
pub(crate) fn correlation_id() -> String {
    let n = CORRELATION.fetch_add(1, Ordering::Relaxed);
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// A JSON answer.
pub(crate) fn json(status: u16, body: &Value) -> Reply {
    let mut reply = Reply::new(Full::new(Bytes::from(body.to_string())));
    *reply.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or_default();
    reply.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json;charset=utf-8"),
    );
    reply
}

/// An answer without a body.
pub(crate) fn empty(status: u16) -> Reply {
    let mut reply = Reply::new(Full::new(Bytes::new()));
    *reply.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or_default();
    reply
}

/// HubSpot's error body.
pub(crate) fn error_body(message: &str, category: &str) -> Value {
    json!({
        "status": "error",
        "message": message,
        "correlationId": correlation_id(),
        "category": category,
        "context": {},
        "errors": [],
        "links": {},
    })
}

/// HubSpot's error answer.
pub(crate) fn error(status: u16, message: &str, category: &str) -> Reply {
    json(status, &error_body(message, category))
}

/// The 404 of a record that is not there.
pub(crate) fn not_found(object_type: &str, id: &str) -> Reply {
    let mut body = error_body(
        &format!("Object not found. objectId are usually numeric. ({object_type} {id})"),
        "OBJECT_NOT_FOUND",
    );
    body["context"] = json!({ "id": [id] });
    json(404, &body)
}

/// HubSpot's rate-limit headers, as the runtime's `RateLimitInfo` reads them.
pub(crate) fn with_headers(
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

/// HubSpot's 429 of a policy (`TEN_SECONDLY_ROLLING`, `SECONDLY`, `DAILY`).
pub(crate) fn rate_limited(policy: &str, max: u32, window: Duration) -> Reply {
    let message = match policy {
        "SECONDLY" => "You have reached your secondly limit.",
        "DAILY" => "You have reached your daily limit.",
        _ => "You have reached your ten_secondly_rolling limit.",
    };
    let body = json!({
        "status": "error",
        "message": message,
        "errorType": "RATE_LIMIT",
        "correlationId": correlation_id(),
        "policyName": policy,
        "groupName": "publicapi:private-app:burst:1",
    });
    with_headers(json(429, &body), max, 0, window)
}

/// A load balancer's 502 page.
pub(crate) fn bad_gateway() -> Reply {
    let mut reply = Reply::new(Full::new(Bytes::from_static(
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    )));
    *reply.status_mut() = hyper::StatusCode::BAD_GATEWAY;
    reply
}
