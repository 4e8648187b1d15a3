//! What the fake received and stored, for tests to assert on.

use serde_json::Value;
use std::collections::HashMap;

/// One request the fake received.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Recorded {
    /// `GET`, `POST`…
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, without `?` (empty when none).
    pub query: String,
    /// The JSON body (`Null` when none or not JSON).
    pub body: Value,
    /// The status answered; `None` while in flight, or when the connection
    /// was dropped or timed out by a fault.
    pub status: Option<u16>,
    /// The `Authorization` header was there.
    pub authorized: bool,
}

impl Recorded {
    pub(crate) fn new(
        method: &hyper::Method,
        uri: &hyper::Uri,
        headers: &hyper::HeaderMap,
        body: &[u8],
    ) -> Self {
        Recorded {
            method: method.to_string(),
            path: uri.path().to_string(),
            query: uri.query().unwrap_or_default().to_string(),
            body: serde_json::from_slice(body).unwrap_or(Value::Null),
            status: None,
            authorized: headers.contains_key(hyper::header::AUTHORIZATION),
        }
    }

    /// Whether it is a `method` request whose path ends with `suffix`
    /// (`("POST", "/batch/create")`).
    pub fn is(&self, method: &str, suffix: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && self.path.ends_with(suffix)
    }
}

/// The contacts the fake stored: how many, and how many per email.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Contacts stored (archived ones included).
    pub records: usize,
    emails: HashMap<String, usize>,
}

impl Ledger {
    pub(crate) fn new(records: usize, emails: HashMap<String, usize>) -> Self {
        Ledger { records, emails }
    }

    /// The emails of `expected` that no stored contact has.
    pub fn missing<'a>(&self, expected: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        expected
            .into_iter()
            .filter(|e| !self.emails.contains_key(*e))
            .map(str::to_owned)
            .collect()
    }

    /// How many different emails the stored contacts have.
    pub fn distinct(&self) -> usize {
        self.emails.len()
    }

    /// Emails stored more than once, sorted.
    pub fn duplicated(&self) -> Vec<String> {
        let mut twice: Vec<String> = self
            .emails
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(e, _)| e.clone())
            .collect();
        twice.sort();
        twice
    }
}
