//! Resolve stage: every `$ref` in every document gets its target before any
//! lowering happens, loading referenced files as they are found.
//!
//! After this stage a reference is a plain lookup ([`Refs::target`]), `$ref`
//! chains that loop without reaching a schema and references to files that
//! cannot be had have been reported, and lowering never touches the file
//! system. A reference into a document that exists but has nothing at the
//! pointer is recorded as dangling ([`Refs::dangling`]): lowering decides
//! whether it can work around it (a schema becomes `serde_json::Value`, with
//! a warning) or must fail ([`Refs::dangling_error`]).

use crate::error::{Error, Result};
use crate::load::{join, unescape, Documents, FileId};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A resolved reference: a value in a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    /// The document.
    pub file: FileId,
    /// JSON pointer into it.
    pub pointer: String,
}

/// A `$ref` whose document exists but has nothing at the pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    /// The reference as written.
    pub reference: String,
    /// Why it does not resolve (`api.json has nothing at #/components/…`).
    pub reason: String,
}

/// Every `$ref` of the loaded documents, keyed by the object that holds it.
#[derive(Debug, Default)]
pub struct Refs {
    map: BTreeMap<(FileId, String), Target>,
    dangling: BTreeMap<(FileId, String), Dangling>,
}

impl Refs {
    /// Where the `$ref` in the object at (`file`, `pointer`) leads.
    pub fn target(&self, file: FileId, pointer: &str) -> Option<&Target> {
        self.map.get(&(file, pointer.to_string()))
    }

    /// The dangling `$ref` in the object at (`file`, `pointer`), if it is one.
    pub fn dangling(&self, file: FileId, pointer: &str) -> Option<&Dangling> {
        self.dangling.get(&(file, pointer.to_string()))
    }

    /// Every dangling `$ref`: (file, holder pointer) and what it says.
    pub fn all_dangling(&self) -> impl Iterator<Item = (&(FileId, String), &Dangling)> {
        self.dangling.iter()
    }

    /// The error for the dangling `$ref` in the object at (`file`, `pointer`),
    /// for places that cannot do without its target.
    pub fn dangling_error(&self, docs: &Documents, file: FileId, pointer: &str) -> Option<Error> {
        self.dangling(file, pointer).map(|d| Error::Reference {
            at: docs.location(file, &join(pointer, "$ref")),
            reference: d.reference.clone(),
            reason: d.reason.clone(),
        })
    }
}

/// What became of one `$ref`.
enum Outcome {
    Found(Target),
    Dangling(Dangling),
}

/// Keys under which values are data, not schemas, so a `$ref` key there is
/// not a reference.
const DATA_KEYS: &[&str] = &[
    "example",
    "examples",
    "enum",
    "const",
    "default",
    "x-examples",
];

/// Objects whose keys are names chosen by the author.
const NAME_MAPS: &[&str] = &[
    "properties",
    "responses",
    "schemas",
    "$defs",
    "definitions",
    "parameters",
    "headers",
    "requestBodies",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
];

/// Resolves every reference in `docs`, loading the files they name.
pub fn resolve(docs: &mut Documents) -> Result<Refs> {
    let mut refs = Refs::default();
    let mut next = 0usize;
    // Documents loaded while resolving are walked in turn.
    while next < docs.iter().count() {
        let file = FileId(next);
        let mut sites = Vec::new();
        collect(&docs.get(file).root, &mut String::new(), false, &mut sites);
        for (pointer, reference) in sites {
            match resolve_one(docs, file, &pointer, &reference)? {
                Outcome::Found(target) => {
                    refs.map.insert((file, pointer), target);
                }
                Outcome::Dangling(d) => {
                    refs.dangling.insert((file, pointer), d);
                }
            }
        }
        next += 1;
    }
    check_cycles(docs, &refs)?;
    Ok(refs)
}

/// Collects `($ref holder pointer, reference)` pairs below `value`.
fn collect(value: &Value, pointer: &mut String, in_data: bool, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if !in_data {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push((pointer.clone(), r.clone()));
                }
            }
            // Under a map of names (`properties`, `responses`, …) a key such as
            // `default` or `example` is a name, not a data keyword.
            let last = pointer.rsplit_once('/').map(|(_, last)| last);
            let names_map = last.is_some_and(|last| NAME_MAPS.contains(&last));
            for (key, child) in map {
                let data = in_data || (!names_map && DATA_KEYS.contains(&key.as_str()));
                let len = pointer.len();
                pointer.push('/');
                if key.contains(['~', '/']) {
                    pointer.push_str(&crate::load::escape(key));
                } else {
                    pointer.push_str(key);
                }
                collect(child, pointer, data, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                collect(child, pointer, in_data, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn resolve_one(
    docs: &mut Documents,
    file: FileId,
    pointer: &str,
    reference: &str,
) -> Result<Outcome> {
    let fail = |docs: &Documents, reason: String| Error::Reference {
        at: docs.location(file, &join(pointer, "$ref")),
        reference: reference.to_string(),
        reason,
    };
    let (resource, fragment) = match reference.split_once('#') {
        Some((r, f)) => (r, f),
        None => (reference, ""),
    };
    let target_file = if resource.is_empty() {
        file
    } else if resource.contains("://") {
        match docs.by_uri(resource) {
            Some(id) => id,
            None => {
                return Err(fail(
                    docs,
                    "remote documents are not fetched; add the file to the inputs or use a relative path".into(),
                ))
            }
        }
    } else {
        let base = docs
            .get(file)
            .path
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let path = base.join(resource);
        if !path.is_file() {
            return Err(fail(
                docs,
                format!("file {} does not exist", path.display()),
            ));
        }
        docs.load(&path)?
    };
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(Error::Unsupported {
            at: docs.location(file, &join(pointer, "$ref")),
            operation: None,
            construct: format!("plain-name fragment `#{fragment}` ($anchor references)"),
        });
    }
    // Fragments may be percent-encoded (`#/paths/~1a%7Bb%7D`).
    let target_pointer = percent_decode(fragment);
    if docs.value(target_file, &target_pointer).is_none() {
        let doc = docs.get(target_file);
        return Ok(Outcome::Dangling(Dangling {
            reference: reference.to_string(),
            reason: format!("{} has nothing at #{}", doc.path.display(), target_pointer),
        }));
    }
    Ok(Outcome::Found(Target {
        file: target_file,
        pointer: target_pointer,
    }))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Rejects chains of references that only point at other references and come
/// back to where they started: such a chain never reaches a type.
fn check_cycles(docs: &Documents, refs: &Refs) -> Result<()> {
    for ((file, pointer), _) in refs.map.iter() {
        let mut seen = BTreeSet::new();
        let mut chain = vec![format!("{}#{}", docs.get(*file).path.display(), pointer)];
        let mut at = (*file, pointer.clone());
        seen.insert(at.clone());
        while let Some(next) = refs.target(at.0, &at.1) {
            let key = (next.file, next.pointer.clone());
            chain.push(format!(
                "{}#{}",
                docs.get(next.file).path.display(),
                next.pointer
            ));
            if !seen.insert(key.clone()) {
                return Err(Error::Reference {
                    at: docs.location(*file, &join(pointer, "$ref")),
                    reference: docs
                        .value(*file, pointer)
                        .and_then(|v| v.get("$ref"))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    reason: format!("$ref cycle with no type in it: {}", chain.join(" -> ")),
                });
            }
            at = key;
        }
    }
    Ok(())
}

/// The segments of a JSON pointer.
pub fn segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(unescape).collect()
}
