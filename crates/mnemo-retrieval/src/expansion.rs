//! Graph expansion's scoring: graph support for the candidates, the memories the walk adds, and
//! those it may not add, with why.
//!
//! This crate depends on `mnemo-graph` for [`Expansion`]: "support" is defined by what its
//! activation means (personalized PageRank mass, the seeds' restart share included), so that
//! type is the contract, and a copy of it here would duplicate it without decoupling anything.
//! The graph crate is pure and in memory, so no I/O comes with it.

use mnemo_core::{
    Channel, DroppedCandidate, Memory, MemoryKind, PathStep, RetrievalConfig, Signals,
};
use mnemo_graph::{EdgeTime, Expansion, MemoryGraph};
use std::collections::{HashMap, HashSet};

use crate::{Candidate, StageOutcome, sort_by_score};

/// What expansion leaves: the stage's outcome, and the path to every memory it added.
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    pub outcome: StageOutcome,
    pub paths: HashMap<String, Vec<PathStep>>,
}

/// Whether expansion runs at all (when it does not, it leaves no stage in the trace).
pub fn expansion_runs(cands: &[Candidate], cfg: &RetrievalConfig) -> bool {
    cfg.expansion.enabled && !cands.is_empty() && cfg.seeds > 0
}

/// The walk's seeds: the top `cfg.seeds` candidates, weighted by relevance (never quite zero).
pub fn seeds(cands: &[Candidate], cfg: &RetrievalConfig) -> Vec<(String, f32)> {
    cands
        .iter()
        .take(cfg.seeds as usize)
        .map(|c| (c.id.clone(), c.signals.relevance.unwrap_or(0.0).max(1e-6)))
        .collect()
}

/// Whether graph expansion may bring this memory in as a new result.
pub fn expandable(m: &Memory, cfg: &RetrievalConfig) -> bool {
    cfg.expansion.entities_as_results || m.kind != MemoryKind::Entity
}

/// The expansion stage: walks the graph from the candidates' seeds, then scores the walk.
/// Only edges that hold at `time` (the query's "as of", else now) and, for a query "known at" a
/// time, that existed then are followed.
pub fn expand<'m>(
    cands: Vec<Candidate>,
    graph: &MemoryGraph,
    memory: impl Fn(&str) -> Option<&'m Memory>,
    cfg: &RetrievalConfig,
    time: EdgeTime,
) -> Expanded {
    let seeds = seeds(&cands, cfg);
    let walk = graph.expand_at(&seeds, &cfg.expansion, time);
    score_expansion(cands, &seeds, &walk, memory, cfg)
}

/// Scores a walk: sets each candidate's graph support, adds the best-supported expandable
/// memories the walk reached (at most `max_new`, dropping the rest with their support), and
/// orders everything by `relevance` and `graph` weights.
pub fn score_expansion<'m>(
    mut cands: Vec<Candidate>,
    seeds: &[(String, f32)],
    walk: &Expansion,
    memory: impl Fn(&str) -> Option<&'m Memory>,
    cfg: &RetrievalConfig,
) -> Expanded {
    let support = Support::new(seeds, walk, cfg.expansion.restart);
    for c in &mut cands {
        let s = support.of(&c.id);
        if s > 0.0 {
            c.signals.graph = Some(s);
        }
    }
    let reached =
        support.newly_reached(&cands, |id| memory(id).is_some_and(|m| expandable(m, cfg)));
    let max_new = cfg.expansion.max_new as usize;
    let (added, beyond) = reached.split_at(max_new.min(reached.len()));
    let dropped = beyond
        .iter()
        .map(|&(id, s)| DroppedCandidate {
            id: id.to_string(),
            reason: format!(
                "graph support {s:.3}, beyond the {max_new} new memories expansion may add"
            ),
        })
        .collect();
    let paths = added
        .iter()
        .filter_map(|&(id, _)| Some((id.to_string(), walk.paths.get(id)?.clone())))
        .collect();
    let known = cands.len();
    cands.extend(added.iter().map(|&(id, s)| graph_candidate(id, s)));
    let note = format!(
        "personalized PageRank from {} seeds, {} hops: {} memories reached, {} added",
        seeds.len(),
        cfg.expansion.hops,
        walk.reached,
        cands.len() - known
    );
    Expanded {
        outcome: order(cands, dropped, note, cfg),
        paths,
    }
}

