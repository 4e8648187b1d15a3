//! The events of a HubSpot webhook request, by subscription type: CRM
//! objects (`contact.*`, `company.*`, `deal.*`, `ticket.*`, `object.*`,
//! including merges and restores) and conversations. Re-exported by
//! [`webhooks`](crate::webhooks), which checks the request's signature first.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Decodes the JSON array HubSpot posts into events. Unknown subscription
/// types become [`Event::Unknown`] and extra fields are ignored; an event of
/// a known type that lacks a field it needs is an error naming its place.
pub fn parse_events(body: &[u8]) -> Result<Vec<Event>, ParseError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| ParseError {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })
}

/// A webhook body that is not a list of events.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid webhook body at `{path}`: {message}")]
pub struct ParseError {
    /// JSON path of the value that failed (`[2]`).
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// One webhook event, by its `subscriptionType`.
///
/// CRM objects arrive as `contact.*`, `company.*`, `deal.*`, `ticket.*` or
/// as `object.*` with an `objectTypeId`; all decode to the same variants,
/// and `kind()` tells contacts, companies, deals, tickets, calls and
/// communications apart.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// `contact.creation`, `company.creation`, `deal.creation`,
    /// `ticket.creation`, `object.creation`.
    Creation(ObjectEvent),
    /// `….deletion`: the record was archived.
    Deletion(ObjectEvent),
    /// `….restore`: an archived record was restored.
    Restore(ObjectEvent),
    /// `….privacyDeletion`: the record was deleted for privacy (GDPR).
    PrivacyDeletion(ObjectEvent),
    /// `….propertyChange`.
    PropertyChange(PropertyChange),
    /// `….associationChange`.
    AssociationChange(AssociationChange),
    /// `….merge`: records were merged into one.
    Merge(Merge),
    /// `conversation.creation`: a thread was created.
    ConversationCreation(ConversationEvent),
    /// `conversation.deletion`: a thread was archived or deleted.
    ConversationDeletion(ConversationEvent),
    /// `conversation.privacyDeletion`: a thread was deleted for privacy.
    ConversationPrivacyDeletion(ConversationEvent),
    /// `conversation.propertyChange`: a thread property changed.
    ConversationPropertyChange(ConversationPropertyChange),
    /// `conversation.newMessage`: a message was added to a thread.
    NewMessage(NewMessage),
    /// Any other subscription type, kept as received.
    Unknown(UnknownEvent),
}

/// The fields every event carries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventInfo {
    /// The event's id (not unique across subscriptions).
    pub event_id: i64,
    /// The subscription that fired.
    pub subscription_id: i64,
    /// The HubSpot account (portal) the event happened in.
    pub portal_id: i64,
    /// The app the subscription belongs to.
    pub app_id: i64,
    /// When it happened, Unix milliseconds.
    pub occurred_at: i64,
    /// The subscription type, such as `contact.creation`.
    pub subscription_type: String,
    /// How many deliveries were tried before this one (0 on the first).
    #[serde(default)]
    pub attempt_number: i64,
    /// What caused the change (`CRM_UI`, `API`, `INTEGRATION`, ...).
    #[serde(default)]
    pub change_source: Option<String>,
    /// Who or what made the change, such as `userId:123`.
    #[serde(default)]
    pub source_id: Option<String>,
}

/// The kind of CRM object an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ObjectKind {
    /// Object type `0-1`.
    Contact,
    /// Object type `0-2`.
    Company,
    /// Object type `0-3`.
    Deal,
    /// Object type `0-5`.
    Ticket,
    /// Object type `0-48`.
    Call,
    /// Object type `0-18` (SMS, WhatsApp and LinkedIn messages).
    Communication,
    /// Any other object type; see the event's `object_type_id`.
    Other,
}

impl ObjectKind {
    /// The kind of an object type id such as `0-48`.
    pub fn of(object_type_id: &str) -> Self {
        match object_type_id {
            CONTACT_TYPE_ID => ObjectKind::Contact,
            "0-2" => ObjectKind::Company,
            "0-3" => ObjectKind::Deal,
            "0-5" => ObjectKind::Ticket,
            "0-48" => ObjectKind::Call,
            "0-18" => ObjectKind::Communication,
            _ => ObjectKind::Other,
        }
    }
}

/// The object type id of contacts, filled in for `contact.*` events.
const CONTACT_TYPE_ID: &str = "0-1";

