//! Tests of graph expansion: where activation flows, where it must not, and the paths it reports.

mod common;

use common::{XorShift, edge, graph, memory, weighted};
use mnemo_core::{EdgeKind, ExpansionConfig, MemoryStatus};
use mnemo_graph::{Expansion, MemoryGraph};

fn seeds(ids: &[&str]) -> Vec<(String, f32)> {
    ids.iter().map(|id| (id.to_string(), 1.0)).collect()
}

/// The default configuration, keeping every activated node.
fn keep_all() -> ExpansionConfig {
    ExpansionConfig {
        min_activation: 0.0,
        ..ExpansionConfig::default()
    }
}

fn activated(x: &Expansion) -> Vec<&str> {
    let mut ids: Vec<&str> = x.activation.keys().map(String::as_str).collect();
    ids.sort();
    ids
}

/// Every path starts at a seed, chains step to step, ends at its node and stays within `hops`.
fn assert_paths_well_formed(g: &MemoryGraph, x: &Expansion, seed_ids: &[&str], hops: u32) {
    for (id, path) in &x.paths {
        assert!(
            x.activation.contains_key(id),
            "path to {id}, which was not activated"
        );
        assert!(
            !path.is_empty() && path.len() <= hops as usize,
            "{id}: {path:?}"
        );
        assert!(
            seed_ids.contains(&path[0].from.as_str()),
            "{id} starts at {}",
            path[0].from
        );
        assert_eq!(&path.last().unwrap().to, id);
        for pair in path.windows(2) {
            assert_eq!(pair[0].to, pair[1].from, "{id}: {path:?}");
        }
        for step in path {
            let e = g.edge(&step.edge_id).unwrap();
            assert!(
                (e.from == step.from && e.to == step.to)
                    || (e.from == step.to && e.to == step.from),
                "{step:?} does not follow {e:?}"
            );
            assert_eq!(step.kind, e.kind);
        }
    }
    for id in x.activation.keys() {
        let is_seed = seed_ids.contains(&id.as_str());
        assert_eq!(x.paths.contains_key(id), !is_seed, "{id}");
    }
}

#[test]
fn activation_falls_with_distance_and_stops_at_hops() {
    let g = graph(
        &["s", "a", "b", "c"],
        &[("sa", "s", "a"), ("ab", "b", "a"), ("bc", "b", "c")],
    );
    let x = g.expand(&seeds(&["s"]), &keep_all());
    assert_eq!(activated(&x), ["a", "b", "s"]);
    assert!(x.activation["a"] > x.activation["b"], "{:?}", x.activation);
    assert!(x.activation["b"] > 0.0);
    assert_eq!((x.reached, x.visited_edges), (3, 2));
    assert!(!x.paths.contains_key("c"));
    assert_paths_well_formed(&g, &x, &["s"], 2);

    let one_hop = g.expand(
        &seeds(&["s"]),
        &ExpansionConfig {
            hops: 1,
            ..keep_all()
        },
    );
    assert_eq!(activated(&one_hop), ["a", "s"]);
}

#[test]
fn nothing_beyond_hops_is_reached_even_through_hubs() {
    // s – h, and h is a hub of 50 leaves, each leading one hop further.
    let mut g = graph(&["s", "h"], &[("sh", "s", "h")]);
    for i in 0..50 {
        let (leaf, far) = (format!("l{i:02}"), format!("f{i:02}"));
        g.upsert_memory(&memory(&leaf));
        g.upsert_memory(&memory(&far));
        g.upsert_edge(&edge(&format!("h{i}"), "h", &leaf, EdgeKind::Mentions));
        g.upsert_edge(&edge(&format!("f{i}"), &leaf, &far, EdgeKind::Mentions));
    }
    // An edge between two nodes on the rim is not followed: rim adjacency is never read.
    g.upsert_edge(&edge("rim", "l00", "l01", EdgeKind::Related));
    let x = g.expand(&seeds(&["s"]), &keep_all());
    assert_eq!(x.reached, 52);
    assert_eq!(x.visited_edges, 51);
    assert!(x.activation.keys().all(|id| !id.starts_with('f')));
    assert!(x.activation.contains_key("l00") && x.activation.contains_key("l49"));
}

/// s mentions the entity h, which 5,000 other memories mention too (m0000 first, m4999 last);
/// s also has a plain neighbour n, and m0000 (an old mention) links to s directly.
fn hub_graph() -> MemoryGraph {
    let mut g = graph(&["s", "h", "n"], &[("sh", "s", "h"), ("sn", "s", "n")]);
    for i in 0..5000 {
        let m = format!("m{i:04}");
        g.upsert_memory(&memory(&m));
        g.upsert_edge(&edge(&format!("e{i:04}"), &m, "h", EdgeKind::Mentions));
    }
    g.upsert_edge(&edge("old", "m0000", "s", EdgeKind::Related));
    g
}

