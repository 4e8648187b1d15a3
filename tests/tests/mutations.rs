//! The generator never panics, whatever the input, and its errors locate the
//! fault: every node of the bundled specs (the legacy Contacts document, the
//! Conversations document, the 2026-09 Contacts document, and every file their
//! `$ref`s reach: the JSON Schemas, `common/` and the Associations API) is
//! broken in turn — replaced by a value of another type, removed, renamed to
//! a keyword or a name that is no identifier, or turned into a `$ref` to
//! nowhere, to itself or to the document root — and each broken input must
//! either generate or fail with an error that names the broken file and a
//! JSON pointer to the broken node. An internal error (emitted code that
//! does not parse, a template that does not render) counts as a failure too.
//!
//! The rule for the pointer (see [`Places`] and [`names_node`]): the error
//! must name, right after the file (`FILE[:LINE:COLUMN] at #POINTER`, `FILE
//! has nothing at #POINTER` or `FILE#POINTER`), the broken node itself or a
//! node below it (a `$ref` put in its place is reported at `…/$ref`). Only
//! where the node was removed or renamed may it name the parent instead, the
//! object whose key went missing, where alone that can be seen, or, for a
//! renamed node, its new place. No other ancestor counts: an error at the
//! operation or at the root for a node deep inside it does not locate it.
//! Pointers are compared as the generator prints them, escaped as RFC 6901
//! says (`/paths/~1crm~1v3~1objects~1contacts`).
//!
//! By default every third node is broken, one mutation each, rotating through
//! the kinds (about 2,300 inputs). `MUTATIONS=nodes` breaks every node once
//! (about 6,800; CI sets it), `MUTATIONS=all` every node in every way (about
//! 100,000: slow). The inputs are spread over the machine's cores. A second
//! test compiles a fixed sample of the broken inputs that generate.
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
use std::collections::{BTreeMap, BTreeSet};
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

/// A file to break: `file` (relative to the inputs folder) is a copy of
/// `source`, and `spec` is the spec generated to judge it.
struct Target {
    spec: String,
    file: String,
    source: PathBuf,
}

/// The bundled specs broken here, by version folder: a legacy CRM object API,
/// the Conversations API with its JSON Schemas, and a 2026-09 API with its
/// object type bound and its components in `common/`.
const BUNDLED: [(&str, &str); 3] = [
    ("v3", "contacts"),
    ("v3", "conversations"),
    ("2026-09", "contacts"),
];

/// Every file to break: each bundled spec (as `VERSION/API.json`) and every
/// file its `$ref`s reach, under their own names relative to `specs/` (as
/// the generator reports them when it reads the unbroken spec), each judged
/// with the first spec that reads it; then the `MUTATION_SPECS`.
fn targets() -> Vec<Target> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root");
    let specs = root.join("specs");
    let mut out: Vec<Target> = Vec::new();
    for (version, api) in BUNDLED {
        let source = specs.join(version).join(format!("{api}.yaml"));
        let spec = format!("{version}/{api}.json");
        let generated =
            hubspot_codegen::generate_with_warnings(&mutated_config(&source, "unbroken"))
                .unwrap_or_else(|e| {
                    panic!("the unbroken {} does not generate: {e}", source.display())
                });
        for input in generated.inputs {
            let file = if input.path == source {
                spec.clone()
            } else {
                let relative = input.path.strip_prefix(&specs).unwrap_or_else(|_| {
                    panic!(
                        "{} reads {}, outside specs/",
                        source.display(),
                        input.path.display()
                    )
                });
                relative.to_string_lossy().replace('\\', "/")
            };
            if !out.iter().any(|t| t.file == file) {
                out.push(Target {
                    spec: spec.clone(),
                    file,
                    source: input.path,
                });
            }
        }
    }
    for source in extra_specs() {
        let name = extra_name(&source);
        assert!(
            !out.iter().any(|t| t.file == name),
            "MUTATION_SPECS: {} would replace the bundled {name}; rename it",
            source.display()
        );
        out.push(Target {
            spec: name.clone(),
            file: name,
            source,
        });
    }
    out
}

