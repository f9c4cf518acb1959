//! Retrieval: recall with the trace that explains it (the full form and agents' brief form),
//! past traces, and the configuration every weight lives in.

use mnemo_core::{
    Channel, MemoryKind, PathStep, RetrievalConfig, RetrievalQuery, RetrievalResult,
    RetrievalTrace, Signals, TraceSummary,
};
use mnemo_engine::{RecallAnswer, RecallOptions};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{AgentTool, Api, ApiOperation, ApiResult, Caller, NoInput, Route, page_size};

#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct RecallRequest {
    pub query: RetrievalQuery,
    /// Weights for this query only; the store's configuration otherwise.
    #[serde(default)]
    pub config: Option<RetrievalConfig>,
    /// A saved configuration by name (`standard`: the built-in); the default when absent.
    #[serde(default)]
    #[schemars(transform = mnemo_core::limits::name)]
    pub config_name: Option<String>,
}

pub struct Recall;

impl ApiOperation for Recall {
    const SUMMARY: &'static str =
        "Retrieve memories for a query, with the trace that explains the order.";
    const ROUTE: Route = Route::post("/recall");
    type Request = RecallRequest;
    type Response = RecallAnswer;

    async fn run(api: &Api, mut r: RecallRequest, caller: &Caller) -> ApiResult<RecallAnswer> {
        scope(&mut r.query, caller)?;
        let options = RecallOptions {
            actor: caller.name().to_string(),
            config: r.config,
            config_name: r.config_name,
            query_vector: None,
            record: true,
        };
        Ok(api.engine.recall(r.query, options).await?)
    }
}

/// Keeps a query to what its asker may read: an agent's spaces, its own held memories and
/// nobody else's.
fn scope(q: &mut RetrievalQuery, caller: &Caller) -> ApiResult<()> {
    q.viewer = Some(caller.name().to_string());
    if !caller.is_agent() {
        return Ok(());
    }
    q.statuses
        .retain(|s| *s != mnemo_core::MemoryStatus::Pending);
    let rights = &caller.actor().rights;
    if let Some(s) = q.spaces.iter().find(|s| !rights.may_read(s)) {
        return Err(mnemo_core::Error::Forbidden(format!(
            "{} may not read space {s:?}",
            caller.name()
        ))
        .into());
    }
    if q.spaces.is_empty() {
        q.spaces = rights.read_spaces.clone();
    }
    Ok(())
}

/// A recall in the few fields an agent fills in.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefRecallRequest {
    /// What to look for, in plain language.
    pub query: String,
    /// Search only this space (all spaces when absent and `spaces` is empty).
    #[serde(default)]
    pub space: Option<String>,
    /// Search only these spaces (with `space`, if given).
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub spaces: Vec<String>,
    /// How many results (1..100, default 10).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Keep only these kinds: episode, fact, entity, note, summary.
    #[serde(default)]
    pub kinds: Vec<MemoryKind>,
    /// Every listed tag must be present.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Only what was true at this instant (RFC 3339): facts valid then, events that had happened.
    #[serde(default)]
    pub as_of: Option<String>,
    /// Only what was remembered at this instant (RFC 3339), as it was then.
    #[serde(default)]
    pub known_at: Option<String>,
    /// A saved retrieval configuration by name; the store's default when absent.
    #[serde(default)]
    #[schemars(transform = mnemo_core::limits::name)]
    pub config: Option<String>,
}

/// One result as an agent reads it: the memory's main fields with its scores and path.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct BriefHit {
    pub id: String,
    pub rank: u32,
    pub score: f32,
    pub kind: MemoryKind,
    pub title: String,
    pub text: String,
    pub space: String,
    pub occurred_at: Option<mnemo_core::Timestamp>,
    pub channels: Vec<Channel>,
    pub signals: Signals,
    pub path: Vec<PathStep>,
}

/// Results with the id of the trace that explains them (read it with `get_trace`).
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct BriefRecall {
    pub results: Vec<BriefHit>,
    pub trace_id: String,
}

