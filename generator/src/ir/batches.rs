//! HubSpot's batch convention.

use super::{Step, TypeRef};
use schemars::JsonSchema;
use serde::Serialize;

/// HubSpot's batch convention: the body's `inputs` list, at most `chunk`
/// per request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Batch {
    /// Rust name of the body's input list.
    pub inputs: String,
    /// Type of one input.
    pub input: TypeRef,
    /// Largest number of inputs per request.
    pub chunk: u32,
    /// A body list that lowers the limit to `history_chunk` when not empty
    /// (`propertiesWithHistory`).
    pub history: Option<Step>,
    /// The limit when `history` is not empty.
    pub history_chunk: u32,
    /// How results and per-item errors are read from each success body.
    pub outputs: Vec<BatchOutput>,
    /// Type of one result (`None`: the batch returns no body).
    pub item: Option<TypeRef>,
    /// Type of one per-item error.
    pub error: Option<TypeRef>,
    /// How a result tells which input it answers.
    pub keys: BatchKeys,
}

/// The fields that tell which input of a batch request a result answers:
/// each pair is (the input's field, the result's field).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BatchKeys {
    /// A trace id (`objectWriteTraceId`): an optional text field of the
    /// input, which the client fills when the caller left it empty, echoed
    /// by the result.
    pub trace: Option<(Step, Step)>,
    /// The record id (`id`) an input names and its result carries.
    pub id: Option<(Step, Step)>,
    /// An optional `idProperty` of the input and of the request body: when
    /// set, an input's `id` is a value of that property, not a record id,
    /// and `id` does not pair it.
    pub id_property: (Option<Step>, Option<Step>),
}

/// How one success body of a batch yields its results and errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BatchOutput {
    /// Variant of the per-status output enum (`None` for a single output).
    pub variant: Option<String>,
    /// From the body to its results.
    pub results: Vec<Step>,
    /// From the body to its per-item errors.
    pub errors: Option<Vec<Step>>,
    /// From the body to `numErrors`.
    pub num_errors: Option<Vec<Step>>,
}
