//! The service tree and operation names, from paths alone.
//!
//! Rules, applied to every document alike:
//! - Paths are read as resource segments; version segments (`v3`,
//!   `2026-09`) are skipped.
//! - An operation's anchor is the last segment of its path that names the
//!   API (a literal equal to its module name, `contacts`) or, before any
//!   parameter the caller gives, that the spec binds (a path parameter
//!   fixed to one value). The literal prefix before the anchor
//!   that most anchored operations share is the API's home
//!   (`crm/objects`); without anchors, the literal prefix every path shares
//!   is. Each operation drops the part of its prefix it shares with the
//!   home, and its anchor: what is left of a different prefix names its
//!   service (the Associations API's `crm/associations/{fromObjectType}/…`
//!   of a contacts API lands in `associations`).
//! - Below it, a literal segment that leads to two or more operations becomes
//!   a nested service (`threads`, `messages`), and `batch` always does; an
//!   operation alone under another segment stays on the parent.
//! - A method is named from its `operationId` when that is a plain name, or
//!   when it is a path-like id ending in `_name`, with HubSpot's verbs made
//!   the common ones (`get-/crm/v3/…_getPage` → `list`, `_getById` → `get`,
//!   `_doSearch` → `search`, see `naming::operation_verb`); otherwise from
//!   the HTTP method and the remaining segments (`GET /threads` → `list`,
//!   `GET /threads/{id}` → `get`, `POST …/batch/read` → `batch().read()`).

use crate::ir::{Method, Segment};
use crate::naming::{sanitize, Case, Namespace};

/// One operation as the service planner sees it.
pub struct Entry {
    /// Path template.
    pub path: String,
    /// HTTP method.
    pub method: Method,
    /// `operationId`, if any.
    pub operation_id: Option<String>,
    /// Path parameters the spec fixes to one value: not segments of the plan.
    pub fixed: Vec<String>,
}

/// Planned names for a service and its operations.
pub struct Plan {
    /// Accessor on the parent.
    pub accessor: crate::naming::RustIdent,
    /// Struct name hint (Pascal parts, claimed later in the module namespace).
    pub struct_hint: String,
    /// (index into the entries, method name, builder name).
    pub operations: Vec<(usize, crate::naming::RustIdent, String)>,
    /// Nested services.
    pub children: Vec<Plan>,
}

#[derive(Clone, PartialEq)]
enum Seg {
    Lit(String),
    Param,
    /// The API's own name, or a parameter the spec fixes before any other.
    Anchor,
}

/// Operations (by entry index) with their remaining path segments.
type Members = Vec<(usize, Vec<Seg>)>;

fn segments(path: &str, fixed: &[String], api: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut leading = true;
    for segment in crate::ir::segments(path) {
        let seg = match segment {
            Segment::Version(_) => continue,
            Segment::Param(name) if fixed.iter().any(|f| f == name) => {
                if !leading {
                    continue;
                }
                Seg::Anchor
            }
            Segment::Param(_) | Segment::Mixed(_) => {
                leading = false;
                Seg::Param
            }
            // Also past a parameter: `…/{objectId}/associations/…` of the
            // Associations API is not a service of its own.
            Segment::Literal(s) if s == api => Seg::Anchor,
            Segment::Literal(s) => Seg::Lit(s.to_string()),
        };
        out.push(seg);
    }
    out
}

/// Plans the service tree of one API; `root_accessor` is the module accessor.
pub fn plan(
    entries: &[Entry],
    root_accessor: &str,
    root_hint: &str,
    builders: &mut Namespace,
) -> Plan {
    let segs: Vec<Vec<Seg>> = entries
        .iter()
        .map(|e| segments(&e.path, &e.fixed, root_accessor))
        .collect();
    let home = home(&segs);
    let members: Vec<(usize, Vec<Seg>)> = segs
        .into_iter()
        .map(|s| below_home(s, &home))
        .enumerate()
        .collect();
    group(
        entries,
        members,
        root_accessor.into(),
        root_hint.to_string(),
        Vec::new(),
        builders,
    )
}

/// The literal segments before an operation's last anchor, if it has one.
fn before_anchor(segs: &[Seg]) -> Option<Vec<&str>> {
    let at = segs.iter().rposition(|s| *s == Seg::Anchor)?;
    Some(
        segs[..at]
            .iter()
            .filter_map(|s| match s {
                Seg::Lit(l) => Some(l.as_str()),
                _ => None,
            })
            .collect(),
    )
}

