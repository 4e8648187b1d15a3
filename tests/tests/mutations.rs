//! The generator never panics, whatever the input: every node of the bundled
//! specs (the Contacts document, and the Conversations document with the JSON
//! Schemas it references) is broken in turn — replaced by a value of another
//! type, removed, renamed to a keyword or a name that is no identifier, or
//! turned into a `$ref` to nowhere, to itself or to the document root — and
//! each broken input must either generate or fail with an error that names a
//! file of the input. An internal error (emitted code that does not parse, a
//! template that does not render) counts as a failure too.
//!
//! By default every third node is broken, one mutation each, rotating through
//! the kinds (about 1,500 inputs). `MUTATIONS=nodes` breaks every node once
//! (about 4,500; CI sets it), `MUTATIONS=all` every node in every way (about
//! 70,000: slow). The inputs are spread over the machine's cores.
//!
//! `MUTATION_SPECS` adds self-contained specs of your own, such as HubSpot's
//! published ones, separated like `PATH` entries and relative to the
//! workspace root; each is broken the same way:
//!
//! ```sh
//! MUTATION_SPECS=../shared/hubspot-specs/published-v3/crm--deals--424.json \
//!     cargo test -p tests --test mutations -- --nocapture
//! ```

use hubspot_codegen::{Config, Error};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// One way of breaking a node.
#[derive(Clone, Copy, Debug)]
enum Mutation {
    Null,
    Number,
    /// A string that is no Rust identifier.
    Text,
    EmptyArray,
    EmptyObject,
    /// Removed from its object or array.
    Remove,
    /// Its key renamed to a keyword, a leading digit, an empty string, …
    Rename(usize),
    /// `$ref` to a pointer that does not exist.
    Dangling,
    /// `$ref` to itself.
    SelfRef,
    /// `$ref` to the document root.
    RootRef,
}

const NAMES: &[&str] = &["type", "self", "9lives", "", "a b/c~d", "Option", "r#fn"];

fn kinds() -> Vec<Mutation> {
    let mut all = vec![
        Mutation::Null,
        Mutation::Number,
        Mutation::Text,
        Mutation::EmptyArray,
        Mutation::EmptyObject,
        Mutation::Remove,
        Mutation::Dangling,
        Mutation::SelfRef,
        Mutation::RootRef,
    ];
    all.extend((0..NAMES.len()).map(Mutation::Rename));
    all
}

/// Every JSON pointer of `v`, the root first.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The parent pointer and the last segment, unescaped.
fn split(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

/// `doc` with the node at `pointer` broken by `m`; `None` when `m` does not
/// apply there (the root cannot be removed or renamed).
fn mutate(doc: &Value, pointer: &str, m: Mutation) -> Option<Value> {
    let mut doc = doc.clone();
    let replacement = match m {
        Mutation::Null => Value::Null,
        Mutation::Number => json!(7),
        Mutation::Text => json!("not an identifier-1"),
        Mutation::EmptyArray => json!([]),
        Mutation::EmptyObject => json!({}),
        Mutation::Dangling => json!({ "$ref": "#/components/schemas/NoSuchSchema" }),
        Mutation::SelfRef => json!({ "$ref": format!("#{pointer}") }),
        Mutation::RootRef => json!({ "$ref": "#" }),
        Mutation::Remove | Mutation::Rename(_) => {
            let (parent, last) = split(pointer)?;
            match doc.pointer_mut(parent)? {
                Value::Object(map) => {
                    let child = map.remove(&last)?;
                    if let Mutation::Rename(n) = m {
                        map.insert(NAMES[n].to_string(), child);
                    }
                }
                Value::Array(items) if matches!(m, Mutation::Remove) => {
                    let i: usize = last.parse().ok()?;
                    items.remove(i);
                }
                _ => return None,
            }
            return Some(doc);
        }
    };
    *doc.pointer_mut(pointer)? = replacement;
    Some(doc)
}

/// A copy of the bundled inputs (and of `MUTATION_SPECS`) in a folder of its
/// own, as JSON, so one file can be replaced by its broken version.
struct Inputs {
    dir: tempfile::TempDir,
}

/// The specs named by `MUTATION_SPECS`; relative paths are taken from the
/// workspace root (tests run in `tests/`).
fn extra_specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::env::var_os("MUTATION_SPECS")
        .map(|v| std::env::split_paths(&v).map(|p| root.join(p)).collect())
        .unwrap_or_default()
}

