//! HubSpot conventions that earn helper methods, recognised by shape after
//! lowering (never by operation name):
//!
//! - cursor paging: an optional `after` query parameter (or an `after` body
//!   field for searches) and a response holding `results` and
//!   `paging.next.after`;
//! - batches: a `POST …/batch/<action>` whose body lists `inputs`;
//! - POSTs that only read (`…/search`, `…/batch/read`) or are idempotent
//!   (`…/batch/upsert`, `…/batch/archive`), which may be sent again after a
//!   timeout ([`RequestClass`]).

use crate::ir::{
    Batch, BatchKeys, BatchOutput, BodyEncoding, Crate, Cursor, Field, Method, Operation, Output,
    Paging, ParamLocation, RequestClass, Resolved, ResponseBody, Segment, Step, TypeDef, TypeIndex,
    TypeKind, TypeRef,
};

/// HubSpot serves at most this many results of one search.
pub const SEARCH_CEILING: u32 = 10_000;
/// Inputs per batch request.
pub const BATCH_LIMIT: u32 = 100;
/// Inputs per batch read that asks for `propertiesWithHistory`.
pub const BATCH_HISTORY_LIMIT: u32 = 50;

/// Fills `paging` and `batch` of every operation of `krate`.
pub fn annotate(krate: &mut Crate) {
    // Read everything first, then write: the index borrows the crate.
    for api in &mut krate.apis {
        api.root
            .visit_operations_mut(&mut |op| op.class = class(op));
    }
    let found: Vec<(Option<Paging>, Option<Batch>)> = {
        let types = Types(TypeIndex::new(krate));
        krate
            .apis
            .iter()
            .flat_map(|api| api.root.all_operations())
            .map(|op| (paging(op, &types), batch(op, &types)))
            .collect()
    };
    // Handed out in the order of `Service::all_operations`.
    let mut found = found.into_iter();
    for api in &mut krate.apis {
        api.root.visit_operations_mut(&mut |op| {
            if let Some((paging, batch)) = found.next() {
                op.paging = paging;
                op.batch = batch;
            }
        });
    }
}

/// The path's segments, last first, a trailing `/` ignored
/// (`…/batch/read/` → `read`, `batch`); a segment with a parameter as
/// `{}`, which no word the patterns look for matches.
fn last_segments(op: &Operation) -> impl Iterator<Item = &str> {
    crate::ir::segments(&op.path)
        .into_iter()
        .rev()
        .map(|segment| match segment {
            Segment::Literal(s) | Segment::Version(s) => s,
            Segment::Param(_) | Segment::Mixed(_) => "{}",
        })
}

/// What the request does: a POST to `…/search` searches, one to
/// `…/batch/read` only reads, `…/batch/upsert` and `…/batch/archive` leave
/// the same state when applied twice.
fn class(op: &Operation) -> RequestClass {
    if op.method != Method::Post {
        return RequestClass::Method;
    }
    let mut last = last_segments(op);
    match (last.next(), last.next()) {
        (Some("search"), _) => RequestClass::Search,
        (Some("read"), Some("batch")) => RequestClass::Read,
        (Some("upsert" | "archive"), Some("batch")) => RequestClass::Idempotent,
        _ => RequestClass::Method,
    }
}

struct Types<'a>(TypeIndex<'a>);

