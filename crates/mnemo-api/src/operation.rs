//! What an operation is: a typed request, a typed response, a route, and one async function.
//! The registry ([`for_each_operation!`]) lists them; every front-end derives its adapters from it.

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;

use crate::{Api, ApiError, ApiResult};
use mnemo_core::{Actor, AgentToken, Rights, TrustPolicy};

/// One operation of the API. The front-ends — HTTP routes and the OpenAPI document, the desktop
/// app's Tauri commands and so the TypeScript client, MCP tools — are all generated from this.
pub trait ApiOperation: 'static {
    /// What it does, in one sentence: the OpenAPI summary and the generated client's doc.
    const SUMMARY: &'static str;
    /// Where it lives under `/api/v1`.
    const ROUTE: Route;
    /// Set when agents may call it as an MCP tool.
    const AGENT: Option<AgentTool> = None;
    type Request: DeserializeOwned + JsonSchema + specta::Type + Send + 'static;
    type Response: Serialize + JsonSchema + specta::Type + Send + 'static;

    fn run(
        api: &Api,
        request: Self::Request,
        caller: &Caller,
    ) -> impl Future<Output = ApiResult<Self::Response>> + Send;
}

/// An HTTP method of the REST API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    /// Whether the request travels in a JSON body (else in the path and the query string).
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Patch)
    }
}

/// How an operation is reached over HTTP. `{name}` segments of the path fill the request's field
/// of that name; the rest of the request is the query string (GET, DELETE) or the JSON body.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    /// The request field the whole body fills, when the body is one field rather than the rest
    /// of the request (`PATCH /memories/{id}` takes the patch itself as its body).
    pub body: Option<&'static str>,
}

impl Route {
    pub const fn get(path: &'static str) -> Route {
        Route::new(Method::Get, path)
    }
    pub const fn post(path: &'static str) -> Route {
        Route::new(Method::Post, path)
    }
    pub const fn patch(path: &'static str) -> Route {
        Route::new(Method::Patch, path)
    }
    pub const fn delete(path: &'static str) -> Route {
        Route::new(Method::Delete, path)
    }
    const fn new(method: Method, path: &'static str) -> Route {
        Route {
            method,
            path,
            body: None,
        }
    }
    /// The body fills this one field of the request.
    pub const fn body_is(self, field: &'static str) -> Route {
        Route {
            body: Some(field),
            ..self
        }
    }

    /// The names of the path's `{param}` segments, in order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> {
        self.path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }
}

/// An operation as an MCP tool: agents see their own name and description for it.
#[derive(Debug, Clone, Copy)]
pub struct AgentTool {
    pub name: &'static str,
    pub description: &'static str,
    /// MCP answers are JSON objects: a list is wrapped in an object under this key.
    pub wrap: Option<&'static str>,
}

/// Who calls an operation. The front-end sets it from the connection, never from the request:
/// the desktop's and browser's person is `user`; an agent is `agent:<name>`, named by its token
/// or, without one, by its MCP handshake, with its token's (or the settings') policy and rights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    actor: Actor,
}

impl Caller {
    pub fn user() -> Caller {
        Caller::person("user")
    }

    /// The command line (`mnemo add`, `mnemo import`, …).
    pub fn cli() -> Caller {
        Caller::person("cli").via("cli")
    }

    /// The same caller, connected through `via` (`app`, `rest`, `mcp-http <session>`…), which
    /// the log records beside its name.
    pub fn via(self, via: impl Into<String>) -> Caller {
        Caller {
            actor: self.actor.via(via),
        }
    }

    /// Mnemo itself (seeding the demo memory).
    pub fn system() -> Caller {
        Caller::person("mnemo")
    }

    fn person(name: &str) -> Caller {
        Caller {
            actor: Actor::person(name),
        }
    }

    /// An agent by the name it gave when it connected (`unknown` when it gave none), trusted,
    /// with the rights of an agent without a token: its own memories, every space.
    pub fn agent(name: &str) -> Caller {
        Caller::agent_as(name, TrustPolicy::Trusted, Rights::default())
    }

    pub fn agent_as(name: &str, policy: TrustPolicy, rights: Rights) -> Caller {
        Caller {
            actor: Actor::agent(name, policy, rights),
        }
    }

    /// The agent a named token stands for.
    pub fn token(t: &AgentToken) -> Caller {
        Caller::agent_as(&t.name, t.policy, t.rights.clone())
    }

    /// As the operation log and traces record it, with its policy and rights.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The name the log records: `user`, `agent:<name>`, …
    pub fn name(&self) -> &str {
        &self.actor.name
    }

    pub fn is_agent(&self) -> bool {
        self.actor.is_agent()
    }

    /// Whether it may see `m`: a person sees everything; an agent what is in its spaces and
    /// not held for review, unless it wrote it.
    pub fn sees(&self, m: &mnemo_core::Memory) -> bool {
        if !self.is_agent() {
            return true;
        }
        self.actor.rights.may_read(&m.space)
            && (m.status != mnemo_core::MemoryStatus::Pending || self.actor.wrote(m))
    }

    /// Refuses an agent: some things only the person does (tokens, settings, approvals, purge).
    pub fn require_person(&self, what: &str) -> Result<(), ApiError> {
        if self.is_agent() {
            return Err(ApiError::new(
                mnemo_core::ErrorCode::Forbidden,
                format!(
                    "{} may not {what}: only the person at Mnemo may",
                    self.name()
                ),
            ));
        }
        Ok(())
    }
}

