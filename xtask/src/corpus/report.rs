//! The table of the rows, and the details under it.

use super::Row;

/// Prints the table and the details; returns how many rows failed.
pub fn report(rows: &[Row], checked: bool, crate_level: &[String]) -> usize {
    let width = rows
        .iter()
        .map(|r| r.name().len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<width$}  {:>5}  {:>5}  {:>6}  {:>9}  {:>8}  {:>8}  {:>8}  {:>7}",
        "spec", "ops", "types", "lines", "generated", "compiled", "warnings", "spec-flt", "gen ms"
    );
    let mut failed = 0;
    let (mut ops, mut types, mut lines, mut warnings, mut faults) = (0, 0, 0, 0, 0);
    for r in rows {
        let generated = r.generated.is_ok();
        let compiled = generated && r.errors.is_empty();
        let pass = generated && (!checked || (compiled && r.warnings.is_empty()));
        if !pass {
            failed += 1;
        }
        ops += r.operations;
        types += r.types;
        lines += r.lines;
        warnings += r.warnings.len();
        faults += r.generator_warnings.len();
        println!(
            "{:<width$}  {:>5}  {:>5}  {:>6}  {:>9}  {:>8}  {:>8}  {:>8}  {:>7.1}",
            r.name(),
            r.operations,
            r.types,
            r.lines,
            if generated { "yes" } else { "FAILED" },
            match (checked, compiled) {
                (false, _) => "-",
                (true, true) => "yes",
                (true, false) => "FAILED",
            },
            if checked {
                r.warnings.len().to_string()
            } else {
                "-".into()
            },
            r.generator_warnings.len(),
            r.generate.as_secs_f64() * 1000.0,
        );
    }
    println!(
        "{:<width$}  {:>5}  {:>5}  {:>6}  {:>9}  {:>8}  {:>8}  {:>8}",
        "total",
        ops,
        types,
        lines,
        rows.iter().filter(|r| r.generated.is_ok()).count(),
        if checked {
            rows.iter()
                .filter(|r| r.generated.is_ok() && r.errors.is_empty())
                .count()
                .to_string()
        } else {
            "-".into()
        },
        if checked {
            warnings.to_string()
        } else {
            "-".into()
        },
        faults,
    );
    println!("(warnings: compiler warnings in the spec's crate; spec-flt: faults of the spec the generator worked around, listed below)");

    for r in rows {
        if let Err(e) = &r.generated {
            println!("\n{}: generation failed:\n  {e}", r.name());
        }
        if !r.generator_warnings.is_empty() {
            println!(
                "\n{}: {} spec faults worked around:",
                r.name(),
                r.generator_warnings.len()
            );
            for w in &r.generator_warnings {
                println!("  warning: {w}");
            }
        }
        for m in r.errors.iter().chain(&r.warnings).take(10) {
            println!("\n{}:\n{m}", r.name());
        }
    }
    for m in crate_level.iter().take(10) {
        println!("\n{m}");
    }
    failed
}
