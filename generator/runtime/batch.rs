//! Batches of any size, split into requests HubSpot accepts.

use super::error::Error;
use std::future::Future;

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
    /// The results of every request, in request order.
    pub results: Vec<T>,
    /// The per-item errors HubSpot reported (in 207 responses).
    pub errors: Vec<E>,
    /// The sum of the `numErrors` HubSpot reported.
    pub num_errors: i64,
    /// The number of requests sent.
    pub requests: usize,
}

impl<T, E> Default for BatchOutcome<T, E> {
    fn default() -> Self {
        BatchOutcome {
            results: Vec::new(),
            errors: Vec::new(),
            num_errors: 0,
            requests: 0,
        }
    }
}

impl<T, E> BatchOutcome<T, E> {
    /// `true` when HubSpot reported no per-item error.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty() && self.num_errors == 0
    }
}

/// A batch request that failed as a whole. The requests before it went
/// through; their outcome is kept, and inputs from `first_unsent` on were not
/// processed.
#[derive(Debug, thiserror::Error)]
#[error("batch request {} failed; inputs from index {first_unsent} on were not processed: {error}", .completed.requests + 1)]
#[non_exhaustive]
pub struct BatchError<T, E> {
    /// Why the request failed.
    #[source]
    pub error: Error,
    /// The merged outcome of the requests that went through.
    pub completed: BatchOutcome<T, E>,
    /// Index (in the caller's inputs) of the first input of the failed request.
    pub first_unsent: usize,
}

impl<T, E> From<BatchError<T, E>> for Error {
    fn from(e: BatchError<T, E>) -> Self {
        e.error
    }
}

/// Sends `inputs` in requests of at most `chunk` inputs, one after another,
/// and merges what they return. Stops at the first request that fails.
pub async fn send_all<I, T, E, F, Fut>(
    inputs: Vec<I>,
    chunk: usize,
    mut send: F,
) -> Result<BatchOutcome<T, E>, BatchError<T, E>>
where
    F: FnMut(Vec<I>) -> Fut,
    Fut: Future<Output = Result<Part<T, E>, Error>>,
{
    let chunk = chunk.max(1);
    let mut outcome = BatchOutcome::default();
    let mut sent = 0;
    let mut rest = inputs.into_iter().peekable();
    while rest.peek().is_some() {
        let part: Vec<I> = rest.by_ref().take(chunk).collect();
        let len = part.len();
        match send(part).await {
            Ok(part) => {
                outcome.results.extend(part.results);
                outcome.errors.extend(part.errors);
                outcome.num_errors += part.num_errors;
                outcome.requests += 1;
                sent += len;
            }
            Err(error) => {
                return Err(BatchError {
                    error,
                    completed: outcome,
                    first_unsent: sent,
                })
            }
        }
    }
    Ok(outcome)
}
