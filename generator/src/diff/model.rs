//! The report: what changed, per API and operation, each change with its
//! two classifications.

use serde::Serialize;
use std::fmt;

/// The whole comparison of two sides.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The old side, as named on the command line (`specs@v3`).
    pub old: String,
    /// The new side.
    pub new: String,
    /// What the generator emits, which the Rust classification assumes.
    pub emitted: super::Emitted,
    /// One entry per API present on either side, by accessor.
    pub apis: Vec<ApiReport>,
    /// The changes of the property definitions (`specs/properties/`),
    /// sorted by object and property.
    pub properties: Vec<super::properties::PropertyChange>,
    /// Counts over every API.
    pub summary: Summary,
}

/// The changes of one API.
#[derive(Debug, Clone, Serialize)]
pub struct ApiReport {
    /// Accessor on the client (`contacts`).
    pub accessor: String,
    /// The old side's version of the API (`v3`), if it has one; `None` when
    /// the API is new.
    pub old: Option<String>,
    /// The new side's version; `None` when the API was removed.
    pub new: Option<String>,
    /// Every operation that was added, removed, moved or changed, sorted
    /// by path and method; unchanged operations are left out.
    pub operations: Vec<OperationReport>,
    /// The operations on both sides with no change, sorted likewise (for
    /// the migration guide; not in the JSON).
    #[serde(skip)]
    pub unchanged: Vec<OperationReport>,
    /// Counts over this API.
    pub summary: Summary,
}

/// How an operation fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationStatus {
    /// Only on the new side.
    Added,
    /// Only on the old side.
    Removed,
    /// On both sides, under another path template.
    Moved,
    /// On both sides, under the same path template.
    Kept,
}

/// One operation with its changes.
#[derive(Debug, Clone, Serialize)]
pub struct OperationReport {
    /// Added, removed, moved or kept.
    pub status: OperationStatus,
    /// HTTP method (`GET`).
    pub method: String,
    /// Path template on the old side.
    pub old_path: Option<String>,
    /// Path template on the new side.
    pub new_path: Option<String>,
    /// The method a caller calls (`contacts().batch().create()`), on the new
    /// side (the old one for a removed operation).
    pub rust: String,
    /// The method a caller calls on the old side, if the operation is there.
    pub old_rust: Option<String>,
    /// Every change, sorted; the first is the addition, removal or move of
    /// the operation itself when there is one.
    pub changes: Vec<Change>,
}

impl OperationReport {
    /// The path shown for the operation: the new one, or the old one when it
    /// was removed.
    pub fn path(&self) -> &str {
        self.new_path
            .as_deref()
            .or(self.old_path.as_deref())
            .unwrap_or_default()
    }

    /// Whether the operation changed beyond being added, removed or moved.
    pub fn is_changed(&self) -> bool {
        self.changes.iter().any(|c| !c.kind.is_operation_level())
    }
}

/// Which way a value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The caller sends it (parameters, request body).
    Request,
    /// The caller receives it (a success response).
    Response,
}

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// The same operation under another path template.
    OperationMoved,
    /// The same operation under another Rust method or service.
    OperationRenamed,
    /// A new parameter.
    ParameterAdded,
    /// A parameter is gone.
    ParameterRemoved,
    /// An optional parameter became required.
    ParameterMadeRequired,
    /// A required parameter became optional.
    ParameterMadeOptional,
    /// A parameter the caller passed is now fixed by the spec.
    ParameterBound,
    /// A parameter the spec fixed is now passed by the caller.
    ParameterFreed,
    /// A parameter moved between the method and the API's accessor.
    ParameterBindingChanged,
    /// A new request body.
    BodyAdded,
    /// The request body is gone.
    BodyRemoved,
    /// An optional request body became required.
    BodyMadeRequired,
    /// A required request body became optional.
    BodyMadeOptional,
    /// A new property.
    PropertyAdded,
    /// A property is gone.
    PropertyRemoved,
    /// An optional property became required.
    PropertyMadeRequired,
    /// A required property became optional.
    PropertyMadeOptional,
    /// A value may now be `null`.
    MadeNullable,
    /// A value may no longer be `null`.
    MadeNonNullable,
    /// A value has another type.
    Retyped,
    /// A new enum value.
    EnumValueAdded,
    /// An enum value is gone.
    EnumValueRemoved,
    /// A new alternative of a `oneOf`/`anyOf`.
    VariantAdded,
    /// An alternative of a `oneOf`/`anyOf` is gone.
    VariantRemoved,
    /// The same schema under another Rust name.
    TypeRenamed,
    /// A new response status.
    StatusAdded,
    /// A response status is gone.
    StatusRemoved,
    /// What a successful call returns changed shape (one type or an enum by
    /// status).
    OutputChanged,
}

