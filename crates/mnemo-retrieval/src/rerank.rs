//! Final scoring by relevance, graph support, recency, importance, pins and a time the query
//! names, and the cut to the limit.

use mnemo_core::{DroppedCandidate, Memory, RetrievalConfig, RetrievalQuery, Timestamp};

use crate::{Candidate, NamedTime, Reply, StageOutcome, lift_replies, sort_by_score};

/// The instant recency is measured from: the query's "as of" instant, else now.
pub fn recency_reference(q: &RetrievalQuery) -> Timestamp {
    q.as_of.unwrap_or_else(mnemo_core::now)
}

/// What the final scoring reads beside the weights and the memories.
#[derive(Debug, Clone, Copy)]
pub struct Scoring<'a> {
    /// The reference for recency (see [`recency_reference`]).
    pub now: Timestamp,
    /// The time the query names (see [`crate::named_time`]).
    pub named: Option<&'a NamedTime>,
    /// The replies to asking candidates (see [`crate::add_replies`]).
    pub replies: &'a [Reply],
}

/// Final scoring: weighted sum of relevance, graph activation, recency, importance, pin, and
/// whether the memory falls in the time the query names; then each reply is lifted to its share
/// of its question's score. A candidate whose memory `memory` does not find keeps its score.
pub fn rerank<'m>(
    cands: &mut [Candidate],
    memory: impl Fn(&str) -> Option<&'m Memory>,
    cfg: &RetrievalConfig,
    scoring: Scoring,
) {
    let w = &cfg.rerank;
    for c in cands.iter_mut() {
        c.signals.reply = None;
        let Some(m) = memory(&c.id) else {
            continue;
        };
        let age_days = ((scoring.now - m.effective_time()).num_seconds().max(0) as f32) / 86_400.0;
        let recency = if w.recency_half_life_days > 0.0 {
            0.5f32.powf(age_days / w.recency_half_life_days)
        } else {
            0.0
        };
        // When it happened (or was written): what held then is what `as_of` asks for.
        let date = scoring.named.map(|n| {
            if n.contains(m.effective_time()) {
                1.0
            } else {
                0.0
            }
        });
        let s = &mut c.signals;
        s.recency = Some(recency);
        s.importance = Some(m.importance);
        s.pinned = m.pinned;
        s.date = date;
        c.score = w.relevance * s.relevance.unwrap_or(0.0)
            + w.graph * s.graph.unwrap_or(0.0)
            + w.recency * recency
            + w.importance * m.importance
            + if m.pinned { w.pinned } else { 0.0 }
            + w.date * date.unwrap_or(0.0);
    }
    lift_replies(cands, scoring.replies, w.reply);
    for c in cands.iter_mut() {
        c.signals.score = c.score;
    }
    sort_by_score(cands);
}

/// Re-ranks and keeps the best `limit`; the rest are dropped with their rank and score.
pub fn rerank_and_cut<'m>(
    cands: Vec<Candidate>,
    memory: impl Fn(&str) -> Option<&'m Memory>,
    cfg: &RetrievalConfig,
    scoring: Scoring,
    limit: usize,
) -> StageOutcome {
    let previous = cands.clone();
    let mut kept = cands;
    rerank(&mut kept, memory, cfg, scoring);
    let dropped = kept
        .iter()
        .enumerate()
        .skip(limit)
        .map(|(i, c)| DroppedCandidate {
            id: c.id.clone(),
            reason: format!(
                "ranked {} with score {:.4}, below the limit of {limit}",
                i + 1,
                c.score
            ),
        })
        .collect();
    kept.truncate(limit);
    StageOutcome {
        candidates: kept,
        previous,
        dropped,
        note: rerank_note(cfg, scoring.named),
    }
}