/// A copy of the files to break in a folder of its own, as JSON (JSON is
/// YAML, so a referenced `.yaml` file keeps its name), so that one file can
/// be replaced by its broken version.
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
    fn new(targets: &[Target]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        for t in targets {
            as_json(&t.source, &dir.path().join(&t.file));
        }
        Inputs { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

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
    /// An error that names the broken file and the broken node.
    Refused,
    /// A panic, an internal error or an error that does not locate the
    /// broken node.
    Fault(String),
}

/// The places an error about the node at `pointer` broken by `m` may name.
struct Places {
    /// Pointers that count with everything below them: the node itself (a
    /// `$ref` put in its place is reported at `POINTER/$ref`) and, for a
    /// renamed node, its new place.
    subtrees: Vec<String>,
    /// For a removed or renamed node, its parent: the object whose key went
    /// missing, where alone a missing key can be seen. Only the parent
    /// itself counts, not its other children nor its own parents.
    parent: Option<String>,
}

impl Places {
    fn new(pointer: &str, m: Mutation) -> Places {
        let mut subtrees = vec![pointer.to_string()];
        let mut parent = None;
        if let (Mutation::Remove | Mutation::Rename(_), Some((up, _))) =
            (m, pointer.rsplit_once('/'))
        {
            parent = Some(up.to_string());
            if let Mutation::Rename(n) = m {
                let key = NAMES[n].replace('~', "~0").replace('/', "~1");
                subtrees.push(format!("{up}/{key}"));
            }
        }
        Places { subtrees, parent }
    }

    /// Whether `text` starts with one of the places, followed by the end of
    /// the pointer (the end of the text, or `:`, ` `, `` ` ``, `)`, `,`,
    /// `;`), or by `/` for a place that counts with what is below it.
    fn starts(&self, text: &str) -> bool {
        let ends = |rest: &str| {
            rest.chars()
                .next()
                .is_none_or(|c| matches!(c, ':' | ' ' | '`' | ')' | ',' | ';'))
        };
        let subtree = self.subtrees.iter().any(|p| {
            text.strip_prefix(p.as_str())
                .is_some_and(|rest| ends(rest) || rest.starts_with('/'))
        });
        let parent = self
            .parent
            .as_deref()
            .is_some_and(|p| text.strip_prefix(p).is_some_and(ends));
        subtree || parent
    }
}

/// Whether the error `text` names the file `file` (relative to the inputs,
/// `/`-separated) with a JSON pointer to the node at `pointer` broken by `m`
/// (see [`Places`]): the rule is that an error locates what was broken, not
/// merely the file, nor an ancestor further up than the parent.
///
/// The generator writes a place as `FILE[:LINE:COLUMN] at #POINTER` (an
/// error's location), `FILE has nothing at #POINTER` (where a dangling
/// `$ref` leads; a removed node is often first seen there) or
/// `FILE#POINTER` (a `$ref` chain), the pointer escaped as RFC 6901 says
/// (`~1` for `/`, `~0` for `~`), as the test writes its own.
fn names_node(text: &str, file: &str, pointer: &str, m: Mutation) -> bool {
    let text = text.replace('\\', "/");
    let places = Places::new(pointer, m);
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    text.match_indices(file).any(|(i, _)| {
        // A whole path: `v3/contacts.json`, not `xv3/contacts.json`.
        let before = &text[..i];
        if !(before.is_empty() || before.ends_with(['/', ' ', '`'])) {
            return false;
        }
        let mut tail = &text[i + file.len()..];
        // `:LINE:COLUMN`, when the position was found.
        if let Some(pos) = tail.strip_prefix(':') {
            let line = digits(pos);
            if let Some(col) = pos[line..].strip_prefix(':') {
                if line > 0 && digits(col) > 0 {
                    tail = &col[digits(col)..];
                }
            }
        }
        [" at #", " has nothing at #", "#"]
            .iter()
            .filter_map(|sep| tail.strip_prefix(sep))
            .any(|found| places.starts(found))
    })
}

/// Generates from `spec` with the node at `pointer` of `file` (relative to
/// the inputs) broken by `m`, and judges the outcome.
fn judge(spec: &Path, file: &str, pointer: &str, m: Mutation) -> Verdict {
    let config = mutated_config(spec, "mutated");
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
            if names_node(&text, file, pointer, m) {
                Verdict::Refused
            } else {
                Verdict::Fault(format!(
                    "error does not name {file} at the broken node: {text}"
                ))
            }
        }
    }
}

