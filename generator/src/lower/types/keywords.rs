//! What a schema's keywords say.

use crate::ir::TypeRef;
use serde_json::{Map, Value};

/// `type` as a list (`"string"` → `["string"]`).
pub(super) fn type_list(map: &Map<String, Value>) -> Vec<String> {
    match map.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) fn has_properties(map: &Map<String, Value>) -> bool {
    map.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

/// A schema that has its own properties besides a combinator.
pub(super) fn has_object_shape(map: &Map<String, Value>) -> bool {
    has_properties(map)
}

pub(super) fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1 && e[0].is_null())
}

pub(super) fn string_type(map: &Map<String, Value>) -> TypeRef {
    match map.get("format").and_then(Value::as_str) {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("password") => TypeRef::Secret,
        _ => TypeRef::String,
    }
}
