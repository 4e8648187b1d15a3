//! The hand-written runtime of the generated client: the [`Client`], its
//! configuration, the [`Error`] type and request plumbing. It is copied
//! verbatim from the generator's `runtime/` folder.

mod client;
mod error;
mod request;

pub use client::{Auth, Client, ClientBuilder, Secret};
pub use error::{ApiError, Error, ErrorDetail, RateLimitPolicy};
// Not every generated crate uses every helper (text or binary bodies, headers).
#[allow(unused_imports)]
pub(crate) use request::{bytes, encode_path, json, text, Request};
