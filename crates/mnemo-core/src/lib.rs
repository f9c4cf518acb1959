//! Mnemo's data model: memories, edges, spaces, operations, graph deltas and retrieval traces.
//!
//! Every type here crosses a boundary (LanceDB rows, the CLI's JSON, the UI through specta), so
//! ids and timestamps are strings on the wire and no field is a 64-bit integer.

mod delta;
mod error;
mod memory;
mod operation;
mod retrieval;
pub mod validate;

pub use delta::{GraphChange, GraphDelta};
pub use error::{Error, ErrorCode, Result};
pub use memory::{
    DEFAULT_SPACE, Edge, EdgeKind, LinkSpec, Memory, MemoryId, MemoryKind, MemoryPatch,
    MemoryStatus, NewEdge, NewMemory, Space, Timestamp,
};
pub use operation::{Operation, OperationKind};
pub use retrieval::{
    Channel, DroppedCandidate, ExpansionConfig, FusionMethod, PathStep, RerankWeights,
    RetrievalConfig, RetrievalQuery, RetrievalResult, RetrievalTrace, Signals, StageKind,
    TraceCandidate, TraceStage,
};
pub use validate::{normalize_name, normalize_tag};

/// A new time-sortable id (UUIDv7) as a string.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current time, truncated to microseconds (what the store keeps), so values round-trip exactly.
pub fn now() -> Timestamp {
    truncate_micros(chrono::Utc::now())
}

/// Truncates a timestamp to whole microseconds.
pub fn truncate_micros(t: Timestamp) -> Timestamp {
    let micros = t.timestamp_micros();
    chrono::DateTime::from_timestamp_micros(micros).unwrap_or(t)
}
