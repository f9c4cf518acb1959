//! Fusion of the vector and keyword channels into one list ranked by relevance.

use mnemo_core::{FusionMethod, RetrievalConfig, Signals};
use std::collections::HashMap;

use crate::{Candidate, Hit, SearchChannel, sort_by_score};

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
    let contribution = |channel: SearchChannel, rank: u32, score: f32| -> f32 {
        match (cfg.fusion, channel) {
            (FusionMethod::Rrf, SearchChannel::Vector) => {
                cfg.vector_weight / (cfg.rrf_k + rank as f32)
            }
            (FusionMethod::Rrf, SearchChannel::Keyword) => {
                cfg.keyword_weight / (cfg.rrf_k + rank as f32)
            }
            (FusionMethod::Score, SearchChannel::Vector) => {
                cfg.vector_weight
                    * if vmax > vmin {
                        (score - vmin) / (vmax - vmin)
                    } else {
                        1.0
                    }
            }
            (FusionMethod::Score, SearchChannel::Keyword) => {
                cfg.keyword_weight * if kmax > 0.0 { score / kmax } else { 0.0 }
            }
        }
    };
    fuse_with(vector, keyword, contribution)
}

fn fuse_with<'a>(
    vector: &[Hit<'a>],
    keyword: &[Hit<'a>],
    contribution: impl Fn(SearchChannel, u32, f32) -> f32,
) -> Vec<Candidate> {
    let mut by_id: HashMap<&'a str, Candidate> = HashMap::new();
    let mut order: Vec<&'a str> = Vec::new();
    let mut add = |hits: &[Hit<'a>], channel: SearchChannel| {
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
            if c.channels.contains(&channel.into()) {
                continue;
            }
            c.channels.push(channel.into());
            c.score += contribution(channel, rank, *score);
            channel.record(&mut c.signals, *score, rank);
        }
    };
    add(vector, SearchChannel::Vector);
    add(keyword, SearchChannel::Keyword);
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

/// The fusion stage's note: the method and its weights.
pub fn fusion_note(cfg: &RetrievalConfig) -> String {
    match cfg.fusion {
        FusionMethod::Rrf => format!(
            "weighted reciprocal-rank fusion (k={}, vector ×{}, keyword ×{})",
            cfg.rrf_k, cfg.vector_weight, cfg.keyword_weight
        ),
        FusionMethod::Score => format!(
            "weighted score fusion (vector ×{} of min-max cosine, keyword ×{} of BM25 over the best)",
            cfg.vector_weight, cfg.keyword_weight
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnemo_core::Channel;

    #[test]
    fn fusion_rewards_agreement_and_normalises_relevance() {
        let cfg = RetrievalConfig {
            fusion: FusionMethod::Rrf,
            vector_weight: 1.0,
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
            vector_weight: 1.0,
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
            vector_weight: 1.0,
            keyword_weight: 3.0,
            ..Default::default()
        };
        let fused = fuse(&[("a", 0.9)], &[("c", 5.0)], &cfg);
        assert_eq!(fused[0].id, "c");
    }

    #[test]
    fn the_note_names_the_method_and_weights() {
        let cfg = RetrievalConfig {
            fusion: FusionMethod::Rrf,
            rrf_k: 60.0,
            vector_weight: 1.0,
            keyword_weight: 0.5,
            ..Default::default()
        };
        assert_eq!(
            fusion_note(&cfg),
            "weighted reciprocal-rank fusion (k=60, vector ×1, keyword ×0.5)"
        );
    }
}
