//! The rules: one function per kind of change, each deciding the wire
//! classification and the Rust one together (the table in the module docs
//! of [`super`] reads the same).

use super::emitted::Emitted;
use super::model::{Bump, Change, ChangeKind, Direction, Wire};
use super::place::Place;
use crate::ir::{Binding, Parameter};

type WireRule = (Wire, &'static str);
type RustRule = (Bump, String);

fn change(at: String, kind: ChangeKind, dir: Option<Direction>, detail: String) -> Builder {
    Builder(at, kind, dir, detail)
}

/// A change waiting for its two classifications.
struct Builder(String, ChangeKind, Option<Direction>, String);

impl Builder {
    fn rules(self, (wire, reason): WireRule, (rust, effect): RustRule) -> Change {
        Change {
            at: self.0,
            kind: self.1,
            direction: self.2,
            detail: self.3,
            wire,
            wire_reason: reason.to_string(),
            rust,
            rust_effect: effect,
        }
    }
}

fn on_place(place: &Place, kind: ChangeKind, detail: String) -> Builder {
    change(place.at(), kind, Some(place.direction), detail)
}

/// By direction: what a caller sends, or what it receives.
fn by_dir(place: &Place, request: WireRule, response: WireRule) -> WireRule {
    match place.direction {
        Direction::Request => request,
        Direction::Response => response,
    }
}

const NO_WIRE: WireRule = (Wire::Compatible, "the wire does not see Rust names");

/// The method a caller calls and its request builder.
#[derive(Debug, Clone)]
pub struct Op {
    /// `contacts().batch().create()`.
    pub method: String,
    /// The request builder (`Create`).
    pub builder: String,
    /// The API's accessor (`objects()`).
    pub accessor: String,
    /// What the generator emits.
    pub emitted: Emitted,
}

// Operations.

pub fn operation_added(op: &Op) -> Change {
    change(
        String::new(),
        ChangeKind::OperationAdded,
        None,
        String::new(),
    )
    .rules(
        (
            Wire::Compatible,
            "a new operation; no existing caller uses it",
        ),
        (Bump::Minor, format!("new method `{}`", op.method)),
    )
}

pub fn operation_removed(op: &Op) -> Change {
    change(
        String::new(),
        ChangeKind::OperationRemoved,
        None,
        String::new(),
    )
    .rules(
        (Wire::Breaking, "its callers get an error"),
        (Bump::Major, format!("method `{}` removed", op.method)),
    )
}

pub fn operation_moved(op: &Op, old_path: &str, new_path: &str) -> Change {
    change(
        String::new(),
        ChangeKind::OperationMoved,
        None,
        format!("`{old_path}` → `{new_path}`"),
    )
    .rules(
        (
            Wire::Compatible,
            "the same operation: only the version segment, path parameter names or a bound object type differ",
        ),
        (Bump::Patch, format!("none: `{}` sends the new path", op.method)),
    )
}

pub fn operation_renamed(old: &Op, new: &Op) -> Change {
    change(
        String::new(),
        ChangeKind::OperationRenamed,
        None,
        format!("`{}` → `{}`", old.method, new.method),
    )
    .rules(
        NO_WIRE,
        (
            Bump::Major,
            format!("method `{}` is now `{}`", old.method, new.method),
        ),
    )
}

// Parameters.

/// Where a caller gives a parameter in the generated Rust.
pub fn param_home(p: &Parameter, op: &Op) -> String {
    let name = p.rust_name.bare();
    match &p.binding {
        Binding::Fixed { value } => format!("nothing: the client writes `{value}`"),
        Binding::Api => format!("argument `{name}` of `{}`", op.accessor),
        Binding::Call if p.required => format!("argument `{name}` of `{}`", op.method),
        Binding::Call if op.emitted.optional_param_setter => {
            format!("setter `.{name}()` of `{}`", op.builder)
        }
        Binding::Call => format!("argument `{name}` of `{}`", op.method),
    }
}

/// A parameter the caller never sees: fixed by the spec.
fn hidden(p: &Parameter) -> bool {
    matches!(p.binding, Binding::Fixed { .. })
}

pub fn parameter_added(place: &Place, p: &Parameter, op: &Op) -> Change {
    let wire = if p.required {
        (Wire::Breaking, "existing callers do not send it")
    } else {
        (
            Wire::Compatible,
            "an optional parameter; callers may leave it out",
        )
    };
    let new_setter = !p.required && p.binding == Binding::Call && op.emitted.optional_param_setter;
    let rust = if hidden(p) {
        (Bump::Patch, param_home(p, op))
    } else if new_setter {
        (Bump::Minor, format!("new {}", param_home(p, op)))
    } else {
        (Bump::Major, format!("new {}", param_home(p, op)))
    };
    on_place(place, ChangeKind::ParameterAdded, required_word(p.required)).rules(wire, rust)
}

pub fn parameter_removed(place: &Place, p: &Parameter, op: &Op) -> Change {
    let rust = if hidden(p) {
        (Bump::Patch, param_home(p, op))
    } else {
        (Bump::Major, format!("{} removed", param_home(p, op)))
    };
    on_place(
        place,
        ChangeKind::ParameterRemoved,
        required_word(p.required),
    )
    .rules(
        (
            Wire::Warning,
            "what callers send in it is ignored or rejected",
        ),
        rust,
    )
}

/// The Rust side of a parameter made required or optional: its home moves
/// (argument ↔ setter) unless the caller never passes it.
fn home_moved(old: &Parameter, new: &Parameter, op: &Op) -> RustRule {
    if hidden(new) || new.binding == Binding::Api {
        (Bump::Patch, param_home(new, op))
    } else {
        let was = param_home(old, op);
        (
            Bump::Major,
            format!("{was} becomes {}", param_home(new, op)),
        )
    }
}

pub fn parameter_made_required(place: &Place, old: &Parameter, new: &Parameter, op: &Op) -> Change {
    let rust = home_moved(old, new, op);
    on_place(place, ChangeKind::ParameterMadeRequired, String::new()).rules(
        (Wire::Breaking, "callers that leave it out are rejected"),
        rust,
    )
}

pub fn parameter_made_optional(place: &Place, old: &Parameter, new: &Parameter, op: &Op) -> Change {
    let rust = home_moved(old, new, op);
    on_place(place, ChangeKind::ParameterMadeOptional, String::new())
        .rules((Wire::Compatible, "callers that send it still may"), rust)
}

/// A parameter's binding changed (fixed, passed to the method, or to the
/// API's accessor).
pub fn parameter_binding(place: &Place, old: &Parameter, new: &Parameter, op: &Op) -> Change {
    let (kind, wire) = match (&old.binding, &new.binding) {
        (_, Binding::Fixed { .. }) => (
            ChangeKind::ParameterBound,
            (Wire::Breaking, "only the one fixed value is accepted now"),
        ),
        (Binding::Fixed { .. }, _) => (
            ChangeKind::ParameterFreed,
            (
                Wire::Compatible,
                "any value is accepted, the old one included",
            ),
        ),
        _ => (
            ChangeKind::ParameterBindingChanged,
            (Wire::Compatible, "the request is the same"),
        ),
    };
    let detail = format!(
        "{} → {}",
        binding_word(&old.binding),
        binding_word(&new.binding)
    );
    let rust = match (&old.binding, &new.binding) {
        (_, Binding::Fixed { value }) if !hidden(old) => {
            format!(
                "{} removed: the client writes `{value}`",
                param_home(old, op)
            )
        }
        (Binding::Fixed { value }, _) if !hidden(new) => {
            format!("new {} (the client wrote `{value}`)", param_home(new, op))
        }
        _ => format!("{} becomes {}", param_home(old, op), param_home(new, op)),
    };
    on_place(place, kind, detail).rules(wire, (Bump::Major, rust))
}

/// A literal path segment that became a parameter (`freed`), or the reverse.
pub fn path_literal(place: &Place, literal: &str, p: &Parameter, freed: bool, op: &Op) -> Change {
    let home = param_home(p, op);
    let (kind, detail, wire, rust) = if freed {
        (
            ChangeKind::ParameterFreed,
            format!("`{literal}` → {}", binding_word(&p.binding)),
            (
                Wire::Compatible,
                "the old path is one value of the new parameter",
            ),
            format!("new {home} (the path held `{literal}`)"),
        )
    } else {
        (
            ChangeKind::ParameterBound,
            format!("{} → `{literal}`", binding_word(&p.binding)),
            (
                Wire::Breaking,
                "only the one value in the path is accepted now",
            ),
            format!("{home} removed: the path holds `{literal}`"),
        )
    };
    on_place(place, kind, detail).rules(wire, (Bump::Major, rust))
}

fn binding_word(b: &Binding) -> String {
    match b {
        Binding::Call => "passed by the caller".into(),
        Binding::Fixed { value } => format!("fixed to `{value}`"),
        Binding::Api => "passed to the API accessor".into(),
    }
}

fn required_word(required: bool) -> String {
    if required { "required" } else { "optional" }.into()
}

// Request bodies.

pub fn body_added(place: &Place, required: bool, rust_ty: &str, op: &Op) -> Change {
    let (wire, rust) = if required {
        (
            (Wire::Breaking, "existing callers do not send it"),
            (
                Bump::Major,
                format!("new argument `body: {rust_ty}` of `{}`", op.method),
            ),
        )
    } else {
        let bump = if op.emitted.optional_param_setter {
            Bump::Minor
        } else {
            Bump::Major
        };
        (
            (
                Wire::Compatible,
                "an optional body; callers may leave it out",
            ),
            (
                bump,
                format!("new setter `.body({rust_ty})` of `{}`", op.builder),
            ),
        )
    };
    on_place(place, ChangeKind::BodyAdded, required_word(required)).rules(wire, rust)
}

pub fn body_removed(place: &Place, required: bool, op: &Op) -> Change {
    let home = if required {
        format!("argument `body` of `{}`", op.method)
    } else {
        format!("setter `.body()` of `{}`", op.builder)
    };
    on_place(place, ChangeKind::BodyRemoved, required_word(required)).rules(
        (Wire::Breaking, "the body callers send is no longer read"),
        (Bump::Major, format!("{home} removed")),
    )
}

pub fn body_required(place: &Place, required: bool, op: &Op) -> Change {
    let arg = format!("argument `body` of `{}`", op.method);
    let setter = format!("setter `.body()` of `{}`", op.builder);
    if required {
        on_place(place, ChangeKind::BodyMadeRequired, String::new()).rules(
            (Wire::Breaking, "callers that leave it out are rejected"),
            (Bump::Major, format!("{setter} becomes {arg}")),
        )
    } else {
        on_place(place, ChangeKind::BodyMadeOptional, String::new()).rules(
            (Wire::Compatible, "callers that send it still may"),
            (Bump::Major, format!("{arg} becomes {setter}")),
        )
    }
}

// Properties.

/// A property as the rules need it.
#[derive(Debug, Clone)]
pub struct Prop<'a> {
    /// The struct (Rust name) that has it.
    pub owner: &'a str,
    /// The Rust field name.
    pub rust_name: &'a str,
    /// The Rust type of the field as emitted.
    pub rust_ty: String,
    /// Listed in `required`.
    pub required: bool,
    /// The struct derives `Default` after the change (every field optional).
    pub defaults: bool,
    /// The struct is `#[non_exhaustive]` after the change.
    pub non_exhaustive: bool,
    /// Callers build the struct with `new` and setters after the change.
    pub built: bool,
}

