//! Following HubSpot's webhooks journal from a stored offset: the
//! [`JournalFollower`] stream and its reading loop. The [`JournalItem`]s it
//! yields and their acknowledgement are in `journal_ack`; the
//! [`OffsetStore`]s that keep the position between runs in `journal_store`.
//!
//! The journal is an ordered log of journal files; each read answers entries
//! with a `currentOffset` (the entry's position) and a short-lived `url` of
//! the file with its events. Reading on means asking for the entries after
//! the `currentOffset` of the last entry read. The follower does that in a
//! loop, and saves an entry's offset only once the caller has acknowledged
//! it, so that a restart resumes right after the last processed entry.
//!
//! The runtime does not know the generated journal API: the follower is
//! built from a fetch function that calls it (see [`JournalFollower`] for
//! the wiring) and from a function that reads an entry's offset.

use super::error::Error;
use super::journal_ack::{Acks, JournalItem};
use super::journal_store::OffsetStore;
use futures::future::BoxFuture;
use futures::stream::{BoxStream, Stream, StreamExt};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// What a [`JournalFollower`]'s fetch function is kept as.
type Fetch<E> =
    Box<dyn Fn(Option<String>) -> BoxFuture<'static, Result<Vec<E>, Error>> + Send + Sync>;

/// What a [`JournalFollower`]'s offset function is kept as.
type OffsetOf<E> = Box<dyn Fn(&E) -> String + Send + Sync>;

