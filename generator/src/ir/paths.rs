//! Path templates.

use crate::common::is_version;

/// A piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart<'a> {
    /// Text sent as written (`/crm/objects/`).
    Literal(&'a str),
    /// The name inside a `{name}`.
    Var(&'a str),
}

/// The pieces of a path template (`/contacts/{contactId}`), in order; an
/// unclosed `{` and what follows it are literal. The one parser of
/// templates: `lower` checks the parameters and `emit` builds the URL with
/// it, and [`segments`] classifies each segment with it.
pub fn path_parts(path: &str) -> Vec<PathPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            parts.push(PathPart::Literal(&rest[..start]));
        }
        parts.push(PathPart::Var(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest));
    }
    parts
}

/// A segment of a path template, between two `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// A version: `v3`, `v4beta`, `2026-09`, `2026-09-15` (see [`is_version`]).
    Version(&'a str),
    /// Text sent as written (`objects`).
    Literal(&'a str),
    /// One parameter alone: the name inside `{objectId}`.
    Param(&'a str),
    /// Text and parameters together (`{objectId}:merge`), as written.
    Mixed(&'a str),
}

/// The segments of a path template, in order, empty ones (a leading or
/// trailing `/`) left out; each classified once, here.
pub fn segments(path: &str) -> Vec<Segment<'_>> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match path_parts(s).as_slice() {
            [PathPart::Var(name)] => Segment::Param(name),
            parts if parts.iter().any(|p| matches!(p, PathPart::Var(_))) => Segment::Mixed(s),
            _ if is_version(s) => Segment::Version(s),
            _ => Segment::Literal(s),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{is_version, path_parts, segments, PathPart::*, Segment};

    #[test]
    fn segments_are_classified_once() {
        assert_eq!(
            segments("/crm/objects/2026-09/{objectType}/{objectId}:merge/"),
            [
                Segment::Literal("crm"),
                Segment::Literal("objects"),
                Segment::Version("2026-09"),
                Segment::Param("objectType"),
                Segment::Mixed("{objectId}:merge"),
            ]
        );
        for v in ["v3", "v4beta", "v1beta2", "2026-03", "2026-09-15"] {
            assert!(is_version(v), "{v}");
        }
        for not in [
            "v", "vx", "vision", "v-3", "v3x", "v1beta2x", "v12ab34", "2026", "26-09", "2026-9",
            "20260-03", "contacts", "batch",
        ] {
            assert!(!is_version(not), "{not}");
        }
    }

    #[test]
    fn path_parts_split_literals_and_vars() {
        assert_eq!(
            path_parts("/crm/{objectType}/{id}:merge"),
            [
                Literal("/crm/"),
                Var("objectType"),
                Literal("/"),
                Var("id"),
                Literal(":merge")
            ]
        );
        assert_eq!(path_parts("{a}"), [Var("a")]);
        assert_eq!(path_parts("/x/{open"), [Literal("/x/{open")]);
        assert!(path_parts("").is_empty());
    }
}
