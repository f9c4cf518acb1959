//! Bringing an older store's full-text column up to this build's: every memory in a session is
//! rewritten with its search context, a chunk per tick under the write lock, so the app answers
//! meanwhile. Chunks are idempotent; the store is marked done after the last.

use mnemo_core::{Memory, Result};
use mnemo_store::{MemoryRow, SEARCH_INDEX_VERSION};
use std::collections::HashMap;

use super::Writer;
use crate::search_context;
use crate::state::session_key;

/// Rows rewritten per tick.
const CHUNK: usize = 5_000;

/// Memories still to rewrite, and how many there were.
pub(super) struct Reindex {
    pending: Vec<String>,
    total: usize,
}

impl Writer {
    /// Starts the job if the store's search index is older than this build's.
    pub(super) fn plan_reindex(&mut self) {
        if self.store.info().search_index >= SEARCH_INDEX_VERSION {
            return;
        }
        let st = self.state.read().expect("state lock");
        let mut pending: Vec<String> = (st.memories.values())
            .filter(|m| session_key(m).is_some())
            .map(|m| m.id.clone())
            .collect();
        pending.sort_unstable();
        tracing::info!(
            memories = pending.len(),
            "re-indexing memories in sessions with their search context"
        );
        self.reindex = Some(Reindex {
            total: pending.len(),
            pending,
        });
    }

    /// One chunk of the job, if one is running.
    pub(super) async fn reindex_step(&mut self) {
        let Some(job) = self.reindex.as_mut() else {
            return;
        };
        let at = job.pending.len().saturating_sub(CHUNK);
        let chunk = job.pending.split_off(at);
        match self.reindex_rows(&chunk).await {
            Ok(()) => {}
            Err(e) => {
                tracing::warn!(error = %e, "re-indexing failed; it is retried");
                if let Some(job) = self.reindex.as_mut() {
                    job.pending.extend(chunk);
                }
                return;
            }
        }
        let job = self.reindex.as_ref().expect("running");
        let done = job.total - job.pending.len();
        tracing::info!(done, total = job.total, "re-indexed for search context");
        if job.pending.is_empty() {
            self.reindex = None;
        }
    }

    /// Rewrites `ids`' rows (those still stored) with their current context; after the last
    /// chunk, marks the store.
    async fn reindex_rows(&mut self, ids: &[String]) -> Result<()> {
        let guard = self.store.lock_writes().await?;
        self.catch_up(&guard).await?;
        let rows: Vec<(Memory, String)> = {
            let st = self.state.read().expect("state lock");
            (ids.iter())
                .filter_map(|id| st.memories.get(id))
                .map(|m| (m.clone(), search_context::context_in(&st, m)))
                .collect()
        };
        let refs: Vec<&str> = rows.iter().map(|(m, _)| m.id.as_str()).collect();
        let vectors: HashMap<String, Vec<f32>> = if refs.is_empty() {
            HashMap::new()
        } else {
            self.store
                .load_vectors(Some(&refs))
                .await?
                .into_iter()
                .collect()
        };
        let rows: Vec<MemoryRow> = (rows.iter())
            .filter_map(|(m, context)| {
                (vectors.get(&m.id)).map(|v| MemoryRow {
                    memory: m,
                    vector: v,
                    context,
                })
            })
            .collect();
        self.store.rewrite_rows(&guard, &rows).await?;
        self.owed.unindexed += rows.len();
        let last = self.reindex.as_ref().is_some_and(|j| j.pending.is_empty());
        if last {
            (self.store)
                .mark_search_index(&guard, SEARCH_INDEX_VERSION)
                .await?;
        }
        Ok(())
    }
}