impl ChangeKind {
    /// Every kind, in declaration order.
    pub const ALL: [ChangeKind; 30] = [
        ChangeKind::OperationAdded,
        ChangeKind::OperationRemoved,
        ChangeKind::OperationMoved,
        ChangeKind::OperationRenamed,
        ChangeKind::ParameterAdded,
        ChangeKind::ParameterRemoved,
        ChangeKind::ParameterMadeRequired,
        ChangeKind::ParameterMadeOptional,
        ChangeKind::ParameterBound,
        ChangeKind::ParameterFreed,
        ChangeKind::ParameterBindingChanged,
        ChangeKind::BodyAdded,
        ChangeKind::BodyRemoved,
        ChangeKind::BodyMadeRequired,
        ChangeKind::BodyMadeOptional,
        ChangeKind::PropertyAdded,
        ChangeKind::PropertyRemoved,
        ChangeKind::PropertyMadeRequired,
        ChangeKind::PropertyMadeOptional,
        ChangeKind::MadeNullable,
        ChangeKind::MadeNonNullable,
        ChangeKind::Retyped,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
        ChangeKind::VariantAdded,
        ChangeKind::VariantRemoved,
        ChangeKind::TypeRenamed,
        ChangeKind::StatusAdded,
        ChangeKind::StatusRemoved,
        ChangeKind::OutputChanged,
    ];

    /// The addition, removal or move of a whole operation.
    pub fn is_operation_level(self) -> bool {
        matches!(
            self,
            ChangeKind::OperationAdded | ChangeKind::OperationRemoved | ChangeKind::OperationMoved
        )
    }

    /// The name used in JSON (`property_added`).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// What a change does to an existing caller of HubSpot (on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wire {
    /// Nothing an existing caller relies on changes.
    Compatible,
    /// An existing caller keeps working but may see something it has not
    /// been told about, or lose data silently.
    Warning,
    /// An existing caller's request may be rejected, or a response may not
    /// read as it used to.
    Breaking,
}

/// The semver bump a change of the generated crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    #[default]
    None,
    /// Behaviour or documentation only: no caller's code notices.
    Patch,
    /// Something new that no existing code can collide with.
    Minor,
    /// Existing code may stop compiling.
    Major,
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Wire::Compatible => "compatible",
            Wire::Warning => "warning",
            Wire::Breaking => "breaking",
        })
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// One change, classified twice.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Where: `request body`, `` query parameter `limit` ``, `response 200`,
    /// followed by the property path (`` `results[].properties` ``).
    pub at: String,
    /// What kind of change.
    pub kind: ChangeKind,
    /// Request or response, for values; `None` for the operation itself.
    pub direction: Option<Direction>,
    /// What it was and what it is, in a few words.
    pub detail: String,
    /// The wire classification.
    pub wire: Wire,
    /// Why, for the wire.
    pub wire_reason: String,
    /// The semver bump the generated crate needs.
    pub rust: Bump,
    /// What a caller's code sees.
    pub rust_effect: String,
}

impl Change {
    /// A change the wire does not mind and the generated crate does not
    /// absorb (it needs a major bump).
    pub fn not_absorbed(&self) -> bool {
        self.wire == Wire::Compatible && self.rust == Bump::Major
    }
}

/// Counts of a report or an API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Operations only on the new side.
    pub added: usize,
    /// Operations only on the old side.
    pub removed: usize,
    /// Operations under another path template.
    pub moved: usize,
    /// Operations on both sides with at least one change besides the move.
    pub changed: usize,
    /// Wire-breaking changes.
    pub breaking: usize,
    /// Wire warnings.
    pub warnings: usize,
    /// Wire-compatible changes the generated crate does not absorb.
    pub not_absorbed: usize,
    /// The semver bump the generated crate needs.
    pub rust: Bump,
    /// Changes of the property definitions.
    pub property_changes: usize,
}

