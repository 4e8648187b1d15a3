//! `cargo xtask codegen [--check]`: regenerates `generated/` from `specs/`.
//!
//! A thin driver over the `hubspot-codegen` library: it finds the inputs,
//! runs the generator and writes (or compares) the output. Relative paths on
//! the command line are relative to where the command runs; the defaults are
//! relative to the workspace root.

mod api_diff;
mod bench;
mod changes;
mod conformance;
mod corpus;
mod coverage;
mod error;
mod properties;
mod published;

/// The generator allocates and frees many small values (tokens, syntax
/// trees); mimalloc does that faster than the system allocator (see
/// BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use hubspot_codegen::{output, Config};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--deny-warnings] [--spec FILE]... [--out DIR] [--name NAME]

  codegen            regenerate generated/ from specs/
  --check            compare the output folder with fresh output; fail if it is stale
  --deny-warnings    fail on a spec fault the generator can work around (always on for specs/)
  --spec FILE        an API document to generate from (repeatable; default: every file in specs/)
  --specs DIR        a folder laid out like specs/ (versions.yaml and a folder per version)
  --out DIR          the output folder (default: generated/)
  --name NAME        package name of the generated crate (default: hubspot-client)
  --no-publish       write `publish = false` into the generated manifests

usage: cargo xtask ir          print the IR of the bundled specs as JSON
       cargo xtask ir-schema   print the JSON Schema of the IR
       cargo xtask spec-coverage   compare specs/ with ../shared (see below)
       cargo xtask corpus PATH...  generate and type-check a client per spec (see below)
       cargo xtask conformance     the client against Prism mocks of ../shared (see below)
       cargo xtask api-diff OLD NEW   the API changes between two sets of specs (see below)
       cargo xtask properties pull --object NAME   a portal's property definitions (see below)";

struct CodegenOpts {
    check: bool,
    deny_warnings: bool,
    specs: Vec<PathBuf>,
    specs_dir: Option<PathBuf>,
    out: Option<PathBuf>,
    name: Option<String>,
    no_publish: bool,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let opts = match args.split_first() {
        Some((cmd, rest)) if cmd == "codegen" => parse_codegen(rest, &cwd),
        Some((cmd, [])) if cmd == "ir-schema" => {
            print_out(&format!("{:#}", hubspot_codegen::ir_schema()));
            return ExitCode::SUCCESS;
        }
        Some((cmd, [])) if cmd == "ir" => return print_ir(),
        Some((cmd, rest)) if cmd == "bench" => return bench::command(rest, &workspace_root()),
        Some((cmd, rest)) if cmd == "corpus" => {
            return corpus::command(rest, &cwd, &workspace_root())
        }
        Some((cmd, rest)) if cmd == "spec-coverage" => {
            return coverage::command(rest, &cwd, &workspace_root())
        }
        Some((cmd, rest)) if cmd == "api-diff" => {
            return api_diff::command(rest, &cwd, &workspace_root())
        }
        Some((cmd, rest)) if cmd == "conformance" => {
            return conformance::command(rest, &workspace_root())
        }
        Some((cmd, rest)) if cmd == "properties" => {
            return properties::command(rest, &workspace_root())
        }
        _ => None,
    };
    let Some(opts) = opts else {
        eprintln!(
            "{USAGE}\n\n{}\n\n{}\n\n{}\n\n{}\n\n{}",
            coverage::USAGE,
            corpus::USAGE,
            conformance::USAGE,
            api_diff::USAGE,
            properties::USAGE
        );
        return ExitCode::from(2);
    };
    let root = workspace_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    codegen(opts)
}

fn parse_codegen(args: &[String], cwd: &Path) -> Option<CodegenOpts> {
    let mut opts = CodegenOpts {
        check: false,
        deny_warnings: false,
        specs: Vec::new(),
        specs_dir: None,
        out: None,
        name: None,
        no_publish: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => opts.check = true,
            "--deny-warnings" => opts.deny_warnings = true,
            "--spec" => opts.specs.push(cwd.join(it.next()?)),
            "--specs" => opts.specs_dir = Some(cwd.join(it.next()?)),
            "--out" => opts.out = Some(cwd.join(it.next()?)),
            "--name" => opts.name = Some(it.next()?.clone()),
            "--no-publish" => opts.no_publish = true,
            _ => return None,
        }
    }
    Some(opts)
}