/// A stream of the journal's entries from a stored offset on, with
/// acknowledgements that move the stored offset.
///
/// Built from an [`OffsetStore`], a *fetch* function and an *offset*
/// function:
///
/// - `fetch(None)` answers the first entries of the journal (nothing was
///   ever saved), `fetch(Some(offset))` the entries that follow `offset`,
///   in journal order; an empty `Vec` means the journal has nothing newer
///   yet. Wire it to `batch().earliest(count)` and
///   `batch().next(offset, count)` of the generated journal API (or to
///   their `journal_local()` twins).
/// - `offset_of(&entry)` is the entry's `currentOffset`.
///
/// # Semantics
///
/// - **Start.** On the first poll the follower loads the store. With an
///   offset it fetches what follows it; with none, `fetch(None)`. If the
///   load fails the stream yields the error and loads again after the retry
///   interval: it never falls back to `fetch(None)`, which would replay
///   the journal.
/// - **Order.** Entries are yielded one by one in journal order, each once
///   per follower. The follower reads on from the last entry it *yielded*
///   (not the last acknowledged), so processing does not hold up reading.
///   An entry whose offset is the one the fetch started from is skipped,
///   should a fetch answer it again.
/// - **Nothing newer.** When a fetch answers no entry, the follower waits
///   the [idle interval](Self::idle_interval) before fetching again: an
///   idle journal costs one request per interval.
/// - **Errors.** A failing fetch (or load) is yielded as an `Err` item and
///   the stream goes on: the next poll waits the
///   [retry interval](Self::retry_interval) and fetches again from the
///   same offset. Nothing is skipped and the stored offset is untouched.
///   The stream never ends by itself; stop polling (drop it) to stop.
/// - **Acknowledgement.** [`JournalItem::ack`] records that the caller has
///   processed an entry. The stored offset is then set to the offset of the
///   newest entry that was acknowledged *together with every entry yielded
///   before it*: acknowledging entry 5 while entry 4 is unacknowledged saves
///   nothing until 4 is acknowledged too. Saves are made one at a time and
///   never move the stored offset backwards.
/// - **Restart.** A new follower on the same store resumes with the first
///   entry after the stored offset. So no entry is ever skipped (no gap),
///   and an acknowledged entry is never yielded again, except when the
///   process stopped between processing an entry and the end of its
///   acknowledgement's save (at-least-once: make processing idempotent, by
///   the events' ids for example). Entries yielded but not acknowledged
///   (dropped items, items after a never-acknowledged one) are yielded again
///   after a restart, not by the same follower.
///
/// An entry is one journal file: process it by downloading its `url` (a
/// pre-signed URL: fetch it with a plain HTTP client, without HubSpot's
/// token) before its `expiresAt`. The follower reads ahead at most one fetch
/// worth of entries; with a slow consumer keep the fetch `count` small so
/// that URLs do not expire while waiting (an expired entry can be read again
/// by its offset with the journal's `batch().read(...)`).
///
/// HubSpot keeps three days of journal: a stored offset older than that
/// may no longer be readable, which shows as fetch errors; the follower
/// does not jump ahead by itself (that would be a gap).
///
/// # Example
///
/// The wiring to the generated journal API, with the position kept in a
/// file (`tests/tests/journal.rs` runs the same code against a mock
/// server):
///
/// ```no_run
/// # mod hubspot_client {
/// #     pub use hubspot_client_runtime::{Error, FileOffsetStore, JournalFollower};
/// #     pub struct Client;
/// #     impl Client {
/// #         pub fn webhooks_journal(&self) -> webhooks_journal::WebhooksJournalApi { webhooks_journal::WebhooksJournalApi }
/// #     }
/// #     pub mod webhooks_journal {
/// #         use super::Error;
/// #         pub struct JournalEntry { pub current_offset: String, pub url: String }
/// #         pub struct Batch { pub results: Vec<JournalEntry> }
/// #         pub struct Request;
/// #         impl Request { pub async fn send(self) -> Result<Batch, Error> { Ok(Batch { results: Vec::new() }) } }
/// #         #[derive(Clone)] pub struct WebhooksJournalApi;
/// #         impl WebhooksJournalApi { pub fn journal(&self) -> JournalApi { JournalApi } }
/// #         pub struct JournalApi;
/// #         impl JournalApi { pub fn batch(&self) -> BatchApi { BatchApi } }
/// #         pub struct BatchApi;
/// #         impl BatchApi {
/// #             pub fn earliest(&self, _: i32) -> Request { Request }
/// #             pub fn next(&self, _: impl Into<String>, _: i32) -> Request { Request }
/// #         }
/// #     }
/// # }
/// # async fn process(_: &hubspot_client::webhooks_journal::JournalEntry) -> Result<(), hubspot_client::Error> { Ok(()) }
/// use futures::StreamExt;
/// use hubspot_client::webhooks_journal::JournalEntry;
/// use hubspot_client::{Client, Error, FileOffsetStore, JournalFollower};
/// use std::time::Duration;
///
/// async fn follow(client: Client) -> Result<(), Error> {
///     let api = client.webhooks_journal();
///     let mut journal = JournalFollower::new(
///         FileOffsetStore::new("journal.offset"),
///         move |offset: Option<String>| {
///             let batch = api.journal().batch();
///             async move {
///                 let answer = match offset {
///                     Some(offset) => batch.next(offset, 20).send().await?,
///                     None => batch.earliest(20).send().await?,
///                 };
///                 Ok(answer.results)
///             }
///         },
///         |entry: &JournalEntry| entry.current_offset.clone(),
///     )
///     .idle_interval(Duration::from_secs(10));
///
///     while let Some(item) = journal.next().await {
///         let item = match item {
///             Ok(item) => item,
///             // Retried after the retry interval from the same offset.
///             Err(e) => {
///                 eprintln!("journal: {e}");
///                 continue;
///             }
///         };
///         // Download `item.entry().url` and handle its events.
///         process(item.entry()).await?;
///         item.ack().await?;
///     }
///     Ok(())
/// }
/// # fn main() {}
/// ```
pub struct JournalFollower<E> {
    /// The reading state until the first poll moves it into `stream`.
    reader: Option<Reader<E>>,
    stream: Option<BoxStream<'static, Result<JournalItem<E>, Error>>>,
    acks: Arc<Acks>,
}

// The stream is boxed and nothing is pinned in place: moving the follower is
// fine whatever `E` is.
impl<E> Unpin for JournalFollower<E> {}

impl<E> std::fmt::Debug for JournalFollower<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JournalFollower")
            .field("started", &self.stream.is_some())
            .field("unacknowledged", &self.acks.unacknowledged())
            .finish_non_exhaustive()
    }
}

