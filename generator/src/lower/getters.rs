//! Getters: methods that read one entry of a map of strings in one call.
//!
//! A CRM record's `properties` is a map whose values HubSpot may send as
//! `null`, so reading one is `record.properties.get("email")` and then an
//! `Option<&Option<String>>` to flatten. A struct with such a map field gets
//! a getter named after the field in the singular (`property`), returning
//! `Option<&str>`: `None` for a property absent, `null` or not requested.

use crate::ir::{Crate, Field, TypeKind, TypeRef};

/// Sets [`Field::getter`] on every map-of-strings field whose singular name
/// no other field or setter of its struct takes.
pub fn name_getters(krate: &mut Crate) {
    for (_, def) in krate.types_mut() {
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            let taken: Vec<String> = fields
                .iter()
                .flat_map(|f| [Some(f.rust_name.to_string()), f.setter.clone()])
                .flatten()
                .collect();
            for field in fields.iter_mut() {
                field.getter = getter(field).filter(|g| !taken.contains(g));
            }
        }
    }
}

/// The getter of `field`, if it is a map of (possibly `null`) strings with a
/// plural name.
fn getter(field: &Field) -> Option<String> {
    let TypeRef::Map(value) = &field.ty else {
        return None;
    };
    let string = match value.as_ref() {
        TypeRef::String => true,
        TypeRef::Option(inner) => **inner == TypeRef::String,
        _ => false,
    };
    if !string {
        return None;
    }
    crate::naming::singular(field.rust_name.bare())
}
