//! `/api/v1`: the same operations as the desktop app's commands, as JSON over HTTP. Every error
//! is an `ApiError` body with a fitting status; bad input is always a 4xx.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use mnemo_api::{ApiError, RecallRequest, StatusChange};
use mnemo_core::{ErrorCode, MemoryPatch, NewEdge, NewMemory};
use serde::Deserialize;
use tower_http::services::{ServeDir, ServeFile};

use crate::{AppState, events};

pub const API_PREFIX: &str = "/api/v1";

/// Who the UI's requests act as, in operations and traces.
const ACTOR: &str = "user";

/// Request bodies above this are refused (imports have their own, larger limit).
const BODY_LIMIT: usize = 4 << 20;
const IMPORT_LIMIT: usize = 512 << 20;

/// An [`ApiError`] as an HTTP answer.
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

type Answer<T> = Result<Json<T>, Failure>;

/// Turns axum's plain-text body rejections into our error shape.
fn body<T>(payload: Result<Json<T>, JsonRejection>) -> Result<T, Failure> {
    match payload {
        Ok(Json(v)) => Ok(v),
        Err(JsonRejection::BytesRejection(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Err(Failure(ApiError::new(
                ErrorCode::TooLarge,
                format!("request body too large (limit {BODY_LIMIT} bytes)"),
            )))
        }
        Err(e) => Err(Failure(ApiError::invalid(format!(
            "invalid request body: {}",
            e.body_text()
        )))),
    }
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, Failure> {
    q.map(|Query(v)| v).map_err(|e| {
        Failure(ApiError::invalid(format!(
            "invalid query string: {}",
            e.body_text()
        )))
    })
}

pub fn router(
    state: AppState,
    guard: crate::guard::Guard,
    ui_dir: Option<&std::path::Path>,
) -> Router {
    let api = Router::new()
        .route("/snapshot", get(snapshot))
        .route("/memories", post(add_memory))
        .route("/memories/{id}", get(get_memory).patch(update_memory))
        .route("/memories/{id}/status", post(set_status))
        .route("/edges", post(link))
        .route("/edges/{id}", axum::routing::delete(unlink))
        .route("/edges/{id}/confirm", post(confirm_edge))
        .route("/recall", post(recall))
        .route("/traces", get(traces))
        .route("/traces/{id}", get(trace))
        .route("/spaces", get(spaces))
        .route("/operations", get(operations))
        .route("/config", get(config))
        .route("/overview", get(overview))
        .route(
            "/import",
            post(import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
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
    match ui_dir {
        // Client-side routes fall back to the app's page.
        Some(dir) => app
            .fallback_service(ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))),
        None => app,
    }
}

async fn openapi() -> Json<serde_json::Value> {
    static DOCUMENT: std::sync::LazyLock<serde_json::Value> =
        std::sync::LazyLock::new(crate::openapi::document);
    Json(DOCUMENT.clone())
}

async fn snapshot(State(s): State<AppState>) -> Json<mnemo_api::GraphSnapshot> {
    // Copying 100k memories is CPU work: keep it off the async workers.
    let api = s.api.clone();
    Json(
        tokio::task::spawn_blocking(move || api.snapshot())
            .await
            .expect("snapshot task"),
    )
}

async fn get_memory(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Answer<mnemo_api::MemoryDetail> {
    Ok(Json(s.api.memory(&id).await?))
}

async fn add_memory(
    State(s): State<AppState>,
    payload: Result<Json<NewMemory>, JsonRejection>,
) -> Answer<mnemo_core::Memory> {
    Ok(Json(s.api.add_memory(body(payload)?, ACTOR).await?))
}

async fn update_memory(
    State(s): State<AppState>,
    Path(id): Path<String>,
    payload: Result<Json<MemoryPatch>, JsonRejection>,
) -> Answer<mnemo_core::Memory> {
    Ok(Json(s.api.update_memory(&id, body(payload)?, ACTOR).await?))
}

async fn set_status(
    State(s): State<AppState>,
    Path(id): Path<String>,
    payload: Result<Json<StatusChange>, JsonRejection>,
) -> Answer<mnemo_core::Memory> {
    Ok(Json(
        s.api.set_status(&id, body(payload)?.status, ACTOR).await?,
    ))
}

async fn link(
    State(s): State<AppState>,
    payload: Result<Json<NewEdge>, JsonRejection>,
) -> Answer<mnemo_core::Edge> {
    Ok(Json(s.api.link(body(payload)?, ACTOR).await?))
}

async fn unlink(State(s): State<AppState>, Path(id): Path<String>) -> Answer<mnemo_core::Edge> {
    Ok(Json(s.api.unlink(&id, ACTOR).await?))
}

async fn confirm_edge(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Answer<mnemo_core::Edge> {
    Ok(Json(s.api.confirm_edge(&id, ACTOR).await?))
}

async fn recall(
    State(s): State<AppState>,
    payload: Result<Json<RecallRequest>, JsonRejection>,
) -> Answer<mnemo_api::RecallAnswer> {
    Ok(Json(s.api.recall(body(payload)?, ACTOR).await?))
}

#[derive(Deserialize)]
struct Page {
    limit: Option<u32>,
    target: Option<String>,
}

async fn traces(
    State(s): State<AppState>,
    q: Result<Query<Page>, QueryRejection>,
) -> Answer<Vec<mnemo_api::TraceSummary>> {
    Ok(Json(s.api.traces(query(q)?.limit).await?))
}

async fn trace(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Answer<mnemo_core::RetrievalTrace> {
    Ok(Json(s.api.trace(&id).await?))
}

async fn spaces(State(s): State<AppState>) -> Json<Vec<mnemo_core::Space>> {
    Json(s.api.spaces())
}

async fn operations(
    State(s): State<AppState>,
    q: Result<Query<Page>, QueryRejection>,
) -> Answer<Vec<mnemo_core::Operation>> {
    let q = query(q)?;
    Ok(Json(
        s.api
            .operations(q.target.as_deref().filter(|t| !t.is_empty()), q.limit)
            .await?,
    ))
}

async fn config(State(s): State<AppState>) -> Json<mnemo_core::RetrievalConfig> {
    Json(s.api.retrieval_config())
}

async fn overview(State(s): State<AppState>) -> Json<mnemo_api::Overview> {
    Json(s.api.overview())
}

#[derive(Deserialize)]
struct ImportParams {
    space: Option<String>,
    name: Option<String>,
}

async fn import(
    State(s): State<AppState>,
    q: Result<Query<ImportParams>, QueryRejection>,
    content: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Answer<mnemo_api::ImportReport> {
    let q = query(q)?;
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
    let name = q.name.unwrap_or_else(|| "upload.jsonl".into());
    let progress = s.progress.clone();
    let report = s
        .api
        .import_jsonl(&content, &name, q.space, ACTOR, &move |p| {
            let _ = progress.send(p);
        })
        .await?;
    Ok(Json(report))
}