/// The API's home prefix: the prefix before the anchor that most anchored
/// operations share (the first such on a tie), or without anchors the
/// literal prefix every operation shares.
fn home(segs: &[Vec<Seg>]) -> Vec<String> {
    let mut counts: Vec<(Vec<&str>, usize)> = Vec::new();
    for pre in segs.iter().filter_map(|s| before_anchor(s)) {
        match counts.iter_mut().find(|(p, _)| *p == pre) {
            Some((_, n)) => *n += 1,
            None => counts.push((pre, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max();
    if let Some((pre, _)) = counts.into_iter().find(|(_, n)| Some(*n) == best) {
        return pre.into_iter().map(str::to_string).collect();
    }
    let mut prefix: Vec<String> = Vec::new();
    let Some(first) = segs.first() else {
        return prefix;
    };
    for (d, seg) in first.iter().enumerate() {
        let Seg::Lit(lit) = seg else { break };
        if !segs.iter().all(|s| s.get(d) == Some(seg)) {
            break;
        }
        prefix.push(lit.clone());
    }
    prefix
}

/// An operation's segments below the home: the literal prefix it shares
/// with the home and its anchors dropped.
fn below_home(segs: Vec<Seg>, home: &[String]) -> Vec<Seg> {
    let shared = segs
        .iter()
        .zip(home)
        .take_while(|(s, h)| matches!(s, Seg::Lit(l) if l == *h))
        .count();
    segs.into_iter()
        .skip(shared)
        .filter(|s| *s != Seg::Anchor)
        .collect()
}

fn group(
    entries: &[Entry],
    members: Vec<(usize, Vec<Seg>)>,
    accessor: crate::naming::RustIdent,
    struct_hint: String,
    trail: Vec<String>,
    builders: &mut Namespace,
) -> Plan {
    // Group by the first literal segment.
    let key_of = |segs: &[Seg]| -> Option<(String, Vec<Seg>)> {
        segs.iter()
            .position(|s| matches!(s, Seg::Lit(_)))
            .map(|i| match &segs[i] {
                Seg::Lit(l) => (l.clone(), segs[i + 1..].to_vec()),
                Seg::Param | Seg::Anchor => unreachable!("position() found a literal"),
            })
    };
    let mut keys: Vec<String> = Vec::new();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, segs) in &members {
        if let Some((k, _)) = key_of(segs) {
            if !counts.contains_key(&k) {
                keys.push(k.clone());
            }
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut names = Namespace::with_reserved(crate::naming::SERVICE_MEMBERS.iter().copied());
    let mut children = Vec::new();
    let mut staying = Vec::new();
    let mut child_members: Vec<(String, Members)> = Vec::new();
    // `batch` is a service even for one operation, so that a batch read is
    // `batch().read()` in every API.
    let nests = |key: &str| counts[key] >= 2 || key == "batch";
    for key in &keys {
        if nests(key) {
            child_members.push((key.clone(), Vec::new()));
        }
    }
    for (i, segs) in members {
        match key_of(&segs) {
            Some((k, rest)) if nests(&k) => {
                if let Some((_, list)) = child_members.iter_mut().find(|(key, _)| key == &k) {
                    list.push((i, rest));
                }
            }
            _ => staying.push((i, segs)),
        }
    }
    for (key, list) in child_members {
        let child_accessor = names.claim_snake(&key);
        let mut child_trail = trail.clone();
        child_trail.push(key.clone());
        let hint = child_trail
            .iter()
            .map(|t| sanitize(t, Case::Pascal))
            .collect::<String>()
            + "Api";
        children.push(group(
            entries,
            list,
            child_accessor,
            hint,
            child_trail,
            builders,
        ));
    }
    let mut operations = Vec::new();
    for (i, segs) in &staying {
        let e = &entries[*i];
        let has_patch_sibling = staying
            .iter()
            .any(|(j, s)| entries[*j].method == Method::Patch && s == segs);
        let name = match usable_operation_id(e.operation_id.as_deref()) {
            Some(id) => crate::naming::operation_verb(&id).to_string(),
            None => derived_name(e.method, segs, has_patch_sibling),
        };
        let method_name = names.claim_snake(&name);
        let builder_hint: String = trail
            .iter()
            .map(|t| sanitize(t, Case::Pascal))
            .chain(std::iter::once(sanitize(method_name.bare(), Case::Pascal)))
            .collect();
        let builder = builders.claim(&builder_hint, Case::Pascal);
        operations.push((*i, method_name, builder));
    }
    Plan {
        accessor,
        struct_hint,
        operations,
        children,
    }
}

/// The name part of an `operationId`, when it is usable as a method name.
fn usable_operation_id(id: Option<&str>) -> Option<String> {
    let id = id?.trim();
    let clean = |s: &str| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if id.contains('/') {
        let suffix = id.rsplit('_').next()?;
        clean(suffix).then(|| suffix.to_string())
    } else {
        clean(id).then(|| id.to_string())
    }
}

fn derived_name(method: Method, segs: &[Seg], has_patch_sibling: bool) -> String {
    let lits: Vec<&str> = segs
        .iter()
        .filter_map(|s| match s {
            Seg::Lit(l) => Some(l.as_str()),
            Seg::Param | Seg::Anchor => None,
        })
        .collect();
    let ends_with_param = matches!(segs.last(), Some(Seg::Param));
    if lits.is_empty() {
        return match method {
            Method::Get if ends_with_param => "get",
            Method::Get => "list",
            Method::Post => "create",
            Method::Put if has_patch_sibling => "replace",
            Method::Put | Method::Patch => "update",
            Method::Delete => "delete",
            other => other.key(),
        }
        .to_string();
    }
    let joined = lits.join("_");
    match method {
        Method::Get => format!("get_{joined}"),
        Method::Post => joined,
        Method::Put | Method::Patch => format!("update_{joined}"),
        Method::Delete => format!("delete_{joined}"),
        other => format!("{}_{joined}", other.key()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paths: &[(&str, Method, Option<&str>)]) -> Vec<String> {
        let entries: Vec<Entry> = paths
            .iter()
            .map(|(p, m, id)| Entry {
                path: p.to_string(),
                method: *m,
                operation_id: id.map(str::to_string),
                fixed: Vec::new(),
            })
            .collect();
        let mut builders = Namespace::default();
        let plan = plan(&entries, "api", "Api", &mut builders);
        let mut out = Vec::new();
        fn walk(p: &Plan, trail: &str, out: &mut Vec<String>) {
            for (_, m, b) in &p.operations {
                out.push(format!("{trail}{m} [{b}]"));
            }
            for c in &p.children {
                walk(c, &format!("{trail}{}.", c.accessor), out);
            }
        }
        walk(&plan, "", &mut out);
        out
    }

    #[test]
    fn hubspot_style_operation_ids() {
        let got = names(&[
            (
                "/crm/v3/objects/calls",
                Method::Get,
                Some("get-/crm/v3/objects/calls_getPage"),
            ),
            (
                "/crm/v3/objects/calls/{callId}",
                Method::Get,
                Some("get-/crm/v3/objects/calls/{callId}_getById"),
            ),
            (
                "/crm/v3/objects/calls/{callId}",
                Method::Delete,
                Some("delete-/crm/v3/objects/calls/{callId}_archive"),
            ),
            (
                "/crm/v3/objects/calls/batch/archive",
                Method::Post,
                Some("post-/crm/v3/objects/calls/batch/archive_archive"),
            ),
            (
                "/crm/v3/objects/calls/batch/read",
                Method::Post,
                Some("post-/crm/v3/objects/calls/batch/read_read"),
            ),
            (
                "/crm/v3/objects/calls/search",
                Method::Post,
                Some("post-/crm/v3/objects/calls/search_doSearch"),
            ),
        ]);
        assert_eq!(
            got,
            [
                "list [List]",
                "get [Get]",
                "archive [Archive]",
                "search [Search]",
                "batch.archive [BatchArchive]",
                "batch.read [BatchRead]",
            ]
        );
    }

    #[test]
    fn names_from_paths() {
        let got = names(&[
            ("/conversations/v3/conversations/threads", Method::Get, None),
            (
                "/conversations/v3/conversations/threads/{threadId}",
                Method::Get,
                None,
            ),
            (
                "/conversations/v3/conversations/threads/{threadId}",
                Method::Patch,
                None,
            ),
            (
                "/conversations/v3/conversations/threads/{threadId}/messages",
                Method::Get,
                None,
            ),
            (
                "/conversations/v3/conversations/threads/{threadId}/messages",
                Method::Post,
                None,
            ),
            (
                "/conversations/conversations/v3/threads/{threadId}/assignee",
                Method::Put,
                Some("put-/x_/y"),
            ),
            (
                "/conversations/v3/conversations/actors/{actorId}",
                Method::Get,
                None,
            ),
            (
                "/conversations/v3/conversations/actors/batch/read",
                Method::Post,
                None,
            ),
        ]);
        assert_eq!(
            got,
            [
                "threads.list [ThreadsList]",
                "threads.get [ThreadsGet]",
                "threads.update [ThreadsUpdate]",
                "threads.update_assignee [ThreadsUpdateAssignee]",
                "threads.messages.list [ThreadsMessagesList]",
                "threads.messages.create [ThreadsMessagesCreate]",
                "actors.get [ActorsGet]",
                "actors.batch.read [ActorsBatchRead]",
            ]
        );
    }
}
