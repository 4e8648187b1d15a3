//! The interleaving of the clients (or types) measured, and the figures'
//! lines.

use std::time::Duration;

/// What one slot of an iteration measures. Every iteration runs each slot in
/// an order rotated by one from the last, so that load drifting hits all
/// alike; a slot runs twice in a row and only the second run is timed, so
/// that each figure is of its own code and heap state, warm, as in calls or
/// pages that follow one another. (Timed right after other clients' calls,
/// ours took about 1 µs more per other client in the loop, and which
/// decoding came after which moved the decoding figures by 10-20%.)
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    /// Our generated client; in decoding, our generated type.
    Ours,
    /// A bare reqwest::Client call; in decoding, `serde_json::Value`.
    Raw,
    /// A bare call on the peers' reqwest (calls only).
    #[cfg(any(feature = "progenitor", feature = "openapi"))]
    RawPeer,
    #[cfg(feature = "progenitor")]
    Progenitor,
    #[cfg(feature = "openapi")]
    Openapi,
}

impl Slot {
    /// The name of the slot's call figure.
    pub fn call_figure(self) -> &'static str {
        match self {
            Slot::Ours => "call_generated_client",
            Slot::Raw => "call_raw_reqwest",
            #[cfg(any(feature = "progenitor", feature = "openapi"))]
            Slot::RawPeer => "call_raw_reqwest_peer",
            #[cfg(feature = "progenitor")]
            Slot::Progenitor => "call_progenitor",
            #[cfg(feature = "openapi")]
            Slot::Openapi => "call_openapi",
        }
    }

    /// The name of the slot's decoding figure.
    pub fn decode_figure(self) -> &'static str {
        match self {
            Slot::Ours => "decode_page_100_typed",
            Slot::Raw => "decode_page_100_value",
            #[cfg(any(feature = "progenitor", feature = "openapi"))]
            Slot::RawPeer => unreachable!("not a decoding"),
            #[cfg(feature = "progenitor")]
            Slot::Progenitor => "decode_page_100_progenitor",
            #[cfg(feature = "openapi")]
            Slot::Openapi => "decode_page_100_openapi",
        }
    }
}

/// `order`, starting at its `i`-th slot (modulo its length).
pub fn rotated(order: &[Slot], i: usize) -> impl Iterator<Item = (usize, Slot)> + '_ {
    (0..order.len()).map(move |k| {
        let at = (i + k) % order.len();
        (at, order[at])
    })
}

/// Prints `name median_ns min_ns`.
pub fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let (median, min) = (samples[samples.len() / 2], samples[0]);
    println!("{name} {} {}", median.as_nanos(), min.as_nanos());
}

/// Reports that a peer could not do what is measured (its figures are left
/// out), on one line.
#[cfg(any(feature = "progenitor", feature = "openapi"))]
pub fn failed(name: &str, reason: impl std::fmt::Display) {
    let reason = reason.to_string().replace(['\r', '\n'], " ");
    println!("failed {name} {reason}");
}
