//! Schemas to types. [`TypeSpace`] owns every named type of the crate and
//! every type name: a referenced schema gets its name and slot the first time
//! it is seen and is lowered later from a queue, so forward references and
//! cycles need no special handling.
//!
//! Submodules: `schema` lowers a schema where it is used (to a type
//! reference), `definitions` lowers the named types from the queue,
//! `boxing` marks the recursive fields, `keywords` reads schema keywords.

mod boxing;
mod definitions;
mod keywords;
mod schema;

use crate::ir::{TypeDef, TypeRef};
use crate::load::FileId;
use crate::naming::{sanitize, Case, Namespace};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, VecDeque};

/// A schema location.
type Key = (FileId, String);

/// A named type waiting to be lowered.
struct Pending {
    module: String,
    name: String,
    file: FileId,
    pointer: String,
}

/// Every named type of the crate.
#[derive(Default)]
pub struct TypeSpace {
    /// Names taken per module (types and service structs share a namespace).
    names: BTreeMap<String, Namespace>,
    /// (module, schema location) → its named type. Each module that uses a
    /// schema file's type gets its own copy, so API crates never depend on
    /// each other; `lower::shared` merges the copies into a shared crate.
    by_location: BTreeMap<(String, Key), TypeRef>,
    queue: VecDeque<Pending>,
    /// Lowered types per module.
    defs: BTreeMap<String, Vec<TypeDef>>,
}

impl TypeSpace {
    /// Claims a type-level name (a type or a service struct) in `module`.
    pub fn claim(&mut self, module: &str, name: &str) -> String {
        self.names
            .entry(module.to_string())
            .or_insert_with(Namespace::for_types)
            .claim_type(name)
    }

    /// The named type for the schema at (`file`, `pointer`), allocating it on
    /// first sight under `name` in `module`.
    fn named(&mut self, module: &str, file: FileId, pointer: &str, name: &str) -> TypeRef {
        let key = (module.to_string(), (file, pointer.to_string()));
        if let Some(existing) = self.by_location.get(&key) {
            return existing.clone();
        }
        let name = self.claim(module, name);
        let r = TypeRef::Named {
            module: module.to_string(),
            name: name.clone(),
        };
        self.by_location.insert(key, r.clone());
        self.queue.push_back(Pending {
            module: module.to_string(),
            name,
            file,
            pointer: pointer.to_string(),
        });
        r
    }

    /// Types lowered so far for `module`, sorted by name.
    /// Takes in `other`'s types, all of other modules, its queue drained.
    pub fn absorb(&mut self, other: TypeSpace) {
        debug_assert!(other.queue.is_empty());
        self.names.extend(other.names);
        self.by_location.extend(other.by_location);
        self.defs.extend(other.defs);
    }

    pub fn take_module(&mut self, module: &str) -> Vec<TypeDef> {
        let mut defs = self.defs.remove(module).unwrap_or_default();
        defs.sort_by(|a, b| a.name.cmp(&b.name));
        defs
    }
}

/// A type plus whether `null` is allowed.
pub struct Lowered {
    /// The type of a non-null value.
    pub ty: TypeRef,
    /// `null` is allowed.
    pub nullable: bool,
}

impl Lowered {
    /// `Option<T>` if nullable, else `T`.
    pub fn into_ref(self) -> TypeRef {
        if self.nullable {
            TypeRef::Option(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

/// The two schemas that hold other values: `Container::Map` lowers
/// `additionalProperties`, `Container::Array` lowers `items`.
#[derive(Debug, Clone, Copy)]
enum Container {
    Map,
    Array,
}

/// A schema object being lowered: where it stands, its keywords, and the
/// name an inline type of it would take.
#[derive(Clone, Copy)]
struct Site<'a> {
    module: &'a str,
    file: FileId,
    pointer: &'a str,
    map: &'a Map<String, Value>,
    hint: &'a str,
}

/// `description`, or `title` when there is no description.
pub fn description(v: &Value) -> Option<String> {
    v.get("description")
        .or_else(|| v.get("title"))
        .and_then(Value::as_str)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Pascal-case type name hint from parts.
pub fn hint(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| sanitize(p, Case::Pascal))
        .collect::<Vec<_>>()
        .join("")
}
