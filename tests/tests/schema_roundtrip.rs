//! Round trip of the Conversations JSON Schemas: for each of the 17 files in
//! `specs/conversations/`, the JSON Schema that `schemars` derives from the
//! generated Rust type (feature `schemars`) must describe the same properties,
//! required sets, types, formats, nullability and enum values as the source
//! schema, recursively. Any difference fails with its path.
//!
//! Which Rust type a file became is not assumed: the test asks the
//! generator's IR and checks it against the types it names.

use hubspot_client::v3::conversations as c;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each source file with the generated type it must have become.
macro_rules! cases {
    ($( $file:literal => $ty:ident ),* $(,)?) => {
        vec![ $( ($file, stringify!($ty), schemars::schema_for!(c::$ty).to_value()) ),* ]
    };
}

fn cases() -> Vec<(&'static str, &'static str, Value)> {
    cases![
        "actor.schema.json" => Actor,
        "actor-collection.schema.json" => ActorCollection,
        "attachment.schema.json" => Attachment,
        "channel.schema.json" => Channel,
        "channel-collection.schema.json" => ChannelCollection,
        "inbox.schema.json" => Inbox,
        "inbox-collection.schema.json" => InboxCollection,
        "message.schema.json" => Message,
        "message-collection.schema.json" => MessageCollection,
        "message-recipient.schema.json" => MessageRecipient,
        "message-status.schema.json" => MessageStatus,
        "paging.schema.json" => Paging,
        "paging-next.schema.json" => PagingNext,
        "send-message-request.schema.json" => SendMessageRequest,
        "thread.schema.json" => Thread,
        "thread-collection.schema.json" => ThreadCollection,
        "update-thread-request.schema.json" => UpdateThreadRequest,
    ]
}

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

