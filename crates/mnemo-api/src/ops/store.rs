//! The store as a whole: the graph snapshot, headline numbers and the operation log.

use mnemo_core::{Operation, Space};
use mnemo_engine::GraphSnapshot;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Api, ApiOperation, ApiResult, Caller, Route, internal, page_size};

/// A request without fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoInput {}

/// Which graph to draw: as it is, or as Mnemo knew it at an earlier time.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotRequest {
    /// RFC 3339: every memory and link as recorded at that time, read back from the operation
    /// log (later edits, merges and forgetting undone). What was *true* then is a filter on
    /// validity instead.
    #[serde(default)]
    #[schemars(transform = mnemo_core::limits::time)]
    pub known_at: Option<String>,
}

pub struct GetSnapshot;

impl ApiOperation for GetSnapshot {
    const SUMMARY: &'static str =
        "Every memory and link, for drawing the graph; with `known_at`, as Mnemo knew them then.";
    const ROUTE: Route = Route::get("/snapshot");
    type Request = SnapshotRequest;
    type Response = GraphSnapshot;

    async fn run(api: &Api, r: SnapshotRequest, _: &Caller) -> ApiResult<GraphSnapshot> {
        let known_at = (r.known_at.as_deref())
            .filter(|s| !s.is_empty())
            .map(|s| mnemo_core::validate::parse_time("known_at", s))
            .transpose()?;
        if let Some(t) = known_at {
            return Ok(api.engine.snapshot_known_at(t).await?);
        }
        // Copying 100k memories is CPU work: keep it off the async workers.
        let engine = api.engine.clone();
        tokio::task::spawn_blocking(move || engine.snapshot())
            .await
            .map_err(internal)
    }
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

pub struct GetOverview;

impl ApiOperation for GetOverview {
    const SUMMARY: &'static str = "Counts, spaces, the embedder and the location of the store.";
    const ROUTE: Route = Route::get("/overview");
    type Request = NoInput;
    type Response = Overview;

    async fn run(api: &Api, _: NoInput, _: &Caller) -> ApiResult<Overview> {
        let (seq, memories, edges) = api.engine.snapshot_counts();
        let info = api.engine.store().info();
        Ok(Overview {
            seq,
            memories: memories as u32,
            edges: edges as u32,
            spaces: api.engine.spaces(),
            embedder: info.embedder.clone(),
            store: info.uri.clone(),
        })
    }
}

/// A page of the operation log.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationsPage {
    /// Only operations on this memory or link.
    #[serde(default)]
    pub target: Option<String>,
    /// At most this many, newest first (default 100, at most 1000).
    #[serde(default)]
    pub limit: Option<u32>,
}

pub struct ListOperations;

impl ApiOperation for ListOperations {
    const SUMMARY: &'static str = "The operation log: every change with its actor, newest first.";
    const ROUTE: Route = Route::get("/operations");
    type Request = OperationsPage;
    type Response = Vec<Operation>;

    async fn run(api: &Api, r: OperationsPage, _: &Caller) -> ApiResult<Vec<Operation>> {
        let target = r.target.as_deref().filter(|t| !t.is_empty());
        Ok(api.engine.operations(target, page_size(r.limit)).await?)
    }
}
