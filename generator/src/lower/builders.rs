//! Request builders that several APIs build alike move to shared modules.
//!
//! HubSpot publishes its standard objects (contacts, calls, deals, …) as the
//! generic CRM objects API with the object type fixed, so at one version
//! their builders differ only in that value and in the API's name in
//! traces. Kept per API, the same code is compiled once per API. Here an
//! operation's builder moves out when two or more APIs of one version build
//! it alike once the path values they fix are taken in `new` (as an API-wide
//! value such as `client.objects(object_type)` already is) and every type
//! it names is shared. Each API re-exports the builder, so
//! `deals::builders::List` still names it, and passes its own values.

use crate::ir::{Binding, Crate, Operation, Output, SharedModule, TypeRef};
use crate::naming::{Case, Namespace, RustIdent};
use std::collections::{BTreeMap, BTreeSet};

/// The prefix of a module of shared builders; the version's module follows.
const PREFIX: &str = "shared_builders";

/// Moves the builders that APIs of one version build alike into shared
/// modules (one per version) and marks the operations that use them.
pub fn share(krate: &mut Crate) {
    let shared: BTreeSet<String> = krate.shared.iter().map(|g| g.module.clone()).collect();
    // (API module, builder name) → the generalized operation and its shape;
    // (version, builder name, shape) → the APIs that build it so.
    let mut general: BTreeMap<(String, String), (Operation, String)> = BTreeMap::new();
    let mut alike: BTreeMap<(Option<String>, String, String), BTreeSet<String>> = BTreeMap::new();
    for api in &krate.apis {
        for op in api.root.all_operations() {
            let Some(g) = generalize(op, &shared) else {
                continue;
            };
            let shape = shape(&g);
            alike
                .entry((api.api_version.clone(), op.builder.clone(), shape.clone()))
                .or_default()
                .insert(api.module.clone());
            general.insert((api.module.clone(), op.builder.clone()), (g, shape));
        }
    }
    alike.retain(|_, apis| apis.len() >= 2);
    // One shape per builder name and version: a second shape of a name
    // stays with its APIs.
    let mut chosen: BTreeMap<(Option<String>, String), String> = BTreeMap::new();
    for (version, builder, shape) in alike.into_keys() {
        chosen.entry((version, builder)).or_insert(shape);
    }
    let mut names = Namespace::with_reserved(
        krate
            .apis
            .iter()
            .map(|a| a.module.as_str())
            .chain(shared.iter().map(String::as_str)),
    );
    let mut modules: BTreeMap<Option<String>, SharedModule> = BTreeMap::new();
    for api in &mut krate.apis {
        let version = api.api_version.clone();
        let module = api.module.clone();
        let versions = &krate.versions;
        api.root.visit_operations_mut(&mut |op| {
            let Some((g, shape)) = general.remove(&(module.clone(), op.builder.clone())) else {
                return;
            };
            if chosen.get(&(version.clone(), op.builder.clone())) != Some(&shape) {
                return;
            }
            let group = modules.entry(version.clone()).or_insert_with(|| {
                let suffix = version
                    .as_ref()
                    .and_then(|v| versions.iter().find(|x| &x.name == v))
                    .map(|v| format!("_{}", v.module))
                    .unwrap_or_default();
                SharedModule {
                    module: names.claim_ident(format!("{PREFIX}{suffix}"), Case::Snake),
                    apis: Vec::new(),
                    types: Vec::new(),
                    builders: Vec::new(),
                }
            });
            if !group.apis.contains(&module) {
                group.apis.push(module.clone());
            }
            if !group.builders.iter().any(|b| b.builder == g.builder) {
                group.builders.push(g);
            }
            op.shared_builder = Some(group.module.clone());
        });
    }
    krate.shared.extend(modules.into_values().map(|mut group| {
        group.builders.sort_by(|a, b| a.builder.cmp(&b.builder));
        group
    }));
}

/// The operation as a shared builder sees it: the path values the API fixes
/// taken in `new`, and nothing that only the API's method shows (its name,
/// summary and documentation, its documented responses). `None` when it
/// cannot be shared: it answers with an enum of the API's own, or it names
/// a type that is not in a shared module.
fn generalize(op: &Operation, shared: &BTreeSet<String>) -> Option<Operation> {
    if matches!(op.output, Output::ByStatus { .. }) {
        return None;
    }
    let mut general = op.clone();
    let mut foreign = false;
    general.visit_refs_mut(&mut |ty| {
        if let TypeRef::Named { module, .. } = ty {
            foreign |= !shared.contains(module.as_str());
        }
    });
    if foreign {
        return None;
    }
    general.operation_id = None;
    general.method_name = RustIdent::default();
    general.summary = None;
    general.description = None;
    general.deprecated = false;
    general.responses = Vec::new();
    general.shared_builder = None;
    for p in &mut general.params {
        if p.fixed_in_path().is_some() {
            p.binding = Binding::Api;
            p.ty = TypeRef::String;
        }
        if p.required {
            // Taken in `new`: nothing of its documentation is shown.
            p.description = None;
            p.default = None;
            p.deprecated = false;
        }
    }
    Some(general)
}

/// A generalized operation as compared across APIs.
fn shape(general: &Operation) -> String {
    serde_json::to_string(general).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Method, ParamLocation, Parameter, RequestClass, ResponseBody};

    fn op(binding: Binding, ty: TypeRef) -> Operation {
        Operation {
            operation_id: Some("get".into()),
            method_name: "get".into(),
            builder: "Get".into(),
            trace_name: "get".into(),
            method: Method::Get,
            path: "/crm/objects/{objectType}".into(),
            summary: Some("Read one".into()),
            description: None,
            deprecated: false,
            params: vec![Parameter {
                name: "objectType".into(),
                rust_name: "object_type".into(),
                location: ParamLocation::Path,
                required: true,
                ty: TypeRef::String,
                explode: false,
                default: None,
                description: Some("The object type.".into()),
                deprecated: false,
                binding,
            }],
            body: None,
            responses: Vec::new(),
            output: Output::Single {
                body: ResponseBody::Json(ty),
            },
            class: RequestClass::Method,
            paging: None,
            batch: None,
            secret_response: false,
            shared_builder: None,
        }
    }

    fn named(module: &str) -> TypeRef {
        TypeRef::Named {
            module: module.into(),
            name: "Record".into(),
        }
    }

    #[test]
    fn a_fixed_path_value_generalizes_like_an_api_wide_one() {
        let shared = BTreeSet::from(["shared".to_string()]);
        let fixed = op(
            Binding::Fixed {
                value: "deals".into(),
            },
            named("shared"),
        );
        let api = op(Binding::Api, named("shared"));
        let (fixed, api) = (generalize(&fixed, &shared), generalize(&api, &shared));
        assert!(fixed.is_some());
        assert_eq!(fixed.as_ref().map(shape), api.as_ref().map(shape));
    }

    #[test]
    fn a_type_of_the_api_s_own_keeps_the_builder_there() {
        let shared = BTreeSet::from(["shared".to_string()]);
        let own = op(Binding::Api, named("deals"));
        assert!(generalize(&own, &shared).is_none());
    }
}
