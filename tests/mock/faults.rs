//! Faults drawn per request from a seeded generator: the same request (its
//! method, target and body, and how many times it was seen) meets the same
//! fault in every run, whatever the order requests arrive in.

use super::Reply;
use http_body_util::Full;
use hyper::body::Bytes;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// What goes wrong with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A proxy's 502 before HubSpot saw the request.
    BadGateway,
    /// The work is done, then the answer hangs past the client's timeout.
    Timeout,
    /// The work is done, then the connection closes without an answer.
    Dropped,
}

pub(super) struct Faults {
    seed: u64,
    rate: f64,
    seen: Mutex<HashMap<u64, u64>>,
}

impl Faults {
    pub(super) fn new(seed: u64, rate: f64) -> Self {
        Faults {
            seed,
            rate,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// The fault this request meets, if any.
    pub(super) fn draw(&self, method: &str, target: &str, body: &[u8]) -> Option<Fault> {
        if self.rate <= 0.0 {
            return None;
        }
        let mut hasher = DefaultHasher::new();
        (method, target, body).hash(&mut hasher);
        let key = hasher.finish();
        let nth = {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            *n
        };
        let mut rng =
            fastrand::Rng::with_seed(self.seed ^ key ^ nth.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        if rng.f64() >= self.rate {
            return None;
        }
        Some(match rng.u8(0..3) {
            0 => Fault::BadGateway,
            1 => Fault::Timeout,
            _ => Fault::Dropped,
        })
    }
}

/// A load balancer's 502 page.
pub(super) fn bad_gateway() -> Reply {
    let mut reply = Reply::new(Full::new(Bytes::from_static(
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    )));
    *reply.status_mut() = hyper::StatusCode::BAD_GATEWAY;
    reply
}
