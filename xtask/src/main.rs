//! `cargo xtask codegen [--check]`: regenerates `generated/` from `specs/`;
//! `cargo xtask --help` lists the other commands.
//!
//! A thin driver over the `hubspot-codegen` library: it finds the inputs,
//! runs the generator and writes (or compares) the output. The command line
//! is parsed with clap ([`Cli`]); each subcommand's module declares its own
//! arguments. Relative paths on the command line are relative to where the
//! command runs; the defaults are relative to the workspace root.

mod api_diff;
mod bench;
mod changes;
mod conformance;
mod corpus;
mod coverage;
mod properties;
mod skip;

/// The generator allocates and frees many small values (tokens, syntax
/// trees); mimalloc does that faster than the system allocator (see
/// BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue};
use clap::{Args, CommandFactory, Parser, Subcommand};
use hubspot_codegen::{output, Config};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xtask_common::{error, published};

/// The project's tasks: regenerate generated/ from specs/, and the
/// checks and measurements around it.
///
/// Relative paths on the command line are relative to where the command
/// runs; the defaults are relative to the workspace root.
#[derive(Parser, Debug)]
#[command(
    name = "xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Codegen(Codegen),
    /// Print the IR of the bundled specs as JSON
    Ir,
    /// Print the JSON Schema of the IR
    IrSchema,
    Bench(bench::Args),
    Corpus(corpus::Args),
    SpecCoverage(coverage::Args),
    Conformance(conformance::Args),
    ApiDiff(api_diff::Args),
    Properties(properties::Args),
}

/// Regenerate generated/ from specs/.
///
/// Runs the generator on every version in specs/ (or on the given specs)
/// and writes the output folder, or with --check compares it with fresh
/// output. Generating the bundled specs into generated/ also rewrites
/// MIGRATING.md when the specs changed (--check fails when it is stale).
#[derive(Args, Debug, Default, PartialEq)]
#[command(args_override_self = true)]
struct Codegen {
    /// Compare the output folder with fresh output; fail if it is stale
    #[arg(long)]
    check: bool,
    /// Fail on a spec fault the generator can work around (always on for
    /// specs/, i.e. without --spec)
    #[arg(long)]
    deny_warnings: bool,
    /// An API document to generate from (repeatable; default: every file in
    /// specs/)
    #[arg(long = "spec", value_name = "FILE")]
    specs: Vec<PathBuf>,
    /// A folder laid out like specs/ (versions.yaml and a folder per version)
    #[arg(long = "specs", value_name = "DIR")]
    specs_dir: Option<PathBuf>,
    /// The output folder (default: generated/)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Package name of the generated crate (default: hubspot-client)
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Write `publish = false` into the generated manifests
    #[arg(long)]
    no_publish: bool,
}

impl Codegen {
    /// The paths given on the command line, relative to `cwd`.
    fn relative_to(self, cwd: &Path) -> Codegen {
        Codegen {
            specs: self.specs.iter().map(|p| cwd.join(p)).collect(),
            specs_dir: self.specs_dir.map(|p| cwd.join(p)),
            out: self.out.map(|p| cwd.join(p)),
            ..self
        }
    }
}

fn main() -> ExitCode {
    let cli = parse_args(std::env::args_os().collect());
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = workspace_root();
    let opts = match cli.command {
        Command::Codegen(opts) => opts.relative_to(&cwd),
        Command::IrSchema => {
            print_out(&format!("{:#}", hubspot_codegen::ir_schema()));
            return ExitCode::SUCCESS;
        }
        Command::Ir => return print_ir(),
        Command::Bench(args) => return bench::command(args, &root),
        Command::Corpus(args) => return corpus::command(args, &cwd, &root),
        Command::SpecCoverage(args) => return coverage::command(args, &cwd, &root),
        Command::ApiDiff(args) => return api_diff::command(args, &cwd, &root),
        Command::Conformance(args) => return conformance::command(args, &root),
        Command::Properties(args) => return properties::command(args, &root),
    };
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    codegen(opts)
}

/// The command line; on `--help` the help on stdout and exit 0, on a wrong
/// argument the error and the usage of the command on stderr and exit 2.
/// Clap shows the usage with most errors; here also with a value that does
/// not parse (`--runs 0`).
fn parse_args(args: Vec<OsString>) -> Cli {
    Cli::try_parse_from(&args).unwrap_or_else(|mut e| {
        if e.use_stderr() && e.get(ContextKind::Usage).is_none() {
            e.insert(ContextKind::Usage, ContextValue::StyledStr(usage(&args)));
        }
        e.exit()
    })
}

