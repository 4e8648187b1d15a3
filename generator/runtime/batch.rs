//! Batches of any size, split into requests HubSpot accepts.

use super::error::Error;
use futures::stream::{FuturesOrdered, StreamExt};
use std::future::Future;
use std::ops::Range;

/// What one batch request returned, as the merge needs it.
pub struct Part<T, E> {
    /// Items that succeeded.
    pub results: Vec<T>,
    /// Per-item errors of a 207.
    pub errors: Vec<E>,
    /// HubSpot's `numErrors`.
    pub num_errors: i64,
}

/// The merged outcome of a batch sent as several requests.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchOutcome<T, E> {
    /// The results of every request, in input order.
    pub results: Vec<T>,
    /// The per-item errors HubSpot reported (in 207 responses).
    pub errors: Vec<E>,
    /// The sum of the `numErrors` HubSpot reported.
    pub num_errors: i64,
    /// The number of requests that went through.
    pub requests: usize,
    /// The inputs (index ranges in the caller's list) of the requests that
    /// went through, in order, adjacent ranges merged.
    pub applied: Vec<Range<usize>>,
}

impl<T, E> Default for BatchOutcome<T, E> {
    fn default() -> Self {
        BatchOutcome {
            results: Vec::new(),
            errors: Vec::new(),
            num_errors: 0,
            requests: 0,
            applied: Vec::new(),
        }
    }
}

impl<T, E> BatchOutcome<T, E> {
    /// `true` when HubSpot reported no per-item error.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty() && self.num_errors == 0
    }

    fn merge(&mut self, part: Part<T, E>, inputs: Range<usize>) {
        self.results.extend(part.results);
        self.errors.extend(part.errors);
        self.num_errors += part.num_errors;
        self.requests += 1;
        match self.applied.last_mut() {
            Some(last) if last.end == inputs.start => last.end = inputs.end,
            _ => self.applied.push(inputs),
        }
    }
}

/// A batch that stopped early because a request failed as a whole. No new
/// request is sent after the first failure; those in flight are awaited, so
/// every input is in exactly one place: applied (`completed.applied`),
/// `resend` or `uncertain`.
#[derive(Debug, thiserror::Error)]
#[error("a batch request failed; {} inputs to send again, {} uncertain: {error}", .resend.len(), .uncertain.len())]
#[non_exhaustive]
pub struct BatchError<T, E, I = ()> {
    /// The first failure, in input order.
    #[source]
    pub error: Error,
    /// The merged outcome of the requests that went through.
    pub completed: BatchOutcome<T, E>,
    /// Index (in the caller's inputs) of the first input of the first failed
    /// request; every input before it was applied.
    pub first_unsent: usize,
    /// The inputs that were never sent (index range in the caller's list).
    pub unsent: Range<usize>,
    /// Inputs HubSpot did not apply, in input order: those never sent, those
    /// of requests refused as a whole (a 429, a 4xx, no connection), and, for
    /// an operation safe to send twice (an upsert, a read), those of any
    /// failed request. Send them again to resume; `error` says whether a
    /// refusal (a 400) would repeat.
    pub resend: Vec<I>,
    /// Inputs of requests that failed after HubSpot may have processed them
    /// (a timeout or a 5xx on a create), in input order: look them up before
    /// sending them again, or they may be applied twice.
    pub uncertain: Vec<I>,
}

impl<T, E, I> From<BatchError<T, E, I>> for Error {
    fn from(e: BatchError<T, E, I>) -> Self {
        e.error
    }
}

/// Sends `inputs` in requests of at most `chunk` inputs, `concurrency` at a
/// time, and merges what they return in input order. `retry_safe`: the
/// operation may be applied twice without harm (an upsert, a read).
pub async fn send_all<I, T, E, F, Fut>(
    inputs: Vec<I>,
    chunk: usize,
    concurrency: usize,
    retry_safe: bool,
    mut send: F,
) -> Result<BatchOutcome<T, E>, BatchError<T, E, I>>
where
    I: Clone,
    F: FnMut(Vec<I>) -> Fut,
    Fut: Future<Output = Result<Part<T, E>, Error>>,
{
    let (chunk, total) = (chunk.max(1), inputs.len());
    let mut queue = inputs.into_iter().peekable();
    let mut sent = 0;
    let mut in_flight = FuturesOrdered::new();
    let mut outcome = BatchOutcome::default();
    let mut failure: Option<(Error, usize)> = None;
    let (mut resend, mut uncertain) = (Vec::new(), Vec::new());
    loop {
        while failure.is_none() && in_flight.len() < concurrency.max(1) && queue.peek().is_some() {
            let part: Vec<I> = queue.by_ref().take(chunk).collect();
            let range = sent..sent + part.len();
            sent = range.end;
            let request = send(part.clone());
            in_flight.push_back(async move { (range, part, request.await) });
        }
        let Some((range, part, result)) = in_flight.next().await else {
            break;
        };
        match result {
            Ok(done) => outcome.merge(done, range),
            Err(error) => {
                if !retry_safe && error.may_have_applied() {
                    uncertain.extend(part);
                } else {
                    resend.extend(part);
                }
                failure.get_or_insert((error, range.start));
            }
        }
    }
    match failure {
        None => Ok(outcome),
        Some((error, first_unsent)) => {
            resend.extend(queue);
            Err(BatchError {
                error,
                completed: outcome,
                first_unsent,
                unsent: sent..total,
                resend,
                uncertain,
            })
        }
    }
}
