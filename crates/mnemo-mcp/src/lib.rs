//! Mnemo for agents over the Model Context Protocol: the operations of `mnemo-api` that agents
//! may call (remember, recall with a trace id, read and update memories, forget, relate and
//! unrelate, neighbourhoods, spaces, traces) as tools. Served over stdio (`mnemo mcp`) and
//! streamable HTTP (`/mcp`). Every write records the agent — the client's name from MCP
//! initialization — as its actor and source.

mod tools;

use mnemo_api::Api;
use rmcp::ServiceExt;
use rmcp::transport::streamable_http_server::{
    StreamableHttpServerConfig, StreamableHttpService, session::local::LocalSessionManager,
};

pub use tools::MnemoTools;

/// Serves MCP on this process's stdin and stdout until the client hangs up.
pub async fn serve_stdio(api: Api) -> Result<(), String> {
    let service = MnemoTools::new(api)
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| e.to_string())?;
    service.waiting().await.map_err(|e| e.to_string())?;
    Ok(())
}

/// The streamable-HTTP MCP endpoint, to mount at `/mcp` behind the server's token and origin checks.
pub fn http_service(api: Api) -> StreamableHttpService<MnemoTools, LocalSessionManager> {
    StreamableHttpService::new(
        move || Ok(MnemoTools::new(api.clone())),
        Default::default(),
        StreamableHttpServerConfig::default(),
    )
}
