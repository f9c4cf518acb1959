//! The operations every front-end offers — the desktop app's commands, the HTTP API and the MCP
//! tools — as one typed surface over the [`Engine`]. Front-ends only adapt transport: they never
//! hold domain logic, and the UI's types are generated from the ones here.

use mnemo_core::{
    Edge, Error, ErrorCode, Memory, MemoryPatch, MemoryStatus, NewEdge, NewMemory, Operation,
    RetrievalConfig, RetrievalQuery, RetrievalResult, RetrievalTrace, Space,
};
use mnemo_engine::{AddOptions, Engine, RecallOptions};
use serde::{Deserialize, Serialize};
use specta::Type;

pub use mnemo_engine::{GraphSnapshot, TraceSummary};

/// An error as a client sees it: a stable code to switch on and a message that says what and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidInput, message)
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

/// A memory with everything the inspector shows beside it.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct MemoryDetail {
    pub memory: Memory,
    /// Every edge touching it, in or out.
    pub edges: Vec<Edge>,
    /// The memories at the other end of those edges.
    pub neighbors: Vec<Memory>,
    /// Its history, newest first.
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct RecallRequest {
    pub query: RetrievalQuery,
    /// Weights for this query only; the store's configuration otherwise.
    #[serde(default)]
    pub config: Option<RetrievalConfig>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct RecallAnswer {
    pub results: Vec<RetrievalResult>,
    pub trace: RetrievalTrace,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct StatusChange {
    pub status: MemoryStatus,
}

/// The headline numbers of the open store.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct Overview {
    /// The latest delta sequence number.
    #[specta(type = f64)]
    pub seq: u64,
    pub memories: u32,
    pub edges: u32,
    pub spaces: Vec<Space>,
    pub embedder: String,
    /// Where the store lives.
    pub store: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct ImportReport {
    pub lines: u32,
    pub added: u32,
    pub unchanged: u32,
    pub entities_created: u32,
    pub edges_created: u32,
}

/// Progress of a long job such as an import.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct ImportProgress {
    pub stage: String,
    pub done: u32,
    pub total: u32,
}

/// The demo memory (`assets/demo/memories.jsonl`), built in so every front-end can seed a first run.
pub const DEMO_JSONL: &str = include_str!("../../../assets/demo/memories.jsonl");

/// Largest page of traces or operations one call returns.
const MAX_LIMIT: u32 = 1000;

fn limit(n: Option<u32>, default: u32) -> usize {
    n.unwrap_or(default).clamp(1, MAX_LIMIT) as usize
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

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn snapshot(&self) -> GraphSnapshot {
        self.engine.snapshot()
    }

    pub async fn memory(&self, id: &str) -> ApiResult<MemoryDetail> {
        let memory = self
            .engine
            .get(id)
            .ok_or_else(|| Error::not_found("memory", id))?;
        let edges = self.engine.edges_of(id);
        // Entities can have thousands of edges: dedupe with a set, not a scan.
        let mut seen = std::collections::HashSet::new();
        let neighbors: Vec<Memory> = edges
            .iter()
            .map(|e| if e.from == id { &e.to } else { &e.from })
            .filter(|other| seen.insert(other.as_str()))
            .filter_map(|other| self.engine.get(other))
            .collect();
        let operations = self.engine.operations(Some(id), 200).await?;
        Ok(MemoryDetail {
            memory,
            edges,
            neighbors,
            operations,
        })
    }

    pub async fn add_memory(&self, input: NewMemory, actor: &str) -> ApiResult<Memory> {
        Ok(self.engine.add(input, actor).await?)
    }

    pub async fn update_memory(
        &self,
        id: &str,
        patch: MemoryPatch,
        actor: &str,
    ) -> ApiResult<Memory> {
        Ok(self.engine.update(id, patch, actor).await?)
    }

    pub async fn set_status(
        &self,
        id: &str,
        status: MemoryStatus,
        actor: &str,
    ) -> ApiResult<Memory> {
        Ok(self.engine.set_status(id, status, actor).await?)
    }

    pub async fn link(&self, input: NewEdge, actor: &str) -> ApiResult<Edge> {
        Ok(self.engine.link(input, actor).await?)
    }

    pub async fn unlink(&self, edge_id: &str, actor: &str) -> ApiResult<Edge> {
        Ok(self.engine.unlink(edge_id, actor).await?)
    }

    pub async fn confirm_edge(&self, edge_id: &str, actor: &str) -> ApiResult<Edge> {
        Ok(self.engine.confirm_edge(edge_id, actor).await?)
    }

    pub async fn recall(&self, request: RecallRequest, actor: &str) -> ApiResult<RecallAnswer> {
        if request.query.text.trim().is_empty() {
            return Err(ApiError::invalid(
                "invalid query.text: a query needs some text",
            ));
        }
        let options = RecallOptions {
            actor: actor.to_string(),
            config: request.config,
            query_vector: None,
            record: true,
        };
        let recall = self.engine.recall(request.query, options).await?;
        Ok(RecallAnswer {
            results: recall.results,
            trace: recall.trace,
        })
    }

    pub async fn traces(&self, limit_: Option<u32>) -> ApiResult<Vec<TraceSummary>> {
        Ok(self.engine.traces(limit(limit_, 100)).await?)
    }

    pub async fn trace(&self, id: &str) -> ApiResult<RetrievalTrace> {
        Ok(self.engine.trace(id).await?)
    }

    pub fn spaces(&self) -> Vec<Space> {
        self.engine.spaces()
    }

    pub async fn operations(
        &self,
        target: Option<&str>,
        limit_: Option<u32>,
    ) -> ApiResult<Vec<Operation>> {
        Ok(self.engine.operations(target, limit(limit_, 100)).await?)
    }

    pub fn retrieval_config(&self) -> RetrievalConfig {
        self.engine.retrieval_config()
    }

    pub fn overview(&self) -> Overview {
        let snap = self.engine.snapshot_counts();
        let info = self.engine.store().info();
        Overview {
            seq: snap.0,
            memories: snap.1 as u32,
            edges: snap.2 as u32,
            spaces: self.engine.spaces(),
            embedder: info.embedder.clone(),
            store: info.uri.clone(),
        }
    }

    /// Imports JSONL text (an uploaded or dropped file). `name` names the source for provenance.
    pub async fn import_jsonl(
        &self,
        content: &[u8],
        name: &str,
        space: Option<String>,
        actor: &str,
        progress: &(dyn Fn(ImportProgress) + Sync),
    ) -> ApiResult<ImportReport> {
        let options = AddOptions {
            space: space.filter(|s| !s.trim().is_empty()),
            ..Default::default()
        };
        let report = self
            .engine
            .import_jsonl(content, name, &options, actor, &|p| {
                progress(ImportProgress {
                    stage: p.stage.to_string(),
                    done: p.done as u32,
                    total: p.total as u32,
                })
            })
            .await?;
        Ok(ImportReport {
            lines: report.lines as u32,
            added: report.added as u32,
            unchanged: report.unchanged as u32,
            entities_created: report.entities_created as u32,
            edges_created: report.edges_created as u32,
        })
    }

    /// Fills an empty store with the demo memory, so a first run shows a real graph. Returns
    /// whether it did.
    pub async fn seed_demo(&self) -> ApiResult<bool> {
        if self.engine.snapshot_counts().1 > 0 {
            return Ok(false);
        }
        self.import_jsonl(
            DEMO_JSONL.as_bytes(),
            "demo/memories.jsonl",
            None,
            "mnemo",
            &|_| {},
        )
        .await?;
        self.engine.flush().await?;
        Ok(true)
    }

    /// Imports a JSONL file from a path on this machine (the desktop app's file dialog).
    pub async fn import_file(
        &self,
        path: &str,
        space: Option<String>,
        actor: &str,
        progress: &(dyn Fn(ImportProgress) + Sync),
    ) -> ApiResult<ImportReport> {
        let content = std::fs::read(path)
            .map_err(|e| ApiError::new(ErrorCode::Io, format!("cannot read {path}: {e}")))?;
        let name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.import_jsonl(&content, &name, space, actor, progress)
            .await
    }
}
