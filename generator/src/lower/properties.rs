//! Property definitions (`specs/properties/`, in the shape of HubSpot's
//! Properties API) into [`PropertiesModule`]: a typed struct per object, an
//! enum per enumeration with options, the create rules, and HubSpot's
//! association types as constants. Every Rust name is decided here.

use crate::error::{Error, Result};
use crate::ir::{
    AssociationTypeDef, CreateRule, OneOf, OptionEnum, OptionVariant, PropertiesModule,
    PropertySet, PropertyValue, TypedProperty,
};
use crate::load::{join, Documents, FileId};
use crate::naming::{self, Case, Namespace};
use serde_json::Value;
use std::collections::BTreeSet;

/// The module (and crate) of the typed properties.
pub const MODULE: &str = "properties";

/// An object's set under construction, with the names its fields and
/// variants took.
struct Building {
    set: PropertySet,
    fields: Namespace,
    variants: Namespace,
}

/// Lowers the definition files; `None` when there are none. Files of the
/// same object merge: a portal's pulled definitions (`pulledFrom`) come
/// after the project's own, which they never override.
pub fn lower(docs: &Documents, files: &[FileId]) -> Result<Option<PropertiesModule>> {
    if files.is_empty() {
        return Ok(None);
    }
    let mut objects: Vec<Building> = Vec::new();
    let mut associations = Vec::new();
    let mut types = Namespace::for_types();
    let mut ordered = files.to_vec();
    ordered.sort_by_key(|&f| docs.get(f).root.get("pulledFrom").is_some());
    for file in ordered {
        let root = &docs.get(file).root;
        if root.get("associationTypes").is_some() {
            associations.extend(association_types(docs, file)?);
            continue;
        }
        let name = text(docs, file, "", root, "objectType")?;
        let at = match objects.iter().position(|b| b.set.object == name) {
            Some(at) => at,
            None => {
                objects.push(new_object(docs, file, name, &mut types));
                objects.len() - 1
            }
        };
        let building = &mut objects[at];
        add_definitions(docs, file, building, &mut types)?;
        if let Some(rule) = create_rule(docs, file, root, &building.set)? {
            building.set.create = rule;
        }
    }
    let mut objects: Vec<PropertySet> = objects.into_iter().map(|b| b.set).collect();
    objects.sort_by(|a, b| a.object.cmp(&b.object));
    Ok(Some(PropertiesModule {
        module: MODULE.to_string(),
        objects,
        associations,
    }))
}

/// A fault at `pointer` of `file`.
fn fault(docs: &Documents, file: FileId, pointer: &str, message: String) -> Error {
    Error::Spec {
        at: docs.location(file, pointer),
        operation: None,
        message,
    }
}

/// The string at `key` of `value`, required.
fn text<'a>(
    docs: &Documents,
    file: FileId,
    at: &str,
    value: &'a Value,
    key: &str,
) -> Result<&'a str> {
    value.get(key).and_then(Value::as_str).ok_or_else(|| {
        fault(
            docs,
            file,
            &join(at, key),
            format!("expected a string `{key}`"),
        )
    })
}

/// The strings of the array at `key` of `value`, if any.
fn texts(
    docs: &Documents,
    file: FileId,
    at: &str,
    value: &Value,
    key: &str,
) -> Result<Vec<String>> {
    let Some(list) = value.get(key) else {
        return Ok(Vec::new());
    };
    let at = join(at, key);
    let items = list
        .as_array()
        .ok_or_else(|| fault(docs, file, &at, "expected a list of names".into()))?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str().map(str::to_string).ok_or_else(|| {
                fault(
                    docs,
                    file,
                    &join(&at, &i.to_string()),
                    "expected a name".into(),
                )
            })
        })
        .collect()
}

/// The type names of an object: `calls` → `CallProperties`, `CallProperty`,
/// `CallCreate`.
fn object_names(object: &str, types: &mut Namespace) -> (String, String, String) {
    let one = naming::singular(object).unwrap_or_else(|| object.to_string());
    let stem = naming::sanitize(&one, Case::Pascal);
    (
        types.claim_type(&format!("{stem}Properties")),
        types.claim_type(&format!("{stem}Property")),
        types.claim_type(&format!("{stem}Create")),
    )
}

