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
