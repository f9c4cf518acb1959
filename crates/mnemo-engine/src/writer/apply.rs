//! Committing a change set: LanceDB first (under the store's write lock, through its journal),
//! then the read state, then one numbered delta.

use mnemo_core::{Error, GraphChange, GraphDelta, Memory, Result, now};
use mnemo_store::{Change, MemoryRow, WriteGuard};
use std::collections::HashMap;
use std::time::Instant;

use super::Writer;
use crate::changeset::ChangeSet;
use crate::search_context::{self, SearchContexts};
use crate::state::State;

impl Writer {
    /// Writes a change set as the next change in the log. An empty one touches nothing. The
    /// caller holds the lock and has caught up, so the follower's position is the log's last.
    pub(super) async fn apply(&mut self, guard: &WriteGuard, changes: &ChangeSet) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let (contexts, refreshed) = {
            let st = self.state.read().expect("state lock");
            let contexts = search_context::plan(&st, changes);
            let refreshed: Vec<Memory> = (contexts.refresh.iter())
                .filter_map(|id| st.memories.get(id).cloned())
                .collect();
            (contexts, refreshed)
        };
        let kept = self.kept_vectors(changes, &contexts.refresh).await?;
        let started = Instant::now();
        let seq = self.follower.position() + 1;
        let rows = Rows {
            kept: &kept,
            contexts: &contexts,
            refreshed: &refreshed,
        };
        (self.store)
            .commit(guard, store_change(seq, changes, rows)?)
            .await?;
        self.follower.committed(seq);
        self.owed.unindexed += changes.memory_rows();
        self.owed.uncompacted += 1;
        self.owed.recent_commits += 1;
        self.last_write = Instant::now();
        tracing::debug!(
            seq,
            memories = changes.memory_rows(),
            edges = changes.new_edges.len() + changes.updated_edges.len(),
            ops = changes.operations.len(),
            commit_ms = started.elapsed().as_secs_f64() * 1e3,
            "committed"
        );
        Ok(())
    }

    /// Stored vectors of updated memories whose text did not change, and of `refresh`.
    async fn kept_vectors(
        &self,
        changes: &ChangeSet,
        refresh: &[String],
    ) -> Result<HashMap<String, Vec<f32>>> {
        let ids: Vec<&str> = (changes.updated_memories.iter())
            .filter(|(_, v)| v.is_none())
            .map(|(m, _)| m.id.as_str())
            .chain(refresh.iter().map(String::as_str))
            .collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(self
            .store
            .load_vectors(Some(&ids))
            .await?
            .into_iter()
            .collect())
    }

    /// Applies a committed change to the read state, publishing one delta per write in it.
    pub(super) fn update_state(
        &self,
        changes: &ChangeSet,
        deltas: Vec<(String, Vec<GraphChange>)>,
    ) {
        let mut state = self.state.write().expect("state lock");
        for s in &changes.new_spaces {
            state.spaces.insert(s.name.clone(), s.clone());
        }
        for (actor, graph_changes) in deltas {
            self.links.note(&state, &graph_changes);
            for c in &graph_changes {
                state.apply(c);
            }
            self.publish(&mut state, &actor, graph_changes);
        }
        let new = (changes.new_memories.iter()).map(|(m, v)| (m, v.as_slice()));
        let updated =
            (changes.updated_memories.iter()).filter_map(|(m, v)| v.as_deref().map(|v| (m, v)));
        self.links.committed(new.chain(updated));
    }

    /// Numbers and sends a delta; no subscriber is fine (the UI may not be open).
    pub(super) fn publish(&self, state: &mut State, actor: &str, changes: Vec<GraphChange>) {
        if changes.is_empty() {
            return;
        }
        state.seq += 1;
        let _ = self.deltas.send(GraphDelta {
            seq: state.seq,
            at: now(),
            actor: actor.to_string(),
            changes,
        });
    }
}

/// What a change set's rows need besides it: stored vectors, search contexts, and the stored
/// memories rewritten only for their context.
struct Rows<'a> {
    kept: &'a HashMap<String, Vec<f32>>,
    contexts: &'a SearchContexts,
    refreshed: &'a [Memory],
}

impl<'a> Rows<'a> {
    fn row(&self, m: &'a Memory, vector: Option<&'a [f32]>) -> Result<MemoryRow<'a>> {
        let vector = (vector.or_else(|| self.kept.get(&m.id).map(Vec::as_slice)))
            .ok_or_else(|| Error::Storage(format!("memory {} has no stored vector", m.id)))?;
        let context = self.contexts.of.get(&m.id).map_or("", String::as_str);
        Ok(MemoryRow {
            memory: m,
            vector,
            context,
        })
    }
}

/// The rows of a change set, as the store writes them: updated memories carry their new vector,
/// else the stored one; every row its search context.
fn store_change<'a>(seq: u64, changes: &'a ChangeSet, rows: Rows<'a>) -> Result<Change<'a>> {
    let updated = (changes.updated_memories.iter()).map(|(m, v)| rows.row(m, v.as_deref()));
    let refreshed = rows.refreshed.iter().map(|m| rows.row(m, None));
    let updated_memories = updated.chain(refreshed).collect::<Result<Vec<_>>>()?;
    let new_memories = (changes.new_memories.iter())
        .map(|(m, v)| rows.row(m, Some(v)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Change {
        seq,
        new_spaces: &changes.new_spaces,
        removed_spaces: (changes.removed_spaces.iter())
            .map(String::as_str)
            .collect(),
        new_memories,
        updated_memories,
        removed_memories: changes
            .removed_memories
            .iter()
            .map(String::as_str)
            .collect(),
        new_edges: &changes.new_edges,
        updated_edges: &changes.updated_edges,
        removed_edges: changes.removed_edges.iter().map(String::as_str).collect(),
        operations: &changes.operations,
    })
}
