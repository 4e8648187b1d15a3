//! Boxing of recursive fields and variants.

use super::TypeSpace;
use crate::ir::{TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

impl TypeSpace {
    /// Marks the fields and variants that must be boxed: those whose type
    /// contains, without indirection through `Vec` or a map, the type itself.
    pub fn box_recursive(&mut self) {
        let mut edges: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
        for (module, defs) in &self.defs {
            for def in defs {
                let from = (module.clone(), def.name.clone());
                let to = edges.entry(from).or_default();
                for r in direct_refs(&def.kind) {
                    to.insert(r);
                }
            }
        }
        let reaches = |from: &(String, String), goal: &(String, String)| -> bool {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.clone()];
            while let Some(n) = stack.pop() {
                if &n == goal {
                    return true;
                }
                if seen.insert(n.clone()) {
                    if let Some(next) = edges.get(&n) {
                        stack.extend(next.iter().cloned());
                    }
                }
            }
            false
        };
        for (module, defs) in self.defs.iter_mut() {
            for def in defs.iter_mut() {
                let me = (module.clone(), def.name.clone());
                match &mut def.kind {
                    TypeKind::Struct { fields, .. } => {
                        for f in fields {
                            if let Some(target) = direct_target(&f.ty) {
                                f.boxed = reaches(&target, &me);
                            }
                        }
                    }
                    TypeKind::Union { variants, .. } => {
                        for v in variants {
                            if let Some(target) = direct_target(&v.ty) {
                                v.boxed = reaches(&target, &me);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The named type a value of `ty` holds inline (not behind a Vec or map).
fn direct_target(ty: &TypeRef) -> Option<(String, String)> {
    match ty {
        TypeRef::Named { module, name } => Some((module.clone(), name.clone())),
        TypeRef::Option(inner) => direct_target(inner),
        _ => None,
    }
}

fn direct_refs(kind: &TypeKind) -> Vec<(String, String)> {
    match kind {
        TypeKind::Struct { fields, .. } => {
            fields.iter().filter_map(|f| direct_target(&f.ty)).collect()
        }
        TypeKind::Union { variants, .. } => variants
            .iter()
            .filter_map(|v| direct_target(&v.ty))
            .collect(),
        TypeKind::Alias { target } => direct_target(target).into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}
