//! Tests of keeping the graph in step with the store: upserts, removals and `apply`.

mod common;

use common::{XorShift, edge, graph, memory, weighted};
use mnemo_core::{EdgeKind, GraphChange, MemoryStatus};
use mnemo_graph::MemoryGraph;

/// Every id map entry points at the right node or edge, and no edge dangles.
fn assert_consistent(g: &MemoryGraph) {
    let nodes: Vec<_> = g.nodes().collect();
    let edges: Vec<_> = g.edges().collect();
    assert_eq!(nodes.len(), g.node_count());
    assert_eq!(edges.len(), g.edge_count());
    for n in &nodes {
        assert_eq!(g.node(&n.id), Some(*n));
    }
    for e in &edges {
        assert_eq!(g.edge(&e.id), Some(*e));
        assert!(
            g.node(&e.from).is_some(),
            "edge {} dangles from {}",
            e.id,
            e.from
        );
        assert!(g.node(&e.to).is_some(), "edge {} dangles to {}", e.id, e.to);
        assert!(g.edges_of(&e.from).iter().any(|x| x.id == e.id));
        assert!(g.edges_of(&e.to).iter().any(|x| x.id == e.id));
    }
    let degree_sum: usize = nodes.iter().map(|n| g.degree(&n.id)).sum();
    let self_loops = edges.iter().filter(|e| e.from == e.to).count();
    assert_eq!(degree_sum, 2 * edges.len() - self_loops);
}

#[test]
fn upserting_a_memory_again_updates_it_in_place() {
    let mut g = graph(&["a", "b"], &[("ab", "a", "b")]);
    let mut a = memory("a");
    a.status = MemoryStatus::Archived;
    a.space = "work".into();
    g.upsert_memory(&a);
    assert_eq!(g.node_count(), 2);
    let node = g.node("a").unwrap();
    assert_eq!(
        (node.status, node.space.as_str()),
        (MemoryStatus::Archived, "work")
    );
    // The node kept its index, so its edge still joins it.
    assert_eq!(g.edges_of("a").len(), 1);
    assert_consistent(&g);
}

#[test]
fn an_edge_to_a_missing_memory_is_refused() {
    let mut g = graph(&["a", "b"], &[]);
    assert!(!g.upsert_edge(&edge("ax", "a", "x", EdgeKind::Related)));
    assert!(!g.upsert_edge(&edge("xa", "x", "a", EdgeKind::Related)));
    assert_eq!(g.edge_count(), 0);
    assert!(g.edge("ax").is_none());
    // Re-pointing an existing edge at a missing memory changes nothing either.
    assert!(g.upsert_edge(&edge("ab", "a", "b", EdgeKind::Related)));
    assert!(!g.upsert_edge(&edge("ab", "a", "x", EdgeKind::Related)));
    assert_eq!(g.edge("ab").unwrap().to, "b");
    assert_consistent(&g);
}

#[test]
fn upserting_an_edge_again_updates_or_repoints_it() {
    let mut g = graph(&["a", "b", "c"], &[("e", "a", "b")]);
    assert!(g.upsert_edge(&weighted("e", "a", "b", 0.25)));
    assert_eq!(g.edge_count(), 1);
    assert_eq!(g.edge("e").unwrap().weight, 0.25);

    assert!(g.upsert_edge(&weighted("e", "c", "a", 0.5)));
    assert_eq!(g.edge_count(), 1);
    assert_eq!(g.degree("b"), 0);
    assert_eq!(g.edges_of("c")[0].id, "e");
    assert_eq!(
        (
            g.edge("e").unwrap().from.as_str(),
            g.edge("e").unwrap().weight
        ),
        ("c", 0.5)
    );
    assert_consistent(&g);
}

#[test]
fn removing_a_memory_removes_its_edges() {
    let mut g = graph(
        &["a", "b", "c"],
        &[
            ("ab", "a", "b"),
            ("cb", "c", "b"),
            ("ca", "c", "a"),
            ("bb", "b", "b"),
        ],
    );
    assert_eq!(g.remove_memory("b"), vec!["ab", "bb", "cb"]);
    assert_eq!((g.node_count(), g.edge_count()), (2, 1));
    assert!(g.node("b").is_none());
    assert!(g.edge("ab").is_none() && g.edge("cb").is_none() && g.edge("bb").is_none());
    assert_eq!(g.degree("a"), 1);
    assert_consistent(&g);

    // Coming back does not bring the edges back, and removing twice is harmless.
    g.upsert_memory(&memory("b"));
    assert_eq!(g.degree("b"), 0);
    assert!(g.remove_memory("zz").is_empty());
    assert_consistent(&g);
}

#[test]
fn removing_an_edge_returns_it_once() {
    let mut g = graph(&["a", "b"], &[("ab", "a", "b")]);
    assert_eq!(g.remove_edge("ab").map(|e| e.id), Some("ab".to_string()));
    assert!(g.remove_edge("ab").is_none());
    assert_eq!((g.node_count(), g.edge_count(), g.degree("a")), (2, 0, 0));
}

