//! Named types and the references to them.

use super::Crate;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// A named Rust type.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypeDef {
    /// Rust name, unique in its module.
    pub name: String,
    /// `file#pointer` of the schema it was lowered from.
    pub source: String,
    /// Documentation.
    pub description: Option<String>,
    /// `file#pointer` of the identical schemas of other APIs merged into
    /// this shared type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    /// Emitted `#[non_exhaustive]`: what HubSpot may add to it breaks no
    /// caller (see `lower::exhaustive`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_exhaustive: bool,
    /// A struct callers build, because a request carries it: emitted with a
    /// `new` that takes the fields without a [`Field::setter`] and a setter
    /// per other field (see `lower::exhaustive`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub built: bool,
    /// A struct no request carries (a response): emitted with the same
    /// `new` and setters as a built one, behind its crate's `test-util`
    /// feature, so that users' tests can make fixtures of it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fixture: bool,
    /// A sort order (a property name and a direction): emitted with
    /// `ascending` and `descending` constructors (see `lower::sorts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<SortOrder>,
    /// What it is.
    #[serde(flatten)]
    pub kind: TypeKind,
}

/// The fields and variants of a sort order struct ([`TypeDef::sort`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SortOrder {
    /// The field naming the property (`property_name`).
    pub property: String,
    /// The direction field (`direction`), an `Option` when `optional`.
    pub direction: String,
    /// The direction field may be left out.
    pub optional: bool,
    /// The direction enum.
    pub direction_type: TypeRef,
    /// Its variant for `ASCENDING`.
    pub ascending: String,
    /// Its variant for `DESCENDING`.
    pub descending: String,
}

/// The map of a struct's properties that its schema does not declare.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Additional {
    /// The field's name: `additional_properties`, unless a property has it.
    pub rust_name: String,
    /// The type of the values.
    #[serde(rename = "type")]
    pub ty: TypeRef,
}

/// The shape of a named type.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A struct with named fields.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// Extra properties kept in a flattened map, if the schema
        /// declares `additionalProperties` next to `properties`.
        additional: Option<Additional>,
    },
    /// A string enum; unknown values decode to an `Unknown(String)` variant.
    Enum {
        /// Known values in spec order.
        values: Vec<EnumValue>,
    },
    /// `oneOf`/`anyOf`: one of several types.
    Union {
        /// Alternatives in spec order.
        variants: Vec<Variant>,
        /// Property whose value selects the variant, when declared.
        discriminator: Option<String>,
    },
    /// Another name for a type.
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
}

/// A struct field.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Field {
    /// Property name on the wire.
    pub name: String,
    /// Rust field name.
    pub rust_name: crate::naming::RustIdent,
    /// Type of a present, non-null value.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Stored behind a `Box` because the type contains itself.
    pub boxed: bool,
    /// Documentation.
    pub description: Option<String>,
    /// Marked `deprecated`.
    pub deprecated: bool,
    /// Its type is a [`TypeRef::Secret`] or holds one in a list, map or
    /// option (not through a named type): its JSON Schema is a string's in
    /// the secret's place (see `lower::secrets`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// The builder method that sets it, on a [`TypeDef::built`] struct,
    /// when `new` does not take it (it is optional or may be `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setter: Option<String>,
    /// The method that reads one entry of this map of strings as an
    /// `Option<&str>` (`property` for `properties`; see `lower::getters`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub getter: Option<String>,
    /// On a [`TypeDef::built`] struct, the variant `new` fills in by
    /// itself: the field is required and its enum has this one value (the
    /// tag of a `oneOf` member, `type: MESSAGE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
}

/// A string enum value.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// Rust variant name.
    pub rust_name: String,
}

/// A union alternative.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Variant {
    /// Rust variant name.
    pub rust_name: String,
    /// Its payload.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Discriminator values that select it.
    pub tags: Vec<String>,
    /// Stored behind a `Box` because the type contains itself.
    pub boxed: bool,
}

