//! Memories: read one with its surroundings, add, edit, change status, forget, and the
//! neighbourhood around one.

use mnemo_core::{Edge, Memory, MemoryPatch, MemoryStatus, NewMemory, Operation};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{AgentTool, Api, ApiOperation, ApiResult, Caller, Route};

/// Names one memory.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemoryRef {
    /// The memory's id.
    pub id: String,
}

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

pub struct GetMemory;

impl ApiOperation for GetMemory {
    const SUMMARY: &'static str = "A memory with its links, neighbours and history.";
    const ROUTE: Route = Route::get("/memories/{id}");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "get_memory",
        description: "Read one memory: every field, its links and neighbours, and its history of changes.",
        wrap: None,
    });
    type Request = MemoryRef;
    type Response = MemoryDetail;

    async fn run(api: &Api, r: MemoryRef, caller: &Caller) -> ApiResult<MemoryDetail> {
        let engine = &api.engine;
        let memory = engine.get_latest(&r.id).await?;
        if !caller.sees(&memory) {
            return Err(mnemo_core::Error::not_found("memory", &r.id).into());
        }
        let edges = engine.edges_of(&r.id);
        // Entities can have thousands of edges: dedupe with a set, not a scan.
        let mut seen = std::collections::HashSet::new();
        let neighbors = edges
            .iter()
            .map(|e| if e.from == r.id { &e.to } else { &e.from })
            .filter(|other| seen.insert(other.as_str()))
            .filter_map(|other| engine.get(other))
            .filter(|m| caller.sees(m))
            .collect();
        let operations = engine.operations(Some(&r.id), 200).await?;
        Ok(MemoryDetail {
            memory,
            edges,
            neighbors,
            operations,
        })
    }
}

pub struct AddMemory;

impl ApiOperation for AddMemory {
    const SUMMARY: &'static str =
        "Add a memory: embedded, linked to its entities, session and similar memories.";
    const ROUTE: Route = Route::post("/memories");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "remember",
        description: "Store a memory. It is embedded, linked to the entities it mentions, to earlier memories of its session and to similar memories. Returns the stored memory with its id.",
        wrap: None,
    });
    type Request = NewMemory;
    type Response = Memory;

    async fn run(api: &Api, input: NewMemory, caller: &Caller) -> ApiResult<Memory> {
        // A `source` the writer gives is its claim; the memory records who wrote it apart.
        Ok(api.engine.add(input, caller.actor()).await?)
    }
}

/// A change to one memory's fields.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemoryUpdate {
    /// The memory's id.
    pub id: String,
    /// The fields to change; absent ones stay as they are. A new title or text is re-embedded.
    pub patch: MemoryPatch,
}

pub struct UpdateMemory;

impl ApiOperation for UpdateMemory {
    const SUMMARY: &'static str = "Change a memory's fields; absent fields stay as they are.";
    const ROUTE: Route = Route::patch("/memories/{id}").body_is("patch");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "update_memory",
        description: "Change a memory: text (re-embedded), title, kind, tags, importance, pinned, status or times, given in `patch`. Fields left out stay as they are. Put the memory's `version` as you read it in `patch.expected_version`: if someone changed it since, the edit is refused with `conflict` instead of overwriting theirs.",
        wrap: None,
    });
    type Request = MemoryUpdate;
    type Response = Memory;

    async fn run(api: &Api, r: MemoryUpdate, caller: &Caller) -> ApiResult<Memory> {
        Ok(api.engine.update(&r.id, r.patch, caller.actor()).await?)
    }
}

/// A memory's new status.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The memory's id.
    pub id: String,
    pub status: MemoryStatus,
}

pub struct SetStatus;

impl ApiOperation for SetStatus {
    const SUMMARY: &'static str = "Archive, forget or restore a memory.";
    const ROUTE: Route = Route::post("/memories/{id}/status");
    type Request = StatusChange;
    type Response = Memory;

    async fn run(api: &Api, r: StatusChange, caller: &Caller) -> ApiResult<Memory> {
        Ok(api
            .engine
            .set_status(&r.id, r.status, caller.actor())
            .await?)
    }
}

pub struct Forget;

impl ApiOperation for Forget {
    const SUMMARY: &'static str =
        "Forget a memory: it leaves recall and the graph view, and can be restored.";
    const ROUTE: Route = Route::post("/memories/{id}/forget");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "forget",
        description: "Forget a memory: it leaves recall and the graph view but stays in the history (a person can restore it).",
        wrap: None,
    });
    type Request = MemoryRef;
    type Response = Memory;

    async fn run(api: &Api, r: MemoryRef, caller: &Caller) -> ApiResult<Memory> {
        let forgotten = MemoryStatus::Forgotten;
        Ok(api
            .engine
            .set_status(&r.id, forgotten, caller.actor())
            .await?)
    }
}

/// The centre of a neighbourhood and its radius.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NeighborhoodRequest {
    /// The memory at the centre.
    pub id: String,
    /// How many links away (1..3, default 1).
    #[serde(default)]
    pub hops: Option<u32>,
}

/// Memories and the links between them.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct Subgraph {
    pub memories: Vec<Memory>,
    pub edges: Vec<Edge>,
}

pub struct Neighborhood;

impl ApiOperation for Neighborhood {
    const SUMMARY: &'static str = "The memories and links within a few hops of a memory.";
    const ROUTE: Route = Route::get("/memories/{id}/neighborhood");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "neighborhood",
        description: "The memories and links within a few hops of a memory.",
        wrap: None,
    });
    type Request = NeighborhoodRequest;
    type Response = Subgraph;

    async fn run(api: &Api, r: NeighborhoodRequest, caller: &Caller) -> ApiResult<Subgraph> {
        let hops = r.hops.unwrap_or(1).clamp(1, 3);
        let (mut memories, mut edges) = api.engine.neighborhood(&r.id, hops)?;
        if !memories.iter().any(|m| m.id == r.id && caller.sees(m)) {
            return Err(mnemo_core::Error::not_found("memory", &r.id).into());
        }
        memories.retain(|m| caller.sees(m));
        let kept: std::collections::HashSet<&str> =
            memories.iter().map(|m| m.id.as_str()).collect();
        edges.retain(|e| kept.contains(e.from.as_str()) && kept.contains(e.to.as_str()));
        Ok(Subgraph { memories, edges })
    }
}