/// Scores every candidate by its weighted relevance and graph support and sorts; the list as it
/// came is the stage's previous order.
fn order(
    mut cands: Vec<Candidate>,
    dropped: Vec<DroppedCandidate>,
    note: String,
    cfg: &RetrievalConfig,
) -> StageOutcome {
    let w = &cfg.rerank;
    for c in &mut cands {
        c.score = w.relevance * c.signals.relevance.unwrap_or(0.0)
            + w.graph * c.signals.graph.unwrap_or(0.0);
    }
    let previous = cands.clone();
    sort_by_score(&mut cands);
    StageOutcome {
        candidates: cands,
        previous,
        dropped,
        note,
    }
}

fn graph_candidate(id: &str, support: f32) -> Candidate {
    let signals = Signals {
        graph: Some(support),
        relevance: Some(0.0),
        ..Default::default()
    };
    Candidate {
        id: id.to_string(),
        channels: vec![Channel::Graph],
        signals,
        score: 0.0,
    }
}

/// Graph support: activation beyond what a seed gets from restarting at itself, i.e. what flowed
/// in from its neighbours, over the strongest support.
struct Support<'w> {
    activation: &'w HashMap<String, f32>,
    restart: HashMap<&'w str, f32>,
    max: f32,
}

impl<'w> Support<'w> {
    fn new(seeds: &'w [(String, f32)], walk: &'w Expansion, restart: f32) -> Self {
        let total: f32 = seeds.iter().map(|s| s.1).sum();
        let restart = seeds
            .iter()
            .map(|(id, w)| (id.as_str(), restart * w / total))
            .collect();
        let mut s = Support {
            activation: &walk.activation,
            restart,
            max: 0.0,
        };
        s.max = walk
            .activation
            .keys()
            .map(|id| s.raw(id))
            .fold(0.0f32, f32::max);
        s
    }

    fn raw(&self, id: &str) -> f32 {
        let a = self.activation.get(id).copied().unwrap_or(0.0);
        (a - self.restart.get(id).copied().unwrap_or(0.0)).max(0.0)
    }

    /// Support normalised to 0..1 of the strongest (0 when nothing flowed).
    fn of(&self, id: &str) -> f32 {
        self.raw(id) / self.max.max(f32::MIN_POSITIVE)
    }

