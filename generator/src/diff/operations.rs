//! Compares one operation on both sides: its identity, parameters, request
//! body, response statuses and bodies, and what a call returns.

use super::emitted::Emitted;
use super::matching::{OpRef, Segment};
use super::model::{Change, Direction};
use super::place::{rust_type, Place};
use super::rules::{self, Op, Retype, StatusHome};
use super::walk::{Sides, Walk};
use crate::ir::{
    Binding, Operation, Output, ParamLocation, Parameter, Response, ResponseBody, Status, TypeRef,
};
use std::collections::BTreeMap;

/// The rules' view of an operation.
pub fn op(r: &OpRef, emitted: Emitted) -> Op {
    Op {
        method: r.rust(),
        builder: r.op.builder.clone(),
        accessor: r.accessor(),
        emitted,
    }
}

/// Every change of an operation present on both sides, sorted.
pub fn compare(sides: &Sides, old: &OpRef, new: &OpRef, emitted: Emitted) -> Vec<Change> {
    let (o, n) = (op(old, emitted), op(new, emitted));
    let mut out = Vec::new();
    if old.op.path != new.op.path {
        out.push(rules::operation_moved(&n, &old.op.path, &new.op.path));
    }
    if old.rust_name() != new.rust_name() {
        out.push(rules::operation_renamed(&o, &n));
    }
    let mut request = Walk::new(sides, emitted);
    parameters(&mut request, old, new, &n);
    body(&mut request, old.op, new.op, &n);
    let mut response = Walk::new(sides, emitted);
    responses(&mut response, old.op, new.op, &n);
    output(&mut out, old.op, new.op, &n);
    out.extend(request.changes);
    out.extend(response.changes);
    sort(&mut out);
    out
}

/// Operation-level changes first, then by place and kind.
pub fn sort(changes: &mut [Change]) {
    changes
        .sort_by(|a, b| (!a.kind.is_operation_level(), a).cmp(&(!b.kind.is_operation_level(), b)));
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn fixed(p: &Parameter) -> bool {
    matches!(p.binding, Binding::Fixed { .. })
}

fn param_place(p: &Parameter, op: &Op) -> Place {
    let root = format!("{} parameter `{}`", location(p.location), p.name);
    Place::new(root, Direction::Request, rules::param_home(p, op))
}

fn parameters<'a>(walk: &mut Walk<'_, 'a>, old: &OpRef<'a>, new: &OpRef<'a>, n: &Op) {
    // Path parameters by position: their names are not on the wire.
    let (os, ns) = (old.segments(), new.segments());
    // The old path's trailing parameter the new path has not (matching's
    // pass 5: it moved into the body, or is gone).
    if os.len() == ns.len() + 1 {
        if let Some(Segment::Param(p)) = os.last() {
            walk.push(rules::parameter_removed(&param_place(p, n), p, n));
        }
    }
    if os.len() == ns.len() || os.len() == ns.len() + 1 {
        for pair in os.iter().zip(&ns) {
            match pair {
                (Segment::Param(a), Segment::Param(b)) => parameter(walk, a, b, n),
                (Segment::Literal(s), Segment::Param(p)) if !fixed(p) => {
                    walk.push(rules::path_literal(&param_place(p, n), s, p, true, n))
                }
                (Segment::Param(p), Segment::Literal(s)) if !fixed(p) => {
                    walk.push(rules::path_literal(&param_place(p, n), s, p, false, n))
                }
                _ => {}
            }
        }
    }
    let others = |op: &'a Operation| -> BTreeMap<(&'static str, &'a str), &'a Parameter> {
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .map(|p| ((location(p.location), p.name.as_str()), p))
            .collect()
    };
    let (olds, news) = (others(old.op), others(new.op));
    for (key, p) in &olds {
        if !news.contains_key(key) {
            walk.push(rules::parameter_removed(&param_place(p, n), p, n));
        }
    }
    for (key, p) in &news {
        match olds.get(key) {
            Some(was) => parameter(walk, was, p, n),
            None => walk.push(rules::parameter_added(&param_place(p, n), p, n)),
        }
    }
}

fn parameter<'a>(walk: &mut Walk<'_, 'a>, a: &'a Parameter, b: &'a Parameter, n: &Op) {
    let place = param_place(b, n);
    if a.binding != b.binding {
        walk.push(rules::parameter_binding(&place, a, b, n));
    }
    if fixed(a) || fixed(b) {
        return;
    }
    match (a.required, b.required) {
        (false, true) => walk.push(rules::parameter_made_required(&place, a, b, n)),
        (true, false) => walk.push(rules::parameter_made_optional(&place, a, b, n)),
        _ => {}
    }
    walk.types(&place, &a.ty, &b.ty);
}

