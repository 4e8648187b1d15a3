//! The in-process part of `cargo xtask bench`, built in release mode (it
//! depends on the generated client, which xtask does not): per-call overhead
//! of the generated client against a raw reqwest call, on a loopback server,
//! and decoding a page of 100 contacts. Prints one `name median_ns min_ns`
//! line per figure. The argument is the number of calls per client (default
//! 2000; decoding runs at most 1000 times).
//!
//! Ours is `client.contacts()`, the Contacts API of the default version
//! (2026-09): `GET /crm/objects/2026-09/contacts/{objectId}`.
//!
//! With the features `progenitor` and `openapi` (which the bench turns on
//! when it generated the peers' Contacts crates, from HubSpot's published
//! spec of the same version, in the same run), the same call and the same
//! decoding also go through progenitor's and openapi-generator's generated
//! clients, interleaved with ours (see [`slot::Slot`]). A peer that cannot
//! make the call or decode the page gets a `failed name reason` line instead
//! of figures; `null_property who verdict` lines say whether each client
//! decodes a contact with a property that has no value.

mod call;
mod data;
mod decode;
mod peers;
mod server;
mod slot;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    decode::null_property();
    decode::run(iterations.min(1000));
    call::run(iterations).await;
}
