//! Where a change is, for the wire and for Rust, and how types are named in
//! the report.

use super::model::Direction;
use crate::emit::Scope;
use crate::ir::{Field, TypeDef, TypeIndex, TypeKind, TypeRef};

/// A place inside an operation: where on the wire, which way the value
/// travels, and what holds it in the generated Rust.
#[derive(Debug, Clone)]
pub struct Place {
    /// `request body`, `` query parameter `limit` ``, `response 200`.
    pub root: String,
    /// The property path below the root (`inputs[].properties{}`).
    pub path: String,
    /// Which way the value travels.
    pub direction: Direction,
    /// What holds it in Rust: `` field `SimplePublicObject::id` ``,
    /// `` argument `limit` of `contacts().list()` ``.
    pub owner: String,
}

impl Place {
    /// The root of a value.
    pub fn new(root: impl Into<String>, direction: Direction, owner: impl Into<String>) -> Place {
        Place {
            root: root.into(),
            path: String::new(),
            direction,
            owner: owner.into(),
        }
    }

    /// Where, as the report shows it.
    pub fn at(&self) -> String {
        if self.path.is_empty() {
            self.root.clone()
        } else {
            format!("{} `{}`", self.root, self.path)
        }
    }

    /// The property `name` of the struct `owner` at this place.
    pub fn field(&self, name: &str, owner: &str, rust_name: &str) -> Place {
        let path = if self.path.is_empty() {
            format!("{}{name}", self.path)
        } else {
            format!("{}.{name}", self.path)
        };
        Place {
            path,
            owner: format!("field `{owner}::{rust_name}`"),
            ..self.clone()
        }
    }

    /// An item of the array at this place.
    pub fn item(&self) -> Place {
        self.suffix("[]", "the items of")
    }

    /// A value of the map at this place.
    pub fn value(&self) -> Place {
        self.suffix("{}", "the values of")
    }

    /// The alternative `variant` of the union at this place.
    pub fn variant(&self, variant: &str) -> Place {
        self.suffix(&format!("<{variant}>"), &format!("variant `{variant}` of"))
    }

    fn suffix(&self, s: &str, owner: &str) -> Place {
        Place {
            path: format!("{}{s}", self.path),
            owner: format!("{owner} {}", self.owner),
            ..self.clone()
        }
    }
}

/// How the generated crate spells `ty`, as prose names it
/// ([`Scope::Prose`]): `Option<DateTime<Utc>>`, `BTreeMap<String, i64>`.
pub fn rust_type(ty: &TypeRef) -> String {
    let tokens = crate::emit::rust_type(&Scope::Prose, ty).to_string();
    // Tokens print spaced (`Vec < String >`): close them up, but for the
    // space after a comma.
    tokens.replace(' ', "").replace(',', ", ")
}

/// The Rust type of a struct field as emitted: boxed when recursive, an
/// `Option` when it may be absent or `null`.
pub fn field_type(f: &Field) -> String {
    let mut ty = rust_type(&f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    if f.is_option() {
        ty = format!("Option<{ty}>");
    }
    ty
}

/// How `ty` reads on the wire: `integer (int64)`, `array of string`,
/// `object SimplePublicObject`.
pub fn wire_type(index: &TypeIndex, ty: &TypeRef) -> String {
    match index.resolve(ty) {
        crate::ir::Resolved::Def(def) => wire_def(def),
        crate::ir::Resolved::Ref(ty) => match ty {
            TypeRef::Named { name, .. } => format!("`{name}`"),
            TypeRef::String => "string".into(),
            TypeRef::Secret => "string (password)".into(),
            TypeRef::DateTime => "string (date-time)".into(),
            TypeRef::Date => "string (date)".into(),
            TypeRef::Bool => "boolean".into(),
            TypeRef::I32 => "integer (int32)".into(),
            TypeRef::I64 => "integer (int64)".into(),
            TypeRef::F64 => "number".into(),
            TypeRef::Json => "any value".into(),
            TypeRef::Array(inner) => format!("array of {}", wire_type(index, inner)),
            TypeRef::Map(inner) => format!("map of {}", wire_type(index, inner)),
            TypeRef::Option(inner) => format!("{} or null", wire_type(index, inner)),
        },
    }
}

fn wire_def(def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct { .. } => format!("object `{}`", def.name),
        TypeKind::Enum { .. } => format!("enum `{}`", def.name),
        TypeKind::Union { .. } => format!("one of `{}`", def.name),
        TypeKind::Alias { target } => format!("`{}` ({})", def.name, rust_type(target)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_json() {
        let body = Place::new("request body", Direction::Request, "argument `body`");
        let inputs = body.field("inputs", "BatchInput", "inputs").item();
        let props = inputs.field("properties", "Input", "properties").value();
        assert_eq!(props.at(), "request body `inputs[].properties{}`");
        assert_eq!(props.owner, "the values of field `Input::properties`");
        assert_eq!(body.at(), "request body");
    }
}
