//! The MCP tools: each one adapts one `mnemo-api` operation, with a JSON schema from its arguments.

use mnemo_api::{Api, ApiError, RecallRequest};
use mnemo_core::{
    LinkSpec, MemoryKind, MemoryPatch, MemoryStatus, NewEdge, NewMemory, RetrievalQuery,
};
use rmcp::handler::server::{router::tool::ToolRouter, wrapper::Parameters};
use rmcp::model::{CallToolResult, ContentBlock, ServerCapabilities, ServerConfig};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler, schemars, tool, tool_handler, tool_router};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct Link {
    /// The memory to link to: its id, or its external id in the same space.
    pub to: String,
    /// What the link means, e.g. "caused_by", "part_of"; "related" when absent.
    pub relation: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RememberArgs {
    /// What to remember, in plain language.
    pub text: String,
    /// episode (something that happened; the default), fact, entity, note or summary.
    pub kind: Option<String>,
    /// A short title.
    pub title: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Names of people, places, projects or concepts it mentions; each becomes a linked entity.
    pub entities: Option<Vec<String>>,
    /// Links to existing memories.
    pub links: Option<Vec<Link>>,
    /// When it happened (RFC 3339).
    pub occurred_at: Option<String>,
    /// For facts: from when, and until when, it holds (RFC 3339).
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    /// The memory space (one per person, agent or project); "default" when absent.
    pub space: Option<String>,
    /// 0..1; how much it matters.
    pub importance: Option<f32>,
    /// A conversation or thread id; memories of one session are linked in time order.
    pub session: Option<String>,
    /// Your own id for it, unique in the space: remembering the same id again changes nothing.
    pub external_id: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RecallArgs {
    /// What to look for, in plain language.
    pub query: String,
    /// Search only this space (all spaces when absent).
    pub space: Option<String>,
    /// How many results (1..100, default 10).
    pub limit: Option<u32>,
    /// Keep only these kinds: episode, fact, entity, note, summary.
    pub kinds: Option<Vec<String>>,
    /// Every listed tag must be present.
    pub tags: Option<Vec<String>>,
    /// Only what was known and true at this instant (RFC 3339).
    pub as_of: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct IdArgs {
    /// The memory's id.
    pub id: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TraceArgs {
    /// A trace id, as `recall` returned it.
    pub trace_id: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct UpdateArgs {
    /// The memory's id.
    pub id: String,
    /// New text (it is re-embedded).
    pub text: Option<String>,
    pub title: Option<String>,
    pub kind: Option<String>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
    pub importance: Option<f32>,
    pub pinned: Option<bool>,
    /// active, archived, superseded or forgotten.
    pub status: Option<String>,
    /// RFC 3339, or "" to clear.
    pub occurred_at: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RelateArgs {
    /// The memory the link starts from.
    pub from: String,
    /// The memory it points to.
    pub to: String,
    /// What the link means, e.g. "caused_by"; built-in kinds: related, supersedes, contradicts, derived_from.
    pub relation: Option<String>,
    /// Strength, > 0 (default 1).
    pub weight: Option<f32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct UnrelateArgs {
    /// The link's id (from `relate`, `get_memory` or `neighborhood`).
    pub edge_id: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct NeighborhoodArgs {
    /// The memory at the centre.
    pub id: String,
    /// How many links away (1..3, default 1).
    pub hops: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct NoArgs {}

/// The MCP server over one store.
#[derive(Clone)]
pub struct MnemoTools {
    api: Api,
    #[allow(dead_code)] // read by the `tool_handler` macro
    tool_router: ToolRouter<Self>,
}

/// Who is calling: `agent:<client name>` from the MCP handshake.
fn actor(ctx: &RequestContext<RoleServer>) -> String {
    let name = ctx
        .peer
        .peer_info()
        .map(|p| p.client_info.name.trim().to_string())
        .filter(|n| !n.is_empty());
    format!("agent:{}", name.unwrap_or_else(|| "unknown".into()))
}

fn answer<T: serde::Serialize>(r: Result<T, ApiError>) -> CallToolResult {
    match r {
        Ok(v) => CallToolResult::structured(serde_json::to_value(v).unwrap_or_default()),
        // A tool-level error: the agent sees what was wrong and can correct it.
        Err(e) => CallToolResult::error(vec![ContentBlock::text(format!(
            "{} ({})",
            e.message,
            code_name(&e)
        ))]),
    }
}

fn code_name(e: &ApiError) -> String {
    serde_json::to_value(e.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn parse<T: std::str::FromStr>(field: &str, v: Option<String>) -> Result<Option<T>, ApiError> {
    v.map(|s| {
        s.parse::<T>().map_err(|_| {
            ApiError::invalid(format!(
                "invalid {field}: {s:?} is not one of the allowed values"
            ))
        })
    })
    .transpose()
}

#[tool_router]
impl MnemoTools {
    pub fn new(api: Api) -> Self {
        MnemoTools {
            api,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "Store a memory. It is embedded, linked to the entities it mentions, to earlier memories of its session and to similar memories. Returns the stored memory with its id."
    )]
    async fn remember(
        &self,
        Parameters(a): Parameters<RememberArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> CallToolResult {
        let who = actor(&ctx);
        let input = NewMemory {
            text: a.text,
            kind: a.kind,
            title: a.title,
            tags: a.tags.unwrap_or_default(),
            space: a.space,
            source: Some(who.clone()),
            session: a.session,
            external_id: a.external_id,
            occurred_at: a.occurred_at,
            valid_from: a.valid_from,
            valid_until: a.valid_until,
            importance: a.importance,
            entities: a.entities.unwrap_or_default(),
            links: a
                .links
                .unwrap_or_default()
                .into_iter()
                .map(|l| LinkSpec {
                    to: l.to,
                    relation: l.relation,
                })
                .collect(),
            ..Default::default()
        };
        answer(self.api.add_memory(input, &who).await)
    }

    #[tool(
        description = "Find memories by meaning, keywords and graph connections. Returns results with their scores per signal and the id of the retrieval trace, which explains the order (read it with get_trace)."
    )]
    async fn recall(
        &self,
        Parameters(a): Parameters<RecallArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> CallToolResult {
        let who = actor(&ctx);
        let r = async {
            let kinds = a.kinds.unwrap_or_default().into_iter().map(|k| parse::<MemoryKind>("kinds", Some(k)).map(Option::unwrap)).collect::<Result<Vec<_>, _>>()?;
            let as_of = a
                .as_of
                .map(|t| mnemo_core::validate::parse_time("as_of", &t))
                .transpose()
                .map_err(ApiError::from)?;
            let query = RetrievalQuery {
                text: a.query,
                spaces: a.space.into_iter().collect(),
                kinds,
                tags: a.tags.unwrap_or_default(),
                as_of,
                limit: a.limit.unwrap_or(10).clamp(1, 100),
                ..Default::default()
            };
            let answer = self.api.recall(RecallRequest { query, config: None }, &who).await?;
            let results: Vec<_> = answer
                .results
                .iter()
                .map(|r| {
                    json!({
                        "id": r.memory.id, "rank": r.rank, "score": r.score, "kind": r.memory.kind,
                        "title": r.memory.title, "text": r.memory.text, "space": r.memory.space,
                        "occurred_at": r.memory.occurred_at, "channels": r.channels, "signals": r.signals, "path": r.path,
                    })
                })
                .collect();
            Ok::<_, ApiError>(json!({ "results": results, "trace_id": answer.trace.id }))
        }
        .await;
        answer(r)
    }

    #[tool(
        description = "Read one memory: every field, its links and neighbours, and its history of changes."
    )]
    async fn get_memory(&self, Parameters(a): Parameters<IdArgs>) -> CallToolResult {
        answer(self.api.memory(&a.id).await)
    }

    #[tool(
        description = "Change a memory: text (re-embedded), title, kind, tags, importance, pinned, status or times. Fields left out stay as they are."
    )]
    async fn update_memory(
        &self,
        Parameters(a): Parameters<UpdateArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> CallToolResult {
        let who = actor(&ctx);
        let r = async {
            let patch = MemoryPatch {
                text: a.text,
                title: a.title,
                kind: parse("kind", a.kind)?,
                tags: a.tags,
                importance: a.importance,
                pinned: a.pinned,
                status: parse::<MemoryStatus>("status", a.status)?,
                occurred_at: a.occurred_at,
                valid_from: a.valid_from,
                valid_until: a.valid_until,
            };
            self.api.update_memory(&a.id, patch, &who).await
        }
        .await;
        answer(r)
    }

    #[tool(
        description = "Forget a memory: it leaves recall and the graph view but stays in the history (a person can restore it)."
    )]
    async fn forget(
        &self,
        Parameters(a): Parameters<IdArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> CallToolResult {
        answer(
            self.api
                .set_status(&a.id, MemoryStatus::Forgotten, &actor(&ctx))
                .await,
        )
    }

    #[tool(description = "Link two memories with a relation. Returns the new link with its id.")]
    async fn relate(
        &self,
        Parameters(a): Parameters<RelateArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> CallToolResult {
        let input = NewEdge {
            from: a.from,
            to: a.to,
            kind: None,
            relation: a.relation,
            weight: a.weight,
            valid_from: None,
            valid_until: None,
        };
        answer(self.api.link(input, &actor(&ctx)).await)
    }

    #[tool(description = "Remove a link between two memories, by the link's id.")]
    async fn unrelate(
        &self,
        Parameters(a): Parameters<UnrelateArgs>,
        ctx: RequestContext<RoleServer>,
    ) -> CallToolResult {
        answer(self.api.unlink(&a.edge_id, &actor(&ctx)).await)
    }

    #[tool(description = "The memories and links within a few hops of a memory.")]
    async fn neighborhood(&self, Parameters(a): Parameters<NeighborhoodArgs>) -> CallToolResult {
        let hops = a.hops.unwrap_or(1).clamp(1, 3);
        answer(
            self.api
                .engine()
                .neighborhood(&a.id, hops)
                .map(|(memories, edges)| json!({ "memories": memories, "edges": edges }))
                .map_err(ApiError::from),
        )
    }

    #[tool(description = "List the memory spaces (one per person, agent or project).")]
    async fn list_spaces(&self, Parameters(_): Parameters<NoArgs>) -> CallToolResult {
        answer(Ok::<_, ApiError>(json!({ "spaces": self.api.spaces() })))
    }

    #[tool(
        description = "Read a retrieval trace: every stage with its candidates, per-signal scores, drops and reasons, graph paths and timings."
    )]
    async fn get_trace(&self, Parameters(a): Parameters<TraceArgs>) -> CallToolResult {
        // This process's recent traces are readable at once, even before they are stored.
        answer(self.api.trace(&a.trace_id).await)
    }
}

#[tool_handler]
impl ServerHandler for MnemoTools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build()).with_instructions(
            "Mnemo is a long-term memory: remember what matters (with entities and links), recall by meaning before answering, and relate memories that belong together. A person reviews and curates what you store.",
        )
    }
}
