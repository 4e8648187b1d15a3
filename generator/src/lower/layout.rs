//! The crates of the output ([`Layout`]): a crate per module, named
//! through `naming::package`, with the crates it uses and the features that
//! need it. Decided once, after every other pass, so that emit's Rust files
//! and manifests read the same plan.

use crate::ir::{Crate, Layout, Member};
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};

/// Sets [`Crate::layout`].
pub fn plan(krate: &mut Crate) {
    let member = |dir: &str| Member {
        package: naming::package(&krate.name, dir),
        dir: dir.to_string(),
        ..Member::default()
    };
    let mut members = BTreeMap::new();
    for (module, uses) in uses(krate) {
        let this = Member {
            uses,
            ..member(&module)
        };
        members.insert(module, this);
    }
    set_features(krate, &mut members);
    if let Some(p) = &krate.properties {
        // Always built, so no feature needs it: every version's typed paths
        // share it, and the facade re-exports it.
        members.insert(p.module.clone(), member(&p.module));
    }
    krate.layout = Layout {
        runtime: member("runtime"),
        fake: member("fake"),
        members,
    };
}

/// Each API's and shared module's uses: the other modules whose types (or
/// builders) it names. An API uses only its own types and shared ones
/// (every module has its own copy of a schema file's types, see
/// `lower::types`), and `lower::shared` keeps the shared crates free of
/// cycles, so the crates form a tree.
fn uses(krate: &Crate) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = BTreeMap::new();
    for api in &krate.apis {
        let mut uses = api.referenced_modules();
        uses.remove(&api.module);
        if let (Some(_), Some(p)) = (&api.typed, &krate.properties) {
            uses.insert(p.module.clone());
        }
        all.insert(api.module.clone(), uses);
    }
    for group in &krate.shared {
        let mut uses = group.referenced_modules();
        uses.remove(&group.module);
        all.insert(group.module.clone(), uses);
    }
    all
}

/// Sets each member's features: those of the APIs that use it, directly or
/// through other crates. None when an API without a feature uses it: then
/// it is always built. Each API's crates are found once.
fn set_features(krate: &Crate, members: &mut BTreeMap<String, Member>) {
    let mut needing: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for api in &krate.apis {
        for module in reached(&api.module, members) {
            let features = needing
                .entry(module)
                .or_insert_with(|| Some(BTreeSet::new()));
            match (&api.feature, features.as_mut()) {
                (Some(f), Some(set)) => {
                    set.insert(f.clone());
                }
                (None, _) => *features = None,
                (Some(_), None) => {}
            }
        }
    }
    for (module, features) in needing {
        if let (Some(m), Some(features)) = (members.get_mut(&module), features) {
            m.features = features.into_iter().collect();
        }
    }
}

/// `module` and every module its crate uses, directly or not.
fn reached(module: &str, members: &BTreeMap<String, Member>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![module];
    while let Some(m) = stack.pop() {
        if seen.insert(m.to_string()) {
            stack.extend(
                members
                    .get(m)
                    .into_iter()
                    .flat_map(|m| m.uses.iter().map(String::as_str)),
            );
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Api, Field, Service, TypeDef, TypeKind, TypeRef};

    /// An API whose one type has a field of type `module::name`.
    fn api(module: &str, uses: Option<(&str, &str)>) -> Api {
        let fields = uses
            .map(|(m, n)| Field {
                name: "f".into(),
                rust_name: "f".into(),
                ty: TypeRef::Named {
                    module: m.into(),
                    name: n.into(),
                },
                required: true,
                nullable: false,
                boxed: false,
                description: None,
                deprecated: false,
                setter: None,
                getter: None,
                secret: false,
                constant: None,
            })
            .into_iter()
            .collect();
        Api {
            module: module.into(),
            accessor: module.into(),
            title: module.into(),
            version: "1".into(),
            description: None,
            source: format!("{module}.yaml"),
            types: vec![TypeDef {
                name: format!("{module}Type"),
                source: format!("{module}.yaml#/T"),
                description: None,
                same_as: Vec::new(),
                non_exhaustive: false,
                built: false,
                fixture: false,
                sort: None,
                kind: TypeKind::Struct {
                    fields,
                    additional: None,
                },
            }],
            root: Service {
                accessor: module.into(),
                struct_name: None,
                operations: Vec::new(),
                children: Vec::new(),
            },
            shared: Vec::new(),
            api_version: None,
            params: Vec::new(),
            typed: None,
            at_root: true,
            feature: None,
        }
    }

    fn krate(apis: Vec<Api>) -> Crate {
        Crate {
            name: "c".into(),
            version: "0.0.0".into(),
            description: String::new(),
            apis,
            versions: Vec::new(),
            shared: Vec::new(),
            properties: None,
            publish: false,
            layout: Layout::default(),
        }
    }

    #[test]
    fn an_api_uses_the_crates_of_the_apis_whose_types_it_uses() {
        let mut k = krate(vec![api("a", None), api("b", Some(("a", "aType")))]);
        plan(&mut k);
        assert_eq!(k.layout.member("a").uses, BTreeSet::new());
        assert_eq!(k.layout.member("b").uses, BTreeSet::from(["a".to_string()]));
    }

    #[test]
    fn a_crate_is_needed_by_the_features_of_the_apis_that_use_it() {
        let mut b = api("b", Some(("a", "aType")));
        b.feature = Some("v1-b".into());
        let mut c = api("c", Some(("b", "bType")));
        c.feature = Some("v1-c".into());
        let mut k = krate(vec![api("a", None), b, c]);
        k.apis[0].feature = Some("v1-a".into());
        plan(&mut k);
        // `a` through `b`, and through `c` by way of `b`.
        assert_eq!(k.layout.member("a").features, ["v1-a", "v1-b", "v1-c"]);
        assert_eq!(k.layout.member("c").features, ["v1-c"]);
        // An API without a feature makes what it uses always built.
        k.apis[2].feature = None;
        plan(&mut k);
        assert!(k.layout.member("a").features.is_empty());
        assert_eq!(k.layout.member("b").features, Vec::<String>::new());
    }

    #[test]
    fn package_names_follow_the_crate_name() {
        let mut k = krate(vec![api("crm_contacts", None)]);
        plan(&mut k);
        assert_eq!(k.layout.member("crm_contacts").package, "c-crm-contacts");
        assert_eq!(k.layout.member("crm_contacts").dir, "crm_contacts");
        assert_eq!(k.layout.member("crm_contacts").ident(), "c_crm_contacts");
        assert_eq!(k.layout.runtime.package, "c-runtime");
        assert_eq!(k.layout.fake.package, "c-fake");
    }
}