#[test]
fn every_conversations_schema_file_is_covered_and_named_as_the_ir_says() {
    let dir = specs().join("conversations");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("specs/conversations exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    on_disk.sort();
    let mut tested: Vec<String> = cases().iter().map(|(f, _, _)| f.to_string()).collect();
    tested.sort();
    assert_eq!(on_disk, tested, "every schema file has a round-trip case");
    assert_eq!(tested.len(), 17);

    let config = hubspot_codegen::bundled_config(&specs()).expect("bundled config");
    let krate = hubspot_codegen::build_ir(&config).expect("IR builds");
    // Every version's Conversations API references the files; the types
    // they declare alike live in a shared module.
    let defs: Vec<&hubspot_codegen::ir::TypeDef> = krate
        .apis
        .iter()
        .filter(|a| a.accessor == "conversations")
        .flat_map(|a| &a.types)
        .chain(krate.shared.iter().flat_map(|g| &g.types))
        .collect();
    assert!(defs.len() > 17, "the Conversations types are there");
    for (file, ty, _) in cases() {
        let source = format!("specs/conversations/{file}");
        let def = defs
            .iter()
            .find(|t| t.source.ends_with(&source))
            .unwrap_or_else(|| panic!("no generated type comes from {source}"));
        assert_eq!(def.name, ty, "{source} becomes `{}`", def.name);
    }
}

#[test]
fn derived_schemas_describe_the_source_schemas() {
    let mut failures = Vec::new();
    for (file, ty, derived) in cases() {
        let mut cmp = Compare {
            dir: specs().join("conversations"),
            files: BTreeMap::new(),
            derived_root: derived.clone(),
            seen: BTreeSet::new(),
            errors: Vec::new(),
        };
        let source = cmp.file(file);
        cmp.compare(
            &format!("{file} ({ty})"),
            Src {
                file: file.to_string(),
                schema: source,
            },
            &derived,
        );
        failures.extend(cmp.errors);
    }
    assert!(
        failures.is_empty(),
        "{} difference(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_comparison_reports_each_kind_of_difference_with_its_path() {
    let dir = specs().join("conversations");
    let text = std::fs::read_to_string(dir.join("thread.schema.json")).expect("thread schema");
    let mut source: Value = serde_json::from_str(&text).expect("JSON");
    // Four deliberate differences from what `Thread` derives.
    source["properties"]["status"]["enum"]
        .as_array_mut()
        .expect("status enum")
        .push("SNOOZED".into());
    source["properties"]
        .as_object_mut()
        .expect("properties")
        .remove("spam");
    source["properties"]["closedAt"]["format"] = "date".into();
    source["required"]
        .as_array_mut()
        .expect("required")
        .push("closedAt".into());

    let derived = schemars::schema_for!(c::Thread).to_value();
    let mut cmp = Compare {
        dir,
        files: BTreeMap::from([("thread.schema.json".to_string(), source.clone())]),
        derived_root: derived.clone(),
        seen: BTreeSet::new(),
        errors: Vec::new(),
    };
    cmp.compare(
        "T",
        Src {
            file: "thread.schema.json".into(),
            schema: source,
        },
        &derived,
    );

    let mut errors = cmp.errors;
    errors.sort();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(
        errors[0].starts_with("T.closedAt: format Some(\"date\")"),
        "{errors:#?}"
    );
    assert_eq!(errors[1], "T.spam: not in the source schema");
    assert!(
        errors[2].starts_with("T.status: enum values"),
        "{errors:#?}"
    );
    assert!(errors[2].contains("SNOOZED"), "{errors:#?}");
    assert!(errors[3].starts_with("T: required"), "{errors:#?}");
}

/// A source schema and the file its relative `$ref`s resolve against.
#[derive(Clone)]
struct Src {
    file: String,
    schema: Value,
}

/// A schema reduced to what the round trip compares.
#[derive(Debug)]
enum Shape {
    Any,
    Union(Vec<Value>),
    Enum(BTreeSet<String>),
    Object {
        properties: Map<String, Value>,
        required: BTreeSet<String>,
        additional: Option<Value>,
    },
    Array(Value),
    Scalar {
        ty: String,
        format: Option<String>,
    },
}

struct Compare {
    dir: PathBuf,
    files: BTreeMap<String, Value>,
    derived_root: Value,
    /// (source file#pointer-ish key, derived key) pairs already compared.
    seen: BTreeSet<(String, String)>,
    errors: Vec<String>,
}

impl Compare {
    fn file(&mut self, name: &str) -> Value {
        if let Some(v) = self.files.get(name) {
            return v.clone();
        }
        let path = self.dir.join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self.files.insert(name.to_string(), value.clone());
        value
    }

    /// Follows `$ref`s of a source schema (`file.json`, `#/$defs/X`, both).
    fn deref_src(&mut self, mut src: Src) -> (Src, String) {
        let mut key = src.file.clone();
        for _ in 0..16 {
            let Some(r) = src
                .schema
                .get("$ref")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                break;
            };
            let (file, pointer) = r.split_once('#').unwrap_or((r.as_str(), ""));
            let file = if file.is_empty() {
                src.file.clone()
            } else {
                file.to_string()
            };
            let root = self.file(&file);
            let target = root.pointer(pointer).cloned().unwrap_or(Value::Null);
            key = format!("{file}#{pointer}");
            src = Src {
                file,
                schema: target,
            };
        }
        (src, key)
    }

    /// Follows `$ref`s of the derived schema (`#/$defs/X`).
    fn deref_gen(&self, mut schema: Value) -> (Value, String) {
        let mut key = String::new();
        for _ in 0..16 {
            let Some(r) = schema
                .get("$ref")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                break;
            };
            let pointer = r.trim_start_matches('#');
            schema = self
                .derived_root
                .pointer(pointer)
                .cloned()
                .unwrap_or(Value::Null);
            key = r;
        }
        (schema, key)
    }

    fn compare(&mut self, at: &str, src: Src, derived: &Value) {
        let (src, src_key) = self.deref_src(src);
        let (derived, gen_key) = self.deref_gen(derived.clone());
        if !src_key.is_empty() && !gen_key.is_empty() && !self.seen.insert((src_key, gen_key)) {
            return;
        }
        let (src_null, src_shape) = shape(&src.schema);
        let (gen_null, gen_shape) = shape(&derived);
        if src_null != gen_null {
            self.errors.push(format!(
                "{at}: nullable is {src_null} in the source, {gen_null} in the derived schema"
            ));
        }
        match (src_shape, gen_shape) {
            (Shape::Any, Shape::Any) => {}
            (Shape::Enum(a), Shape::Enum(b)) => {
                if a != b {
                    self.errors.push(format!(
                        "{at}: enum values {a:?} in the source, {b:?} derived"
                    ));
                }
            }
            (Shape::Union(a), Shape::Union(b)) => {
                if a.len() != b.len() {
                    self.errors.push(format!(
                        "{at}: {} alternatives in the source, {} derived",
                        a.len(),
                        b.len()
                    ));
                }
                for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                    let s = Src {
                        file: src.file.clone(),
                        schema: x.clone(),
                    };
                    self.compare(&format!("{at}.oneOf[{i}]"), s, y);
                }
            }
            (
                Shape::Object {
                    properties: pa,
                    required: ra,
                    additional: aa,
                },
                Shape::Object {
                    properties: pb,
                    required: rb,
                    additional: ab,
                },
            ) => {
                let ka: BTreeSet<&String> = pa.keys().collect();
                let kb: BTreeSet<&String> = pb.keys().collect();
                for missing in ka.difference(&kb) {
                    self.errors
                        .push(format!("{at}.{missing}: missing from the derived schema"));
                }
                for extra in kb.difference(&ka) {
                    self.errors
                        .push(format!("{at}.{extra}: not in the source schema"));
                }
                // A required list or map decodes as empty when HubSpot
                // leaves it out, so the derived schema does not require it.
                let list = |name: &String| {
                    pa.get(name).is_some_and(|p| {
                        p.get("type") == Some(&Value::from("array"))
                            || (p.get("additionalProperties").is_some()
                                && p.get("properties").is_none())
                    })
                };
                let ra_strict: BTreeSet<&String> = ra.iter().filter(|n| !list(n)).collect();
                let rb_strict: BTreeSet<&String> = rb.iter().filter(|n| !list(n)).collect();
                if ra_strict != rb_strict {
                    self.errors.push(format!(
                        "{at}: required {ra:?} in the source, {rb:?} derived"
                    ));
                }
                for (name, s) in &pa {
                    if let Some(g) = pb.get(name) {
                        let s = Src {
                            file: src.file.clone(),
                            schema: s.clone(),
                        };
                        self.compare(&format!("{at}.{name}"), s, g);
                    }
                }
                match (aa, ab) {
                    (Some(a), Some(b)) => {
                        let s = Src {
                            file: src.file.clone(),
                            schema: a,
                        };
                        self.compare(&format!("{at}.*"), s, &b);
                    }
                    (None, None) => {}
                    (a, b) => self.errors.push(format!(
                        "{at}: additional properties {} in the source, {} derived",
                        a.is_some(),
                        b.is_some()
                    )),
                }
            }
            (Shape::Array(a), Shape::Array(b)) => {
                let s = Src {
                    file: src.file.clone(),
                    schema: a,
                };
                self.compare(&format!("{at}[]"), s, &b);
            }
            (Shape::Scalar { ty: ta, format: fa }, Shape::Scalar { ty: tb, format: fb }) => {
                if ta != tb {
                    self.errors
                        .push(format!("{at}: type {ta} in the source, {tb} derived"));
                } else if fa.is_some() && fa != fb && !compatible_format(&ta, &fa, &fb) {
                    self.errors
                        .push(format!("{at}: format {fa:?} in the source, {fb:?} derived"));
                }
            }
            (a, b) => self.errors.push(format!(
                "{at}: {} in the source, {} derived",
                kind(&a),
                kind(&b)
            )),
        }
    }
}