fn new_object(docs: &Documents, file: FileId, object: &str, types: &mut Namespace) -> Building {
    let (properties_type, names_type, create_type) = object_names(object, types);
    Building {
        set: PropertySet {
            source: docs.get(file).display_path(),
            object: object.to_string(),
            properties_type,
            names_type,
            create_type,
            properties: Vec::new(),
            enums: Vec::new(),
            create: CreateRule::default(),
        },
        fields: Namespace::with_reserved(naming::PROPERTY_MEMBERS.iter().copied()),
        variants: Namespace::for_types(),
    }
}

/// Adds the definitions of `file` that the object does not have yet.
fn add_definitions(
    docs: &Documents,
    file: FileId,
    b: &mut Building,
    types: &mut Namespace,
) -> Result<()> {
    let results = docs
        .get(file)
        .root
        .get("results")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            fault(
                docs,
                file,
                "/results",
                "expected the list of property definitions".into(),
            )
        })?;
    let known = b.set.properties.len();
    for (i, def) in results.iter().enumerate() {
        let at = format!("/results/{i}");
        let name = text(docs, file, &at, def, "name")?.to_string();
        if let Some(pos) = b.set.properties.iter().position(|p| p.name == name) {
            if pos >= known {
                let message = format!("`{name}` is defined twice");
                return Err(fault(docs, file, &join(&at, "name"), message));
            }
            continue;
        }
        let field = naming::RustIdent::from(
            b.fields
                .claim_ident(naming::property_field(&name, &b.set.object), Case::Snake),
        );
        let variant = b.variants.claim(field.bare(), Case::Pascal);
        let value = match value(docs, file, &at, def)? {
            Typed::Value(value) => value,
            Typed::Options { variants, multi } => {
                let stem = b.set.properties_type.trim_end_matches("Properties");
                let enum_name = types.claim_type(&format!("{stem}_{}", field.bare()));
                b.set.enums.push(OptionEnum {
                    name: enum_name.clone(),
                    property: name.clone(),
                    variants,
                });
                PropertyValue::Enum {
                    name: enum_name,
                    multi,
                }
            }
        };
        b.set.properties.push(TypedProperty {
            label: def.get("label").and_then(Value::as_str).map(str::to_string),
            description: def
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            read_only: def
                .pointer("/modificationMetadata/readOnlyValue")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            name,
            field,
            variant,
            value,
        });
    }
    Ok(())
}

/// What a definition's type lowers to: a value type, or options that need
/// an enum (named by the caller: `CallDirection`, the object's stem, then
/// the field).
enum Typed {
    Value(PropertyValue),
    Options {
        variants: Vec<OptionVariant>,
        multi: bool,
    },
}

/// The Rust type of the definition at `at`.
fn value(docs: &Documents, file: FileId, at: &str, def: &Value) -> Result<Typed> {
    let kind = text(docs, file, at, def, "type")?;
    let multi = def.get("fieldType").and_then(Value::as_str) == Some("checkbox");
    let flag = |key: &str| def.get(key).and_then(Value::as_bool).unwrap_or(false);
    let plain = match kind {
        "string" | "phone_number" => PropertyValue::String,
        "number" if def.get("x-unit").and_then(Value::as_str) == Some("milliseconds") => {
            PropertyValue::Duration
        }
        "number" if flag("x-integer") => PropertyValue::Integer,
        "number" => PropertyValue::Number,
        "bool" | "boolean" => PropertyValue::Bool,
        "date" => PropertyValue::Date,
        "datetime" => PropertyValue::DateTime,
        "enumeration" => {
            let variants = options(docs, file, at, def)?;
            if !variants.is_empty() {
                return Ok(Typed::Options { variants, multi });
            }
            if multi {
                PropertyValue::Strings
            } else {
                PropertyValue::String
            }
        }
        other => {
            return Err(fault(
                docs,
                file,
                &join(at, "type"),
                format!("unknown property type `{other}` (expected string, number, bool, date, datetime or enumeration)"),
            ))
        }
    };
    Ok(Typed::Value(plain))
}

