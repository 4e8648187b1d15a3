//! The fake's CRM: records of every object type, their associations, and a
//! clock that stamps each change.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One record, as the fake stores it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Record {
    /// The object type, by its plural name (`contacts`, `calls`, `p_cars`).
    pub object_type: String,
    /// The record's id.
    pub id: String,
    /// Its properties, `createdate`, `lastmodifieddate` and `hs_object_id`
    /// included (HubSpot's values are strings; `null` unsets).
    pub properties: Map<String, Value>,
    /// Whether it was archived (deleted).
    pub archived: bool,
}

impl Record {
    /// The value of `name` as text (`None` when absent or `null`).
    pub fn property(&self, name: &str) -> Option<&str> {
        self.properties.get(name).and_then(Value::as_str)
    }
}

/// An association the fake holds, from one record to another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Association {
    /// The target's object type (plural name).
    pub to_type: String,
    /// The target record's id.
    pub to_id: String,
    /// `(associationCategory, associationTypeId)` of each type (label) it has.
    pub types: Vec<(String, i64)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub(crate) properties: Map<String, Value>,
    pub(crate) archived: bool,
    created: String,
    updated: String,
}

/// Association types between two records, keyed by both ends.
type Links = BTreeMap<(String, u64, String, u64), BTreeSet<(String, i64)>>;

/// Records by object type and id. Ids count up from 1 across every type,
/// so id order is creation order. Each create and update moves the clock
/// one millisecond on and stamps `lastmodifieddate` (and a new record's
/// `createdate`) with it.
#[derive(Debug, Default)]
pub(crate) struct Store {
    objects: BTreeMap<String, BTreeMap<u64, Stored>>,
    /// The first contact of each email.
    by_email: HashMap<String, u64>,
    links: Links,
    /// Default association types added by the test, by (from, to).
    defaults: HashMap<(String, String), i64>,
    next: u64,
    clock: u64,
}

/// The clock starts here (2026-11-01T00:00:00Z, in milliseconds).
pub(crate) const EPOCH_MS: u64 = 1_793_491_200_000;

/// HubSpot's object type ids of its standard objects, and their names.
const TYPE_IDS: [(&str, &str); 11] = [
    ("0-1", "contacts"),
    ("0-2", "companies"),
    ("0-3", "deals"),
    ("0-5", "tickets"),
    ("0-18", "communications"),
    ("0-27", "tasks"),
    ("0-46", "notes"),
    ("0-47", "meetings"),
    ("0-48", "calls"),
    ("0-49", "emails"),
    ("0-136", "leads"),
];

/// An object type as the fake keys it: its plural name, for a name or an
/// object type id (`0-1` is `contacts`); any other (custom objects) as given.
pub(crate) fn object_type(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if let Some((_, plural)) = TYPE_IDS.iter().find(|(id, _)| *id == lower) {
        return plural.to_string();
    }
    match TYPE_IDS
        .iter()
        .find(|(_, plural)| plural.strip_suffix('s') == Some(&lower))
    {
        Some((_, plural)) => plural.to_string(),
        None if lower == "company" => "companies".into(),
        None => lower,
    }
}

/// The object type id HubSpot gives a type (its name, for custom objects).
pub(crate) fn type_id(object_type: &str) -> String {
    TYPE_IDS
        .iter()
        .find(|(_, plural)| *plural == object_type)
        .map_or(object_type, |(id, _)| id)
        .to_string()
}

/// A time of the clock in HubSpot's date-time form.
fn iso(ms: u64) -> String {
    let secs = (ms / 1000) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms % 1000
    )
}

impl Store {
    /// Stores a new record; returns its id.
    pub(crate) fn create(&mut self, object_type: &str, mut properties: Map<String, Value>) -> u64 {
        self.next += 1;
        let id = self.next;
        if object_type == "contacts" {
            if let Some(email) = properties.get("email").and_then(Value::as_str) {
                self.by_email.entry(email.to_string()).or_insert(id);
            }
        }
        let now = self.tick();
        properties.insert("createdate".into(), json!(now.to_string()));
        properties.insert("lastmodifieddate".into(), json!(now.to_string()));
        properties.insert("hs_object_id".into(), json!(id.to_string()));
        let stamp = iso(now);
        self.objects
            .entry(object_type.to_string())
            .or_default()
            .insert(
                id,
                Stored {
                    properties,
                    archived: false,
                    created: stamp.clone(),
                    updated: stamp,
                },
            );
        id
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        EPOCH_MS + self.clock
    }

    /// The time of the last change, in milliseconds.
    pub(crate) fn now(&self) -> u64 {
        EPOCH_MS + self.clock
    }