fn body<'a>(walk: &mut Walk<'_, 'a>, old: &'a Operation, new: &'a Operation, n: &Op) {
    let home = |required: bool| {
        if required {
            format!("argument `body` of `{}`", n.method)
        } else {
            format!("setter `.body()` of `{}`", n.builder)
        }
    };
    let rust = |b: &crate::ir::RequestBody| rust_type(b.ty.as_ref().unwrap_or(&TypeRef::Json));
    match (&old.body, &new.body) {
        (None, None) => {}
        (None, Some(b)) => {
            let place = Place::new("request body", Direction::Request, home(b.required));
            walk.push(rules::body_added(&place, b.required, &rust(b), n));
        }
        (Some(a), None) => {
            let place = Place::new("request body", Direction::Request, home(a.required));
            walk.push(rules::body_removed(&place, a.required, n));
        }
        (Some(a), Some(b)) => {
            let place = Place::new("request body", Direction::Request, home(b.required));
            if a.required != b.required {
                walk.push(rules::body_required(&place, b.required, n));
            }
            if a.content_type != b.content_type {
                let r = Retype {
                    old: format!("`{}`", a.content_type),
                    new: format!("`{}`", b.content_type),
                    old_rust: rust(a),
                    new_rust: rust(b),
                    widened: false,
                    narrowed: false,
                };
                walk.push(rules::retyped(&place, &r));
            } else if let (Some(x), Some(y)) = (&a.ty, &b.ty) {
                walk.types(&place, x, y);
            }
        }
    }
}

/// A success status: 2xx, or `default` when no 2xx is documented (as the
/// generator reads it).
fn is_success(op: &Operation, status: Status) -> bool {
    status.is_success()
        || (status == Status::Default && !op.responses.iter().any(|r| r.status.is_success()))
}

/// What `status` is in `op`'s output; `reshaped`: the output changed shape
/// (reported on its own).
fn home(op: &Operation, status: Status, reshaped: bool) -> StatusHome<'_> {
    if !is_success(op, status) {
        return StatusHome::Nothing("errors are `runtime::Error`, whatever the status");
    }
    if reshaped {
        return StatusHome::Nothing("the output changed shape (see that change)");
    }
    match &op.output {
        Output::Single { .. } => {
            StatusHome::Nothing("every success status decodes into the one output type")
        }
        Output::ByStatus { name, variants } => match variants.iter().find(|v| v.status == status) {
            Some(v) => StatusHome::Variant {
                ty: name,
                variant: &v.rust_name,
            },
            None => StatusHome::Nothing("the output enum's catch-all variant takes it"),
        },
    }
}

fn responses<'a>(walk: &mut Walk<'_, 'a>, old: &'a Operation, new: &'a Operation, n: &Op) {
    let by_status = |op: &'a Operation| -> BTreeMap<Status, &'a Response> {
        op.responses.iter().map(|r| (r.status, r)).collect()
    };
    let (olds, news) = (by_status(old), by_status(new));
    let reshaped = std::mem::discriminant(&old.output) != std::mem::discriminant(&new.output);
    for (s, _) in olds.iter().filter(|(s, _)| !news.contains_key(s)) {
        let (success, home) = (is_success(old, *s), home(old, *s, reshaped));
        let c = rules::status(format!("response {s}"), success, false, home, &n.emitted);
        walk.push(c);
    }
    for (s, r) in &news {
        let Some(was) = olds.get(s) else {
            let (success, home) = (is_success(new, *s), home(new, *s, reshaped));
            let c = rules::status(format!("response {s}"), success, true, home, &n.emitted);
            walk.push(c);
            continue;
        };
        if !is_success(new, *s) {
            continue;
        }
        let owner = format!("what `{}` returns", n.method);
        let place = Place::new(format!("response {s}"), Direction::Response, owner);
        match (&was.body, &r.body) {
            (ResponseBody::Json(a), ResponseBody::Json(b)) => walk.types(&place, a, b),
            (a, b) if a == b => {}
            (a, b) => {
                let r = Retype {
                    old: body_word(a),
                    new: body_word(b),
                    old_rust: body_rust(a),
                    new_rust: body_rust(b),
                    widened: false,
                    narrowed: false,
                };
                walk.push(rules::retyped(&place, &r));
            }
        }
    }
}

fn body_word(b: &ResponseBody) -> String {
    match b {
        ResponseBody::Empty => "no body".into(),
        ResponseBody::Json(t) => format!("JSON `{}`", rust_type(t)),
        ResponseBody::Text => "text".into(),
        ResponseBody::Binary => "bytes".into(),
    }
}

fn body_rust(b: &ResponseBody) -> String {
    match b {
        ResponseBody::Empty => "()".into(),
        ResponseBody::Json(t) => rust_type(t),
        ResponseBody::Text => "String".into(),
        ResponseBody::Binary => "Vec<u8>".into(),
    }
}

fn output(out: &mut Vec<Change>, old: &Operation, new: &Operation, n: &Op) {
    let name = |o: &Output| match o {
        Output::Single { body } => body_rust(body),
        Output::ByStatus { name, .. } => name.clone(),
    };
    match (&old.output, &new.output) {
        (Output::Single { .. }, Output::Single { .. }) => {}
        (Output::ByStatus { name: a, .. }, Output::ByStatus { name: b, .. }) => {
            if a != b {
                let place = Place::new("response", Direction::Response, String::new());
                out.push(rules::type_renamed(&place, a, b));
            }
        }
        (a, b) => out.push(rules::output_changed(n, &name(a), &name(b))),
    }
}
