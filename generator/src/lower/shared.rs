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
//! shares error types with the CRM APIs then depends on a crate of those,
//! not on every CRM type, and builds in parallel with the rest. A set of
//! fewer than [`SMALL_SET`] types joins the module of the smallest larger
//! set of APIs that includes it, so that a handful of types is no crate of
//! its own.

use crate::ir::{Api, Crate, SharedModule, TypeDef, TypeRef, SHARED_MODULE};
use crate::naming::Namespace;
use std::collections::{BTreeMap, BTreeSet};

/// Moves the types that APIs share into [`Crate::shared`] and points every
/// reference to them there.
pub fn share(krate: &mut Crate) {
    let (candidates, refs) = candidates(krate);
    let candidates = fixpoint(candidates, &refs);
    if candidates.is_empty() {
        return;
    }
    let order: Vec<String> = krate.apis.iter().map(|a| a.module.clone()).collect();
    let (mut shared, group_of) = groups(&candidates, &refs, &order);

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
    }
    rename_by_content(&mut shared, krate);
    for api in &mut krate.apis {
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
/// first, then the APIs' input order decides; they are numbered here
/// (`shared`, `shared_2`, …, skipping API names) and named after their
/// content once they hold their types ([`rename_by_content`]).
fn groups(
    candidates: &Candidates,
    refs: &Refs,
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
    let index_of = |set: &BTreeSet<String>| sets.iter().position(|s| *s == set).unwrap_or_default();
    let into = merge_small(candidates, refs, &sets);
    // The sets that keep a module of their own, in rank order.
    let kept: Vec<usize> = (0..sets.len()).filter(|&i| into[i] == i).collect();
    let mut names = (1..)
        .map(|n| match n {
            1 => SHARED_MODULE.to_string(),
            n => format!("{SHARED_MODULE}_{n}"),
        })
        .filter(|name| !order.contains(name));
    let modules = kept
        .iter()
        .map(|&i| SharedModule {
            module: names.next().unwrap_or_default(),
            apis: order
                .iter()
                .filter(|m| sets[i].contains(*m))
                .cloned()
                .collect(),
            types: Vec::new(),
            builders: Vec::new(),
        })
        .collect();
    // (type name, API module) → the shared module its type moves to.
    let mut group_of = BTreeMap::new();
    for (name, name_sets) in candidates {
        for set in name_sets {
            let target = into[index_of(set)];
            let module = kept.iter().position(|&k| k == target).unwrap_or_default();
            for api in set {
                group_of.insert((name.clone(), api.clone()), module);
            }
        }
    }
    (modules, group_of)
}

/// Names each shared module after what it holds, so that the name says
/// where its types come from and stays when an API joins: `shared_`, then
/// the file its types come from (`crm_objects`, `conversations`) when they
/// all come from one that is no single API's own, then the versions when
/// the module serves only some of those its APIs exist in
/// (`shared_crm_objects_v2026_03`); `shared`, `shared_2`, … when neither
/// tells. The APIs' re-exports follow.
fn rename_by_content(shared: &mut [SharedModule], krate: &mut Crate) {
    let mut names = Namespace::with_reserved(krate.apis.iter().map(|a| a.module.as_str()));
    let mut renamed = BTreeMap::new();
    for group in shared.iter_mut() {
        let parts: Vec<String> = [topic(group, &krate.apis), versions_part(group, krate)]
            .into_iter()
            .flatten()
            .collect();
        let base = std::iter::once(SHARED_MODULE.to_string())
            .chain(parts)
            .collect::<Vec<_>>()
            .join("_");
        let name = names.claim_module(&base);
        renamed.insert(std::mem::replace(&mut group.module, name.clone()), name);
    }
    for api in &mut krate.apis {
        for ty in &mut api.shared {
            if let TypeRef::Named { module, .. } = ty {
                if let Some(name) = renamed.get(module) {
                    *module = name.clone();
                }
            }
        }
    }
}

/// The file stem a source comes from (`specs/common/crm-objects.yaml#/…` →
/// `crm-objects`); a JSON Schema file (`*.schema.json`) counts as its folder.
fn source_stem(source: &str) -> &str {
    let path = std::path::Path::new(source.split('#').next().unwrap_or(source));
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
    if file.ends_with(".schema.json") {
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|f| f.to_str())
            .unwrap_or("")
    } else {
        file.split('.').next().unwrap_or("")
    }
}

