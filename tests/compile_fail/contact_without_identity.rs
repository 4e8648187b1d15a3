// A contact needs one of email, first name and last name: it is built with
// `ContactCreate::with_email` (or `with_firstname`, `with_lastname`).
use hubspot_client::properties::ContactCreate;

fn main() {
    let _contact = ContactCreate::new().phone("555-0100");
}
