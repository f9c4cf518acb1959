//! The in-memory petgraph mirror of memories and edges, with neighbourhoods, paths and graph expansion.
//!
//! [`MemoryGraph`] keeps only what graph queries need (ids, kind, space, status of each memory and
//! the full [`Edge`](mnemo_core::Edge)s); the store stays the source of truth and feeds it through
//! [`MemoryGraph::apply`] with the [`GraphChange`](mnemo_core::GraphChange)s it publishes.
//!
//! Every query is bounded by a hop count and does work proportional to the part of the graph it
//! touches, never to the whole graph, so it fits inside a retrieval's time budget.

mod expand;
mod graph;
mod traverse;

pub use expand::{EdgeTime, Expansion, HUB_FANOUT};
pub use graph::{MemoryGraph, NodeInfo};
pub use traverse::Neighborhood;
