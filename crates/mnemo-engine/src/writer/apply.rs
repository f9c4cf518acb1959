//! Committing a change set: LanceDB first (under the store's write lock, through its journal),
//! then the read state, then one numbered delta.

use mnemo_core::{Error, GraphChange, GraphDelta, Memory, Result, now};
use mnemo_store::{Change, WriteGuard};
use std::collections::HashMap;
use std::time::Instant;

use super::Writer;
use crate::changeset::ChangeSet;
use crate::state::State;

impl Writer {
    /// Writes a change set as the next change in the log. An empty one touches nothing. The
    /// caller holds the lock and has caught up, so the follower's position is the log's last.
    pub(super) async fn apply(&mut self, guard: &WriteGuard, changes: &ChangeSet) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let kept = self.kept_vectors(changes).await?;
        let started = Instant::now();
        let seq = self.follower.position() + 1;
        (self.store)
            .commit(guard, store_change(seq, changes, &kept)?)
            .await?;
        self.follower.committed(seq);
        self.unindexed += changes.memory_rows();
        self.uncompacted += 1;
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

    /// Stored vectors of updated memories whose text did not change.
    async fn kept_vectors(&self, changes: &ChangeSet) -> Result<HashMap<String, Vec<f32>>> {
        let ids: Vec<&str> = (changes.updated_memories.iter())
            .filter(|(_, v)| v.is_none())
            .map(|(m, _)| m.id.as_str())
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

/// The rows of a change set, as the store writes them: updated memories carry their new vector,
/// else the stored one.
fn store_change<'a>(
    seq: u64,
    changes: &'a ChangeSet,
    kept: &'a HashMap<String, Vec<f32>>,
) -> Result<Change<'a>> {
    let updated_memories = (changes.updated_memories.iter())
        .map(|(m, v)| {
            let v = v.as_deref().or_else(|| kept.get(&m.id).map(Vec::as_slice));
            let v =
                v.ok_or_else(|| Error::Storage(format!("memory {} has no stored vector", m.id)))?;
            Ok((m, v))
        })
        .collect::<Result<Vec<(&Memory, &[f32])>>>()?;
    Ok(Change {
        seq,
        new_spaces: &changes.new_spaces,
        new_memories: (changes.new_memories.iter())
            .map(|(m, v)| (m, v.as_slice()))
            .collect(),
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
