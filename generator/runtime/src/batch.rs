//! Batches of any size, split into requests HubSpot accepts.

use super::error::Error;
use futures::stream::{FuturesUnordered, StreamExt};
use std::collections::HashMap;
use std::future::Future;
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard};

/// What one batch request returned, as the merge needs it.
pub struct Part<T, E> {
    /// Items that succeeded.
    pub results: Vec<T>,
    /// Per-item errors of a 207.
    pub errors: Vec<E>,
    /// HubSpot's `numErrors`.
    pub num_errors: i64,
    /// For each result, the place in this request of the input it answers
    /// (`None`, or missing, when it cannot be told).
    pub places: Vec<Option<usize>>,
}

/// Which input of one request each of its results answers: by a trace id
/// each input carries and its result echoes (`objectWriteTraceId`, which
/// the client gives every input that has none), else by the record id an
/// input names and its result carries. A key two inputs share tells
/// nothing and is not used.
#[derive(Debug, Default)]
pub struct Places {
    trace: HashMap<String, Option<usize>>,
    id: HashMap<String, Option<usize>>,
}

/// The trace id the client gives the input at `place` of a request.
fn trace_id(place: usize) -> String {
    format!("input-{place}")
}

fn index(keys: &mut HashMap<String, Option<usize>>, key: &str, place: usize) {
    keys.entry(key.to_string())
        .and_modify(|p| *p = None)
        .or_insert(Some(place));
}

impl Places {
    /// Gives every input without a trace id one (`input-N`, N its place in
    /// the request) and indexes them all.
    pub fn trace<I>(&mut self, inputs: &mut [I], field: impl Fn(&mut I) -> &mut Option<String>) {
        for (place, input) in inputs.iter_mut().enumerate() {
            let key = field(input).get_or_insert_with(|| trace_id(place));
            index(&mut self.trace, key, place);
        }
    }

    /// Indexes the inputs by the record id each names.
    pub fn ids<I>(&mut self, inputs: &[I], id: impl Fn(&I) -> Option<&str>) {
        for (place, input) in inputs.iter().enumerate() {
            if let Some(key) = id(input) {
                index(&mut self.id, key, place);
            }
        }
    }

    /// The place of the input each result answers; no input is answered
    /// twice.
    pub fn of<T>(
        &self,
        results: &[T],
        trace: impl Fn(&T) -> Option<&str>,
        id: impl Fn(&T) -> Option<&str>,
    ) -> Vec<Option<usize>> {
        let mut taken = std::collections::HashSet::new();
        results
            .iter()
            .map(|r| {
                let by = |keys: &HashMap<String, Option<usize>>, key: Option<&str>| {
                    key.and_then(|k| keys.get(k).copied().flatten())
                };
                by(&self.trace, trace(r))
                    .or_else(|| by(&self.id, id(r)))
                    .filter(|place| taken.insert(*place))
            })
            .collect()
    }
}

/// The merged outcome of a batch sent as several requests.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchOutcome<T, E> {
    /// The results of every request in the order of their inputs, as far as
    /// [`inputs`](Self::inputs) tells them; those whose input cannot be
    /// told follow the others of their request, in HubSpot's order. A 207
    /// leaves out the inputs that failed, so `results[i]` is not
    /// `inputs[i]`: use [`result_for`](Self::result_for).
    pub results: Vec<T>,
    /// For each of [`results`](Self::results), the index (in the caller's
    /// list) of the input it answers: matched by `objectWriteTraceId`
    /// (which the client sets on every input that has none) or by record
    /// id; `None` when HubSpot's answer does not tell.
    pub inputs: Vec<Option<usize>>,
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
            inputs: Vec::new(),
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

    /// The result of the input at `input` (its index in the caller's list),
    /// when HubSpot returned one that can be told to be its.
    pub fn result_for(&self, input: usize) -> Option<&T> {
        let at = self.inputs.iter().position(|i| *i == Some(input))?;
        self.results.get(at)
    }

    /// Adds one request's part, whose inputs are `inputs` in the caller's
    /// list; parts must come in input order.
    fn merge(&mut self, part: Part<T, E>, inputs: Range<usize>) {
        let places = part.places;
        let mut paired: Vec<(Option<usize>, T)> = part
            .results
            .into_iter()
            .enumerate()
            .map(|(k, result)| {
                let place = places.get(k).copied().flatten();
                let input = place
                    .map(|p| inputs.start + p)
                    .filter(|i| inputs.contains(i));
                (input, result)
            })
            .collect();
        // Told results by input, then the others in HubSpot's order.
        paired.sort_by_key(|(input, _)| (input.is_none(), *input));
        for (input, result) in paired {
            self.inputs.push(input);
            self.results.push(result);
        }
        self.errors.extend(part.errors);
        self.num_errors += part.num_errors;
        self.requests += 1;
        push_range(&mut self.applied, inputs);
    }
}

