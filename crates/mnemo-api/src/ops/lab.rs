//! The retrieval lab: named configurations, replays, judgments, evaluations and "why not?".
//! Everyone who may recall may replay and ask why not; the person alone changes configurations
//! and judgments.

use mnemo_core::{RetrievalConfig, RetrievalQuery};
use mnemo_engine::{
    ConfigBook, Evaluation, JudgedQuery, Judgment, LabelledQuery, NamedConfig, Replay,
    ReplayOptions, WhyNot,
};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::NoInput;
use crate::{AgentTool, Api, ApiOperation, ApiResult, Caller, Route};

pub struct ListConfigs;

impl ApiOperation for ListConfigs {
    const SUMMARY: &'static str =
        "Every retrieval configuration (the built-in `standard` first) and the default's name.";
    const ROUTE: Route = Route::get("/configs");
    type Request = NoInput;
    type Response = ConfigBook;

    async fn run(api: &Api, _: NoInput, _: &Caller) -> ApiResult<ConfigBook> {
        Ok(api.engine.config_book().await?)
    }
}

/// Weights to keep under a name.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigToSave {
    #[schemars(transform = mnemo_core::limits::name)]
    pub name: String,
    pub config: RetrievalConfig,
}

pub struct SaveConfig;

impl ApiOperation for SaveConfig {
    const SUMMARY: &'static str = "Save weights under a name (replacing that name's).";
    const ROUTE: Route = Route::post("/configs");
    type Request = ConfigToSave;
    type Response = NamedConfig;

    async fn run(api: &Api, r: ConfigToSave, caller: &Caller) -> ApiResult<NamedConfig> {
        caller.require_person("save configurations")?;
        Ok(api.engine.save_config(&r.name, r.config).await?)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigRename {
    #[schemars(transform = mnemo_core::limits::name)]
    pub name: String,
    #[schemars(transform = mnemo_core::limits::name)]
    pub to: String,
}

pub struct RenameConfig;

impl ApiOperation for RenameConfig {
    const SUMMARY: &'static str = "Rename a saved configuration (the default stays the default).";
    const ROUTE: Route = Route::patch("/configs/{name}");
    type Request = ConfigRename;
    type Response = NamedConfig;

    async fn run(api: &Api, r: ConfigRename, caller: &Caller) -> ApiResult<NamedConfig> {
        caller.require_person("rename configurations")?;
        Ok(api.engine.rename_config(&r.name, &r.to).await?)
    }
}

/// A configuration, by name.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigRef {
    #[schemars(transform = mnemo_core::limits::name)]
    pub name: String,
}

pub struct DeleteConfig;

impl ApiOperation for DeleteConfig {
    const SUMMARY: &'static str =
        "Delete a saved configuration; if it was the default, `standard` is again.";
    const ROUTE: Route = Route::delete("/configs/{name}");
    type Request = ConfigRef;
    type Response = ConfigBook;

    async fn run(api: &Api, r: ConfigRef, caller: &Caller) -> ApiResult<ConfigBook> {
        caller.require_person("delete configurations")?;
        api.engine.delete_config(&r.name).await?;
        Ok(api.engine.config_book().await?)
    }
}

pub struct SetDefaultConfig;

impl ApiOperation for SetDefaultConfig {
    const SUMMARY: &'static str =
        "Make a configuration the default: every recall that names none uses it, agents' included.";
    const ROUTE: Route = Route::post("/default-config");
    type Request = ConfigRef;
    type Response = ConfigBook;

    async fn run(api: &Api, r: ConfigRef, caller: &Caller) -> ApiResult<ConfigBook> {
        caller.require_person("choose the default configuration")?;
        api.engine.set_default_config(&r.name).await?;
        Ok(api.engine.config_book().await?)
    }
}

/// A trace to replay, and how.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayRequest {
    pub id: String,
    #[serde(default)]
    pub options: ReplayOptions,
}

pub struct ReplayTrace;

