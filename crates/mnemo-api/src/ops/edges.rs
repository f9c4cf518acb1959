//! Links between memories: read one, add one by hand, remove one, confirm an automatic one.

use mnemo_core::{Edge, Error, NewEdge};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{AgentTool, Api, ApiOperation, ApiResult, Caller, Route};

/// Names one link.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EdgeRef {
    /// The link's id (from `relate`, `get_memory` or `neighborhood`).
    #[serde(alias = "edge_id")]
    pub id: String,
}

pub struct GetEdge;

impl ApiOperation for GetEdge {
    const SUMMARY: &'static str =
        "One link: its ends, relation, weight, provenance and whether a person confirmed it.";
    const ROUTE: Route = Route::get("/edges/{id}");
    type Request = EdgeRef;
    type Response = Edge;

    async fn run(api: &Api, r: EdgeRef, _: &Caller) -> ApiResult<Edge> {
        Ok(api
            .engine
            .edge(&r.id)
            .ok_or_else(|| Error::not_found("edge", &r.id))?)
    }
}

pub struct Link;

impl ApiOperation for Link {
    const SUMMARY: &'static str = "Link two memories.";
    const ROUTE: Route = Route::post("/edges");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "relate",
        description: "Link two memories with a relation (e.g. \"caused_by\"; built-in kinds: related, supersedes, contradicts, derived_from). Returns the new link with its id.",
        wrap: None,
    });
    type Request = NewEdge;
    type Response = Edge;

    async fn run(api: &Api, input: NewEdge, caller: &Caller) -> ApiResult<Edge> {
        Ok(api.engine.link(input, caller.actor()).await?)
    }
}

pub struct Unlink;

impl ApiOperation for Unlink {
    const SUMMARY: &'static str = "Remove a link.";
    const ROUTE: Route = Route::delete("/edges/{id}");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "unrelate",
        description: "Remove a link between two memories, by the link's id.",
        wrap: None,
    });
    type Request = EdgeRef;
    type Response = Edge;

    async fn run(api: &Api, r: EdgeRef, caller: &Caller) -> ApiResult<Edge> {
        Ok(api.engine.unlink(&r.id, caller.actor()).await?)
    }
}

pub struct ConfirmEdge;

impl ApiOperation for ConfirmEdge {
    const SUMMARY: &'static str = "Confirm an automatic link.";
    const ROUTE: Route = Route::post("/edges/{id}/confirm");
    type Request = EdgeRef;
    type Response = Edge;

    async fn run(api: &Api, r: EdgeRef, caller: &Caller) -> ApiResult<Edge> {
        Ok(api.engine.confirm_edge(&r.id, caller.actor()).await?)
    }
}
