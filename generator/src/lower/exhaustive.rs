//! Which types are `#[non_exhaustive]`, so that what HubSpot may add to a
//! response (a field, an enum value, a `oneOf` variant) breaks no caller's
//! code.
//!
//! - A struct that only responses carry: callers read it and never build
//!   it, so a new field breaks nothing. A struct a request carries stays
//!   open, so that callers can write it as a literal (with
//!   `..Default::default()` when every field is optional).
//! - Every string enum and every `oneOf` enum: callers build them by
//!   variant, which `#[non_exhaustive]` allows, and match on them with a
//!   wildcard arm.

use crate::ir::{Crate, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Sets [`TypeDef::non_exhaustive`] on every type of `krate`.
pub fn mark(krate: &mut Crate) {
    let requests = carried_by_requests(krate);
    let defs = krate
        .apis
        .iter_mut()
        .flat_map(|a| {
            let module = a.module.clone();
            a.types.iter_mut().map(move |d| (module.clone(), d))
        })
        .chain(krate.shared.iter_mut().flat_map(|g| {
            let module = g.module.clone();
            g.types.iter_mut().map(move |d| (module.clone(), d))
        }));
    for (module, def) in defs {
        def.non_exhaustive = match def.kind {
            TypeKind::Struct { .. } => !requests.contains(&(module, def.name.clone())),
            TypeKind::Enum { .. } | TypeKind::Union { .. } => true,
            TypeKind::Alias { .. } => false,
        };
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
                    stack.extend(contained(def));
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

/// The type references directly inside `def`.
fn contained(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct { fields, additional } => fields
            .iter()
            .map(|f| &f.ty)
            .chain(additional.as_ref())
            .collect(),
        TypeKind::Enum { .. } => Vec::new(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias { target } => vec![target],
    }
}