/// The configuration that generates the crate `name` from `spec` alone.
fn mutated_config(spec: &Path, name: &str) -> Config {
    Config {
        specs: vec![spec.to_path_buf()],
        name: name.into(),
        version: "0.0.0".into(),
        description: "Mutation test.".into(),
        versions: Vec::new(),
        share_types: true,
        properties: Vec::new(),
        publish: true,
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
fn work(targets: &[Target], cases: &[&Case]) -> Tally {
    let inputs = Inputs::new(targets);
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
        match judge(
            &inputs.path(&case.spec),
            &case.file,
            &case.pointer,
            case.mutation,
        ) {
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
    let targets = targets();
    let inputs = Inputs::new(&targets);
    // The copies generate as the originals do: what the cases break is
    // all that is wrong with them.
    for spec in BUNDLED
        .iter()
        .map(|(version, api)| format!("{version}/{api}.json"))
    {
        let config = mutated_config(&inputs.path(&spec), "unbroken");
        if let Err(e) = hubspot_codegen::generate(&config) {
            panic!("the unbroken copy of {spec} does not generate: {e}");
        }
    }
    let mut all = Vec::new();
    for t in &targets {
        all.extend(cases(&inputs, &t.spec, &t.file, depth));
    }

    // Quiet the default hook: the panics are caught and reported below.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mine: Vec<&Case> = all.iter().skip(w).step_by(workers).collect();
                let targets = &targets;
                scope.spawn(move || work(targets, &mine))
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
        "{} broken inputs: {} generated, {} refused with an error naming the file and the node, {} mishandled",
        total.tried,
        total.generated,
        total.refused,
        total.faults.len()
    );
    // The walk reached the files and the mutations bit: some inputs must
    // still generate and some must be refused.
    let least = match depth {
        Depth::Sample => 2_000,
        Depth::Nodes => 6_000,
        Depth::All => 90_000,
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

/// How many broken inputs that generate are compiled.
const COMPILED: usize = 4;

/// A sample of the broken inputs that generate compiles (`cargo check`,
/// warnings denied): the generator must not emit broken Rust for an input it
/// accepts. The sample is fixed: the cases of `MUTATIONS=nodes` in
/// [`COMPILED`] equal parts, and in each part, every seventh case, the first
/// that generates output different from its unbroken spec's by a kind of
/// mutation no earlier part took.
///
/// The crates are checked in one workspace that starts from the main lock
/// file (`--locked`: no dependency is resolved afresh) and shares the
/// fixtures' target folder (`target/fixture-check`, see `snapshots.rs`).
#[test]
fn a_sample_of_the_broken_inputs_that_generate_compiles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root");
    let targets = targets();
    let inputs = Inputs::new(&targets);
    let mut all = Vec::new();
    for t in &targets {
        all.extend(cases(&inputs, &t.spec, &t.file, Depth::Nodes));
    }
    let generate = |spec: &str, name: &str| {
        hubspot_codegen::generate(&mutated_config(&inputs.path(spec), name)).map(|(_, files)| files)
    };
    let workspace = tempfile::tempdir().expect("tempdir");
    let mut chosen: Vec<(String, &Case)> = Vec::new();
    // The output of each spec unbroken, by (spec, part).
    let mut unbroken = BTreeMap::new();
    let part = all.len() / COMPILED;
    for k in 0..COMPILED {
        let name = format!("mutated-{k}");
        for case in all[k * part..(k + 1) * part].iter().step_by(7) {
            let kind = format!("{:?}", case.mutation);
            if chosen
                .iter()
                .any(|(_, c)| format!("{:?}", c.mutation) == kind)
            {
                continue;
            }
            let path = inputs.path(&case.file);
            let original = read(&path);
            let Some(broken) = mutate(&original, &case.pointer, case.mutation) else {
                continue;
            };
            let unbroken = unbroken.entry((case.spec.as_str(), k)).or_insert_with(|| {
                generate(&case.spec, &name).expect("the unbroken spec generates")
            });
            write(&path, &broken);
            let files = generate(&case.spec, &name);
            write(&path, &original);
            if let Some(files) = files.ok().filter(|f| f != unbroken) {
                hubspot_codegen::output::write(&workspace.path().join(&name), &files)
                    .expect("write the crate");
                chosen.push((name, case));
                break;
            }
        }
    }
    assert_eq!(chosen.len(), COMPILED, "too few broken inputs generate");
    let members: Vec<String> = chosen.iter().map(|(name, _)| format!("{name:?}")).collect();
    std::fs::write(
        workspace.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("write the workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), workspace.path().join("Cargo.lock"))
        .expect("copy the lock file");
    let started = std::time::Instant::now();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // The lock file gets the new crates (and loses what they do not use);
    // every crate from a registry must keep the version it has.
    let update = std::process::Command::new(&cargo)
        .args(["update", "--workspace", "--quiet", "--manifest-path"])
        .arg(workspace.path().join("Cargo.toml"))
        .output()
        .expect("run cargo update");
    assert!(
        update.status.success(),
        "cargo update --workspace: {}",
        String::from_utf8_lossy(&update.stderr)
    );
    let lock = |dir: &Path| std::fs::read_to_string(dir.join("Cargo.lock")).expect("a lock file");
    let main = from_registries(&lock(root));
    let new: Vec<_> = from_registries(&lock(workspace.path()))
        .into_iter()
        .filter(|p| !main.contains(p))
        .collect();
    assert_eq!(new, Vec::<String>::new(), "crates the main lock file lacks");
    let result = std::process::Command::new(&cargo)
        .args(["check", "--locked", "--quiet", "--manifest-path"])
        .arg(workspace.path().join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    let sample: Vec<String> = chosen
        .iter()
        .map(|(name, c)| format!("{name}: {}#{} {:?}", c.file, c.pointer, c.mutation))
        .collect();
    println!(
        "cargo check of {} broken inputs that generate took {:.1} s:\n{}",
        chosen.len(),
        started.elapsed().as_secs_f64(),
        sample.join("\n")
    );
    assert!(
        result.status.success(),
        "the crates generated from broken inputs do not compile:\n{}\n{}",
        sample.join("\n"),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// `NAME VERSION` of every package of the lock file `text` that comes from a
/// registry or git (a `source`), not from a path.
fn from_registries(text: &str) -> BTreeSet<String> {
    text.split("[[package]]")
        .filter(|block| block.lines().any(|l| l.starts_with("source = ")))
        .map(|block| {
            let field = |key: &str| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix(key))
                    .unwrap_or_default()
                    .trim_matches('"')
                    .to_string()
            };
            format!("{} {}", field("name = "), field("version = "))
        })
        .collect()
}