#[test]
fn a_hub_near_the_seeds_lends_its_newest_links_and_keeps_its_weight() {
    use mnemo_graph::HUB_FANOUT;
    let g = hub_graph();
    assert_eq!(g.degree("h"), 5001);
    let x = g.expand(&seeds(&["s"]), &keep_all());
    // s, h, n, the old mention that links to s, and the hub's newest links.
    assert_eq!(x.reached, 4 + HUB_FANOUT, "{}", x.reached);
    assert!(x.activation.contains_key("m4999"));
    assert!(!x.activation.contains_key("m3000"));
    // The old mention's own link to s is followed even though the hub did not lend it.
    assert!(x.activation.contains_key("m0000"));
    assert_eq!(x.paths["m0000"].len(), 1);
    let total: f32 = x.activation.values().sum();
    assert!((total - 1.0).abs() < 1e-4, "total {total}");
    // The hub passes each mention about 1/5001 of what it holds, not 1/256 of it: a mention two
    // hops away gets far less than n, one hop away.
    let mention = x.activation["m4999"];
    assert!(
        mention * 1000.0 < x.activation["n"],
        "{mention} vs {}",
        x.activation["n"]
    );
    assert!(mention > 0.0);
    // Below the cap nothing changes: a hub of HUB_FANOUT links is read whole.
    let mut small = graph(&["s", "h"], &[("sh", "s", "h")]);
    for i in 0..HUB_FANOUT - 1 {
        let m = format!("m{i:04}");
        small.upsert_memory(&memory(&m));
        small.upsert_edge(&edge(&format!("e{i:04}"), &m, "h", EdgeKind::Mentions));
    }
    assert_eq!(
        small.expand(&seeds(&["s"]), &keep_all()).reached,
        1 + HUB_FANOUT
    );
}

#[test]
fn activation_is_a_probability_distribution() {
    let g = graph(
        &["s", "t", "a", "b", "c"],
        &[
            ("sa", "s", "a"),
            ("ab", "a", "b"),
            ("tb", "t", "b"),
            ("bc", "b", "c"),
            ("ta", "t", "a"),
        ],
    );
    let x = g.expand(&[("s".into(), 3.0), ("t".into(), 1.0)], &keep_all());
    let total: f32 = x.activation.values().sum();
    assert!((total - 1.0).abs() < 1e-4, "total {total}");
    // The seed with three times the score keeps more of the mass.
    assert!(x.activation["s"] > x.activation["t"]);
}

#[test]
fn a_zero_weight_edge_kind_blocks_flow() {
    let mut g = graph(&["s", "a", "b"], &[("sa", "s", "a")]);
    g.upsert_edge(&edge("sb", "s", "b", EdgeKind::Contradicts));
    let mut cfg = keep_all();
    cfg.edge_weights.insert("contradicts".into(), 0.0);
    let x = g.expand(&seeds(&["s"]), &cfg);
    assert_eq!(activated(&x), ["a", "s"]);
    assert_eq!((x.reached, x.visited_edges), (2, 1));

    // With the kind weighted, the same edge carries activation.
    let open = g.expand(&seeds(&["s"]), &keep_all());
    assert_eq!(activated(&open), ["a", "b", "s"]);

    // A kind missing from the configuration counts as 0, and so does an edge of weight 0.
    cfg.edge_weights.remove("contradicts");
    assert!(!g.expand(&seeds(&["s"]), &cfg).activation.contains_key("b"));
    g.upsert_edge(&weighted("sb", "s", "b", 0.0));
    assert!(
        !g.expand(&seeds(&["s"]), &keep_all())
            .activation
            .contains_key("b")
    );
}

#[test]
fn edge_weights_steer_activation() {
    let g = {
        let mut g = graph(&["s", "strong", "weak"], &[]);
        g.upsert_edge(&weighted("s1", "s", "strong", 0.9));
        g.upsert_edge(&weighted("s2", "weak", "s", 0.1));
        g
    };
    let x = g.expand(&seeds(&["s"]), &keep_all());
    assert!(
        x.activation["strong"] > 5.0 * x.activation["weak"],
        "{:?}",
        x.activation
    );
}

