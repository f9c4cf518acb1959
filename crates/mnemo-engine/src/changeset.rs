//! What one commit writes: planners build a [`ChangeSet`], the writer applies it as one unit.

use mnemo_core::{Edge, GraphChange, Memory, Operation, Space};
use std::collections::HashSet;

use crate::state::{entity_key, session_key};

/// Everything a commit writes to the store and the read state, and publishes as one delta.
#[derive(Debug, Default)]
pub struct ChangeSet {
    /// Memories that are new, with their vectors, in commit (and delta) order.
    pub new_memories: Vec<(Memory, Vec<f32>)>,
    /// Memories replaced whole; `None` keeps the stored vector (the text did not change).
    pub updated_memories: Vec<(Memory, Option<Vec<f32>>)>,
    /// Memories whose rows go (an undone add). Their edges are in `removed_edges`.
    pub removed_memories: Vec<String>,
    /// Edges known to be new (appended, not upserted).
    pub new_edges: Vec<Edge>,
    pub updated_edges: Vec<Edge>,
    pub removed_edges: Vec<String>,
    /// The log's record of the change, written after the tables.
    pub operations: Vec<Operation>,
    /// Spaces made or changed (upserted by name).
    pub new_spaces: Vec<Space>,
    /// Spaces whose rows go (deleted, or the old name of a rename).
    pub removed_spaces: Vec<String>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.new_memories.is_empty()
            && self.updated_memories.is_empty()
            && self.removed_memories.is_empty()
            && self.new_edges.is_empty()
            && self.updated_edges.is_empty()
            && self.removed_edges.is_empty()
            && self.operations.is_empty()
            && self.new_spaces.is_empty()
            && self.removed_spaces.is_empty()
    }

    /// The graph changes it makes: spaces first, memories before edges so an edge never precedes
    /// its endpoint, removed memories after their edges, and removed spaces last.
    pub fn graph_changes(&self) -> Vec<GraphChange> {
        let spaces =
            (self.new_spaces.iter()).map(|s| GraphChange::SpaceUpserted { space: s.clone() });
        let gone_spaces = (self.removed_spaces.iter())
            .filter(|name| !self.new_spaces.iter().any(|s| &s.name == *name))
            .map(|name| GraphChange::SpaceRemoved { name: name.clone() });
        spaces
            .chain(self.memory_and_edge_changes())
            .chain(gone_spaces)
            .collect()
    }

    fn memory_and_edge_changes(&self) -> Vec<GraphChange> {
        let memories = self.new_memories.iter().map(|(m, _)| m);
        let memories = memories.chain(self.updated_memories.iter().map(|(m, _)| m));
        let removed = self.removed_edges.iter();
        let edges = self.new_edges.iter().chain(&self.updated_edges);
        let gone = self.removed_memories.iter();
        memories
            .map(|m| GraphChange::MemoryUpserted { memory: m.clone() })
            .chain(removed.map(|id| GraphChange::EdgeRemoved { id: id.clone() }))
            .chain(edges.map(|e| GraphChange::EdgeUpserted { edge: e.clone() }))
            .chain(gone.map(|id| GraphChange::MemoryRemoved { id: id.clone() }))
            .collect()
    }

    /// Memories written, for the optimizer's count of unindexed rows.
    pub fn memory_rows(&self) -> usize {
        self.new_memories.len() + self.updated_memories.len() + self.removed_memories.len()
    }

    /// What the change decides about, as keys: two change sets planned against one state
    /// compose only when their keys are disjoint (else the second must be planned after the
    /// first). Memories by id, external id, entity name and session (its `next` chain); edges by
    /// id; spaces by name.
    pub fn claims(&self) -> HashSet<String> {
        let mut keys = HashSet::new();
        let new = self.new_memories.iter().map(|(m, _)| m);
        for m in new.chain(self.updated_memories.iter().map(|(m, _)| m)) {
            keys.insert(format!("memory {}", m.id));
            if let Some(x) = &m.external_id {
                keys.insert(format!("external {}\0{x}", m.space));
            }
            if let Some((space, name)) = entity_key(m) {
                keys.insert(format!("entity {space}\0{name}"));
            }
            if let Some((space, session)) = session_key(m) {
                keys.insert(format!("session {space}\0{session}"));
            }
        }
        for id in &self.removed_memories {
            keys.insert(format!("memory {id}"));
        }
        let edges = self.updated_edges.iter().map(|e| &e.id);
        for id in edges.chain(&self.removed_edges) {
            keys.insert(format!("edge {id}"));
        }
        for name in (self.new_spaces.iter().map(|s| &s.name)).chain(&self.removed_spaces) {
            keys.insert(format!("space {name}"));
        }
        keys
    }

    /// Makes its operations one action, named by the first one's id (unless a planner named
    /// it already): what undo reverses as a unit.
    pub fn seal_action(&mut self) {
        let Some(first) = self.operations.first() else {
            return;
        };
        let action = if first.action.is_empty() {
            first.id.clone()
        } else {
            first.action.clone()
        };
        for o in &mut self.operations {
            o.action = action.clone();
        }
    }

    /// Adds another change set's rows after this one's, to commit both as one change.
    pub fn absorb(&mut self, other: ChangeSet) {
        self.new_memories.extend(other.new_memories);
        self.updated_memories.extend(other.updated_memories);
        self.removed_memories.extend(other.removed_memories);
        self.new_edges.extend(other.new_edges);
        self.updated_edges.extend(other.updated_edges);
        self.removed_edges.extend(other.removed_edges);
        self.operations.extend(other.operations);
        self.new_spaces.extend(other.new_spaces);
        self.removed_spaces.extend(other.removed_spaces);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnemo_core::{MemoryKind, NewMemory, now};

    fn memory(id: &str, fields: NewMemory) -> Memory {
        fields
            .build(id.into(), now(), "default", "test", "e")
            .unwrap()
    }

    fn adding(m: Memory) -> ChangeSet {
        ChangeSet {
            new_memories: vec![(m, vec![0.0])],
            ..Default::default()
        }
    }

    #[test]
    fn changes_about_the_same_external_id_entity_or_session_overlap() {
        let text = |t: &str| NewMemory {
            text: t.into(),
            ..Default::default()
        };
        let a = adding(memory(
            "a",
            NewMemory {
                external_id: Some("x".into()),
                ..text("one")
            },
        ));
        let b = adding(memory(
            "b",
            NewMemory {
                external_id: Some("x".into()),
                ..text("two")
            },
        ));
        assert!(!a.claims().is_disjoint(&b.claims()), "one external id");

        let entity = |id: &str, title: &str| {
            let f = NewMemory {
                kind: Some(MemoryKind::Entity.as_str().into()),
                title: Some(title.into()),
                ..text(title)
            };
            adding(memory(id, f))
        };
        let (c, d) = (entity("c", "Ada Lovelace"), entity("d", "ada  lovelace"));
        assert!(!c.claims().is_disjoint(&d.claims()), "one entity name");

        let in_session = |id: &str| {
            adding(memory(
                id,
                NewMemory {
                    session: Some("s1".into()),
                    ..text(id)
                },
            ))
        };
        assert!(
            !in_session("e")
                .claims()
                .is_disjoint(&in_session("f").claims())
        );

        let plain = adding(memory("g", text("three")));
        assert!(
            plain.claims().is_disjoint(&a.claims()),
            "unrelated adds compose"
        );
    }

    #[test]
    fn absorbing_keeps_both_in_order() {
        let text = |t: &str| NewMemory {
            text: t.into(),
            ..Default::default()
        };
        let mut a = adding(memory("a", text("one")));
        a.absorb(adding(memory("b", text("two"))));
        let ids: Vec<&str> = a.new_memories.iter().map(|(m, _)| m.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }
}
