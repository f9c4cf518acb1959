//! What one commit writes: planners build a [`ChangeSet`], the writer applies it as one unit.

use mnemo_core::{Edge, GraphChange, Memory, Operation, Space};

/// Everything a commit writes to the store and the read state, and publishes as one delta.
#[derive(Debug, Default)]
pub struct ChangeSet {
    /// Memories that are new, with their vectors, in commit (and delta) order.
    pub new_memories: Vec<(Memory, Vec<f32>)>,
    /// Memories replaced whole; `None` keeps the stored vector (the text did not change).
    pub updated_memories: Vec<(Memory, Option<Vec<f32>>)>,
    /// Edges known to be new (appended, not upserted).
    pub new_edges: Vec<Edge>,
    pub updated_edges: Vec<Edge>,
    pub removed_edges: Vec<String>,
    /// The log's record of the change, written after the tables.
    pub operations: Vec<Operation>,
    pub new_spaces: Vec<Space>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.new_memories.is_empty()
            && self.updated_memories.is_empty()
            && self.new_edges.is_empty()
            && self.updated_edges.is_empty()
            && self.removed_edges.is_empty()
            && self.operations.is_empty()
            && self.new_spaces.is_empty()
    }

    /// The graph changes it makes, memories before edges so an edge never precedes its endpoint.
    pub fn graph_changes(&self) -> Vec<GraphChange> {
        let memories = self.new_memories.iter().map(|(m, _)| m);
        let memories = memories.chain(self.updated_memories.iter().map(|(m, _)| m));
        let removed = self.removed_edges.iter();
        let edges = self.new_edges.iter().chain(&self.updated_edges);
        memories
            .map(|m| GraphChange::MemoryUpserted { memory: m.clone() })
            .chain(removed.map(|id| GraphChange::EdgeRemoved { id: id.clone() }))
            .chain(edges.map(|e| GraphChange::EdgeUpserted { edge: e.clone() }))
            .collect()
    }

    /// Memories written, for the optimizer's count of unindexed rows.
    pub fn memory_rows(&self) -> usize {
        self.new_memories.len() + self.updated_memories.len()
    }
}
