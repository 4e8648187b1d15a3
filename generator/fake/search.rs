//! The search: filter groups, the first sort, paging by offset up to
//! HubSpot's 10,000 results.

use super::objects::page;
use super::reply::{self, Reply};
use super::routes::Call;
use super::store::Store;
use serde_json::Value;
use std::cmp::Ordering;

/// HubSpot serves at most this many results of one search.
const SEARCH_CEILING: usize = 10_000;

/// The records the filter groups match (any group, every filter of it) and
/// the free-text `query` finds, in the order of the first sort object (a
/// string sort is ignored, as HubSpot ignores it; else id order); `after`
/// is an offset, refused past HubSpot's 10,000.
pub(crate) fn search(store: &Store, call: &Call) -> Reply {
    let body = &call.body;
    let offset: usize = body["after"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let limit = body["limit"].as_u64().unwrap_or(10).clamp(1, 200) as usize;
    if offset >= SEARCH_CEILING {
        let message = format!("The search cannot page past {SEARCH_CEILING} results");
        return reply::error(400, &message, "VALIDATION_ERROR");
    }
    let ty = call.object_type.as_str();
    let groups = body["filterGroups"].as_array().cloned().unwrap_or_default();
    let text = body["query"]
        .as_str()
        .map(str::to_lowercase)
        .filter(|q| !q.is_empty());
    let mut ids: Vec<u64> = store
        .ids(ty)
        .filter(|id| groups.is_empty() || groups.iter().any(|g| group_matches(store, ty, *id, g)))
        .filter(|id| text.as_deref().is_none_or(|q| has_text(store, ty, *id, q)))
        .collect();
    if let Some(sort) = body["sorts"].get(0).filter(|s| s.is_object()) {
        let property = sort["propertyName"].as_str().unwrap_or_default();
        let descending = sort["direction"] == "DESCENDING";
        ids.sort_by(|a, b| {
            let order = compare(
                &store.value(ty, *a, property),
                &store.value(ty, *b, property),
            );
            let order = if descending { order.reverse() } else { order };
            order.then(a.cmp(b))
        });
    }
    let total = ids.len();
    let only: Vec<String> = body["properties"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let results = ids
        .iter()
        .skip(offset)
        .take(limit)
        .map(|id| store.json(ty, *id, &only))
        .collect();
    let next = (offset + limit < total).then(|| (offset + limit).to_string());
    page(results, next, Some(total))
}

/// HubSpot's free-text search looks at a record's default searchable
/// properties; the fake looks at every property.
fn has_text(store: &Store, ty: &str, id: u64, query: &str) -> bool {
    store
        .records_value_iter(ty, id)
        .any(|v| v.to_lowercase().contains(query))
}

fn group_matches(store: &Store, ty: &str, id: u64, group: &Value) -> bool {
    let filters = group["filters"].as_array().cloned().unwrap_or_default();
    filters.iter().all(|f| filter_matches(store, ty, id, f))
}

fn filter_matches(store: &Store, ty: &str, id: u64, filter: &Value) -> bool {
    let property = filter["propertyName"].as_str().unwrap_or_default();
    let have = store.value(ty, id, property);
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    };
    let want = text(&filter["value"]);
    let values: Vec<Option<String>> = filter["values"]
        .as_array()
        .map(|l| l.iter().map(text).collect())
        .unwrap_or_default();
    let order = |want: &Option<String>| compare(&have, want);
    match filter["operator"].as_str().unwrap_or_default() {
        "HAS_PROPERTY" => have.is_some(),
        "NOT_HAS_PROPERTY" => have.is_none(),
        "NEQ" => order(&want) != Ordering::Equal,
        "NOT_IN" => values.iter().all(|v| order(v) != Ordering::Equal),
        _ if have.is_none() => false,
        "EQ" => order(&want) == Ordering::Equal,
        "GT" => order(&want) == Ordering::Greater,
        "GTE" => order(&want) != Ordering::Less,
        "LT" => order(&want) == Ordering::Less,
        "LTE" => order(&want) != Ordering::Greater,
        "IN" => values.iter().any(|v| order(v) == Ordering::Equal),
        "BETWEEN" => {
            let high = text(&filter["highValue"]);
            order(&want) != Ordering::Less && order(&high) != Ordering::Greater
        }
        "CONTAINS_TOKEN" => {
            let token = want.unwrap_or_default().to_lowercase().replace('*', "");
            have.is_some_and(|h| h.to_lowercase().contains(&token))
        }
        "NOT_CONTAINS_TOKEN" => {
            let token = want.unwrap_or_default().to_lowercase().replace('*', "");
            have.is_some_and(|h| !h.to_lowercase().contains(&token))
        }
        _ => false,
    }
}

/// Numbers by value, other text as text (case-insensitively, as HubSpot
/// compares strings); absent values first.
fn compare(a: &Option<String>, b: &Option<String>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.total_cmp(&y),
            _ => a.to_lowercase().cmp(&b.to_lowercase()),
        },
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}
