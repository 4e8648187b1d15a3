//! Types that several APIs declare identically move to shared modules.
//!
//! HubSpot's CRM specs repeat the same schemas (`SimplePublicObject`,
//! `Filter`, `BatchInputSimplePublicObjectId`, …) in every object API. Kept
//! per API they are compiled once per API, and a contact and a call are
//! values of unrelated types. Here a type moves out when at least two APIs
//! declare it under the same name with the same shape, documentation
//! included, and everything it refers to moves too. Each of those APIs
//! re-exports it, so `contacts::SimplePublicObject` still names it.
//!
//! Types go to one module per set of APIs that share them: an API that
//! shares two error types with the CRM APIs then depends on a small crate of
//! those two, not on every CRM type, and builds in parallel with the rest.

use crate::ir::{Crate, SharedModule, TypeDef, TypeRef, SHARED_MODULE};
use std::collections::{BTreeMap, BTreeSet};

/// Moves the types that APIs share into [`Crate::shared`] and points every
/// reference to them there.
pub fn share(krate: &mut Crate) {
    let candidates = fixpoint(candidates(krate));
    if candidates.is_empty() {
        return;
    }
    let order: Vec<String> = krate.apis.iter().map(|a| a.module.clone()).collect();
    let (mut shared, group_of) = groups(&candidates, &order);

    // Take the definitions out, the first API's as the shared one.
    for api in &mut krate.apis {
        let module = api.module.clone();
        let (moved, kept): (Vec<TypeDef>, Vec<TypeDef>) =
            std::mem::take(&mut api.types).into_iter().partition(|def| {
                candidates
                    .get(&def.name)
                    .is_some_and(|mods| mods.contains(&module))
            });
        api.types = kept;
        for def in moved {
            let group = &mut shared[group_of[&def.name]];
            api.shared.push(TypeRef::Named {
                module: group.module.clone(),
                name: def.name.clone(),
            });
            match group.types.iter_mut().find(|t| t.name == def.name) {
                Some(first) => first.same_as.push(def.source),
                None => group.types.push(def),
            }
        }
        api.shared.sort();
    }
    let modules: Vec<String> = shared.iter().map(|g| g.module.clone()).collect();
    let mut repoint = |ty: &mut TypeRef| {
        if let TypeRef::Named { module, name } = ty {
            if candidates
                .get(name.as_str())
                .is_some_and(|m| m.contains(module))
            {
                *module = modules[group_of[name.as_str()]].clone();
            }
        }
    };
    for api in &mut krate.apis {
        api.visit_refs_mut(&mut repoint);
    }
    for group in &mut shared {
        group.types.sort_by(|a, b| a.name.cmp(&b.name));
        for def in &mut group.types {
            def.visit_refs_mut(&mut repoint);
        }
    }
    krate.shared = shared;
}

/// The shared modules, one per set of APIs that share types, without their
/// types yet, and the index of each candidate's module. More APIs come
/// first, then the APIs' input order decides; the first is `shared`, the
/// others `shared_2`, `shared_3`, …, skipping API names.
fn groups(
    candidates: &Candidates,
    order: &[String],
) -> (Vec<SharedModule>, BTreeMap<String, usize>) {
    let rank = |set: &BTreeSet<String>| {
        let positions: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, m)| set.contains(*m))
            .map(|(i, _)| i)
            .collect();
        (std::cmp::Reverse(set.len()), positions)
    };
    let mut sets: Vec<&BTreeSet<String>> = candidates.values().collect();
    // Equal sets rank equal, so they end up side by side.
    sets.sort_by_key(|s| rank(s));
    sets.dedup();
    let mut names = (1..)
        .map(|n| match n {
            1 => SHARED_MODULE.to_string(),
            n => format!("{SHARED_MODULE}_{n}"),
        })
        .filter(|name| !order.contains(name));
    let modules = sets
        .iter()
        .map(|set| SharedModule {
            module: names.next().unwrap_or_default(),
            apis: order.iter().filter(|m| set.contains(*m)).cloned().collect(),
            types: Vec::new(),
        })
        .collect();
    let group_of = candidates
        .iter()
        .map(|(name, set)| {
            let index = sets.iter().position(|s| *s == set).unwrap_or_default();
            (name.clone(), index)
        })
        .collect();
    (modules, group_of)
}