fn print_ir() -> ExitCode {
    let root = workspace_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    // Paths relative to the workspace root, as in the generated files.
    let ir = hubspot_codegen::bundled_config(Path::new("specs"))
        .and_then(|c| hubspot_codegen::build_ir(&c));
    match ir {
        Ok(ir) => match serde_json::to_string_pretty(&ir) {
            Ok(json) => {
                print_out(&json);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print_out(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn codegen(opts: CodegenOpts) -> ExitCode {
    // The bundled specs are ours: a fault there is an error, not a warning.
    let strict = opts.deny_warnings || opts.specs.is_empty();
    // The bundled specs into generated/: the migration guide goes with them.
    let guide = opts.specs.is_empty() && opts.specs_dir.is_none() && opts.out.is_none();
    let specs_dir = opts
        .specs
        .is_empty()
        .then(|| opts.specs_dir.unwrap_or_else(|| PathBuf::from("specs")));
    let mut config = if let Some(dir) = &specs_dir {
        match hubspot_codegen::bundled_config(dir) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        Config {
            specs: opts.specs,
            name: "hubspot-client".into(),
            version: "0.1.0".into(),
            description: "Async Rust client for HubSpot APIs.".into(),
            versions: Vec::new(),
            share_types: true,
            properties: Vec::new(),
            publish: true,
        }
    };
    if let Some(name) = opts.name {
        config.name = name;
    }
    config.publish = !opts.no_publish;
    let out = opts.out.unwrap_or_else(|| PathBuf::from("generated"));
    let lock = || std::fs::read_to_string(out.join(hubspot_codegen::lock::LOCK)).ok();
    let before = lock();
    let code = run(&config, &out, opts.check, strict, specs_dir.as_deref());
    if !guide || code != ExitCode::SUCCESS && !opts.check {
        return code;
    }
    let path = Path::new(changes::MIGRATING);
    let held = std::fs::read_to_string(path).ok();
    // Written again when the specs changed; always compared with --check.
    if !opts.check && held.is_some() && before == lock() {
        return code;
    }
    let fresh = match changes::migrating(Path::new("specs")) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {}: {e}", changes::MIGRATING);
            return ExitCode::FAILURE;
        }
    };
    match (opts.check, held.as_deref() == Some(fresh.as_str())) {
        (_, true) => code,
        (true, false) => {
            eprintln!(
                "{} is stale: run `cargo xtask api-diff --migrating`",
                changes::MIGRATING
            );
            ExitCode::FAILURE
        }
        (false, false) => match std::fs::write(path, fresh) {
            Ok(()) => {
                println!("{} written.", changes::MIGRATING);
                code
            }
            Err(e) => {
                eprintln!("error: {}: {e}", changes::MIGRATING);
                ExitCode::FAILURE
            }
        },
    }
}

/// Generates from `config` into `out` (or compares, with `check`). With
/// `specs`, the folder of the bundled layout, the output gets a
/// `specs.lock` ([`hubspot_codegen::lock`]) and the API changes since the last generation are told.
fn run(config: &Config, out: &Path, check: bool, strict: bool, specs: Option<&Path>) -> ExitCode {
    let generated = match hubspot_codegen::generate_with_warnings(config) {
        Ok(g) if strict && !g.warnings.is_empty() => {
            for w in &g.warnings {
                eprintln!("error: {w}");
            }
            eprintln!("warnings are errors here (bundled specs, or --deny-warnings).");
            eprintln!("{} was not changed.", out.display());
            return ExitCode::FAILURE;
        }
        Ok(g) => {
            for w in &g.warnings {
                eprintln!("warning: {w}");
            }
            g
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("{} was not changed.", out.display());
            return ExitCode::FAILURE;
        }
    };
    let mut files = generated.files;
    // The API changes, from the lock of what `out` holds to the new one.
    let mut api_changes = None;
    if let Some(specs) = specs {
        let lock = hubspot_codegen::lock::specs_lock(specs, &generated.inputs);
        let old = std::fs::read_to_string(out.join(hubspot_codegen::lock::LOCK)).ok();
        if let Some(old) = old {
            api_changes = changes::report(Path::new("."), &old, &lock, specs);
        }
        files.insert(PathBuf::from(hubspot_codegen::lock::LOCK), lock);
    }
    // With `--check` (every operation named) it goes to stderr, beside the
    // stale files.
    let tell = |check: bool| {
        let text = match &api_changes {
            Some(Ok(report)) => changes::summary(report, check),
            Some(Err(why)) => format!("API changes since the last generation: cannot tell: {why}"),
            None if specs.is_some() && check => format!(
                "The specs are those {} was made from: the difference comes from the generator, not from an API change.",
                out.display()
            ),
            None => return,
        };
        if check {
            eprintln!("{text}");
        } else {
            println!("{text}");
        }
    };
    let result = if check {
        output::diff(out, &files)
    } else {
        output::write(out, &files)
    };
    match result {
        Ok(changes) if changes.is_empty() => {
            println!("{} is up to date ({} files).", out.display(), files.len());
            ExitCode::SUCCESS
        }
        Ok(stale) if check => {
            eprintln!("{} is stale:", out.display());
            for s in &stale {
                eprintln!("  {s}");
            }
            tell(true);
            eprintln!("run `cargo xtask codegen`");
            ExitCode::FAILURE
        }
        Ok(changes) => {
            for c in &changes {
                println!("  {c}");
            }
            let removed = changes
                .iter()
                .filter(|c| matches!(c, output::Stale::Extra(_)))
                .count();
            println!(
                "{}: {} of {} files written, {removed} removed.",
                out.display(),
                changes.len() - removed,
                files.len()
            );
            tell(false);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
