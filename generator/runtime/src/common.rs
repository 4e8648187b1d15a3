//! What the runtime and the generator must agree on: the generator reads
//! this file too (`#[path]` in its `lib.rs`), so a rule stated here holds
//! for generated code, its docs and the runtime alike.

/// Whether a request of this HTTP method (upper case) leaves the same state
/// when sent twice, so that a timeout or a 5xx may be retried. A POST is
/// not, unless the operation says it only reads or is idempotent.
pub(crate) fn idempotent_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS")
}

/// `10000` as `10,000`.
pub(crate) fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a path segment is an API version: `v` and digits, maybe with
/// `alpha` or `beta` and digits (`v3`, `v4beta`, `v1beta2`), or a date
/// (`2026-09`, `2026-09-15`). The one classifier of versions in paths: the
/// generator's, for the paths of specs, and the runtime's, for what traces
/// show of a raw request's path (where anything looser could show a value).
pub(crate) fn is_version(segment: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = segment.strip_prefix('v') {
        let tail = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let major = &rest[..rest.len() - tail.len()];
        let stage = ["alpha", "beta"].iter().find_map(|s| tail.strip_prefix(s));
        return digits(major)
            && (tail.is_empty() || stage.is_some_and(|n| n.is_empty() || digits(n)));
    }
    let parts: Vec<&str> = segment.split('-').collect();
    match parts.as_slice() {
        [y, m] => y.len() == 4 && m.len() == 2 && digits(y) && digits(m),
        [y, m, d] => {
            y.len() == 4 && m.len() == 2 && d.len() == 2 && digits(y) && digits(m) && digits(d)
        }
        _ => false,
    }
}