#[test]
fn forgotten_memories_are_not_entered() {
    let mut g = graph(
        &["s", "f", "t", "a"],
        &[("sf", "s", "f"), ("ft", "f", "t"), ("sa", "s", "a")],
    );
    let mut f = memory("f");
    f.status = MemoryStatus::Forgotten;
    g.upsert_memory(&f);
    let x = g.expand(&seeds(&["s"]), &keep_all());
    // t is two hops away, but only through f.
    assert_eq!(activated(&x), ["a", "s"]);
    assert_eq!(x.reached, 2);

    // A forgotten seed is ignored; with no other seed nothing is activated.
    assert_eq!(g.expand(&seeds(&["f"]), &keep_all()), Expansion::default());
    // Archived memories are still entered: only forgetting hides a memory from the walk.
    let mut f = memory("f");
    f.status = MemoryStatus::Archived;
    g.upsert_memory(&f);
    assert_eq!(
        activated(&g.expand(&seeds(&["s"]), &keep_all())),
        ["a", "f", "s", "t"]
    );
}

#[test]
fn forgetting_follows_status_changes_and_removals() {
    let mut g = graph(&["s", "f"], &[("sf", "s", "f")]);
    let mut f = memory("f");
    f.status = MemoryStatus::Forgotten;
    g.upsert_memory(&f);
    assert_eq!(activated(&g.expand(&seeds(&["s"]), &keep_all())), ["s"]);
    // A new memory may take the removed one's place in the graph; it must not inherit its status.
    g.remove_memory("f");
    g.upsert_memory(&memory("n"));
    g.upsert_edge(&edge("sn", "s", "n", EdgeKind::Related));
    assert_eq!(
        activated(&g.expand(&seeds(&["s"]), &keep_all())),
        ["n", "s"]
    );
    // Forgetting the seed's neighbour through `apply` hides it too.
    let mut n = memory("n");
    n.status = MemoryStatus::Forgotten;
    g.apply(&mnemo_core::GraphChange::MemoryUpserted { memory: n });
    assert_eq!(activated(&g.expand(&seeds(&["s"]), &keep_all())), ["s"]);
}

#[test]
fn weak_activation_is_dropped_but_seeds_are_kept() {
    // A weak seed far from everything, and a strong seed with neighbours.
    let g = graph(
        &["s", "a", "b", "lone"],
        &[("sa", "s", "a"), ("ab", "a", "b")],
    );
    let scores = [("s".to_string(), 1.0), ("lone".to_string(), 0.001)];
    let all = g.expand(&scores, &keep_all());
    let strongest = all.activation.values().copied().fold(0.0, f32::max);
    let b = all.activation["b"];
    // Cut just above b: b goes, the seeds stay.
    let cfg = ExpansionConfig {
        min_activation: b / strongest * 1.01,
        ..ExpansionConfig::default()
    };
    let x = g.expand(&scores, &cfg);
    assert!(all.activation["lone"] < b);
    assert_eq!(activated(&x), ["a", "lone", "s"]);
    assert!(!x.paths.contains_key("b"));
}

#[test]
fn paths_start_at_a_seed_and_chain() {
    let g = graph(
        &["s", "t", "a", "b", "c", "d", "e"],
        &[
            ("sa", "s", "a"),
            ("ba", "b", "a"),
            ("tb", "t", "b"),
            ("tc", "t", "c"),
            ("cd", "d", "c"),
            ("de", "d", "e"),
            ("sc", "c", "s"),
        ],
    );
    let x = g.expand(&seeds(&["s", "t"]), &keep_all());
    assert_eq!(activated(&x), ["a", "b", "c", "d", "s", "t"]);
    assert_paths_well_formed(&g, &x, &["s", "t"], 2);
    // d is two hops from both seeds; with equal weights the path through the smaller ids wins.
    let d: Vec<_> = x.paths["d"].iter().map(|s| s.edge_id.as_str()).collect();
    assert_eq!(d, ["sc", "cd"]);
    assert_eq!(x.paths["d"][0].from, "s");
}

