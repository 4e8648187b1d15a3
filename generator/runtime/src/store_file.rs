//! The file behind the runtime's file stores (`FileTokenStore`,
//! `FileOffsetStore`): read whole, replaced whole.

use super::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file's text, `None` when it does not exist; `store` names the store
/// in errors (`token store`).
pub(crate) async fn read(path: PathBuf, store: &str) -> Result<Option<String>, Error> {
    let read = tokio::task::spawn_blocking(move || std::fs::read_to_string(&path))
        .await
        .map_err(|e| Error::Config(format!("{store}: {e}")))?;
    match read {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Config(format!("{store}: cannot read: {e}"))),
    }
}

/// Replaces the file with `text`: written beside it (owner-only on Unix when
/// `private`), flushed to disk, renamed over it, then (on Unix) the folder
/// flushed so that the rename itself is durable. A crash leaves the old text
/// or the new one, never half.
pub(crate) async fn replace(
    path: PathBuf,
    text: String,
    private: bool,
    store: &str,
) -> Result<(), Error> {
    tokio::task::spawn_blocking(move || write_atomically(&path, &text, private))
        .await
        .map_err(|e| Error::Config(format!("{store}: {e}")))?
        .map_err(|e| Error::Config(format!("{store}: cannot write: {e}")))
}

fn write_atomically(path: &Path, text: &str, private: bool) -> std::io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    let tmp = path.with_file_name(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}
