//! The records the mock stored, and the ledger tests check.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

/// One stored contact.
#[derive(Debug, Clone)]
pub(super) struct Record {
    pub(super) properties: Map<String, Value>,
}

/// Contacts by id (ids count up from 1, so id order is creation order).
/// Each create and update moves a clock one millisecond on and stamps the
/// record's `lastmodifieddate` (and a new record's `createdate`) with it.
#[derive(Debug, Default)]
pub(super) struct Store {
    records: BTreeMap<u64, Record>,
    /// The first contact of each email.
    by_email: HashMap<String, u64>,
    next: u64,
    clock: u64,
}

/// The store's clock starts here (2026-11-01T00:00:00Z, in milliseconds).
pub(super) const EPOCH_MS: u64 = 1_792_022_400_000;

const STAMP: &str = "2026-11-28T21:45:00.000Z";

impl Store {
    /// Stores a new contact; returns its id.
    pub(super) fn create(&mut self, mut properties: Map<String, Value>) -> u64 {
        self.next += 1;
        if let Some(email) = properties.get("email").and_then(Value::as_str) {
            self.by_email.entry(email.to_string()).or_insert(self.next);
        }
        let now = self.tick();
        properties.insert("createdate".into(), json!(now));
        properties.insert("lastmodifieddate".into(), json!(now));
        self.records.insert(self.next, Record { properties });
        self.next
    }

    /// The clock after one more millisecond, as HubSpot writes a date.
    fn tick(&mut self) -> String {
        self.clock += 1;
        (EPOCH_MS + self.clock).to_string()
    }

    /// The time of the last change, in milliseconds.
    pub(super) fn now(&self) -> u64 {
        EPOCH_MS + self.clock
    }

    /// The value of `property` of contact `id` as text (`hs_object_id` is
    /// the id).
    pub(super) fn value(&self, id: u64, property: &str) -> Option<String> {
        if property == "hs_object_id" {
            return Some(id.to_string());
        }
        match self.records.get(&id)?.properties.get(property)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// Every id, in order.
    pub(super) fn ids(&self) -> impl Iterator<Item = u64> + '_ {
        self.records.keys().copied()
    }

    /// The first contact whose `property` is `value`.
    pub(super) fn find(&self, property: &str, value: &str) -> Option<u64> {
        if property == "hs_object_id" {
            return value
                .parse()
                .ok()
                .filter(|id| self.records.contains_key(id));
        }
        if property == "email" {
            return self.by_email.get(value).copied();
        }
        self.records
            .iter()
            .find(|(_, r)| r.properties.get(property).and_then(Value::as_str) == Some(value))
            .map(|(id, _)| *id)
    }

    /// Sets properties of contact `id`.
    pub(super) fn update(&mut self, id: u64, properties: Map<String, Value>) {
        if !self.records.contains_key(&id) {
            return;
        }
        let now = self.tick();
        if let Some(record) = self.records.get_mut(&id) {
            record.properties.extend(properties);
            record
                .properties
                .insert("lastmodifieddate".into(), json!(now));
        }
    }

    /// Contact `id` as HubSpot returns it.
    pub(super) fn json(&self, id: u64) -> Value {
        let mut properties = self
            .records
            .get(&id)
            .map(|r| r.properties.clone())
            .unwrap_or_default();
        properties.insert("hs_object_id".into(), json!(id.to_string()));
        json!({
            "id": id.to_string(),
            "properties": properties,
            "createdAt": STAMP,
            "updatedAt": STAMP,
            "archived": false
        })
    }

    /// Up to `limit` ids from `from` on, and the id after them.
    pub(super) fn starting_at(&self, from: u64, limit: usize) -> (Vec<u64>, Option<u64>) {
        let mut ids = self.records.range(from..).map(|(id, _)| *id);
        let page: Vec<u64> = ids.by_ref().take(limit).collect();
        (page, ids.next())
    }

    pub(super) fn ledger(&self) -> Ledger {
        let mut emails: HashMap<String, usize> = HashMap::new();
        for record in self.records.values() {
            let email = record.properties.get("email").and_then(Value::as_str);
            *emails
                .entry(email.unwrap_or_default().to_string())
                .or_default() += 1;
        }
        Ledger {
            records: self.records.len(),
            emails,
        }
    }
}

/// What the mock stored: how many contacts, and how many per email.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Contacts stored.
    pub records: usize,
    emails: HashMap<String, usize>,
}

impl Ledger {
    /// The emails of `expected` that no stored contact has.
    pub fn missing<'a>(&self, expected: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        expected
            .into_iter()
            .filter(|e| !self.emails.contains_key(*e))
            .map(str::to_owned)
            .collect()
    }

    /// How many different emails the stored contacts have.
    pub fn distinct(&self) -> usize {
        self.emails.len()
    }

    /// Emails stored more than once, sorted.
    pub fn duplicated(&self) -> Vec<String> {
        let mut twice: Vec<String> = self
            .emails
            .iter()
            .filter(|(_, n)| **n > 1)
            .map(|(e, _)| e.clone())
            .collect();
        twice.sort();
        twice
    }
}
