//! The trace: the record each stage leaves, the final results, and the trace's closing lists.

use mnemo_core::{
    DroppedCandidate, Memory, PathStep, RetrievalResult, StageKind, TraceCandidate, TraceStage,
};
use std::collections::{BTreeMap, HashMap};

use crate::Candidate;

/// What a stage that reorders or drops candidates leaves: its candidates in their new order, the
/// order they came in (for the trace's rank changes), the drops with reasons, and its note.
#[derive(Debug, Clone, PartialEq)]
pub struct StageOutcome {
    pub candidates: Vec<Candidate>,
    pub previous: Vec<Candidate>,
    pub dropped: Vec<DroppedCandidate>,
    pub note: String,
}

impl StageOutcome {
    /// Appends the stage to `trace` and passes its candidates on.
    pub fn record(
        self,
        kind: StageKind,
        duration_ms: f64,
        trace: &mut Vec<TraceStage>,
    ) -> Vec<Candidate> {
        trace.push(stage(
            kind,
            duration_ms,
            &self.candidates,
            Some(&self.previous),
            self.dropped,
            self.note,
        ));
        self.candidates
    }
}

/// Records a stage: candidates in their new order with their previous ranks, and what was dropped.
pub fn stage(
    kind: StageKind,
    duration_ms: f64,
    cands: &[Candidate],
    previous: Option<&[Candidate]>,
    dropped: Vec<DroppedCandidate>,
    note: String,
) -> TraceStage {
    let prev: HashMap<&str, u32> = previous
        .map(|p| {
            p.iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i as u32 + 1))
                .collect()
        })
        .unwrap_or_default();
    TraceStage {
        kind,
        duration_ms,
        candidates: cands
            .iter()
            .enumerate()
            .map(|(i, c)| trace_candidate(c, i, prev.get(c.id.as_str()).copied()))
            .collect(),
        dropped,
        note,
    }
}

pub fn trace_candidate(c: &Candidate, index: usize, previous_rank: Option<u32>) -> TraceCandidate {
    TraceCandidate {
        id: c.id.clone(),
        rank: index as u32 + 1,
        previous_rank,
        score: c.score,
        channels: c.channels.clone(),
        signals: c.signals.clone(),
    }
}

/// A stage that only lists candidates: nothing came before it in the pipeline's order, and it
/// drops nothing (the embed, search and fusion stages).
pub fn listing(kind: StageKind, duration_ms: f64, cands: &[Candidate], note: String) -> TraceStage {
    stage(kind, duration_ms, cands, None, vec![], note)
}

/// The embed stage: no candidates, just the vector's size.
pub fn embed_stage(duration_ms: f64, dimensions: usize) -> TraceStage {
    let note = format!("{dimensions} dimensions");
    listing(StageKind::Embed, duration_ms, &[], note)
}

/// The final results: each candidate with its memory (those `memory` no longer finds are left
/// out) and its graph path, if expansion added it.
pub fn results<'m>(
    cands: &[Candidate],
    memory: impl Fn(&str) -> Option<&'m Memory>,
    paths: &HashMap<String, Vec<PathStep>>,
) -> Vec<RetrievalResult> {
    cands
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            memory(&c.id).map(|m| RetrievalResult {
                memory: m.clone(),
                rank: i as u32 + 1,
                score: c.score,
                channels: c.channels.clone(),
                signals: c.signals.clone(),
                path: paths.get(&c.id).cloned().unwrap_or_default(),
            })
        })
        .collect()
}

/// How a [`RetrievalTrace`](mnemo_core::RetrievalTrace) ends: the final candidates and the
/// paths of the results that have one.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEnding {
    /// The last stage's candidates.
    pub results: Vec<TraceCandidate>,
    pub paths: BTreeMap<String, Vec<PathStep>>,
}