/// The object type id that events of `scope` are about when they name none
/// (`contact.*`, `company.*`, `deal.*`, `ticket.*`); `None` for `object.*`,
/// which names its own, and for scopes that are not CRM objects.
fn scope_type_id(scope: &str) -> Option<&'static str> {
    match scope {
        "contact" => Some(CONTACT_TYPE_ID),
        "company" => Some("0-2"),
        "deal" => Some("0-3"),
        "ticket" => Some("0-5"),
        _ => None,
    }
}

/// A CRM object was created or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ObjectEvent {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The object's id.
    pub object_id: i64,
    /// The object's type id (`0-1` for `contact.*` events).
    #[serde(default)]
    pub object_type_id: String,
    /// `NEW`, `CREATED`, `DELETED`, ... when sent.
    #[serde(default)]
    pub change_flag: Option<String>,
}

impl ObjectEvent {
    /// The kind of object.
    pub fn kind(&self) -> ObjectKind {
        ObjectKind::of(&self.object_type_id)
    }
}

/// A property of a CRM object changed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PropertyChange {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The object's id.
    pub object_id: i64,
    /// The object's type id (`0-1` for `contact.*` events).
    #[serde(default)]
    pub object_type_id: String,
    /// The property's internal name.
    pub property_name: String,
    /// Its new value, as HubSpot renders it.
    #[serde(default)]
    pub property_value: Option<String>,
}

impl PropertyChange {
    /// The kind of object.
    pub fn kind(&self) -> ObjectKind {
        ObjectKind::of(&self.object_type_id)
    }
}

/// CRM records were merged: `merged_object_ids` into `primary_object_id`,
/// the result being `new_object_id` (HubSpot may create a new record).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Merge {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The record the event is about, when sent.
    #[serde(default)]
    pub object_id: Option<i64>,
    /// The object type id (filled in for `contact.*`, `company.*`, `deal.*`
    /// and `ticket.*` events).
    #[serde(default)]
    pub object_type_id: String,
    /// The record that took priority in the merge.
    pub primary_object_id: i64,
    /// The records merged into it.
    #[serde(default)]
    pub merged_object_ids: Vec<i64>,
    /// The record the merge resulted in.
    pub new_object_id: i64,
    /// How many property values the merge moved.
    #[serde(default)]
    pub number_of_properties_moved: Option<i64>,
}

impl Merge {
    /// The kind of object.
    pub fn kind(&self) -> ObjectKind {
        ObjectKind::of(&self.object_type_id)
    }
}

/// Two CRM objects were associated or dissociated.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AssociationChange {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The object the association goes from.
    pub from_object_id: i64,
    /// The object it goes to.
    pub to_object_id: i64,
    /// The from object's type id (`0-1` for `contact.*` events).
    #[serde(default)]
    pub from_object_type_id: Option<String>,
    /// The to object's type id, when sent.
    #[serde(default)]
    pub to_object_type_id: Option<String>,
    /// The association type, such as `CONTACT_TO_COMPANY`, when sent.
    #[serde(default)]
    pub association_type: Option<String>,
    /// The numeric association type id, when sent.
    #[serde(default)]
    pub association_type_id: Option<i64>,
    /// `HUBSPOT_DEFINED`, `USER_DEFINED`, ..., when sent.
    #[serde(default)]
    pub association_category: Option<String>,
    /// Whether the association was removed (else it was added).
    #[serde(default)]
    pub association_removed: bool,
    /// Whether it is the primary association.
    #[serde(default)]
    pub is_primary_association: bool,
}

/// A conversation thread was created or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConversationEvent {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The thread's id.
    pub object_id: i64,
}

/// A property of a conversation thread changed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConversationPropertyChange {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The thread's id.
    pub object_id: i64,
    /// The property (`assignedTo`, `status`, `isArchived`).
    pub property_name: String,
    /// Its new value.
    #[serde(default)]
    pub property_value: Option<String>,
}

/// A message was added to a conversation thread.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NewMessage {
    /// The common fields.
    #[serde(flatten)]
    pub info: EventInfo,
    /// The thread's id.
    pub object_id: i64,
    /// The message's id.
    pub message_id: String,
    /// `MESSAGE` or `COMMENT`, when sent.
    #[serde(default)]
    pub message_type: Option<String>,
}

/// An event of a subscription type this module does not model.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnknownEvent {
    /// Its `subscriptionType` (empty when absent).
    pub subscription_type: String,
    /// The event as received.
    pub raw: Value,
}

