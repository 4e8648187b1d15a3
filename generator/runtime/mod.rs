//! The hand-written runtime of the generated client: the [`Client`], its
//! configuration, the [`Error`] type and request plumbing. It is copied
//! verbatim from the generator's `runtime/` folder.

mod auth;
mod batch;
mod client;
// Not every generated crate has discriminated unions.
#[allow(dead_code)]
pub(crate) mod decode;
mod error;
mod limit;
// Not every generated crate has paged or batch operations.
#[allow(dead_code)]
pub(crate) mod paging;
mod request;
mod response;
mod retry;

pub use auth::{OAuthRefresh, TokenProvider, DEFAULT_TOKEN_URL};
#[allow(unused_imports)]
pub(crate) use batch::{send_all, Part};
pub use batch::{BatchError, BatchOutcome};
pub use client::{Auth, Client, ClientBuilder, Secret, DEFAULT_BASE_URL};
pub use error::{ApiError, Error, ErrorDetail, RateLimitPolicy};
pub use limit::RateLimit;
// Not every generated crate uses every helper (text or binary bodies, headers).
#[allow(unused_imports)]
pub(crate) use request::{bytes, empty, encode_path, json, text, Request};
pub use response::{RateLimitInfo, Response};
pub use retry::RetryConfig;
