//! Load stage: read YAML or JSON documents into a [`Documents`] store.
//!
//! YAML is parsed here and nowhere else (serde_yaml is archived upstream; this
//! is the one place to swap it). Documents keep their source text so that a
//! JSON pointer can be turned back into a line and column for error messages.

mod locate;
pub mod versions;

use crate::error::{Error, Location, Result};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Index of a document in [`Documents`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// The syntax a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// YAML 1.2 (a superset of JSON).
    Yaml,
    /// JSON.
    Json,
}

/// What a document describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// An OpenAPI 3.x description (`openapi: 3.0.x` or `3.1.x`).
    OpenApi,
    /// A standalone JSON Schema (draft-07, 2019-09 or 2020-12).
    JsonSchema,
}

/// One loaded input file.
#[derive(Debug)]
pub struct Document {
    /// The path as given (relative paths stay relative, for readable errors).
    pub path: PathBuf,
    /// The source text.
    pub text: String,
    /// Its syntax.
    pub syntax: Syntax,
    /// The parsed value.
    pub root: Value,
    /// What it describes.
    pub kind: Kind,
}

impl Document {
    /// The path as given, with `/` separators on every platform (as the
    /// generated files and the IR record it).
    pub fn display_path(&self) -> String {
        self.path.display().to_string().replace('\\', "/")
    }
}

/// Every document of one generator run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct Documents {
    docs: Vec<Document>,
    by_path: BTreeMap<PathBuf, FileId>,
    by_uri: BTreeMap<String, FileId>,
}

impl Documents {
    /// Loads `path` unless it is loaded already; returns its id.
    pub fn load(&mut self, path: &Path) -> Result<FileId> {
        let canonical = canonical(path)?;
        if let Some(id) = self.by_path.get(&canonical) {
            return Ok(*id);
        }
        Ok(self.insert(canonical, read(path)?))
    }

    /// Loads every file of `paths` that is not loaded yet, reading and
    /// parsing them on every core. Ids are given in the order of `paths`, as
    /// [`load`](Self::load) one by one would, and the first fault in that
    /// order is the error.
    pub fn load_all(&mut self, paths: &[PathBuf]) -> Result<()> {
        let todo: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| canonical(p).map_or(true, |c| !self.by_path.contains_key(&c)))
            .collect();
        let read = crate::parallel::in_parallel(
            &todo,
            |p| std::fs::metadata(p).map_or(0, |m| m.len() as usize),
            |p| Ok::<_, Error>((canonical(p)?, read(p)?)),
        );
        for result in read {
            let (canonical, doc) = result?;
            if !self.by_path.contains_key(&canonical) {
                self.insert(canonical, doc);
            }
        }
        Ok(())
    }

    /// Adds a document read from the file `canonical`.
    fn insert(&mut self, canonical: PathBuf, doc: Document) -> FileId {
        let id = FileId(self.docs.len());
        if let Some(uri) = doc.root.get("$id").and_then(Value::as_str) {
            self.by_uri
                .insert(uri.split('#').next().unwrap_or(uri).to_string(), id);
        }
        self.by_path.insert(canonical, id);
        self.docs.push(doc);
        id
    }

    /// The document with id `id`.
    pub fn get(&self, id: FileId) -> &Document {
        &self.docs[id.0]
    }

    /// Every document, in load order.
    pub fn into_documents(self) -> impl Iterator<Item = Document> {
        self.docs.into_iter()
    }

    /// All documents in load order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Document)> {
        self.docs.iter().enumerate().map(|(i, d)| (FileId(i), d))
    }

    /// The document whose `$id` is `uri`, if any.
    pub fn by_uri(&self, uri: &str) -> Option<FileId> {
        self.by_uri.get(uri).copied()
    }

    /// The value at `pointer` in document `file`.
    pub fn value(&self, file: FileId, pointer: &str) -> Option<&Value> {
        self.get(file).root.pointer(pointer)
    }

    /// A [`Location`] for error messages, with line and column when found.
    pub fn location(&self, file: FileId, pointer: &str) -> Box<Location> {
        let doc = self.get(file);
        Box::new(Location {
            file: doc.path.clone(),
            pointer: pointer.to_string(),
            position: locate::position(&doc.text, doc.syntax, pointer),
        })
    }
}

/// `path` with `.` removed and `dir/..` folded, kept relative if it was.
fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if matches!(
                    out.components().next_back(),
                    Some(std::path::Component::Normal(_))
                ) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Absolute path with `.` and `..` removed, without touching symlinks.
fn normalise(path: &Path) -> std::io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut out = PathBuf::new();
    for part in abs.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// The normalised form of `path`, which identifies its file.
fn canonical(path: &Path) -> Result<PathBuf> {
    normalise(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads and parses the file at `path`.
fn read(path: &Path) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&tidy(path), text)
}

/// Parses source text (YAML or JSON, chosen by extension, JSON content in a
/// `.yaml` file works too) into a [`Document`].
pub fn parse(path: &Path, text: String) -> Result<Document> {
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (syntax, root) = if is_json {
        let root: Value = serde_json::from_str(&text).map_err(|e| Error::Syntax {
            file: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: format!("invalid JSON: {e}"),
        })?;
        (Syntax::Json, root)
    } else {
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| {
            let (line, column) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            Error::Syntax {
                file: path.to_path_buf(),
                line,
                column,
                message: format!("invalid YAML: {e}"),
            }
        })?;
        let root = yaml_to_json(yaml).map_err(|message| Error::Syntax {
            file: path.to_path_buf(),
            line: 1,
            column: 1,
            message,
        })?;
        (Syntax::Yaml, root)
    };
    let kind = match root.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.") => Kind::OpenApi,
        Some(v) => {
            return Err(Error::Unsupported {
                at: Box::new(Location {
                    file: path.to_path_buf(),
                    pointer: "/openapi".into(),
                    position: locate::position(&text, syntax, "/openapi"),
                }),
                operation: None,
                construct: format!("OpenAPI version {v} (3.0 and 3.1 are supported)"),
            })
        }
        None if root.get("swagger").is_some() => {
            return Err(Error::Unsupported {
                at: Box::new(Location {
                    file: path.to_path_buf(),
                    pointer: "/swagger".into(),
                    position: locate::position(&text, syntax, "/swagger"),
                }),
                operation: None,
                construct: "Swagger 2.0 (convert it to OpenAPI 3 first)".into(),
            })
        }
        None if root.is_object() || root.is_boolean() => Kind::JsonSchema,
        None => {
            return Err(Error::Spec {
                at: Box::new(Location {
                    file: path.to_path_buf(),
                    pointer: String::new(),
                    position: Some((1, 1)),
                }),
                operation: None,
                message: "expected an OpenAPI document or a JSON Schema (an object)".into(),
            })
        }
    };
    Ok(Document {
        path: path.to_path_buf(),
        text,
        syntax,
        root,
        kind,
    })
}

/// Converts YAML to JSON values; scalar keys (`200:`) become strings.
fn yaml_to_json(v: serde_yaml::Value) -> std::result::Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(yaml_to_json)
                .collect::<std::result::Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    other => return Err(format!("unsupported YAML mapping key {other:?}")),
                };
                out.insert(key, yaml_to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value)?,
    })
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer segment (RFC 6901).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `pointer` with `segment` appended.
pub fn join(pointer: &str, segment: &str) -> String {
    format!("{pointer}/{}", escape(segment))
}
