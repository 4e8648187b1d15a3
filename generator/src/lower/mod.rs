//! Lower stage: resolved documents to the IR.

mod builders;
mod exhaustive;
mod getters;
mod layout;
mod operations;
pub mod patterns;
mod properties;
mod root;
mod secrets;
mod services;
pub mod shared;
mod sorts;
mod typed;
pub mod types;

use crate::error::{Diagnostic, Error, Result};
use crate::ir::{Api, ApiVersion, Binding, Crate, Method, ParamLocation, Parameter, Service};
use crate::load::{Documents, FileId, Kind};
use crate::naming::{Case, Namespace};
use crate::resolve::Refs;
use crate::Config;
use serde_json::Value;
use services::{Entry, Plan};
use std::collections::{BTreeMap, BTreeSet};
use types::TypeSpace;

/// State shared by the lowering of every document.
pub struct Ctx<'a> {
    docs: &'a Documents,
    refs: &'a Refs,
    types: TypeSpace,
    /// Faults of the inputs that lowering worked around, in the order found.
    warnings: Vec<Diagnostic>,
    /// Dangling `$ref`s that some lowered schema used, each with the index
    /// of its warning in `warnings`.
    dangling_seen: BTreeMap<(FileId, String), usize>,
}

/// One input to lower: a document and the module it becomes.
pub struct Input {
    /// The loaded document.
    pub file: FileId,
    /// Module name (already a valid, unique identifier).
    pub module: String,
    /// Accessor on the client or on its version (`contacts`).
    pub accessor: String,
    /// The version it belongs to, if any.
    pub api_version: Option<String>,
}

/// Lowers `inputs` (in order) into the IR of one crate, with the warnings
/// about faults of the inputs that lowering worked around. The crate's
/// metadata comes from `config`; `versions` are the API versions, newest
/// first, and `properties` the property definition files
/// (`specs/properties/`).
pub fn lower(
    docs: &Documents,
    refs: &Refs,
    inputs: &[Input],
    config: &Config,
    versions: Vec<ApiVersion>,
    properties: &[FileId],
) -> Result<(Crate, Vec<Diagnostic>)> {
    // Each input lowers into its own modules only, so the inputs are lowered
    // on every core and merged in input order.
    let lowered = crate::parallel::in_parallel(
        inputs,
        |i| input_cost(docs, i),
        |input| {
            let mut ctx = Ctx::new(docs, refs);
            let api = ctx.input(input)?;
            ctx.drain_types()?;
            Ok((api, ctx))
        },
    );
    let mut ctx = Ctx::new(docs, refs);
    let mut apis = Vec::new();
    for result in lowered {
        let (api, part) = result?;
        ctx.absorb(part);
        apis.push(api);
    }
    ctx.types.box_recursive();
    for api in &mut apis {
        api.types = ctx.types.take_module(&api.module);
    }
    let mut krate = Crate {
        name: config.name.clone(),
        version: config.version.clone(),
        description: config.description.clone(),
        apis,
        versions,
        shared: Vec::new(),
        properties: properties::lower(docs, properties)?,
        publish: config.publish,
        layout: Default::default(),
    };
    debug_assert_eq!(misordered(), None);
    for pass in PASSES {
        (pass.run)(&mut krate, &mut ctx, config);
    }
    // Dangling references that nothing generated uses change no output, but
    // they are faults of the input all the same.
    for ((file, pointer), d) in refs.all_dangling() {
        if !ctx.dangling_seen.contains_key(&(*file, pointer.clone())) {
            ctx.warnings.push(Diagnostic {
                at: docs.location(*file, &crate::load::join(pointer, "$ref")),
                operation: None,
                message: format!(
                    "unresolved $ref `{}`: {}; nothing generated uses it, ignored",
                    d.reference, d.reason
                ),
            });
        }
    }
    Ok((krate, ctx.warnings))
}

/// A pass over the whole crate, once every input is lowered.
struct Pass {
    /// What it decides, as later passes name it in `reads`.
    name: &'static str,
    /// The passes whose decisions it reads: they run before it.
    reads: &'static [&'static str],
    run: fn(&mut Crate, &mut Ctx, &Config),
}

