//! The MCP tools: the registry's operations that agents may call, each under its tool name with
//! the JSON schema of its request. Writes record the agent — the client's name from MCP
//! initialization — as their actor.

use futures::future::BoxFuture;
use mnemo_api::{Api, ApiError, ApiOperation, Caller, Principal, Visitor};
use rmcp::handler::server::router::tool::{ToolRoute, ToolRouter};
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CallToolResponse, CallToolResult, ContentBlock, JsonObject, ServerCapabilities, ServerConfig,
    Tool,
};
use rmcp::{ErrorData, RoleServer, ServerHandler, service::RequestContext, tool_handler};
use serde_json::Value;
use std::sync::Arc;

/// The MCP server over one store.
#[derive(Clone)]
pub struct MnemoTools {
    api: Api,
    tool_router: ToolRouter<Self>,
}

impl MnemoTools {
    pub fn new(api: Api) -> Self {
        let mut tools = Tools(ToolRouter::new());
        mnemo_api::visit_operations(&mut tools);
        MnemoTools {
            api,
            tool_router: tools.0,
        }
    }
}

/// Collects a tool per operation that agents may call.
struct Tools(ToolRouter<MnemoTools>);

impl Visitor for Tools {
    fn visit<O: ApiOperation>(&mut self, _name: &'static str) {
        let Some(tool) = O::AGENT else { return };
        let attr = Tool::new(tool.name, tool.description, Arc::new(JsonObject::new()))
            .with_input_schema::<O::Request>();
        self.0.add_route(ToolRoute::new_dyn(attr, move |ctx| {
            call::<O>(ctx, tool.wrap)
        }));
    }
}

fn call<'a, O: ApiOperation>(
    ctx: ToolCallContext<'a, MnemoTools>,
    wrap: Option<&'static str>,
) -> BoxFuture<'a, Result<CallToolResponse, ErrorData>> {
    Box::pin(async move {
        let caller = caller(&ctx.service.api, &ctx.request_context).await;
        let args = Value::Object(ctx.arguments.unwrap_or_default());
        let result = match serde_json::from_value::<O::Request>(args) {
            Ok(request) => answer(ctx.service.api.call::<O>(request, &caller).await, wrap),
            Err(e) => failure(&ApiError::invalid(format!("invalid arguments: {e}"))),
        };
        Ok(CallToolResponse::Complete(result))
    })
}

/// Who is calling: the agent its named token stands for (over HTTP), else `agent:<client name>`
/// from the MCP handshake, under the policy the settings give agents without a token.
async fn caller(api: &Api, ctx: &RequestContext<RoleServer>) -> Caller {
    let parts = ctx.extensions.get::<http::request::Parts>();
    let via = connection(parts);
    let principal = parts.and_then(|p| p.extensions.get::<Principal>());
    if let Some(Principal::Agent(token)) = principal {
        return Caller::token(token).via(via);
    }
    let name = ctx.peer.peer_info().map(|p| p.client_info.name.clone());
    let policy = match api.engine().trust_settings().await {
        Ok(s) => s.new_agent_policy,
        Err(e) => {
            // Unreadable settings must not open the store wider than they would.
            tracing::warn!("trust settings unreadable, holding this agent's writes: {e}");
            mnemo_core::TrustPolicy::Review
        }
    };
    Caller::agent_as(name.as_deref().unwrap_or(""), policy, Default::default()).via(via)
}

/// The transport and connection, as the log records them: the HTTP session's id, or this
/// process (one `mnemo mcp` per stdio client).
fn connection(parts: Option<&http::request::Parts>) -> String {
    match parts {
        Some(p) => {
            let session = (p.headers.get("mcp-session-id")).and_then(|v| v.to_str().ok());
            format!("mcp-http {}", session.unwrap_or("-"))
        }
        None => format!("mcp-stdio pid {}", std::process::id()),
    }
}

fn answer<T: serde::Serialize>(r: Result<T, ApiError>, wrap: Option<&str>) -> CallToolResult {
    match r.and_then(|v| {
        serde_json::to_value(v)
            .map_err(|e| ApiError::invalid(format!("unserializable answer: {e}")))
    }) {
        Ok(Value::Object(o)) => CallToolResult::structured(Value::Object(o)),
        Ok(v) => CallToolResult::structured(serde_json::json!({ wrap.unwrap_or("result"): v })),
        Err(e) => failure(&e),
    }
}

/// A tool-level error: the agent sees what was wrong, with the code, and can correct it.
fn failure(e: &ApiError) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(format!(
        "{} ({})",
        e.message,
        e.code_name()
    ))])
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for MnemoTools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build()).with_instructions(
            "Mnemo is a long-term memory: remember what matters (with entities and links), recall by meaning before answering, and relate memories that belong together. A person reviews and curates what you store.",
        )
    }
}
