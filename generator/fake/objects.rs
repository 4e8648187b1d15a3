//! The CRM object endpoints: create, read, update, archive, list, search,
//! the batches (with HubSpot's 207 per-item errors), and a record's own
//! association paths.

use super::associations;
use super::reply::{self, Reply};
use super::routes::{unserved, Call};
use super::search;
use super::store::Store;
use hyper::Method;
use serde_json::{json, Map, Value};

/// Answers a request under `/crm/…/objects/{objectType}`.
pub(crate) fn route(store: &mut Store, call: &Call) -> Reply {
    let m = &call.method;
    match call.rest().as_slice() {
        [] | [""] if m == Method::GET => list(store, call),
        [] | [""] if m == Method::POST => create(store, call),
        ["search"] if m == Method::POST => search::search(store, call),
        ["batch", "create"] if m == Method::POST => batch_create(store, call),
        ["batch", "read"] if m == Method::POST => batch_read(store, call),
        ["batch", "update"] if m == Method::POST => batch_update(store, call),
        ["batch", "upsert"] if m == Method::POST => batch_upsert(store, call),
        ["batch", "archive"] if m == Method::POST => batch_archive(store, call),
        [id] if m == Method::GET => read(store, call, id),
        [id] if m == Method::PATCH => update(store, call, id),
        [id] if m == Method::DELETE => archive(store, call, id),
        [id, "associations", ..] => associations::of_record(store, call, id),
        _ => unserved(
            m,
            &format!("…/{}/{}", call.object_type, call.rest.join("/")),
        ),
    }
}