impl Prop<'_> {
    fn field(&self) -> String {
        format!("`{}::{}`", self.owner, self.rust_name)
    }
}

pub fn property_added(place: &Place, p: &Prop) -> Change {
    let wire = by_dir(
        place,
        if p.required {
            (Wire::Breaking, "existing callers do not send it")
        } else {
            (
                Wire::Compatible,
                "an optional property; callers may leave it out",
            )
        },
        (
            Wire::Compatible,
            "existing callers ignore a property they do not know",
        ),
    );
    let field = format!("new field {}: `{}`", p.field(), p.rust_ty);
    let rust = if p.required && p.built {
        (Bump::Major, format!("{field}; `{}::new` takes it", p.owner))
    } else if p.required {
        (Bump::Major, format!("{field}; struct literals must set it"))
    } else if p.built {
        (
            Bump::Minor,
            format!(
                "{field} (`{}` is `#[non_exhaustive]`; set it with a new setter)",
                p.owner
            ),
        )
    } else if p.non_exhaustive {
        (
            Bump::Minor,
            format!("{field} (`{}` is `#[non_exhaustive]`)", p.owner),
        )
    } else {
        let unless = if p.defaults {
            " unless they end in `..Default::default()`"
        } else {
            ""
        };
        (
            Bump::Major,
            format!(
                "{field}; struct literals of `{}` stop compiling{unless} (not `#[non_exhaustive]`)",
                p.owner
            ),
        )
    };
    on_place(place, ChangeKind::PropertyAdded, required_word(p.required)).rules(wire, rust)
}