/// The file every type of `group` comes from, unless they come from the
/// documents of several APIs (then they are alike by shape, not by origin).
fn topic(group: &SharedModule, apis: &[Api]) -> Option<String> {
    let stems: BTreeSet<&str> = group.types.iter().map(|t| source_stem(&t.source)).collect();
    let [stem] = stems.into_iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let members: Vec<&Api> = apis
        .iter()
        .filter(|a| group.apis.contains(&a.module))
        .collect();
    let accessors: BTreeSet<&str> = members.iter().map(|a| a.accessor.as_str()).collect();
    let own_file = accessors.len() > 1
        && group.types.iter().all(|t| {
            let file = t.source.split('#').next().unwrap_or_default();
            members.iter().any(|a| a.source == file)
        });
    (!stem.is_empty() && !own_file).then(|| stem.replace('-', "_"))
}

/// The versions the group serves, when they are not all the versions its
/// APIs exist in (`v2026_09_v2026_03`).
fn versions_part(group: &SharedModule, krate: &Crate) -> Option<String> {
    let version_of = |module: &String| {
        krate
            .apis
            .iter()
            .find(|a| &a.module == module)
            .and_then(|a| a.api_version.clone())
    };
    let accessors: BTreeSet<&str> = krate
        .apis
        .iter()
        .filter(|a| group.apis.contains(&a.module))
        .map(|a| a.accessor.as_str())
        .collect();
    let served: BTreeSet<String> = group.apis.iter().filter_map(version_of).collect();
    let existing: BTreeSet<String> = krate
        .apis
        .iter()
        .filter(|a| accessors.contains(a.accessor.as_str()))
        .filter_map(|a| a.api_version.clone())
        .collect();
    if served.is_empty() || served == existing {
        return None;
    }
    let modules: Vec<&str> = krate
        .versions
        .iter()
        .filter(|v| served.contains(&v.name))
        .map(|v| v.module.as_str())
        .collect();
    Some(modules.join("_"))
}

/// Sets with fewer types than this join a larger set's module.
const SMALL_SET: usize = 8;

/// For each set (by index into `sets`, ranked largest first), the set whose
/// module holds its types: itself, or for a small set the smallest larger
/// set with all of its APIs, so that a handful of types is no crate of its
/// own. The APIs of the larger set then build a few types they do not use.
/// A merge is skipped when it would put two types of one name in a module
/// or make the shared crates depend on each other in a cycle.
fn merge_small(candidates: &Candidates, refs: &Refs, sets: &[&BTreeSet<String>]) -> Vec<usize> {
    let index_of = |set: &BTreeSet<String>| sets.iter().position(|s| *s == set);
    // The type names of each set, and the sets each set's types refer to.
    let mut names: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); sets.len()];
    let mut deps: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); sets.len()];
    for (name, name_sets) in candidates {
        for set in name_sets {
            let Some(i) = index_of(set) else { continue };
            names[i].insert(name.as_str());
            let first = set.iter().next().cloned().unwrap_or_default();
            for r in refs
                .get(&(first.clone(), name.clone()))
                .into_iter()
                .flatten()
            {
                if let Some(j) = set_of(candidates, r, &first).and_then(&index_of) {
                    deps[i].insert(j);
                }
            }
        }
    }
    let mut into: Vec<usize> = (0..sets.len()).collect();
    for i in (0..sets.len()).rev() {
        if names[i].len() >= SMALL_SET {
            continue;
        }
        // Ranked largest first: the last superset found is the smallest.
        let target = (0..sets.len())
            .rev()
            .filter(|&j| j != i && into[j] == j && sets[j].is_superset(sets[i]))
            .find(|&j| names[j].is_disjoint(&names[i]));
        let Some(j) = target else { continue };
        into[i] = j;
        if has_cycle(&into, &deps) {
            into[i] = i;
            continue;
        }
        let moved = std::mem::take(&mut names[i]);
        names[j].extend(moved);
    }
    // A set merged into one that later merged on follows it.
    for i in 0..into.len() {
        let mut t = into[i];
        while into[t] != t {
            t = into[t];
        }
        into[i] = t;
    }
    into
}

