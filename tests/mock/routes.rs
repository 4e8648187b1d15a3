//! The contacts endpoints the mock serves, over its store.

use super::budget::json;
use super::store::Store;
use super::Reply;
use hyper::{Method, Uri};
use serde_json::{json, Map, Value};

/// The contacts collection, in v3 and in the date-based versions.
const CONTACTS: [&str; 3] = [
    "/crm/v3/objects/contacts",
    "/crm/objects/2026-09/contacts",
    "/crm/objects/2026-03/contacts",
];
/// HubSpot serves at most this many results of one search.
const SEARCH_CEILING: usize = 10_000;

/// Answers one request.
pub(super) fn route(store: &mut Store, method: &Method, uri: &Uri, body: &[u8]) -> Reply {
    let body: Value = serde_json::from_slice(body).unwrap_or_default();
    let action = CONTACTS.iter().find_map(|c| uri.path().strip_prefix(c));
    match (method, action) {
        (&Method::GET, Some("" | "/")) => list(store, uri.query().unwrap_or_default()),
        (&Method::POST, Some("/search")) => search(store, &body),
        (&Method::POST, Some("/batch/create")) => create(store, &body),
        (&Method::POST, Some("/batch/upsert")) => upsert(store, &body),
        (&Method::POST, Some("/batch/read")) => read(store, &body),
        _ => json(404, &error("Not found", "OBJECT_NOT_FOUND")),
    }
}

fn error(message: &str, category: &str) -> Value {
    json!({
        "status": "error",
        "message": message,
        "correlationId": "00000000-0000-4000-8000-000000000000",
        "category": category
    })
}

