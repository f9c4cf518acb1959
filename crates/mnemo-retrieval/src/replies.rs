//! Replies: a memory that asks a question ("How did the kids handle the accident?") is answered
//! by the one after it in its session, which often shares none of the question's words ("They
//! were scared but we reassured them"). The reply joins the candidates and scores at least a
//! share of its question's score.

use mnemo_core::{Channel, Edge, Memory, PathStep, RetrievalConfig, Signals};
use std::collections::{HashMap, HashSet};

use crate::{Candidate, StageOutcome, sort_by_score};

/// A reply to an asking candidate, and the `next` edge from the question to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub question: String,
    pub reply: String,
    pub step: PathStep,
}

/// What the replies stage leaves: its outcome, and the replies the re-rank lifts again.
#[derive(Debug, Clone, PartialEq)]
pub struct Replied {
    pub outcome: StageOutcome,
    pub replies: Vec<Reply>,
}

/// Whether the replies stage runs (when it does not, it leaves no stage in the trace).
pub fn replies_run(cands: &[Candidate], cfg: &RetrievalConfig) -> bool {
    cfg.rerank.reply > 0.0 && !cands.is_empty()
}

/// Whether a text asks a question: it ends with a question mark, whatever closing punctuation,
/// quotes, brackets or emoticons follow it ("How did it go? :)").
pub fn asks(text: &str) -> bool {
    let question = |c: char| c == '?' || c == '？';
    text.trim_end_matches(|c: char| !c.is_alphanumeric() && !question(c))
        .ends_with(question)
}

/// The replies stage: for each candidate whose memory asks, the memory after it in its session
/// (`next_of` gives the `next` edge that holds for the query) joins the candidates unless it is
/// one, and ranks at least `rerank.reply` times the question's score. Only the candidates as
/// they came ask: a reply that joins lends nothing to the memory after it.
pub fn add_replies<'m, 'g>(
    mut cands: Vec<Candidate>,
    memory: impl Fn(&str) -> Option<&'m Memory>,
    next_of: impl Fn(&str) -> Option<&'g Edge>,
    cfg: &RetrievalConfig,
) -> Replied {
    let previous = cands.clone();
    let mut present: HashSet<String> = cands.iter().map(|c| c.id.clone()).collect();
    let mut replies = Vec::new();
    for c in &previous {
        let Some(edge) = memory(&c.id)
            .filter(|m| asks(&m.text))
            .and_then(|_| next_of(&c.id))
            .filter(|e| e.to != c.id && memory(&e.to).is_some())
        else {
            continue;
        };
        replies.push(Reply {
            question: c.id.clone(),
            reply: edge.to.clone(),
            step: step(edge),
        });
        if present.insert(edge.to.clone()) {
            cands.push(joined(&edge.to));
        }
    }
    let joined = cands.len() - previous.len();
    lift_replies(&mut cands, &replies, cfg.rerank.reply);
    sort_by_score(&mut cands);
    let note = format!(
        "{} a reply, {joined} joined the candidates; a reply scores at least {}× its question",
        count(
            replies.len(),
            "asking candidate has",
            "asking candidates have"
        ),
        cfg.rerank.reply,
    );
    Replied {
        outcome: StageOutcome {
            candidates: cands,
            previous,
            dropped: Vec::new(),
            note,
        },
        replies,
    }
}

/// Lifts each reply to `weight` times its question's score when that is more, and records what
/// the question lends in the reply's signals. Scores are read before any lift, so a lifted reply
/// that asks in turn lends only its own score.
pub fn lift_replies(cands: &mut [Candidate], replies: &[Reply], weight: f32) {
    let scores: HashMap<String, f32> = cands.iter().map(|c| (c.id.clone(), c.score)).collect();
    let mut lent: HashMap<&str, f32> = HashMap::new();
    for r in replies {
        if let Some(&q) = scores.get(&r.question) {
            let l = lent.entry(r.reply.as_str()).or_insert(f32::MIN);
            *l = l.max(weight * q);
        }
    }
    for c in cands.iter_mut() {
        if let Some(&l) = lent.get(c.id.as_str()) {
            c.signals.reply = Some(l);
            c.score = c.score.max(l);
        }
    }
}

/// The path shown for each reply: the `next` edge from its question.
pub fn reply_paths(replies: &[Reply]) -> impl Iterator<Item = (String, Vec<PathStep>)> + '_ {
    replies
        .iter()
        .map(|r| (r.reply.clone(), vec![r.step.clone()]))
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn step(e: &Edge) -> PathStep {
    PathStep {
        from: e.from.clone(),
        to: e.to.clone(),
        edge_id: e.id.clone(),
        kind: e.kind,
        relation: e.relation.clone(),
    }
}

