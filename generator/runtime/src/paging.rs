//! Streams over HubSpot's cursor-paged lists and searches.

use super::error::Error;
use futures::future::{FutureExt, RemoteHandle};
use futures::stream::{self, Stream, TryStreamExt};
use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

/// One page as a stream needs it: its items and the cursor of the next page.
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last.
    pub next: Option<String>,
}

enum State<B, T> {
    /// Fetch a page with this request and cursor (`None`: the caller's own).
    Fetch(B, Option<String>),
    /// A page being fetched ahead in a task of its own (cancelled when the
    /// stream is dropped).
    Ahead(B, RemoteHandle<Result<Page<T>, Error>>),
    /// The search ceiling was reached: report it, then end.
    Ceiling(u32),
    /// HubSpot answered with a cursor the stream had already followed (or
    /// an empty one): report it, then end.
    Repeated(String),
    Done,
}

/// Streams the items of every page.
///
/// With `prefetch`, the next page is fetched (in a tokio task) as soon as a
/// page arrives, while the caller reads its items: at most one page ahead.
/// Without it, a page is fetched only when the items of the previous one
/// have been read, so `take(n)` sends no needless requests.
///
/// `fetch` sends `request` with `cursor` set (it leaves the request's own
/// cursor alone when `cursor` is `None`). With a `ceiling` (HubSpot's 10,000
/// results of a search), a next cursor at or past it ends the stream with
/// [`Error::SearchLimit`] instead of a request HubSpot would refuse. A next
/// cursor that is empty or was followed before would fetch pages already
/// read, for ever: the stream ends with [`Error::CursorRepeated`] instead.
pub fn items<B, T, F, Fut>(
    first: B,
    ceiling: Option<u32>,
    prefetch: bool,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    B: Clone + Send + 'static,
    T: Send + 'static,
    F: Fn(B, Option<String>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    let fetch = Arc::new(fetch);
    let start = (State::Fetch(first, None), HashSet::new());
    let pages = stream::unfold(start, move |(state, mut seen)| {
        let fetch = fetch.clone();
        async move {
            let (request, fetched) = match state {
                State::Fetch(request, cursor) => {
                    let fetched = fetch(request.clone(), cursor).await;
                    (request, fetched)
                }
                State::Ahead(request, handle) => (request, handle.await),
                State::Ceiling(limit) => {
                    return Some((Err(Error::SearchLimit { limit }), (State::Done, seen)))
                }
                State::Repeated(cursor) => {
                    return Some((Err(Error::CursorRepeated { cursor }), (State::Done, seen)))
                }
                State::Done => return None,
            };
            let page = match fetched {
                Ok(page) => page,
                Err(e) => return Some((Err(e), (State::Done, seen))),
            };
            let next = match (page.next, ceiling) {
                (None, _) => State::Done,
                (Some(cursor), _) if cursor.is_empty() || !seen.insert(cursor.clone()) => {
                    State::Repeated(cursor)
                }
                (Some(cursor), Some(limit)) if past(&cursor, limit) => State::Ceiling(limit),
                (Some(cursor), _) if prefetch => {
                    let (task, handle) = fetch(request.clone(), Some(cursor)).remote_handle();
                    tokio::spawn(task);
                    State::Ahead(request, handle)
                }
                (Some(cursor), _) => State::Fetch(request, Some(cursor)),
            };
            Some((Ok(page.items), (next, seen)))
        }
    });
    pages
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
}

/// A search cursor is the offset of the next result.
fn past(cursor: &str, limit: u32) -> bool {
    cursor.parse::<u64>().is_ok_and(|at| at >= u64::from(limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Pages answered by cursor: `""` is the first page.
    async fn collect(
        pages: &'static [(&'static str, Option<&'static str>)],
    ) -> (Vec<Result<u32, String>>, usize) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let stream = items((), None, false, move |(), cursor: Option<String>| {
            counter.fetch_add(1, Ordering::SeqCst);
            let at = cursor.unwrap_or_default();
            let (i, (_, next)) = pages
                .iter()
                .enumerate()
                .find(|(_, (c, _))| *c == at)
                .expect("a known cursor");
            let page = Page {
                items: vec![i as u32],
                next: next.map(str::to_string),
            };
            async move { Ok(page) }
        });
        let got = stream
            .take(10)
            .map(|r| r.map_err(|e| e.to_string()))
            .collect::<Vec<_>>()
            .await;
        (got, calls.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_stream_with_an_error() {
        let (got, calls) = collect(&[("", Some("a")), ("a", Some("a"))]).await;
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[..2], [Ok(0), Ok(1)]);
        assert!(got[2].as_ref().is_err_and(|e| e.contains("`a`")), "{got:?}");
        assert_eq!(calls, 2, "no request for a page already read");
    }

    #[tokio::test]
    async fn a_cycle_and_an_empty_cursor_end_it_too() {
        let (got, calls) = collect(&[("", Some("a")), ("a", Some("b")), ("b", Some("a"))]).await;
        assert_eq!((got.len(), calls), (4, 3), "{got:?}");
        assert!(got[3].is_err());
        let (got, calls) = collect(&[("", Some(""))]).await;
        assert_eq!((got.len(), calls), (2, 1), "{got:?}");
        assert!(got[1].is_err());
    }

    #[tokio::test]
    async fn distinct_cursors_read_every_page() {
        let (got, calls) = collect(&[("", Some("a")), ("a", Some("b")), ("b", None)]).await;
        assert_eq!(got, [Ok(0), Ok(1), Ok(2)]);
        assert_eq!(calls, 3);
    }
}
