//! Keeping the JSON path of a decode error that happens inside a
//! discriminated union.
//!
//! A union reads its value whole before it knows the variant, so the path
//! tracking of the outer decode stops at the union. The union decodes the
//! variant with its own tracking and writes the inner path into the message
//! as ``at `inner.path`: message``; [`join`] puts the two paths back together.

use serde::de::DeserializeOwned;

/// Decodes a union variant from its buffered value, keeping the path of a
/// failure in the message.
pub fn variant<T: DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
    // Only a failure pays for tracking the path: decode again to find it.
    if let Ok(decoded) = T::deserialize(&value) {
        return Ok(decoded);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let (path, message) = join(&e.path().to_string(), &e.inner().to_string());
        if path.is_empty() || path == "." {
            E::custom(message)
        } else {
            E::custom(format!("at `{path}`: {message}"))
        }
    })
}

/// The full path and the message of an error found at `outer` whose message
/// may carry an inner path (``at `inner`: message``).
pub fn join(outer: &str, message: &str) -> (String, String) {
    let inner = message
        .strip_prefix("at `")
        .and_then(|rest| rest.split_once("`: "));
    let Some((inner, message)) = inner else {
        return (outer.to_string(), message.to_string());
    };
    let path = if outer.is_empty() || outer == "." {
        inner.to_string()
    } else if inner.starts_with('[') {
        format!("{outer}{inner}")
    } else {
        format!("{outer}.{inner}")
    };
    (path, message.to_string())
}
