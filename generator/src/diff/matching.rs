//! Finds the same operation on both sides.
//!
//! Four passes, each pairing only operations that are unique on both sides
//! under its rule, and each looking only at what the passes before left
//! unpaired:
//!
//! 1. the method and the path template as written;
//! 2. the method and the path with its version segment dropped (`v3`,
//!    `v4`, `2026-03`, `2026-09`, …), fixed parameter values written in
//!    (`{objectType}` bound to `contacts` reads `contacts`), and every other
//!    parameter a placeholder (its name is not on the wire);
//! 3. as 2, but fixed parameters are placeholders too: a path parameter that
//!    became (or stopped being) a bound object type;
//! 4. as 2, but one literal segment may match the first parameter of the
//!    other path: a literal that became a parameter (HubSpot's
//!    `/crm/objects/2026-03/contacts` and its generic
//!    `/crm/objects/2026-09/{objectType}`), or the reverse;
//! 5. as 2, with the old path's last segment dropped when it is a parameter
//!    and both operations have the same Rust name: a trailing parameter
//!    that moved into the body (v3's association create
//!    `…/{toObjectId}/{associationTypeId}` and 2026-09's
//!    `…/{toObjectId}` with the association types in its body).

use crate::ir::{
    Api, Binding, Operation, ParamLocation, Parameter, Segment as PathSegment, Service,
};
use std::collections::BTreeMap;

/// An operation and where it sits in its API.
#[derive(Debug, Clone)]
pub struct OpRef<'a> {
    /// Its API.
    pub api: &'a Api,
    /// The operation.
    pub op: &'a Operation,
    /// The accessors of the services from the API down to it (the API's own
    /// excluded).
    pub services: Vec<&'a str>,
}

/// One segment of a path.
#[derive(Debug, Clone, Copy)]
pub enum Segment<'a> {
    /// Literal text.
    Literal(&'a str),
    /// A `{name}` with its parameter.
    Param(&'a Parameter),
    /// A `{name}` the operation declares no parameter for.
    Placeholder,
}

impl<'a> OpRef<'a> {
    /// The call a caller writes: `contacts().batch().create()`,
    /// `objects(object_type).list()`.
    pub fn rust(&self) -> String {
        let mut out = self.api.call();
        for s in &self.services {
            out.push_str(&format!(".{s}()"));
        }
        out.push_str(&format!(".{}()", self.op.method_name));
        out
    }

    /// The API's accessor as a caller writes it (`objects(object_type)`).
    pub fn accessor(&self) -> String {
        let rust = self.rust();
        rust.split_once(").")
            .map(|(a, _)| format!("{a})"))
            .unwrap_or(rust)
    }

    /// The services and method below the API: what names the operation in
    /// Rust once the API is chosen.
    pub fn rust_name(&self) -> (Vec<&'a str>, &'a str) {
        (self.services.clone(), &self.op.method_name)
    }

    /// The path's segments, the version segment dropped.
    pub fn segments(&self) -> Vec<Segment<'a>> {
        crate::ir::segments(&self.op.path)
            .into_iter()
            .filter_map(|segment| match segment {
                PathSegment::Version(_) => None,
                PathSegment::Param(name) => Some(
                    self.op
                        .params
                        .iter()
                        .find(|p| p.location == ParamLocation::Path && p.name == name)
                        .map_or(Segment::Placeholder, Segment::Param),
                ),
                PathSegment::Literal(s) | PathSegment::Mixed(s) => Some(Segment::Literal(s)),
            })
            .collect()
    }

    fn key(&self, pass: usize) -> String {
        let method = self.op.method.key();
        if pass == 0 {
            return format!("{method} {}", self.op.path);
        }
        self.key_of(pass, &self.segments())
    }

    /// Pass 5's key of the old side: without the path's trailing parameter
    /// (`None` when the path ends in a literal).
    fn trimmed_key(&self) -> Option<String> {
        let mut segments = self.segments();
        match segments.pop() {
            Some(Segment::Param(_) | Segment::Placeholder) => {
                Some(self.key_of(TRAILING, &segments))
            }
            _ => None,
        }
    }

    /// The key of `pass` over `segments`; pass 5 also names the Rust method.
    fn key_of(&self, pass: usize, segments: &[Segment<'a>]) -> String {
        let mut key = self.op.method.key().to_string();
        if pass == TRAILING {
            let (services, method) = self.rust_name();
            key = format!("{key} {}.{method}", services.join("."));
        }
        for s in segments {
            key.push('/');
            match s {
                Segment::Literal(s) => key.push_str(s),
                Segment::Param(Parameter {
                    binding: Binding::Fixed { value },
                    ..
                }) if pass == 1 || pass == TRAILING => key.push_str(value),
                Segment::Param(_) | Segment::Placeholder => key.push_str("{}"),
            }
        }
        key
    }
}

/// The pass that drops a trailing parameter of the old path (pass 5).
const TRAILING: usize = 5;

/// Every operation of `api`, depth first.
pub fn operations(api: &Api) -> Vec<OpRef<'_>> {
    fn walk<'a>(api: &'a Api, svc: &'a Service, path: &mut Vec<&'a str>, out: &mut Vec<OpRef<'a>>) {
        for op in &svc.operations {
            out.push(OpRef {
                api,
                op,
                services: path.clone(),
            });
        }
        for child in &svc.children {
            path.push(&child.accessor);
            walk(api, child, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(api, &api.root, &mut Vec::new(), &mut out);
    out
}

/// The operations of two sides, paired.
#[derive(Debug, Default)]
pub struct Matched<'a> {
    /// On both sides.
    pub pairs: Vec<(OpRef<'a>, OpRef<'a>)>,
    /// Only on the old side.
    pub removed: Vec<OpRef<'a>>,
    /// Only on the new side.
    pub added: Vec<OpRef<'a>>,
}

/// Pairs the operations of `old` and `new` (see the module docs).
pub fn match_operations<'a>(old: Vec<OpRef<'a>>, new: Vec<OpRef<'a>>) -> Matched<'a> {
    let mut old: Vec<Option<OpRef>> = old.into_iter().map(Some).collect();
    let mut new: Vec<Option<OpRef>> = new.into_iter().map(Some).collect();
    let mut pairs = Vec::new();
    for pass in 0..3 {
        pair_by_key(&mut old, &mut new, &mut pairs, pass);
    }
    pair_generalised(&mut old, &mut new, &mut pairs);
    pair_trailing(&mut old, &mut new, &mut pairs);
    Matched {
        pairs,
        removed: old.into_iter().flatten().collect(),
        added: new.into_iter().flatten().collect(),
    }
}

type Side<'a> = Vec<Option<OpRef<'a>>>;

/// Pairs the operations whose key of `pass` is unique on both sides.
fn pair_by_key<'a>(
    old: &mut Side<'a>,
    new: &mut Side<'a>,
    pairs: &mut Vec<(OpRef<'a>, OpRef<'a>)>,
    pass: usize,
) {
    let olds = index(old, |op| Some(op.key(pass)));
    let news = index(new, |op| Some(op.key(pass)));
    pair_unique(old, new, pairs, &olds, &news);
}

