//! Tests of neighbourhoods, shortest paths and components on small hand-made graphs.

mod common;

use common::graph;
use mnemo_core::PathStep;
use mnemo_graph::MemoryGraph;

/// ```text
///   e ── a ── b ── c ── d        f        g ── h
///         \  /
///          x     (a–x–b is a triangle; edges point every which way)
/// ```
fn sample() -> MemoryGraph {
    graph(
        &["a", "b", "c", "d", "e", "f", "g", "h", "x"],
        &[
            ("ab", "a", "b"),
            ("cb", "c", "b"),
            ("cd", "c", "d"),
            ("ea", "e", "a"),
            ("ax", "a", "x"),
            ("xb", "x", "b"),
            ("gh", "g", "h"),
        ],
    )
}

/// Checks a path walks from `from` to `to` step by step over real edges.
fn assert_walk(g: &MemoryGraph, path: &[PathStep], from: &str, to: &str) {
    assert_eq!(path.first().unwrap().from, from);
    assert_eq!(path.last().unwrap().to, to);
    for pair in path.windows(2) {
        assert_eq!(pair[0].to, pair[1].from);
    }
    for step in path {
        let e = g.edge(&step.edge_id).unwrap();
        let ends = [e.from.as_str(), e.to.as_str()];
        assert!(
            ends == [&step.from, &step.to] || ends == [&step.to, &step.from],
            "{step:?}"
        );
        assert_eq!(
            (step.kind, step.relation.as_str()),
            (e.kind, e.relation.as_str())
        );
    }
}

#[test]
fn neighborhood_of_one_hop() {
    let n = sample().neighborhood("a", 1);
    assert_eq!(n.nodes, ["a", "b", "e", "x"]);
    // xb joins two nodes at the limit: the search never looks at their edges.
    assert_eq!(n.edges, ["ab", "ax", "ea"]);
}

#[test]
fn neighborhood_of_two_hops() {
    let n = sample().neighborhood("a", 2);
    assert_eq!(n.nodes, ["a", "b", "e", "x", "c"]);
    // Now xb is followed, from x or b, once; cd is not, from c at the limit.
    assert_eq!(n.edges, ["ab", "ax", "cb", "ea", "xb"]);
    let from_d = sample().neighborhood("d", 2);
    assert_eq!(from_d.nodes, ["d", "c", "b"]);
    assert_eq!(from_d.edges, ["cb", "cd"]);
}

#[test]
fn neighborhood_edge_cases() {
    let g = sample();
    let alone = g.neighborhood("a", 0);
    assert_eq!((alone.nodes, alone.edges.len()), (vec!["a".to_string()], 0));
    assert_eq!(g.neighborhood("f", 3).nodes, ["f"]);
    assert!(g.neighborhood("missing", 2).nodes.is_empty());
    assert_eq!(g.neighborhood("g", 9).nodes, ["g", "h"]);
}

#[test]
fn path_between_finds_a_shortest_path_ignoring_direction() {
    let g = sample();
    let path = g.path_between("e", "d", 10).unwrap();
    // e–a–b–c–d: 4 hops; the detour through x would be 5.
    assert_eq!(path.len(), 4);
    assert_walk(&g, &path, "e", "d");
    let ids: Vec<_> = path.iter().map(|s| s.edge_id.as_str()).collect();
    assert_eq!(ids, ["ea", "ab", "cb", "cd"]);
    // `cb` points c → b, but the walk goes b → c.
    assert_eq!((path[2].from.as_str(), path[2].to.as_str()), ("b", "c"));

    let back = g.path_between("d", "e", 10).unwrap();
    assert_eq!(back.len(), 4);
    assert_walk(&g, &back, "d", "e");
}

#[test]
fn path_between_respects_max_hops() {
    let g = sample();
    assert!(g.path_between("e", "d", 3).is_none());
    assert_eq!(g.path_between("e", "d", 4).map(|p| p.len()), Some(4));
    assert!(g.path_between("a", "b", 0).is_none());
    assert_eq!(g.path_between("a", "b", 1).map(|p| p.len()), Some(1));
}

#[test]
fn path_between_edge_cases() {
    let g = sample();
    assert_eq!(g.path_between("a", "a", 0), Some(Vec::new()));
    assert!(g.path_between("a", "g", 100).is_none());
    assert!(g.path_between("a", "f", 100).is_none());
    assert!(g.path_between("a", "missing", 100).is_none());
    assert!(g.path_between("missing", "a", 100).is_none());
}

#[test]
fn path_between_takes_the_shortcut_on_a_longer_cycle() {
    // A ring of 8 with a chord r0–r4: r1–r0–r4–r5 beats 4 hops either way round.
    let ring: Vec<String> = (0..8).map(|i| format!("r{i}")).collect();
    let mut edges: Vec<(String, String, String)> = (0..8)
        .map(|i| (format!("e{i}"), ring[i].clone(), ring[(i + 1) % 8].clone()))
        .collect();
    edges.push(("chord".into(), "r0".into(), "r4".into()));
    let nodes: Vec<&str> = ring.iter().map(String::as_str).collect();
    let edges: Vec<(&str, &str, &str)> = edges
        .iter()
        .map(|(i, f, t)| (i.as_str(), f.as_str(), t.as_str()))
        .collect();
    let g = graph(&nodes, &edges);
    let path = g.path_between("r1", "r5", 8).unwrap();
    assert_eq!(path.len(), 3);
    assert_walk(&g, &path, "r1", "r5");
    assert_eq!(path[1].edge_id, "chord");
}

#[test]
fn components_are_largest_first_and_sorted_within() {
    let comps = sample().components();
    assert_eq!(
        comps,
        vec![
            vec!["a", "b", "c", "d", "e", "x"],
            vec!["g", "h"],
            vec!["f"],
        ]
    );
    assert!(MemoryGraph::new().components().is_empty());
}

#[test]
fn components_follow_removals() {
    let mut g = sample();
    g.remove_edge("ab");
    g.remove_edge("xb");
    let comps = g.components();
    // Two components of three: the one with the smaller first id comes first.
    assert_eq!(comps[0], ["a", "e", "x"]);
    assert_eq!(comps[1], ["b", "c", "d"]);
    assert_eq!(comps.len(), 4);
}
