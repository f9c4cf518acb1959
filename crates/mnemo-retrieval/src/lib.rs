//! Retrieval's pure stages: fusion of the vector and keyword channels, graph expansion's scoring,
//! the replies to candidates that ask a question, filters that say why they drop a candidate,
//! re-ranking by relevance, graph support, recency, importance and pins, and the
//! [`TraceStage`](mnemo_core::TraceStage) records each stage leaves. No I/O: the engine feeds in
//! search hits, the graph and its memories, so every stage is testable and explainable on its own.
//!
//! In pipeline order: [`hits_as_candidates`] per search channel → [`fuse`] → [`expand`]
//! ([`score_expansion`] on the graph's walk) → [`add_replies`] → [`filter`] → [`rerank_and_cut`]
//! → [`results`] and [`trace_ending`]. Stages that reorder or drop return a [`StageOutcome`],
//! which [`StageOutcome::record`] turns into the trace's stage.

mod candidate;
mod channels;
mod dates;
mod expansion;
mod filter;
mod fusion;
mod replies;
mod rerank;
mod trace;

pub use candidate::{Candidate, Hit, sort_by_score};
pub use channels::{SearchChannel, hits_as_candidates, keyword_note, vector_note};
pub use dates::{NamedTime, is_calendar_word, named_time};
pub use expansion::{Expanded, expand, expandable, expansion_runs, score_expansion, seeds};
pub use filter::{filter, filter_reason, statuses};
pub use fusion::{fuse, fusion_note};
pub use replies::{Replied, Reply, add_replies, asks, lift_replies, replies_run, reply_paths};
pub use rerank::{Scoring, recency_reference, rerank, rerank_and_cut};
pub use trace::{
    StageOutcome, TraceEnding, embed_stage, listing, results, stage, trace_candidate, trace_ending,
};
