//! The copies of the published specs Prism serves, under
//! `target/prism/specs`, never in the repository. Two constructs of
//! HubSpot's files break Prism 5; each copy is the file without them, and
//! neither change alters what the spec accepts:
//!
//! - `"example": null` annotations: json-schema-faker crashes on them
//!   ("Cannot convert undefined or null to object"). An example constrains
//!   nothing.
//! - Sub-type back-references: HubSpot writes inheritance as a base schema
//!   that is only a `oneOf` of its variants (`PublicActor`: `AgentActor`,
//!   `BotActor`, …) and variants that are each an `allOf` of the base and
//!   their own fields. That is a cycle without a base case: Prism exceeds
//!   the call stack generating and validating such a message, or takes
//!   seconds and megabytes to give up. The copy drops the base from each
//!   variant's `allOf`, only when the base is nothing but the `oneOf` (and
//!   an empty `properties`): the reference then says only that the variant
//!   is one of the base's variants, which the base's `oneOf` already says.
//! - Responses of media type `*/*` with a JSON schema (HubSpot's `default`
//!   error response of the OAuth and Webhooks Journal specs): Prism fails
//!   to write an object "as text" and answers 500. The copy declares them
//!   `application/json`, the type HubSpot sends its errors with.

use crate::error::Result;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// A published spec and the copy of it Prism serves.
#[derive(Debug, Clone)]
pub struct Served {
    pub version: &'static str,
    pub label: &'static str,
    /// The published file, relative to `../shared/hubspot-specs`.
    pub published: String,
    /// The copy under `target/prism/specs`.
    pub path: PathBuf,
    /// How many `"example": null` were removed.
    pub null_examples: usize,
    /// `Variant → Base` for every back-reference removed.
    pub back_references: Vec<String>,
}

/// Writes the copy of `shared/published` into `dir`.
pub fn copy(shared: &Path, entry: &crate::published::Published, dir: &Path) -> Result<Served> {
    let spec = shared.join(&entry.published);
    let text = std::fs::read_to_string(&spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let mut doc: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    let null_examples = strip_null_examples(&mut doc);
    let back_references = break_subtype_cycles(&mut doc);
    json_wildcard_responses(&mut doc);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let copy = dir.join(spec.file_name().unwrap_or_default());
    let json = serde_json::to_string(&doc).map_err(|e| format!("{}: {e}", spec.display()))?;
    std::fs::write(&copy, json).map_err(|e| format!("cannot write {}: {e}", copy.display()))?;
    Ok(Served {
        version: entry.version,
        label: entry.label,
        published: entry.published.clone(),
        path: copy,
        null_examples,
        back_references,
    })
}

pub fn strip_null_examples(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let mut n = 0;
            if map.get("example").is_some_and(Value::is_null) {
                map.remove("example");
                n += 1;
            }
            n + map.values_mut().map(strip_null_examples).sum::<usize>()
        }
        Value::Array(items) => items.iter_mut().map(strip_null_examples).sum(),
        _ => 0,
    }
}

/// Renames the `*/*` content of every response (in operations and in
/// `components/responses`) to `application/json`, unless the response
/// declares JSON already.
pub fn json_wildcard_responses(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(responses)) = map.get_mut("responses") {
                for response in responses.values_mut() {
                    let Some(Value::Object(content)) = response.get_mut("content") else {
                        continue;
                    };
                    if !content.contains_key("application/json") {
                        if let Some(media) = content.remove("*/*") {
                            content.insert("application/json".into(), media);
                        }
                    }
                }
            }
            map.values_mut().for_each(json_wildcard_responses);
        }
        Value::Array(items) => items.iter_mut().for_each(json_wildcard_responses),
        _ => {}
    }
}

const SCHEMAS: &str = "#/components/schemas/";