/// Type name → the modules whose type of that name moves.
type Candidates = BTreeMap<String, BTreeSet<String>>;

/// (module, type name) → the names of the types of that module it refers to.
type Refs = BTreeMap<(String, String), BTreeSet<String>>;

/// For each name declared by two or more APIs, the largest group of them
/// that declare it identically (the earliest group on a tie), and what each
/// type refers to.
fn candidates(krate: &Crate) -> (Candidates, Refs) {
    let mut by_name: BTreeMap<&str, Vec<(&str, serde_json::Value)>> = BTreeMap::new();
    let mut refs = Refs::new();
    let mut foreign: BTreeSet<String> = BTreeSet::new();
    for api in &krate.apis {
        for def in &api.types {
            by_name
                .entry(&def.name)
                .or_default()
                .push((&api.module, shape(def, &api.module)));
            let mut copy = def.clone();
            copy.visit_refs_mut(&mut |ty| {
                if let TypeRef::Named { module, name } = ty {
                    if *module == api.module {
                        refs.entry((api.module.clone(), def.name.clone()))
                            .or_default()
                            .insert(name.clone());
                    } else {
                        // A type of another API would make the shared
                        // crate depend on an API crate: it stays local.
                        foreign.insert(def.name.clone());
                    }
                }
            });
        }
    }
    let mut out = Candidates::new();
    for (name, decls) in by_name {
        if foreign.contains(name) {
            continue;
        }
        let mut groups: Vec<(&serde_json::Value, BTreeSet<String>)> = Vec::new();
        for (module, shape) in &decls {
            match groups.iter_mut().find(|(s, _)| *s == shape) {
                Some((_, mods)) => {
                    mods.insert(module.to_string());
                }
                None => groups.push((shape, BTreeSet::from([module.to_string()]))),
            }
        }
        // `max_by_key` keeps the last of equals: search from the back.
        if let Some((_, mods)) = groups.into_iter().rev().max_by_key(|(_, m)| m.len()) {
            if mods.len() >= 2 {
                out.insert(name.to_string(), mods);
            }
        }
    }
    (out, refs)
}

/// A definition as compared across APIs: without where it came from, and
/// with references to its own module's types by name only.
fn shape(def: &TypeDef, own: &str) -> serde_json::Value {
    let mut def = def.clone();
    def.source.clear();
    def.visit_refs_mut(&mut |ty| {
        if let TypeRef::Named { module, .. } = ty {
            if module == own {
                module.clear();
            }
        }
    });
    serde_json::to_value(&def).unwrap_or_default()
}

/// Narrows each candidate to the modules that also share every type it
/// refers to, and drops those left with fewer than two, until nothing
/// changes.
fn fixpoint((mut candidates, refs): (Candidates, Refs)) -> Candidates {
    loop {
        let mut changed = Vec::new();
        for (name, mods) in &candidates {
            // The copies are identical up to modules: read the first.
            let first = mods.iter().next().cloned().unwrap_or_default();
            let mut keep = mods.clone();
            for r in refs.get(&(first, name.clone())).into_iter().flatten() {
                match candidates.get(r) {
                    Some(target) => keep.retain(|m| target.contains(m)),
                    None => keep.clear(),
                }
            }
            if &keep != mods {
                changed.push((name.clone(), keep));
            }
        }
        if changed.is_empty() {
            return candidates;
        }
        for (name, keep) in changed {
            if keep.len() >= 2 {
                candidates.insert(name, keep);
            } else {
                candidates.remove(&name);
            }
        }
    }
}