/// Formats that only annotate a string (`email`, `uri`) are not types.
fn compatible_format(ty: &str, source: &Option<String>, _derived: &Option<String>) -> bool {
    ty == "string" && !matches!(source.as_deref(), Some("date-time" | "date"))
}

fn kind(s: &Shape) -> &'static str {
    match s {
        Shape::Any => "any value",
        Shape::Union(_) => "a union",
        Shape::Enum(_) => "an enum",
        Shape::Object { .. } => "an object",
        Shape::Array(_) => "an array",
        Shape::Scalar { .. } => "a scalar",
    }
}

/// Whether `schema` admits `null`, and its shape without `null`.
fn shape(schema: &Value) -> (bool, Shape) {
    let Some(obj) = schema.as_object() else {
        return (schema == &Value::Bool(true), Shape::Any);
    };
    // `anyOf: [X, {type: null}]` is a nullable X.
    for key in ["anyOf", "oneOf"] {
        if let Some(list) = obj.get(key).and_then(Value::as_array) {
            let is_null = |v: &Value| v.get("type") == Some(&Value::from("null"));
            let rest: Vec<Value> = list.iter().filter(|v| !is_null(v)).cloned().collect();
            let nullable = rest.len() != list.len();
            if rest.len() == 1 && nullable {
                let (n, s) = shape(&rest[0]);
                return (n || nullable, s);
            }
            return (nullable, Shape::Union(rest));
        }
    }
    if let Some(Value::Array(values)) = obj.get("enum") {
        let nullable = values.contains(&Value::Null);
        let values = values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        return (nullable, Shape::Enum(values));
    }
    if let Some(Value::String(value)) = obj.get("const") {
        return (false, Shape::Enum(BTreeSet::from([value.clone()])));
    }
    let (nullable, ty) = match obj.get("type") {
        Some(Value::String(t)) => (t == "null", Some(t.clone())),
        Some(Value::Array(types)) => {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let non_null: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
            let nullable = names.contains(&"null");
            // `type: [integer, string]` is a union of the two.
            if non_null.len() > 1 {
                let each = non_null
                    .iter()
                    .map(|t| {
                        let mut one = obj.clone();
                        one.insert("type".into(), Value::from(*t));
                        Value::Object(one)
                    })
                    .collect();
                return (nullable, Shape::Union(each));
            }
            (nullable, non_null.first().map(|t| t.to_string()))
        }
        _ => (false, None),
    };
    let shape = match ty.as_deref() {
        None if obj.contains_key("$ref") => Shape::Any,
        None => Shape::Any,
        Some("object") => {
            let properties = obj
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            let additional = match obj.get("additionalProperties") {
                None | Some(Value::Bool(false)) => None,
                Some(v) => Some(v.clone()),
            };
            if properties.is_empty() && additional.is_none() {
                Shape::Any
            } else {
                Shape::Object {
                    properties,
                    required: obj
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|r| {
                            r.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    additional,
                }
            }
        }
        Some("array") => Shape::Array(obj.get("items").cloned().unwrap_or(Value::Bool(true))),
        Some(t) => Shape::Scalar {
            ty: t.to_string(),
            format: obj.get("format").and_then(Value::as_str).map(str::to_owned),
        },
    };
    (nullable, shape)
}
