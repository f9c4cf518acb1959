//! The operations every front-end offers — the desktop app's commands, the HTTP API and its
//! OpenAPI document, the MCP tools, the TypeScript client — defined once, over the [`Engine`].
//!
//! An operation is a type in [`ops`] implementing [`ApiOperation`]: a typed request and response, a
//! route, a summary, optionally an MCP tool, and one async function. The registry
//! ([`for_each_operation!`], [`visit_operations`]) lists them; front-ends derive their adapters
//! from it and hold no domain logic. Imports, which stream, are methods of [`Api`].

mod error;
mod export;
mod import;
mod operation;
pub mod ops;
pub mod runtime;
pub mod stores;
mod watch;

use mnemo_core::{GraphDelta, TraceSummary};
use mnemo_engine::Engine;
use tokio::sync::broadcast;

pub use error::{ApiError, ApiResult};
pub use export::{ExportFile, ExportRequest};
pub use import::{DEMO_JSONL, ImportOptions};
pub use mnemo_engine::{
    ActionSummary, Contradiction, Difference, DuplicateGroup, GraphSnapshot, History, ImportReport,
    LinkReview, MergePreview, Progress, RecallAnswer, ReviewCounts, ReviewQueue, StaleMemory,
    Superseded, UndoReport,
};
pub use mnemo_formats::Format;
pub use operation::{
    AgentTool, ApiOperation, Caller, Method, Principal, Route, Visitor, visit_operations,
};
pub use ops::*;
pub use watch::{VaultWatch, WatchEvent};

pub(crate) use error::internal;

/// Largest page of traces or operations one call returns.
const MAX_PAGE: u32 = 1000;

fn page_size(n: Option<u32>) -> usize {
    n.unwrap_or(100).clamp(1, MAX_PAGE) as usize
}

/// The API over one open engine. Cheap to clone.
#[derive(Clone)]
pub struct Api {
    engine: Engine,
}

impl Api {
    pub fn new(engine: Engine) -> Self {
        Api { engine }
    }

    /// The engine underneath, for front-ends that read it directly (titles for a listing).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs one operation as `caller`.
    pub async fn call<O: ApiOperation>(
        &self,
        request: O::Request,
        caller: &Caller,
    ) -> ApiResult<O::Response> {
        O::run(self, request, caller).await
    }

    /// Live graph deltas, numbered; a client that sees a gap takes a fresh snapshot.
    pub fn deltas(&self) -> broadcast::Receiver<GraphDelta> {
        self.engine.subscribe()
    }

    /// Headlines of new traces, by this process or another, as they are recorded.
    pub fn new_traces(&self) -> broadcast::Receiver<TraceSummary> {
        self.engine.subscribe_traces()
    }

    /// The number of the latest delta.
    pub fn seq(&self) -> u64 {
        self.engine.snapshot_counts().0
    }

    /// Waits until queued traces and access counts are written.
    pub async fn flush(&self) -> ApiResult<()> {
        Ok(self.engine.flush().await?)
    }
}
