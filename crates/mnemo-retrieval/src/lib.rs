//! Retrieval's pure stages: fusion of the vector and keyword channels, filters that say why they
//! drop a candidate, re-ranking by relevance, graph activation, recency, importance and pins, and
//! the [`TraceStage`] records each stage leaves. No I/O: the engine feeds in search hits and the
//! graph's activation, so every stage is testable and explainable on its own.

use mnemo_core::{
    Channel, DroppedCandidate, FusionMethod, Memory, MemoryKind, MemoryStatus, RetrievalConfig,
    RetrievalQuery, Signals, StageKind, Timestamp, TraceCandidate, TraceStage,
};
use std::collections::HashMap;

/// A candidate moving through the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub channels: Vec<Channel>,
    pub signals: Signals,
    /// What the current stage ranks by.
    pub score: f32,
}

/// A search hit from one channel: id and raw score (cosine or BM25), best first.
pub type Hit<'a> = (&'a str, f32);

/// Fuses the two channels by the configured method; `relevance` is the fused score over the best.
pub fn fuse<'a>(vector: &[Hit<'a>], keyword: &[Hit<'a>], cfg: &RetrievalConfig) -> Vec<Candidate> {
    // Cosine is normalised between the weakest and the strongest hit; BM25 against the strongest
    // (its zero is meaningful: no shared terms).
    let (vmin, vmax) = vector
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), h| {
            (lo.min(h.1), hi.max(h.1))
        });
    let kmax = keyword.iter().map(|h| h.1).fold(0.0f32, f32::max);
    let contribution = |channel: Channel, rank: u32, score: f32| -> f32 {
        match (cfg.fusion, channel) {
            (FusionMethod::Rrf, Channel::Vector) => cfg.vector_weight / (cfg.rrf_k + rank as f32),
            (FusionMethod::Rrf, _) => cfg.keyword_weight / (cfg.rrf_k + rank as f32),
            (FusionMethod::Score, Channel::Vector) => {
                cfg.vector_weight
                    * if vmax > vmin {
                        (score - vmin) / (vmax - vmin)
                    } else {
                        1.0
                    }
            }
            (FusionMethod::Score, _) => {
                cfg.keyword_weight * if kmax > 0.0 { score / kmax } else { 0.0 }
            }
        }
    };
    fuse_with(vector, keyword, contribution)
}

