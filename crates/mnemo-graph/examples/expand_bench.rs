//! Times `expand` on random graphs of retrieval scale: 100k memories, 200k edges, 10 seeds.
//!
//! Run with `cargo run --release -p mnemo-graph --example expand_bench`. Expansion runs inside a
//! query with a 15 ms budget, so the median should be far below that. Two graphs are timed: edges
//! between uniformly random memories, and the same with half the edges mentioning one of 100
//! entities, whose thousand-edge hubs make the 2-hop balls a hundred times larger.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{XorShift, edge, memory};
use mnemo_core::{EdgeKind, ExpansionConfig};
use mnemo_graph::MemoryGraph;

const NODES: usize = 100_000;
const EDGES: usize = 200_000;
const ENTITIES: usize = 100;
const SEEDS: usize = 10;
const RUNS: usize = 50;

/// A UUID-shaped id, so hashing and comparing ids costs what it does with real ids.
fn id(i: usize) -> String {
    format!("0190a5c2-0000-7000-8000-{i:012x}")
}

/// Memories `0..NODES` and `EDGES` edges; with `hubs`, half of them go to memories `0..ENTITIES`.
fn build(rng: &mut XorShift, hubs: bool) -> MemoryGraph {
    let mut g = MemoryGraph::new();
    for i in 0..NODES {
        g.upsert_memory(&memory(&id(i)));
    }
    for i in 0..EDGES {
        let from = rng.below(NODES);
        let (to, kind) = if hubs && i % 2 == 0 {
            (rng.below(ENTITIES), EdgeKind::Mentions)
        } else {
            (
                rng.below(NODES),
                EdgeKind::ALL[rng.below(EdgeKind::ALL.len())],
            )
        };
        let mut e = edge(&format!("e{i}"), &id(from), &id(to), kind);
        e.weight = 0.5 + (rng.below(500) as f32) / 1000.0;
        g.upsert_edge(&e);
    }
    g
}

fn time_expand(name: &str, g: &MemoryGraph, rng: &mut XorShift) {
    let cfg = ExpansionConfig::default();
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let (mut reached, mut visited, mut activated) = (0, 0, 0);
    for _ in 0..RUNS {
        // Seeds are ordinary memories, as retrieval's seeds would be, not the entities.
        let seeds: Vec<(String, f32)> = (0..SEEDS)
            .map(|k| {
                (
                    id(ENTITIES + rng.below(NODES - ENTITIES)),
                    1.0 - k as f32 * 0.05,
                )
            })
            .collect();
        let t = Instant::now();
        let x = g.expand(&seeds, &cfg);
        times.push(t.elapsed());
        reached += x.reached;
        visited += x.visited_edges;
        activated += x.activation.len();
    }
    times.sort();
    println!(
        "{name}: expand, {SEEDS} seeds, hops {}, {RUNS} runs: median {:.3?}, min {:.3?}, max {:.3?}",
        cfg.hops,
        times[RUNS / 2],
        times[0],
        times[RUNS - 1]
    );
    println!(
        "{name}: per run on average {} nodes reached, {} edges visited, {} activated",
        reached / RUNS,
        visited / RUNS,
        activated / RUNS
    );
}

fn main() {
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    for (name, hubs) in [("uniform", false), ("with hubs", true)] {
        let started = Instant::now();
        let g = build(&mut rng, hubs);
        println!(
            "{name}: built {} nodes, {} edges in {:.2?}",
            g.node_count(),
            g.edge_count(),
            started.elapsed()
        );
        time_expand(name, &g, &mut rng);
    }
}
