//! The crates of the output, decided once by `lower::layout` and read by
//! emit: a facade crate (the package the user names) over the runtime, the
//! fake HubSpot and one crate per module (each API, each shared module and
//! the typed properties), so that cargo builds them in parallel and rebuilds
//! only those whose spec changed.

use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Every crate of the output under the facade.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Layout {
    /// The hand-written runtime.
    pub runtime: Member,
    /// The fake HubSpot for users' tests (the facade's `test-util` feature).
    pub fake: Member,
    /// The crate of each module, by module.
    pub members: BTreeMap<String, Member>,
}

impl Layout {
    /// The crate of `module`, which `lower::layout` gave every module of
    /// the crate.
    pub fn member(&self, module: &str) -> &Member {
        &self.members[module]
    }
}

/// A crate of the output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Member {
    /// Package name (`hubspot-client-contacts`).
    pub package: String,
    /// Folder under `crates/` (`contacts`).
    pub dir: String,
    /// The modules whose crates it uses: their types, or their builders.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub uses: BTreeSet<String>,
    /// The facade's features that need it, directly or through another
    /// crate; empty when it is always built.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

impl Member {
    /// The name Rust code uses (`hubspot_client_contacts`): cargo's rule
    /// for a package's library.
    pub fn ident(&self) -> String {
        self.package.replace('-', "_")
    }
}