pub(crate) fn inputs(body: &Value) -> &[Value] {
    body["inputs"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn properties(input: &Value) -> Map<String, Value> {
    input["properties"].as_object().cloned().unwrap_or_default()
}

/// The property names a request asks for (`properties`, in the query or
/// the body).
fn asked(call: &Call) -> Vec<String> {
    let mut names = call.query_list("properties");
    if let Some(list) = call.body["properties"].as_array() {
        names.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
    }
    names
}

/// A record with the trace id of the input that wrote it.
fn traced(mut record: Value, input: &Value) -> Value {
    if let Some(trace) = input.get("objectWriteTraceId").filter(|t| t.is_string()) {
        record["objectWriteTraceId"] = trace.clone();
    }
    record
}

/// A batch answer: `results`, and per-item `errors` in a 207.
pub(crate) fn batch(status: u16, results: Vec<Value>, errors: Vec<Value>) -> Reply {
    let mut out = json!({
        "status": "COMPLETE",
        "results": results,
        "startedAt": "2026-11-28T21:45:00.010Z",
        "completedAt": "2026-11-28T21:45:00.120Z",
    });
    if errors.is_empty() {
        return reply::json(status, &out);
    }
    out["numErrors"] = json!(errors.len());
    out["errors"] = json!(errors);
    reply::json(207, &out)
}

/// One per-item error of a batch: the record `id` is not there.
pub(crate) fn missing(id: &str) -> Value {
    let mut e = reply::error_body(
        &format!("Could not get some objects, they may be deleted or not exist. ({id})"),
        "OBJECT_NOT_FOUND",
    );
    e["context"] = json!({ "ids": [id] });
    e
}

/// The record id a path or an input names, by `idProperty` (the id when none).
fn resolve(store: &Store, call: &Call, key: &str, id_property: Option<&str>) -> Option<u64> {
    store.find(
        &call.object_type,
        id_property.unwrap_or("hs_object_id"),
        key,
    )
}

/// Creates one record and its associations (each `to` found by its id).
fn create_one(store: &mut Store, call: &Call, input: &Value) -> Result<u64, Box<Reply>> {
    let id = store.create(&call.object_type, properties(input));
    if let Some(list) = input["associations"].as_array() {
        associations::link_on_create(store, (&call.object_type, id), list)?;
    }
    Ok(id)
}

fn create(store: &mut Store, call: &Call) -> Reply {
    match create_one(store, call, &call.body) {
        Ok(id) => reply::json(
            201,
            &traced(store.json(&call.object_type, id, &[]), &call.body),
        ),
        Err(reply) => *reply,
    }
}

fn read(store: &Store, call: &Call, key: &str) -> Reply {
    let Some(id) = resolve(store, call, key, call.query("idProperty").as_deref()) else {
        return reply::not_found(&call.object_type, key);
    };
    let mut record = store.json(&call.object_type, id, &asked(call));
    let wanted = call.query_list("associations");
    if !wanted.is_empty() {
        record["associations"] = associations::listed(store, (&call.object_type, id), &wanted);
    }
    reply::json(200, &record)
}

fn update(store: &mut Store, call: &Call, key: &str) -> Reply {
    let Some(id) = resolve(store, call, key, call.query("idProperty").as_deref()) else {
        return reply::not_found(&call.object_type, key);
    };
    store.update(&call.object_type, id, properties(&call.body));
    reply::json(200, &store.json(&call.object_type, id, &[]))
}

fn archive(store: &mut Store, call: &Call, key: &str) -> Reply {
    // HubSpot answers 204 whether or not the record was there.
    if let Some(id) = resolve(store, call, key, None) {
        store.archive(&call.object_type, id);
    }
    reply::empty(204)
}

/// The paged list: `after` is the id to start from.
fn list(store: &Store, call: &Call) -> Reply {
    let limit = call
        .query("limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10usize);
    let from = call
        .query("after")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0u64);
    let (ids, next) = store.starting_at(&call.object_type, from, limit.clamp(1, 100));
    let only = asked(call);
    let results: Vec<Value> = ids
        .iter()
        .map(|id| store.json(&call.object_type, *id, &only))
        .collect();
    page(results, next.map(|id| id.to_string()), None)
}

/// A page with HubSpot's `paging.next.after` when `next` is set.
pub(crate) fn page(results: Vec<Value>, next: Option<String>, total: Option<usize>) -> Reply {
    let mut out = json!({ "results": results });
    if let Some(after) = next {
        out["paging"] = json!({ "next": { "after": after, "link": format!("?after={after}") } });
    }
    if let Some(total) = total {
        out["total"] = json!(total);
    }
    reply::json(200, &out)
}

fn batch_create(store: &mut Store, call: &Call) -> Reply {
    let mut results = Vec::new();
    for input in inputs(&call.body) {
        match create_one(store, call, input) {
            Ok(id) => results.push(traced(store.json(&call.object_type, id, &[]), input)),
            Err(reply) => return *reply,
        }
    }
    batch(201, results, Vec::new())
}

/// Batch read by id or by `idProperty`; ids not found are per-item errors.
fn batch_read(store: &Store, call: &Call) -> Reply {
    let id_property = call.body["idProperty"].as_str();
    let only = asked(call);
    let (mut results, mut errors) = (Vec::new(), Vec::new());
    for input in inputs(&call.body) {
        let key = input["id"].as_str().unwrap_or_default();
        match resolve(store, call, key, id_property) {
            Some(id) => results.push(store.json(&call.object_type, id, &only)),
            None => errors.push(missing(key)),
        }
    }
    batch(200, results, errors)
}

/// Batch update by id or by `idProperty`; ids not found are per-item errors.
fn batch_update(store: &mut Store, call: &Call) -> Reply {
    let (mut results, mut errors) = (Vec::new(), Vec::new());
    for input in inputs(&call.body) {
        let key = input["id"].as_str().unwrap_or_default();
        match resolve(store, call, key, input["idProperty"].as_str()) {
            Some(id) => {
                store.update(&call.object_type, id, properties(input));
                results.push(traced(store.json(&call.object_type, id, &[]), input));
            }
            None => errors.push(missing(key)),
        }
    }
    batch(200, results, errors)
}

/// Upsert by `idProperty`: updates the record that has it, or creates one.
fn batch_upsert(store: &mut Store, call: &Call) -> Reply {
    let mut results = Vec::new();
    for input in inputs(&call.body) {
        let property = input["idProperty"].as_str().unwrap_or("hs_object_id");
        let key = input["id"].as_str().unwrap_or_default();
        let mut props = properties(input);
        let (id, new) = match store.find(&call.object_type, property, key) {
            Some(id) => {
                store.update(&call.object_type, id, props);
                (id, false)
            }
            None => {
                props.insert(property.to_string(), json!(key));
                (store.create(&call.object_type, props), true)
            }
        };
        let mut record = traced(store.json(&call.object_type, id, &[]), input);
        record["new"] = json!(new);
        results.push(record);
    }
    batch(200, results, Vec::new())
}

fn batch_archive(store: &mut Store, call: &Call) -> Reply {
    for input in inputs(&call.body) {
        if let Some(id) = input["id"]
            .as_str()
            .and_then(|k| resolve(store, call, k, None))
        {
            store.archive(&call.object_type, id);
        }
    }
    reply::empty(204)
}
