//! Acknowledging what a journal follower yielded: the [`JournalItem`]s, and
//! the record they share with the follower of those still waiting for an
//! acknowledgement, which saves the offset of the acknowledged prefix.

use super::error::Error;
use super::journal_store::OffsetStore;
use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// One journal entry yielded by a
/// [`JournalFollower`](crate::JournalFollower), to process and then
/// [acknowledge](Self::ack).
pub struct JournalItem<E> {
    entry: E,
    offset: String,
    seq: u64,
    acks: Arc<Acks>,
}

impl<E: std::fmt::Debug> std::fmt::Debug for JournalItem<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JournalItem")
            .field("offset", &self.offset)
            .field("entry", &self.entry)
            .finish_non_exhaustive()
    }
}

impl<E> JournalItem<E> {
    /// The entry, as the fetch function answered it.
    pub fn entry(&self) -> &E {
        &self.entry
    }

    /// The entry's offset (its `currentOffset`).
    pub fn offset(&self) -> &str {
        &self.offset
    }

    /// Records that the entry has been processed and saves the offset that
    /// this makes safe to resume after: this entry's, if every entry the
    /// follower yielded before it is acknowledged too; a later one, if
    /// entries after it were acknowledged already; none yet, if an earlier
    /// entry still waits for its acknowledgement.
    ///
    /// Call it only once the entry's processing is complete (durably, if it
    /// must survive a crash). It may be called again (it is then a no-op, or
    /// a new attempt to save) and from another task than the stream's.
    ///
    /// On a save error the acknowledgement stays recorded: the next
    /// acknowledgement (or this one again) tries to save again, and until a
    /// save succeeds a restart resumes from the offset stored before.
    pub fn ack(&self) -> impl Future<Output = Result<(), Error>> + Send + 'static {
        let acks = self.acks.clone();
        let seq = self.seq;
        async move { acks.ack(seq).await }
    }

    /// The entry, without acknowledging it: it and the entries after it
    /// will be yielded again after a restart.
    pub fn into_entry(self) -> E {
        self.entry
    }
}

/// The yielded entries that wait for their acknowledgement, shared by the
/// follower and its items.
pub(crate) struct Acks {
    store: Arc<dyn OffsetStore>,
    state: Mutex<AckState>,
    /// Held while saving, so that saves are made in order.
    saving: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct AckState {
    /// The sequence number of the next yielded entry.
    next_seq: u64,
    /// Yielded entries not yet covered by a saved offset, oldest first, with
    /// consecutive sequence numbers.
    pending: VecDeque<Pending>,
}

struct Pending {
    seq: u64,
    offset: String,
    acked: bool,
}

impl Acks {
    /// No entry yielded yet; acknowledgements save to `store`.
    pub(crate) fn new(store: Arc<dyn OffsetStore>) -> Self {
        Acks {
            store,
            state: Mutex::new(AckState::default()),
            saving: tokio::sync::Mutex::new(()),
        }
    }

    /// How many yielded entries are not yet covered by a saved offset.
    pub(crate) fn unacknowledged(&self) -> usize {
        self.state().pending.len()
    }

    fn state(&self) -> MutexGuard<'_, AckState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a yielded entry.
    pub(crate) fn register<E>(self: &Arc<Self>, entry: E, offset: String) -> JournalItem<E> {
        let mut state = self.state();
        let seq = state.next_seq;
        state.next_seq += 1;
        state.pending.push_back(Pending {
            seq,
            offset: offset.clone(),
            acked: false,
        });
        JournalItem {
            entry,
            offset,
            seq,
            acks: self.clone(),
        }
    }

    async fn ack(&self, seq: u64) -> Result<(), Error> {
        // Recorded first, so that it counts even if this future is dropped
        // while it waits for another save.
        self.mark(seq);
        let _saving = self.saving.lock().await;
        let (count, offset) = {
            let state = self.state();
            let count = state.pending.iter().take_while(|p| p.acked).count();
            match count.checked_sub(1) {
                Some(last) => (count, state.pending[last].offset.clone()),
                None => return Ok(()),
            }
        };
        self.store.save(&offset).await?;
        // Only acknowledgements remove entries, and they hold `saving`: the
        // first `count` are still the ones just saved.
        self.state().pending.drain(..count);
        Ok(())
    }

    fn mark(&self, seq: u64) {
        let mut state = self.state();
        let Some(first) = state.pending.front().map(|p| p.seq) else {
            return;
        };
        // Below `first`: already saved.
        if let Some(pending) = seq
            .checked_sub(first)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| state.pending.get_mut(i))
        {
            pending.acked = true;
        }
    }
}
