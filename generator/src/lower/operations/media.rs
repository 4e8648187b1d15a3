//! Which media type of a body's `content` is read, and how.

use crate::ir::BodyEncoding;

fn is_json_media(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    m == "application/json"
        || m.ends_with("+json")
        || m == "*/*"
        || m == "application/*"
        || m == "text/json"
}

pub(super) fn pick_request_media<'a>(
    keys: impl Iterator<Item = &'a String>,
) -> Option<(String, BodyEncoding)> {
    let keys: Vec<&String> = keys.collect();
    if let Some(k) = keys.iter().find(|k| is_json_media(k)) {
        let media = if k.as_str() == "*/*" {
            "application/json".to_string()
        } else {
            k.to_string()
        };
        return Some((media, BodyEncoding::Json));
    }
    if let Some(k) = keys
        .iter()
        .find(|k| k.starts_with("application/x-www-form-urlencoded"))
    {
        return Some((k.to_string(), BodyEncoding::Form));
    }
    if let Some(k) = keys.iter().find(|k| k.starts_with("multipart/")) {
        return Some((k.to_string(), BodyEncoding::Multipart));
    }
    keys.first().map(|k| (k.to_string(), BodyEncoding::Binary))
}

/// The media type to decode and whether it is JSON.
pub(super) fn pick_response_media<'a>(
    keys: impl Iterator<Item = &'a String>,
) -> Option<(String, bool)> {
    let keys: Vec<&String> = keys.collect();
    if let Some(k) = keys.iter().find(|k| is_json_media(k)) {
        return Some((k.to_string(), true));
    }
    keys.first().map(|k| (k.to_string(), false))
}
