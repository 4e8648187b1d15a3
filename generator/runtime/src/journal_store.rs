//! Where a journal follower keeps its position between runs: the
//! [`OffsetStore`] trait, [`MemoryOffsetStore`] and [`FileOffsetStore`].

use super::error::Error;
use super::store_file;
use futures::future::BoxFuture;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// Where a [`JournalFollower`](crate::JournalFollower) keeps its position:
/// the `currentOffset` of the newest entry that it, and every entry before
/// it, has been acknowledged. The follower loads it once, before its first
/// fetch, and saves it on acknowledgements.
///
/// A store shared by two followers at once is not supported: each would
/// overwrite the other's position.
pub trait OffsetStore: Send + Sync {
    /// The offset saved last, or `None` when nothing was ever saved (the
    /// follower then starts wherever its fetch function starts for `None`).
    fn load(&self) -> BoxFuture<'_, Result<Option<String>, Error>>;

    /// Keeps `offset`, replacing the one kept before. It must be durable
    /// when the future completes: the follower counts on it after a crash.
    fn save<'a>(&'a self, offset: &'a str) -> BoxFuture<'a, Result<(), Error>>;
}

impl<T: OffsetStore + ?Sized> OffsetStore for Arc<T> {
    fn load(&self) -> BoxFuture<'_, Result<Option<String>, Error>> {
        (**self).load()
    }

    fn save<'a>(&'a self, offset: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        (**self).save(offset)
    }
}

impl<T: OffsetStore + ?Sized> OffsetStore for Box<T> {
    fn load(&self) -> BoxFuture<'_, Result<Option<String>, Error>> {
        (**self).load()
    }

    fn save<'a>(&'a self, offset: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        (**self).save(offset)
    }
}

/// An [`OffsetStore`] in memory, shared by its clones: for tests, and for a
/// process that may start over after a restart.
#[derive(Debug, Default, Clone)]
pub struct MemoryOffsetStore {
    offset: Arc<Mutex<Option<String>>>,
}

impl MemoryOffsetStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that already holds `offset`.
    pub fn with_offset(offset: impl Into<String>) -> Self {
        MemoryOffsetStore {
            offset: Arc::new(Mutex::new(Some(offset.into()))),
        }
    }

    /// The offset saved last (what a restart would load).
    pub fn get(&self) -> Option<String> {
        self.offset
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl OffsetStore for MemoryOffsetStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<String>, Error>> {
        Box::pin(async move { Ok(self.get()) })
    }

    fn save<'a>(&'a self, offset: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            *self.offset.lock().unwrap_or_else(PoisonError::into_inner) = Some(offset.to_string());
            Ok(())
        })
    }
}

/// An [`OffsetStore`] in a text file holding the offset alone. Every save
/// writes a file beside it, flushes it to disk and renames it over the old
/// one (then flushes the folder on Unix), so a crash leaves the old offset or
/// the new one, never a torn file.
///
/// A missing file loads as `None`; an empty one is an error rather than a
/// silent start from the beginning of the journal.
#[derive(Debug, Clone)]
pub struct FileOffsetStore {
    path: PathBuf,
}

impl FileOffsetStore {
    /// The store at `path` (created on the first save; its folder must
    /// exist).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileOffsetStore { path: path.into() }
    }

    /// The file the offset is kept in.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl OffsetStore for FileOffsetStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<String>, Error>> {
        Box::pin(async move {
            match store_file::read(self.path.clone(), "offset store").await? {
                Some(text) if text.trim().is_empty() => Err(Error::Config(format!(
                    "offset store: {} is empty; delete it to start over",
                    self.path.display()
                ))),
                Some(text) => Ok(Some(text.trim().to_string())),
                None => Ok(None),
            }
        })
    }

    fn save<'a>(&'a self, offset: &'a str) -> BoxFuture<'a, Result<(), Error>> {
        let text = format!("{offset}\n");
        Box::pin(store_file::replace(
            self.path.clone(),
            text,
            false,
            "offset store",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_file_store_round_trips_and_replaces_the_file_whole() {
        let dir = std::env::temp_dir().join(format!(
            "hubspot-journal-offset-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("journal.offset");
        let store = FileOffsetStore::new(&path);
        assert_eq!(store.load().await.unwrap(), None);
        store
            .save("550e8400-e29b-41d4-a716-446655440000")
            .await
            .unwrap();
        store
            .save("550e8400-e29b-41d4-a716-446655440001")
            .await
            .unwrap();
        let again = FileOffsetStore::new(&path);
        assert_eq!(
            again.load().await.unwrap().as_deref(),
            Some("550e8400-e29b-41d4-a716-446655440001")
        );
        assert!(!dir.join("journal.offset.tmp").exists());
        std::fs::write(&path, "\n").unwrap();
        assert!(matches!(again.load().await, Err(Error::Config(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
