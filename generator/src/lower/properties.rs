//! Property definitions (`specs/properties/`, in the shape of HubSpot's
//! Properties API) into [`PropertiesModule`]: a typed struct per object, an
//! enum per enumeration with options, the create rules, and HubSpot's
//! association types as constants. Every Rust name is decided here.

use crate::error::{Error, Result};
use crate::ir::{
    AssociationTypeDef, CreateRule, OptionEnum, OptionVariant, PropertiesModule, PropertySet,
    PropertyValue, TypedProperty,
};
use crate::load::{join, Documents, FileId};
use crate::naming::{self, Case, Namespace};
use serde_json::Value;

/// The module (and crate) of the typed properties.
pub const MODULE: &str = "properties";

/// Lowers the definition files; `None` when there are none.
pub fn lower(docs: &Documents, files: &[FileId]) -> Result<Option<PropertiesModule>> {
    if files.is_empty() {
        return Ok(None);
    }
    let mut objects = Vec::new();
    let mut associations = Vec::new();
    let mut types = Namespace::for_types();
    for &file in files {
        let root = &docs.get(file).root;
        if root.get("associationTypes").is_some() {
            associations.extend(association_types(docs, file)?);
        } else {
            objects.push(object(docs, file, &mut types)?);
        }
    }
    objects.sort_by(|a, b| a.object.cmp(&b.object));
    if let Some(pair) = objects.windows(2).find(|w| w[0].object == w[1].object) {
        return Err(Error::Spec {
            at: Box::new(crate::error::Location {
                file: pair[1].source.clone().into(),
                pointer: "/objectType".into(),
                position: None,
            }),
            operation: None,
            message: format!(
                "`{}` has property definitions in two files ({} too)",
                pair[1].object, pair[0].source
            ),
        });
    }
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

fn object(docs: &Documents, file: FileId, types: &mut Namespace) -> Result<PropertySet> {
    let root = &docs.get(file).root;
    let object = text(docs, file, "", root, "objectType")?.to_string();
    let (properties_type, names_type, create_type) = object_names(&object, types);
    let results = root
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
    let mut fields = Namespace::with_reserved(naming::PROPERTY_MEMBERS.iter().copied());
    let mut variants = Namespace::for_types();
    let mut properties = Vec::new();
    let mut enums = Vec::new();
    for (i, def) in results.iter().enumerate() {
        let at = format!("/results/{i}");
        let name = text(docs, file, &at, def, "name")?.to_string();
        if properties.iter().any(|p: &TypedProperty| p.name == name) {
            return Err(fault(
                docs,
                file,
                &join(&at, "name"),
                format!("`{name}` is defined twice"),
            ));
        }
        let field = fields.claim_ident(naming::property_field(&name, &object), Case::Snake);
        let variant = variants.claim(naming::unraw(&field), Case::Pascal);
        let value = value(
            docs,
            file,
            &at,
            def,
            &properties_type,
            &field,
            types,
            &mut enums,
            &name,
        )?;
        properties.push(TypedProperty {
            label: def.get("label").and_then(Value::as_str).map(str::to_string),
            description: def
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string),
            name,
            field,
            variant,
            value,
        });
    }
    let create = create_rule(docs, file, root, &properties)?;
    Ok(PropertySet {
        source: docs.get(file).display_path(),
        object,
        properties_type,
        names_type,
        create_type,
        properties,
        enums,
        create,
    })
}

/// The Rust type of the definition at `at`, and its enum when it has options.
#[allow(clippy::too_many_arguments)]
fn value(
    docs: &Documents,
    file: FileId,
    at: &str,
    def: &Value,
    owner: &str,
    field: &str,
    types: &mut Namespace,
    enums: &mut Vec<OptionEnum>,
    name: &str,
) -> Result<PropertyValue> {
    let kind = text(docs, file, at, def, "type")?;
    let multi = def.get("fieldType").and_then(Value::as_str) == Some("checkbox");
    let flag = |key: &str| def.get(key).and_then(Value::as_bool).unwrap_or(false);
    Ok(match kind {
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
            if variants.is_empty() {
                return Ok(if multi { PropertyValue::Strings } else { PropertyValue::String });
            }
            // `CallDirection`: the object's stem, then the field.
            let stem = owner.trim_end_matches("Properties");
            let enum_name = types.claim_type(&format!("{stem}_{}", naming::unraw(field)));
            enums.push(OptionEnum {
                name: enum_name.clone(),
                property: name.to_string(),
                variants,
            });
            PropertyValue::Enum { name: enum_name, multi }
        }
        other => {
            return Err(fault(
                docs,
                file,
                &join(at, "type"),
                format!("unknown property type `{other}` (expected string, number, bool, date, datetime or enumeration)"),
            ))
        }
    })
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

/// The `create` section: names checked against the definitions, as fields.
fn create_rule(
    docs: &Documents,
    file: FileId,
    root: &Value,
    props: &[TypedProperty],
) -> Result<CreateRule> {
    let Some(create) = root.get("create") else {
        return Ok(CreateRule::default());
    };
    let field = |pointer: String, name: &str| -> Result<String> {
        props
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.field.clone())
            .ok_or_else(|| {
                fault(
                    docs,
                    file,
                    &pointer,
                    format!("`{name}` is not among the definitions"),
                )
            })
    };
    let named = |key: &str| -> Result<Vec<String>> {
        texts(docs, file, "/create", create, key)?
            .iter()
            .enumerate()
            .map(|(i, n)| field(format!("/create/{key}/{i}"), n))
            .collect()
    };
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
            let value = value.as_str().ok_or_else(|| {
                fault(
                    docs,
                    file,
                    &pointer,
                    "expected the value as a string".into(),
                )
            })?;
            fixed.push((field(pointer, name)?, value.to_string()));
        }
    }
    Ok(CreateRule {
        required: named("required")?,
        fixed,
        one_of: named("oneOf")?,
    })
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
