//! Tauri commands: each one adapts one `mnemo-api` operation. The person at the window is the actor.

use mnemo_api::{
    Api, ApiError, GraphSnapshot, ImportProgress, ImportReport, MemoryDetail, Overview,
    RecallAnswer, RecallRequest, TraceSummary,
};
use mnemo_core::{
    Edge, Memory, MemoryPatch, MemoryStatus, NewEdge, NewMemory, Operation, RetrievalConfig,
    RetrievalTrace, Space,
};
use tauri::State;
use tauri::ipc::Channel;

const ACTOR: &str = "user";

type Answer<T> = Result<T, ApiError>;

#[tauri::command]
#[specta::specta]
pub async fn snapshot(api: State<'_, Api>) -> Answer<GraphSnapshot> {
    let api = api.inner().clone();
    tauri::async_runtime::spawn_blocking(move || api.snapshot())
        .await
        .map_err(|e| ApiError::new(mnemo_core::ErrorCode::Internal, e.to_string()))
}

#[tauri::command]
#[specta::specta]
pub async fn get_memory(api: State<'_, Api>, id: String) -> Answer<MemoryDetail> {
    api.memory(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_memory(api: State<'_, Api>, input: NewMemory) -> Answer<Memory> {
    api.add_memory(input, ACTOR).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_memory(api: State<'_, Api>, id: String, patch: MemoryPatch) -> Answer<Memory> {
    api.update_memory(&id, patch, ACTOR).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_status(api: State<'_, Api>, id: String, status: MemoryStatus) -> Answer<Memory> {
    api.set_status(&id, status, ACTOR).await
}

#[tauri::command]
#[specta::specta]
pub async fn link(api: State<'_, Api>, input: NewEdge) -> Answer<Edge> {
    api.link(input, ACTOR).await
}

#[tauri::command]
#[specta::specta]
pub async fn unlink(api: State<'_, Api>, edge_id: String) -> Answer<Edge> {
    api.unlink(&edge_id, ACTOR).await
}

#[tauri::command]
#[specta::specta]
pub async fn confirm_edge(api: State<'_, Api>, edge_id: String) -> Answer<Edge> {
    api.confirm_edge(&edge_id, ACTOR).await
}

#[tauri::command]
#[specta::specta]
pub async fn recall(api: State<'_, Api>, request: RecallRequest) -> Answer<RecallAnswer> {
    api.recall(request, ACTOR).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_traces(api: State<'_, Api>, limit: Option<u32>) -> Answer<Vec<TraceSummary>> {
    api.traces(limit).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_trace(api: State<'_, Api>, id: String) -> Answer<RetrievalTrace> {
    api.trace(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_spaces(api: State<'_, Api>) -> Answer<Vec<Space>> {
    Ok(api.spaces())
}

#[tauri::command]
#[specta::specta]
pub async fn list_operations(
    api: State<'_, Api>,
    target: Option<String>,
    limit: Option<u32>,
) -> Answer<Vec<Operation>> {
    api.operations(target.as_deref().filter(|t| !t.is_empty()), limit)
        .await
}

#[tauri::command]
#[specta::specta]
pub async fn retrieval_config(api: State<'_, Api>) -> Answer<RetrievalConfig> {
    Ok(api.retrieval_config())
}

#[tauri::command]
#[specta::specta]
pub async fn overview(api: State<'_, Api>) -> Answer<Overview> {
    Ok(api.overview())
}

/// Imports a JSONL file chosen in the open-file dialog; progress streams through the channel.
#[tauri::command]
#[specta::specta]
pub async fn import_file(
    api: State<'_, Api>,
    path: String,
    space: Option<String>,
    on_progress: Channel<ImportProgress>,
) -> Answer<ImportReport> {
    api.import_file(&path, space, ACTOR, &move |p| {
        let _ = on_progress.send(p);
    })
    .await
}

/// Where agents and browsers reach this app: the local server's URL and bearer token.
#[tauri::command]
#[specta::specta]
pub fn local_server(server: State<'_, crate::LocalServer>) -> crate::LocalServer {
    server.inner().clone()
}