impl Summary {
    /// The counts of `operations`.
    pub fn of(operations: &[OperationReport]) -> Summary {
        let mut s = Summary::default();
        for op in operations {
            match op.status {
                OperationStatus::Added => s.added += 1,
                OperationStatus::Removed => s.removed += 1,
                OperationStatus::Moved => s.moved += 1,
                OperationStatus::Kept => {}
            }
            if op.is_changed() {
                s.changed += 1;
            }
            s.add_changes(&op.changes);
        }
        s
    }

    fn add_changes(&mut self, changes: &[Change]) {
        for c in changes {
            self.count(c.wire, c.rust);
        }
    }

    /// Counts one change classified `wire` and `rust`.
    fn count(&mut self, wire: Wire, rust: Bump) {
        match wire {
            Wire::Breaking => self.breaking += 1,
            Wire::Warning => self.warnings += 1,
            Wire::Compatible => {}
        }
        if wire == Wire::Compatible && rust == Bump::Major {
            self.not_absorbed += 1;
        }
        self.rust = self.rust.max(rust);
    }

    /// The sum of two summaries.
    pub fn plus(self, other: Summary) -> Summary {
        Summary {
            added: self.added + other.added,
            removed: self.removed + other.removed,
            moved: self.moved + other.moved,
            changed: self.changed + other.changed,
            breaking: self.breaking + other.breaking,
            warnings: self.warnings + other.warnings,
            not_absorbed: self.not_absorbed + other.not_absorbed,
            rust: self.rust.max(other.rust),
            property_changes: self.property_changes + other.property_changes,
        }
    }

    /// These counts with the property definitions' `changes` added.
    pub fn with_properties(mut self, changes: &[super::properties::PropertyChange]) -> Summary {
        for c in changes {
            self.count(c.wire, c.rust);
        }
        self.property_changes += changes.len();
        self
    }

    /// `N operations added, N removed, N moved, N changed; N breaking`,
    /// then `; N property definition changes` when there are some.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} operations added, {} removed, {} moved, {} changed; {} breaking",
            self.added, self.removed, self.moved, self.changed, self.breaking
        );
        if self.property_changes > 0 {
            line.push_str(&format!(
                "; {} property definition changes",
                self.property_changes
            ));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::ChangeKind;

    /// A new kind must be added to `ALL` (and get a fixture pair in
    /// `tests/tests/api_diff.rs`): this match stops compiling until then.
    #[test]
    fn all_lists_every_kind() {
        for (i, kind) in ChangeKind::ALL.iter().enumerate() {
            let last = match kind {
                ChangeKind::OutputChanged => true,
                ChangeKind::OperationAdded
                | ChangeKind::OperationRemoved
                | ChangeKind::OperationMoved
                | ChangeKind::OperationRenamed
                | ChangeKind::ParameterAdded
                | ChangeKind::ParameterRemoved
                | ChangeKind::ParameterMadeRequired
                | ChangeKind::ParameterMadeOptional
                | ChangeKind::ParameterBound
                | ChangeKind::ParameterFreed
                | ChangeKind::ParameterBindingChanged
                | ChangeKind::BodyAdded
                | ChangeKind::BodyRemoved
                | ChangeKind::BodyMadeRequired
                | ChangeKind::BodyMadeOptional
                | ChangeKind::PropertyAdded
                | ChangeKind::PropertyRemoved
                | ChangeKind::PropertyMadeRequired
                | ChangeKind::PropertyMadeOptional
                | ChangeKind::MadeNullable
                | ChangeKind::MadeNonNullable
                | ChangeKind::Retyped
                | ChangeKind::EnumValueAdded
                | ChangeKind::EnumValueRemoved
                | ChangeKind::VariantAdded
                | ChangeKind::VariantRemoved
                | ChangeKind::TypeRenamed
                | ChangeKind::StatusAdded
                | ChangeKind::StatusRemoved => false,
            };
            assert_eq!(last, i + 1 == ChangeKind::ALL.len(), "{kind:?}");
            assert!(
                ChangeKind::ALL[..i].iter().all(|k| k != kind),
                "{kind:?} twice"
            );
        }
    }
}
