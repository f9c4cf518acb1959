//! The graph itself: nodes and edges keyed by id, kept consistent under upserts and removals.

use rustc_hash::FxHashMap;
use std::collections::HashSet;

use mnemo_core::{Edge, EdgeKind, GraphChange, Memory, MemoryKind, MemoryStatus};
use petgraph::Directed;
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef;

use crate::EdgeTime;

/// What the graph keeps of a memory: enough to filter and label nodes, not its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInfo {
    pub id: String,
    pub kind: MemoryKind,
    pub space: String,
    pub status: MemoryStatus,
}

impl NodeInfo {
    fn of(m: &Memory) -> Self {
        NodeInfo {
            id: m.id.clone(),
            kind: m.kind,
            space: m.space.clone(),
            status: m.status,
        }
    }
}

/// Memories and edges as a directed graph, addressable by their string ids.
///
/// A `StableGraph` is used so that removing a node or edge leaves every other index valid, which
/// keeps the id → index maps correct without renumbering.
#[derive(Debug, Default)]
pub struct MemoryGraph {
    pub(crate) graph: StableGraph<NodeInfo, Edge, Directed>,
    // FxHash: ids are looked up for every edge applied and every node expanded.
    pub(crate) node_ids: FxHashMap<String, NodeIndex>,
    pub(crate) edge_ids: FxHashMap<String, EdgeIndex>,
    /// The `Forgotten` memories, which expansion must not enter. Usually few or none; keeping
    /// them apart spares expansion a cache miss on every node it reaches, which is most of the
    /// cost of a large expansion.
    forgotten: HashSet<NodeIndex>,
    /// Edges touching each node (a self-loop once), by node index: expansion reads a hub's
    /// degree without walking its adjacency.
    degrees: Vec<u32>,
}

