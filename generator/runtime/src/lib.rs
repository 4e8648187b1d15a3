//! The hand-written runtime of a generated HubSpot client: the [`Client`],
//! its configuration, the [`Error`] type and the request plumbing that the
//! generated API crates call, [`webhooks`] for receiving HubSpot's
//! webhook requests, and [`JournalFollower`] for reading HubSpot's webhooks
//! journal from a stored offset.
//!
//! It is copied verbatim from the generator's `runtime/` folder. Items marked
//! `#[doc(hidden)]` are for generated code only and may change without notice.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod attempts;
mod auth;
mod batch;
mod body;
mod client;
mod common;
#[doc(hidden)]
pub mod decode;
mod error;
mod hooks;
mod journal;
mod journal_ack;
mod journal_store;
mod limit;
#[cfg(feature = "redis")]
mod limit_redis;
mod limit_store;
mod oauth;
mod outcome;
#[doc(hidden)]
pub mod paging;
pub mod properties;
mod raw;
mod request;
mod response;
mod retry;
mod store_file;
pub mod sync;
mod tls;
mod webhook_events;
pub mod webhooks;

pub use auth::{OAuthRefresh, TokenProvider, DEFAULT_TOKEN_URL};
#[doc(hidden)]
pub use batch::{send_all, Part, Places};
pub use batch::{BatchError, BatchOutcome, BatchProgress};
pub use client::{
    Auth, Client, ClientBuilder, Secret, DEFAULT_BASE_URL, DEFAULT_BATCH_CONCURRENCY,
};
pub use error::{ApiError, Error, ErrorDetail, RateLimitPolicy};
pub use hooks::{AttemptInfo, Interceptor};
pub use journal::JournalFollower;
pub use journal_ack::JournalItem;
pub use journal_store::{FileOffsetStore, MemoryOffsetStore, OffsetStore};
pub use limit::{RateLimit, STORE_RETRY_AFTER, STORE_TIMEOUT};
#[cfg(feature = "redis")]
pub use limit_redis::RedisStore;
pub use limit_store::{
    MemoryStore, RateDecision, RateStore, RateStoreError, RateWindow, DAILY_MEMORY,
};
pub use oauth::{
    AuthorizeUrl, FileTokenStore, MemoryTokenStore, OAuthApp, TokenSet, TokenStore,
    DEFAULT_AUTHORIZE_URL,
};
pub use raw::RawRequest;
#[doc(hidden)]
pub use request::{bytes, empty, encode_path, json, json_secret, text, Extras, Request};
pub use response::{RateLimitInfo, Response};
pub use retry::RetryConfig;

/// The HTTP client the runtime is built on: its `Method` for
/// [`Client::request`], its `Request` and `HeaderMap` for [`Interceptor`]s.
pub use reqwest;
