//! The candidate every stage passes on, and the order stages keep.

use mnemo_core::{Channel, Signals};

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

/// Sorts best first; ties break by id so results are deterministic.
pub fn sort_by_score(cands: &mut [Candidate]) {
    cands.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
}

#[cfg(test)]
pub(crate) fn candidate(id: &str, score: f32, signals: Signals) -> Candidate {
    Candidate {
        id: id.into(),
        channels: vec![],
        signals,
        score,
    }
}

#[cfg(test)]
pub(crate) fn memory(id: &str, text: &str) -> mnemo_core::Memory {
    mnemo_core::NewMemory {
        text: text.into(),
        ..Default::default()
    }
    .build(id.into(), mnemo_core::now(), "default", "user", "e")
    .unwrap()
}
