//! Bounded traversals for exploring the graph: neighbourhoods, shortest paths and components.
//!
//! All of them ignore edge direction: "A mentions B" connects A and B for a person exploring.

use std::collections::{HashMap, HashSet};

use mnemo_core::PathStep;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::NodeIndexable;

use crate::MemoryGraph;

/// The memories within some hops of a start, and the edges among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Neighborhood {
    /// Breadth-first order, the start first; each hop's nodes sorted by id.
    pub nodes: Vec<String>,
    /// The edges the search followed, sorted by id: every edge touching a node closer than the
    /// hop limit. Edges between two nodes at the limit are left out, so that a hub at the rim
    /// costs nothing to step next to.
    pub edges: Vec<String>,
}

impl MemoryGraph {
    /// The memories within `hops` edges of `id` (in either direction), and the edges followed to
    /// reach them.
    ///
    /// Empty when `id` is not in the graph; just the start when `hops` is 0.
    pub fn neighborhood(&self, id: &str, hops: u32) -> Neighborhood {
        let Some(&start) = self.node_ids.get(id) else {
            return Neighborhood::default();
        };
        let mut seen = HashSet::from([start]);
        let mut order = vec![start];
        let mut followed = Vec::new();
        let mut layer_start = 0;
        for _ in 0..hops {
            let layer_end = order.len();
            if layer_start == layer_end {
                break;
            }
            for i in layer_start..layer_end {
                for (e, v, _) in self.incident(order[i]) {
                    followed.push(e);
                    if seen.insert(v) {
                        order.push(v);
                    }
                }
            }
            // Sorting each hop makes the order independent of the order edges were inserted in.
            order[layer_end..].sort_unstable_by(|&a, &b| self.id_of(a).cmp(self.id_of(b)));
            layer_start = layer_end;
        }
        // An edge between two inner nodes was followed from both ends.
        followed.sort_unstable();
        followed.dedup();
        let mut edges: Vec<String> = followed
            .into_iter()
            .map(|e| self.graph[e].id.clone())
            .collect();
        edges.sort_unstable();
        Neighborhood {
            nodes: order.iter().map(|&ix| self.id_of(ix).to_string()).collect(),
            edges,
        }
    }

    /// A shortest path from `from` to `to` of at most `max_hops` edges, ignoring edge direction.
    ///
    /// The steps follow the walk: the first step's `from` is `from`, each step's `to` is the next
    /// step's `from`, the last step's `to` is `to` (so a step may run against its edge's
    /// direction). `Some(vec![])` when `from == to`; `None` when either is missing or no path is
    /// short enough. Searches from both ends at once, so the explored part stays small.
    pub fn path_between(&self, from: &str, to: &str, max_hops: u32) -> Option<Vec<PathStep>> {
        let (&start, &goal) = (self.node_ids.get(from)?, self.node_ids.get(to)?);
        if start == goal {
            return Some(Vec::new());
        }
        let mut forward = SearchSide::new(start);
        let mut backward = SearchSide::new(goal);
        while forward.depth + backward.depth < max_hops {
            // Growing the smaller frontier keeps the search small around hubs.
            let meet = if forward.frontier.len() <= backward.frontier.len() {
                forward.grow(self, &backward)
            } else {
                backward.grow(self, &forward)
            };
            if let Some(meet) = meet {
                return Some(self.join(&forward, &backward, meet));
            }
            if forward.frontier.is_empty() || backward.frontier.is_empty() {
                return None;
            }
        }
        None
    }

    /// Weakly connected components, largest first (equal sizes by first id), ids sorted within.
    ///
    /// This one looks at the whole graph, by nature.
    pub fn components(&self) -> Vec<Vec<String>> {
        let mut seen = vec![false; self.graph.node_bound()];
        let mut components = Vec::new();
        let mut stack = Vec::new();
        for root in self.graph.node_indices() {
            if seen[root.index()] {
                continue;
            }
            seen[root.index()] = true;
            stack.push(root);
            let mut ids = Vec::new();
            while let Some(u) = stack.pop() {
                ids.push(self.id_of(u).to_string());
                for (_, v, _) in self.incident(u) {
                    if !seen[v.index()] {
                        seen[v.index()] = true;
                        stack.push(v);
                    }
                }
            }
            ids.sort_unstable();
            components.push(ids);
        }
        components.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].cmp(&b[0])));
        components
    }

    /// The step from `from` to `to` along edge `e` (which joins them in either direction).
    pub(crate) fn step(&self, from: NodeIndex, to: NodeIndex, e: EdgeIndex) -> PathStep {
        let edge = &self.graph[e];
        PathStep {
            from: self.id_of(from).to_string(),
            to: self.id_of(to).to_string(),
            edge_id: edge.id.clone(),
            kind: edge.kind,
            relation: edge.relation.clone(),
        }
    }

    /// The path start → `meet` → goal, from the two searches' parent links.
    fn join(&self, forward: &SearchSide, backward: &SearchSide, meet: NodeIndex) -> Vec<PathStep> {
        let mut steps = Vec::new();
        let mut at = meet;
        while let Some((parent, e)) = forward.parent[&at] {
            steps.push(self.step(parent, at, e));
            at = parent;
        }
        steps.reverse();
        let mut at = meet;
        while let Some((parent, e)) = backward.parent[&at] {
            steps.push(self.step(at, parent, e));
            at = parent;
        }
        steps
    }
}

/// One end of a bidirectional breadth-first search.
struct SearchSide {
    /// Each reached node and the (node, edge) it was reached from; `None` for the root.
    parent: HashMap<NodeIndex, Option<(NodeIndex, EdgeIndex)>>,
    /// The nodes reached in the last hop.
    frontier: Vec<NodeIndex>,
    /// Hops searched so far.
    depth: u32,
}

impl SearchSide {
    fn new(root: NodeIndex) -> Self {
        SearchSide {
            parent: HashMap::from([(root, None)]),
            frontier: vec![root],
            depth: 0,
        }
    }

    /// Searches one more hop; returns the first node reached that the other side has reached.
    fn grow(&mut self, graph: &MemoryGraph, other: &SearchSide) -> Option<NodeIndex> {
        let frontier = std::mem::take(&mut self.frontier);
        self.depth += 1;
        for u in frontier {
            for (e, v, _) in graph.incident(u) {
                if self.parent.contains_key(&v) {
                    continue;
                }
                self.parent.insert(v, Some((u, e)));
                if other.parent.contains_key(&v) {
                    return Some(v);
                }
                self.frontier.push(v);
            }
        }
        None
    }
}
