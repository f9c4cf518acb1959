//! The retrieval lab: named configurations (one the default), replays of past recalls beside
//! the original, a person's relevance judgments, evaluations of configurations on them, and
//! "why not?" for a memory a recall did not return.

pub mod configs;
pub mod evaluate;
pub mod judgments;
pub mod metrics;
pub mod replay;
pub mod why_not;
