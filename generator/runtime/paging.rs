//! Streams over HubSpot's cursor-paged lists and searches.

use super::error::Error;
use futures::stream::{self, Stream, TryStreamExt};
use std::future::Future;

/// One page as a stream needs it: its items and the cursor of the next page.
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last.
    pub next: Option<String>,
}

enum State<B> {
    /// Fetch a page with this request and cursor (`None`: the caller's own).
    Fetch(B, Option<String>),
    /// The search ceiling was reached: report it, then end.
    Ceiling(u32),
    Done,
}

/// Streams the items of every page. A page is fetched only when the items of
/// the previous one have been read, so `take(n)` sends no needless requests.
///
/// `fetch` sends `request` with `cursor` set (it leaves the request's own
/// cursor alone when `cursor` is `None`). With a `ceiling` (HubSpot's 10,000
/// results of a search), a next cursor at or past it ends the stream with
/// [`Error::SearchLimit`] instead of a request HubSpot would refuse.
pub fn items<B, T, F, Fut>(
    first: B,
    ceiling: Option<u32>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    B: Clone + Send + 'static,
    T: Send + 'static,
    F: Fn(B, Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page<T>, Error>> + Send + 'static,
{
    let pages = stream::unfold(State::Fetch(first, None), move |state| {
        let step = match state {
            State::Fetch(request, cursor) => Ok(Some((request.clone(), fetch(request, cursor)))),
            State::Ceiling(limit) => Err(limit),
            State::Done => Ok(None),
        };
        async move {
            let (request, fetched) = match step {
                Err(limit) => return Some((Err(Error::SearchLimit { limit }), State::Done)),
                Ok(None) => return None,
                Ok(Some(step)) => step,
            };
            Some(match fetched.await {
                Err(e) => (Err(e), State::Done),
                Ok(page) => {
                    let next = match page.next {
                        None => State::Done,
                        Some(cursor) => match ceiling {
                            Some(limit) if past(&cursor, limit) => State::Ceiling(limit),
                            _ => State::Fetch(request, Some(cursor)),
                        },
                    };
                    (Ok(page.items), next)
                }
            })
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
