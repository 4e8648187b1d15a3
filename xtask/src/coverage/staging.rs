//! The published Conversations JSON Schemas, made readable.
//!
//! Some of them were cut out of a larger OpenAPI document and still point at
//! `#/components/schemas/Actor`, which they do not contain. Each such
//! reference is read as the sibling file whose `title` is that name; the
//! files are copied to a temporary folder with the references rewritten, and
//! every rewrite is reported as a note.

use crate::error::Result;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const COMPONENTS: &str = "#/components/schemas/";

/// The staged copies; the folder goes away when this is dropped.
pub struct Staged {
    dir: tempfile::TempDir,
    /// One line per rewritten reference.
    pub notes: Vec<String>,
}

impl Staged {
    /// The staged copy of the published file `name`.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Copies every `.json` file of `dir`, rewriting dangling component references.
pub fn stage(dir: &Path) -> Result<Staged> {
    let err = |p: &Path, e: &dyn std::fmt::Display| format!("{}: {e}", p.display());
    let mut docs = BTreeMap::new();
    let entries = std::fs::read_dir(dir).map_err(|e| err(dir, &e))?;
    for entry in entries {
        let path = entry.map_err(|e| err(dir, &e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| err(&path, &e))?;
        let doc: Value = serde_json::from_str(&text).map_err(|e| err(&path, &e))?;
        docs.insert(name.to_string(), doc);
    }
    let titles: BTreeMap<String, String> = docs
        .iter()
        .filter_map(|(name, doc)| Some((doc.get("title")?.as_str()?.to_string(), name.clone())))
        .collect();
    let staged = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    let mut notes = Vec::new();
    for (name, mut doc) in docs {
        let original = doc.clone();
        rewrite(&mut doc, &original, &titles, &mut |from, to| {
            let note = format!("{name}: `{from}` is not in the file; read as {to}");
            if !notes.contains(&note) {
                notes.push(note);
            }
        });
        let out = staged.path().join(&name);
        let text = serde_json::to_string_pretty(&doc).map_err(|e| err(&out, &e))?;
        std::fs::write(&out, text).map_err(|e| err(&out, &e))?;
    }
    Ok(Staged { dir: staged, notes })
}

/// Rewrites, below `v`, each `$ref` to a component `root` lacks.
fn rewrite(
    v: &mut Value,
    root: &Value,
    titles: &BTreeMap<String, String>,
    note: &mut dyn FnMut(&str, &str),
) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(component) = r.strip_prefix(COMPONENTS) {
                    let missing = root.pointer(&r[1..]).is_none();
                    if let (true, Some(file)) = (missing, titles.get(component)) {
                        note(r, file);
                        *r = file.clone();
                    }
                }
            }
            for value in map.values_mut() {
                rewrite(value, root, titles, note);
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite(item, root, titles, note);
            }
        }
        _ => {}
    }
}