/// Who a request's credentials stand for, before a front-end names the caller: an MCP client
/// with the person's token is still an agent, named by its handshake.
#[derive(Debug, Clone)]
pub enum Principal {
    /// The person's own token (the app, the browser, the CLI, or an agent given it).
    Person,
    /// An agent's named token.
    Agent(AgentToken),
}

/// Something that walks the registry: each front-end implements it to build its adapters.
pub trait Visitor {
    /// Called once per operation, with its name (`snake_case`, unique).
    fn visit<O: ApiOperation>(&mut self, name: &'static str);
}

/// The registry: every request/response operation, once, by name. `for_each_operation!(m)`
/// expands to `m! { name: Type, … }`, for front-ends that must generate items per operation
/// (the desktop app's Tauri commands); the others walk [`visit_operations`] with a [`Visitor`].
/// Adding an operation is its function in `ops/` and one line here.
#[macro_export]
macro_rules! for_each_operation {
    ($m:ident) => {
        $m! {
            snapshot: $crate::ops::GetSnapshot,
            overview: $crate::ops::GetOverview,
            list_spaces: $crate::ops::ListSpaces,
            create_space: $crate::ops::CreateSpace,
            update_space: $crate::ops::UpdateSpace,
            delete_space: $crate::ops::DeleteSpace,
            list_operations: $crate::ops::ListOperations,
            get_memory: $crate::ops::GetMemory,
            add_memory: $crate::ops::AddMemory,
            update_memory: $crate::ops::UpdateMemory,
            set_status: $crate::ops::SetStatus,
            forget: $crate::ops::Forget,
            neighborhood: $crate::ops::Neighborhood,
            get_edge: $crate::ops::GetEdge,
            link: $crate::ops::Link,
            unlink: $crate::ops::Unlink,
            confirm_edge: $crate::ops::ConfirmEdge,
            bulk_edit: $crate::ops::BulkEditMemories,
            merge: $crate::ops::MergeMemories,
            preview_merge: $crate::ops::PreviewMerge,
            supersede: $crate::ops::Supersede,
            undo: $crate::ops::Undo,
            redo: $crate::ops::Redo,
            history: $crate::ops::GetHistory,
            review: $crate::ops::GetReview,
            keep_apart: $crate::ops::KeepApart,
            purge: $crate::ops::PurgeMemories,
            recall: $crate::ops::Recall,
            recall_brief: $crate::ops::RecallBrief,
            list_traces: $crate::ops::ListTraces,
            get_trace: $crate::ops::GetTrace,
            retrieval_config: $crate::ops::GetRetrievalConfig,
            list_configs: $crate::ops::ListConfigs,
            save_config: $crate::ops::SaveConfig,
            rename_config: $crate::ops::RenameConfig,
            delete_config: $crate::ops::DeleteConfig,
            set_default_config: $crate::ops::SetDefaultConfig,
            replay_trace: $crate::ops::ReplayTrace,
            list_judgments: $crate::ops::ListJudgments,
            judge: $crate::ops::Judge,
            evaluate: $crate::ops::Evaluate,
            why_not: $crate::ops::ExplainMiss,
            who_am_i: $crate::ops::WhoAmI,
            list_agent_tokens: $crate::ops::ListAgentTokens,
            create_agent_token: $crate::ops::CreateAgentToken,
            update_agent_token: $crate::ops::UpdateAgentToken,
            revoke_agent_token: $crate::ops::RevokeAgentToken,
            trust_settings: $crate::ops::GetTrustSettings,
            set_trust_settings: $crate::ops::SetTrustSettings,
        }
    };
}

macro_rules! visit_all {
    ($($name:ident: $op:ty),* $(,)?) => {
        /// Calls the visitor once per operation of the registry, in registry order.
        pub fn visit_operations(v: &mut impl Visitor) {
            $(v.visit::<$op>(stringify!($name));)*
        }
    };
}

for_each_operation!(visit_all);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_name_their_params() {
        let r = Route::post("/memories/{id}/status");
        assert_eq!(r.params().collect::<Vec<_>>(), ["id"]);
        assert_eq!(Route::get("/spaces").params().count(), 0);
    }

    #[test]
    fn agents_are_named_by_the_connection() {
        assert_eq!(Caller::agent(" claude ").name(), "agent:claude");
        assert_eq!(Caller::agent("").name(), "agent:unknown");
        assert!(Caller::agent("x").is_agent() && !Caller::user().is_agent());
    }

    /// Names are unique, routes are unique, and every path parameter is a request field.
    #[test]
    fn the_registry_is_consistent() {
        struct Check(Vec<(&'static str, Method, &'static str)>, Vec<&'static str>);
        impl Visitor for Check {
            fn visit<O: ApiOperation>(&mut self, name: &'static str) {
                self.0.push((name, O::ROUTE.method, O::ROUTE.path));
                let schema = schemars::schema_for!(O::Request);
                let props = schema.get("properties").cloned().unwrap_or_default();
                for p in O::ROUTE.params().chain(O::ROUTE.body) {
                    assert!(props.get(p).is_some(), "{name}: {p} is not a request field");
                }
                if let Some(t) = O::AGENT {
                    self.1.push(t.name);
                }
            }
        }
        let mut c = Check(vec![], vec![]);
        visit_operations(&mut c);
        let mut names: Vec<_> = c.0.iter().map(|o| o.0).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), c.0.len(), "operation names are unique");
        let mut routes: Vec<_> = c.0.iter().map(|o| (o.1 as u8, o.2)).collect();
        routes.sort();
        routes.dedup();
        assert_eq!(routes.len(), c.0.len(), "routes are unique");
        let n = c.1.len();
        c.1.sort();
        c.1.dedup();
        assert_eq!(c.1.len(), n, "tool names are unique");
    }
}
