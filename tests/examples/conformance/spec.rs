//! What the specs declare: the operations of a published spec (with the
//! success statuses each declares), and every operation of ours, by
//! version and API. Operations are matched by method and path template,
//! whatever the parameters are called.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// `path` with every `{parameter}` written `{}`: our
/// `/crm/objects/2026-03/contacts/{contactId}` and a published
/// `.../{objectId}` at the same place are the same operation.
pub fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(ch),
        }
    }
    out
}

/// `(METHOD, template)` → the success statuses a published spec declares.
pub type Declared = BTreeMap<(String, String), Vec<u16>>;

/// The success statuses of every operation of a published spec (JSON).
pub fn published_operations(spec: &Path) -> Result<Declared, String> {
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    operations_of(&doc).ok_or_else(|| format!("{}: no `paths`", spec.display()))
}

fn operations_of(doc: &serde_json::Value) -> Option<Declared> {
    let mut out = BTreeMap::new();
    for (path, item) in doc.get("paths")?.as_object()? {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let codes: Vec<u16> = op
                .get("responses")
                .and_then(|r| r.as_object())
                .map(|r| {
                    r.keys()
                        .filter_map(|k| k.parse::<u16>().ok())
                        .filter(|c| (200..300).contains(c))
                        .collect()
                })
                .unwrap_or_default();
            out.insert((method.to_uppercase(), template(path)), codes);
        }
    }
    Some(out)
}

/// One operation of our specs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ours {
    pub version: String,
    /// The stem of the spec in `specs/VERSION/`.
    pub api: String,
    pub method: String,
    pub path: String,
}

/// Every operation of `specs/`: each version `specs/versions.yaml` lists,
/// each API document directly in its folder. The generated crate is made of
/// exactly these (`cargo xtask codegen --check` holds it to them).
pub fn our_operations() -> Result<BTreeSet<Ours>, String> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let mut out = BTreeSet::new();
    for version in versions(&specs)? {
        for file in api_files(&specs.join(&version))? {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let doc: serde_yaml::Value =
                serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            let api = file
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            for (method, path) in yaml_operations(&doc) {
                out.insert(Ours {
                    version: version.clone(),
                    api: api.clone(),
                    method,
                    path,
                });
            }
        }
    }
    Ok(out)
}

/// The version names of `specs/versions.yaml`, in its order.
pub fn versions(specs: &Path) -> Result<Vec<String>, String> {
    let file = specs.join("versions.yaml");
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let names: Vec<String> = doc
        .get("versions")
        .and_then(|v| v.as_sequence())
        .map(|list| {
            list.iter()
                .filter_map(|v| v.get("name").and_then(|n| n.as_str()))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        return Err(format!("{}: no `versions[].name`", file.display()));
    }
    Ok(names)
}

/// The API documents directly in `dir`, sorted.
fn api_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        })
        .collect();
    files.sort();
    Ok(files)
}

fn yaml_operations(doc: &serde_yaml::Value) -> Vec<(String, String)> {
    let Some(paths) = doc.get("paths").and_then(|p| p.as_mapping()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
            continue;
        };
        for method in item.keys().filter_map(|k| k.as_str()) {
            if METHODS.contains(&method) {
                out.push((method.to_uppercase(), path.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_ignore_parameter_names_only() {
        assert_eq!(
            template("/crm/objects/2026-03/contacts/{contactId}"),
            template("/crm/objects/2026-03/contacts/{objectId}")
        );
        assert_eq!(
            template("/crm/objects/2026-09/{objectType}/{objectId}"),
            "/crm/objects/2026-09/{}/{}"
        );
        // A bound object type is still a template, not the value.
        assert_ne!(
            template("/crm/objects/2026-09/{objectType}/search"),
            template("/crm/objects/2026-09/contacts/search")
        );
    }

    #[test]
    fn published_operations_keep_success_statuses_by_template() {
        let doc = serde_json::json!({ "paths": {
            "/crm/objects/2026-03/contacts/batch/read": {
                "post": { "responses": { "200": {}, "207": {}, "default": {} } },
                "parameters": []
            },
            "/crm/objects/2026-03/{objectType}/{objectId}": {
                "delete": { "responses": { "204": {} } }
            }
        }});
        let ops = operations_of(&doc).expect("paths");
        assert_eq!(ops.len(), 2);
        assert_eq!(
            ops[&(
                "POST".to_string(),
                "/crm/objects/2026-03/contacts/batch/read".to_string()
            )],
            [200, 207]
        );
        assert_eq!(
            ops[&(
                "DELETE".to_string(),
                "/crm/objects/2026-03/{}/{}".to_string()
            )],
            [204]
        );
    }

    #[test]
    fn our_operations_cover_every_version_of_versions_yaml() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        let versions = versions(&specs).expect("versions.yaml");
        let ours = our_operations().expect("specs/");
        for v in &versions {
            assert!(ours.iter().any(|o| &o.version == v), "no operation of {v}");
        }
        assert!(ours.iter().all(|o| versions.contains(&o.version)));
    }
}
