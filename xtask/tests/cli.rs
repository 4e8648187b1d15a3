//! The `codegen` command as a user runs it: exit codes, messages, and what it
//! does (and does not do) to the output folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

fn xtask(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn codegen(spec: &Path, out: &Path, check: bool) -> Output {
    let mut args = vec!["codegen".as_ref(), "--spec".as_ref(), spec.as_os_str()];
    args.extend(["--out".as_ref(), out.as_os_str()]);
    if check {
        args.push("--check".as_ref());
    }
    xtask(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Everything below `dir`: files with their content, folders as `None`.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), None);
                stack.push(path);
            } else {
                let content = std::fs::read(&path).expect("read");
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), Some(content));
            }
        }
    }
    out
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

#[test]
fn a_bad_spec_exits_1_and_leaves_the_output_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("bad.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo:\n  title: Bad\n  version: \"1\"\npaths:\n  /a:\n    get:\n      parameters:\n        - name: session\n          in: cookie\n      responses:\n        '204':\n          description: ok\n",
    )
    .expect("write spec");
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("src")).expect("mkdir");
    std::fs::write(out.join("sentinel.txt"), "do not touch\n").expect("write sentinel");
    std::fs::write(out.join("src/lib.rs"), "// stale, but must stay\n").expect("write lib.rs");
    let before = tree(dir.path());

    let run = codegen(&spec, &out, false);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains(&spec.display().to_string()),
        "names the file: {stderr}"
    );
    assert!(
        stderr.contains("#/paths/~1a/get/parameters/0/in"),
        "names the pointer: {stderr}"
    );
    assert!(
        stderr.contains("(operation GET /a)"),
        "names the operation: {stderr}"
    );
    assert!(stderr.contains("was not changed"), "{stderr}");
    assert_eq!(
        tree(dir.path()),
        before,
        "the folder (and its parent) must be byte-for-byte unchanged"
    );
}

#[test]
fn an_unsupported_schema_exits_1_and_leaves_the_output_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("bad.json");
    std::fs::write(
        &spec,
        r##"{"openapi": "3.1.0", "info": {"title": "Bad", "version": "1"},
  "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"not": {"type": "string"}}}}}}}}}}
"##,
    )
    .expect("write spec");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("sentinel.txt"), "do not touch\n").expect("write sentinel");
    let before = tree(dir.path());

    let run = codegen(&spec, &out, false);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains(&format!("{}:3:", spec.display())),
        "names the file and line: {stderr}"
    );
    assert!(
        stderr.contains("#/paths/~1a/get/responses/200/content/application~1json/schema/not"),
        "names the pointer: {stderr}"
    );
    assert!(stderr.contains("(operation GET /a)"), "{stderr}");
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn a_missing_ref_is_a_warning_naming_file_and_pointer_and_the_type_becomes_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("gap.json");
    std::fs::write(
        &spec,
        r##"{"openapi": "3.1.0", "info": {"title": "Gap", "version": "1"},
  "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}}}}}}}}
"##,
    )
    .expect("write spec");
    let out = dir.path().join("out");

    let run = codegen(&spec, &out, false);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "stderr: {stderr}");
    assert!(
        stderr.contains(&format!("warning: {}:3:", spec.display())),
        "names the file and line: {stderr}"
    );
    assert!(
        stderr.contains("#/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
        "names the pointer: {stderr}"
    );
    assert!(stderr.contains("serde_json::Value"), "{stderr}");
    assert!(out.join("src/lib.rs").is_file(), "the crate is written");

    // With --deny-warnings (always on for the bundled specs) it is an error.
    let strict_out = dir.path().join("strict");
    let run = xtask(&[
        "codegen".as_ref(),
        "--deny-warnings".as_ref(),
        "--spec".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        strict_out.as_os_str(),
    ]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains(&format!("error: {}:3:", spec.display())),
        "{stderr}"
    );
    assert!(stderr.contains("was not changed"), "{stderr}");
    assert!(!strict_out.exists(), "nothing is written");
}

#[test]
fn a_second_run_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("client");
    let spec = fixture("operations.yaml");

    let first = codegen(&spec, &out, false);
    let stdout = text(&first.stdout);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(stdout.contains("files written, 0 removed"), "{stdout}");
    let written = tree(&out);
    assert!(written.contains_key(Path::new("src/lib.rs")), "{written:?}");

    // Backdate a file: a rewrite would give it a new modification time.
    let lib = out.join("src/lib.rs");
    let old = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&lib)
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");

    let second = codegen(&spec, &out, false);
    let stdout = text(&second.stdout);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(stdout.contains("is up to date"), "{stdout}");
    assert_eq!(tree(&out), written);
    let mtime = std::fs::metadata(&lib).and_then(|m| m.modified()).unwrap();
    assert_eq!(mtime, old, "an unchanged file is not rewritten");

    // --check agrees, then notices an edit without undoing it.
    let check = codegen(&spec, &out, true);
    assert!(check.status.success(), "{}", text(&check.stderr));
    std::fs::write(&lib, "// edited\n").expect("edit");
    let check = codegen(&spec, &out, true);
    let stderr = text(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("changed:  src/lib.rs"), "{stderr}");
    assert!(stderr.contains("run `cargo xtask codegen`"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), "// edited\n");

    // A real run repairs exactly that file.
    let repair = codegen(&spec, &out, false);
    let stdout = text(&repair.stdout);
    assert!(repair.status.success(), "{}", text(&repair.stderr));
    let files = written.values().filter(|v| v.is_some()).count();
    assert!(
        stdout.contains(&format!("1 of {files} files written, 0 removed")),
        "{stdout}"
    );
    assert_eq!(tree(&out), written);
}

/// `cargo xtask ARGS`, strings only.
fn xtask_str(args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    xtask(&args)
}

#[test]
fn help_goes_to_stdout_with_status_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["codegen", "--help"],
        &["codegen", "-h"],
        &["properties", "pull", "--help"],
        &["bench", "--help"],
        &["api-diff", "-h"],
    ] {
        let run = xtask_str(args);
        let stdout = text(&run.stdout);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&run.stderr)
        );
        assert!(stdout.contains("Usage: cargo xtask"), "{args:?}: {stdout}");
        assert!(run.stderr.is_empty(), "{args:?}: {}", text(&run.stderr));
    }
}

#[test]
fn a_wrong_argument_exits_2_with_the_usage_on_stderr() {
    for args in [
        &[][..],
        &["nonsense"],
        &["codegen", "--verbose"],
        &["properties", "pull"],
        &["bench", "--runs", "0"],
        &["corpus", "specs", "--jobs", "x"],
        &["api-diff", "--migrating", "--json"],
    ] {
        let run = xtask_str(args);
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("Usage: cargo xtask"), "{args:?}: {stderr}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", text(&run.stdout));
    }
}