pub fn property_removed(place: &Place, p: &Prop) -> Change {
    let wire = by_dir(
        place,
        (
            Wire::Warning,
            "what callers send in it is ignored or rejected",
        ),
        if p.required {
            (Wire::Breaking, "callers that read it no longer get it")
        } else {
            (
                Wire::Warning,
                "callers that read it get nothing from now on",
            )
        },
    );
    on_place(
        place,
        ChangeKind::PropertyRemoved,
        required_word(p.required),
    )
    .rules(wire, (Bump::Major, format!("field {} removed", p.field())))
}

/// The Rust side of a change that may turn a value into an `Option` or back.
fn option_rule(owner: &str, old_ty: &str, new_ty: &str) -> RustRule {
    if old_ty == new_ty {
        (
            Bump::Patch,
            format!("none: the type of {owner} stays `{new_ty}`"),
        )
    } else {
        (
            Bump::Major,
            format!("the type of {owner} changes: `{old_ty}` → `{new_ty}`"),
        )
    }
}

pub fn property_required(place: &Place, required: bool, old_ty: &str, new_ty: &str) -> Change {
    let (kind, wire) = if required {
        let wire = by_dir(
            place,
            (Wire::Breaking, "callers that leave it out are rejected"),
            (Wire::Compatible, "callers now always get it"),
        );
        (ChangeKind::PropertyMadeRequired, wire)
    } else {
        let wire = by_dir(
            place,
            (Wire::Compatible, "callers that send it still may"),
            (
                Wire::Breaking,
                "callers that rely on it may no longer get it",
            ),
        );
        (ChangeKind::PropertyMadeOptional, wire)
    };
    let rust = option_rule(&place.owner, old_ty, new_ty);
    on_place(place, kind, String::new()).rules(wire, rust)
}

