//! The crates of the output and their names.
//!
//! The output folder holds a facade crate (the package the user names) with
//! the hand-written runtime and one crate per API under `crates/`: cargo
//! builds the API crates in parallel, and only those whose spec changed are
//! rebuilt. The facade re-exports them and carries the accessors
//! (`client.contacts()`).

use crate::ir::Crate;
use std::collections::{BTreeMap, BTreeSet};

/// A crate of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Package name (`hubspot-client-contacts`).
    pub package: String,
    /// Folder under `crates/` (`contacts`).
    pub dir: String,
}

impl Member {
    /// The name Rust code uses (`hubspot_client_contacts`).
    pub fn ident(&self) -> String {
        self.package.replace('-', "_")
    }
}

/// The runtime crate.
pub fn runtime(krate: &Crate) -> Member {
    Member {
        package: format!("{}-runtime", krate.name),
        dir: "runtime".into(),
    }
}

/// The fake HubSpot for users' tests (the facade's `test-util` feature).
pub fn fake(krate: &Crate) -> Member {
    Member {
        package: format!("{}-fake", krate.name),
        dir: "fake".into(),
    }
}

/// The crate of the API in `module`.
pub fn api(krate: &Crate, module: &str) -> Member {
    Member {
        package: format!("{}-{}", krate.name, module.replace('_', "-")),
        dir: module.to_string(),
    }
}

/// The features that need the crate of `module` (an API or shared types):
/// those of the APIs that use it, directly or through other shared crates.
/// Empty when an API without a feature uses it: then it is always built.
pub fn features_needing(krate: &Crate, deps: &Dependencies, module: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    for api in &krate.apis {
        let mut seen = BTreeSet::new();
        let mut stack = vec![&api.module];
        while let Some(m) = stack.pop() {
            if seen.insert(m.clone()) {
                stack.extend(deps.get(m).into_iter().flatten());
            }
        }
        if seen.contains(module) {
            match &api.feature {
                Some(f) => {
                    out.insert(f.clone());
                }
                None => return Vec::new(),
            }
        }
    }
    out.into_iter().collect()
}

/// Module → the other modules (APIs or shared modules) whose types it
/// uses, for every API and shared module of the crate.
pub type Dependencies = BTreeMap<String, BTreeSet<String>>;

/// What each member crate depends on, computed once per generation. An API
/// uses only its own types and shared ones (every module has its own copy
/// of a schema file's types, see `lower::types`), and `lower::shared` keeps
/// the shared crates free of cycles, so the crates form a tree.
pub fn dependencies(krate: &Crate) -> Dependencies {
    let mut deps = Dependencies::new();
    for api in &krate.apis {
        let mut uses = api.referenced_modules();
        uses.remove(&api.module);
        if let (Some(_), Some(p)) = (&api.typed, &krate.properties) {
            uses.insert(p.module.clone());
        }
        deps.insert(api.module.clone(), uses);
    }
    for group in &krate.shared {
        let mut uses = group.referenced_modules();
        uses.remove(&group.module);
        deps.insert(group.module.clone(), uses);
    }
    deps
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
                secret: false,
                setter: None,
                getter: None,
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
        }
    }

    #[test]
    fn an_api_depends_on_the_apis_whose_types_it_uses() {
        let k = krate(vec![api("a", None), api("b", Some(("a", "aType")))]);
        let deps = dependencies(&k);
        assert_eq!(deps["a"], BTreeSet::new());
        assert_eq!(deps["b"], BTreeSet::from(["a".to_string()]));
    }

    #[test]
    fn package_names_follow_the_crate_name() {
        let k = krate(vec![api("crm_contacts", None)]);
        assert_eq!(api_member(&k, "crm_contacts").package, "c-crm-contacts");
        assert_eq!(api_member(&k, "crm_contacts").ident(), "c_crm_contacts");
        assert_eq!(runtime(&k).package, "c-runtime");
    }

    fn api_member(k: &Crate, m: &str) -> Member {
        super::api(k, m)
    }
}
