//! Local-only security for every `/api/v1` request: the bearer token, and refusal of foreign web
//! origins and host names (cross-site requests from web pages, DNS rebinding).

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mnemo_api::ApiError;
use mnemo_core::ErrorCode;
use std::sync::Arc;

use crate::routes::Failure;

#[derive(Clone)]
pub struct Guard {
    /// Required on every API request when set.
    pub token: Option<Arc<str>>,
    /// Origins a browser may call from: the server's own, and the desktop app's.
    pub origins: Arc<[String]>,
    /// Host names the server answers to (against DNS rebinding); empty when bound to all addresses.
    pub hosts: Arc<[String]>,
}

impl Guard {
    pub fn new(token: Option<String>, port: u16, loopback: bool) -> Guard {
        let mut origins = vec![
            "tauri://localhost".to_string(),
            "http://tauri.localhost".to_string(),
        ];
        let mut hosts = Vec::new();
        for h in ["127.0.0.1", "localhost", "[::1]"] {
            origins.push(format!("http://{h}:{port}"));
            hosts.push(format!("{h}:{port}"));
        }
        Guard {
            token: token.map(Arc::from),
            origins: origins.into(),
            hosts: if loopback {
                hosts.into()
            } else {
                Vec::new().into()
            },
        }
    }

    /// Why a request is refused, if it is.
    fn check(&self, req: &Request) -> Option<ApiError> {
        let headers = req.headers();
        if !self.hosts.is_empty() {
            let host = headers
                .get(HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("");
            if !self.hosts.iter().any(|h| h == host) {
                return Some(ApiError::new(
                    ErrorCode::Forbidden,
                    format!("host {host:?} is not this server's"),
                ));
            }
        }
        // Programs (agents, the CLI, curl) send no Origin; browsers always do on cross-site calls.
        if let Some(origin) = headers.get(ORIGIN) {
            let origin = origin.to_str().unwrap_or("");
            if !self.origins.iter().any(|o| o == origin) {
                return Some(ApiError::new(
                    ErrorCode::Forbidden,
                    format!("requests from origin {origin:?} are not allowed"),
                ));
            }
        }
        let Some(token) = &self.token else {
            return None;
        };
        let given = headers
            .get(AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::to_string)
            // EventSource cannot set headers: the event stream may carry the token in the query.
            .or_else(|| query_token(req.uri().query()));
        match given {
            None => Some(ApiError::new(
                ErrorCode::Unauthorized,
                "this API needs a bearer token (Authorization: Bearer …)",
            )),
            Some(t) if !constant_time_eq(t.as_bytes(), token.as_bytes()) => Some(ApiError::new(
                ErrorCode::Unauthorized,
                "the bearer token is wrong",
            )),
            Some(_) => None,
        }
    }
}

fn query_token(query: Option<&str>) -> Option<String> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix("token="))
        .map(|t| t.to_string())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn guard(State(guard): State<Guard>, req: Request, next: Next) -> Response {
    match guard.check(&req) {
        Some(e) => Failure(e).into_response(),
        None => next.run(req).await,
    }
}

/// The user's API token: read from `path`, or made there (readable by the user alone) at first start.
pub fn load_or_create_token(path: &std::path::Path) -> std::io::Result<String> {
    if let Ok(t) = std::fs::read_to_string(path) {
        let t = t.trim().to_string();
        if t.len() >= 32 {
            return Ok(t);
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    std::io::Write::write_all(&mut opts.open(path)?, token.as_bytes())?;
    Ok(token)
}

/// Where the token lives by default: `$MNEMO_TOKEN_FILE`, else the user's config directory.
pub fn default_token_path() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("MNEMO_TOKEN_FILE") {
        return p.into();
    }
    dirs_config().join("mnemo").join("token")
}

fn dirs_config() -> std::path::PathBuf {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| std::path::PathBuf::from("."))
}
