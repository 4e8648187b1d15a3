//! The two sides of a comparison: a spec file, a folder of specs, or one
//! version of a folder laid out like `specs/` (`specs@v3`).

use crate::error::{Error, Result};
use crate::{ir, Config};
use std::path::{Path, PathBuf};

/// One side, as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// A spec file or a folder.
    pub path: PathBuf,
    /// The version to take from a folder laid out like `specs/`.
    pub version: Option<String>,
    /// How the side is shown in the report.
    pub label: String,
}

impl Source {
    /// Reads `PATH` or `PATH@VERSION`. A path that exists is taken whole,
    /// so a folder whose name holds an `@` still works.
    pub fn parse(arg: &str, cwd: &Path) -> Source {
        let whole = cwd.join(arg);
        let split = arg.rsplit_once('@').filter(|(path, version)| {
            !whole.exists() && !path.is_empty() && !version.is_empty() && !version.contains('/')
        });
        match split {
            Some((path, version)) => Source {
                path: cwd.join(path),
                version: Some(version.to_string()),
                label: arg.to_string(),
            },
            None => Source {
                path: whole,
                version: None,
                label: arg.to_string(),
            },
        }
    }

    /// The generator's configuration for this side. Types are not shared
    /// between APIs: the comparison walks each API's own types.
    pub fn config(&self) -> Result<Config> {
        let meta = std::fs::metadata(&self.path).map_err(|source| Error::Io {
            path: self.path.clone(),
            source,
        })?;
        let mut config = if meta.is_file() {
            if self.version.is_some() {
                return Err(self.invalid("a version can only be taken from a folder"));
            }
            plain(vec![self.path.clone()])
        } else if self.path.join("versions.yaml").is_file() {
            let mut config = crate::bundled_config(&self.path)?;
            if let Some(version) = &self.version {
                config.versions.retain(|v| &v.name == version);
                let Some(only) = config.versions.first_mut() else {
                    let known = crate::bundled_config(&self.path)?
                        .versions
                        .iter()
                        .map(|v| v.name.clone())
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(Error::Io {
                        path: self.path.join("versions.yaml"),
                        source: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            format!("no version `{version}` (it lists {known})"),
                        ),
                    });
                };
                only.default = true;
            }
            config
        } else {
            let dir = match &self.version {
                Some(version) => self.path.join(version),
                None => self.path.clone(),
            };
            let specs = crate::spec_files(&dir)?;
            if specs.is_empty() {
                return Err(self.invalid("no .yaml, .yml or .json spec in this folder"));
            }
            plain(specs)
        };
        config.share_types = false;
        Ok(config)
    }

    /// Lowers this side into the IR; a side without a single operation is
    /// an error (a JSON Schema, or a YAML file that is no OpenAPI document).
    pub fn lower(&self) -> Result<ir::Crate> {
        let krate = crate::build_ir(&self.config()?)?;
        if !krate.apis.iter().any(ir::Api::has_operations) {
            return Err(self.invalid("no operations: not an OpenAPI document with paths"));
        }
        Ok(krate)
    }

    fn invalid(&self, message: &str) -> Error {
        Error::Io {
            path: self.path.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, message.to_string()),
        }
    }
}

/// Specs given without a version.
fn plain(specs: Vec<PathBuf>) -> Config {
    Config {
        specs,
        versions: Vec::new(),
        name: "api-diff".into(),
        version: "0.0.0".into(),
        description: "api-diff".into(),
        share_types: false,
        properties: Vec::new(),
        publish: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_follows_the_last_at() {
        let s = Source::parse("no/such/specs@2026-09", Path::new("/"));
        assert_eq!(s.path, Path::new("/no/such/specs"));
        assert_eq!(s.version.as_deref(), Some("2026-09"));
        assert_eq!(s.label, "no/such/specs@2026-09");
        let s = Source::parse("no/such/file.yaml", Path::new("/"));
        assert_eq!(s.version, None);
    }

    #[test]
    fn a_missing_file_is_named() {
        let s = Source::parse("no/such/file.yaml", Path::new("/"));
        let e = s.config().expect_err("missing").to_string();
        assert!(e.contains("/no/such/file.yaml"), "{e}");
    }
}
