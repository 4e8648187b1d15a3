//! What the `xtask` commands and the bench (`hubspot-bench`) share: the
//! error type of a command ([`error`]), the table of HubSpot's published
//! specs and our spec of each ([`published`]), and the workspace's target
//! folder ([`target_dir`]).

pub mod error;
pub mod published;

use std::path::{Path, PathBuf};

/// The workspace's target folder: `CARGO_TARGET_DIR`, else `target/`
/// under `root`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}
