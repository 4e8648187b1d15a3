//! `cargo xtask codegen [--check]`: regenerates `generated/` from `specs/`.
//!
//! A thin driver over the `hubspot-codegen` library: it finds the inputs,
//! runs the generator and writes (or compares) the output.

use hubspot_codegen::{output, Config};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]

  codegen          regenerate generated/ from specs/
  codegen --check  compare generated/ with fresh output; fail if it is stale";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    if let Err(e) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn codegen(check: bool) -> ExitCode {
    let config = match hubspot_codegen::bundled_config(Path::new("specs")) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    run(&config, Path::new("generated"), check)
}

fn run(config: &Config, out: &Path, check: bool) -> ExitCode {
    let (_, files) = match hubspot_codegen::generate(config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("{} was not changed.", out.display());
            return ExitCode::FAILURE;
        }
    };
    if check {
        match output::diff(out, &files) {
            Ok(stale) if stale.is_empty() => {
                println!("{} is up to date ({} files).", out.display(), files.len());
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                eprintln!("{} is stale:", out.display());
                for s in &stale {
                    eprintln!("  {s}");
                }
                eprintln!("run `cargo xtask codegen`");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    } else {
        match output::write(out, &files) {
            Ok(changes) if changes.is_empty() => {
                println!("{} is up to date ({} files).", out.display(), files.len());
                ExitCode::SUCCESS
            }
            Ok(changes) => {
                for c in &changes {
                    println!("  {c}");
                }
                println!(
                    "{}: {} of {} files updated.",
                    out.display(),
                    changes.len(),
                    files.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    }
}
