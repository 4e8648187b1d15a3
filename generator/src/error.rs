//! The generator's error type: every failure names the file and the place in it.

use std::fmt;
use std::path::PathBuf;

/// A place in an input document: the file, a JSON pointer and, when it could
/// be found in the source text, a line and column (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, as given to the generator.
    pub file: PathBuf,
    /// JSON pointer (RFC 6901) into the document, `""` for the root.
    pub pointer: String,
    /// Line and column of the pointed-to value, when known.
    pub position: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, " at #{}", self.pointer)
    }
}

/// Everything that can go wrong while generating.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A document is not well-formed YAML or JSON.
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A `$ref` points nowhere.
    #[error("{at}: unresolved $ref `{reference}`: {reason}")]
    Reference {
        /// Where the `$ref` is.
        at: Box<Location>,
        /// The reference as written.
        reference: String,
        /// Why it does not resolve.
        reason: String,
    },
    /// The document is valid YAML/JSON but not something the generator can use.
    #[error("{at}{}: {message}", operation.as_ref().map(|o| format!(" (operation {o})")).unwrap_or_default())]
    Spec {
        /// Where the problem is.
        at: Box<Location>,
        /// The operation being lowered, if any (`GET /crm/v3/objects/contacts`).
        operation: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// A construct the generator does not support.
    #[error("{at}{}: unsupported: {construct}", operation.as_ref().map(|o| format!(" (operation {o})")).unwrap_or_default())]
    Unsupported {
        /// Where the construct is.
        at: Box<Location>,
        /// The operation being lowered, if any.
        operation: Option<String>,
        /// The construct, e.g. `keyword \`not\``.
        construct: String,
    },
    /// Emitted Rust did not parse (a generator bug, reported instead of a panic).
    #[error("internal error: generated code for {what} does not parse: {message}")]
    Emit {
        /// The file or item being emitted.
        what: String,
        /// The parser's message.
        message: String,
    },
    /// A template failed to render.
    #[error("internal error: template {name}: {message}")]
    Template {
        /// The template name.
        name: String,
        /// The renderer's message.
        message: String,
    },
}

impl Error {
    /// Attaches the operation to a spec-level error that does not name one yet.
    pub fn in_operation(self, op: &str) -> Self {
        match self {
            Error::Spec {
                at,
                operation: None,
                message,
            } => Error::Spec {
                at,
                operation: Some(op.to_string()),
                message,
            },
            Error::Unsupported {
                at,
                operation: None,
                construct,
            } => Error::Unsupported {
                at,
                operation: Some(op.to_string()),
                construct,
            },
            other => other,
        }
    }
}

impl Error {
    /// Adds, to a spec-level error about an object reached through
    /// `$ref`s, where they are, in the order followed: the fault may be a
    /// reference, not the object (a `$ref` to the wrong place). Nothing is
    /// added when `refs` is empty.
    pub fn through(self, refs: Vec<Box<Location>>) -> Self {
        let places: Vec<String> = refs.iter().map(|r| r.to_string()).collect();
        let via = |text: String| match places.as_slice() {
            [] => text,
            [one] => format!("{text} (reached through the $ref at {one})"),
            more => format!(
                "{text} (reached through the $refs at {})",
                more.join(", then ")
            ),
        };
        match self {
            Error::Spec {
                at,
                operation,
                message,
            } => Error::Spec {
                at,
                operation,
                message: via(message),
            },
            Error::Unsupported {
                at,
                operation,
                construct,
            } => Error::Unsupported {
                at,
                operation,
                construct: via(construct),
            },
            other => other,
        }
    }
}

/// A short description of a JSON value for error messages: a string or a
/// number as written, otherwise its type (`an object`).
pub(crate) fn describe(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::String(s) if s.chars().count() > 40 => {
            format!("\"{}…\"", s.chars().take(40).collect::<String>())
        }
        Value::String(_) | Value::Number(_) | Value::Bool(_) => value.to_string(),
        Value::Null => "null".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The generator's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A warning: the input had a fault the generator worked around. The output
/// is still correct Rust, but less precise than the document meant (for
/// example an unresolved `$ref` typed as `serde_json::Value`), so callers
/// should show these to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the fault is.
    pub at: Box<Location>,
    /// The operation being lowered, if any (`GET /crm/v3/objects/contacts`).
    pub operation: Option<String>,
    /// What is wrong and what the generator did about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.at)?;
        if let Some(op) = &self.operation {
            write!(f, " (operation {op})")?;
        }
        write!(f, ": {}", self.message)
    }
}
