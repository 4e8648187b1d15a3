//! API changes between two sets of specs, for a reviewer: what changed for
//! callers, and which of those changes break them — on the wire and in the
//! generated Rust. `cargo xtask api-diff OLD NEW` prints it.
//!
//! Both sides are lowered into the [IR](crate::ir) ([`Source::lower`], types
//! not shared between APIs), and the two IRs are compared:
//!
//! - **APIs** by accessor (`contacts`, `calls`, …); by version and accessor
//!   when either side holds several versions.
//! - **Operations** by method and path, then with the version segment
//!   dropped and bound parameters written in, then with bound parameters as
//!   placeholders, then with one literal standing for the path's first
//!   parameter, then with the old path's trailing parameter dropped under
//!   the same Rust name (see [`matching`]). An operation found under another path is
//!   *moved*, not removed and added.
//! - **Parameters**: path parameters by position, the others by location
//!   and name. **Request and response bodies**: properties by wire name,
//!   recursively, each pair of named types once per operation (which is also
//!   the cycle protection); enum values by value; `oneOf` alternatives by
//!   discriminator tag. **Responses** by status; only success bodies are
//!   compared (errors reach callers as `runtime::Error`, whatever their body).
//!
//! # Classification
//!
//! Every change is classified twice.
//!
//! **Wire**: can it break an existing caller of HubSpot, whatever client it
//! uses? *Breaking*: a request it sends may be rejected, or a response may
//! not read as it did. *Warning*: it keeps working but may meet something it
//! was not told about, or lose data silently. *Compatible*: nothing it relies
//! on changes. The rules follow oasdiff's (a request may only get more
//! liberal, a response only more conservative), read for what HubSpot does:
//!
//! | Change | In a request (the caller sends it) | In a response (the caller reads it) |
//! |---|---|---|
//! | operation added / moved / renamed in Rust | compatible | |
//! | operation removed | breaking | |
//! | parameter or body added, required | breaking | |
//! | parameter or body added, optional | compatible | |
//! | parameter removed | warning (ignored or rejected) | |
//! | body removed | breaking (no longer read) | |
//! | parameter or body made required / optional | breaking / compatible | |
//! | path parameter bound to one value / freed | breaking / compatible | |
//! | parameter moved between method and accessor | compatible | |
//! | property added, required | breaking | compatible |
//! | property added, optional | compatible | compatible |
//! | property removed | warning | breaking if it was required, else warning |
//! | property made required | breaking | compatible |
//! | property made optional | compatible | breaking |
//! | value made nullable | compatible | breaking |
//! | value made non-nullable | breaking | compatible |
//! | value retyped | compatible if every old value is valid (int32 → int64 → number, date → string, enum → string, anything → any), else breaking | compatible if every new value was valid, else breaking |
//! | enum value or `oneOf` alternative added | compatible | warning |
//! | enum value or `oneOf` alternative removed | breaking | compatible |
//! | schema renamed | compatible | compatible |
//! | success status added / removed | | warning / compatible |
//! | error status added / removed | | compatible |
//!
//! **Rust**: what a caller's code sees in the generated crate, and the semver
//! bump that needs. It is decided by what the generator emits *today*,
//! probed by generating a small API ([`Emitted`]): whether structs and enums
//! are `#[non_exhaustive]`, whether string enums keep unknown values, whether
//! optional parameters are setters. With the generator as it is (structs and
//! enums exhaustive, an `Unknown` variant in every enum, optional parameters
//! as setters):
//!
//! | Change | Rust | Bump |
//! |---|---|---|
//! | operation added | a new method | minor |
//! | operation removed | a method removed | major |
//! | operation moved, same method | none (the method sends the new path) | patch |
//! | operation renamed (method or service) | a method renamed | major |
//! | required parameter or body added | a new argument | major |
//! | optional parameter or body added | a new setter of the request builder | minor |
//! | parameter or body removed | an argument or setter removed | major |
//! | parameter or body made required / optional | a setter becomes an argument, or back | major |
//! | parameter bound, freed, or moved to the accessor | an argument removed, added or moved | major |
//! | property added, optional | a new `Option` field: struct literals stop compiling (not `#[non_exhaustive]`) | major (minor once structs are `#[non_exhaustive]`) |
//! | property added, required | a new field struct literals must set | major |
//! | property removed | a field removed | major |
//! | required, optional, nullable changed | a field becomes `Option<T>` or stops being one | major; patch when it stays `Option<T>` |
//! | value retyped | a field, argument or output changes type | major |
//! | enum value added | a new variant: exhaustive `match`es stop compiling (the value used to decode as `Unknown`) | major (minor once enums are `#[non_exhaustive]`) |
//! | enum value removed | a variant removed | major |
//! | `oneOf` alternative added / removed | a variant added / removed | major |
//! | schema renamed | a type renamed | major |
//! | success status added / removed | a variant of the per-status output enum, or nothing when the output is one type | major, or patch |
//! | error status added / removed | nothing (errors are `runtime::Error`) | patch |
//! | output becomes per-status, or back | the method returns another type | major |
//!
//! A change that is compatible on the wire but major in Rust is one the
//! generated crate does not absorb; the report counts them.
//!
//! The property definitions of `specs/properties/` (the typed properties
//! crate) are compared too, object by object ([`properties`]).