fn fuse_with<'a>(
    vector: &[Hit<'a>],
    keyword: &[Hit<'a>],
    contribution: impl Fn(Channel, u32, f32) -> f32,
) -> Vec<Candidate> {
    let mut by_id: HashMap<&'a str, Candidate> = HashMap::new();
    let mut order: Vec<&'a str> = Vec::new();
    let mut add = |hits: &[Hit<'a>], channel: Channel| {
        for (i, (id, score)) in hits.iter().enumerate() {
            let rank = i as u32 + 1;
            let c = by_id.entry(id).or_insert_with(|| {
                order.push(id);
                Candidate {
                    id: id.to_string(),
                    channels: Vec::new(),
                    signals: Signals::default(),
                    score: 0.0,
                }
            });
            if c.channels.contains(&channel) {
                continue;
            }
            c.channels.push(channel);
            c.score += contribution(channel, rank, *score);
            match channel {
                Channel::Vector => {
                    c.signals.vector = Some(*score);
                    c.signals.vector_rank = Some(rank);
                }
                _ => {
                    c.signals.keyword = Some(*score);
                    c.signals.keyword_rank = Some(rank);
                }
            }
        }
    };
    add(vector, Channel::Vector);
    add(keyword, Channel::Keyword);
    let mut out: Vec<Candidate> = order
        .into_iter()
        .filter_map(|id| by_id.remove(id))
        .collect();
    sort_by_score(&mut out);
    let best = out.first().map(|c| c.score).unwrap_or(0.0);
    for c in &mut out {
        c.signals.relevance = Some(if best > 0.0 { c.score / best } else { 0.0 });
    }
    out
}

/// Sorts best first; ties break by id so results are deterministic.
pub fn sort_by_score(cands: &mut [Candidate]) {
    cands.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
}

/// Why a memory does not pass the query's filters, or None when it does.
pub fn filter_reason(m: &Memory, q: &RetrievalQuery) -> Option<String> {
    let statuses: &[MemoryStatus] = if q.statuses.is_empty() {
        &[MemoryStatus::Active]
    } else {
        &q.statuses
    };
    if !statuses.contains(&m.status) {
        return Some(format!("status is {}", m.status));
    }
    if !q.spaces.is_empty() && !q.spaces.contains(&m.space) {
        return Some(format!(
            "in space {:?}, outside the query's spaces",
            m.space
        ));
    }
    if !q.kinds.is_empty() && !q.kinds.contains(&m.kind) {
        return Some(format!(
            "kind {} is not among {}",
            m.kind,
            join(q.kinds.iter().map(|k| k.as_str()))
        ));
    }
    if let Some(missing) = q.tags.iter().find(|t| !m.tags.contains(t)) {
        return Some(format!("lacks tag #{missing}"));
    }
    let t = m.effective_time();
    if let Some(from) = q.time_from
        && t < from
    {
        return Some(format!(
            "dated {} before the range's start {}",
            day(t),
            day(from)
        ));
    }
    if let Some(to) = q.time_to
        && t > to
    {
        return Some(format!(
            "dated {} after the range's end {}",
            day(t),
            day(to)
        ));
    }
    if let Some(at) = q.as_of {
        if m.created_at > at {
            return Some(format!(
                "not yet known as of {} (learned {})",
                day(at),
                day(m.created_at)
            ));
        }
        if !m.visible_as_of(at) {
            return Some(format!("not valid as of {}", day(at)));
        }
    }
    None
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn day(t: Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Whether graph expansion may bring this memory in as a new result.
pub fn expandable(m: &Memory, cfg: &RetrievalConfig) -> bool {
    cfg.expansion.entities_as_results || m.kind != MemoryKind::Entity
}

/// Final scoring: weighted sum of relevance, graph activation, recency, importance and pin.
/// `now` is the reference for recency (the query's "as of" instant when it has one).
pub fn rerank(
    cands: &mut [Candidate],
    memories: &HashMap<&str, &Memory>,
    cfg: &RetrievalConfig,
    now: Timestamp,
) {
    let w = &cfg.rerank;
    for c in cands.iter_mut() {
        let Some(m) = memories.get(c.id.as_str()) else {
            continue;
        };
        let age_days = ((now - m.effective_time()).num_seconds().max(0) as f32) / 86_400.0;
        let recency = if w.recency_half_life_days > 0.0 {
            0.5f32.powf(age_days / w.recency_half_life_days)
        } else {
            0.0
        };
        let s = &mut c.signals;
        s.recency = Some(recency);
        s.importance = Some(m.importance);
        s.pinned = m.pinned;
        s.score = w.relevance * s.relevance.unwrap_or(0.0)
            + w.graph * s.graph.unwrap_or(0.0)
            + w.recency * recency
            + w.importance * m.importance
            + if m.pinned { w.pinned } else { 0.0 };
        c.score = s.score;
    }
    sort_by_score(cands);
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

#[cfg(test)]
mod tests {
    use super::*;
    use mnemo_core::NewMemory;

    fn mem(id: &str, text: &str) -> Memory {
        NewMemory {
            text: text.into(),
            ..Default::default()
        }
        .build(id.into(), mnemo_core::now(), "default", "user", "e")
        .unwrap()
    }

    #[test]
    fn fusion_rewards_agreement_and_normalises_relevance() {
        let cfg = RetrievalConfig {
            fusion: FusionMethod::Rrf,
            ..Default::default()
        };
        let fused = fuse(&[("a", 0.9), ("b", 0.8)], &[("b", 7.0), ("c", 5.0)], &cfg);
        let ids: Vec<&str> = fused.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "c"], "b is found by both channels");
        assert_eq!(fused[0].signals.relevance, Some(1.0));
        assert_eq!(fused[0].channels, [Channel::Vector, Channel::Keyword]);
        assert_eq!(fused[0].signals.keyword_rank, Some(1));
        assert_eq!(fused[0].signals.vector_rank, Some(2));
        assert!(fused[1].signals.relevance.unwrap() < 1.0);
        assert!(
            fused[1].score > fused[2].score,
            "vector rank 1 beats keyword rank 2"
        );
        // Equal ranks in opposite channels tie; the id breaks the tie.
        let tied = fuse(&[("z", 0.5)], &[("y", 1.0)], &cfg);
        assert_eq!(tied[0].score, tied[1].score);
        assert_eq!(tied[0].id, "y");
    }

    #[test]
    fn score_fusion_weighs_confidence_not_just_rank() {
        let cfg = RetrievalConfig {
            fusion: FusionMethod::Score,
            ..Default::default()
        };
        // b: best keyword match by far, middling vector; a: best vector, no keyword match.
        let fused = fuse(
            &[("a", 0.9), ("b", 0.7), ("c", 0.5)],
            &[("b", 9.0), ("c", 1.0)],
            &cfg,
        );
        assert_eq!(fused[0].id, "b");
        assert!(
            (fused[0].score - (0.5 + 1.0)).abs() < 1e-6,
            "{}",
            fused[0].score
        );
        assert!((fused[1].score - 1.0).abs() < 1e-6, "a: top vector only");
        assert!(
            (fused[2].score - 1.0 / 9.0).abs() < 1e-6,
            "c: weakest vector, weak keyword"
        );
    }

    #[test]
    fn channel_weights_change_the_order() {
        let cfg = RetrievalConfig {
            keyword_weight: 3.0,
            ..Default::default()
        };
        let fused = fuse(&[("a", 0.9)], &[("c", 5.0)], &cfg);
        assert_eq!(fused[0].id, "c");
    }

    #[test]
    fn filters_explain_themselves() {
        let mut m = mem("x", "hello");
        m.kind = MemoryKind::Fact;
        let q = RetrievalQuery {
            kinds: vec![MemoryKind::Note],
            ..Default::default()
        };
        assert_eq!(
            filter_reason(&m, &q).unwrap(),
            "kind fact is not among note"
        );
        let q = RetrievalQuery {
            tags: vec!["work".into()],
            ..Default::default()
        };
        assert_eq!(filter_reason(&m, &q).unwrap(), "lacks tag #work");
        m.status = MemoryStatus::Archived;
        assert_eq!(
            filter_reason(&m, &RetrievalQuery::default()).unwrap(),
            "status is archived"
        );
        m.status = MemoryStatus::Active;
        let before = m.created_at - chrono::Duration::days(1);
        let q = RetrievalQuery {
            as_of: Some(before),
            ..Default::default()
        };
        assert!(
            filter_reason(&m, &q)
                .unwrap()
                .starts_with("not yet known as of")
        );
        assert_eq!(filter_reason(&m, &RetrievalQuery::default()), None);
    }

    #[test]
    fn rerank_adds_weighted_signals_and_pins() {
        let a = mem("a", "a");
        let mut b = mem("b", "b");
        b.pinned = true;
        let memories: HashMap<&str, &Memory> = [("a", &a), ("b", &b)].into_iter().collect();
        let mut cands = vec![
            Candidate {
                id: "a".into(),
                channels: vec![],
                signals: Signals {
                    relevance: Some(1.0),
                    ..Default::default()
                },
                score: 0.0,
            },
            Candidate {
                id: "b".into(),
                channels: vec![],
                signals: Signals {
                    relevance: Some(0.95),
                    ..Default::default()
                },
                score: 0.0,
            },
        ];
        let cfg = RetrievalConfig::default();
        rerank(&mut cands, &memories, &cfg, mnemo_core::now());
        assert_eq!(cands[0].id, "b", "the pin lifts b over a");
        let expected =
            cfg.rerank.relevance * 0.95 + cfg.rerank.importance * 0.5 + cfg.rerank.pinned;
        assert!((cands[0].score - expected).abs() < 1e-6);
        assert!(cands[0].signals.pinned);
    }

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
}