#[test]
fn edges_of_sees_both_directions_and_a_self_loop_once() {
    let g = graph(
        &["a", "b", "c"],
        &[("ab", "a", "b"), ("ca", "c", "a"), ("aa", "a", "a")],
    );
    let mut ids: Vec<_> = g.edges_of("a").iter().map(|e| e.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["aa", "ab", "ca"]);
    assert_eq!(
        (g.degree("a"), g.degree("b"), g.degree("missing")),
        (3, 1, 0)
    );
    assert!(g.edges_of("missing").is_empty());
}

#[test]
fn apply_handles_every_change() {
    let mut g = MemoryGraph::new();
    g.apply(&GraphChange::MemoryUpserted {
        memory: memory("a"),
    });
    g.apply(&GraphChange::MemoryUpserted {
        memory: memory("b"),
    });
    g.apply(&GraphChange::EdgeUpserted {
        edge: edge("ab", "a", "b", EdgeKind::Mentions),
    });
    // Dangling: ignored.
    g.apply(&GraphChange::EdgeUpserted {
        edge: edge("ax", "a", "x", EdgeKind::Mentions),
    });
    assert_eq!((g.node_count(), g.edge_count()), (2, 1));
    assert_eq!(g.edge("ab").unwrap().kind, EdgeKind::Mentions);

    let mut forgotten = memory("b");
    forgotten.status = MemoryStatus::Forgotten;
    g.apply(&GraphChange::MemoryUpserted { memory: forgotten });
    assert_eq!(g.node("b").unwrap().status, MemoryStatus::Forgotten);

    g.apply(&GraphChange::EdgeRemoved { id: "ab".into() });
    assert_eq!(g.edge_count(), 0);
    g.apply(&GraphChange::EdgeUpserted {
        edge: edge("ab", "a", "b", EdgeKind::Next),
    });
    g.apply(&GraphChange::MemoryRemoved { id: "a".into() });
    assert_eq!((g.node_count(), g.edge_count()), (1, 0));
    assert!(g.node("a").is_none() && g.edge("ab").is_none());
    assert_consistent(&g);
}

#[test]
fn the_maps_stay_consistent_through_random_churn() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut g = MemoryGraph::new();
    let id = |i: usize| format!("m{i}");
    for step in 0..3000 {
        match rng.below(10) {
            0..=2 => g.upsert_memory(&memory(&id(rng.below(60)))),
            3 => {
                g.remove_memory(&id(rng.below(60)));
            }
            4..=7 => {
                let (from, to) = (id(rng.below(60)), id(rng.below(60)));
                let e = edge(
                    &format!("e{}", rng.below(150)),
                    &from,
                    &to,
                    EdgeKind::Similar,
                );
                let expected = g.node(&from).is_some() && g.node(&to).is_some();
                assert_eq!(g.upsert_edge(&e), expected, "step {step}");
            }
            _ => {
                g.remove_edge(&format!("e{}", rng.below(150)));
            }
        }
        if step % 100 == 0 {
            assert_consistent(&g);
        }
    }
    assert!(
        g.node_count() > 0 && g.edge_count() > 0,
        "the churn should leave something"
    );
    assert_consistent(&g);
}

#[test]
fn next_of_follows_the_session_forward_at_the_time_asked() {
    let mut g = MemoryGraph::new();
    for id in ["q", "a", "later", "x"] {
        g.upsert_memory(&memory(id));
    }
    g.upsert_edge(&edge("qa", "q", "a", EdgeKind::Next));
    g.upsert_edge(&edge("qx", "q", "x", EdgeKind::Related));
    let now = mnemo_core::now();
    let at = |t| mnemo_graph::EdgeTime {
        valid_at: Some(t),
        known_at: None,
    };
    assert_eq!(g.next_of("q", at(now)).map(|e| e.to.as_str()), Some("a"));
    assert!(
        g.next_of("a", at(now)).is_none(),
        "edges are followed forward only"
    );
    assert!(
        g.next_of("x", at(now)).is_none(),
        "a related edge is not `next`"
    );
    // An edge that ended before the time asked does not hold then; one made after the time a
    // query is "known at" did not exist then.
    let mut ended = edge("qa", "q", "a", EdgeKind::Next);
    ended.valid_until = Some(now - chrono::Duration::days(1));
    g.upsert_edge(&ended);
    assert!(g.next_of("q", at(now)).is_none());
    let before = mnemo_graph::EdgeTime {
        valid_at: None,
        known_at: Some(now - chrono::Duration::days(1)),
    };
    g.upsert_edge(&edge("ql", "q", "later", EdgeKind::Next));
    assert_eq!(
        g.next_of("q", at(now)).map(|e| e.to.as_str()),
        Some("later")
    );
    assert!(g.next_of("q", before).is_none());
}