mod emitted;
pub mod markdown;
pub mod matching;
pub mod migrating;
mod model;
mod operations;
mod place;
pub mod properties;
mod rules;
mod source;
mod walk;

pub use emitted::Emitted;
pub use model::{
    ApiReport, Bump, Change, ChangeKind, Direction, OperationReport, OperationStatus, Report,
    Summary, Wire,
};
pub use source::Source;

use crate::ir::{Api, Crate, TypeIndex};
use matching::OpRef;
use std::collections::{BTreeMap, BTreeSet};

/// Lowers both sides and compares them.
pub fn diff(old: &Source, new: &Source) -> crate::Result<Report> {
    let (a, b) = (old.lower()?, new.lower()?);
    Ok(compare(&a, &b, &old.label, &new.label))
}

/// Compares two IRs; `old_label` and `new_label` name the sides in the
/// report.
pub fn compare(old: &Crate, new: &Crate, old_label: &str, new_label: &str) -> Report {
    let emitted = Emitted::get();
    let sides = walk::Sides {
        old: TypeIndex::new(old),
        new: TypeIndex::new(new),
    };
    let by_version = versions(old) > 1 || versions(new) > 1;
    let (mut olds, news) = (apis(old, by_version), apis(new, by_version));
    // One API on each side (two spec files): the same API, whatever the
    // files are called.
    if let ([(_, a)], [(key, _)]) = (
        olds.iter().collect::<Vec<_>>().as_slice(),
        news.iter().collect::<Vec<_>>().as_slice(),
    ) {
        olds = BTreeMap::from([((*key).clone(), **a)]);
    }
    let keys: BTreeSet<&(String, String)> = olds.keys().chain(news.keys()).collect();
    let mut reports = Vec::new();
    for key in keys {
        let (a, b) = (olds.get(key).copied(), news.get(key).copied());
        reports.push(api_report(&sides, a, b, emitted));
    }
    let properties = properties::compare(old.properties.as_ref(), new.properties.as_ref());
    let summary = reports
        .iter()
        .fold(Summary::default(), |s, r| s.plus(r.summary))
        .with_properties(&properties);
    Report {
        old: old_label.to_string(),
        new: new_label.to_string(),
        emitted,
        apis: reports,
        properties,
        summary,
    }
}

fn versions(krate: &Crate) -> usize {
    let names: BTreeSet<Option<&String>> =
        krate.apis.iter().map(|a| a.api_version.as_ref()).collect();
    names.len()
}

/// The APIs with operations, by version (when `by_version`) and accessor.
fn apis(krate: &Crate, by_version: bool) -> BTreeMap<(String, String), &Api> {
    krate
        .apis
        .iter()
        .filter(|a| a.has_operations())
        .map(|a| {
            let version = match (by_version, &a.api_version) {
                (true, Some(v)) => v.clone(),
                _ => String::new(),
            };
            ((version, a.accessor.to_string()), a)
        })
        .collect()
}

fn version_of(api: &Api) -> String {
    api.api_version
        .clone()
        .unwrap_or_else(|| api.version.clone())
}

fn api_report(
    sides: &walk::Sides,
    old: Option<&Api>,
    new: Option<&Api>,
    emitted: Emitted,
) -> ApiReport {
    let matched = matching::match_operations(
        old.map(matching::operations).unwrap_or_default(),
        new.map(matching::operations).unwrap_or_default(),
    );
    let mut operations = Vec::new();
    let mut unchanged = Vec::new();
    for r in &matched.added {
        let change = rules::operation_added(&operations::op(r, emitted));
        operations.push(entry(OperationStatus::Added, None, Some(r), vec![change]));
    }
    for r in &matched.removed {
        let change = rules::operation_removed(&operations::op(r, emitted));
        operations.push(entry(OperationStatus::Removed, Some(r), None, vec![change]));
    }
    for (a, b) in &matched.pairs {
        let changes = operations::compare(sides, a, b, emitted);
        let status = if a.op.path == b.op.path {
            OperationStatus::Kept
        } else {
            OperationStatus::Moved
        };
        if changes.is_empty() {
            unchanged.push(entry(status, Some(a), Some(b), changes));
        } else {
            operations.push(entry(status, Some(a), Some(b), changes));
        }
    }
    for ops in [&mut operations, &mut unchanged] {
        ops.sort_by(|a, b| (a.path(), &a.method).cmp(&(b.path(), &b.method)));
    }
    let summary = Summary::of(&operations);
    let accessor = new
        .or(old)
        .map(|a| a.accessor.to_string())
        .unwrap_or_default();
    ApiReport {
        accessor,
        old: old.map(version_of),
        new: new.map(version_of),
        operations,
        unchanged,
        summary,
    }
}

fn entry(
    status: OperationStatus,
    old: Option<&OpRef>,
    new: Option<&OpRef>,
    changes: Vec<Change>,
) -> OperationReport {
    let shown = new.or(old);
    OperationReport {
        status,
        method: shown
            .map(|r| r.op.method.key().to_uppercase())
            .unwrap_or_default(),
        old_path: old.map(|r| r.op.path.clone()),
        new_path: new.map(|r| r.op.path.clone()),
        rust: shown.map(OpRef::rust).unwrap_or_default(),
        old_rust: old.map(OpRef::rust),
        changes,
    }
}