#[test]
fn the_strongest_path_wins_then_the_shortest() {
    // s–t directly at 0.2, or s–u–t at 0.9 × 0.9 = 0.81: the longer, stronger path wins.
    let mut g = graph(&["s", "t", "u"], &[]);
    g.upsert_edge(&weighted("st", "s", "t", 0.2));
    g.upsert_edge(&weighted("su", "s", "u", 0.9));
    g.upsert_edge(&weighted("ut", "u", "t", 0.9));
    let mut cfg = keep_all();
    cfg.edge_weights.insert("related".into(), 1.0);
    let x = g.expand(&seeds(&["s"]), &cfg);
    let t: Vec<_> = x.paths["t"].iter().map(|s| s.edge_id.as_str()).collect();
    assert_eq!(t, ["su", "ut"]);

    // At equal strength (0.25 = 0.5 × 0.5, exactly) the direct edge wins.
    g.upsert_edge(&weighted("st", "s", "t", 0.25));
    g.upsert_edge(&weighted("su", "s", "u", 0.5));
    g.upsert_edge(&weighted("ut", "u", "t", 0.5));
    let x = g.expand(&seeds(&["s"]), &cfg);
    let t: Vec<_> = x.paths["t"].iter().map(|s| s.edge_id.as_str()).collect();
    assert_eq!(t, ["st"]);

    // With one hop allowed only the direct edge is a candidate, however weak.
    g.upsert_edge(&weighted("st", "s", "t", 0.01));
    let x = g.expand(&seeds(&["s"]), &ExpansionConfig { hops: 1, ..cfg });
    assert_eq!(x.paths["t"][0].edge_id, "st");
}

#[test]
fn equally_strong_parallel_edges_tie_break_on_edge_id() {
    // e1 is added first, so petgraph lists e2 first: the tie must still go to e1.
    let mut g = graph(&["s", "t"], &[]);
    g.upsert_edge(&edge("e1", "s", "t", EdgeKind::Related));
    g.upsert_edge(&edge("e2", "s", "t", EdgeKind::Related));
    let x = g.expand(&seeds(&["s"]), &keep_all());
    assert_eq!(x.paths["t"].len(), 1);
    assert_eq!(x.paths["t"][0].edge_id, "e1");
}

#[test]
fn expansion_is_deterministic() {
    let build = || {
        let mut rng = XorShift(42);
        let mut g = MemoryGraph::new();
        for i in 0..400 {
            g.upsert_memory(&memory(&format!("m{i:03}")));
        }
        let kinds = EdgeKind::ALL;
        for i in 0..1200 {
            let (a, b) = (rng.below(400), rng.below(400));
            let mut e = edge(
                &format!("e{i}"),
                &format!("m{a:03}"),
                &format!("m{b:03}"),
                kinds[rng.below(kinds.len())],
            );
            // Quantised weights make equal-strength paths common, so tie-breaking is exercised.
            e.weight = [0.5, 1.0][rng.below(2)];
            g.upsert_edge(&e);
        }
        g
    };
    let seed_ids = ["m001", "m100", "m250", "m399"];
    let scores: Vec<(String, f32)> = seed_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.to_string(), 1.0 + i as f32))
        .collect();
    let cfg = ExpansionConfig::default();
    let (g1, g2) = (build(), build());
    let first = g1.expand(&scores, &cfg);
    assert_eq!(first, g1.expand(&scores, &cfg));
    assert_eq!(first, g2.expand(&scores, &cfg));
    // The seeds' order in the input does not matter either.
    let reversed: Vec<_> = scores.iter().rev().cloned().collect();
    assert_eq!(first, g1.expand(&reversed, &cfg));
    assert!(first.reached > 20, "reached {}", first.reached);
    assert_paths_well_formed(&g1, &first, &seed_ids, cfg.hops);
}

#[test]
fn unusable_seeds_and_degenerate_configs() {
    let g = graph(&["s", "a"], &[("sa", "s", "a")]);
    assert_eq!(
        g.expand(&seeds(&["missing"]), &keep_all()),
        Expansion::default()
    );
    assert_eq!(g.expand(&[], &keep_all()), Expansion::default());

    // No positive score: the seeds count equally. A seed listed twice counts once.
    let x = g.expand(&[("s".into(), 0.0), ("s".into(), f32::NAN)], &keep_all());
    assert!(x.activation["s"] > x.activation["a"]);

    let x = g.expand(
        &seeds(&["s"]),
        &ExpansionConfig {
            hops: 0,
            ..keep_all()
        },
    );
    assert_eq!((activated(&x), x.reached), (vec!["s"], 1));
    assert_eq!(x.activation["s"], 1.0);

    let x = g.expand(
        &seeds(&["s"]),
        &ExpansionConfig {
            iterations: 0,
            ..keep_all()
        },
    );
    // No walk at all: a is in the ball but gets nothing ...
    assert_eq!((activated(&x), x.reached), (vec!["s"], 2));
    // ... and seeds keep their normalised scores.
    let no_walk = ExpansionConfig {
        iterations: 0,
        ..keep_all()
    };
    let x = g.expand(&[("s".into(), 3.0), ("a".into(), 1.0)], &no_walk);
    assert_eq!((x.activation["s"], x.activation["a"]), (0.75, 0.25));
}
