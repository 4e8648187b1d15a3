//! Every record a search matches, past HubSpot's 10,000-result ceiling, as
//! HubSpot's search guide says to read them: sorted by `hs_object_id`
//! ascending, each page a new search for the ids above the last one seen.
//!
//! Ids only grow along the way, so no record comes twice, and the id of the
//! last record handled is all a caller stores to resume: a new sync from it
//! reads on after it. A record that starts to match during the run (it is
//! modified, or created) is read when its id is above the position reached;
//! one below it was passed already, and a sync of the records modified
//! since the run started (filter on `lastmodifieddate`, or
//! `hs_lastmodifieddate`) reads it next time.

use super::error::Error;
use futures::Stream;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::future::Future;

/// The property a sync sorts and resumes on.
pub const ID_PROPERTY: &str = "hs_object_id";

/// Results per page: HubSpot's largest search page.
pub const PAGE: usize = 200;

/// The search body of one page of a sync: `request`'s filters, each filter
/// group (or a new one when it has none) also requiring `hs_object_id >
/// after`; sorted by `hs_object_id` ascending; no `after` cursor; a page of
/// [`PAGE`] (or the request's own smaller `limit`).
#[doc(hidden)]
pub fn page_body<B: Serialize + DeserializeOwned>(
    request: &B,
    after: Option<&str>,
) -> Result<B, Error> {
    let mut value =
        serde_json::to_value(request).map_err(|e| Error::InvalidRequest(format!("sync: {e}")))?;
    let Some(object) = value.as_object_mut() else {
        return Err(Error::InvalidRequest(
            "sync: the search body is no object".into(),
        ));
    };
    let limit = limit_of(object.get("limit"));
    object.remove("after");
    object.insert("limit".into(), json!(limit));
    object.insert(
        "sorts".into(),
        json!([{ "propertyName": ID_PROPERTY, "direction": "ASCENDING" }]),
    );
    if let Some(after) = after {
        let above = json!({ "propertyName": ID_PROPERTY, "operator": "GT", "value": after });
        let groups = object.entry("filterGroups").or_insert_with(|| json!([]));
        match groups.as_array_mut() {
            Some(list) if list.is_empty() => list.push(json!({ "filters": [above] })),
            Some(list) => {
                for group in list {
                    match group.get_mut("filters").and_then(Value::as_array_mut) {
                        Some(filters) => filters.push(above.clone()),
                        None => group["filters"] = json!([above.clone()]),
                    }
                }
            }
            None => *groups = json!([{ "filters": [above] }]),
        }
    }
    serde_json::from_value(value).map_err(|e| Error::InvalidRequest(format!("sync: {e}")))
}

fn limit_of(limit: Option<&Value>) -> usize {
    limit
        .and_then(Value::as_u64)
        .map_or(PAGE, |l| (l as usize).clamp(1, PAGE))
}

/// The page size a sync of `request` asks for: its `limit` up to [`PAGE`].
#[doc(hidden)]
pub fn limit<B: Serialize>(request: &B) -> usize {
    let value = serde_json::to_value(request).unwrap_or_default();
    limit_of(value.get("limit"))
}

/// The number in a record id, to check that a sync moves forward.
fn number(id: &str) -> Option<u128> {
    id.parse().ok()
}

/// The records of a sync, resuming after the record id `after` (none: from
/// the start). `fetch(after)` sends one page's search and returns its
/// records; `id` is a record's id. The stream ends at a page shorter than
/// `limit`, and fails (instead of reading the same records for ever) if a
/// page does not move past the last id.
#[doc(hidden)]
pub fn records<T, F, Fut>(
    after: Option<String>,
    limit: usize,
    fetch: F,
    id: fn(&T) -> &str,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    T: Send + 'static,
    F: FnMut(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'static,
{
    struct State<F, T> {
        after: Option<String>,
        fetch: F,
        page: std::vec::IntoIter<T>,
        done: bool,
    }
    let state = State {
        after,
        fetch,
        page: Vec::new().into_iter(),
        done: false,
    };
    futures::stream::unfold(state, move |mut s| async move {
        loop {
            if let Some(record) = s.page.next() {
                s.after = Some(id(&record).to_string());
                return Some((Ok(record), s));
            }
            if s.done {
                return None;
            }
            let page = match (s.fetch)(s.after.clone()).await {
                Ok(page) => page,
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
            };
            s.done = page.len() < limit.max(1);
            let last = s.after.as_deref().and_then(number);
            let forward =
                page.first()
                    .map(|r| number(id(r)))
                    .is_none_or(|first| match (last, first) {
                        (Some(last), Some(first)) => first > last,
                        _ => true,
                    });
            if !forward {
                s.done = true;
                let cursor = s.after.clone().unwrap_or_default();
                return Some((Err(Error::CursorRepeated { cursor }), s));
            }
            s.page = page.into_iter();
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    #[test]
    fn a_page_body_adds_the_id_filter_to_every_group_and_sorts_by_id() {
        let request = json!({
            "filterGroups": [
                { "filters": [{ "propertyName": "lastmodifieddate", "operator": "GTE", "value": "1" }] },
                { "filters": [{ "propertyName": "email", "operator": "HAS_PROPERTY" }] }
            ],
            "sorts": [{ "propertyName": "email" }],
            "after": "400",
            "properties": ["email"]
        });
        let body: Value = page_body(&request, Some("812")).unwrap();
        let above = json!({ "propertyName": "hs_object_id", "operator": "GT", "value": "812" });
        assert_eq!(body["filterGroups"][0]["filters"][1], above);
        assert_eq!(body["filterGroups"][1]["filters"][1], above);
        assert_eq!(
            body["sorts"],
            json!([{ "propertyName": "hs_object_id", "direction": "ASCENDING" }])
        );
        assert_eq!(body["limit"], json!(200));
        assert_eq!(body.get("after"), None);
        assert_eq!(body["properties"], json!(["email"]));
        let first: Value = page_body(&json!({ "limit": 50 }), None).unwrap();
        assert_eq!(first["limit"], json!(50));
        assert_eq!(first.get("filterGroups"), None);
        let resumed: Value = page_body(&json!({}), Some("9")).unwrap();
        let nine = json!({ "propertyName": "hs_object_id", "operator": "GT", "value": "9" });
        assert_eq!(resumed["filterGroups"], json!([{ "filters": [nine] }]));
    }

    #[tokio::test]
    async fn a_sync_reads_page_after_page_and_stops_on_a_page_that_does_not_move() {
        let pages = std::sync::Arc::new(std::sync::Mutex::new(vec![
            vec!["3".to_string(), "7".to_string()],
            vec!["8".to_string(), "12".to_string()],
            vec!["12".to_string()],
        ]));
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (p, a) = (pages.clone(), asked.clone());
        let stream = records(
            None,
            2,
            move |after| {
                a.lock().unwrap().push(after);
                let page = p.lock().unwrap().remove(0);
                async move { Ok(page) }
            },
            |r: &String| r.as_str(),
        );
        let got: Vec<Result<String, Error>> = stream.collect().await;
        let ids: Vec<&str> = got
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(String::as_str)
            .collect();
        assert_eq!(ids, ["3", "7", "8", "12"]);
        assert!(matches!(
            got.last(),
            Some(Err(Error::CursorRepeated { .. }))
        ));
        assert_eq!(
            *asked.lock().unwrap(),
            [None, Some("7".into()), Some("12".into())]
        );
    }
}
