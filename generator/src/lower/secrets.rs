//! Which fields hold a secret ([`TypeRef::Secret`], `format: password`),
//! and which operations answer with one: a response type that reaches such
//! a field, as OAuth's token response does. A decode error of such a
//! response shows none of its body; the JSON Schema of such a field is a
//! string's.

use crate::ir::{Crate, Output, ResponseBody, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Sets [`crate::ir::Field::secret`] on every field and
/// [`crate::ir::Operation::secret_response`] on every operation.
pub fn mark(krate: &mut Crate) {
    let secret = secret_types(krate);
    // A field's own type only: a named type it holds has fields of its own.
    let no_types = BTreeSet::new();
    let types = krate.apis.iter_mut().map(|a| &mut a.types);
    let types = types.chain(krate.shared.iter_mut().map(|g| &mut g.types));
    for def in types.flatten() {
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            for f in fields {
                f.secret = reaches(&f.ty, &no_types);
            }
        }
    }
    let holds = |body: &ResponseBody| match body {
        ResponseBody::Json(ty) => reaches(ty, &secret),
        _ => false,
    };
    for api in &mut krate.apis {
        api.root.visit_operations_mut(&mut |op| {
            op.secret_response = match &op.output {
                Output::Single { body } => holds(body),
                Output::ByStatus { variants, .. } => variants.iter().any(|v| holds(&v.body)),
            };
        });
    }
}

/// The named types (module, name) that reach a secret, found by repeating
/// until no further type is added.
fn secret_types(krate: &Crate) -> BTreeSet<(String, String)> {
    let defs: BTreeMap<(String, String), &TypeDef> = krate
        .apis
        .iter()
        .map(|a| (&a.module, &a.types))
        .chain(krate.shared.iter().map(|g| (&g.module, &g.types)))
        .flat_map(|(module, types)| {
            types
                .iter()
                .map(move |t| ((module.clone(), t.name.clone()), t))
        })
        .collect();
    let mut secret = BTreeSet::new();
    loop {
        let found: Vec<(String, String)> = defs
            .iter()
            .filter(|(key, def)| {
                !secret.contains(*key) && def.refs().into_iter().any(|t| reaches(t, &secret))
            })
            .map(|(key, _)| key.clone())
            .collect();
        if found.is_empty() {
            return secret;
        }
        secret.extend(found);
    }
}

/// Whether `ty` is a secret or holds one, in a list, map or option or
/// through one of the named types `secret` (module, name). The one walk of
/// a type reference looking for secrets, for fields and for responses.
fn reaches(ty: &TypeRef, secret: &BTreeSet<(String, String)>) -> bool {
    match ty {
        TypeRef::Secret => true,
        TypeRef::Named { module, name } => secret.contains(&(module.clone(), name.clone())),
        TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Option(i) => reaches(i, secret),
        _ => false,
    }
}