pub fn nullability(place: &Place, nullable: bool, old_ty: &str, new_ty: &str) -> Change {
    let (kind, wire) = if nullable {
        let wire = by_dir(
            place,
            (Wire::Compatible, "callers that never send null still may"),
            (Wire::Breaking, "callers may get null"),
        );
        (ChangeKind::MadeNullable, wire)
    } else {
        let wire = by_dir(
            place,
            (Wire::Breaking, "callers that send null are rejected"),
            (Wire::Compatible, "callers no longer get null"),
        );
        (ChangeKind::MadeNonNullable, wire)
    };
    let rust = option_rule(&place.owner, old_ty, new_ty);
    on_place(place, kind, String::new()).rules(wire, rust)
}

/// A value of another type. `widened`: every old value is a valid new one;
/// `narrowed`: every new value is a valid old one.
pub struct Retype {
    /// The old type, on the wire.
    pub old: String,
    /// The new type, on the wire.
    pub new: String,
    /// The old Rust type.
    pub old_rust: String,
    /// The new Rust type.
    pub new_rust: String,
    /// Every old value is a valid new one.
    pub widened: bool,
    /// Every new value is a valid old one.
    pub narrowed: bool,
}

pub fn retyped(place: &Place, r: &Retype) -> Change {
    let wire = by_dir(
        place,
        if r.widened {
            (
                Wire::Compatible,
                "every value callers send is still accepted",
            )
        } else {
            (Wire::Breaking, "values callers send may be rejected")
        },
        if r.narrowed {
            (Wire::Compatible, "every value callers get was valid before")
        } else {
            (Wire::Breaking, "callers may get values they cannot read")
        },
    );
    let rust = if r.old_rust == r.new_rust {
        (
            Bump::Patch,
            format!("none: the type of {} stays `{}`", place.owner, r.new_rust),
        )
    } else {
        (
            Bump::Major,
            format!(
                "the type of {} changes: `{}` → `{}`",
                place.owner, r.old_rust, r.new_rust
            ),
        )
    };
    on_place(place, ChangeKind::Retyped, format!("{} → {}", r.old, r.new)).rules(wire, rust)
}

// Enums and unions.

pub fn enum_value(
    place: &Place,
    ty: &str,
    value: &str,
    variant: &str,
    added: bool,
    emitted: &Emitted,
) -> Change {
    let variant = format!("`{ty}::{variant}`");
    if added {
        let response = if emitted.enum_unknown {
            "callers may get a value they were not told about (the generated client keeps it in `Unknown`)"
        } else {
            "callers may get a value they were not told about"
        };
        let wire = by_dir(
            place,
            (Wire::Compatible, "callers may send one more value"),
            (Wire::Warning, response),
        );
        let decoded = if emitted.enum_unknown {
            format!("; `{value}` decoded as `{ty}::Unknown` before")
        } else {
            String::new()
        };
        let rust = variant_added(emitted.enum_non_exhaustive, ty, &variant, &decoded);
        on_place(place, ChangeKind::EnumValueAdded, format!("`{value}`")).rules(wire, rust)
    } else {
        on_place(place, ChangeKind::EnumValueRemoved, format!("`{value}`")).rules(
            removed(place),
            (Bump::Major, format!("variant {variant} removed")),
        )
    }
}

