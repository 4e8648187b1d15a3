// A call needs `hs_timestamp`: `CallCreate::new` takes it, and there is no
// other way to build one.
use hubspot_client::properties::{CallCreate, CallDirection};

fn main() {
    let _call = CallCreate::new().direction(CallDirection::Outbound);
    let _default = CallCreate::default();
}