impl Event {
    /// The common fields, for every event but [`Event::Unknown`].
    pub fn info(&self) -> Option<&EventInfo> {
        match self {
            Event::Creation(e)
            | Event::Deletion(e)
            | Event::Restore(e)
            | Event::PrivacyDeletion(e) => Some(&e.info),
            Event::Merge(e) => Some(&e.info),
            Event::PropertyChange(e) => Some(&e.info),
            Event::AssociationChange(e) => Some(&e.info),
            Event::ConversationCreation(e)
            | Event::ConversationDeletion(e)
            | Event::ConversationPrivacyDeletion(e) => Some(&e.info),
            Event::ConversationPropertyChange(e) => Some(&e.info),
            Event::NewMessage(e) => Some(&e.info),
            Event::Unknown(_) => None,
        }
    }

    /// Decodes one event by its subscription type.
    fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        let kind = value
            .get("subscriptionType")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let (scope, action) = kind.split_once('.').unwrap_or((&kind, ""));
        let implied = scope_type_id(scope);
        let crm = implied.is_some() || scope == "object";
        Ok(match (scope, action) {
            (_, "creation") if crm => Event::Creation(object(value, implied)?),
            (_, "deletion") if crm => Event::Deletion(object(value, implied)?),
            (_, "restore") if crm => Event::Restore(object(value, implied)?),
            (_, "privacyDeletion") if crm => Event::PrivacyDeletion(object(value, implied)?),
            (_, "propertyChange") if crm => {
                let mut e: PropertyChange = decode(value)?;
                fill_type(&mut e.object_type_id, implied);
                Event::PropertyChange(e)
            }
            (_, "merge") if crm => {
                let mut e: Merge = decode(value)?;
                fill_type(&mut e.object_type_id, implied);
                Event::Merge(e)
            }
            (_, "associationChange") if crm => {
                let mut e: AssociationChange = decode(value)?;
                if e.from_object_type_id.is_none() {
                    e.from_object_type_id = implied.map(str::to_owned);
                }
                Event::AssociationChange(e)
            }
            ("conversation", "creation") => Event::ConversationCreation(decode(value)?),
            ("conversation", "deletion") => Event::ConversationDeletion(decode(value)?),
            ("conversation", "privacyDeletion") => {
                Event::ConversationPrivacyDeletion(decode(value)?)
            }
            ("conversation", "propertyChange") => Event::ConversationPropertyChange(decode(value)?),
            ("conversation", "newMessage") => Event::NewMessage(decode(value)?),
            _ => Event::Unknown(UnknownEvent {
                subscription_type: kind,
                raw: value,
            }),
        })
    }
}

fn decode<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

fn object(value: Value, implied: Option<&str>) -> Result<ObjectEvent, serde_json::Error> {
    let mut e: ObjectEvent = decode(value)?;
    fill_type(&mut e.object_type_id, implied);
    Ok(e)
}