fn inputs(body: &Value) -> &[Value] {
    body["inputs"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn properties(input: &Value) -> Map<String, Value> {
    input["properties"].as_object().cloned().unwrap_or_default()
}

/// A batch answer: `results`, and per-item `errors` in a 207.
fn batch(status: u16, results: Vec<Value>, errors: Vec<Value>) -> Reply {
    let mut out = json!({
        "status": "COMPLETE",
        "results": results,
        "startedAt": "2026-11-28T21:45:00.010Z",
        "completedAt": "2026-11-28T21:45:00.120Z"
    });
    if errors.is_empty() {
        return json(status, &out);
    }
    out["numErrors"] = json!(errors.len());
    out["errors"] = json!(errors);
    json(207, &out)
}

fn create(store: &mut Store, body: &Value) -> Reply {
    let ids: Vec<u64> = inputs(body)
        .iter()
        .map(|input| store.create(properties(input)))
        .collect();
    batch(
        201,
        ids.into_iter().map(|id| store.json(id)).collect(),
        Vec::new(),
    )
}

/// Upsert by `idProperty` (`email`): updates the contact that has it, or
/// creates one.
fn upsert(store: &mut Store, body: &Value) -> Reply {
    let mut results = Vec::new();
    for input in inputs(body) {
        let property = input["idProperty"].as_str().unwrap_or("hs_object_id");
        let key = input["id"].as_str().unwrap_or_default();
        let mut props = properties(input);
        let (id, new) = match store.find(property, key) {
            Some(id) => {
                store.update(id, props);
                (id, false)
            }
            None => {
                props.insert(property.to_string(), json!(key));
                (store.create(props), true)
            }
        };
        let mut record = store.json(id);
        record["new"] = json!(new);
        results.push(record);
    }
    batch(200, results, Vec::new())
}

/// Batch read by id or by `idProperty`; ids not found are per-item errors.
fn read(store: &mut Store, body: &Value) -> Reply {
    let property = body["idProperty"].as_str().unwrap_or("hs_object_id");
    let (mut results, mut errors) = (Vec::new(), Vec::new());
    for input in inputs(body) {
        let key = input["id"].as_str().unwrap_or_default();
        match store.find(property, key) {
            Some(id) => results.push(store.json(id)),
            None => {
                let mut e = error(&format!("Could not get object {key}"), "OBJECT_NOT_FOUND");
                e["context"] = json!({ "ids": [key] });
                e["errors"] = json!([]);
                e["links"] = json!({});
                errors.push(e);
            }
        }
    }
    batch(200, results, errors)
}

/// `value` of `name` in a query string.
fn query<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Page `results` with HubSpot's `paging.next.after` when `next` is set.
fn page(store: &Store, ids: Vec<u64>, next: Option<String>, total: Option<usize>) -> Reply {
    let mut out =
        json!({ "results": ids.into_iter().map(|id| store.json(id)).collect::<Vec<_>>() });
    if let Some(after) = next {
        out["paging"] = json!({ "next": { "after": after, "link": format!("?after={after}") } });
    }
    if let Some(total) = total {
        out["total"] = json!(total);
    }
    json(200, &out)
}

/// The paged list: `after` is the id to start from.
fn list(store: &Store, q: &str) -> Reply {
    let limit = query(q, "limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10usize);
    let from = query(q, "after")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0u64);
    let (ids, next) = store.starting_at(from, limit.clamp(1, 100));
    page(store, ids, next.map(|id| id.to_string()), None)
}

/// The search: the records its filter groups match (any group, every
/// filter of it), in the order of its first sort object (a string sort is
/// ignored, as HubSpot ignores it; else id order); `after` is an offset,
/// refused past HubSpot's 10,000.
fn search(store: &Store, body: &Value) -> Reply {
    let offset: usize = body["after"]
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let limit = body["limit"].as_u64().unwrap_or(10).clamp(1, 200) as usize;
    if offset >= SEARCH_CEILING {
        return json(
            400,
            &error("Cannot page past 10000 results", "VALIDATION_ERROR"),
        );
    }
    let groups = body["filterGroups"].as_array().cloned().unwrap_or_default();
    let mut ids: Vec<u64> = store
        .ids()
        .filter(|id| groups.is_empty() || groups.iter().any(|g| group_matches(store, *id, g)))
        .collect();
    if let Some(sort) = body["sorts"].get(0).filter(|s| s.is_object()) {
        let property = sort["propertyName"].as_str().unwrap_or_default();
        let descending = sort["direction"] == "DESCENDING";
        ids.sort_by(|a, b| {
            let order = compare_values(&store.value(*a, property), &store.value(*b, property));
            let order = if descending { order.reverse() } else { order };
            order.then(a.cmp(b))
        });
    }
    let total = ids.len();
    let shown: Vec<u64> = ids.iter().skip(offset).take(limit).copied().collect();
    let more = offset + limit < total;
    let next = more.then(|| (offset + limit).to_string());
    page(store, shown, next, Some(total))
}

fn group_matches(store: &Store, id: u64, group: &Value) -> bool {
    let filters = group["filters"].as_array().cloned().unwrap_or_default();
    filters.iter().all(|f| filter_matches(store, id, f))
}

fn filter_matches(store: &Store, id: u64, filter: &Value) -> bool {
    use std::cmp::Ordering::*;
    let property = filter["propertyName"].as_str().unwrap_or_default();
    let have = store.value(id, property);
    let want = filter["value"].as_str().map(str::to_owned);
    let order = || compare_values(&have, &want);
    match filter["operator"].as_str().unwrap_or_default() {
        "HAS_PROPERTY" => have.is_some(),
        "NOT_HAS_PROPERTY" => have.is_none(),
        _ if have.is_none() => false,
        "EQ" => order() == Equal,
        "NEQ" => order() != Equal,
        "GT" => order() == Greater,
        "GTE" => order() != Less,
        "LT" => order() == Less,
        "LTE" => order() != Greater,
        _ => false,
    }
}

/// Numbers by value, other text as text; absent values first.
fn compare_values(a: &Option<String>, b: &Option<String>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.total_cmp(&y),
            _ => a.cmp(b),
        },
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}
