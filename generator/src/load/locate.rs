//! Finds the line and column of a JSON pointer in source text.
//!
//! JSON is scanned exactly. YAML is matched line by line on block-style keys
//! and `- ` items, which is what specs are written in; when a segment cannot be
//! found (flow style, anchors), the position of the deepest parent found is
//! returned.

use super::{unescape, Syntax};

/// 1-based line and column of the value at `pointer`, if it can be found.
pub fn position(text: &str, syntax: Syntax, pointer: &str) -> Option<(usize, usize)> {
    let segments: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer.split('/').skip(1).map(unescape).collect()
    };
    let offset = match syntax {
        Syntax::Json => json_value(text.as_bytes(), 0, &segments)?,
        Syntax::Yaml => return yaml(text, &segments),
    };
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    Some((line, column))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// End of the JSON string starting at `i` (which must be `"`), past the quote.
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// End of the JSON value starting at `i`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    let i = skip_ws(b, i);
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']') && !b[j].is_ascii_whitespace()
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// Byte offset of the value at `segments` below the value starting at `i`.
fn json_value(b: &[u8], i: usize, segments: &[String]) -> Option<usize> {
    let i = skip_ws(b, i);
    let Some((segment, rest)) = segments.split_first() else {
        return Some(i);
    };
    match *b.get(i)? {
        b'{' => {
            let mut j = skip_ws(b, i + 1);
            while b.get(j) == Some(&b'"') {
                let end = string_end(b, j)?;
                let key: String = serde_json::from_slice(&b[j..end]).ok()?;
                j = skip_ws(b, end);
                if b.get(j) != Some(&b':') {
                    return None;
                }
                if &key == segment {
                    return json_value(b, j + 1, rest);
                }
                j = skip_ws(b, value_end(b, j + 1)?);
                if b.get(j) == Some(&b',') {
                    j = skip_ws(b, j + 1);
                }
            }
            None
        }
        b'[' => {
            let index: usize = segment.parse().ok()?;
            let mut j = i + 1;
            for _ in 0..index {
                j = skip_ws(b, value_end(b, j)?);
                if b.get(j) != Some(&b',') {
                    return None;
                }
                j += 1;
            }
            json_value(b, j, rest)
        }
        _ => None,
    }
}

/// One non-blank YAML line: indentation of its content, whether it starts a
/// sequence item, and the content after any `- ` marker.
struct Line<'a> {
    number: usize,
    indent: usize,
    item: bool,
    content: &'a str,
}

fn yaml_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        if let Some(rest) =
            trimmed
                .strip_prefix("- ")
                .or(if trimmed == "-" { Some("") } else { None })
        {
            let inner = rest.trim_start();
            out.push(Line {
                number: n + 1,
                indent,
                item: true,
                content: inner,
            });
        } else {
            out.push(Line {
                number: n + 1,
                indent,
                item: false,
                content: trimmed,
            });
        }
    }
    out
}

fn key_matches(content: &str, key: &str) -> bool {
    for quote in ["", "\"", "'"] {
        let candidate = format!("{quote}{key}{quote}:");
        if content == candidate || content.starts_with(&format!("{candidate} ")) {
            return true;
        }
    }
    false
}

fn yaml(text: &str, segments: &[String]) -> Option<(usize, usize)> {
    let lines = yaml_lines(text);
    // Scope of the current value: lines[start..] with indent > parent (or an
    // inline first line after a `- ` marker).
    let mut start = 0usize;
    let mut parent: Option<usize> = None;
    let mut inline: Option<(usize, usize)> = None; // (line index, content column)
    let mut best = Some((1, 1));
    for segment in segments {
        let in_scope = |l: &Line<'_>| parent.is_none_or(|p| l.indent > p);
        let mut found = None;
        // A number is an index only in a sequence: `'200':` is a key.
        let in_sequence =
            inline.is_none() && lines.get(start).is_some_and(|l| in_scope(l) && l.item);
        if let (Ok(index), true) = (segment.parse::<usize>(), in_sequence) {
            let mut seen = 0usize;
            let mut item_indent = None;
            for (k, l) in lines.iter().enumerate().skip(start) {
                if !in_scope(l) {
                    break;
                }
                if l.item && item_indent.is_none_or(|ii| ii == l.indent) {
                    item_indent = Some(l.indent);
                    if seen == index {
                        found = Some((k, l.indent, true));
                        break;
                    }
                    seen += 1;
                }
            }
        } else {
            if let Some((k, col)) = inline {
                if key_matches(lines[k].content, segment) {
                    found = Some((k, col, false));
                }
            }
            if found.is_none() {
                let mut key_indent = None;
                for (k, l) in lines.iter().enumerate().skip(start) {
                    if !in_scope(l) {
                        break;
                    }
                    let indent = if l.item { l.indent + 2 } else { l.indent };
                    let ki = *key_indent.get_or_insert(indent);
                    if indent == ki && key_matches(l.content, segment) {
                        found = Some((k, indent, false));
                        break;
                    }
                }
            }
        }
        let Some((k, col, item)) = found else {
            return best;
        };
        let l = &lines[k];
        best = Some((l.number, col + 1));
        start = k + 1;
        if item {
            parent = Some(l.indent);
            inline = Some((k, l.indent + 2));
            best = Some((l.number, l.indent + 3));
        } else {
            parent = Some(col);
            inline = None;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_positions() {
        let text = "{\n  \"a\": {\"b\": [1, {\"c\": 2}]},\n  \"d\": 3\n}";
        assert_eq!(position(text, Syntax::Json, "/d"), Some((3, 8)));
        assert_eq!(position(text, Syntax::Json, "/a/b/1/c"), Some((2, 24)));
        assert_eq!(position(text, Syntax::Json, "/x"), None);
    }

    #[test]
    fn yaml_positions() {
        let text = "a:\n  b:\n    - x: 1\n      y: 2\n    - x: 3\nc: 4\n";
        assert_eq!(position(text, Syntax::Yaml, "/c"), Some((6, 1)));
        assert_eq!(position(text, Syntax::Yaml, "/a/b/1/x"), Some((5, 7)));
        assert_eq!(position(text, Syntax::Yaml, "/a/b/0/y"), Some((4, 7)));
        assert_eq!(position(text, Syntax::Yaml, "/a/b"), Some((2, 3)));
        let text = "responses:\n  '200':\n    description: ok\n  404:\n    description: no\n";
        assert_eq!(
            position(text, Syntax::Yaml, "/responses/200/description"),
            Some((3, 5))
        );
        assert_eq!(position(text, Syntax::Yaml, "/responses/404"), Some((4, 3)));
    }
}
