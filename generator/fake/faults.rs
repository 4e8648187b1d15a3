//! Faults: scripted by the test (`FakeHubSpot::fail_next`), or drawn per
//! request from a seeded generator at `Config::fault_rate` (the same
//! request, by its method, target, body and how many times it was seen,
//! meets the same fault in every run, whatever the order requests arrive in).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

/// What goes wrong with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// A proxy's 502 page before HubSpot saw the request.
    BadGateway,
    /// HubSpot's 503 with its error body, before the work.
    Unavailable,
    /// HubSpot's 429 of the ten-secondly budget (`TEN_SECONDLY_ROLLING`),
    /// before the work, with `Retry-After: 1` (so that a test waits a
    /// second, not the client's ten-second default).
    RateLimited,
    /// HubSpot's 429 of the daily budget (`DAILY`), before the work.
    DailyLimit,
    /// The work is done, then the answer hangs past the client's timeout
    /// (`Config::stall`) and the connection closes.
    Timeout,
    /// The work is done, then the connection closes without an answer.
    Dropped,
}

/// Faults the test asked for: `times` more requests whose path contains
/// `path` (any, when empty) meet `fault`.
struct Scripted {
    path: String,
    fault: Fault,
    times: usize,
}

pub(crate) struct Faults {
    seed: u64,
    rate: f64,
    seen: Mutex<HashMap<u64, u64>>,
    scripted: Mutex<Vec<Scripted>>,
}

impl Faults {
    pub(crate) fn new(seed: u64, rate: f64) -> Self {
        Faults {
            seed,
            rate,
            seen: Mutex::new(HashMap::new()),
            scripted: Mutex::new(Vec::new()),
        }
    }

    pub(crate) fn script(&self, path: &str, fault: Fault, times: usize) {
        let mut scripted = self.scripted.lock().unwrap_or_else(|e| e.into_inner());
        scripted.push(Scripted {
            path: path.to_string(),
            fault,
            times,
        });
    }

    /// The fault this request meets, if any: a scripted one first (in the
    /// order they were asked for), else a drawn one.
    pub(crate) fn draw(&self, method: &str, target: &str, body: &[u8]) -> Option<Fault> {
        {
            let mut scripted = self.scripted.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(s) = scripted
                .iter_mut()
                .find(|s| s.times > 0 && target.contains(s.path.as_str()))
            {
                s.times -= 1;
                let fault = s.fault;
                scripted.retain(|s| s.times > 0);
                return Some(fault);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripted_faults_come_first_in_order_and_only_on_their_path() {
        let faults = Faults::new(1, 0.0);
        faults.script("/search", Fault::RateLimited, 1);
        faults.script("", Fault::Unavailable, 2);
        assert_eq!(
            faults.draw("POST", "/crm/v3/objects/contacts/search", b""),
            Some(Fault::RateLimited)
        );
        assert_eq!(
            faults.draw("POST", "/crm/v3/objects/contacts/search", b""),
            Some(Fault::Unavailable)
        );
        assert_eq!(
            faults.draw("GET", "/crm/v3/objects/contacts", b""),
            Some(Fault::Unavailable)
        );
        assert_eq!(faults.draw("GET", "/crm/v3/objects/contacts", b""), None);
    }

    #[test]
    fn drawn_faults_repeat_for_the_same_request() {
        let (a, b) = (Faults::new(7, 0.5), Faults::new(7, 0.5));
        let draws = |f: &Faults| {
            (0..50)
                .map(|i| f.draw("POST", &format!("/x/{i}"), b"{}"))
                .collect::<Vec<_>>()
        };
        let first = draws(&a);
        assert_eq!(first, draws(&b));
        assert!(first.iter().any(Option::is_some) && first.iter().any(Option::is_none));
    }
}
