//! HubSpot's rolling request budget.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `max` accepted requests in any `window`.
pub(crate) struct Budget {
    max: usize,
    window: Duration,
    accepted: Mutex<VecDeque<Instant>>,
}

impl Budget {
    pub(crate) fn new(max: u32, window: Duration) -> Self {
        Budget {
            max: max as usize,
            window,
            accepted: Mutex::new(VecDeque::new()),
        }
    }

    /// Counts a request; `Ok(remaining)` when the budget had room for it.
    pub(crate) fn take(&self) -> Result<usize, ()> {
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
