//! What can stop a command: a file that cannot be read or written, a program
//! that cannot be started or fails, a spec that is not JSON, or an input or
//! output that is not what the command expects of it.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum Error {
    /// Reading or writing `path` failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `program` could not be started.
    Spawn {
        program: String,
        source: std::io::Error,
    },
    /// `command` ran and failed; `stderr` is the end of what it printed.
    Failed { command: String, stderr: String },
    /// `path` is not the JSON document it should be.
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    /// Something the command reads or is given is not what it expects; the
    /// text says what.
    Unexpected(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An [`Error::Io`] on `path`, for `map_err`.
    pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An [`Error::Failed`] with the last `lines` lines of `stderr`.
    pub fn failed(command: String, stderr: &[u8], lines: usize) -> Error {
        let text = String::from_utf8_lossy(stderr);
        let mut tail: Vec<&str> = text.lines().rev().take(lines).collect();
        tail.reverse();
        Error::Failed {
            command,
            stderr: tail.join("\n"),
        }
    }
}

impl From<String> for Error {
    fn from(what: String) -> Error {
        Error::Unexpected(what)
    }
}

impl From<&str> for Error {
    fn from(what: &str) -> Error {
        Error::Unexpected(what.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Spawn { program, source } => write!(f, "cannot run {program}: {source}"),
            Error::Failed { command, stderr } => write!(f, "`{command}` failed:\n{stderr}"),
            Error::Json { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Unexpected(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } | Error::Spawn { source, .. } => Some(source),
            Error::Json { source, .. } => Some(source),
            Error::Failed { .. } | Error::Unexpected(_) => None,
        }
    }
}