impl From<RetrievalResult> for BriefHit {
    fn from(r: RetrievalResult) -> Self {
        let m = r.memory;
        BriefHit {
            id: m.id,
            rank: r.rank,
            score: r.score,
            kind: m.kind,
            title: m.title,
            text: m.text,
            space: m.space,
            occurred_at: m.occurred_at,
            channels: r.channels,
            signals: r.signals,
            path: r.path,
        }
    }
}

pub struct RecallBrief;

impl ApiOperation for RecallBrief {
    const SUMMARY: &'static str =
        "Recall in an agent's terms: a query string and a few filters; results with a trace id.";
    const ROUTE: Route = Route::post("/recall/brief");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "recall",
        description: "Find memories by meaning, keywords and graph connections; a day, month or year the query names (\"on 2024-05-10\", \"in July 2023\") favours memories of that time, and a stored question that matches brings the reply after it in its session. Returns results with their scores per signal and the id of the retrieval trace, which explains the order (read it with get_trace).",
        wrap: None,
    });
    type Request = BriefRecallRequest;
    type Response = BriefRecall;

    async fn run(api: &Api, r: BriefRecallRequest, caller: &Caller) -> ApiResult<BriefRecall> {
        let time = |field: &str, v: Option<String>| {
            v.map(|t| mnemo_core::validate::parse_time(field, &t))
                .transpose()
        };
        let as_of = time("as_of", r.as_of)?;
        let known_at = time("known_at", r.known_at)?;
        let query = RetrievalQuery {
            text: r.query,
            spaces: r.space.into_iter().chain(r.spaces).collect(),
            kinds: r.kinds,
            tags: r.tags,
            as_of,
            known_at,
            limit: r.limit.unwrap_or(10).clamp(1, 100),
            ..Default::default()
        };
        let answer = Recall::run(
            api,
            RecallRequest {
                query,
                config: None,
                config_name: r.config,
            },
            caller,
        )
        .await?;
        Ok(BriefRecall {
            results: answer.results.into_iter().map(BriefHit::from).collect(),
            trace_id: answer.trace.id,
        })
    }
}

/// A page of traces.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TracesPage {
    /// At most this many, newest first (default 100, at most 1000).
    #[serde(default)]
    pub limit: Option<u32>,
}

pub struct ListTraces;

impl ApiOperation for ListTraces {
    const SUMMARY: &'static str = "Recent retrieval traces, newest first.";
    const ROUTE: Route = Route::get("/traces");
    type Request = TracesPage;
    type Response = Vec<TraceSummary>;

    async fn run(api: &Api, r: TracesPage, _: &Caller) -> ApiResult<Vec<TraceSummary>> {
        Ok(api.engine.traces(page_size(r.limit)).await?)
    }
}

/// Names one trace.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TraceRef {
    /// The trace's id, as `recall` returned it (`trace_id`).
    #[serde(alias = "trace_id")]
    pub id: String,
}

pub struct GetTrace;

impl ApiOperation for GetTrace {
    const SUMMARY: &'static str = "One retrieval trace.";
    const ROUTE: Route = Route::get("/traces/{id}");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "get_trace",
        description: "Read a retrieval trace: every stage with its candidates, per-signal scores, drops and reasons, graph paths and timings.",
        wrap: None,
    });
    type Request = TraceRef;
    type Response = RetrievalTrace;

    async fn run(api: &Api, r: TraceRef, _: &Caller) -> ApiResult<RetrievalTrace> {
        // This process's recent traces are readable at once, even before they are stored.
        Ok(api.engine.trace(&r.id).await?)
    }
}

pub struct GetRetrievalConfig;

impl ApiOperation for GetRetrievalConfig {
    const SUMMARY: &'static str = "The retrieval configuration (every weight).";
    const ROUTE: Route = Route::get("/config");
    type Request = NoInput;
    type Response = RetrievalConfig;

    async fn run(api: &Api, _: NoInput, _: &Caller) -> ApiResult<RetrievalConfig> {
        Ok(api.engine.retrieval_config())
    }
}
