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
        let (moved, kept): (Vec<TypeDef>, Vec<TypeDef>) = std::mem::take(&mut api.types)
            .into_iter()
            .partition(|def| set_of(&candidates, &def.name, &module).is_some());
        api.types = kept;
        for def in moved {
            let Some(&index) = group_of.get(&(def.name.clone(), module.clone())) else {
                continue;
            };
            let group = &mut shared[index];
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
            if let Some(&index) = group_of.get(&(name.clone(), module.clone())) {
                *module = modules[index].clone();
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
) -> (Vec<SharedModule>, BTreeMap<(String, String), usize>) {
    let rank = |set: &BTreeSet<String>| {
        let positions: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, m)| set.contains(*m))
            .map(|(i, _)| i)
            .collect();
        (std::cmp::Reverse(set.len()), positions)
    };
    let mut sets: Vec<&BTreeSet<String>> = candidates.values().flatten().collect();
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
    // (type name, API module) → the shared module its type moves to.
    let mut group_of = BTreeMap::new();
    for (name, name_sets) in candidates {
        for set in name_sets {
            let index = sets.iter().position(|s| *s == set).unwrap_or_default();
            for module in set {
                group_of.insert((name.clone(), module.clone()), index);
            }
        }
    }
    (modules, group_of)
}

/// Type name → the sets of modules whose types of that name move, one set
/// per shape that two or more modules declare alike (the sets are disjoint).
type Candidates = BTreeMap<String, Vec<BTreeSet<String>>>;

/// The set of `candidates` holding `module`'s type `name`, if it moves.
fn set_of<'a>(
    candidates: &'a Candidates,
    name: &str,
    module: &str,
) -> Option<&'a BTreeSet<String>> {
    candidates
        .get(name)?
        .iter()
        .find(|set| set.contains(module))
}

/// (module, type name) → the names of the types of that module it refers to.
type Refs = BTreeMap<(String, String), BTreeSet<String>>;

/// For each name declared by two or more APIs, the groups of them that
/// declare it identically (two or more each), and what each type refers to.
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
        let sets: Vec<BTreeSet<String>> = groups
            .into_iter()
            .map(|(_, mods)| mods)
            .filter(|mods| mods.len() >= 2)
            .collect();
        if !sets.is_empty() {
            out.insert(name.to_string(), sets);
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

/// Splits each candidate set by where the types it refers to move (a
/// module whose referenced type stays leaves the set), and drops the sets
/// left with fewer than two, until nothing changes.
fn fixpoint((mut candidates, refs): (Candidates, Refs)) -> Candidates {
    loop {
        let mut changed: Vec<(String, usize, Vec<BTreeSet<String>>)> = Vec::new();
        for (name, sets) in &candidates {
            for (index, mods) in sets.iter().enumerate() {
                // The copies are identical up to modules: read the first.
                let first = mods.iter().next().cloned().unwrap_or_default();
                // Modules whose every referenced type moves, grouped by where
                // those types move to: the largest group keeps the type.
                let referred: Vec<&String> = refs
                    .get(&(first, name.clone()))
                    .into_iter()
                    .flatten()
                    .collect();
                let mut by_targets: Vec<(Vec<&BTreeSet<String>>, BTreeSet<String>)> = Vec::new();
                for m in mods {
                    let targets: Option<Vec<&BTreeSet<String>>> =
                        referred.iter().map(|r| set_of(&candidates, r, m)).collect();
                    let Some(targets) = targets else { continue };
                    match by_targets.iter_mut().find(|(t, _)| *t == targets) {
                        Some((_, group)) => {
                            group.insert(m.clone());
                        }
                        None => by_targets.push((targets, BTreeSet::from([m.clone()]))),
                    }
                }
                // Each group that refers to the same shared types shares
                // the type among itself.
                let groups: Vec<BTreeSet<String>> =
                    by_targets.into_iter().map(|(_, group)| group).collect();
                if groups.len() != 1 || &groups[0] != mods {
                    changed.push((name.clone(), index, groups));
                }
            }
        }
        if changed.is_empty() {
            return candidates;
        }
        // Replace from the back, so the indices of earlier sets hold.
        for (name, index, groups) in changed.into_iter().rev() {
            if let Some(sets) = candidates.get_mut(&name) {
                sets.splice(index..=index, groups);
            }
        }
        for sets in candidates.values_mut() {
            sets.retain(|set| set.len() >= 2);
        }
        candidates.retain(|_, sets| !sets.is_empty());
    }
}