/// A record of a batch kept outside its future: a batch that is dropped or
/// timed out (`tokio::time::timeout`, a `select!`) loses its
/// [`BatchOutcome`] and its [`BatchError`], but this still says, for each
/// input (by index in the caller's list), whether HubSpot applied its
/// request, refused it, may have received it, or never saw it.
///
/// Give it to a request builder's `send_all_with_progress`; it is cleared
/// when the batch starts. Clones share one record.
#[derive(Clone, Debug, Default)]
pub struct BatchProgress(Arc<Mutex<Ledger>>);

#[derive(Debug, Default)]
struct Ledger {
    total: usize,
    in_flight: Vec<Range<usize>>,
    applied: Vec<Range<usize>>,
    failed: Vec<Range<usize>>,
}

/// `ranges` in order, adjacent ones merged.
fn merged(ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in sorted {
        push_range(&mut out, r);
    }
    out
}

/// Appends `r` to `ranges`, joined to the last one when they touch.
fn push_range(ranges: &mut Vec<Range<usize>>, r: Range<usize>) {
    match ranges.last_mut() {
        Some(last) if last.end == r.start => last.end = r.end,
        _ => ranges.push(r),
    }
}

impl BatchProgress {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn start(&self, total: usize) {
        *self.ledger() = Ledger {
            total,
            ..Ledger::default()
        };
    }

    fn sent(&self, inputs: Range<usize>) {
        self.ledger().in_flight.push(inputs);
    }

    fn answered(&self, inputs: Range<usize>, applied: bool) {
        let mut ledger = self.ledger();
        ledger.in_flight.retain(|r| *r != inputs);
        if applied {
            ledger.applied.push(inputs);
        } else {
            ledger.failed.push(inputs);
        }
    }

    /// The number of inputs of the batch.
    pub fn total(&self) -> usize {
        self.ledger().total
    }

    /// Inputs of requests HubSpot answered with success (a 207's per-item
    /// errors included).
    pub fn applied(&self) -> Vec<Range<usize>> {
        merged(&self.ledger().applied)
    }

    /// Inputs of requests that failed as a whole; the batch's
    /// [`BatchError`] says which to send again.
    pub fn failed(&self) -> Vec<Range<usize>> {
        merged(&self.ledger().failed)
    }

    /// Inputs of requests sent and not answered: after a batch was dropped,
    /// HubSpot may or may not have applied them (look them up before
    /// sending a create again).
    pub fn in_flight(&self) -> Vec<Range<usize>> {
        merged(&self.ledger().in_flight)
    }

    /// Inputs never sent: safe to send.
    pub fn unsent(&self) -> Vec<Range<usize>> {
        let ledger = self.ledger();
        let mut seen: Vec<Range<usize>> = ledger
            .in_flight
            .iter()
            .chain(&ledger.applied)
            .chain(&ledger.failed)
            .cloned()
            .collect();
        seen.sort_by_key(|r| r.start);
        let mut out = Vec::new();
        let mut at = 0;
        for r in seen {
            if r.start > at {
                out.push(at..r.start);
            }
            at = at.max(r.end);
        }
        if at < ledger.total {
            out.push(at..ledger.total);
        }
        out
    }
}