/// The passes, in the order they run; [`misordered`] checks the order
/// against each pass's `reads`.
const PASSES: &[Pass] = &[
    // Which APIs the client reaches at its root.
    Pass {
        name: "root",
        reads: &[],
        run: |krate, _, _| root::place(krate),
    },
    // Cursor paging and batches, recognised by their shapes.
    Pass {
        name: "patterns",
        reads: &[],
        run: |krate, _, _| patterns::annotate(krate),
    },
    // Types several APIs declare alike, moved to shared modules.
    Pass {
        name: "shared",
        reads: &[],
        run: |krate, _, config| {
            if config.share_types {
                shared::share(krate)
            }
        },
    },
    // `#[non_exhaustive]`, built structs and fixtures, and their setters:
    // on the types in their final modules.
    Pass {
        name: "exhaustive",
        reads: &["shared"],
        run: |krate, _, _| exhaustive::mark(krate),
    },
    // Sort orders, among the built structs.
    Pass {
        name: "sorts",
        reads: &["exhaustive"],
        run: |krate, _, _| sorts::mark(krate),
    },
    // Fields that hold a secret, and operations that answer with one.
    Pass {
        name: "secrets",
        reads: &["shared"],
        run: |krate, _, _| secrets::mark(krate),
    },
    // Getters of string maps, named clear of the setters.
    Pass {
        name: "getters",
        reads: &["exhaustive"],
        run: |krate, _, _| getters::name_getters(krate),
    },
    // The typed path of object APIs, over their paged list and batches.
    Pass {
        name: "typed",
        reads: &["patterns"],
        run: |krate, ctx, _| {
            typed::attach(&mut krate.apis, krate.properties.as_ref(), &mut ctx.types)
        },
    },
    // Request builders several APIs of a version build alike, moved to
    // shared modules: on the operations in their final form.
    Pass {
        name: "builders",
        reads: &["shared", "patterns", "secrets"],
        run: |krate, _, config| {
            if config.share_types {
                builders::share(krate)
            }
        },
    },
    // The crates of the output: each module's package, the crates it uses
    // and the features that need it, once every module and its uses are
    // final.
    Pass {
        name: "layout",
        reads: &["root", "shared", "typed", "builders"],
        run: |krate, _, _| layout::plan(krate),
    },
];

/// A rough cost of lowering an input: its paths and component schemas.
fn input_cost(docs: &Documents, input: &Input) -> usize {
    let root = &docs.get(input.file).root;
    let len = |v: Option<&Value>| v.and_then(Value::as_object).map_or(0, |m| m.len());
    len(root.get("paths")) + len(root.pointer("/components/schemas"))
}

impl<'a> Ctx<'a> {
    fn new(docs: &'a Documents, refs: &'a Refs) -> Self {
        Ctx {
            docs,
            refs,
            types: TypeSpace::default(),
            warnings: Vec::new(),
            dangling_seen: BTreeMap::new(),
        }
    }

    /// Takes in the types and warnings of `part`, which lowered other
    /// modules. A dangling `$ref` is warned about once, by the first input
    /// that met it.
    fn absorb(&mut self, part: Ctx) {
        self.types.absorb(part.types);
        let (repeated, fresh): (Vec<_>, Vec<_>) = part
            .dangling_seen
            .into_iter()
            .partition(|(key, _)| self.dangling_seen.contains_key(key));
        let skip: BTreeSet<usize> = repeated.into_iter().map(|(_, i)| i).collect();
        let offset = self.warnings.len();
        for (key, i) in fresh {
            self.dangling_seen
                .insert(key, offset + i - skip.range(..i).count());
        }
        self.warnings.extend(
            part.warnings
                .into_iter()
                .enumerate()
                .filter(|(i, _)| !skip.contains(i))
                .map(|(_, w)| w),
        );
    }

