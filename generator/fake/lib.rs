//! A fake HubSpot for the tests of code that uses the client: an
//! in-process HTTP server on 127.0.0.1 with an in-memory CRM.
//!
//! - Records of any object type (`contacts`, `calls`, custom objects),
//!   through HubSpot's v3 and date-based paths: create, read (by id or
//!   `idProperty`), update, archive, the paged list, the search (filter
//!   groups, the first sort, free text, paging up to 10,000 results), the
//!   batches (create, read, update, upsert, archive), with HubSpot's 207
//!   and per-item errors for ids it does not hold.
//! - Associations: a record's own association paths (default, labelled,
//!   v3), associations made with a create, the Associations API's batches.
//! - HubSpot's error bodies, its `X-HubSpot-RateLimit-*` headers, and, with
//!   [`Config::hubspot`], its latency, 10-second budget and search limit.
//! - Faults on demand ([`FakeHubSpot::fail_next`]: 429s, 502, 503,
//!   timeouts, dropped connections) or drawn at a rate.
//! - What happened, to assert on: [`FakeHubSpot::requests`],
//!   [`FakeHubSpot::records`], [`FakeHubSpot::associations`].
//!
//! It is copied verbatim from the generator's `fake/` folder; the client
//! re-exports it as `fake` with the cargo feature `test-util`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod associations;
mod budget;
// Written by the generator from `specs/properties/` (not in this folder).
#[rustfmt::skip]
mod defaults;
mod faults;
mod ledger;
mod objects;
mod reply;
mod routes;
mod search;
mod server;
mod store;

pub use faults::Fault;
pub use ledger::{Ledger, Recorded};
pub use server::{Config, Counts, FakeHubSpot};
pub use store::{Association, Record};
