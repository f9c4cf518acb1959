//! Mnemo over HTTP, bound to loopback: the built UI, the `/api/v1` operations (one route per
//! entry of `mnemo-api`'s registry) with their OpenAPI document, MCP at `/mcp`, and a live stream
//! of graph deltas and traces as server-sent events. `mnemo serve` and the desktop app's local
//! server are this crate; it adapts [`mnemo_api::Api`] and holds no domain logic.

mod assets;
mod events;
mod guard;
mod openapi;
mod operations;
mod routes;

use mnemo_api::{Api, Progress};
use std::net::SocketAddr;
use tokio::sync::broadcast;

pub use assets::{Ui, is_embedded as ui_is_embedded};
pub use guard::{default_token_path, load_or_create_token};
pub use openapi::document as openapi_document;
pub use routes::API_PREFIX;

/// What a server needs beyond the engine.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub addr: SocketAddr,
    /// Where the UI's files come from (or none: the API only).
    pub ui: Ui,
    /// The bearer token every API request must carry; `None` turns the check off (tests only).
    pub token: Option<String>,
}

/// State shared by every request.
#[derive(Clone)]
pub(crate) struct AppState {
    pub api: Api,
    /// Progress of imports running on this server, for the event stream.
    pub progress: broadcast::Sender<Progress>,
}

/// A bound server: the address is known (port 0 picks a free one) before it starts serving.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: axum::Router,
}

impl Server {
    pub async fn bind(api: Api, config: ServerConfig) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let port = listener.local_addr()?.port();
        let guard = guard::Guard::new(
            api.clone(),
            config.token,
            port,
            config.addr.ip().is_loopback(),
        );
        let (progress, _) = broadcast::channel(64);
        let router = routes::router(AppState { api, progress }, guard, &config.ui);
        Ok(Server { listener, router })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until the future is dropped or the process ends.
    pub async fn serve(self) -> std::io::Result<()> {
        use axum::serve::ListenerExt;
        // No Nagle delay: a streamed answer (an MCP call's event stream, the live feed) is
        // written in pieces, and a piece must not wait for the client's acknowledgement of the
        // one before it (up to 40 ms with delayed acknowledgements).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "TCP_NODELAY could not be set");
            }
        });
        axum::serve(listener, self.router).await
    }
}
