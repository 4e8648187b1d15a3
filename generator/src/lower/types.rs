//! Schemas to types. [`TypeSpace`] owns every named type of the crate and
//! every type name: a referenced schema gets its name and slot the first time
//! it is seen and is lowered later from a queue, so forward references and
//! cycles need no special handling.

use super::Ctx;
use crate::error::{Diagnostic, Error, Result};
use crate::ir::{EnumValue, Field, TypeDef, TypeKind, TypeRef, Variant};
use crate::load::{join, FileId};
use crate::naming::{sanitize, Case, Namespace};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Keywords the generator cannot represent faithfully.
const UNSUPPORTED: &[&str] = &[
    "not",
    "if",
    "prefixItems",
    "patternProperties",
    "$dynamicRef",
    "$recursiveRef",
    "dependentSchemas",
];

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

    /// Marks the fields and variants that must be boxed: those whose type
    /// contains, without indirection through `Vec` or a map, the type itself.
    pub fn box_recursive(&mut self) {
        let mut edges: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
        for (module, defs) in &self.defs {
            for def in defs {
                let from = (module.clone(), def.name.clone());
                let to = edges.entry(from).or_default();
                for r in direct_refs(&def.kind) {
                    to.insert(r);
                }
            }
        }
        let reaches = |from: &(String, String), goal: &(String, String)| -> bool {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.clone()];
            while let Some(n) = stack.pop() {
                if &n == goal {
                    return true;
                }
                if seen.insert(n.clone()) {
                    if let Some(next) = edges.get(&n) {
                        stack.extend(next.iter().cloned());
                    }
                }
            }
            false
        };
        for (module, defs) in self.defs.iter_mut() {
            for def in defs.iter_mut() {
                let me = (module.clone(), def.name.clone());
                match &mut def.kind {
                    TypeKind::Struct { fields, .. } => {
                        for f in fields {
                            if let Some(target) = direct_target(&f.ty) {
                                f.boxed = reaches(&target, &me);
                            }
                        }
                    }
                    TypeKind::Union { variants, .. } => {
                        for v in variants {
                            if let Some(target) = direct_target(&v.ty) {
                                v.boxed = reaches(&target, &me);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The named type a value of `ty` holds inline (not behind a Vec or map).
fn direct_target(ty: &TypeRef) -> Option<(String, String)> {
    match ty {
        TypeRef::Named { module, name } => Some((module.clone(), name.clone())),
        TypeRef::Option(inner) => direct_target(inner),
        _ => None,
    }
}

fn direct_refs(kind: &TypeKind) -> Vec<(String, String)> {
    match kind {
        TypeKind::Struct { fields, .. } => {
            fields.iter().filter_map(|f| direct_target(&f.ty)).collect()
        }
        TypeKind::Union { variants, .. } => variants
            .iter()
            .filter_map(|v| direct_target(&v.ty))
            .collect(),
        TypeKind::Alias { target } => direct_target(target).into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
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

impl Ctx<'_> {
    fn schema_value(&self, file: FileId, pointer: &str) -> Result<&Value> {
        self.docs.value(file, pointer).ok_or_else(|| Error::Spec {
            at: self.docs.location(file, pointer),
            operation: None,
            message: "expected a schema here".into(),
        })
    }

    /// Lowers every queued named type.
    pub fn drain_types(&mut self) -> Result<()> {
        while let Some(p) = self.types.queue.pop_front() {
            let value = self.schema_value(p.file, &p.pointer)?.clone();
            let description = description(&value);
            let kind = self.kind_of(&p.module, p.file, &p.pointer, &value, &p.name)?;
            let path = self.docs.get(p.file).display_path();
            let source = if p.pointer.is_empty() {
                path
            } else {
                format!("{path}#{}", p.pointer)
            };
            self.types
                .defs
                .entry(p.module.clone())
                .or_default()
                .push(TypeDef {
                    name: p.name,
                    source,
                    description,
                    same_as: Vec::new(),
                    non_exhaustive: false,
                    built: false,
                    sort: None,
                    kind,
                });
        }
        Ok(())
    }

    /// Lowers the schema at (`file`, `pointer`) used in `module`; `hint` names
    /// an inline type if one is needed.
    pub fn schema(
        &mut self,
        module: &str,
        file: FileId,
        pointer: &str,
        hint: &str,
    ) -> Result<Lowered> {
        let value = self.schema_value(file, pointer)?.clone();
        let map = match &value {
            Value::Bool(true) => return Ok(plain(TypeRef::Json)),
            Value::Object(map) => map,
            _ => {
                return Err(Error::Unsupported {
                    at: self.docs.location(file, pointer),
                    operation: None,
                    construct: format!("schema `{value}` (expected an object or `true`)"),
                })
            }
        };
        for kw in UNSUPPORTED {
            if map.contains_key(*kw) {
                return Err(Error::Unsupported {
                    at: self.docs.location(file, &join(pointer, kw)),
                    operation: None,
                    construct: format!("keyword `{kw}`"),
                });
            }
        }
        let site = Site {
            module,
            file,
            pointer,
            map,
            hint,
        };
        let nullable = map.get("nullable") == Some(&Value::Bool(true));
        if map.contains_key("$ref") {
            return self.ref_schema(module, file, pointer, nullable);
        }
        let types = type_list(map);
        let nullable = nullable || types.iter().any(|t| t == "null");
        let non_null: Vec<&str> = types
            .iter()
            .map(String::as_str)
            .filter(|t| *t != "null")
            .collect();
        if let Some(lowered) = self.composite(site, nullable)? {
            return Ok(lowered);
        }
        if non_null.len() > 1 {
            let ty = self.named_at(site);
            return Ok(Lowered { ty, nullable });
        }
        let ty = self.single_type(site, non_null.first().copied())?;
        Ok(Lowered { ty, nullable })
    }

    /// A schema that is a `$ref` (a dangling one is typed as any JSON, with
    /// a warning).
    fn ref_schema(
        &mut self,
        module: &str,
        file: FileId,
        pointer: &str,
        nullable: bool,
    ) -> Result<Lowered> {
        if let Some(d) = self.refs.dangling(file, pointer) {
            // The shape is unknown, so any JSON is accepted: the field or
            // body stays usable, just untyped.
            let message = format!(
                "unresolved $ref `{}`: {}; typed as serde_json::Value",
                d.reference, d.reason
            );
            if let std::collections::btree_map::Entry::Vacant(slot) =
                self.dangling_seen.entry((file, pointer.to_string()))
            {
                slot.insert(self.warnings.len());
                self.warnings.push(Diagnostic {
                    at: self.docs.location(file, &join(pointer, "$ref")),
                    operation: None,
                    message,
                });
            }
            return Ok(Lowered {
                ty: TypeRef::Json,
                nullable,
            });
        }
        let target = self
            .refs
            .target(file, pointer)
            .cloned()
            .ok_or_else(|| Error::Spec {
                at: self.docs.location(file, &join(pointer, "$ref")),
                operation: None,
                message: "`$ref` must be a string".into(),
            })?;
        let inner = self.reference(module, target.file, &target.pointer)?;
        Ok(Lowered {
            ty: inner.ty,
            nullable: nullable || inner.nullable,
        })
    }

    /// A string `enum`, or a `oneOf`/`anyOf`/`allOf` (a lone non-null member
    /// stands for itself); `None` for any other schema.
    fn composite(&mut self, site: Site<'_>, mut nullable: bool) -> Result<Option<Lowered>> {
        if let Some(Value::Array(values)) = site.map.get("enum") {
            if values.iter().any(Value::is_null) {
                nullable = true;
            }
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            let non_null_count = values.iter().filter(|v| !v.is_null()).count();
            if !strings.is_empty() && strings.len() == non_null_count {
                let ty = self.named_at(site);
                return Ok(Some(Lowered { ty, nullable }));
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = site.map.get(key) {
                let non_null_members: Vec<usize> = (0..members.len())
                    .filter(|i| !is_null_schema(&members[*i]))
                    .collect();
                if non_null_members.len() < members.len() {
                    nullable = true;
                }
                if non_null_members.len() == 1 && !has_object_shape(site.map) {
                    let member = format!("{}/{key}/{}", site.pointer, non_null_members[0]);
                    let inner = self.schema(site.module, site.file, &member, site.hint)?;
                    return Ok(Some(Lowered {
                        ty: inner.ty,
                        nullable: true,
                    }));
                }
                let ty = self.named_at(site);
                return Ok(Some(Lowered { ty, nullable }));
            }
        }
        if let Some(Value::Array(members)) = site.map.get("allOf") {
            if members.len() == 1 && !has_object_shape(site.map) {
                let inner = self.schema(
                    site.module,
                    site.file,
                    &format!("{}/allOf/0", site.pointer),
                    site.hint,
                )?;
                return Ok(Some(Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                }));
            }
            let ty = self.named_at(site);
            return Ok(Some(Lowered { ty, nullable }));
        }
        Ok(None)
    }

    /// The type of a schema of one `type` (or none).
    fn single_type(&mut self, site: Site<'_>, ty: Option<&str>) -> Result<TypeRef> {
        let Site {
            file, pointer, map, ..
        } = site;
        Ok(match ty {
            Some("object") | None if has_properties(map) => self.named_at(site),
            Some("object") => self.container(site, Container::Map)?,
            None if map.contains_key("additionalProperties") => {
                self.container(site, Container::Map)?
            }
            None if map.contains_key("items") => self.container(site, Container::Array)?,
            None => TypeRef::Json,
            Some("array") => self.container(site, Container::Array)?,
            Some("string") => string_type(map),
            Some("integer") => match map.get("format").and_then(Value::as_str) {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            Some(other) => {
                return Err(Error::Unsupported {
                    at: self.docs.location(file, &join(pointer, "type")),
                    operation: None,
                    construct: format!("schema type `{other}`"),
                })
            }
        })
    }

    /// The named type of the schema at `site`.
    fn named_at(&mut self, site: Site<'_>) -> TypeRef {
        self.types
            .named(site.module, site.file, site.pointer, site.hint)
    }

    /// The type of a referenced schema: named after where it lives.
    fn reference(&mut self, module: &str, file: FileId, pointer: &str) -> Result<Lowered> {
        let value = self.schema_value(file, pointer)?;
        // A reference to a bare reference is the same type.
        if value.get("$ref").is_some() && value.as_object().is_some_and(|m| m.len() == 1) {
            return self.schema(module, file, pointer, "");
        }
        let nullable = value.get("nullable") == Some(&Value::Bool(true))
            || type_list(value.as_object().unwrap_or(&Map::new()))
                .iter()
                .any(|t| t == "null");
        let name = self.name_for(file, pointer);
        let ty = self.types.named(module, file, pointer, &name);
        Ok(Lowered { ty, nullable })
    }

    /// The preferred name of the schema at a location: its key under
    /// `components/schemas` or `$defs`, a standalone file's `title` or file name.
    fn name_for(&self, file: FileId, pointer: &str) -> String {
        let doc = self.docs.get(file);
        if pointer.is_empty() {
            if let Some(title) = doc.root.get("title").and_then(Value::as_str) {
                return title.to_string();
            }
            let stem = doc
                .path
                .file_name()
                .and_then(|s| s.to_str())
                .unwrap_or("Schema");
            let stem = stem.split('.').next().unwrap_or(stem);
            return stem.to_string();
        }
        let segments = crate::resolve::segments(pointer);
        let meaningful: Vec<&String> = segments
            .iter()
            .filter(|s| {
                !matches!(
                    s.as_str(),
                    "components"
                        | "schemas"
                        | "$defs"
                        | "definitions"
                        | "properties"
                        | "items"
                        | "allOf"
                        | "oneOf"
                        | "anyOf"
                        | "additionalProperties"
                        | "content"
                        | "schema"
                ) && s.parse::<usize>().is_err()
            })
            .collect();
        match meaningful.as_slice() {
            [] => "Schema".to_string(),
            [one] => one.to_string(),
            [.., a, b] if segments.iter().any(|s| s == "properties") => format!("{a} {b}"),
            [.., last] => last.to_string(),
        }
    }

    /// A map of the schema's `additionalProperties` or an array of its
    /// `items`; of any JSON value when the keyword gives no schema.
    fn container(&mut self, site: Site<'_>, kind: Container) -> Result<TypeRef> {
        let (keyword, suffix) = match kind {
            Container::Map => ("additionalProperties", "Value"),
            Container::Array => ("items", "Item"),
        };
        let inner = match (kind, site.map.get(keyword)) {
            (_, Some(Value::Object(_))) | (Container::Array, Some(Value::Bool(true))) => self
                .schema(
                    site.module,
                    site.file,
                    &join(site.pointer, keyword),
                    &format!("{} {suffix}", site.hint),
                )?
                .into_ref(),
            (Container::Array, Some(Value::Array(_))) => {
                return Err(Error::Unsupported {
                    at: self.docs.location(site.file, &join(site.pointer, keyword)),
                    operation: None,
                    construct: "tuple `items` (an array of schemas)".into(),
                })
            }
            _ => TypeRef::Json,
        };
        Ok(match kind {
            Container::Map => TypeRef::Map(Box::new(inner)),
            Container::Array => TypeRef::Array(Box::new(inner)),
        })
    }

    /// The definition of the named type at (`file`, `pointer`).
    fn kind_of(
        &mut self,
        module: &str,
        file: FileId,
        pointer: &str,
        value: &Value,
        name: &str,
    ) -> Result<TypeKind> {
        let Some(map) = value.as_object() else {
            let target = self.schema(module, file, pointer, name)?.into_ref();
            return Ok(TypeKind::Alias { target });
        };
        if let Some(Value::Array(values)) = map.get("enum") {
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            if !strings.is_empty()
                && strings.len() == values.iter().filter(|v| !v.is_null()).count()
            {
                let mut ns = Namespace::with_reserved(["Unknown"]);
                let mut seen = BTreeSet::new();
                let values = strings
                    .into_iter()
                    .filter(|v| seen.insert(v.to_string()))
                    .map(|v| EnumValue {
                        value: v.to_string(),
                        rust_name: ns.claim(v, Case::Pascal),
                    })
                    .collect();
                return Ok(TypeKind::Enum { values });
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = map.get(key) {
                if !has_object_shape(map) {
                    return self.union(module, file, pointer, map, key, members.len(), name);
                }
            }
        }
        let types = type_list(map);
        let non_null: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
        if non_null.len() > 1 {
            // `type: [string, integer]`: a union of primitives.
            let site = Site {
                module,
                file,
                pointer,
                map,
                hint: name,
            };
            let mut ns = Namespace::with_reserved(["Unknown"]);
            let mut variants = Vec::new();
            for t in non_null {
                let ty = match t.as_str() {
                    "string" => string_type(map),
                    "integer" => TypeRef::I64,
                    "number" => TypeRef::F64,
                    "boolean" => TypeRef::Bool,
                    "array" => self.container(site, Container::Array)?,
                    "object" => self.container(site, Container::Map)?,
                    other => {
                        return Err(Error::Unsupported {
                            at: self.docs.location(file, &join(pointer, "type")),
                            operation: None,
                            construct: format!("schema type `{other}`"),
                        })
                    }
                };
                variants.push(Variant {
                    rust_name: ns.claim(t, Case::Pascal),
                    ty,
                    tags: Vec::new(),
                    boxed: false,
                });
            }
            return Ok(TypeKind::Union {
                variants,
                discriminator: None,
            });
        }
        if map.contains_key("allOf") || has_properties(map) {
            return self.structure(module, file, pointer, name);
        }
        let target = self.schema(module, file, pointer, name)?.into_ref();
        Ok(TypeKind::Alias { target })
    }

    #[allow(clippy::too_many_arguments)]
    fn union(
        &mut self,
        module: &str,
        file: FileId,
        pointer: &str,
        map: &Map<String, Value>,
        key: &str,
        count: usize,
        name: &str,
    ) -> Result<TypeKind> {
        let discriminator = map
            .get("discriminator")
            .and_then(|d| d.get("propertyName"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let mapping: Vec<(String, String)> = map
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let mut ns = Namespace::with_reserved(["Unknown"]);
        let mut variants = Vec::new();
        for i in 0..count {
            let member_ptr = format!("{pointer}/{key}/{i}");
            let member = self.schema_value(file, &member_ptr)?.clone();
            if is_null_schema(&member) {
                continue;
            }
            let lowered = self.schema(
                module,
                file,
                &member_ptr,
                &format!("{name} Variant{}", i + 1),
            )?;
            let ty = lowered.into_ref();
            // `AgentActor` in `Actor` reads better as `Actor::Agent`.
            let variant_name = match &ty {
                TypeRef::Named { name: n, .. } => {
                    let short = n
                        .strip_suffix(name)
                        .or_else(|| n.strip_prefix(name))
                        .unwrap_or(n);
                    if short.is_empty() || short.starts_with(|c: char| c.is_ascii_digit()) {
                        n.clone()
                    } else {
                        short.to_string()
                    }
                }
                other => primitive_name(other).to_string(),
            };
            // Tags: explicit mapping entries pointing at this member's $ref,
            // else the member's own single-value enum / const for the property.
            let mut tags = Vec::new();
            if let (Some(prop), Some(reference)) =
                (&discriminator, member.get("$ref").and_then(Value::as_str))
            {
                for (tag, target) in &mapping {
                    if target == reference {
                        tags.push(tag.clone());
                    }
                }
                if tags.is_empty() {
                    if let Some(t) = self.refs.target(file, &member_ptr).cloned() {
                        tags.extend(self.tag_values(t.file, &t.pointer, prop));
                    }
                    if tags.is_empty() {
                        tags.push(
                            reference
                                .rsplit('/')
                                .next()
                                .unwrap_or(reference)
                                .to_string(),
                        );
                    }
                }
            } else if let Some(prop) = &discriminator {
                tags.extend(self.tag_values(file, &member_ptr, prop));
            }
            variants.push(Variant {
                rust_name: ns.claim(&variant_name, Case::Pascal),
                ty,
                tags,
                boxed: false,
            });
        }
        Ok(TypeKind::Union {
            variants,
            discriminator,
        })
    }

    /// Values a member schema allows for the discriminator property.
    fn tag_values(&self, file: FileId, pointer: &str, prop: &str) -> Vec<String> {
        let Some(schema) = self.docs.value(file, pointer) else {
            return Vec::new();
        };
        let prop_schema = schema.get("properties").and_then(|p| p.get(prop));
        let Some(prop_schema) = prop_schema else {
            return Vec::new();
        };
        if let Some(c) = prop_schema.get("const").and_then(Value::as_str) {
            return vec![c.to_string()];
        }
        match prop_schema.get("enum").and_then(Value::as_array) {
            Some(values) if values.len() == 1 => values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A struct from `properties`, merging `allOf` members.
    fn structure(
        &mut self,
        module: &str,
        file: FileId,
        pointer: &str,
        name: &str,
    ) -> Result<TypeKind> {
        let mut props: Vec<(FileId, String, String)> = Vec::new(); // (file, pointer, name)
        let mut required = BTreeSet::new();
        let mut additional: Option<(FileId, String)> = None;
        let mut visiting = BTreeSet::new();
        self.collect_properties(
            file,
            pointer,
            &mut props,
            &mut required,
            &mut additional,
            &mut visiting,
        )?;
        let mut ns = Namespace::default();
        let mut fields: Vec<Field> = Vec::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for (pfile, pptr, pname) in props {
            let value = self.schema_value(pfile, &pptr)?.clone();
            let hint = format!("{name} {pname}");
            let lowered = self.schema(module, pfile, &pptr, &hint)?;
            // A later allOf member redefines a property: the last one wins,
            // under the first one's name.
            let redefined = seen.get(&pname).copied();
            let field = Field {
                rust_name: match redefined {
                    Some(i) => std::mem::take(&mut fields[i].rust_name),
                    None => ns.claim(&pname, Case::Snake),
                },
                name: pname.clone(),
                ty: lowered.ty,
                required: required.contains(&pname),
                nullable: lowered.nullable,
                boxed: false,
                description: description(&value),
                deprecated: value.get("deprecated") == Some(&Value::Bool(true)),
                setter: None,
                getter: None,
                constant: None,
            };
            match redefined {
                Some(i) => fields[i] = field,
                None => {
                    seen.insert(pname.clone(), fields.len());
                    fields.push(field);
                }
            }
        }
        let additional = match additional {
            Some((afile, aptr)) if !fields.is_empty() => Some(
                self.schema(module, afile, &aptr, &format!("{name} Extra"))?
                    .into_ref(),
            ),
            _ => None,
        };
        Ok(TypeKind::Struct { fields, additional })
    }

    fn collect_properties(
        &self,
        file: FileId,
        pointer: &str,
        props: &mut Vec<(FileId, String, String)>,
        required: &mut BTreeSet<String>,
        additional: &mut Option<(FileId, String)>,
        visiting: &mut BTreeSet<Key>,
    ) -> Result<()> {
        if !visiting.insert((file, pointer.to_string())) {
            return Err(Error::Spec {
                at: self.docs.location(file, pointer),
                operation: None,
                message: "`allOf` includes itself".into(),
            });
        }
        let value = self.schema_value(file, pointer)?;
        if value.get("$ref").is_some() {
            if let Some(t) = self.refs.target(file, pointer).cloned() {
                return self
                    .collect_properties(t.file, &t.pointer, props, required, additional, visiting);
            }
            // Dropping the member's properties would be silently wrong.
            if let Some(e) = self.refs.dangling_error(self.docs, file, pointer) {
                return Err(e);
            }
        }
        if let Some(Value::Array(members)) = value.get("allOf") {
            for i in 0..members.len() {
                self.collect_properties(
                    file,
                    &format!("{pointer}/allOf/{i}"),
                    props,
                    required,
                    additional,
                    visiting,
                )?;
            }
        }
        if let Some(Value::Object(p)) = value.get("properties") {
            for key in p.keys() {
                props.push((file, join(&join(pointer, "properties"), key), key.clone()));
            }
        }
        if let Some(Value::Array(r)) = value.get("required") {
            required.extend(r.iter().filter_map(Value::as_str).map(str::to_string));
        }
        match value.get("additionalProperties") {
            Some(Value::Object(_)) => {
                *additional = Some((file, join(pointer, "additionalProperties")))
            }
            Some(Value::Bool(true)) => {
                *additional = Some((file, join(pointer, "additionalProperties")))
            }
            _ => {}
        }
        Ok(())
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

fn plain(ty: TypeRef) -> Lowered {
    Lowered {
        ty,
        nullable: false,
    }
}

/// `type` as a list (`"string"` → `["string"]`).
fn type_list(map: &Map<String, Value>) -> Vec<String> {
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

fn has_properties(map: &Map<String, Value>) -> bool {
    map.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
}

/// A schema that has its own properties besides a combinator.
fn has_object_shape(map: &Map<String, Value>) -> bool {
    has_properties(map)
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1 && e[0].is_null())
}

fn string_type(map: &Map<String, Value>) -> TypeRef {
    match map.get("format").and_then(Value::as_str) {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("password") => TypeRef::Secret,
        _ => TypeRef::String,
    }
}

fn primitive_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Secret => "Secret",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Bool => "Bool",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F64 => "Number",
        TypeRef::Json => "Json",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Option(_) => "Optional",
        TypeRef::Named { .. } => "Named",
    }
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
