//! Decoding a page of 100 contacts into each type, and whether each type
//! takes a property without a value.

use crate::data;
#[cfg(feature = "openapi")]
use crate::peers::{OgContact, OgPage};
#[cfg(feature = "progenitor")]
use crate::peers::{PgContact, PgPage};
use crate::slot::{report, rotated, Slot};
use hubspot_client::contacts::{
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging as Page,
    SimplePublicObjectWithAssociations as Contact,
};
use std::time::Instant;

/// Not measured: whether each client's type decodes a contact with a
/// property that has no value (`null`), one `null_property who verdict`
/// line each.
pub fn null_property() {
    let with_null = data::contact_with_null();
    let say = |who: &str, decoded: Result<(), serde_json::Error>| match decoded {
        Ok(()) => println!("null_property {who} decodes"),
        Err(e) => println!("null_property {who} fails: {e}"),
    };
    say(
        "ours",
        serde_json::from_slice::<Contact>(&with_null).map(drop),
    );
    #[cfg(feature = "progenitor")]
    say(
        "progenitor",
        serde_json::from_slice::<PgContact>(&with_null).map(drop),
    );
    #[cfg(feature = "openapi")]
    say(
        "openapi",
        serde_json::from_slice::<OgContact>(&with_null).map(drop),
    );
}

/// A page decoded into a slot's type; dropped after the clock stops.
enum Decoded {
    Ours(Page),
    Raw(serde_json::Value),
    #[cfg(feature = "progenitor")]
    Progenitor(PgPage),
    #[cfg(feature = "openapi")]
    Openapi(OgPage),
}

impl Decoded {
    /// How many contacts the page holds.
    fn len(&self) -> usize {
        match self {
            Decoded::Ours(p) => p.results.len(),
            Decoded::Raw(v) => v["results"].as_array().map_or(0, Vec::len),
            #[cfg(feature = "progenitor")]
            Decoded::Progenitor(p) => p.results.len(),
            #[cfg(feature = "openapi")]
            Decoded::Openapi(p) => p.results.len(),
        }
    }
}

fn decode(slot: Slot, bytes: &[u8]) -> Result<Decoded, serde_json::Error> {
    Ok(match slot {
        Slot::Ours => Decoded::Ours(serde_json::from_slice(bytes)?),
        Slot::Raw => Decoded::Raw(serde_json::from_slice(bytes)?),
        #[cfg(any(feature = "progenitor", feature = "openapi"))]
        Slot::RawPeer => unreachable!("not a decoding"),
        #[cfg(feature = "progenitor")]
        Slot::Progenitor => Decoded::Progenitor(serde_json::from_slice(bytes)?),
        #[cfg(feature = "openapi")]
        Slot::Openapi => Decoded::Openapi(serde_json::from_slice(bytes)?),
    })
}

/// Whether a peer's type decodes the page; if not, says so (the peer is
/// then left out).
#[cfg(any(feature = "progenitor", feature = "openapi"))]
fn decodes(slot: Slot, bytes: &[u8]) -> bool {
    match decode(slot, bytes) {
        Ok(p) if p.len() == 100 => true,
        Ok(p) => {
            crate::slot::failed(slot.decode_figure(), format!("{} results", p.len()));
            false
        }
        Err(e) => {
            crate::slot::failed(slot.decode_figure(), e);
            false
        }
    }
}

/// Decodes the page `iterations` times into each type, interleaved (see
/// [`Slot`]), and prints the figures and the page's size.
pub fn run(iterations: usize) {
    let bytes = data::page();
    #[allow(unused_mut)] // without the peers, nothing is added
    let mut order = vec![Slot::Ours, Slot::Raw];
    #[cfg(feature = "progenitor")]
    order.extend(Some(Slot::Progenitor).filter(|s| decodes(*s, &bytes)));
    #[cfg(feature = "openapi")]
    order.extend(Some(Slot::Openapi).filter(|s| decodes(*s, &bytes)));
    let mut samples = vec![Vec::with_capacity(iterations); order.len()];
    for i in 0..iterations {
        for (k, slot) in rotated(&order, i) {
            for timed in [false, true] {
                let t = Instant::now();
                let page = decode(slot, &bytes).expect("the page decodes");
                let elapsed = t.elapsed();
                assert_eq!(page.len(), 100);
                if timed {
                    samples[k].push(elapsed);
                }
            }
        }
    }
    for (slot, samples) in order.iter().zip(samples) {
        report(slot.decode_figure(), samples);
    }
    println!("page_bytes {} {}", bytes.len(), bytes.len());
}