/// A batch that stopped early because a request failed as a whole. No new
/// request is sent once a failure is known; those in flight are awaited, so
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
    /// Inputs HubSpot did not apply, in input order: those never sent
    /// (including a request whose time ran out before it left), those of
    /// requests refused as a whole (a 429, a 4xx, no connection), and, for
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
/// time, and merges what they return in input order; `progress` records
/// each request as it leaves and is answered. `retry_safe`: the operation
/// may be applied twice without harm (an upsert, a read).
///
/// Requests are awaited in the order they complete, so no request is sent
/// once any has failed, whichever it was.
pub async fn send_all<I, T, E, F, Fut>(
    inputs: Vec<I>,
    chunk: usize,
    concurrency: usize,
    retry_safe: bool,
    progress: &BatchProgress,
    mut send: F,
) -> Result<BatchOutcome<T, E>, BatchError<T, E, I>>
where
    I: Clone,
    F: FnMut(Vec<I>) -> Fut,
    Fut: Future<Output = Result<Part<T, E>, Error>>,
{
    let (chunk, total) = (chunk.max(1), inputs.len());
    progress.start(total);
    let mut queue = inputs.into_iter().peekable();
    let mut sent = 0;
    let mut in_flight = FuturesUnordered::new();
    let mut done = Vec::new();
    let mut failures = Vec::new();
    loop {
        while failures.is_empty() && in_flight.len() < concurrency.max(1) && queue.peek().is_some()
        {
            let part: Vec<I> = queue.by_ref().take(chunk).collect();
            let range = sent..sent + part.len();
            sent = range.end;
            progress.sent(range.clone());
            let request = send(part.clone());
            in_flight.push(async move { (range, part, request.await) });
        }
        let Some((range, part, result)) = in_flight.next().await else {
            break;
        };
        progress.answered(range.clone(), result.is_ok());
        match result {
            Ok(answer) => done.push((range, answer)),
            Err(error) => failures.push((range, part, error)),
        }
    }
    done.sort_by_key(|(range, _)| range.start);
    let mut outcome = BatchOutcome::default();
    for (range, answer) in done {
        outcome.merge(answer, range);
    }
    failures.sort_by_key(|(range, _, _)| range.start);
    if failures.is_empty() {
        return Ok(outcome);
    }
    let (range, part, error) = failures.remove(0);
    let (mut resend, mut uncertain) = (Vec::new(), Vec::new());
    let mut place = |part: Vec<I>, e: &Error| {
        if !retry_safe && e.may_have_applied() {
            uncertain.extend(part);
        } else {
            resend.extend(part);
        }
    };
    place(part, &error);
    for (_, part, e) in failures {
        place(part, &e);
    }
    resend.extend(queue);
    Err(BatchError {
        error,
        completed: outcome,
        first_unsent: range.start,
        unsent: sent..total,
        resend,
        uncertain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn part(results: Vec<&'static str>, places: Vec<Option<usize>>) -> Part<&'static str, ()> {
        Part {
            results,
            errors: Vec::new(),
            num_errors: 0,
            places,
        }
    }

    #[tokio::test]
    async fn no_request_leaves_once_any_has_failed_even_behind_a_slower_one() {
        let calls = AtomicUsize::new(0);
        let progress = BatchProgress::new();
        let result = send_all(vec![0, 1, 2, 3], 1, 2, false, &progress, |inputs| {
            calls.fetch_add(1, Ordering::SeqCst);
            async move {
                match inputs[0] {
                    0 => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Ok(part(vec!["zero"], vec![Some(0)]))
                    }
                    _ => Err(Error::InvalidRequest("refused".into())),
                }
            }
        })
        .await;
        let Err(e) = result else {
            panic!("the batch should fail");
        };
        assert_eq!(
            calls.load(Ordering::SeqCst),
            2,
            "a request left after the failure"
        );
        assert_eq!(e.first_unsent, 1);
        assert_eq!(e.resend, vec![1, 2, 3]);
        assert_eq!(e.completed.results, vec!["zero"]);
        assert_eq!(progress.applied(), vec![0..1]);
        assert_eq!(progress.failed(), vec![1..2]);
        assert_eq!(progress.unsent(), vec![2..4]);
    }

    #[tokio::test]
    async fn results_follow_their_inputs_and_a_207_gap_is_not_filled_by_the_next() {
        // HubSpot answers the first request out of order, input 1 failed
        // (a 207), and one result of the second request cannot be told.
        let outcome = send_all(
            vec![0, 1, 2, 3, 4],
            3,
            1,
            false,
            &BatchProgress::new(),
            |inputs| {
                let answer = if inputs[0] == 0 {
                    part(vec!["c", "a"], vec![Some(2), Some(0)])
                } else {
                    part(vec!["?", "d"], vec![None, Some(0)])
                };
                async move { Ok(answer) }
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(outcome.results, vec!["a", "c", "d", "?"]);
        assert_eq!(outcome.inputs, vec![Some(0), Some(2), Some(3), None]);
        assert_eq!(outcome.result_for(2), Some(&"c"));
        assert_eq!(outcome.result_for(1), None);
        assert_eq!(outcome.applied, vec![0..5]);
    }

    #[tokio::test]
    async fn a_dropped_batch_leaves_its_record_in_the_progress() {
        let progress = BatchProgress::new();
        let batch = send_all(vec![0, 1, 2], 1, 2, false, &progress, |inputs| async move {
            if inputs[0] == 1 {
                std::future::pending::<()>().await;
            }
            Ok(part(vec!["done"], vec![Some(0)]))
        });
        let timed_out = tokio::time::timeout(Duration::from_millis(50), batch).await;
        assert!(
            timed_out.is_err(),
            "the batch should still wait for input 1"
        );
        assert_eq!(progress.total(), 3);
        assert_eq!(progress.applied(), vec![0..1, 2..3]);
        assert_eq!(progress.in_flight(), vec![1..2]);
        assert!(progress.unsent().is_empty());
    }

    struct Input {
        trace: Option<String>,
        id: String,
    }

    #[test]
    fn inputs_get_trace_ids_and_shared_keys_tell_nothing() {
        let mut inputs = vec![
            Input {
                trace: None,
                id: "11".into(),
            },
            Input {
                trace: Some("mine".into()),
                id: "12".into(),
            },
            Input {
                trace: None,
                id: "12".into(),
            },
        ];
        let mut places = Places::default();
        places.trace(&mut inputs, |i| &mut i.trace);
        places.ids(&inputs, |i| Some(i.id.as_str()));
        assert_eq!(inputs[0].trace.as_deref(), Some("input-0"));
        assert_eq!(inputs[1].trace.as_deref(), Some("mine"));
        assert_eq!(inputs[2].trace.as_deref(), Some("input-2"));
        // (echoed trace id, record id) of each result.
        let results = [
            (Some("input-2"), "99"),
            (Some("mine"), "12"),
            (None, "11"),
            (None, "12"),
            (Some("input-2"), "98"),
        ];
        let found = places.of(&results, |r| r.0, |r| Some(r.1));
        assert_eq!(found, vec![Some(2), Some(1), Some(0), None, None]);
    }
}