/// The options of an enumeration, named after their labels.
fn options(docs: &Documents, file: FileId, at: &str, def: &Value) -> Result<Vec<OptionVariant>> {
    let Some(list) = def.get("options").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut names = Namespace::with_reserved(["Unknown"]);
    let mut variants: Vec<OptionVariant> = Vec::new();
    for (i, option) in list.iter().enumerate() {
        let at = format!("{at}/options/{i}");
        let value = text(docs, file, &at, option, "value")?.to_string();
        if variants.iter().any(|v| v.value == value) {
            return Err(fault(
                docs,
                file,
                &join(&at, "value"),
                format!("option `{value}` is listed twice"),
            ));
        }
        let label = option
            .get("label")
            .and_then(Value::as_str)
            .unwrap_or(&value)
            .to_string();
        variants.push(OptionVariant {
            name: names.claim(&label, Case::Pascal),
            value,
            label,
        });
    }
    Ok(variants)
}

/// The `create` section: names checked against the definitions (settable,
/// each in one rule only), as fields.
fn create_rule(
    docs: &Documents,
    file: FileId,
    root: &Value,
    set: &PropertySet,
) -> Result<Option<CreateRule>> {
    let Some(create) = root.get("create") else {
        return Ok(None);
    };
    let mut used = BTreeSet::new();
    let mut field = |pointer: String, name: &str| -> Result<String> {
        let p = set
            .properties
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| {
                fault(
                    docs,
                    file,
                    &pointer,
                    format!("`{name}` is not among the definitions"),
                )
            })?;
        if p.read_only {
            let message = format!("`{name}` is read-only: a new record cannot set it");
            return Err(fault(docs, file, &pointer, message));
        }
        if !used.insert(name.to_string()) {
            let message = format!("`{name}` is named by two create rules");
            return Err(fault(docs, file, &pointer, message));
        }
        Ok(p.field.to_string())
    };
    let mut named = |key: &str| -> Result<Vec<String>> {
        texts(docs, file, "/create", create, key)?
            .iter()
            .enumerate()
            .map(|(i, n)| field(format!("/create/{key}/{i}"), n))
            .collect()
    };
    let required = named("required")?;
    let one_of = named("oneOf")?
        .into_iter()
        .map(|field| OneOf {
            constructor: naming::with_constructor(&field),
            field: field.into(),
        })
        .collect();
    let mut fixed = Vec::new();
    if let Some(map) = create.get("fixed") {
        let map = map.as_object().ok_or_else(|| {
            fault(
                docs,
                file,
                "/create/fixed",
                "expected a map of property to value".into(),
            )
        })?;
        for (name, value) in map {
            let pointer = join("/create/fixed", name);
            let Some(value) = value.as_str() else {
                return Err(fault(
                    docs,
                    file,
                    &pointer,
                    "expected the value as a string".into(),
                ));
            };
            fixed.push((field(pointer, name)?, value.to_string()));
        }
    }
    Ok(Some(CreateRule {
        required,
        fixed,
        one_of,
    }))
}

fn association_types(docs: &Documents, file: FileId) -> Result<Vec<AssociationTypeDef>> {
    let root = &docs.get(file).root;
    let list = root
        .get("associationTypes")
        .and_then(Value::as_array)
        .ok_or_else(|| fault(docs, file, "/associationTypes", "expected a list".into()))?;
    let mut names = Namespace::with_reserved([]);
    let mut out = Vec::new();
    for (i, def) in list.iter().enumerate() {
        let at = format!("/associationTypes/{i}");
        let id = def
            .get("id")
            .and_then(Value::as_i64)
            .and_then(|id| i32::try_from(id).ok())
            .ok_or_else(|| {
                fault(
                    docs,
                    file,
                    &join(&at, "id"),
                    "expected an integer id".into(),
                )
            })?;
        out.push(AssociationTypeDef {
            constant: names.claim(text(docs, file, &at, def, "name")?, Case::ShoutySnake),
            from: text(docs, file, &at, def, "from")?.to_string(),
            to: text(docs, file, &at, def, "to")?.to_string(),
            id,
            label: def.get("label").and_then(Value::as_str).map(str::to_string),
        });
    }
    Ok(out)
}