impl<'a> Types<'a> {
    /// The fields of a named struct type.
    fn fields(&self, ty: &'a TypeRef) -> Option<&'a [Field]> {
        match self.0.resolve(ty) {
            Resolved::Def(TypeDef {
                kind: TypeKind::Struct { fields, .. },
                ..
            }) => Some(fields),
            _ => None,
        }
    }

    /// The field with wire name `name` of struct `ty`.
    fn field(&self, ty: &'a TypeRef, name: &str) -> Option<&'a Field> {
        self.fields(ty)?.iter().find(|f| f.name == name)
    }

    /// Follows wire names from `ty`; returns the steps and the final type.
    fn walk(&self, ty: &'a TypeRef, names: &[&str]) -> Option<(Vec<Step>, TypeRef)> {
        let mut steps = Vec::new();
        let mut at = ty;
        for name in names {
            let f = self.field(at, name)?;
            steps.push(step(f));
            at = &f.ty;
        }
        Some((steps, at.clone()))
    }
}

fn step(f: &Field) -> Step {
    Step {
        field: f.rust_name.to_string(),
        optional: f.is_option(),
    }
}

/// The type of a required JSON body.
fn json_body(op: &Operation) -> Option<&TypeRef> {
    let body = op.body.as_ref().filter(|b| b.required)?;
    match body.encoding {
        BodyEncoding::Json => body.ty.as_ref(),
        _ => None,
    }
}

fn paging(op: &Operation, types: &Types) -> Option<Paging> {
    let Output::Single {
        body: ResponseBody::Json(page),
    } = &op.output
    else {
        return None;
    };
    let (results, list) = types.walk(page, &["results"])?;
    let TypeRef::Array(item) = list else {
        return None;
    };
    let (next, after) = types.walk(page, &["paging", "next", "after"])?;
    if after != TypeRef::String {
        return None;
    }
    let query = op.params.iter().find(|p| {
        p.name == "after"
            && p.location == ParamLocation::Query
            && !p.required
            && p.ty == TypeRef::String
    });
    let cursor = match query {
        Some(p) => Cursor::Query {
            field: p.rust_name.to_string(),
        },
        None => {
            let f = types.field(json_body(op)?, "after")?;
            if f.ty != TypeRef::String || f.boxed {
                return None;
            }
            Cursor::Body {
                field: f.rust_name.to_string(),
                optional: f.is_option(),
            }
        }
    };
    let search = op.class == RequestClass::Search;
    Some(Paging {
        cursor,
        item: *item,
        results,
        next,
        ceiling: search.then_some(SEARCH_CEILING),
    })
}

fn batch(op: &Operation, types: &Types) -> Option<Batch> {
    let segments: Vec<&str> = last_segments(op).take(2).collect();
    if op.method != Method::Post || segments.get(1) != Some(&"batch") {
        return None;
    }
    let body = json_body(op)?;
    let inputs = types.field(body, "inputs")?;
    let TypeRef::Array(input) = &inputs.ty else {
        return None;
    };
    if inputs.is_option() {
        return None;
    }
    let history = types
        .field(body, "propertiesWithHistory")
        .filter(|f| matches!(f.ty, TypeRef::Array(_)) && !f.boxed)
        .map(step);

    // Every success body must yield results of one type; errors are optional.
    let bodies: Vec<(Option<String>, &ResponseBody)> = match &op.output {
        Output::Single { body } => vec![(None, body)],
        Output::ByStatus { variants, .. } => variants
            .iter()
            .map(|v| (Some(v.rust_name.clone()), &v.body))
            .collect(),
    };
    let mut outputs = Vec::new();
    let mut item: Option<TypeRef> = None;
    let mut error: Option<TypeRef> = None;
    for (variant, body) in bodies {
        let ty = match body {
            ResponseBody::Empty => {
                outputs.push(BatchOutput {
                    variant,
                    results: Vec::new(),
                    errors: None,
                    num_errors: None,
                });
                continue;
            }
            ResponseBody::Json(ty) => ty,
            _ => return None,
        };
        let (results, TypeRef::Array(t)) = types.walk(ty, &["results"])? else {
            return None;
        };
        if item.get_or_insert_with(|| (*t).clone()) != &*t {
            return None;
        }
        let errors = match types.walk(ty, &["errors"]) {
            Some((steps, TypeRef::Array(e))) => {
                if error.get_or_insert_with(|| (*e).clone()) != &*e {
                    return None;
                }
                Some(steps)
            }
            _ => None,
        };
        let num_errors = types
            .walk(ty, &["numErrors"])
            .filter(|(_, t)| matches!(t, TypeRef::I32 | TypeRef::I64))
            .map(|(steps, _)| steps);
        outputs.push(BatchOutput {
            variant,
            results,
            errors,
            num_errors,
        });
    }
    // A batch either always returns results or never does.
    if item.is_some() && outputs.iter().any(|o| o.results.is_empty()) {
        return None;
    }
    let keys = item
        .as_ref()
        .map(|item| batch_keys(body, input, item, types))
        .unwrap_or_default();
    Some(Batch {
        inputs: inputs.rust_name.to_string(),
        input: (**input).clone(),
        chunk: BATCH_LIMIT,
        history,
        history_chunk: BATCH_HISTORY_LIMIT,
        outputs,
        item,
        error,
        keys,
    })
}

/// The text field with wire name `name` of struct `ty`.
fn text_field<'t>(types: &Types<'t>, ty: &'t TypeRef, name: &str) -> Option<&'t Field> {
    types
        .field(ty, name)
        .filter(|f| f.ty == TypeRef::String && !f.boxed)
}

/// HubSpot's `objectWriteTraceId`, which a batch result echoes from its input.
const TRACE_ID: &str = "objectWriteTraceId";

/// The fields of `input` and of `item` (a result) that pair them: a trace
/// id the input may leave empty (so the client can fill it) and the result
/// carries; a record id both carry, unless an `idProperty` of the input or
/// of `body` makes the input's id a property value.
fn batch_keys(body: &TypeRef, input: &TypeRef, item: &TypeRef, types: &Types) -> BatchKeys {
    let pair = |name: &str, input_optional: bool| {
        let from = text_field(types, input, name).filter(|f| !input_optional || f.is_option())?;
        Some((step(from), step(text_field(types, item, name)?)))
    };
    let id_property = |ty: &TypeRef| {
        text_field(types, ty, "idProperty")
            .filter(|f| f.is_option())
            .map(step)
    };
    BatchKeys {
        trace: pair(TRACE_ID, true),
        id: pair("id", false),
        id_property: (id_property(input), id_property(body)),
    }
}