/// The name an extra spec gets in the inputs folder (as JSON).
fn extra_name(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    format!("{}.json", stem.trim_end_matches(".schema"))
}

impl Inputs {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
        // The folders the bundled specs reference, as JSON under their own
        // names (JSON is YAML), so that any of them can be broken.
        for folder in ["conversations", "common", "2026-09/common"] {
            std::fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
            for entry in std::fs::read_dir(specs.join(folder)).expect("referenced files") {
                let path = entry.expect("entry").path();
                if path.is_file() {
                    as_json(
                        &path,
                        &dir.path().join(folder).join(path.file_name().unwrap()),
                    );
                }
            }
        }
        for (version, api) in BUNDLED {
            let from = specs.join(version).join(format!("{api}.yaml"));
            as_json(&from, &dir.path().join(version).join(format!("{api}.json")));
        }
        for spec in extra_specs() {
            as_json(&spec, &dir.path().join(extra_name(&spec)));
        }
        Inputs { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The bundled specs broken here, by version folder: a legacy CRM object API,
/// the Conversations API with its JSON Schemas, and a 2026-09 API with its
/// object type bound and its components in `common/`.
const BUNDLED: [(&str, &str); 3] = [
    ("v3", "contacts"),
    ("v3", "conversations"),
    ("2026-09", "contacts"),
];

/// Copies the YAML or JSON document `from` to `to` as JSON.
fn as_json(from: &Path, to: &Path) {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    let text = std::fs::read_to_string(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    let value: Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    write(to, &value);
}

fn write(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(value).unwrap()).expect("write input");
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read input")).expect("JSON")
}

/// What became of one broken input.
enum Verdict {
    Generated,
    /// An error that names a file of the input.
    Refused,
    /// A panic, an internal error or an error that names no input file.
    Fault(String),
}

fn judge(spec: &Path, files: &[String]) -> Verdict {
    let config = Config {
        specs: vec![spec.to_path_buf()],
        name: "mutated".into(),
        version: "0.0.0".into(),
        description: "Mutation test.".into(),
        versions: Vec::new(),
        share_types: true,
        properties: Vec::new(),
        publish: true,
    };
    match catch_unwind(AssertUnwindSafe(|| {
        hubspot_codegen::generate_with_warnings(&config)
    })) {
        Err(_) => Verdict::Fault("panicked".into()),
        Ok(Ok(_)) => Verdict::Generated,
        Ok(Err(e @ (Error::Emit { .. } | Error::Template { .. }))) => {
            Verdict::Fault(format!("internal error: {e}"))
        }
        Ok(Err(e)) => {
            let text = e.to_string();
            if files.iter().any(|f| text.contains(f.as_str())) {
                Verdict::Refused
            } else {
                Verdict::Fault(format!("error names no input file: {text}"))
            }
        }
    }
}

/// How many of the nodes are broken, and in how many ways.
#[derive(Clone, Copy)]
enum Depth {
    /// Every third node, one way.
    Sample,
    /// Every node, one way.
    Nodes,
    /// Every node, every way.
    All,
}

impl Depth {
    fn from_env() -> Depth {
        match std::env::var("MUTATIONS").as_deref() {
            Ok("all") => Depth::All,
            Ok("nodes") => Depth::Nodes,
            _ => Depth::Sample,
        }
    }
}

/// One broken input: `file` (inside the inputs) with `pointer` broken by
/// `mutation`, generated from `spec`.
struct Case {
    spec: String,
    file: String,
    pointer: String,
    mutation: Mutation,
}

/// The cases for every node of `file`, at `depth`.
fn cases(inputs: &Inputs, spec: &str, file: &str, depth: Depth) -> Vec<Case> {
    let kinds = kinds();
    let mut nodes = Vec::new();
    pointers(&read(&inputs.path(file)), String::new(), &mut nodes);
    let mut out = Vec::new();
    for (i, pointer) in nodes.into_iter().enumerate() {
        let chosen = match depth {
            Depth::All => kinds.clone(),
            Depth::Nodes => vec![kinds[i % kinds.len()]],
            Depth::Sample if i % 3 == 0 => vec![kinds[(i / 3) % kinds.len()]],
            Depth::Sample => continue,
        };
        for mutation in chosen {
            out.push(Case {
                spec: spec.to_string(),
                file: file.to_string(),
                pointer: pointer.clone(),
                mutation,
            });
        }
    }
    out
}

/// Tallies of one worker.
#[derive(Default)]
struct Tally {
    tried: usize,
    generated: usize,
    refused: usize,
    faults: Vec<String>,
}

/// Runs `cases` in a copy of the inputs of its own.
fn work(cases: &[&Case], names: &[String]) -> Tally {
    let inputs = Inputs::new();
    let mut tally = Tally::default();
    // Each file as copied, read once: every case restores it.
    let mut originals: BTreeMap<&str, Value> = BTreeMap::new();
    for case in cases {
        let path = inputs.path(&case.file);
        let original = originals
            .entry(case.file.as_str())
            .or_insert_with(|| read(&path));
        let Some(broken) = mutate(original, &case.pointer, case.mutation) else {
            continue;
        };
        write(&path, &broken);
        tally.tried += 1;
        match judge(&inputs.path(&case.spec), names) {
            Verdict::Generated => tally.generated += 1,
            Verdict::Refused => tally.refused += 1,
            Verdict::Fault(fault) => tally.faults.push(format!(
                "{}#{} {:?}: {fault}",
                case.file, case.pointer, case.mutation
            )),
        }
        write(&path, original);
    }
    tally
}

#[test]
fn no_broken_node_of_the_bundled_specs_makes_the_generator_panic() {
    let depth = Depth::from_env();
    let inputs = Inputs::new();
    // (spec generated from, file broken), the bundled ones first.
    let mut targets: Vec<(String, String)> = BUNDLED
        .iter()
        .map(|(version, api)| format!("{version}/{api}.json"))
        .map(|f| (f.clone(), f))
        .collect();
    for (folder, spec) in [
        ("conversations", "v3/conversations.json"),
        ("common", "2026-09/contacts.json"),
        ("2026-09/common", "2026-09/contacts.json"),
    ] {
        let mut files: Vec<String> = std::fs::read_dir(inputs.path(folder))
            .expect("referenced files")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        for f in files {
            targets.push((spec.into(), format!("{folder}/{f}")));
        }
    }
    for spec in extra_specs() {
        let name = extra_name(&spec);
        assert!(
            !targets.iter().any(|(_, file)| *file == name),
            "MUTATION_SPECS: {} would replace the bundled {name}; rename it",
            spec.display()
        );
        targets.push((name.clone(), name));
    }
    let mut all = Vec::new();
    for (spec, file) in &targets {
        all.extend(cases(&inputs, spec, file, depth));
    }
    // An error must name one of these.
    let names: Vec<String> = targets
        .iter()
        .map(|(_, file)| file.rsplit('/').next().unwrap_or(file).to_string())
        .collect();

    // Quiet the default hook: the panics are caught and reported below.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mine: Vec<&Case> = all.iter().skip(w).step_by(workers).collect();
                let names = &names;
                scope.spawn(move || work(&mine, names))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker died"))
            .collect()
    });
    std::panic::set_hook(hook);

    let mut total = Tally::default();
    for t in tallies {
        total.tried += t.tried;
        total.generated += t.generated;
        total.refused += t.refused;
        total.faults.extend(t.faults);
    }
    println!(
        "{} broken inputs: {} generated, {} refused with an error naming the file, {} mishandled",
        total.tried,
        total.generated,
        total.refused,
        total.faults.len()
    );
    // The walk reached the files and the mutations bit: some inputs must
    // still generate and some must be refused.
    let least = match depth {
        Depth::Sample => 1_000,
        Depth::Nodes => 4_000,
        Depth::All => 50_000,
    };
    assert!(
        total.tried >= least,
        "only {} inputs were tried",
        total.tried
    );
    assert!(total.generated > 0 && total.refused > 0);
    total.faults.sort();
    assert!(
        total.faults.is_empty(),
        "{} of {} broken inputs were mishandled:\n{}",
        total.faults.len(),
        total.tried,
        total.faults.join("\n")
    );
}