/// Whether the modules (sets mapped through `into`) depend on each other in
/// a cycle.
fn has_cycle(into: &[usize], deps: &[BTreeSet<usize>]) -> bool {
    let root = |mut i: usize| {
        while into[i] != i {
            i = into[i];
        }
        i
    };
    let mut edges: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            let (a, b) = (root(i), root(d));
            if a != b {
                edges.entry(a).or_default().insert(b);
            }
        }
    }
    // Depth-first search with colours: 1 on the stack, 2 done.
    fn visit(
        n: usize,
        edges: &BTreeMap<usize, BTreeSet<usize>>,
        colour: &mut BTreeMap<usize, u8>,
    ) -> bool {
        match colour.get(&n) {
            Some(1) => return true,
            Some(_) => return false,
            None => {}
        }
        colour.insert(n, 1);
        for &m in edges.get(&n).into_iter().flatten() {
            if visit(m, edges, colour) {
                return true;
            }
        }
        colour.insert(n, 2);
        false
    }
    let mut colour = BTreeMap::new();
    edges.keys().any(|&n| visit(n, &edges, &mut colour))
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
    // The shapes are the costly part; each API's are computed on a core.
    let shapes = crate::parallel::in_parallel(
        &krate.apis,
        |a| a.types.len(),
        |api| {
            api.types
                .iter()
                .map(|def| shape(def, &api.module))
                .collect::<Vec<_>>()
        },
    );
    let mut by_name: BTreeMap<&str, Vec<(&str, serde_json::Value)>> = BTreeMap::new();
    let mut refs = Refs::new();
    let mut foreign: BTreeSet<String> = BTreeSet::new();
    for (api, shapes) in krate.apis.iter().zip(shapes) {
        for (def, shape) in api.types.iter().zip(shapes) {
            by_name
                .entry(&def.name)
                .or_default()
                .push((&api.module, shape));
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
fn fixpoint(mut candidates: Candidates, refs: &Refs) -> Candidates {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn set(apis: &[&str]) -> BTreeSet<String> {
        apis.iter().map(|a| a.to_string()).collect()
    }

    /// `n` type names `{prefix}0…` declared alike by `apis`.
    fn add(c: &mut Candidates, prefix: &str, n: usize, apis: &[&str]) {
        for i in 0..n {
            c.entry(format!("{prefix}{i}")).or_default().push(set(apis));
        }
    }

    fn ranked(c: &Candidates) -> Vec<BTreeSet<String>> {
        let mut sets: Vec<BTreeSet<String>> = c.values().flatten().cloned().collect();
        sets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        sets.dedup();
        sets
    }

    #[test]
    fn a_small_set_joins_the_smallest_larger_set_of_its_apis() {
        let mut c = Candidates::new();
        add(&mut c, "Big", 10, &["a", "b", "c", "d"]);
        add(&mut c, "Mid", 10, &["a", "b", "c"]);
        add(&mut c, "Few", 2, &["a", "b"]);
        add(&mut c, "Apart", 2, &["x", "y"]);
        let sets = ranked(&c);
        let refs: Vec<&BTreeSet<String>> = sets.iter().collect();
        let into = merge_small(&c, &Refs::new(), &refs);
        let at = |apis: &[&str]| sets.iter().position(|s| *s == set(apis)).unwrap();
        assert_eq!(
            into[at(&["a", "b"])],
            at(&["a", "b", "c"]),
            "smallest superset"
        );
        assert_eq!(into[at(&["x", "y"])], at(&["x", "y"]), "no superset: stays");
        assert_eq!(into[at(&["a", "b", "c", "d"])], at(&["a", "b", "c", "d"]));
        assert_eq!(
            into[at(&["a", "b", "c"])],
            at(&["a", "b", "c"]),
            "not small"
        );
    }

    #[test]
    fn a_merge_that_would_repeat_a_name_or_close_a_cycle_is_skipped() {
        // `Same` has one shape for {a, b} and another for {a, b, c}: one
        // module cannot hold both.
        let mut c = Candidates::new();
        add(&mut c, "Big", 10, &["a", "b", "c"]);
        c.entry("Same".into()).or_default().push(set(&["a", "b"]));
        c.entry("Same".into())
            .or_default()
            .push(set(&["a", "b", "c"]));
        let sets = ranked(&c);
        let refs: Vec<&BTreeSet<String>> = sets.iter().collect();
        let into = merge_small(&c, &Refs::new(), &refs);
        assert_eq!(into, [0, 1], "the name clash keeps them apart");

        // {p, q} cannot join {p, q, r} (both have a `Same`), and joining
        // {p, q, r, s} would close a cycle: its `Low0` refers to `Mid0` of
        // {p, q, r}, which refers to `Top0` of {p, q, r, s}.
        let mut c = Candidates::new();
        add(&mut c, "Top", 10, &["p", "q", "r", "s"]);
        add(&mut c, "Mid", 10, &["p", "q", "r"]);
        add(&mut c, "Low", 1, &["p", "q"]);
        c.entry("Same".into()).or_default().push(set(&["p", "q"]));
        c.entry("Same".into())
            .or_default()
            .push(set(&["p", "q", "r"]));
        let mut refs = Refs::new();
        refs.insert(
            ("p".into(), "Low0".into()),
            BTreeSet::from(["Mid0".to_string()]),
        );
        refs.insert(
            ("p".into(), "Mid0".into()),
            BTreeSet::from(["Top0".to_string()]),
        );
        let sets = ranked(&c);
        let by_ref: Vec<&BTreeSet<String>> = sets.iter().collect();
        let into = merge_small(&c, &refs, &by_ref);
        let at = |apis: &[&str]| sets.iter().position(|s| *s == set(apis)).unwrap();
        assert_eq!(into[at(&["p", "q"])], at(&["p", "q"]), "stays apart");
    }
}
