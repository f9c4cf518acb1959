//! Who may do what: the caller's own identity, agents' named tokens, and the trust settings.
//! Managing tokens and settings is the person's alone.

use mnemo_core::{AgentToken, Rights, TrustPolicy, TrustSettings};
use mnemo_engine::{AgentTokenSpec, NewAgentToken};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::NoInput;
use crate::{Api, ApiOperation, ApiResult, Caller, Route};

/// Who the server takes the caller for.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct CallerInfo {
    /// As the log records its changes: `user`, `agent:<name>`.
    pub actor: String,
    pub policy: TrustPolicy,
    pub rights: Rights,
}

pub struct WhoAmI;

impl ApiOperation for WhoAmI {
    const SUMMARY: &'static str =
        "Who the server takes the caller for: its name in the log, its trust policy and rights.";
    const ROUTE: Route = Route::get("/me");
    type Request = NoInput;
    type Response = CallerInfo;

    async fn run(_: &Api, _: NoInput, caller: &Caller) -> ApiResult<CallerInfo> {
        let a = caller.actor();
        Ok(CallerInfo {
            actor: a.name.clone(),
            policy: a.policy,
            rights: a.rights.clone(),
        })
    }
}

pub struct ListAgentTokens;

impl ApiOperation for ListAgentTokens {
    const SUMMARY: &'static str =
        "Agents' named tokens (revoked ones too), with when each was last used.";
    const ROUTE: Route = Route::get("/tokens");
    type Request = NoInput;
    type Response = Vec<AgentToken>;

    async fn run(api: &Api, _: NoInput, caller: &Caller) -> ApiResult<Vec<AgentToken>> {
        caller.require_person("list tokens")?;
        Ok(api.engine.agent_tokens().await?)
    }
}

pub struct CreateAgentToken;

impl ApiOperation for CreateAgentToken {
    const SUMMARY: &'static str = "Make a token for an agent: its name, trust policy and rights. The secret is in this answer only.";
    const ROUTE: Route = Route::post("/tokens");
    type Request = AgentTokenSpec;
    type Response = NewAgentToken;

    async fn run(api: &Api, spec: AgentTokenSpec, caller: &Caller) -> ApiResult<NewAgentToken> {
        caller.require_person("make tokens")?;
        Ok(api.engine.create_agent_token(spec).await?)
    }
}

/// A token's new policy and rights.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenUpdate {
    pub id: String,
    pub spec: AgentTokenSpec,
}

pub struct UpdateAgentToken;

impl ApiOperation for UpdateAgentToken {
    const SUMMARY: &'static str = "Change a live token's trust policy and rights.";
    const ROUTE: Route = Route::patch("/tokens/{id}").body_is("spec");
    type Request = TokenUpdate;
    type Response = AgentToken;

    async fn run(api: &Api, r: TokenUpdate, caller: &Caller) -> ApiResult<AgentToken> {
        caller.require_person("change tokens")?;
        Ok(api.engine.update_agent_token(&r.id, r.spec).await?)
    }
}

/// A token, by id.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRef {
    pub id: String,
}

pub struct RevokeAgentToken;

impl ApiOperation for RevokeAgentToken {
    const SUMMARY: &'static str = "Revoke a token: every request with it is refused from now on.";
    const ROUTE: Route = Route::delete("/tokens/{id}");
    type Request = TokenRef;
    type Response = AgentToken;

    async fn run(api: &Api, r: TokenRef, caller: &Caller) -> ApiResult<AgentToken> {
        caller.require_person("revoke tokens")?;
        Ok(api.engine.revoke_agent_token(&r.id).await?)
    }
}

pub struct GetTrustSettings;

impl ApiOperation for GetTrustSettings {
    const SUMMARY: &'static str = "How agents that connect without a named token are treated.";
    const ROUTE: Route = Route::get("/settings/trust");
    type Request = NoInput;
    type Response = TrustSettings;

    async fn run(api: &Api, _: NoInput, _: &Caller) -> ApiResult<TrustSettings> {
        Ok(api.engine.trust_settings().await?)
    }
}

pub struct SetTrustSettings;

impl ApiOperation for SetTrustSettings {
    const SUMMARY: &'static str = "Set how agents that connect without a named token are treated.";
    const ROUTE: Route = Route::patch("/settings/trust");
    type Request = TrustSettings;
    type Response = TrustSettings;

    async fn run(api: &Api, s: TrustSettings, caller: &Caller) -> ApiResult<TrustSettings> {
        caller.require_person("change the trust settings")?;
        Ok(api.engine.set_trust_settings(s).await?)
    }
}