impl<E: Send + 'static> JournalFollower<E> {
    /// How long the follower waits after a fetch that answered nothing newer:
    /// 5 seconds.
    pub const DEFAULT_IDLE_INTERVAL: Duration = Duration::from_secs(5);

    /// How long the follower waits after a failed fetch or load before it
    /// tries again: 10 seconds.
    pub const DEFAULT_RETRY_INTERVAL: Duration = Duration::from_secs(10);

    /// A follower that keeps its position in `store`, reads with `fetch`
    /// and takes an entry's position from `offset_of` (see the
    /// [type's documentation](Self) for the contract of each).
    pub fn new<S, F, Fut, O>(store: S, fetch: F, offset_of: O) -> Self
    where
        S: OffsetStore + 'static,
        F: Fn(Option<String>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<E>, Error>> + Send + 'static,
        O: Fn(&E) -> String + Send + Sync + 'static,
    {
        let store: Arc<dyn OffsetStore> = Arc::new(store);
        let acks = Arc::new(Acks::new(store.clone()));
        let reader = Reader {
            fetch: Box::new(move |offset| Box::pin(fetch(offset))),
            offset_of: Box::new(offset_of),
            store,
            acks: acks.clone(),
            idle: Self::DEFAULT_IDLE_INTERVAL,
            retry: Self::DEFAULT_RETRY_INTERVAL,
            loaded: false,
            cursor: None,
            buffer: VecDeque::new(),
            wait: None,
        };
        JournalFollower {
            reader: Some(reader),
            stream: None,
            acks,
        }
    }

    /// How long to wait after a fetch that answered nothing newer before
    /// fetching again ([`DEFAULT_IDLE_INTERVAL`](Self::DEFAULT_IDLE_INTERVAL)
    /// unless set). Set it before the first poll: later it has no effect.
    #[must_use]
    pub fn idle_interval(mut self, interval: Duration) -> Self {
        if let Some(reader) = &mut self.reader {
            reader.idle = interval;
        }
        self
    }

    /// How long to wait after a failed fetch or load before trying again
    /// ([`DEFAULT_RETRY_INTERVAL`](Self::DEFAULT_RETRY_INTERVAL) unless
    /// set). Set it before the first poll: later it has no effect.
    #[must_use]
    pub fn retry_interval(mut self, interval: Duration) -> Self {
        if let Some(reader) = &mut self.reader {
            reader.retry = interval;
        }
        self
    }

    /// How many yielded entries wait for an acknowledgement (or for one of
    /// an entry before them), that is, what a restart now would yield again.
    pub fn unacknowledged(&self) -> usize {
        self.acks.unacknowledged()
    }
}

impl<E: Send + 'static> Stream for JournalFollower<E> {
    type Item = Result<JournalItem<E>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(reader) = this.reader.take() {
            this.stream = Some(futures::stream::unfold(reader, Reader::step).boxed());
        }
        match &mut this.stream {
            Some(stream) => stream.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}

/// The reading half of a follower: where it is and what it has fetched.
struct Reader<E> {
    fetch: Fetch<E>,
    offset_of: OffsetOf<E>,
    store: Arc<dyn OffsetStore>,
    acks: Arc<Acks>,
    idle: Duration,
    retry: Duration,
    /// Whether the store was loaded (`cursor` is then meaningful).
    loaded: bool,
    /// The offset of the last entry yielded, or the stored one before that.
    cursor: Option<String>,
    /// Fetched entries not yet yielded, after `cursor`.
    buffer: VecDeque<E>,
    /// A wait due before the next load or fetch.
    wait: Option<Duration>,
}

