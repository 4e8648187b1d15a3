//! HubSpot's cursor paging, and the field accesses that reach its values.

use super::TypeRef;
use schemars::JsonSchema;
use serde::Serialize;

/// One field access on the way to a value: `page.paging?.next?.after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Step {
    /// Rust field name.
    pub field: String,
    /// The field is an `Option`.
    pub optional: bool,
}

/// Where a paged operation takes its cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "in", rename_all = "snake_case")]
pub enum Cursor {
    /// An optional query parameter (builder field `field`).
    Query {
        /// Rust name of the parameter.
        field: String,
    },
    /// A field of the JSON body (searches).
    Body {
        /// Rust name of the body field.
        field: String,
        /// The field is an `Option`.
        optional: bool,
    },
}

/// HubSpot's cursor paging: the response holds `results` and
/// `paging.next.after`, which the next request sends as `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Paging {
    /// Where the cursor goes in the request.
    pub cursor: Cursor,
    /// The type of one item.
    pub item: TypeRef,
    /// From the page to its item list.
    pub results: Vec<Step>,
    /// From the page to the next cursor.
    pub next: Vec<Step>,
    /// The number of results the API serves at most (10,000 for searches).
    pub ceiling: Option<u32>,
}