/// The usage of the deepest command that `args` name (`cargo xtask
/// properties pull`).
fn usage(args: &[OsString]) -> StyledStr {
    let mut root = Cli::command();
    root.build();
    let mut cmd = &root;
    for arg in args.iter().skip(1) {
        match arg.to_str().and_then(|a| cmd.find_subcommand(a)) {
            Some(sub) => cmd = sub,
            None => break,
        }
    }
    cmd.clone().render_usage()
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

/// A count of at least 1 (`--runs N`, `--jobs N`, `--size N`).
fn positive(arg: &str) -> Result<usize, String> {
    match arg.parse() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{e}")),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn codegen(opts: Codegen) -> ExitCode {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;

    /// The command line `cargo xtask ARGS` as clap parses it.
    pub fn parse(args: &[&str]) -> Result<Command, clap::Error> {
        Cli::try_parse_from(std::iter::once("xtask").chain(args.iter().copied())).map(|c| c.command)
    }

    /// The error kind of `cargo xtask ARGS`, which must not parse.
    pub fn error(args: &[&str]) -> ErrorKind {
        match parse(args) {
            Ok(c) => panic!("{args:?} parses: {c:?}"),
            Err(e) => e.kind(),
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn codegen_options_and_their_paths() {
        let Ok(Command::Codegen(c)) = parse(&["codegen"]) else {
            panic!("codegen")
        };
        assert_eq!(c, Codegen::default());
        let args = [
            "codegen",
            "--check",
            "--deny-warnings",
            "--spec",
            "a.json",
            "--spec",
            "/abs/b.yaml",
            "--specs",
            "s",
            "--out",
            "o",
            "--name",
            "n",
            "--no-publish",
        ];
        let Ok(Command::Codegen(c)) = parse(&args) else {
            panic!("{args:?}")
        };
        let cwd = Path::new("/here");
        assert_eq!(
            c.relative_to(cwd),
            Codegen {
                check: true,
                deny_warnings: true,
                specs: vec!["/here/a.json".into(), "/abs/b.yaml".into()],
                specs_dir: Some("/here/s".into()),
                out: Some("/here/o".into()),
                name: Some("n".into()),
                no_publish: true,
            }
        );
        // The last of a repeated option wins, as before clap.
        let Ok(Command::Codegen(c)) = parse(&["codegen", "--out", "a", "--out", "b"]) else {
            panic!("--out twice")
        };
        assert_eq!(c.out, Some("b".into()));
        assert_eq!(error(&["codegen", "--out"]), ErrorKind::InvalidValue);
        assert_eq!(error(&["codegen", "--verbose"]), ErrorKind::UnknownArgument);
        assert_eq!(error(&["codegen", "extra"]), ErrorKind::UnknownArgument);
    }

    #[test]
    fn codegen_as_the_docs_and_the_bench_run_it() {
        let codegen = |line: &str| match parse(&line.split_whitespace().collect::<Vec<_>>()) {
            Ok(Command::Codegen(c)) => c.relative_to(Path::new("/here")),
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(
            codegen("codegen --check"),
            Codegen {
                check: true,
                ..Codegen::default()
            }
        );
        assert_eq!(
            codegen("codegen --no-publish"),
            Codegen {
                no_publish: true,
                ..Codegen::default()
            }
        );
        assert_eq!(
            codegen("codegen --spec path/to/api.json --out my-client --name my-client"),
            Codegen {
                specs: vec!["/here/path/to/api.json".into()],
                out: Some("/here/my-client".into()),
                name: Some("my-client".into()),
                ..Codegen::default()
            }
        );
        assert_eq!(
            codegen("codegen --out /w/target/bench/gen/ours-typed"),
            Codegen {
                out: Some("/w/target/bench/gen/ours-typed".into()),
                ..Codegen::default()
            }
        );
        assert_eq!(
            codegen("codegen --deny-warnings --spec a.yaml --out o --check"),
            Codegen {
                check: true,
                deny_warnings: true,
                specs: vec!["/here/a.yaml".into()],
                out: Some("/here/o".into()),
                ..Codegen::default()
            }
        );
    }

    /// Every `cargo xtask` command line of README.md, BENCHMARKS.md,
    /// MIGRATING.md, .ci/run, scripts/ and xtask/tests/, and those that the
    /// bench runs, the placeholders of a synopsis filled in. What each
    /// gives is checked in the tests of its subcommand.
    const DOCUMENTED: &[&str] = &[
        // README.md
        "codegen",
        "codegen --check",
        "codegen --spec path/to/api.json --out my-client --name my-client",
        "codegen --spec a.json --spec b.yaml --out DIR --name NAME",
        "codegen --deny-warnings",
        "codegen --no-publish",
        "ir",
        "ir-schema",
        "properties pull --object contacts",
        "spec-coverage",
        "conformance",
        "conformance --runs 5 --seed 40",
        "api-diff OLD NEW",
        "api-diff specs@v3 specs@2026-09",
        "api-diff --from-rev origin/main",
        "api-diff old/contacts.json new/contacts.json --json",
        "api-diff --migrating",
        "api-diff --against-openapi-diff",
        "corpus DIR1 DIR2",
        "bench",
        "bench --bulk",
        "bench --bulk --size 500",
        // BENCHMARKS.md
        "bench --runs 10",
        "bench --no-build --no-call --runs 10",
        "bench --no-build --no-call --no-peers --runs 3",
        "corpus ../shared/hubspot-specs/published-v3 ../shared/hubspot-specs/evangelist-openapi",
        // MIGRATING.md
        "api-diff --migrating",
        "codegen --check",
        // .ci/run
        "codegen --check",
        "spec-coverage",
        "conformance",
        "corpus ../shared/hubspot-specs/published-v3 ../shared/hubspot-specs/published-dated ../shared/hubspot-specs/evangelist-openapi",
        // scripts/
        "bench",
        "bench --bulk",
        "api-diff --against-openapi-diff",
        // The usage texts before clap
        "codegen --check --deny-warnings --spec F --specs D --out D --name N --no-publish",
        "corpus --no-check --jobs 2 --out DIR PATH",
        "spec-coverage --specs DIR --shared DIR --allow FILE",
        "api-diff --from-rev REV NEW --json",
        "properties pull --object NAME --version V --base-url URL",
        // The bench's own runs of codegen, xtask/tests/
        "codegen --out target/bench/gen/ours",
        "codegen --spec a.json --spec b.json --out o --name contacts",
        "codegen --spec bad.yaml --out out --check",
        "codegen --deny-warnings --spec spec.yaml --out strict",
        "spec-coverage --specs specs --shared shared --allow allow.yaml",
    ];

    #[test]
    fn every_documented_command_line_parses() {
        for line in DOCUMENTED {
            let args: Vec<&str> = line.split_whitespace().collect();
            let command = parse(&args).unwrap_or_else(|e| panic!("{line}: {e}"));
            let debug = format!("{command:?}");
            let variant = debug.split('(').next().unwrap_or_default();
            assert_eq!(
                variant.to_lowercase(),
                args[0].replace('-', ""),
                "{line}: {command:?}"
            );
        }
    }

    /// The path of subcommand names to every command, the root first.
    fn every_command() -> Vec<Vec<String>> {
        fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
            out.push(path.clone());
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let mut p = path.clone();
                p.push(sub.get_name().to_string());
                walk(sub, p, out);
            }
        }
        let mut out = Vec::new();
        walk(&Cli::command(), Vec::new(), &mut out);
        out
    }

    #[test]
    fn every_command_answers_help_and_rejects_an_unknown_flag() {
        let all = every_command();
        // The root, its nine commands and `properties pull`.
        assert_eq!(all.len(), 11, "{all:?}");
        assert!(all.contains(&vec!["properties".into(), "pull".into()]));
        for path in &all {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            for flag in ["--help", "-h", "--no-such-flag"] {
                let line = [&path[..], &[flag]].concat();
                let expected = match flag {
                    "--no-such-flag" => ErrorKind::UnknownArgument,
                    _ => ErrorKind::DisplayHelp,
                };
                assert_eq!(error(&line), expected, "{line:?}");
            }
        }
        // Also after options, and in the lines the issues name.
        for line in [
            &["--help"][..],
            &["codegen", "--help"],
            &["properties", "pull", "--help"],
            &["codegen", "--check", "-h"],
            &["bench", "--runs", "3", "--help"],
            &["properties", "pull", "--object", "contacts", "-h"],
        ] {
            assert_eq!(error(line), ErrorKind::DisplayHelp, "{line:?}");
        }
        assert_eq!(error(&["nonsense"]), ErrorKind::InvalidSubcommand);
        assert_eq!(
            error(&[]),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
    }

    #[test]
    fn an_error_shows_the_usage_of_the_command_named() {
        let usage = |line: &str| {
            let args: Vec<OsString> = std::iter::once("xtask")
                .chain(line.split_whitespace())
                .map(OsString::from)
                .collect();
            usage(&args).to_string()
        };
        assert!(usage("").starts_with("Usage: cargo xtask <COMMAND>"));
        assert!(usage("nonsense --runs 0").starts_with("Usage: cargo xtask <COMMAND>"));
        assert!(usage("bench --runs 0").starts_with("Usage: cargo xtask bench [--runs N]"));
        assert!(usage("properties pull --object")
            .starts_with("Usage: cargo xtask properties pull [OPTIONS] --object <NAME>"));
        assert!(usage("corpus pull --jobs 0").starts_with("Usage: cargo xtask corpus [OPTIONS]"));
    }

    #[test]
    fn ir_and_ir_schema_take_no_argument() {
        assert!(matches!(parse(&["ir"]), Ok(Command::Ir)));
        assert!(matches!(parse(&["ir-schema"]), Ok(Command::IrSchema)));
        assert_eq!(error(&["ir", "x"]), ErrorKind::UnknownArgument);
        assert_eq!(error(&["ir-schema", "--json"]), ErrorKind::UnknownArgument);
    }
}