    /// Activated memories not among `cands` that may join them, with positive support, best
    /// first (ties by id).
    fn newly_reached(
        &self,
        cands: &[Candidate],
        may_join: impl Fn(&str) -> bool,
    ) -> Vec<(&'w str, f32)> {
        let known: HashSet<&str> = cands.iter().map(|c| c.id.as_str()).collect();
        let mut reached: Vec<(&'w str, f32)> = self
            .activation
            .keys()
            .map(String::as_str)
            .filter(|id| !known.contains(id) && may_join(id))
            .map(|id| (id, self.of(id)))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        reached.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        reached
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate::{candidate, memory as mem};
    use mnemo_core::{Edge, EdgeKind, Timestamp};

    fn when(valid_at: Timestamp, known_at: Option<Timestamp>) -> EdgeTime {
        EdgeTime {
            valid_at: Some(valid_at),
            known_at,
        }
    }

    fn relevant(id: &str, relevance: f32) -> Candidate {
        let signals = Signals {
            relevance: Some(relevance),
            ..Default::default()
        };
        candidate(id, relevance, signals)
    }

    fn path(from: &str, to: &str) -> Vec<PathStep> {
        vec![PathStep {
            from: from.into(),
            to: to.into(),
            edge_id: format!("{from}-{to}"),
            kind: EdgeKind::Related,
            relation: "related".into(),
        }]
    }

    /// Seeds a and b (relevance 1 each, so a restart share of 0.25 each at restart 0.5), c a
    /// plain candidate, x and y plain memories, e an entity, z unknown. Supports: a 0.125, b 0,
    /// c 0.125, x 0.5 (the strongest), y 0.3125, e 0.375, z 0.5.
    struct Fixture {
        memories: Vec<Memory>,
        cands: Vec<Candidate>,
        walk: Expansion,
        cfg: RetrievalConfig,
    }

    fn fixture() -> Fixture {
        let mut memories: Vec<Memory> = ["a", "b", "c", "x", "y", "e"]
            .iter()
            .map(|id| mem(id, id))
            .collect();
        memories[5].kind = MemoryKind::Entity;
        let activation = [
            ("a", 0.375),
            ("b", 0.25),
            ("c", 0.125),
            ("x", 0.5),
            ("y", 0.3125),
            ("e", 0.375),
            ("z", 0.5),
        ];
        let walk = Expansion {
            activation: activation
                .into_iter()
                .map(|(id, a)| (id.to_string(), a))
                .collect(),
            paths: [("x", path("a", "x")), ("e", path("a", "e"))]
                .into_iter()
                .map(|(id, p)| (id.to_string(), p))
                .collect(),
            reached: 9,
            visited_edges: 12,
        };
        let mut cfg = RetrievalConfig {
            seeds: 2,
            ..Default::default()
        };
        cfg.expansion.restart = 0.5;
        cfg.expansion.hops = 2;
        cfg.rerank.graph = 2.0;
        let cands = vec![relevant("a", 1.0), relevant("b", 1.0), relevant("c", 0.5)];
        Fixture {
            memories,
            cands,
            walk,
            cfg,
        }
    }

    impl Fixture {
        fn score(&self) -> Expanded {
            let memory = |id: &str| self.memories.iter().find(|m| m.id == id);
            let seeds = seeds(&self.cands, &self.cfg);
            score_expansion(self.cands.clone(), &seeds, &self.walk, memory, &self.cfg)
        }
    }

    fn ids(cands: &[Candidate]) -> Vec<&str> {
        cands.iter().map(|c| c.id.as_str()).collect()
    }

    fn graph_of(out: &Expanded, id: &str) -> Option<f32> {
        let c = out.outcome.candidates.iter().find(|c| c.id == id);
        c.and_then(|c| c.signals.graph)
    }

    #[test]
    fn seeds_are_the_top_candidates_by_relevance_never_zero() {
        let cfg = RetrievalConfig {
            seeds: 2,
            ..Default::default()
        };
        let cands = vec![
            relevant("a", 1.0),
            candidate("b", 0.0, Signals::default()),
            relevant("c", 0.5),
        ];
        assert_eq!(
            seeds(&cands, &cfg),
            [("a".to_string(), 1.0), ("b".to_string(), 1e-6)]
        );
    }

    #[test]
    fn expansion_runs_only_when_enabled_with_seeds_and_candidates() {
        let cfg = RetrievalConfig::default();
        let cands = vec![relevant("a", 1.0)];
        assert!(expansion_runs(&cands, &cfg));
        assert!(!expansion_runs(&[], &cfg));
        let mut off = cfg.clone();
        off.expansion.enabled = false;
        assert!(!expansion_runs(&cands, &off));
        let no_seeds = RetrievalConfig { seeds: 0, ..cfg };
        assert!(!expansion_runs(&cands, &no_seeds));
    }

    #[test]
    fn support_is_activation_beyond_the_restart_share_over_the_strongest() {
        let out = Fixture::score(&fixture());
        assert_eq!(graph_of(&out, "a"), Some(0.25), "0.375 - 0.25, over 0.5");
        assert_eq!(
            graph_of(&out, "b"),
            None,
            "nothing beyond its restart share"
        );
        assert_eq!(
            graph_of(&out, "c"),
            Some(0.25),
            "not a seed: no restart share"
        );
        assert_eq!(graph_of(&out, "x"), Some(1.0));
        assert_eq!(graph_of(&out, "y"), Some(0.625));
        let x = out.outcome.candidates.iter().find(|c| c.id == "x").unwrap();
        assert_eq!(x.channels, [Channel::Graph]);
        assert_eq!(x.signals.relevance, Some(0.0));
        // Score = relevance + 2·graph: x 2, a 1.5, y 1.25, b 1, c 1 (ties by id).
        assert_eq!(ids(&out.outcome.candidates), ["x", "a", "y", "b", "c"]);
        assert_eq!(out.outcome.candidates[1].score, 1.5);
        assert_eq!(ids(&out.outcome.previous), ["a", "b", "c", "x", "y"]);
        assert!(out.outcome.dropped.is_empty());
        assert_eq!(
            out.outcome.note,
            "personalized PageRank from 2 seeds, 2 hops: 9 memories reached, 2 added"
        );
        let with_paths: Vec<&String> = out.paths.keys().collect();
        assert_eq!(with_paths, ["x"], "y has no path; e and z were not added");
        assert_eq!(out.paths["x"], path("a", "x"));
    }

    #[test]
    fn entities_join_only_when_entities_may_be_results() {
        let f = fixture();
        let out = f.score();
        assert!(
            graph_of(&out, "e").is_none(),
            "an entity is no result by default"
        );
        assert!(!out.outcome.dropped.iter().any(|d| d.id == "e"));
        let mut f = fixture();
        f.cfg.expansion.entities_as_results = true;
        let out = f.score();
        assert_eq!(graph_of(&out, "e"), Some(0.75));
        assert_eq!(out.paths["e"], path("a", "e"));
        assert!(graph_of(&out, "z").is_none(), "z is no memory");
    }

    #[test]
    fn max_new_keeps_the_best_supported_and_drops_the_rest_with_reasons() {
        let mut f = fixture();
        f.cfg.expansion.entities_as_results = true;
        f.cfg.expansion.max_new = 1;
        let out = f.score();
        assert_eq!(ids(&out.outcome.previous), ["a", "b", "c", "x"]);
        assert_eq!(
            out.outcome.dropped,
            [
                DroppedCandidate {
                    id: "e".into(),
                    reason: "graph support 0.750, beyond the 1 new memories expansion may add"
                        .into()
                },
                DroppedCandidate {
                    id: "y".into(),
                    reason: "graph support 0.625, beyond the 1 new memories expansion may add"
                        .into()
                },
            ]
        );
        assert!(
            out.outcome.note.ends_with(", 1 added"),
            "{}",
            out.outcome.note
        );
        assert!(!out.paths.contains_key("e"), "a dropped memory has no path");
    }

    #[test]
    fn a_walk_with_no_flow_changes_no_signal_and_adds_nothing() {
        let mut f = fixture();
        f.walk.activation = [("a", 0.25), ("b", 0.25)]
            .into_iter()
            .map(|(id, a)| (id.to_string(), a))
            .collect();
        let out = f.score();
        assert!(
            out.outcome
                .candidates
                .iter()
                .all(|c| c.signals.graph.is_none())
        );
        assert_eq!(ids(&out.outcome.candidates), ["a", "b", "c"]);
        assert!(out.paths.is_empty() && out.outcome.dropped.is_empty());
    }

    #[test]
    fn expand_walks_the_graph_from_the_seeds() {
        let mut graph = MemoryGraph::new();
        let memories = [mem("a", "a"), mem("x", "x")];
        for m in &memories {
            graph.upsert_memory(m);
        }
        let edge = Edge {
            id: "a-x".into(),
            from: "a".into(),
            to: "x".into(),
            kind: EdgeKind::Related,
            relation: "related".into(),
            weight: 1.0,
            valid_from: None,
            valid_until: None,
            provenance: "test".into(),
            automatic: false,
            confirmed: false,
            created_at: mnemo_core::now(),
        };
        assert!(graph.upsert_edge(&edge));
        let memory = |id: &str| memories.iter().find(|m| m.id == id);
        let cfg = RetrievalConfig::default();
        let now = mnemo_core::now();
        let out = expand(
            vec![relevant("a", 1.0)],
            &graph,
            memory,
            &cfg,
            when(now, None),
        );
        let x = out.outcome.candidates.iter().find(|c| c.id == "x").unwrap();
        assert_eq!(x.signals.graph, Some(1.0), "the strongest support");
        assert_eq!(out.paths["x"][0].edge_id, "a-x");
        assert!(
            out.outcome
                .note
                .starts_with("personalized PageRank from 1 seeds")
        );

        // A link that ended, or had not begun, leads nowhere at that time.
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let ended = Edge {
            valid_from: Some(t("2024-01-01T00:00:00Z")),
            valid_until: Some(t("2024-06-01T00:00:00Z")),
            ..edge
        };
        assert!(graph.upsert_edge(&ended));
        let reach = |at: &str| {
            let out = expand(
                vec![relevant("a", 1.0)],
                &graph,
                memory,
                &cfg,
                when(t(at), None),
            );
            out.outcome.candidates.iter().any(|c| c.id == "x")
        };
        assert!(reach("2024-03-01T00:00:00Z"), "while it held");
        assert!(!reach("2024-06-01T00:00:00Z"), "from its end on");
        assert!(!reach("2023-12-31T00:00:00Z"), "before it began");

        // Known at a time before the link was made: the walk does not take it.
        let made = ended.created_at;
        let known = |at: Timestamp| {
            let cands = vec![relevant("a", 1.0)];
            let time = when(t("2024-03-01T00:00:00Z"), Some(at));
            let out = expand(cands, &graph, memory, &cfg, time);
            out.outcome.candidates.iter().any(|c| c.id == "x")
        };
        assert!(known(made), "made by then");
        assert!(!known(made - chrono::Duration::seconds(1)), "not yet made");
    }
}