/// `contact.*`, `company.*`, `deal.*` and `ticket.*` events name no object
/// type: it is the scope's.
fn fill_type(object_type_id: &mut String, implied: Option<&str>) {
    if let (true, Some(id)) = (object_type_id.is_empty(), implied) {
        *object_type_id = id.to_owned();
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Event::from_value(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(json: &str) -> Event {
        let mut events = parse_events(format!("[{json}]").as_bytes()).unwrap();
        assert_eq!(events.len(), 1);
        events.remove(0)
    }

    const HEAD: &str = r#""eventId":100,"subscriptionId":200,"portalId":300,"appId":400,"occurredAt":1700000000123,"attemptNumber":1"#;

    #[test]
    fn decodes_contact_events() {
        let Event::Creation(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"contact.creation","objectId":123,"changeFlag":"NEW","changeSource":"CRM_UI","sourceId":"userId:9"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.object_id, e.kind(), e.change_flag.as_deref()),
            (123, ObjectKind::Contact, Some("NEW"))
        );
        assert_eq!(e.info.event_id, 100);
        assert_eq!(e.info.subscription_id, 200);
        assert_eq!(e.info.portal_id, 300);
        assert_eq!(e.info.app_id, 400);
        assert_eq!(e.info.occurred_at, 1_700_000_000_123);
        assert_eq!(e.info.attempt_number, 1);
        assert_eq!(e.info.source_id.as_deref(), Some("userId:9"));
        let Event::Deletion(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"contact.deletion","objectId":124,"changeFlag":"DELETED"}}"#
        )) else {
            panic!()
        };
        assert_eq!((e.object_id, e.kind()), (124, ObjectKind::Contact));
        let Event::PropertyChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"contact.propertyChange","objectId":125,"propertyName":"email","propertyValue":"a@example.com","changeSource":"API"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (
                e.kind(),
                e.property_name.as_str(),
                e.property_value.as_deref()
            ),
            (ObjectKind::Contact, "email", Some("a@example.com"))
        );
        let Event::AssociationChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"contact.associationChange","fromObjectId":125,"toObjectId":900,"associationType":"CONTACT_TO_COMPANY","associationRemoved":false,"isPrimaryAssociation":true}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (
                e.from_object_id,
                e.to_object_id,
                e.association_type.as_deref()
            ),
            (125, 900, Some("CONTACT_TO_COMPANY"))
        );
        assert_eq!(
            (
                e.from_object_type_id.as_deref(),
                e.association_removed,
                e.is_primary_association
            ),
            (Some("0-1"), false, true)
        );
    }

    #[test]
    fn decodes_generic_object_events_of_calls_and_communications() {
        let Event::Creation(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.creation","objectTypeId":"0-48","objectId":7,"changeFlag":"CREATED"}}"#
        )) else {
            panic!()
        };
        assert_eq!((e.kind(), e.object_id), (ObjectKind::Call, 7));
        let Event::Deletion(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.deletion","objectTypeId":"0-18","objectId":8}}"#
        )) else {
            panic!()
        };
        assert_eq!((e.kind(), e.object_id), (ObjectKind::Communication, 8));
        let Event::PropertyChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.propertyChange","objectTypeId":"0-48","objectId":7,"propertyName":"hs_call_status","propertyValue":"COMPLETED"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.kind(), e.property_value.as_deref()),
            (ObjectKind::Call, Some("COMPLETED"))
        );
        let Event::AssociationChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.associationChange","fromObjectTypeId":"0-48","fromObjectId":7,"toObjectTypeId":"0-1","toObjectId":125,"associationTypeId":194,"associationCategory":"HUBSPOT_DEFINED","associationRemoved":true,"isPrimaryAssociation":false}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (
                e.from_object_type_id.as_deref(),
                e.to_object_type_id.as_deref()
            ),
            (Some("0-48"), Some("0-1"))
        );
        assert_eq!(
            (e.association_type_id, e.association_removed),
            (Some(194), true)
        );
        let Event::Creation(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.creation","objectTypeId":"2-123456","objectId":9}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.kind(), e.object_type_id.as_str()),
            (ObjectKind::Other, "2-123456")
        );
    }

    #[test]
    fn decodes_conversation_events() {
        let Event::ConversationCreation(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"conversation.creation","objectId":5000}}"#
        )) else {
            panic!()
        };
        assert_eq!(e.object_id, 5000);
        assert!(matches!(
            one(&format!(
                r#"{{{HEAD},"subscriptionType":"conversation.deletion","objectId":5000}}"#
            )),
            Event::ConversationDeletion(_)
        ));
        assert!(matches!(
            one(&format!(
                r#"{{{HEAD},"subscriptionType":"conversation.privacyDeletion","objectId":5000}}"#
            )),
            Event::ConversationPrivacyDeletion(_)
        ));
        let Event::ConversationPropertyChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"conversation.propertyChange","objectId":5000,"propertyName":"status","propertyValue":"CLOSED"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.property_name.as_str(), e.property_value.as_deref()),
            ("status", Some("CLOSED"))
        );
        let Event::NewMessage(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"conversation.newMessage","objectId":5000,"messageId":"f3a9c1","messageType":"MESSAGE","changeFlag":"NEW_MESSAGE"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (
                e.object_id,
                e.message_id.as_str(),
                e.message_type.as_deref()
            ),
            (5000, "f3a9c1", Some("MESSAGE"))
        );
    }

    #[test]
    fn keeps_unknown_types_and_ignores_extra_fields() {
        let raw = format!(
            r#"{{{HEAD},"subscriptionType":"line_item.merge","objectId":1,"mergedObjectIds":[2,3]}}"#
        );
        let Event::Unknown(e) = one(&raw) else {
            panic!()
        };
        assert_eq!(e.subscription_type, "line_item.merge");
        assert_eq!(e.raw["mergedObjectIds"][1], 3);
        assert!(one(&raw).info().is_none());
        let Event::Unknown(e) = one(r#"{"something":"else"}"#) else {
            panic!()
        };
        assert_eq!(e.subscription_type, "");
        let extra = format!(
            r#"{{{HEAD},"subscriptionType":"contact.deletion","objectId":1,"brandNew":{{"x":1}}}}"#
        );
        assert!(matches!(one(&extra), Event::Deletion(_)));
    }

    #[test]
    fn decodes_a_mixed_array_and_reports_where_it_fails() {
        let body = format!(
            r#"[{{{HEAD},"subscriptionType":"contact.creation","objectId":1}},{{{HEAD},"subscriptionType":"conversation.newMessage","objectId":2,"messageId":"m"}},{{{HEAD},"subscriptionType":"product.creation","objectId":3}}]"#
        );
        let events = parse_events(body.as_bytes()).unwrap();
        assert!(matches!(
            &events[..],
            [Event::Creation(_), Event::NewMessage(_), Event::Unknown(_)]
        ));
        assert_eq!(events[1].info().map(|i| i.event_id), Some(100));
        assert_eq!(parse_events(b"[]").unwrap(), vec![]);
        let missing = format!(
            r#"[{{{HEAD},"subscriptionType":"contact.creation","objectId":1}},{{{HEAD},"subscriptionType":"contact.propertyChange","objectId":1}}]"#
        );
        let err = parse_events(missing.as_bytes()).unwrap_err();
        assert_eq!(err.path, "[1]");
        assert!(err.message.contains("propertyName"), "{err}");
        assert!(parse_events(b"{}").is_err());
    }

    #[test]
    fn decodes_company_deal_and_ticket_events_with_their_kind() {
        let Event::PropertyChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"deal.propertyChange","objectId":9001,"propertyName":"dealstage","propertyValue":"closedwon","changeSource":"CRM_UI"}}"#
        )) else {
            panic!()
        };
        assert_eq!(
            (e.kind(), e.object_type_id.as_str()),
            (ObjectKind::Deal, "0-3")
        );
        assert_eq!(
            (e.property_name.as_str(), e.property_value.as_deref()),
            ("dealstage", Some("closedwon"))
        );
        for (scope, kind) in [
            ("company", ObjectKind::Company),
            ("deal", ObjectKind::Deal),
            ("ticket", ObjectKind::Ticket),
        ] {
            for action in ["creation", "deletion", "restore", "privacyDeletion"] {
                let event = one(&format!(
                    r#"{{{HEAD},"subscriptionType":"{scope}.{action}","objectId":5}}"#
                ));
                let e = match (&event, action) {
                    (Event::Creation(e), "creation")
                    | (Event::Deletion(e), "deletion")
                    | (Event::Restore(e), "restore")
                    | (Event::PrivacyDeletion(e), "privacyDeletion") => e,
                    _ => panic!("{scope}.{action}: {event:?}"),
                };
                assert_eq!((e.kind(), e.object_id), (kind, 5), "{scope}.{action}");
            }
        }
        let Event::AssociationChange(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"ticket.associationChange","fromObjectId":7,"toObjectId":8,"associationType":"TICKET_TO_CONTACT","associationRemoved":true}}"#
        )) else {
            panic!()
        };
        assert_eq!(e.from_object_type_id.as_deref(), Some("0-5"));
        assert!(e.association_removed);
    }

    #[test]
    fn decodes_merges_of_every_crm_scope() {
        let Event::Merge(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"company.merge","objectId":3,"primaryObjectId":3,"mergedObjectIds":[4,5],"newObjectId":3,"numberOfPropertiesMoved":12}}"#
        )) else {
            panic!()
        };
        assert_eq!(e.kind(), ObjectKind::Company);
        assert_eq!(
            (
                e.primary_object_id,
                e.merged_object_ids.as_slice(),
                e.new_object_id
            ),
            (3, &[4, 5][..], 3)
        );
        assert_eq!(e.number_of_properties_moved, Some(12));
        let Event::Merge(e) = one(&format!(
            r#"{{{HEAD},"subscriptionType":"object.merge","objectTypeId":"0-48","primaryObjectId":1,"mergedObjectIds":[2],"newObjectId":10}}"#
        )) else {
            panic!()
        };
        assert_eq!((e.kind(), e.new_object_id), (ObjectKind::Call, 10));
        let missing =
            format!(r#"[{{{HEAD},"subscriptionType":"contact.merge","mergedObjectIds":[2]}}]"#);
        let err = parse_events(missing.as_bytes()).unwrap_err();
        assert!(err.message.contains("primaryObjectId"), "{err}");
    }
}
