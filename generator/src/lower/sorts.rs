//! Sort orders, recognised by shape (never by name): a struct a request
//! carries whose fields are a required text `propertyName` and a
//! `direction` enum holding `ASCENDING` and `DESCENDING`. It earns
//! `ascending(property)` and `descending(property)` constructors
//! ([`TypeDef::sort`]), so that `SearchSort::ascending(ContactProperty::Email)`
//! reads as what it sends.

use crate::ir::{Crate, Field, SortOrder, TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Sets [`TypeDef::sort`] on every sort order struct of `krate`; call it
/// after `exhaustive::mark`, which decides which structs are built.
pub fn mark(krate: &mut Crate) {
    let directions = directions(krate);
    for (_, def) in krate.types_mut() {
        def.sort = sort_order(def, &directions);
    }
}

/// The (ascending, descending) variants of each enum that has both, by
/// (module, name).
fn directions(krate: &Crate) -> BTreeMap<(String, String), (String, String)> {
    let mut out = BTreeMap::new();
    for (module, def) in krate.types() {
        let TypeKind::Enum { values } = &def.kind else {
            continue;
        };
        let variant = |value: &str| {
            values
                .iter()
                .find(|v| v.value == value)
                .map(|v| v.rust_name.clone())
        };
        if let (Some(up), Some(down)) = (variant("ASCENDING"), variant("DESCENDING")) {
            out.insert((module.to_string(), def.name.clone()), (up, down));
        }
    }
    out
}

fn sort_order(
    def: &TypeDef,
    directions: &BTreeMap<(String, String), (String, String)>,
) -> Option<SortOrder> {
    let TypeKind::Struct {
        fields,
        additional: None,
    } = &def.kind
    else {
        return None;
    };
    if !def.built || fields.len() != 2 {
        return None;
    }
    let field = |name: &str| fields.iter().find(|f| f.name == name);
    let property = field("propertyName").filter(|f| f.ty == TypeRef::String && !special(f))?;
    let direction = field("direction").filter(|f| !f.boxed && f.constant.is_none())?;
    let TypeRef::Named { module, name } = &direction.ty else {
        return None;
    };
    let (ascending, descending) = directions.get(&(module.clone(), name.clone()))?.clone();
    Some(SortOrder {
        property: property.rust_name.to_string(),
        direction: direction.rust_name.to_string(),
        optional: direction.is_option(),
        direction_type: direction.ty.clone(),
        ascending,
        descending,
    })
}

/// A field that is no plain required value (optional, boxed or constant).
fn special(f: &Field) -> bool {
    f.is_option() || f.boxed || f.constant.is_some()
}