/// A reply no channel found: reached through the graph, with no text relevance of its own.
fn joined(id: &str) -> Candidate {
    Candidate {
        id: id.to_string(),
        channels: vec![Channel::Graph],
        signals: Signals {
            relevance: Some(0.0),
            ..Default::default()
        },
        score: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate::memory as mem;
    use mnemo_core::EdgeKind;

    #[test]
    fn a_text_asks_when_it_ends_with_a_question() {
        for t in [
            "How did they handle the accident?",
            "What pet do you have? :)",
            "Really?!",
            "Did you see \"Arrival?\"",
            "お元気ですか？",
            "Wow! What did it look like? 😍",
        ] {
            assert!(asks(t), "{t:?} asks");
        }
        for t in [
            "They were scared but we reassured them.",
            "What? No way, I did it too.",
            "See https://example.com/?q=1",
            "",
        ] {
            assert!(!asks(t), "{t:?} does not ask");
        }
    }

    fn cand(id: &str, score: f32) -> Candidate {
        Candidate {
            id: id.into(),
            channels: vec![Channel::Keyword],
            signals: Signals {
                relevance: Some(score),
                ..Default::default()
            },
            score,
        }
    }

    fn next(from: &str, to: &str) -> Edge {
        mnemo_core::Edge {
            id: format!("{from}-{to}"),
            from: from.into(),
            to: to.into(),
            kind: EdgeKind::Next,
            relation: "next".into(),
            weight: 1.0,
            valid_from: None,
            valid_until: None,
            provenance: "test".into(),
            automatic: true,
            confirmed: false,
            created_at: mnemo_core::now(),
        }
    }

    /// The stage over these memories and `next` edges, with the default weights.
    fn run(ms: &[Memory], edges: &[Edge], cands: Vec<Candidate>) -> Replied {
        let memory = |id: &str| ms.iter().find(|m| m.id == id);
        let next_of = |id: &str| edges.iter().find(|e| e.from == id);
        add_replies(cands, memory, next_of, &RetrievalConfig::default())
    }

    #[test]
    fn the_reply_to_an_asking_candidate_joins_and_ranks_by_its_question() {
        let ms = [
            mem("q", "Caroline: How did the kids handle the accident?"),
            mem("a", "Melanie: They were scared but we reassured them."),
            mem("s", "Melanie: The accident scared us all."),
            mem("s2", "Caroline: Glad you are fine."),
            mem("other", "Melanie: I took the kids camping."),
        ];
        let edges = [next("q", "a"), next("s", "s2")];
        let cands = vec![cand("q", 1.0), cand("s", 0.9), cand("other", 0.5)];
        let out = run(&ms, &edges, cands.clone());
        let ids: Vec<&str> = (out.outcome.candidates.iter())
            .map(|c| c.id.as_str())
            .collect();
        // "s" does not ask, so "s2" does not join; "a" joins at 0.8 × 1.0, above "other".
        assert_eq!(ids, ["q", "s", "a", "other"]);
        let a = &out.outcome.candidates[2];
        assert_eq!(a.channels, [Channel::Graph]);
        assert_eq!(a.signals.reply, Some(0.8));
        assert!((a.score - 0.8).abs() < 1e-6);
        assert_eq!(out.outcome.previous, cands);
        assert_eq!(out.replies.len(), 1);
        assert_eq!(
            (
                out.replies[0].step.from.as_str(),
                out.replies[0].step.to.as_str()
            ),
            ("q", "a")
        );
        assert_eq!(
            out.outcome.note,
            "1 asking candidate has a reply, 1 joined the candidates; a reply scores at least 0.8× its question"
        );
        let paths: Vec<_> = reply_paths(&out.replies).collect();
        assert_eq!(paths[0].0, "a");
        assert_eq!(paths[0].1[0].kind, EdgeKind::Next);
    }

    #[test]
    fn a_reply_already_ranked_higher_keeps_its_score_and_a_reply_lends_no_further() {
        let ms = [
            mem("q", "Do you have pets?"),
            mem("a", "Yes, a dog. Want to see?"),
            mem("b", "Sure!"),
        ];
        let edges = [next("q", "a"), next("a", "b")];
        // "a" outranks its question: the lift never lowers a score.
        let out = run(&ms, &edges, vec![cand("a", 1.0), cand("q", 0.5)]);
        let score = |id: &str| {
            let c = out.outcome.candidates.iter().find(|c| c.id == id).unwrap();
            (c.score, c.signals.reply)
        };
        assert_eq!(score("a"), (1.0, Some(0.4)));
        // "a" asks too, so "b" joins at 0.8 × a's own 1.0.
        assert_eq!(score("b"), (0.8, Some(0.8)));
        // Only the candidates as they came ask: a joined reply lends nothing.
        let out = run(&ms, &edges, vec![cand("q", 1.0)]);
        let ids: Vec<&str> = (out.outcome.candidates.iter())
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["q", "a"]);
    }

    #[test]
    fn replies_are_off_at_weight_zero_and_need_a_memory_to_reach() {
        let mut cfg = RetrievalConfig::default();
        assert!(replies_run(&[cand("q", 1.0)], &cfg));
        assert!(!replies_run(&[], &cfg));
        cfg.rerank.reply = 0.0;
        assert!(!replies_run(&[cand("q", 1.0)], &cfg));
        // A `next` edge to a memory the lookup does not know (not yet known at a query's time).
        let ms = [mem("q", "Where?")];
        let edges = [next("q", "gone")];
        let out = run(&ms, &edges, vec![cand("q", 1.0)]);
        assert_eq!(out.outcome.candidates.len(), 1);
        assert!(out.replies.is_empty());
    }
}
