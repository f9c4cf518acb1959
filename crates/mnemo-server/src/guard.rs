//! Local-only security for every `/api/v1` request: the bearer token, and refusal of foreign web
//! origins and host names (cross-site requests from web pages, DNS rebinding). The token also says
//! who calls: the person's own token, or an agent's named one ([`Principal`]).

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, HOST, ORIGIN};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mnemo_api::{Api, ApiError, Principal};
use mnemo_core::ErrorCode;
use std::sync::Arc;

use crate::routes::Failure;

#[derive(Clone)]
pub struct Guard {
    /// Where named tokens are looked up.
    pub api: Api,
    /// Required on every API request when set.
    pub token: Option<Arc<str>>,
    /// Origins a browser may call from: the server's own, and the desktop app's.
    pub origins: Arc<[String]>,
    /// Host names the server answers to (against DNS rebinding); empty when bound to all addresses.
    pub hosts: Arc<[String]>,
}

impl Guard {
    pub fn new(api: Api, token: Option<String>, port: u16, loopback: bool) -> Guard {
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
            api,
            token: token.map(Arc::from),
            origins: origins.into(),
            hosts: if loopback {
                hosts.into()
            } else {
                Vec::new().into()
            },
        }
    }

    /// Who sends the request, or why it is refused.
    /// `given` is what [`Guard::given_token`] read (a request is not held across the lookup).
    async fn admit(&self, given: Result<Option<String>, ApiError>) -> Result<Principal, ApiError> {
        let given = given?;
        let Some(token) = &self.token else {
            return Ok(Principal::Person);
        };
        let Some(given) = given else {
            return Err(ApiError::new(
                ErrorCode::Unauthorized,
                "this API needs a bearer token (Authorization: Bearer …)",
            ));
        };
        if constant_time_eq(given.as_bytes(), token.as_bytes()) {
            return Ok(Principal::Person);
        }
        match self.api.engine().agent_token_for(&given).await {
            Ok(Some(t)) => Ok(Principal::Agent(t)),
            Ok(None) => Err(ApiError::new(
                ErrorCode::Unauthorized,
                "the bearer token is wrong or revoked",
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// The token a request carries, once its origin and host pass.
    fn given_token(&self, req: &Request) -> Result<Option<String>, ApiError> {
        if let Some(e) = self.check_origin(req) {
            return Err(e);
        }
        Ok(req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::to_string)
            // EventSource cannot set headers: the event stream may carry the token in the query.
            .or_else(|| query_token(req.uri().query())))
    }

    /// Why a request's origin or host is refused, if it is.
    fn check_origin(&self, req: &Request) -> Option<ApiError> {
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
        None
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

pub async fn guard(State(guard): State<Guard>, mut req: Request, next: Next) -> Response {
    let given = guard.given_token(&req);
    let admitted = guard.admit(given).await;
    match admitted {
        Ok(p) => {
            req.extensions_mut().insert(p);
            next.run(req).await
        }
        Err(e) => Failure(e).into_response(),
    }
}

/// The user's API token: read from `path`, or made there at first start, readable by the user
/// alone. Safe when several processes start at once: the file appears whole or not at all (written
/// aside, then hard-linked into place, which fails if another process got there first), so every
/// process serves the same token.
pub fn load_or_create_token(path: &std::path::Path) -> std::io::Result<String> {
    if let Some(t) = read_token(path)? {
        make_private(path)?;
        return Ok(t);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let token = new_token()?;
    let aside = dir.join(format!(".token-{}", new_token()?));
    write_private(&aside, &token)?;
    let published = match std::fs::hard_link(&aside, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => match read_token(path)? {
            Some(_) => Ok(()), // another process published first: use its token
            // A stale, unusable file: replace it whole.
            None => std::fs::rename(&aside, path),
        },
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&aside);
    published?;
    read_token(path)?.ok_or_else(|| std::io::Error::other("the token file is unreadable"))
}

/// The token in the file, if there is a usable one.
fn read_token(path: &std::path::Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t.trim().to_string()).filter(|t| t.len() >= 32)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn write_private(path: &std::path::Path, token: &str) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path)?;
    std::io::Write::write_all(&mut f, token.as_bytes())?;
    f.sync_all()
}

/// A token others can read is no secret: say so, and take their access away.
fn make_private(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(
                path = %path.display(),
                mode = format!("{:o}", mode & 0o777),
                "the API token file was readable by others; it is now readable by you alone"
            );
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// Where the token lives by default: `$MNEMO_TOKEN_FILE`, else the user's config directory.
pub fn default_token_path() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("MNEMO_TOKEN_FILE") {
        return p.into();
    }
    mnemo_api::stores::config_dir().join("token")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processes_starting_at_once_serve_one_token() {
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("conf/token");
            let tokens: Vec<String> = std::thread::scope(|s| {
                let racers: Vec<_> = (0..4)
                    .map(|_| s.spawn(|| load_or_create_token(&path).unwrap()))
                    .collect();
                racers.into_iter().map(|r| r.join().unwrap()).collect()
            });
            assert!(
                tokens.iter().all(|t| t == &tokens[0] && t.len() == 64),
                "{tokens:?}"
            );
            let left: Vec<_> = std::fs::read_dir(dir.path().join("conf"))
                .unwrap()
                .collect();
            assert_eq!(left.len(), 1, "no temporary file is left behind");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_token_others_can_read_is_made_private_and_a_bad_one_replaced() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "short").unwrap();
        let token = load_or_create_token(&path).unwrap();
        assert_eq!(token.len(), 64, "an unusable token is replaced");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(
            load_or_create_token(&path).unwrap(),
            token,
            "the same token is kept"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
