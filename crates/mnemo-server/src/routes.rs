//! The HTTP surface: `/api/v1` (the registry's operations, the import upload, the event stream
//! and the OpenAPI document) and `/mcp` behind the token and origin checks, and the UI's files.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use mnemo_api::{ApiError, Caller, ExportRequest, ImportOptions, ImportReport, Principal};
use mnemo_core::ErrorCode;
use serde::Deserialize;
use tower_http::services::{ServeDir, ServeFile};

use crate::{AppState, events, operations};

pub const API_PREFIX: &str = "/api/v1";

/// Request bodies above this are refused (imports have their own, larger limit).
pub(crate) const BODY_LIMIT: usize = 4 << 20;
const IMPORT_LIMIT: usize = 512 << 20;

/// An [`ApiError`] as an HTTP answer.
#[derive(Debug)]
pub struct Failure(pub ApiError);

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure(e)
    }
}

pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::SchemaTooNew => StatusCode::CONFLICT,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Storage | ErrorCode::Embedding | ErrorCode::Io | ErrorCode::Internal => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (status_of(self.0.code), Json(self.0)).into_response()
    }
}

pub fn router(state: AppState, guard: crate::guard::Guard, ui: &crate::Ui) -> Router {
    let mut ops = operations::Routes(Router::new());
    mnemo_api::visit_operations(&mut ops);
    let api = ops
        .0
        .route(
            "/import",
            post(import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route(
            "/export",
            post(export).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route(
            "/events",
            get(|State(s): State<AppState>| events::stream(s)),
        )
        .route("/openapi.json", get(openapi))
        .fallback(|| async { Failure(ApiError::new(ErrorCode::NotFound, "no such API route")) })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            guard.clone(),
            crate::guard::guard,
        ))
        .with_state(state.clone());
    // MCP over streamable HTTP, behind the same token and origin checks.
    let mcp = Router::new()
        .nest_service("/mcp", mnemo_mcp::http_service(state.api.clone()))
        .layer(axum::middleware::from_fn_with_state(
            guard.clone(),
            crate::guard::guard,
        ));
    let app = Router::new().nest(API_PREFIX, api).merge(mcp);
    match ui {
        crate::Ui::Embedded => app.fallback(crate::assets::serve_embedded),
        // Client-side routes fall back to the app's page.
        crate::Ui::Dir(dir) => app
            .fallback_service(ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))),
        crate::Ui::None => app,
    }
}

async fn openapi() -> Json<serde_json::Value> {
    static DOCUMENT: std::sync::LazyLock<serde_json::Value> =
        std::sync::LazyLock::new(crate::openapi::document);
    Json(DOCUMENT.clone())
}

#[derive(Deserialize)]
struct ImportParams {
    space: Option<String>,
    name: Option<String>,
    /// jsonl, chatgpt, claude, transcript or mcp-memory; detected from the content when absent.
    format: Option<String>,
}

/// `POST /export`: memories (all, a space's or a selection) as a file to download: JSONL,
/// GraphML or Cytoscape JSON. The person's alone: an agent reads through recall and browse.
async fn export(
    State(s): State<AppState>,
    principal: Option<axum::Extension<Principal>>,
    body: Result<Json<ExportRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Failure> {
    if let Some(axum::Extension(Principal::Agent(t))) = principal {
        return Err(Failure(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "agent:{} may not export: only the person at Mnemo may",
                t.name
            ),
        )));
    }
    let Json(r) = body.map_err(|e| {
        Failure(ApiError::invalid(format!(
            "invalid request body: {}",
            e.body_text()
        )))
    })?;
    let file = s.api.export(r).await?;
    let disposition = content_disposition(&file.file_name);
    let headers = [
        (
            axum::http::header::CONTENT_TYPE,
            file.content_type.to_string(),
        ),
        (axum::http::header::CONTENT_DISPOSITION, disposition),
    ];
    Ok((headers, file.body).into_response())
}

/// An attachment's file name: plain ASCII for every client, and the exact name in RFC 5987 form
/// for those that read it.
fn content_disposition(name: &str) -> String {
    let plain: String = (name.chars())
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let exact: String = (name.bytes())
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{exact}")
}

/// `POST /import`: a JSONL file as the raw body; progress goes out on the event stream.
async fn import(
    State(s): State<AppState>,
    q: Result<Query<ImportParams>, QueryRejection>,
    content: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportReport>, Failure> {
    let Query(q) = q.map_err(|e| {
        Failure(ApiError::invalid(format!(
            "invalid query string: {}",
            e.body_text()
        )))
    })?;
    let content = content.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure(ApiError::new(
                ErrorCode::TooLarge,
                format!("import file too large (limit {IMPORT_LIMIT} bytes)"),
            ))
        } else {
            Failure(ApiError::invalid(format!(
                "invalid request body: {}",
                e.body_text()
            )))
        }
    })?;
    let format = (q.format.as_deref().filter(|f| !f.is_empty()))
        .map(mnemo_api::Format::parse)
        .transpose()
        .map_err(|e| Failure(e.into()))?;
    let options = ImportOptions {
        space: q.space,
        format,
        ..ImportOptions::named(q.name.unwrap_or_else(|| "upload.jsonl".into()))
    };
    let progress = s.progress.clone();
    let report = s
        .api
        .import(
            &content[..],
            options,
            &Caller::user().via("rest"),
            &move |p| {
                let _ = progress.send(p);
            },
        )
        .await?;
    Ok(Json(report))
}