/// Removes `{"$ref": base}` from the `allOf` of each variant a base schema
/// that is only a `oneOf` lists; returns `Variant → Base` for each.
pub fn break_subtype_cycles(doc: &mut Value) -> Vec<String> {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for (base, schema) in schemas.iter() {
        if !only_variants(schema) {
            continue;
        }
        let variants = schema.get("oneOf").and_then(Value::as_array);
        for variant in variants.into_iter().flatten() {
            if let Some(name) = variant.get("$ref").and_then(Value::as_str) {
                if let Some(name) = name.strip_prefix(SCHEMAS) {
                    pairs.push((name.to_string(), base.clone()));
                }
            }
        }
    }
    let mut removed = Vec::new();
    for (variant, base) in pairs {
        let Some(all_of) = schemas
            .get_mut(&variant)
            .and_then(|v| v.get_mut("allOf"))
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        let target = format!("{SCHEMAS}{base}");
        let before = all_of.len();
        all_of.retain(|part| !is_ref_to(part, &target));
        if all_of.len() < before {
            removed.push(format!("{variant} → {base}"));
        }
    }
    removed
}

/// A schema that says nothing but which variants it has.
fn only_variants(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    map.contains_key("oneOf")
        && map.iter().all(|(key, value)| match key.as_str() {
            "oneOf" | "description" | "title" | "discriminator" => true,
            "properties" => value.as_object().is_some_and(Map::is_empty),
            _ => false,
        })
}

fn is_ref_to(part: &Value, target: &str) -> bool {
    part.as_object()
        .is_some_and(|m| m.len() == 1 && m.get("$ref").and_then(Value::as_str) == Some(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcard_responses_become_json_and_nothing_else_changes() {
        let error = json!({"schema": {"$ref": "#/components/schemas/Error"}});
        let mut doc = json!({
            "paths": {"/oauth/token": {"post": {
                "requestBody": {"content": {"*/*": {"schema": {"type": "string"}}}},
                "responses": {"default": {"content": {"*/*": error.clone()}}}
            }}},
            "components": {"responses": {"Error": {"description": "", "content": {"*/*": error.clone()}}}}
        });
        json_wildcard_responses(&mut doc);
        let op = &doc["paths"]["/oauth/token"]["post"];
        assert_eq!(
            op["responses"]["default"]["content"]["application/json"],
            error
        );
        assert!(
            op["requestBody"]["content"].get("*/*").is_some(),
            "request bodies keep theirs"
        );
        assert_eq!(
            doc["components"]["responses"]["Error"]["content"]["application/json"],
            error
        );
    }

    #[test]
    fn only_null_examples_are_removed() {
        let mut doc = json!({
            "example": null,
            "properties": {
                "a": { "type": "string", "example": null },
                "b": { "type": "string", "example": "kept" },
                "example": { "type": "object" }
            },
            "oneOf": [{ "example": null, "type": "integer" }]
        });
        assert_eq!(strip_null_examples(&mut doc), 3);
        assert_eq!(
            doc,
            json!({
                "properties": {
                    "a": { "type": "string" },
                    "b": { "type": "string", "example": "kept" },
                    "example": { "type": "object" }
                },
                "oneOf": [{ "type": "integer" }]
            })
        );
    }

    #[test]
    fn a_variant_no_longer_refers_back_to_a_base_that_only_lists_variants() {
        let mut doc = json!({ "components": { "schemas": {
            "PublicActor": {
                "properties": {},
                "oneOf": [
                    { "$ref": "#/components/schemas/AgentActor" },
                    { "$ref": "#/components/schemas/BotActor" }
                ]
            },
            "AgentActor": { "properties": {}, "allOf": [
                { "$ref": "#/components/schemas/PublicActor" },
                { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } }
            ] },
            "BotActor": { "allOf": [
                { "$ref": "#/components/schemas/PublicActor" },
                { "type": "object", "properties": { "botId": { "type": "string" } } }
            ] },
            // A base with fields of its own keeps its variants' references.
            "Shape": {
                "required": ["kind"],
                "oneOf": [{ "$ref": "#/components/schemas/Square" }]
            },
            "Square": { "allOf": [{ "$ref": "#/components/schemas/Shape" }] }
        } } });
        let removed = break_subtype_cycles(&mut doc);
        assert_eq!(
            removed,
            ["AgentActor → PublicActor", "BotActor → PublicActor"]
        );
        let agent = &doc["components"]["schemas"]["AgentActor"]["allOf"];
        assert_eq!(agent.as_array().map(Vec::len), Some(1));
        assert_eq!(agent[0]["required"], json!(["id"]));
        let square = &doc["components"]["schemas"]["Square"]["allOf"];
        assert_eq!(square.as_array().map(Vec::len), Some(1), "untouched");
    }
}