impl ApiOperation for ReplayTrace {
    const SUMMARY: &'static str = "Run a past recall again — against today's memory or as Mnemo knew it then, with its own configuration or another — beside the original, with every rank change.";
    const ROUTE: Route = Route::post("/traces/{id}/replay").body_is("options");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "replay_recall",
        description: "Run one of your past recalls again (by trace id), against today's memory or as it was then (as_of_then), with its own or another saved configuration; shows both rankings and every rank change.",
        wrap: None,
    });
    type Request = ReplayRequest;
    type Response = Replay;

    async fn run(api: &Api, r: ReplayRequest, caller: &Caller) -> ApiResult<Replay> {
        let original = api.engine.trace(&r.id).await?;
        // An agent replays only its own recalls (another's may show memories it may not read).
        if caller.is_agent() && original.actor != caller.name() {
            return Err(mnemo_core::Error::Forbidden(format!(
                "{} may replay only its own recalls",
                caller.name()
            ))
            .into());
        }
        Ok(api.engine.replay(&r.id, r.options).await?)
    }
}

pub struct ListJudgments;

impl ApiOperation for ListJudgments {
    const SUMMARY: &'static str = "The person's relevance judgments, one entry per judged query.";
    const ROUTE: Route = Route::get("/judgments");
    type Request = NoInput;
    type Response = Vec<JudgedQuery>;

    async fn run(api: &Api, _: NoInput, _: &Caller) -> ApiResult<Vec<JudgedQuery>> {
        Ok(api.engine.judgments().await?)
    }
}

pub struct Judge;

impl ApiOperation for Judge {
    const SUMMARY: &'static str = "Mark a memory relevant or not to a query (null clears the mark); the marks are the query set evaluations run on.";
    const ROUTE: Route = Route::post("/judgments");
    type Request = Judgment;
    type Response = JudgedQuery;

    async fn run(api: &Api, r: Judgment, caller: &Caller) -> ApiResult<JudgedQuery> {
        caller.require_person("judge results")?;
        Ok(api.engine.judge(r).await?)
    }
}

/// Configurations to compare, and the queries to compare them on.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluateRequest {
    /// Saved configurations by name (`standard`: the built-in); none: the default.
    #[serde(default)]
    #[schemars(length(max = 8))]
    pub configs: Vec<String>,
    /// Labelled queries; none: the person's judgments.
    #[serde(default)]
    #[schemars(length(max = 10000))] // MAX_EVALUATED
    pub set: Option<Vec<LabelledQuery>>,
}

pub struct Evaluate;

/// The most queries one evaluation takes (the OpenAPI document says so too).
const MAX_EVALUATED: usize = 10_000;

impl ApiOperation for Evaluate {
    const SUMMARY: &'static str = "Evaluate configurations on a query set (the judgments by default): recall@1/5/10/20, MRR, nDCG@10, per query.";
    const ROUTE: Route = Route::post("/evaluate");
    type Request = EvaluateRequest;
    type Response = Vec<Evaluation>;

    async fn run(api: &Api, r: EvaluateRequest, caller: &Caller) -> ApiResult<Vec<Evaluation>> {
        caller.require_person("evaluate configurations")?;
        if r.configs.len() > 8 {
            return Err(mnemo_core::limits::too_many("configs", r.configs.len(), 8).into());
        }
        let set = match r.set {
            Some(set) if set.len() > MAX_EVALUATED => {
                return Err(mnemo_core::limits::too_many("set", set.len(), MAX_EVALUATED).into());
            }
            Some(set) => set,
            None => LabelledQuery::from_judgments(&api.engine.judgments().await?),
        };
        Ok(api.engine.evaluate(&set, &r.configs).await?)
    }
}

/// A memory a query did not return, and the query.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhyNotRequest {
    pub query: RetrievalQuery,
    /// The weights to explain (the default configuration when absent).
    #[serde(default)]
    pub config: Option<RetrievalConfig>,
    #[schemars(transform = mnemo_core::limits::name)]
    pub memory: String,
}

pub struct ExplainMiss;

impl ApiOperation for ExplainMiss {
    const SUMMARY: &'static str = "Why a query did not return a memory: its rank and score in each channel, fusion, expansion, filters and the cut, and the first stage that lost it.";
    const ROUTE: Route = Route::post("/why-not");
    type Request = WhyNotRequest;
    type Response = WhyNot;

    async fn run(api: &Api, mut r: WhyNotRequest, caller: &Caller) -> ApiResult<WhyNot> {
        caller.require_person("ask why not")?;
        r.query.viewer = Some(caller.name().to_string());
        Ok(api.engine.why_not(r.query, r.config, &r.memory).await?)
    }
}