fn rerank_note(cfg: &RetrievalConfig, named: Option<&NamedTime>) -> String {
    let w = &cfg.rerank;
    let date = match named {
        Some(n) => format!(" + {} if in “{}”", w.date, n.label),
        None => String::new(),
    };
    let reply = if w.reply > 0.0 {
        format!("; a reply at least {}× its question's", w.reply)
    } else {
        String::new()
    };
    format!(
        "score = {}·relevance + {}·graph + {}·recency (half-life {} d) + {}·importance + {} if pinned{date}{reply}",
        w.relevance, w.graph, w.recency, w.recency_half_life_days, w.importance, w.pinned
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate::{candidate, memory as mem};
    use mnemo_core::Signals;
    use std::collections::HashMap;

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
        rerank(
            &mut cands,
            |id| memories.get(id).copied(),
            &cfg,
            plain(mnemo_core::now()),
        );
        assert_eq!(cands[0].id, "b", "the pin lifts b over a");
        let expected =
            cfg.rerank.relevance * 0.95 + cfg.rerank.importance * 0.5 + cfg.rerank.pinned;
        assert!((cands[0].score - expected).abs() < 1e-6);
        assert!(cands[0].signals.pinned);
    }

    fn plain(now: Timestamp) -> Scoring<'static> {
        Scoring {
            now,
            named: None,
            replies: &[],
        }
    }

    fn relevant(id: &str, relevance: f32) -> Candidate {
        let signals = Signals {
            relevance: Some(relevance),
            ..Default::default()
        };
        candidate(id, 0.0, signals)
    }

    #[test]
    fn the_cut_keeps_the_limit_and_drops_the_rest_with_rank_and_score() {
        let ms = [mem("a", "a"), mem("b", "b"), mem("c", "c")];
        let memory = |id: &str| ms.iter().find(|m| m.id == id);
        let cfg = RetrievalConfig::default();
        let now = ms[0].created_at;
        let cands = vec![relevant("c", 0.2), relevant("a", 1.0), relevant("b", 0.6)];
        let out = rerank_and_cut(cands.clone(), memory, &cfg, plain(now), 2);
        let ids: Vec<&str> = out.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(
            out.previous, cands,
            "the order it came in, for rank changes"
        );
        // Default weights: 1·relevance + 0.05·importance (0.5); no recency, graph or pin.
        assert_eq!(
            out.dropped,
            [DroppedCandidate {
                id: "c".into(),
                reason: "ranked 3 with score 0.2250, below the limit of 2".into()
            }]
        );
        assert_eq!(
            out.note,
            "score = 1·relevance + 0.3·graph + 0·recency (half-life 30 d) + 0.05·importance + 0.1 if pinned; a reply at least 0.8× its question's"
        );
    }

    #[test]
    fn a_time_the_query_names_lifts_the_memories_of_that_time() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let mut then = mem("then", "the painting I showed");
        then.occurred_at = Some(t("2023-10-13T15:00:00Z"));
        let mut other = mem("other", "another painting");
        other.occurred_at = Some(t("2023-10-20T15:00:00Z"));
        let ms = [then, other];
        let memory = |id: &str| ms.iter().find(|m| m.id == id);
        let cfg = RetrievalConfig::default();
        let q = "what painting did I show on October 13, 2023?";
        let named = crate::named_time(q, &chrono::Utc, ms[0].created_at).unwrap();
        let cands = vec![relevant("other", 1.0), relevant("then", 0.4)];
        let scoring = Scoring {
            named: Some(&named),
            ..plain(ms[0].created_at)
        };
        let out = rerank_and_cut(cands, memory, &cfg, scoring, 3);
        let ids: Vec<&str> = out.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["then", "other"],
            "the named day outranks a closer text"
        );
        let date = |id: &str| {
            out.candidates
                .iter()
                .find(|c| c.id == id)
                .unwrap()
                .signals
                .date
        };
        assert_eq!((date("then"), date("other")), (Some(1.0), Some(0.0)));
        assert!(
            out.note.contains(" + 1 if in “October 13, 2023”; "),
            "{}",
            out.note
        );

        let unnamed = rerank_and_cut(
            vec![relevant("then", 0.4)],
            memory,
            &cfg,
            plain(ms[0].created_at),
            3,
        );
        assert_eq!(
            unnamed.candidates[0].signals.date, None,
            "no time named, no signal"
        );
    }

    #[test]
    fn recency_is_measured_from_the_as_of_instant() {
        let at = mnemo_core::now() - chrono::Duration::days(30);
        let q = RetrievalQuery {
            as_of: Some(at),
            ..Default::default()
        };
        assert_eq!(recency_reference(&q), at);
        assert!(recency_reference(&RetrievalQuery::default()) > at);
    }

    #[test]
    fn a_reply_scores_its_share_of_its_questions_final_score() {
        let ms = [
            mem("q", "How did the kids take it?"),
            mem("a", "They were brave."),
            mem("x", "The kids went camping."),
        ];
        let memory = |id: &str| ms.iter().find(|m| m.id == id);
        let step = mnemo_core::PathStep {
            from: "q".into(),
            to: "a".into(),
            edge_id: "qa".into(),
            kind: mnemo_core::EdgeKind::Next,
            relation: "next".into(),
        };
        let replies = [Reply {
            question: "q".into(),
            reply: "a".into(),
            step,
        }];
        let cfg = RetrievalConfig::default();
        let mut stale = relevant("a", 0.0);
        stale.signals.reply = Some(0.9);
        let scoring = Scoring {
            replies: &replies,
            ..plain(ms[0].created_at)
        };
        let cands = vec![relevant("q", 1.0), relevant("x", 0.6), stale.clone()];
        let out = rerank_and_cut(cands, memory, &cfg, scoring, 3);
        let ids: Vec<&str> = out.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["q", "a", "x"]);
        // q: 1 + 0.05 × 0.5 importance = 1.025; a: 0.8 × 1.025 = 0.82, above its own 0.025.
        let a = &out.candidates[1];
        assert!((a.score - 0.82).abs() < 1e-5, "{}", a.score);
        assert_eq!((a.signals.score, a.signals.reply), (a.score, Some(a.score)));
        // Without its question among the candidates, a reply lends nothing and keeps no signal.
        let alone = rerank_and_cut(vec![stale], memory, &cfg, scoring, 3);
        assert_eq!(alone.candidates[0].signals.reply, None);
        assert!((alone.candidates[0].score - 0.025).abs() < 1e-6);
    }
}
