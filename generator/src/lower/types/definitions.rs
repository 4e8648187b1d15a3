//! The definitions of named types: enums, unions and structs.

use super::keywords::{has_object_shape, has_properties, is_null_schema, string_type, type_list};
use super::{description, Container, Key, Site};
use crate::error::{Error, Result};
use crate::ir::{Additional, EnumValue, Field, TypeDef, TypeKind, TypeRef, Variant};
use crate::load::{join, FileId};
use crate::lower::Ctx;
use crate::naming::{Case, Namespace};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

impl Ctx<'_> {
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
                    fixture: false,
                    sort: None,
                    kind,
                });
        }
        Ok(())
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
                    None => ns.claim(&pname, Case::Snake).into(),
                },
                name: pname.clone(),
                ty: lowered.ty,
                required: required.contains(&pname),
                nullable: lowered.nullable,
                boxed: false,
                description: description(&value),
                deprecated: value.get("deprecated") == Some(&Value::Bool(true)),
                secret: false,
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
            Some((afile, aptr)) if !fields.is_empty() => Some(Additional {
                rust_name: crate::naming::additional_field(
                    fields.iter().map(|f| f.rust_name.as_str()),
                ),
                ty: self
                    .schema(module, afile, &aptr, &format!("{name} Extra"))?
                    .into_ref(),
            }),
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