/// A reference to a type, as used in fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    /// A named type of a module.
    Named {
        /// Owning module.
        module: String,
        /// Type name.
        name: String,
    },
    /// `String`.
    String,
    /// `runtime::Secret` (`format: password`): a credential or token, sent
    /// and received as a string, never shown by `Debug`.
    Secret,
    /// `chrono::DateTime<Utc>` (`format: date-time`).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`: a nullable item or map value.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// Calls `f` on this reference and on every reference inside it.
    pub fn visit(&self, f: &mut dyn FnMut(&TypeRef)) {
        f(self);
        if let TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) = self {
            inner.visit(f);
        }
    }

    /// Calls `f` on this reference and on every reference inside it.
    pub fn visit_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        f(self);
        if let TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) = self {
            inner.visit_mut(f);
        }
    }
}

impl Field {
    /// Whether the field is emitted as an `Option`: it may be left out or
    /// be `null`.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }

    /// Whether a missing value decodes as empty: a required list or map,
    /// which HubSpot leaves out when it has nothing to list.
    pub fn defaults_to_empty(&self) -> bool {
        !self.is_option() && matches!(self.ty, TypeRef::Array(_) | TypeRef::Map(_))
    }
}

impl TypeDef {
    /// The type references the definition holds itself: its fields' and
    /// undeclared properties', its variants', its alias's target.
    pub fn refs(&self) -> Vec<&TypeRef> {
        match &self.kind {
            TypeKind::Struct { fields, additional } => fields
                .iter()
                .map(|f| &f.ty)
                .chain(additional.as_ref().map(|a| &a.ty))
                .collect(),
            TypeKind::Enum { .. } => Vec::new(),
            TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias { target } => vec![target],
        }
    }

    /// Calls `f` on every type reference of the definition.
    pub fn visit_refs_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        match &mut self.kind {
            TypeKind::Struct { fields, additional } => {
                for field in fields {
                    field.ty.visit_mut(f);
                }
                if let Some(extra) = additional {
                    extra.ty.visit_mut(f);
                }
            }
            TypeKind::Enum { .. } => {}
            TypeKind::Union { variants, .. } => {
                for v in variants {
                    v.ty.visit_mut(f);
                }
            }
            TypeKind::Alias { target } => target.visit_mut(f),
        }
    }
}

/// Every named type of a crate, by module and name.
#[derive(Debug, Default)]
pub struct TypeIndex<'a>(BTreeMap<(&'a str, &'a str), &'a TypeDef>);

/// A type reference with aliases followed.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'a> {
    /// A named type that is not an alias.
    Def(&'a TypeDef),
    /// A type that is not named (or whose name is not in the crate).
    Ref(&'a TypeRef),
}

impl<'a> TypeIndex<'a> {
    /// Indexes the types of every API of `krate`.
    pub fn new(krate: &'a Crate) -> Self {
        let mut map = BTreeMap::new();
        for group in &krate.shared {
            for def in &group.types {
                map.insert((group.module.as_str(), def.name.as_str()), def);
            }
        }
        for api in &krate.apis {
            for def in &api.types {
                map.insert((api.module.as_str(), def.name.as_str()), def);
            }
        }
        TypeIndex(map)
    }

    /// The type `name` of `module`.
    pub fn get(&self, module: &str, name: &str) -> Option<&'a TypeDef> {
        self.0.get(&(module, name)).copied()
    }

    /// `ty` with aliases followed.
    pub fn resolve(&self, mut ty: &'a TypeRef) -> Resolved<'a> {
        // Alias chains are short; the bound only guards against a cycle.
        for _ in 0..32 {
            let TypeRef::Named { module, name } = ty else {
                return Resolved::Ref(ty);
            };
            match self.get(module, name) {
                Some(TypeDef {
                    kind: TypeKind::Alias { target },
                    ..
                }) => ty = target,
                Some(def) => return Resolved::Def(def),
                None => return Resolved::Ref(ty),
            }
        }
        Resolved::Ref(ty)
    }
}
