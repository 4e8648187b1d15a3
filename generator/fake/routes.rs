//! Which endpoint a request is for: HubSpot's CRM object and association
//! paths, in v3 and in every date-based version.

use super::reply::{self, Reply};
use super::store::{object_type, Store};
use hyper::{Method, Uri};
use serde_json::Value;

/// A request, parsed.
pub(crate) struct Call {
    pub(crate) method: Method,
    /// The object type (or, for the Associations API, the source type).
    pub(crate) object_type: String,
    /// The path's segments after the object type (after both types for the
    /// Associations API).
    pub(crate) rest: Vec<String>,
    pub(crate) query: String,
    pub(crate) body: Value,
    /// A legacy v3 path (its association shapes differ).
    pub(crate) v3: bool,
}

impl Call {
    /// `value` of `name` in the query string (the last, percent-decoded).
    pub(crate) fn query(&self, name: &str) -> Option<String> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| decode(v, true))
            .next_back()
    }

    /// The path's segments after the object type, as `&str`s to match on.
    pub(crate) fn rest(&self) -> Vec<&str> {
        self.rest.iter().map(String::as_str).collect()
    }

    /// Every value of `name`, comma-separated or repeated.
    pub(crate) fn query_list(&self, name: &str) -> Vec<String> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(k, _)| *k == name)
            .flat_map(|(_, v)| {
                decode(v, true)
                    .split(',')
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// `value` percent-decoded; in a query, `+` is a space.
fn decode(value: &str, query: bool) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', hi, lo]) => hex(*hi).zip(hex(*lo)).map(|(h, l)| (h * 16 + l) as u8),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') if query => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A date-based version segment (`2026-09`).
fn is_date(segment: &str) -> bool {
    let b = segment.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

/// Answers one request.
pub(crate) fn route(store: &mut Store, method: &Method, uri: &Uri, body: &[u8]) -> Reply {
    let body: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(body) => body,
            Err(e) => {
                return reply::error(
                    400,
                    &format!("Invalid input JSON on line 1: {e}"),
                    "VALIDATION_ERROR",
                )
            }
        }
    };
    let path = uri.path();
    // Path segments arrive percent-encoded (`jane%40example.com`).
    let decoded: Vec<String> = path
        .trim_matches('/')
        .split('/')
        .map(|s| decode(s, false))
        .collect();
    let segments: Vec<&str> = decoded.iter().map(String::as_str).collect();
    let query = uri.query().unwrap_or_default();
    let call = |ty: &str, rest: &[&str], v3: bool| {
        let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
        Call {
            method: method.clone(),
            object_type: object_type(ty),
            rest,
            query: query.to_string(),
            body: body.clone(),
            v3,
        }
    };
    match segments.as_slice() {
        ["crm", "v3", "objects", ty, rest @ ..] => {
            super::objects::route(store, &call(ty, rest, true))
        }
        ["crm", "v4", "objects", ty, rest @ ..] => {
            super::objects::route(store, &call(ty, rest, false))
        }
        ["crm", "objects", version, ty, rest @ ..] if is_date(version) => {
            super::objects::route(store, &call(ty, rest, false))
        }
        ["crm", "associations", version, from, to, rest @ ..] if is_date(version) => {
            super::associations::batch_route(store, &call(from, rest, false), &object_type(to))
        }
        ["crm", "v4", "associations", from, to, rest @ ..] => {
            super::associations::batch_route(store, &call(from, rest, false), &object_type(to))
        }
        _ => unserved(method, path),
    }
}

/// The answer to a request the fake does not serve: a 404 that says so.
pub(crate) fn unserved(method: &Method, path: &str) -> Reply {
    reply::error(
        404,
        &format!("The fake HubSpot does not serve {method} {path}"),
        "OBJECT_NOT_FOUND",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded() {
        assert_eq!(decode("a%40b.com", false), "a@b.com");
        assert_eq!(decode("x+y%2Cz", true), "x y,z");
        assert_eq!(decode("x+y", false), "x+y");
        assert_eq!(decode("100%", true), "100%");
        assert!(is_date("2026-09") && !is_date("v3") && !is_date("2026-9x"));
    }
}
