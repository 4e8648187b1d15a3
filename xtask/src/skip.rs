//! A prerequisite that is absent (`../shared`, a spec folder): outside CI a
//! command says what it skipped and succeeds; in CI (`CI=true`) that is a
//! failure, so that a green run has checked what it says it checked.

/// Says that `what` was skipped; `true` when that is allowed here (not in
/// CI), `false` after saying why it fails the run.
pub fn skipped(what: &str) -> bool {
    if in_ci() {
        eprintln!("error: {what} (CI=true: a missing prerequisite fails the run)");
        false
    } else {
        println!("skipped: {what}");
        true
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}
