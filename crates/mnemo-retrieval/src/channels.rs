//! Search hits as candidates: the two channels that search the store, each with its own signals.

use mnemo_core::{Channel, RetrievalConfig, Signals};

use crate::{Candidate, Hit};

/// A channel that searches the store. Graph candidates come only from expansion, never from a
/// search, so they have no variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchChannel {
    Vector,
    Keyword,
}

impl From<SearchChannel> for Channel {
    fn from(c: SearchChannel) -> Channel {
        match c {
            SearchChannel::Vector => Channel::Vector,
            SearchChannel::Keyword => Channel::Keyword,
        }
    }
}

impl SearchChannel {
    /// Records a hit's raw score and 1-based rank among this channel's signals.
    pub(crate) fn record(self, signals: &mut Signals, score: f32, rank: u32) {
        match self {
            SearchChannel::Vector => {
                signals.vector = Some(score);
                signals.vector_rank = Some(rank);
            }
            SearchChannel::Keyword => {
                signals.keyword = Some(score);
                signals.keyword_rank = Some(rank);
            }
        }
    }
}

/// One channel's hits as candidates, in the channel's order and scored by its raw score.
pub fn hits_as_candidates(hits: &[Hit<'_>], channel: SearchChannel) -> Vec<Candidate> {
    hits.iter()
        .enumerate()
        .map(|(i, &(id, score))| {
            let mut signals = Signals::default();
            channel.record(&mut signals, score, i as u32 + 1);
            Candidate {
                id: id.to_string(),
                channels: vec![channel.into()],
                signals,
                score,
            }
        })
        .collect()
}

/// The vector stage's note; `both_ms` is the wall time of both searches, which run together.
pub fn vector_note(found: usize, spaces: &[String], both_ms: f64, cfg: &RetrievalConfig) -> String {
    let scope = if spaces.is_empty() {
        "all spaces".to_string()
    } else {
        format!("spaces {}", spaces.join(", "))
    };
    format!(
        "{found} nearest of k={} by cosine in {scope} (ran alongside keyword; both took {both_ms:.1} ms)",
        cfg.vector_k
    )
}

/// The keyword stage's note.
pub fn keyword_note(found: usize, cfg: &RetrievalConfig) -> String {
    format!(
        "{found} BM25 matches of k={} over title, text and tags",
        cfg.keyword_k
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_keep_their_order_raw_score_and_channel_signals() {
        let v = hits_as_candidates(&[("a", 0.9), ("b", 0.4)], SearchChannel::Vector);
        assert_eq!(v[1].id, "b");
        assert_eq!(v[1].score, 0.4);
        assert_eq!(v[1].channels, [Channel::Vector]);
        assert_eq!(v[1].signals.vector, Some(0.4));
        assert_eq!(v[1].signals.vector_rank, Some(2));
        assert_eq!(v[1].signals.keyword, None);
        let k = hits_as_candidates(&[("c", 7.5)], SearchChannel::Keyword);
        assert_eq!(k[0].channels, [Channel::Keyword]);
        assert_eq!(k[0].signals.keyword, Some(7.5));
        assert_eq!(k[0].signals.keyword_rank, Some(1));
        assert_eq!(k[0].signals.vector, None);
    }

    #[test]
    fn search_notes_name_the_scope() {
        let cfg = RetrievalConfig::default();
        let all = vector_note(3, &[], 1.26, &cfg);
        assert_eq!(
            all,
            format!(
                "3 nearest of k={} by cosine in all spaces (ran alongside keyword; both took 1.3 ms)",
                cfg.vector_k
            )
        );
        let some = vector_note(0, &["a".into(), "b".into()], 0.0, &cfg);
        assert!(some.contains("in spaces a, b "), "{some}");
        assert_eq!(
            keyword_note(2, &cfg),
            format!(
                "2 BM25 matches of k={} over title, text and tags",
                cfg.keyword_k
            )
        );
    }
}
