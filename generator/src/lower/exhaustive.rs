//! Which types are `#[non_exhaustive]` and which structs callers build, so
//! that what HubSpot may add (a field, an enum value, a `oneOf` variant)
//! breaks no caller's code.
//!
//! - Every struct is `#[non_exhaustive]`. Callers never write one as a
//!   literal, so a new field breaks nothing.
//! - A struct a request carries is [built](TypeDef::built): it gets a `new`
//!   taking the fields a request must send, and a setter per other field. A
//!   new optional field is then one more setter; a new required one changes
//!   `new`, as it changes what HubSpot accepts.
//! - Every other struct (what HubSpot answers) is a
//!   [fixture](TypeDef::fixture): the same `new` and setters, behind the
//!   crate's `test-util` feature, for users' tests.
//! - Every string enum and every `oneOf` enum: callers build them by
//!   variant, which `#[non_exhaustive]` allows, and match on them with a
//!   wildcard arm.

use crate::ir::{Crate, Field, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Sets [`TypeDef::non_exhaustive`], [`TypeDef::built`] and
/// [`TypeDef::fixture`] on every type of `krate`, and the setters of structs.
pub fn mark(krate: &mut Crate) {
    let requests = carried_by_requests(krate);
    let constants = single_values(krate);
    for (module, def) in krate.types_mut() {
        def.non_exhaustive = !matches!(def.kind, TypeKind::Alias { .. });
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            if requests.contains(&(module.to_string(), def.name.clone())) {
                def.built = true;
            } else {
                def.fixture = true;
            }
            name_setters(fields);
            fill_constants(fields, &constants);
        }
    }
}

/// The variant of each string enum that has one value, by (module, name).
fn single_values(krate: &Crate) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for (module, def) in krate.types() {
        if let TypeKind::Enum { values, .. } = &def.kind {
            if let [only] = values.as_slice() {
                out.insert(
                    (module.to_string(), def.name.clone()),
                    only.rust_name.clone(),
                );
            }
        }
    }
    out
}

/// A required field whose enum has one value is no argument of `new`, which
/// fills it in.
fn fill_constants(fields: &mut [Field], constants: &BTreeMap<(String, String), String>) {
    for field in fields.iter_mut().filter(|f| !f.is_option()) {
        if let TypeRef::Named { module, name } = &field.ty {
            field.constant = constants.get(&(module.clone(), name.clone())).cloned();
        }
    }
}

/// A setter for each field `new` does not take: one a request may leave out
/// or send as `null`.
fn name_setters(fields: &mut [Field]) {
    let names: Vec<&str> = fields.iter().map(|f| f.rust_name.as_str()).collect();
    let setters = crate::naming::setters(&names);
    for (field, setter) in fields.iter_mut().zip(setters) {
        if field.is_option() {
            field.setter = Some(setter);
        }
    }
}

/// Every named type a request carries: the types of the parameters and
/// request bodies of every operation, and every type they contain.
fn carried_by_requests(krate: &Crate) -> BTreeSet<(String, String)> {
    let mut index: BTreeMap<(&str, &str), &TypeDef> = BTreeMap::new();
    for api in &krate.apis {
        for def in &api.types {
            index.insert((&api.module, &def.name), def);
        }
    }
    for group in &krate.shared {
        for def in &group.types {
            index.insert((&group.module, &def.name), def);
        }
    }
    let mut stack: Vec<&TypeRef> = Vec::new();
    for api in &krate.apis {
        for op in api.root.all_operations() {
            stack.extend(op.params.iter().map(|p| &p.ty));
            stack.extend(op.body.iter().filter_map(|b| b.ty.as_ref()));
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named { module, name } => {
                if !seen.insert((module.clone(), name.clone())) {
                    continue;
                }
                if let Some(def) = index.get(&(module.as_str(), name.as_str())) {
                    stack.extend(def.refs());
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                stack.push(inner)
            }
            _ => {}
        }
    }
    seen
}