impl<E: Send + 'static> Reader<E> {
    /// The next item and the state after it.
    async fn step(mut self) -> Option<(Result<JournalItem<E>, Error>, Self)> {
        loop {
            if let Some(wait) = self.wait.take() {
                tokio::time::sleep(wait).await;
            }
            if !self.loaded {
                match self.store.load().await {
                    Ok(offset) => {
                        self.cursor = offset;
                        self.loaded = true;
                    }
                    Err(e) => {
                        self.wait = Some(self.retry);
                        return Some((Err(e), self));
                    }
                }
            }
            if let Some(entry) = self.buffer.pop_front() {
                let offset = (self.offset_of)(&entry);
                self.cursor = Some(offset.clone());
                let item = self.acks.register(entry, offset);
                return Some((Ok(item), self));
            }
            let fetched = (self.fetch)(self.cursor.clone());
            match fetched.await {
                Ok(entries) => {
                    let from = self.cursor.as_deref();
                    let offset_of = &self.offset_of;
                    self.buffer.extend(
                        entries
                            .into_iter()
                            .filter(|entry| Some(offset_of(entry).as_str()) != from),
                    );
                    if self.buffer.is_empty() {
                        self.wait = Some(self.idle);
                    }
                }
                Err(e) => {
                    self.wait = Some(self.retry);
                    return Some((Err(e), self));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal_store::MemoryOffsetStore;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// A journal of entries `"1"`, `"2"`, … (the entry is its offset),
    /// read `per_fetch` at a time; the fetches it answered, by offset.
    #[derive(Clone)]
    struct Journal {
        len: usize,
        per_fetch: usize,
        calls: Arc<Mutex<Vec<Option<String>>>>,
    }

    impl Journal {
        fn new(len: usize, per_fetch: usize) -> Self {
            Journal {
                len,
                per_fetch,
                calls: Arc::default(),
            }
        }

        fn follower(&self, store: impl OffsetStore + 'static) -> JournalFollower<String> {
            let journal = self.clone();
            JournalFollower::new(
                store,
                move |offset: Option<String>| {
                    journal.calls.lock().unwrap().push(offset.clone());
                    let after: usize = offset.map_or(0, |o| o.parse().unwrap());
                    let end = (after + journal.per_fetch).min(journal.len);
                    let entries: Vec<String> = (after + 1..=end).map(|n| n.to_string()).collect();
                    async move { Ok(entries) }
                },
                String::clone,
            )
            .idle_interval(Duration::from_millis(20))
            .retry_interval(Duration::from_millis(20))
        }

        fn calls(&self) -> Vec<Option<String>> {
            self.calls.lock().unwrap().clone()
        }
    }

    async fn take(follower: &mut JournalFollower<String>, n: usize) -> Vec<JournalItem<String>> {
        let mut items = Vec::new();
        for _ in 0..n {
            items.push(follower.next().await.unwrap().unwrap());
        }
        items
    }

    fn offsets(items: &[JournalItem<String>]) -> Vec<&str> {
        items.iter().map(JournalItem::offset).collect()
    }

    #[tokio::test]
    async fn yields_in_order_and_resumes_after_the_acknowledged_prefix() {
        let journal = Journal::new(10, 3);
        let store = MemoryOffsetStore::new();
        let mut follower = journal.follower(store.clone());
        let items = take(&mut follower, 5).await;
        assert_eq!(offsets(&items), ["1", "2", "3", "4", "5"]);
        assert_eq!(journal.calls(), [None, Some("3".into())]);
        for item in &items[..3] {
            item.ack().await.unwrap();
        }
        assert_eq!(store.get().as_deref(), Some("3"));
        assert_eq!(follower.unacknowledged(), 2);
        drop(follower);

        let mut restarted = journal.follower(store.clone());
        let items = take(&mut restarted, 2).await;
        assert_eq!(offsets(&items), ["4", "5"]);
        assert_eq!(journal.calls(), [None, Some("3".into()), Some("3".into())]);
    }

    #[tokio::test]
    async fn out_of_order_acknowledgements_save_only_the_contiguous_prefix() {
        let journal = Journal::new(10, 10);
        let store = MemoryOffsetStore::new();
        let mut follower = journal.follower(store.clone());
        let items = take(&mut follower, 4).await;
        items[2].ack().await.unwrap();
        items[1].ack().await.unwrap();
        assert_eq!(store.get(), None, "entry 1 is not acknowledged");
        items[0].ack().await.unwrap();
        assert_eq!(store.get().as_deref(), Some("3"));
        // Acknowledging again is a no-op.
        items[0].ack().await.unwrap();
        items[2].ack().await.unwrap();
        assert_eq!(store.get().as_deref(), Some("3"));
        items[3].ack().await.unwrap();
        assert_eq!(store.get().as_deref(), Some("4"));
        assert_eq!(follower.unacknowledged(), 0);
    }

    #[tokio::test]
    async fn an_idle_journal_is_polled_once_per_interval() {
        let journal = Journal::new(2, 10);
        let store = MemoryOffsetStore::with_offset("2");
        let mut follower = journal.follower(store);
        let waited = tokio::time::timeout(Duration::from_millis(150), follower.next()).await;
        assert!(waited.is_err(), "nothing newer: no item");
        let calls = journal.calls().len();
        // One at once, then one per 20 ms at most.
        assert!((2..=9).contains(&calls), "{calls} fetches in 150 ms");
    }

    #[tokio::test]
    async fn an_entry_answered_again_at_the_fetch_offset_is_skipped() {
        let fetches = Arc::new(AtomicUsize::new(0));
        let counter = fetches.clone();
        let mut follower = JournalFollower::new(
            MemoryOffsetStore::with_offset("a"),
            move |offset: Option<String>| {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                async move {
                    assert_eq!(offset.as_deref(), Some(if n == 0 { "a" } else { "b" }));
                    // An inclusive answer: the entry at the offset, then the next one.
                    Ok(match n {
                        0 => vec!["a".to_string(), "b".to_string()],
                        _ => vec!["b".to_string()],
                    })
                }
            },
            String::clone,
        )
        .idle_interval(Duration::from_millis(10));
        let item = follower.next().await.unwrap().unwrap();
        assert_eq!(item.offset(), "b");
        let waited = tokio::time::timeout(Duration::from_millis(50), follower.next()).await;
        assert!(waited.is_err(), "`b` again is not yielded twice");
    }

    #[tokio::test]
    async fn a_failed_fetch_is_an_error_item_then_retried_from_the_same_offset() {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let seen = calls.clone();
        let store = MemoryOffsetStore::with_offset("1");
        let mut follower = JournalFollower::new(
            store.clone(),
            move |offset: Option<String>| {
                let mut seen = seen.lock().unwrap();
                seen.push(offset);
                let first = seen.len() == 1;
                async move {
                    if first {
                        Err(Error::InvalidRequest("down".into()))
                    } else {
                        Ok(vec!["2".to_string()])
                    }
                }
            },
            String::clone,
        )
        .retry_interval(Duration::from_millis(10));
        assert!(matches!(
            follower.next().await,
            Some(Err(Error::InvalidRequest(_)))
        ));
        assert_eq!(store.get().as_deref(), Some("1"));
        let item = follower.next().await.unwrap().unwrap();
        assert_eq!(item.offset(), "2");
        assert_eq!(
            *calls.lock().unwrap(),
            [Some("1".to_string()), Some("1".to_string())]
        );
        item.ack().await.unwrap();
        assert_eq!(store.get().as_deref(), Some("2"));
    }

    /// A store whose loads or saves fail while `failing` is set.
    struct Flaky {
        inner: MemoryOffsetStore,
        failing: Arc<Mutex<bool>>,
    }

    impl OffsetStore for Flaky {
        fn load(&self) -> BoxFuture<'_, Result<Option<String>, Error>> {
            if *self.failing.lock().unwrap() {
                return Box::pin(async { Err(Error::Config("store down".into())) });
            }
            self.inner.load()
        }

        fn save<'a>(&'a self, offset: &'a str) -> BoxFuture<'a, Result<(), Error>> {
            if *self.failing.lock().unwrap() {
                return Box::pin(async { Err(Error::Config("store down".into())) });
            }
            self.inner.save(offset)
        }
    }

    #[tokio::test]
    async fn a_failed_load_never_falls_back_to_the_start_of_the_journal() {
        let journal = Journal::new(5, 5);
        let failing = Arc::new(Mutex::new(true));
        let store = Flaky {
            inner: MemoryOffsetStore::with_offset("3"),
            failing: failing.clone(),
        };
        let mut follower = journal.follower(store);
        assert!(matches!(follower.next().await, Some(Err(Error::Config(_)))));
        assert!(
            journal.calls().is_empty(),
            "no fetch without the stored offset"
        );
        *failing.lock().unwrap() = false;
        let item = follower.next().await.unwrap().unwrap();
        assert_eq!(item.offset(), "4");
        assert_eq!(journal.calls(), [Some("3".to_string())]);
    }

    #[tokio::test]
    async fn a_failed_save_keeps_the_acknowledgement_for_the_next_save() {
        let journal = Journal::new(5, 5);
        let failing = Arc::new(Mutex::new(false));
        let inner = MemoryOffsetStore::new();
        let store = Flaky {
            inner: inner.clone(),
            failing: failing.clone(),
        };
        let mut follower = journal.follower(store);
        let items = take(&mut follower, 2).await;
        *failing.lock().unwrap() = true;
        assert!(items[0].ack().await.is_err());
        assert_eq!(inner.get(), None);
        *failing.lock().unwrap() = false;
        items[1].ack().await.unwrap();
        assert_eq!(inner.get().as_deref(), Some("2"));
    }
}
