//! Associations: a record's own association paths, associations made with
//! a create, and the Associations API's batches.

use super::objects::{batch, inputs, missing};
use super::reply::{self, Reply};
use super::routes::{unserved, Call};
use super::store::{object_type, type_id, Store};
use hyper::Method;
use serde_json::{json, Value};

/// `(associationCategory, associationTypeId)` pairs of an `AssociationSpec` list.
fn specs(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|spec| {
            let category = spec["associationCategory"]
                .as_str()
                .unwrap_or("HUBSPOT_DEFINED");
            (
                category.to_string(),
                spec["associationTypeId"].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

fn id_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Links a new record to each `{to: {id}, types}` of a create.
pub(crate) fn link_on_create(
    store: &mut Store,
    from: (&str, u64),
    list: &[Value],
) -> Result<(), Box<Reply>> {
    for association in list {
        let to = id_of(&association["to"]["id"]);
        let Some((to, to_type)) = to.and_then(|id| Some((id, store.type_of(id)?))) else {
            let id = association["to"]["id"].to_string();
            return Err(Box::new(reply::error(
                400,
                &format!("One or more associations are invalid: no record {id} to associate with"),
                "VALIDATION_ERROR",
            )));
        };
        store.link(from, (&to_type, to), &specs(&association["types"]));
    }
    Ok(())
}

/// A record's associations to each type of `wanted`, as a read with
/// `associations=` returns them.
pub(crate) fn listed(store: &Store, from: (&str, u64), wanted: &[String]) -> Value {
    let mut out = serde_json::Map::new();
    for to_type in wanted.iter().map(|t| object_type(t)) {
        let kind = format!("{}_to_{}", singular(from.0), singular(&to_type));
        let mut results = Vec::new();
        for a in store.associations(from, Some(&to_type)) {
            for (_, type_id) in &a.types {
                results.push(json!({ "id": a.to_id, "type": kind, "typeId": type_id }));
            }
        }
        if !results.is_empty() {
            out.insert(to_type.clone(), json!({ "results": results }));
        }
    }
    Value::Object(out)
}

fn singular(plural: &str) -> &str {
    match plural {
        "companies" => "company",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

/// `/…/objects/{type}/{id}/associations/…`.
pub(crate) fn of_record(store: &mut Store, call: &Call, key: &str) -> Reply {
    let from_type = call.object_type.as_str();
    let Some(from) = store.find(from_type, "hs_object_id", key) else {
        return reply::not_found(from_type, key);
    };
    let target = |store: &Store, ty: &str, id: &str| {
        let ty = object_type(ty);
        store.find(&ty, "hs_object_id", id).map(|id| (ty, id))
    };
    let m = &call.method;
    let all = call.rest();
    let rest = &all[2..];
    match rest {
        ["default", ty, id] if m == Method::PUT => {
            let Some((to_type, to)) = target(store, ty, id) else {
                return reply::not_found(&object_type(ty), id);
            };
            let Some(type_id) = store.default_type(from_type, &to_type) else {
                return no_default(from_type, &to_type);
            };
            store.link(
                (from_type, from),
                (&to_type, to),
                &[("HUBSPOT_DEFINED".into(), type_id)],
            );
            let result = default_result(from, to, type_id);
            batch(200, vec![result], Vec::new())
        }
        [ty, id] if m == Method::PUT => {
            let Some((to_type, to)) = target(store, ty, id) else {
                return reply::not_found(&object_type(ty), id);
            };
            store.link((from_type, from), (&to_type, to), &specs(&call.body));
            reply::json(201, &labels(store, (from_type, from), (&to_type, to)))
        }
        [ty, id] | [ty, id, _] if m == Method::DELETE => {
            let types = match rest {
                [_, _, type_id] => type_id
                    .parse()
                    .ok()
                    .map(|t| vec![("HUBSPOT_DEFINED".to_string(), t)]),
                _ => None,
            };
            if let Some((to_type, to)) = target(store, ty, id) {
                store.unlink((from_type, from), (&to_type, to), types.as_deref());
            }
            reply::empty(204)
        }
        [ty, id, type_id] if m == Method::PUT => {
            let Some((to_type, to)) = target(store, ty, id) else {
                return reply::not_found(&object_type(ty), id);
            };
            let Ok(type_id) = type_id.parse() else {
                return reply::error(
                    400,
                    &format!("{type_id} is not an association type id"),
                    "VALIDATION_ERROR",
                );
            };
            store.link(
                (from_type, from),
                (&to_type, to),
                &[("HUBSPOT_DEFINED".into(), type_id)],
            );
            let mut record = store.json(from_type, from, &[]);
            record["associations"] = listed(store, (from_type, from), &[to_type]);
            reply::json(200, &record)
        }
        [ty] if m == Method::GET => {
            let to_type = object_type(ty);
            let results: Vec<Value> = if call.v3 {
                let listed = listed(store, (from_type, from), std::slice::from_ref(&to_type));
                listed[&to_type]["results"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            } else {
                store
                    .associations((from_type, from), Some(&to_type))
                    .iter()
                    .map(to_with_labels)
                    .collect()
            };
            reply::json(200, &json!({ "results": results }))
        }
        _ => unserved(
            m,
            &format!("…/{from_type}/{key}/associations/{}", rest.join("/")),
        ),
    }
}

fn no_default(from: &str, to: &str) -> Reply {
    reply::error(
        400,
        &format!(
            "The fake HubSpot knows no default association type from {from} to {to}; \
             FakeHubSpot::default_association_type adds one"
        ),
        "VALIDATION_ERROR",
    )
}

fn default_result(from: u64, to: u64, type_id: i64) -> Value {
    json!({
        "from": { "id": from.to_string() },
        "to": { "id": to.to_string() },
        "associationSpec": { "associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id },
    })
}

/// `LabelsBetweenObjectPair`: the labels now between two records.
fn labels(store: &Store, from: (&str, u64), to: (&str, u64)) -> Value {
    let labels: Vec<String> = store
        .associations(from, Some(to.0))
        .into_iter()
        .filter(|a| a.to_id == to.1.to_string())
        .flat_map(|a| a.types)
        .map(|(_, type_id)| type_id.to_string())
        .collect();
    json!({
        "fromObjectTypeId": type_id(from.0),
        "fromObjectId": from.1.to_string(),
        "toObjectTypeId": type_id(to.0),
        "toObjectId": to.1.to_string(),
        "labels": labels,
    })
}

/// `MultiAssociatedObjectWithLabel`.
fn to_with_labels(a: &super::store::Association) -> Value {
    let types: Vec<Value> = a
        .types
        .iter()
        .map(|(category, type_id)| json!({ "category": category, "typeId": type_id }))
        .collect();
    json!({ "toObjectId": a.to_id, "associationTypes": types })
}

/// The Associations API: `/crm/associations/{version}/{from}/{to}/batch/…`.
pub(crate) fn batch_route(store: &mut Store, call: &Call, to_type: &str) -> Reply {
    let from_type = call.object_type.as_str();
    let live =
        |store: &Store, ty: &str, v: &Value| id_of(&v["id"]).filter(|id| store.exists(ty, *id));
    if call.method != Method::POST {
        return unserved(
            &call.method,
            &format!(
                "…/associations/{from_type}/{to_type}/{}",
                call.rest.join("/")
            ),
        );
    }
    let (mut results, mut errors) = (Vec::new(), Vec::new());
    match call.rest().as_slice() {
        ["batch", "create"] | ["batch", "associate", "default"] => {
            let default = call.rest.len() == 3;
            for input in inputs(&call.body) {
                let (Some(from), Some(to)) = (
                    live(store, from_type, &input["from"]),
                    live(store, to_type, &input["to"]),
                ) else {
                    errors.push(missing(&format!(
                        "{} or {}",
                        input["from"]["id"], input["to"]["id"]
                    )));
                    continue;
                };
                if default {
                    let Some(type_id) = store.default_type(from_type, to_type) else {
                        return no_default(from_type, to_type);
                    };
                    store.link(
                        (from_type, from),
                        (to_type, to),
                        &[("HUBSPOT_DEFINED".into(), type_id)],
                    );
                    results.push(default_result(from, to, type_id));
                } else {
                    store.link((from_type, from), (to_type, to), &specs(&input["types"]));
                    results.push(labels(store, (from_type, from), (to_type, to)));
                }
            }
            batch(200, results, errors)
        }
        ["batch", "read"] => {
            for input in inputs(&call.body) {
                let Some(from) = live(store, from_type, input) else {
                    errors.push(missing(input["id"].as_str().unwrap_or_default()));
                    continue;
                };
                let to: Vec<Value> = store
                    .associations((from_type, from), Some(to_type))
                    .iter()
                    .map(to_with_labels)
                    .collect();
                results.push(json!({ "from": { "id": from.to_string() }, "to": to }));
            }
            batch(200, results, errors)
        }
        ["batch", "archive"] => {
            for input in inputs(&call.body) {
                let Some(from) = live(store, from_type, &input["from"]) else {
                    continue;
                };
                for to in input["to"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| id_of(&t["id"]))
                {
                    store.unlink((from_type, from), (to_type, to), None);
                }
            }
            reply::empty(204)
        }
        ["batch", "labels", "archive"] => {
            for input in inputs(&call.body) {
                let (Some(from), Some(to)) = (
                    live(store, from_type, &input["from"]),
                    id_of(&input["to"]["id"]),
                ) else {
                    continue;
                };
                store.unlink(
                    (from_type, from),
                    (to_type, to),
                    Some(&specs(&input["types"])),
                );
            }
            reply::empty(204)
        }
        _ => unserved(
            &call.method,
            &format!(
                "…/associations/{from_type}/{to_type}/{}",
                call.rest.join("/")
            ),
        ),
    }
}
