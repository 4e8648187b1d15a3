//! A schema where it is used: its type reference, and whether it may be
//! `null`.

use super::keywords::{has_object_shape, has_properties, is_null_schema, string_type, type_list};
use super::{Container, Lowered, Site};
use crate::error::{Diagnostic, Error, Result};
use crate::ir::TypeRef;
use crate::load::{join, FileId};
use crate::lower::Ctx;
use serde_json::{Map, Value};

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

impl Ctx<'_> {
    pub(super) fn schema_value(&self, file: FileId, pointer: &str) -> Result<&Value> {
        self.docs.value(file, pointer).ok_or_else(|| Error::Spec {
            at: self.docs.location(file, pointer),
            operation: None,
            message: "expected a schema here".into(),
        })
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
    pub(super) fn container(&mut self, site: Site<'_>, kind: Container) -> Result<TypeRef> {
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
}

fn plain(ty: TypeRef) -> Lowered {
    Lowered {
        ty,
        nullable: false,
    }
}
