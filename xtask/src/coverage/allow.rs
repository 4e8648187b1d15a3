//! The reviewed allow-list: differences from the published specs that are
//! deliberate, each with the exact gap it excuses and why.

use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One decision: the gaps it excuses and why.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// Why the differences are deliberate.
    reason: String,
    /// Each gap exactly as `spec-coverage` prints it (without `gap: `).
    gaps: Vec<String>,
}

/// Gap → reason.
pub type AllowList = BTreeMap<String, String>;

/// Reads the allow-list at `path`; an entry without a reason or gaps, or a
/// gap listed twice, is an error naming the file and the entry.
pub fn load(path: &Path) -> Result<AllowList> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the allow-list: {e}", path.display()))?;
    let entries: Vec<Entry> = match serde_yaml::from_str::<Option<Vec<Entry>>>(&text) {
        Ok(entries) => entries.unwrap_or_default(),
        Err(e) => return Err(format!("{}: {e}", path.display()).into()),
    };
    let mut list = AllowList::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let at = format!("{}: entry {}", path.display(), i + 1);
        if entry.reason.trim().is_empty() || entry.gaps.is_empty() {
            return Err(format!("{at}: needs a `reason` and at least one gap").into());
        }
        for gap in entry.gaps {
            if list.contains_key(&gap) {
                return Err(format!("{at}: gap listed twice: {gap}").into());
            }
            list.insert(gap, entry.reason.clone());
        }
    }
    Ok(list)
}