pub fn union_variant(
    place: &Place,
    ty: &str,
    variant: &str,
    added: bool,
    emitted: &Emitted,
) -> Change {
    let name = format!("`{ty}::{variant}`");
    if added {
        let wire = by_dir(
            place,
            (Wire::Compatible, "callers may send one more shape"),
            (
                Wire::Warning,
                "callers may get a shape they were not told about",
            ),
        );
        let rust = variant_added(emitted.union_non_exhaustive, ty, &name, "");
        on_place(place, ChangeKind::VariantAdded, format!("`{variant}`")).rules(wire, rust)
    } else {
        on_place(place, ChangeKind::VariantRemoved, format!("`{variant}`")).rules(
            removed(place),
            (Bump::Major, format!("variant {name} removed")),
        )
    }
}

/// A new `variant` of the enum `ty` (`decoded`: how its value read before):
/// a minor change where `ty` is `#[non_exhaustive]`.
fn variant_added(non_exhaustive: bool, ty: &str, variant: &str, decoded: &str) -> RustRule {
    if non_exhaustive {
        (Bump::Minor, format!("new variant {variant}{decoded}"))
    } else {
        (
            Bump::Major,
            format!("new variant {variant}: exhaustive `match`es on `{ty}` stop compiling (not `#[non_exhaustive]`){decoded}"),
        )
    }
}

/// A value or variant gone: callers that send it are rejected.
fn removed(place: &Place) -> WireRule {
    by_dir(
        place,
        (Wire::Breaking, "callers that send it are rejected"),
        (Wire::Compatible, "callers no longer get it"),
    )
}

pub fn type_renamed(place: &Place, old: &str, new: &str) -> Change {
    on_place(place, ChangeKind::TypeRenamed, format!("`{old}` → `{new}`")).rules(
        (Wire::Compatible, "schema names are not on the wire"),
        (Bump::Major, format!("type `{old}` is now `{new}`")),
    )
}

// Responses.

/// What a status is in the generated Rust: a variant of the output enum, or
/// nothing (one output type for every 2xx, or an error).
pub enum StatusHome<'a> {
    /// The output does not name statuses.
    Nothing(&'static str),
    /// The variant `variant` of the output enum `ty`.
    Variant { ty: &'a str, variant: &'a str },
}

pub fn status(
    at: String,
    success: bool,
    added: bool,
    home: StatusHome,
    emitted: &Emitted,
) -> Change {
    let wire = match (success, added) {
        (true, true) => (
            Wire::Warning,
            "callers may get a success status they were not told about",
        ),
        (true, false) => (Wire::Compatible, "callers no longer get it"),
        (false, _) => (
            Wire::Compatible,
            "an error status; callers handle errors already",
        ),
    };
    let rust = match home {
        StatusHome::Nothing(why) => (Bump::Patch, format!("none: {why}")),
        StatusHome::Variant { ty, variant } if added => {
            if emitted.output_non_exhaustive {
                (Bump::Minor, format!("new variant `{ty}::{variant}`"))
            } else {
                (
                    Bump::Major,
                    format!("new variant `{ty}::{variant}`: exhaustive `match`es stop compiling (not `#[non_exhaustive]`)"),
                )
            }
        }
        StatusHome::Variant { ty, variant } => {
            (Bump::Major, format!("variant `{ty}::{variant}` removed"))
        }
    };
    let kind = if added {
        ChangeKind::StatusAdded
    } else {
        ChangeKind::StatusRemoved
    };
    let class = if success { "success" } else { "error" };
    change(at, kind, Some(Direction::Response), class.into()).rules(wire, rust)
}

pub fn output_changed(op: &Op, old: &str, new: &str) -> Change {
    change(
        "response".into(),
        ChangeKind::OutputChanged,
        Some(Direction::Response),
        format!("`{old}` → `{new}`"),
    )
    .rules(
        (
            Wire::Compatible,
            "the statuses and bodies are compared on their own",
        ),
        (
            Bump::Major,
            format!("`{}` returns `{new}` instead of `{old}`", op.method),
        ),
    )
}