impl MemoryGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts a memory, or updates its node in place (its index, and so its edges, stay).
    pub fn upsert_memory(&mut self, m: &Memory) {
        let ix = match self.node_ids.get(&m.id) {
            Some(&ix) => {
                self.graph[ix] = NodeInfo::of(m);
                ix
            }
            None => {
                let ix = self.graph.add_node(NodeInfo::of(m));
                self.node_ids.insert(m.id.clone(), ix);
                if self.degrees.len() <= ix.index() {
                    self.degrees.resize(ix.index() + 1, 0);
                }
                self.degrees[ix.index()] = 0;
                ix
            }
        };
        if m.status == MemoryStatus::Forgotten {
            self.forgotten.insert(ix);
        } else {
            self.forgotten.remove(&ix);
        }
    }

    /// Removes a memory and every edge touching it; returns the removed edges' ids, sorted.
    pub fn remove_memory(&mut self, id: &str) -> Vec<String> {
        let Some(ix) = self.node_ids.remove(id) else {
            return Vec::new();
        };
        // Only live nodes are kept in the set (the index may be reused by another memory).
        self.forgotten.remove(&ix);
        let mut removed = Vec::new();
        let mut others = Vec::new();
        for (_, other, e) in self.incident(ix) {
            removed.push(e.id.clone());
            if other != ix {
                others.push(other);
            }
        }
        for edge_id in &removed {
            self.edge_ids.remove(edge_id);
        }
        for other in others {
            self.degrees[other.index()] -= 1;
        }
        self.degrees[ix.index()] = 0;
        // Removes the incident edges from the graph too.
        self.graph.remove_node(ix);
        removed.sort_unstable();
        removed
    }

    /// Inserts an edge, or replaces the edge with the same id.
    ///
    /// Returns `false`, changing nothing, when either endpoint is not in the graph: an edge must
    /// never dangle.
    pub fn upsert_edge(&mut self, e: &Edge) -> bool {
        let (Some(&from), Some(&to)) = (self.node_ids.get(&e.from), self.node_ids.get(&e.to))
        else {
            return false;
        };
        if let Some(&ix) = self.edge_ids.get(&e.id) {
            if self.graph.edge_endpoints(ix) == Some((from, to)) {
                self.graph[ix] = e.clone();
                return true;
            }
            // The edge was re-pointed: petgraph cannot move an edge, so replace it.
            self.remove_edge_at(ix);
        }
        let ix = self.graph.add_edge(from, to, e.clone());
        self.edge_ids.insert(e.id.clone(), ix);
        self.count_edge(from, to, 1);
        true
    }

    /// Removes an edge; returns it if it was there.
    pub fn remove_edge(&mut self, id: &str) -> Option<Edge> {
        let ix = self.edge_ids.remove(id)?;
        self.remove_edge_at(ix)
    }

    fn remove_edge_at(&mut self, ix: EdgeIndex) -> Option<Edge> {
        let (from, to) = self.graph.edge_endpoints(ix)?;
        self.count_edge(from, to, -1);
        self.graph.remove_edge(ix)
    }

    fn count_edge(&mut self, from: NodeIndex, to: NodeIndex, by: i32) {
        for ix in if from == to {
            vec![from]
        } else {
            vec![from, to]
        } {
            let d = &mut self.degrees[ix.index()];
            *d = d.saturating_add_signed(by);
        }
    }

    /// Applies one change the store published.
    ///
    /// An edge whose endpoint is missing is ignored, as [`upsert_edge`](Self::upsert_edge) does.
    pub fn apply(&mut self, change: &GraphChange) {
        match change {
            GraphChange::MemoryUpserted { memory } => self.upsert_memory(memory),
            GraphChange::MemoryRemoved { id } => {
                self.remove_memory(id);
            }
            GraphChange::EdgeUpserted { edge } => {
                self.upsert_edge(edge);
            }
            GraphChange::EdgeRemoved { id } => {
                self.remove_edge(id);
            }
            GraphChange::SpaceUpserted { .. } | GraphChange::SpaceRemoved { .. } => {}
        }
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    pub fn node(&self, id: &str) -> Option<&NodeInfo> {
        self.node_ids.get(id).map(|&ix| &self.graph[ix])
    }

    pub fn edge(&self, id: &str) -> Option<&Edge> {
        self.edge_ids.get(id).map(|&ix| &self.graph[ix])
    }

    /// Every edge touching a memory, outgoing then incoming; a self-loop appears once.
    pub fn edges_of(&self, id: &str) -> Vec<&Edge> {
        match self.node_ids.get(id) {
            Some(&ix) => self.incident(ix).map(|(_, _, e)| e).collect(),
            None => Vec::new(),
        }
    }

    /// The `next` edge out of a memory (to the one after it in its session) that holds at `at`;
    /// of several, the one to the earliest-made memory (ids sort by creation).
    pub fn next_of(&self, id: &str, at: EdgeTime) -> Option<&Edge> {
        let &ix = self.node_ids.get(id)?;
        (self.graph.edges_directed(ix, Outgoing))
            .map(|e| e.weight())
            .filter(|e| e.kind == EdgeKind::Next && at.holds(e))
            .min_by(|a, b| a.to.cmp(&b.to))
    }

    /// The number of edges touching a memory, in either direction (a self-loop counts once).
    pub fn degree(&self, id: &str) -> usize {
        self.node_ids.get(id).map_or(0, |&ix| self.degree_at(ix))
    }

    pub(crate) fn degree_at(&self, ix: NodeIndex) -> usize {
        self.degrees[ix.index()] as usize
    }

    /// All nodes, in index order.
    pub fn nodes(&self) -> impl Iterator<Item = &NodeInfo> {
        self.graph.node_weights()
    }

    /// All edges, in index order.
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        self.graph.edge_weights()
    }

    /// The edges touching `ix` in both directions, each as (edge index, the other endpoint, edge).
    ///
    /// Every query treats edges as undirected, so this is the one place that walks adjacency.
    /// Self-loops are reported once (from the outgoing side).
    pub(crate) fn incident(
        &self,
        ix: NodeIndex,
    ) -> impl Iterator<Item = (EdgeIndex, NodeIndex, &Edge)> + '_ {
        let outgoing = self
            .graph
            .edges_directed(ix, Outgoing)
            .map(|e| (e.id(), e.target(), e.weight()));
        let incoming = self
            .graph
            .edges_directed(ix, Incoming)
            .filter(move |e| e.source() != ix)
            .map(|e| (e.id(), e.source(), e.weight()));
        outgoing.chain(incoming)
    }

    /// Whether the memory at `ix` is `Forgotten`, without reading the node itself.
    pub(crate) fn is_forgotten(&self, ix: NodeIndex) -> bool {
        !self.forgotten.is_empty() && self.forgotten.contains(&ix)
    }

    /// The id of the memory at `ix`, which must be in the graph.
    pub(crate) fn id_of(&self, ix: NodeIndex) -> &str {
        &self.graph[ix].id
    }
}
