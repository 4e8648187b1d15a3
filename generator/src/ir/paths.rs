//! Path templates.

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
/// templates: `lower` checks the parameters and `emit` builds the URL with it.
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

#[cfg(test)]
mod tests {
    use super::{path_parts, PathPart::*};

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
