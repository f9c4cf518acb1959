//! Evaluation data for tests and benchmarks: LoCoMo conversations (evidence recall@k through the
//! import path) and deterministic synthetic memories with clustered vectors.

pub mod locomo;
pub mod shape;
pub mod synthetic;
