//! `versions.yaml`: the API versions of a specs folder and their support
//! windows (see `specs/README.md`).

use crate::error::{Error, Location, Result};
use serde::Deserialize;
use std::path::Path;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionsFile {
    /// The version the client's own accessors speak.
    pub default: String,
    /// Every version, newest first; each is a folder beside the file.
    pub versions: Vec<VersionEntry>,
}

/// One version.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionEntry {
    /// As HubSpot writes it in paths (`2026-09`, `v3`), and the folder name.
    pub name: String,
    /// Released (Current from then on).
    #[serde(default)]
    pub released: Option<String>,
    /// Current until then, Supported afterwards.
    #[serde(default)]
    pub current_until: Option<String>,
    /// Supported until then, Unsupported afterwards.
    #[serde(default)]
    pub supported_until: Option<String>,
    /// What HubSpot says about it, in a sentence.
    #[serde(default)]
    pub note: Option<String>,
}

/// Reads `path`; an error names the file and, where YAML gives it, the line.
pub fn read(path: &Path) -> Result<VersionsFile> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file: VersionsFile = serde_yaml::from_str(&text).map_err(|e| Error::Spec {
        at: Box::new(Location {
            file: path.to_path_buf(),
            pointer: String::new(),
            position: e.location().map(|l| (l.line(), l.column())),
        }),
        operation: None,
        message: e.to_string(),
    })?;
    if !file.versions.iter().any(|v| v.name == file.default) {
        return Err(Error::Spec {
            at: Box::new(Location {
                file: path.to_path_buf(),
                pointer: "/default".into(),
                position: None,
            }),
            operation: None,
            message: format!("the default version `{}` is not listed", file.default),
        });
    }
    Ok(file)
}