    /// Lowers one input to its API, leaving its types queued.
    fn input(&mut self, input: &Input) -> Result<Api> {
        let doc = self.docs.get(input.file);
        match &doc.kind {
            Kind::OpenApi => self.api(input),
            Kind::JsonSchema => {
                let name = doc
                    .root
                    .get("title")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| input.module.clone());
                self.schema(&input.module, input.file, "", &name)?;
                Ok(Api {
                    module: input.module.clone(),
                    accessor: input.accessor.clone().into(),
                    title: name,
                    version: String::new(),
                    description: types::description(&doc.root),
                    source: doc.display_path(),
                    types: Vec::new(),
                    root: Service {
                        accessor: input.module.clone().into(),
                        struct_name: None,
                        operations: Vec::new(),
                        children: Vec::new(),
                    },
                    shared: Vec::new(),
                    api_version: input.api_version.clone(),
                    params: Vec::new(),
                    typed: None,
                    at_root: false,
                    feature: None,
                })
            }
        }
    }

    fn api(&mut self, input: &Input) -> Result<Api> {
        let doc = self.docs.get(input.file);
        let root = &doc.root;
        let info = root.get("info").cloned().unwrap_or(Value::Null);
        let str_at = |v: &Value, k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .map(|s| s.trim().to_string())
        };

        // Every operation, in document order.
        let mut entries = Vec::new();
        if let Some(paths) = root.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let item = match item.get("$ref") {
                    Some(_) => {
                        // A path item is all of its operations: no stand-in
                        // for a dangling one would be faithful.
                        let (file, ptr) =
                            self.deref(input.file, &crate::load::join("/paths", path))?;
                        self.docs.value(file, &ptr).cloned().unwrap_or(Value::Null)
                    }
                    None => item.clone(),
                };
                for method in Method::ALL {
                    if let Some(op) = item.get(method.key()) {
                        entries.push(Entry {
                            path: path.clone(),
                            method,
                            operation_id: op
                                .get("operationId")
                                .and_then(Value::as_str)
                                .map(str::to_string),
                            fixed: self
                                .fixed_path_parameters(input.file, path, method)
                                .map_err(|e| {
                                    e.in_operation(&format!(
                                        "{} {path}",
                                        method.key().to_uppercase()
                                    ))
                                })?,
                        });
                    }
                }
            }
        } else if root.get("paths").is_some() {
            return Err(Error::Spec {
                at: self.docs.location(input.file, "/paths"),
                operation: None,
                message: "`paths` must be an object".into(),
            });
        }

        let mut builders = Namespace::for_types();
        let root_hint = format!(
            "{}Api",
            crate::naming::sanitize(&input.accessor, Case::Pascal)
        );
        let plan = services::plan(&entries, &input.accessor, &root_hint, &mut builders);
        let mut service = self.service(input, &entries, plan, "")?;

        let params = api_params(&mut service);
        Ok(Api {
            module: input.module.clone(),
            accessor: input.accessor.clone().into(),
            title: str_at(&info, "title").unwrap_or_else(|| input.module.clone()),
            version: str_at(&info, "version").unwrap_or_default(),
            description: str_at(&info, "description").filter(|s| !s.is_empty()),
            source: doc.display_path(),
            types: Vec::new(),
            root: service,
            shared: Vec::new(),
            api_version: input.api_version.clone(),
            params,
            typed: None,
            at_root: false,
            feature: None,
        })
    }

    /// The service of `plan`; `prefix` is the accessors below the API's
    /// that reach it, each followed by a dot (`batch.`).
    fn service(
        &mut self,
        input: &Input,
        entries: &[Entry],
        plan: Plan,
        prefix: &str,
    ) -> Result<Service> {
        let struct_name = self.types.claim(&input.module, &plan.struct_hint);
        let mut operations = Vec::new();
        for (index, method_name, builder) in plan.operations {
            let e = &entries[index];
            let names = operations::OperationNames {
                trace: format!("{prefix}{}", method_name.bare()),
                method: method_name,
                builder,
            };
            let op = self.operation(&input.module, input.file, &e.path, e.method, &names)?;
            operations.push((index, op));
        }
        operations.sort_by_key(|(i, _)| *i);
        let mut children = Vec::new();
        for child in plan.children {
            let prefix = format!("{prefix}{}.", child.accessor.bare());
            children.push(self.service(input, entries, child, &prefix)?);
        }
        Ok(Service {
            accessor: plan.accessor,
            struct_name: Some(struct_name),
            operations: operations.into_iter().map(|(_, op)| op).collect(),
            children,
        })
    }
}

/// The path parameters that every operation of the API takes (same name,
/// same type, passed by the caller), when it has two operations or more:
/// they become arguments of the API's accessor ([`Binding::Api`]).
fn api_params(root: &mut Service) -> Vec<Parameter> {
    let ops = root.all_operations();
    let Some((first, rest)) = ops.split_first() else {
        return Vec::new();
    };
    if rest.is_empty() {
        return Vec::new();
    }
    let shared: Vec<Parameter> = first
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path && p.binding.is_call())
        .filter(|p| {
            rest.iter().all(|op| {
                op.params.iter().any(|q| {
                    q.location == ParamLocation::Path
                        && q.name == p.name
                        && q.ty == p.ty
                        && q.binding.is_call()
                })
            })
        })
        .cloned()
        .collect();
    root.visit_operations_mut(&mut |op| {
        for p in &mut op.params {
            if p.location == ParamLocation::Path && shared.iter().any(|s| s.name == p.name) {
                p.binding = Binding::Api;
            }
        }
    });
    shared
}

/// The first pass that runs twice or before a pass it reads, if any.
fn misordered() -> Option<String> {
    for (i, pass) in PASSES.iter().enumerate() {
        let before: Vec<&str> = PASSES[..i].iter().map(|p| p.name).collect();
        if before.contains(&pass.name) {
            return Some(format!("{} runs twice", pass.name));
        }
        if let Some(read) = pass.reads.iter().find(|r| !before.contains(r)) {
            return Some(format!(
                "{} reads {read}, which has not run before it",
                pass.name
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn passes_run_after_what_they_read() {
        assert_eq!(super::misordered(), None);
    }
}
