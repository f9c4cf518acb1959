//! Builders for small hand-made graphs shared by the integration tests.

#![allow(dead_code)] // Each test binary uses a different subset.

use mnemo_core::{Edge, EdgeKind, Memory, MemoryKind, MemoryStatus};
use mnemo_graph::MemoryGraph;

/// An active fact with the given id; every other field is a placeholder.
pub fn memory(id: &str) -> Memory {
    let now = mnemo_core::now();
    Memory {
        id: id.to_string(),
        kind: MemoryKind::Fact,
        title: id.to_string(),
        text: format!("memory {id}"),
        tags: Vec::new(),
        space: "default".to_string(),
        source: "test".to_string(),
        session: None,
        external_id: None,
        occurred_at: None,
        valid_from: None,
        valid_until: None,
        created_at: now,
        updated_at: now,
        importance: 0.5,
        pinned: false,
        status: MemoryStatus::Active,
        access_count: 0,
        last_accessed_at: None,
        embedder: "test".to_string(),
        version: 1,
        aliases: Vec::new(),
        merged_from: Vec::new(),
        merged_into: None,
        written_by: "user".into(),
        held: None,
        properties: Default::default(),
    }
}

/// An edge of the given kind with weight 1.
pub fn edge(id: &str, from: &str, to: &str, kind: EdgeKind) -> Edge {
    Edge {
        id: id.to_string(),
        from: from.to_string(),
        to: to.to_string(),
        kind,
        relation: kind.as_str().to_string(),
        weight: 1.0,
        valid_from: None,
        valid_until: None,
        provenance: "test".to_string(),
        automatic: false,
        confirmed: false,
        created_at: mnemo_core::now(),
    }
}

/// A `related` edge with the given weight.
pub fn weighted(id: &str, from: &str, to: &str, weight: f32) -> Edge {
    Edge {
        weight,
        ..edge(id, from, to, EdgeKind::Related)
    }
}

/// A graph of active memories joined by `related` edges of weight 1, given as (id, from, to).
pub fn graph(nodes: &[&str], edges: &[(&str, &str, &str)]) -> MemoryGraph {
    let mut g = MemoryGraph::new();
    for id in nodes {
        g.upsert_memory(&memory(id));
    }
    for (id, from, to) in edges {
        assert!(
            g.upsert_edge(&edge(id, from, to, EdgeKind::Related)),
            "edge {id} refused"
        );
    }
    g
}

/// A fixed-seed xorshift64 generator, so "random" tests and benchmarks are reproducible.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
