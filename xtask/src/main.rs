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
mod error;
mod properties;
mod published;

/// The generator allocates and frees many small values (tokens, syntax
/// trees); mimalloc does that faster than the system allocator (see
/// BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Args, Parser, Subcommand};
use hubspot_codegen::{output, Config};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
/// output. The bundled specs into generated/ also rewrite MIGRATING.md when
/// the specs changed (--check fails when it is stale).
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
    let cli = Cli::parse();
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
    use clap::CommandFactory;

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
    fn ir_and_ir_schema_take_no_argument() {
        assert!(matches!(parse(&["ir"]), Ok(Command::Ir)));
        assert!(matches!(parse(&["ir-schema"]), Ok(Command::IrSchema)));
        assert_eq!(error(&["ir", "x"]), ErrorKind::UnknownArgument);
        assert_eq!(error(&["ir-schema", "--json"]), ErrorKind::UnknownArgument);
    }
}
