//! The typed path of a CRM object API: an API whose accessor is an object
//! with property definitions (`calls`), and whose root service has the five
//! record operations, gets a [`TypedApi`] over them.

use super::types::TypeSpace;
use crate::ir::{
    Api, Binding, Method, Operation, ParamLocation, PropertiesModule, Service, TypeRef, TypedApi,
    TypedBatch, TypedBatchKind,
};
use crate::naming::{self, Case, Namespace};

/// Gives each API of an object in `properties` its typed path, when its
/// operations have the shapes the typed path calls.
pub fn attach(apis: &mut [Api], properties: Option<&PropertiesModule>, types: &mut TypeSpace) {
    let Some(properties) = properties else {
        return;
    };
    for api in apis {
        let Some(set) = properties
            .objects
            .iter()
            .find(|s| api.accessor == s.object.as_str())
        else {
            continue;
        };
        let (Some(search), Some(create), Some(get), Some(update), Some(list)) = (
            find(&api.root, "search", Method::Post, 0, true),
            find(&api.root, "create", Method::Post, 0, true),
            find(&api.root, "get", Method::Get, 1, false),
            find(&api.root, "update", Method::Patch, 1, true),
            find(&api.root, "list", Method::Get, 0, false).filter(|op| op.paging.is_some()),
        ) else {
            continue;
        };
        let Some(root) = api.root.struct_name.clone() else {
            continue;
        };
        let Some(search_body) = body(search) else {
            continue;
        };
        let Some(search_results) = search.paging.as_ref().map(|p| p.results.clone()) else {
            continue;
        };
        let names = [search, create, get, update, list].map(|op| op.method_name.to_string());
        let service = types.claim(&api.module, &format!("Typed{root}"));
        let accessor = accessor(&api.root);
        let [search, create, get, update, list] = names;
        api.typed = Some(TypedApi {
            object: set.object.clone(),
            service,
            accessor,
            create,
            get,
            update,
            list,
            search,
            search_body,
            search_results,
            batches: batches(&api.root),
        });
    }
}

/// The batch create, read, update and upsert under the root service that
/// the typed path sends: each a batch whose results are records, with no
/// argument but its body.
fn batches(root: &Service) -> Vec<TypedBatch> {
    [
        (TypedBatchKind::Create, "create", "create_all"),
        (TypedBatchKind::Read, "read", "get_all"),
        (TypedBatchKind::Update, "update", "update_all"),
        (TypedBatchKind::Upsert, "upsert", "upsert_all"),
    ]
    .into_iter()
    .filter_map(|(kind, method, name)| {
        root.children.iter().find_map(|service| {
            let op = find(service, method, Method::Post, 0, true)?;
            let batch = op.batch.as_ref().filter(|b| b.item.is_some())?;
            Some(TypedBatch {
                kind,
                name: name.to_string(),
                service: service.accessor.to_string(),
                method: op.method_name.to_string(),
                chunk: batch.chunk,
                error: batch.error.clone(),
                retry_safe: op.retry_safe(),
            })
        })
    })
    .collect()
}

/// The name of the typed path's accessor: `typed`, unless the root service
/// has a member of that name already.
fn accessor(root: &Service) -> String {
    let taken = root
        .operations
        .iter()
        .map(|op| op.method_name.as_str())
        .chain(root.children.iter().map(|c| c.accessor.as_str()));
    let mut names = Namespace::with_reserved(taken.chain(naming::SERVICE_MEMBERS.iter().copied()));
    names.claim("typed", Case::Snake)
}

/// The operation `name` of `service` with `method`, `ids` string path
/// arguments and a JSON body when `with_body`, and no other argument.
fn find<'a>(
    service: &'a Service,
    name: &str,
    method: Method,
    ids: usize,
    with_body: bool,
) -> Option<&'a Operation> {
    let op = service
        .operations
        .iter()
        .find(|op| op.method_name == name)?;
    let args: Vec<_> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path && p.binding == Binding::Call)
        .collect();
    let ids_ok = args.len() == ids && args.iter().all(|p| p.ty == TypeRef::String);
    let body_ok = with_body == op.body.as_ref().is_some_and(|b| b.ty.is_some());
    let required_ok = op
        .params
        .iter()
        .all(|p| !p.required || p.location == ParamLocation::Path || p.binding != Binding::Call);
    (op.method == method && ids_ok && body_ok && required_ok).then_some(op)
}

fn body(op: &Operation) -> Option<TypeRef> {
    op.body.as_ref()?.ty.clone()
}