/// Pairs an old operation whose path, without its trailing parameter, is
/// the path of a new one of the same Rust name (pass 5), each unique.
fn pair_trailing<'a>(
    old: &mut Side<'a>,
    new: &mut Side<'a>,
    pairs: &mut Vec<(OpRef<'a>, OpRef<'a>)>,
) {
    let olds = index(old, OpRef::trimmed_key);
    let news = index(new, |op| Some(op.key(TRAILING)));
    pair_unique(old, new, pairs, &olds, &news);
}

/// The places of the operations left on `side`, by `key` (none: not
/// indexed).
fn index<'a>(
    side: &Side<'a>,
    key: impl Fn(&OpRef<'a>) -> Option<String>,
) -> BTreeMap<String, Vec<usize>> {
    let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, op) in side.iter().enumerate() {
        if let Some(k) = op.as_ref().and_then(&key) {
            map.entry(k).or_default().push(i);
        }
    }
    map
}

/// Pairs the operations whose key is held by exactly one on each side.
fn pair_unique<'a>(
    old: &mut Side<'a>,
    new: &mut Side<'a>,
    pairs: &mut Vec<(OpRef<'a>, OpRef<'a>)>,
    olds: &BTreeMap<String, Vec<usize>>,
    news: &BTreeMap<String, Vec<usize>>,
) {
    for (key, o) in olds {
        if let (&[i], Some(&[j])) = (o.as_slice(), news.get(key).map(Vec::as_slice)) {
            if let (Some(a), Some(b)) = (old[i].take(), new[j].take()) {
                pairs.push((a, b));
            }
        }
    }
}

/// A segment as pass 4 sees it: text (a literal or a fixed value), or a
/// variable.
fn shape<'a>(s: &Segment<'a>) -> Option<&'a str> {
    match s {
        Segment::Literal(s) => Some(s),
        Segment::Param(Parameter {
            binding: Binding::Fixed { value },
            ..
        }) => Some(value),
        Segment::Param(_) | Segment::Placeholder => None,
    }
}

/// Whether `a` and `b` can be the same operation with one literal and one
/// parameter exchanged (pass 4). The parameter must be the first variable
/// segment of its path, as an object type is: a literal that stands for a
/// later parameter is another operation (`…/associations/default/…`).
fn generalises(a: &OpRef, b: &OpRef) -> bool {
    let (sa, sb) = (a.segments(), b.segments());
    if a.op.method != b.op.method || sa.len() != sb.len() {
        return false;
    }
    let first_var = |s: &[Segment]| s.iter().position(|x| shape(x).is_none());
    let (fa, fb) = (first_var(&sa), first_var(&sb));
    let mut exchanged = 0;
    for (i, (x, y)) in sa.iter().zip(&sb).enumerate() {
        match (shape(x), shape(y)) {
            (Some(x), Some(y)) if x != y => return false,
            (Some(_), None) if fb != Some(i) => return false,
            (None, Some(_)) if fa != Some(i) => return false,
            (Some(_), None) | (None, Some(_)) => exchanged += 1,
            _ => {}
        }
    }
    exchanged == 1
}

/// Pairs the operations that generalise exactly one operation of the
/// other side, and the other way round.
fn pair_generalised<'a>(
    old: &mut Side<'a>,
    new: &mut Side<'a>,
    pairs: &mut Vec<(OpRef<'a>, OpRef<'a>)>,
) {
    let candidates = |from: &Side, to: &Side, i: usize| -> Vec<usize> {
        let Some(a) = &from[i] else { return Vec::new() };
        (0..to.len())
            .filter(|&j| to[j].as_ref().is_some_and(|b| generalises(a, b)))
            .collect()
    };
    for i in 0..old.len() {
        if let [j] = candidates(old, new, i)[..] {
            if candidates(new, old, j) == [i] {
                if let (Some(a), Some(b)) = (old[i].take(), new[j].take()) {
                    pairs.push((a, b));
                }
            }
        }
    }
}
