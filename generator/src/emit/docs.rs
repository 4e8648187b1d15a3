//! Spec prose to rustdoc that `cargo doc` accepts without warnings and that
//! never compiles as a doctest.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes for `text`, one per line.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#[doc = "…"]` attributes for several paragraphs; empty ones are skipped.
pub fn doc_paragraphs(parts: &[Option<String>]) -> TokenStream {
    let text = parts
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    doc_attrs(&text)
}

/// The lines of a doc comment: each starts with a space so that the emitted
/// `///` comments read naturally.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.trim().lines() {
        let line = line.trim_end();
        // Leading indentation would make an indented code block (a doctest).
        let line = line.trim_start();
        if line.starts_with("```") {
            // Fences become plain text fences so they never run as doctests.
            out.push(" ```text".to_string());
            continue;
        }
        out.push(format!(" {}", escape(line)));
    }
    // Balance fences opened above (every fence was rewritten to ```text).
    let fences = out.iter().filter(|l| l.starts_with(" ```")).count();
    if fences % 2 == 1 {
        out.push(" ```".to_string());
    }
    for l in out.iter_mut() {
        if l == " " {
            l.clear();
        }
    }
    out
}

/// Escapes what rustdoc would read as links or HTML and wraps bare URLs.
fn escape(line: &str) -> String {
    // Unbalanced backticks would turn the rest into code: treat them as text.
    let balanced = line.matches('`').count() % 2 == 0;
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while !rest.is_empty() {
        if !in_code {
            if let Some(url_len) = url_at(rest) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                rest = &rest[url_len..];
                continue;
            }
        }
        let ch = rest.chars().next().unwrap_or(' ');
        match ch {
            '`' if balanced => {
                in_code = !in_code;
                out.push(ch);
            }
            '`' => out.push('\''),
            '[' | ']' | '<' | '>' if !in_code => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// Length of a URL starting at the beginning of `s`.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) {
        return None;
    }
    let end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .unwrap_or(s.len());
    let url = s[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_html_and_urls() {
        assert_eq!(
            doc_lines("See [docs](x) <p>hi</p> at https://example.com/a."),
            vec![" See \\[docs\\](x) \\<p\\>hi\\</p\\> at <https://example.com/a>."]
        );
        assert_eq!(doc_lines("    indented code"), vec![" indented code"]);
        assert_eq!(doc_lines("```\ncode"), vec![" ```text", " code", " ```"]);
        assert_eq!(doc_lines("a\n\nb"), vec![" a", "", " b"]);
    }
}
