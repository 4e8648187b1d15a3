//! Streams over HubSpot's cursor-paged lists and searches.

use super::error::Error;
use futures::future::{FutureExt, RemoteHandle};
use futures::stream::{self, Stream, TryStreamExt};
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
/// [`Error::SearchLimit`] instead of a request HubSpot would refuse.
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
    let pages = stream::unfold(State::Fetch(first, None), move |state| {
        let fetch = fetch.clone();
        async move {
            let (request, fetched) = match state {
                State::Fetch(request, cursor) => {
                    let fetched = fetch(request.clone(), cursor).await;
                    (request, fetched)
                }
                State::Ahead(request, handle) => (request, handle.await),
                State::Ceiling(limit) => {
                    return Some((Err(Error::SearchLimit { limit }), State::Done))
                }
                State::Done => return None,
            };
            let page = match fetched {
                Ok(page) => page,
                Err(e) => return Some((Err(e), State::Done)),
            };
            let next = match (page.next, ceiling) {
                (None, _) => State::Done,
                (Some(cursor), Some(limit)) if past(&cursor, limit) => State::Ceiling(limit),
                (Some(cursor), _) if prefetch => {
                    let (task, handle) = fetch(request.clone(), Some(cursor)).remote_handle();
                    tokio::spawn(task);
                    State::Ahead(request, handle)
                }
                (Some(cursor), _) => State::Fetch(request, Some(cursor)),
            };
            Some((Ok(page.items), next))
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
