//! Committing a change set: LanceDB first, then the read state, then one numbered delta.

use mnemo_core::{Error, GraphChange, GraphDelta, Memory, Result, now};
use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::Writer;
use crate::changeset::ChangeSet;
use crate::state::State;

impl Writer {
    /// Writes a change set, applies it to the read state and publishes it as one delta.
    /// An empty one touches nothing.
    pub(super) async fn apply(&mut self, actor: &str, changes: ChangeSet) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let kept = self.kept_vectors(&changes).await?;
        let started = Instant::now();
        self.write_tables(&changes, &kept).await?;
        let tables_done = started.elapsed();
        self.store.append_operations(&changes.operations).await?;
        let ops_done = started.elapsed();
        for o in &changes.operations {
            self.follower.own_op(&o.id);
        }
        self.unindexed += changes.memory_rows();
        self.last_write = Instant::now();
        self.update_state(actor, &changes);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        tracing::debug!(
            memories = changes.memory_rows(),
            edges = changes.new_edges.len() + changes.updated_edges.len(),
            ops = changes.operations.len(),
            tables_ms = ms(tables_done),
            ops_ms = ms(ops_done - tables_done),
            apply_ms = ms(started.elapsed() - ops_done),
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
        Ok(self
            .store
            .load_vectors(Some(&ids))
            .await?
            .into_iter()
            .collect())
    }

    /// The memories and edges tables at once (reopening ignores an edge whose endpoint is
    /// missing, so either may land first); the log goes after both, because followers in other
    /// processes take it as the record of what happened.
    async fn write_tables(
        &self,
        changes: &ChangeSet,
        kept: &HashMap<String, Vec<f32>>,
    ) -> Result<()> {
        let store = &self.store;
        let new_rows: Vec<(&Memory, &[f32])> = (changes.new_memories.iter())
            .map(|(m, v)| (m, v.as_slice()))
            .collect();
        let updated_rows = updated_rows(changes, kept)?;
        let removed: Vec<&str> = changes.removed_edges.iter().map(String::as_str).collect();
        let memories = async {
            store.upsert_spaces(&changes.new_spaces).await?;
            store.insert_memories(&new_rows).await?;
            store.update_memories(&updated_rows).await
        };
        let edges = async {
            store.delete_edges(&removed).await?;
            store.insert_edges(&changes.new_edges).await?;
            store.upsert_edges(&changes.updated_edges).await
        };
        tokio::try_join!(memories, edges)?;
        Ok(())
    }

    fn update_state(&self, actor: &str, changes: &ChangeSet) {
        let graph_changes = changes.graph_changes();
        let mut state = self.state.write().expect("state lock");
        for s in &changes.new_spaces {
            state.spaces.insert(s.name.clone(), s.clone());
        }
        for c in &graph_changes {
            state.apply(c);
        }
        self.publish(&mut state, actor, graph_changes);
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

/// Updated memories with their vectors: the new one, else the stored one.
fn updated_rows<'a>(
    changes: &'a ChangeSet,
    kept: &'a HashMap<String, Vec<f32>>,
) -> Result<Vec<(&'a Memory, &'a [f32])>> {
    (changes.updated_memories.iter())
        .map(|(m, v)| {
            let v = v.as_deref().or_else(|| kept.get(&m.id).map(Vec::as_slice));
            let v =
                v.ok_or_else(|| Error::Storage(format!("memory {} has no stored vector", m.id)))?;
            Ok((m, v))
        })
        .collect()
}