    fn live(&self, object_type: &str, id: u64) -> Option<&Stored> {
        self.objects
            .get(object_type)?
            .get(&id)
            .filter(|r| !r.archived)
    }

    /// The object type of the live record `id` (ids are unique across types).
    pub(crate) fn type_of(&self, id: u64) -> Option<String> {
        self.objects
            .iter()
            .find(|(_, records)| records.get(&id).is_some_and(|r| !r.archived))
            .map(|(ty, _)| ty.clone())
    }

    pub(crate) fn exists(&self, object_type: &str, id: u64) -> bool {
        self.live(object_type, id).is_some()
    }

    /// The value of `property` of a record as text.
    pub(crate) fn value(&self, object_type: &str, id: u64, property: &str) -> Option<String> {
        match self.live(object_type, id)?.properties.get(property)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// The property values of a live record, as text.
    pub(crate) fn records_value_iter<'a>(
        &'a self,
        object_type: &str,
        id: u64,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.live(object_type, id)
            .into_iter()
            .flat_map(|r| r.properties.values())
            .filter_map(Value::as_str)
    }

    /// The ids of the records of a type that are not archived, in order.
    pub(crate) fn ids<'a>(&'a self, object_type: &str) -> impl Iterator<Item = u64> + 'a {
        self.objects
            .get(object_type)
            .into_iter()
            .flat_map(|records| records.iter())
            .filter(|(_, r)| !r.archived)
            .map(|(id, _)| *id)
    }

    /// The first live record whose `property` is `value` (`hs_object_id`:
    /// the id).
    pub(crate) fn find(&self, object_type: &str, property: &str, value: &str) -> Option<u64> {
        if property == "hs_object_id" {
            return value
                .parse()
                .ok()
                .filter(|id| self.exists(object_type, *id));
        }
        if property == "email" && object_type == "contacts" {
            return self
                .by_email
                .get(value)
                .copied()
                .filter(|id| self.exists(object_type, *id));
        }
        self.ids(object_type)
            .find(|id| self.value(object_type, *id, property).as_deref() == Some(value))
    }

    /// Applies `change` to a live record at the next tick of the clock,
    /// stamping its update time; `false` when there is no such record.
    fn change(
        &mut self,
        object_type: &str,
        id: u64,
        change: impl FnOnce(&mut Stored, u64),
    ) -> bool {
        if !self.exists(object_type, id) {
            return false;
        }
        let now = self.tick();
        if let Some(record) = self
            .objects
            .get_mut(object_type)
            .and_then(|r| r.get_mut(&id))
        {
            change(record, now);
            record.updated = iso(now);
        }
        true
    }

    /// Sets properties of a record; `false` when there is none.
    pub(crate) fn update(
        &mut self,
        object_type: &str,
        id: u64,
        properties: Map<String, Value>,
    ) -> bool {
        self.change(object_type, id, |record, now| {
            record.properties.extend(properties);
            record
                .properties
                .insert("lastmodifieddate".into(), json!(now.to_string()));
        })
    }

    /// Archives a record and drops its associations; `false` when there is none.
    pub(crate) fn archive(&mut self, object_type: &str, id: u64) -> bool {
        if !self.change(object_type, id, |record, _| record.archived = true) {
            return false;
        }
        self.links.retain(|(ft, fi, tt, ti), _| {
            !((ft == object_type && *fi == id) || (tt == object_type && *ti == id))
        });
        true
    }

    /// A record as HubSpot returns it, with the properties asked for (all
    /// when `only` is empty).
    pub(crate) fn json(&self, object_type: &str, id: u64, only: &[String]) -> Value {
        let Some(record) = self.objects.get(object_type).and_then(|r| r.get(&id)) else {
            return Value::Null;
        };
        let properties: Map<String, Value> = record
            .properties
            .iter()
            .filter(|(k, _)| only.is_empty() || only.contains(k) || *k == "hs_object_id")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut out = json!({
            "id": id.to_string(),
            "properties": properties,
            "createdAt": record.created,
            "updatedAt": record.updated,
            "archived": record.archived,
        });
        if record.archived {
            out["archivedAt"] = json!(record.updated);
        }
        out
    }

    /// Up to `limit` live ids of a type from `from` on, and the id after them.
    pub(crate) fn starting_at(
        &self,
        object_type: &str,
        from: u64,
        limit: usize,
    ) -> (Vec<u64>, Option<u64>) {
        let mut ids = self.ids(object_type).filter(|id| *id >= from);
        let page: Vec<u64> = ids.by_ref().take(limit).collect();
        (page, ids.next())
    }

    /// Every record of a type, archived ones included, as [`Record`]s.
    pub(crate) fn records(&self, object_type: &str) -> Vec<Record> {
        self.objects
            .get(object_type)
            .into_iter()
            .flatten()
            .map(|(id, r)| Record {
                object_type: object_type.to_string(),
                id: id.to_string(),
                properties: r.properties.clone(),
                archived: r.archived,
            })
            .collect()
    }

    /// Adds association types between two records.
    pub(crate) fn link(&mut self, from: (&str, u64), to: (&str, u64), types: &[(String, i64)]) {
        let key = (from.0.to_string(), from.1, to.0.to_string(), to.1);
        self.links
            .entry(key)
            .or_default()
            .extend(types.iter().cloned());
    }

    /// Removes association types between two records (all when `types` is
    /// `None`), in the direction given.
    pub(crate) fn unlink(
        &mut self,
        from: (&str, u64),
        to: (&str, u64),
        types: Option<&[(String, i64)]>,
    ) {
        let key = (from.0.to_string(), from.1, to.0.to_string(), to.1);
        match types {
            None => {
                self.links.remove(&key);
            }
            Some(types) => {
                if let Some(set) = self.links.get_mut(&key) {
                    for t in types {
                        set.remove(t);
                    }
                    if set.is_empty() {
                        self.links.remove(&key);
                    }
                }
            }
        }
    }

    /// The associations of a record to records of `to_type` (every type
    /// when `None`).
    pub(crate) fn associations(
        &self,
        from: (&str, u64),
        to_type: Option<&str>,
    ) -> Vec<Association> {
        self.links
            .iter()
            .filter(|((ft, fi, tt, _), _)| {
                ft == from.0 && *fi == from.1 && to_type.is_none_or(|t| t == tt)
            })
            .map(|((_, _, tt, ti), types)| Association {
                to_type: tt.clone(),
                to_id: ti.to_string(),
                types: types.iter().cloned().collect(),
            })
            .collect()
    }

    /// The default (unlabelled) association type from one object type to
    /// another: one the test added, else HubSpot's.
    pub(crate) fn default_type(&self, from: &str, to: &str) -> Option<i64> {
        if let Some(id) = self.defaults.get(&(from.to_string(), to.to_string())) {
            return Some(*id);
        }
        super::defaults::DEFAULT_ASSOCIATION_TYPES
            .iter()
            .find(|(f, t, _)| *f == from && *t == to)
            .map(|(_, _, id)| *id)
    }

    pub(crate) fn set_default_type(&mut self, from: &str, to: &str, id: i64) {
        self.defaults.insert((from.to_string(), to.to_string()), id);
    }

    /// The contacts' emails, for the ledger.
    pub(crate) fn emails(&self) -> (usize, HashMap<String, usize>) {
        let mut emails: HashMap<String, usize> = HashMap::new();
        let contacts = self.objects.get("contacts");
        for record in contacts.into_iter().flat_map(|r| r.values()) {
            let email = record.properties.get("email").and_then(Value::as_str);
            *emails
                .entry(email.unwrap_or_default().to_string())
                .or_default() += 1;
        }
        (contacts.map_or(0, BTreeMap::len), emails)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_hubspots_form() {
        assert_eq!(iso(EPOCH_MS), "2026-11-01T00:00:00.000Z");
        assert_eq!(
            iso(EPOCH_MS + 86_400_000 * 30 + 3_723_004),
            "2026-12-01T01:02:03.004Z"
        );
        assert_eq!(iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn object_types_by_name_or_id() {
        assert_eq!(object_type("0-1"), "contacts");
        assert_eq!(object_type("contact"), "contacts");
        assert_eq!(object_type("Calls"), "calls");
        assert_eq!(object_type("company"), "companies");
        assert_eq!(object_type("p_cars"), "p_cars");
        assert_eq!(type_id("calls"), "0-48");
        assert_eq!(type_id("p_cars"), "p_cars");
    }

    #[test]
    fn archiving_hides_a_record_and_drops_its_associations() {
        let mut store = Store::default();
        let contact = store.create("contacts", Map::new());
        let call = store.create("calls", Map::new());
        store.link(
            ("calls", call),
            ("contacts", contact),
            &[("HUBSPOT_DEFINED".into(), 194)],
        );
        assert_eq!(
            store.associations(("calls", call), Some("contacts")).len(),
            1
        );
        assert!(store.archive("contacts", contact));
        assert!(!store.exists("contacts", contact));
        assert!(store.associations(("calls", call), None).is_empty());
        assert!(store.records("contacts")[0].archived);
    }
}
