//! Reading a response's body inside the retry loop: a success body held in
//! memory up to the client's limit ([`buffered`]), an error body read into
//! the [`Error`] it stands for ([`failure`]).

use super::error::{ApiError, Error};
use super::response::{correlation_id, RateLimitInfo};

/// The error an unsuccessful response stands for.
pub(crate) async fn failure(response: reqwest::Response) -> Error {
    let status = response.status().as_u16();
    let rate_limit = RateLimitInfo::from_headers(response.headers());
    // A body that is not HubSpot's JSON (a proxy's page) has no id; the
    // header may.
    let header_id = correlation_id(response.headers()).map(str::to_owned);
    match read_limited(response, ERROR_BODY_LIMIT).await {
        Ok((body, _)) => {
            let mut api = ApiError::from_body(status, &body);
            api.rate_limit = rate_limit;
            if api.correlation_id.is_none() {
                api.correlation_id = header_id;
            }
            Error::Api(Box::new(api))
        }
        Err(e) => e,
    }
}

/// The most of an error body read: enough for any HubSpot error, and a
/// proxy's multi-megabyte page is not read whole to keep its first lines.
const ERROR_BODY_LIMIT: usize = 256 * 1024;

/// Reads at most `limit` bytes of `response`'s body; `true` when more
/// followed (and was not read).
async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Vec<u8>, bool), Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body, true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body, false))
}

/// `response` with its body read (at most `limit` bytes) and held in
/// memory, its status, version and headers kept; its URL is not.
pub(crate) async fn buffered(
    mut response: reqwest::Response,
    limit: Option<usize>,
) -> Result<reqwest::Response, Error> {
    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let (body, more) = read_limited(response, limit.unwrap_or(usize::MAX)).await?;
    if let (true, Some(limit)) = (more, limit) {
        return Err(Error::BodyTooLarge { limit });
    }
    let mut out = http::Response::new(body);
    *out.status_mut() = status;
    *out.version_mut() = version;
    *out.headers_mut() = headers;
    Ok(reqwest::Response::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn response(body: Vec<u8>) -> reqwest::Response {
        reqwest::Response::from(http::Response::new(body))
    }

    #[tokio::test]
    async fn an_error_body_is_read_up_to_its_limit_only() {
        let page = vec![b'x'; 3 * ERROR_BODY_LIMIT];
        let (body, more) = read_limited(response(page), ERROR_BODY_LIMIT)
            .await
            .unwrap();
        assert_eq!((body.len(), more), (ERROR_BODY_LIMIT, true));
        let (body, more) = read_limited(response(b"{}".to_vec()), ERROR_BODY_LIMIT)
            .await
            .unwrap();
        assert_eq!((body.as_slice(), more), (&b"{}"[..], false));
    }

    #[tokio::test]
    async fn a_buffered_response_keeps_status_and_headers_and_drops_the_url() {
        let mut original = http::Response::new(b"{\"a\":1}".to_vec());
        *original.status_mut() = http::StatusCode::CREATED;
        original
            .headers_mut()
            .insert("x-hubspot-correlation-id", HeaderValue::from_static("c-1"));
        let kept = buffered(reqwest::Response::from(original), Some(100))
            .await
            .unwrap();
        assert_eq!(kept.status(), 201);
        assert_eq!(kept.headers()["x-hubspot-correlation-id"], "c-1");
        assert_eq!(kept.bytes().await.unwrap().as_ref(), b"{\"a\":1}");
        let over = buffered(response(vec![b'x'; 101]), Some(100)).await;
        assert!(matches!(over, Err(Error::BodyTooLarge { limit: 100 })));
    }
}