/// The trace's ending, from its stages and the final results.
pub fn trace_ending(
    stages: &[TraceStage],
    results: &[RetrievalResult],
    paths: &HashMap<String, Vec<PathStep>>,
) -> TraceEnding {
    let last = stages.last().map(|s| s.candidates.clone());
    let paths = results
        .iter()
        .filter_map(|r| {
            let id = &r.memory.id;
            paths.get(id).map(|p| (id.clone(), p.clone()))
        })
        .collect();
    TraceEnding {
        results: last.unwrap_or_default(),
        paths,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate::{candidate, memory as mem};
    use mnemo_core::{Channel, EdgeKind, Signals};

    #[test]
    fn stages_record_rank_changes() {
        let c = |id: &str| Candidate {
            id: id.into(),
            channels: vec![],
            signals: Signals::default(),
            score: 0.0,
        };
        let before = vec![c("a"), c("b")];
        let after = vec![c("b"), c("a"), c("n")];
        let s = stage(
            StageKind::Rerank,
            1.0,
            &after,
            Some(&before),
            vec![],
            String::new(),
        );
        assert_eq!(s.candidates[0].previous_rank, Some(2));
        assert_eq!(s.candidates[1].previous_rank, Some(1));
        assert_eq!(s.candidates[2].previous_rank, None);
    }

    #[test]
    fn recording_an_outcome_appends_its_stage_and_passes_the_candidates_on() {
        let dropped = DroppedCandidate {
            id: "c".into(),
            reason: "why".into(),
        };
        let outcome = StageOutcome {
            candidates: vec![candidate("b", 2.0, Signals::default())],
            previous: vec![
                candidate("a", 0.0, Signals::default()),
                candidate("b", 0.0, Signals::default()),
            ],
            dropped: vec![dropped.clone()],
            note: "a note".into(),
        };
        let mut trace = vec![embed_stage(0.5, 384)];
        let passed = outcome.clone().record(StageKind::Filter, 1.5, &mut trace);
        assert_eq!(passed, outcome.candidates);
        assert_eq!(trace[0].note, "384 dimensions");
        let s = &trace[1];
        assert_eq!((s.kind, s.duration_ms), (StageKind::Filter, 1.5));
        assert_eq!(s.candidates[0].rank, 1);
        assert_eq!(s.candidates[0].previous_rank, Some(2));
        assert_eq!(s.candidates[0].score, 2.0);
        assert_eq!(
            (s.dropped.clone(), s.note.as_str()),
            (vec![dropped], "a note")
        );
    }

    fn step(to: &str) -> Vec<PathStep> {
        vec![PathStep {
            from: "s".into(),
            to: to.into(),
            edge_id: format!("s-{to}"),
            kind: EdgeKind::Related,
            relation: "related".into(),
        }]
    }

    #[test]
    fn results_carry_memories_ranks_and_paths_and_the_ending_matches_them() {
        let memories = [mem("a", "alpha"), mem("x", "ex")];
        let memory = |id: &str| memories.iter().find(|m| m.id == id);
        let mut x = candidate("x", 0.7, Signals::default());
        x.channels = vec![Channel::Graph];
        let cands = vec![
            candidate("a", 0.9, Signals::default()),
            candidate("gone", 0.8, Signals::default()),
            x,
        ];
        let paths: HashMap<String, Vec<PathStep>> =
            [("x", step("x")), ("dropped", step("dropped"))]
                .into_iter()
                .map(|(id, p)| (id.to_string(), p))
                .collect();
        let results = results(&cands, memory, &paths);
        let got: Vec<(&str, u32, f32)> = results
            .iter()
            .map(|r| (r.memory.text.as_str(), r.rank, r.score))
            .collect();
        assert_eq!(got, [("alpha", 1, 0.9), ("ex", 3, 0.7)], "ranks as cut");
        assert!(results[0].path.is_empty());
        assert_eq!(results[1].path, step("x"));
        assert_eq!(results[1].channels, [Channel::Graph]);

        let last = stage(StageKind::Rerank, 1.0, &cands, None, vec![], String::new());
        let stages = [embed_stage(0.1, 3), last.clone()];
        let ending = trace_ending(&stages, &results, &paths);
        assert_eq!(
            ending.results, last.candidates,
            "the last stage's candidates"
        );
        let with_paths: Vec<&String> = ending.paths.keys().collect();
        assert_eq!(with_paths, ["x"], "only results' paths");
        assert_eq!(
            trace_ending(&[], &[], &paths),
            TraceEnding {
                results: vec![],
                paths: BTreeMap::new()
            }
        );
    }
}
