//! Tauri commands: one per operation of `mnemo-api`'s registry, generated, plus those only the
//! desktop has (a file import with progress over a channel, an export to a chosen path, the local
//! server's address, switching stores, in `stores.rs`, and vault folders, in `vault.rs`).
//! The person at the window is the caller.

use mnemo_api::{Api, ApiError, ApiOperation, Caller, ExportRequest, ImportReport, Progress};
use tauri::State;
use tauri::ipc::Channel;

/// Generates `#[tauri::command] fn name(request) -> Result<Response, ApiError>` per operation, and
/// `operation_commands!()`, the list `collect_commands!` takes.
macro_rules! operation_commands {
    ($($name:ident: $op:ty),* $(,)?) => {
        $(
            #[tauri::command]
            #[specta::specta]
            pub async fn $name(
                api: State<'_, Api>,
                request: <$op as ApiOperation>::Request,
            ) -> Result<<$op as ApiOperation>::Response, ApiError> {
                api.call::<$op>(request, &Caller::user().via("app")).await
            }
        )*

        /// Every command the UI may use; also what the TypeScript bindings are made from.
        pub fn all() -> tauri_specta::Commands<tauri::Wry> {
            tauri_specta::collect_commands![
                $($name,)*
                import_file,
                export_file,
                crate::vault::import_folder,
                crate::vault::watch_folder,
                crate::vault::stop_watching,
                crate::vault::watched_folder,
                local_server,
                crate::stores::store_info,
                crate::stores::choose_store,
                crate::stores::switch_store,
                crate::stores::forget_recent_store,
            ]
        }
    };
}

mnemo_api::for_each_operation!(operation_commands);

/// Imports a JSONL file chosen in the open-file dialog; progress streams through the channel.
#[tauri::command]
#[specta::specta]
pub async fn import_file(
    api: State<'_, Api>,
    path: String,
    space: Option<String>,
    on_progress: Channel<Progress>,
) -> Result<ImportReport, ApiError> {
    api.import_file(&path, space, &Caller::user().via("app"), &move |p| {
        let _ = on_progress.send(p);
    })
    .await
}

/// Writes an export to the path chosen in the save dialog (a Markdown vault: the folder chosen),
/// written beside it and moved into place. Returns how many bytes (or notes) it wrote.
#[tauri::command]
#[specta::specta]
pub async fn export_file(
    api: State<'_, Api>,
    path: String,
    request: ExportRequest,
) -> Result<f64, ApiError> {
    let target = std::path::Path::new(&path);
    if request.format.as_deref() == Some("markdown") {
        let options = mnemo_engine::ExportOptions {
            space: request.space,
            ids: request.ids,
        };
        return Ok(api.export_markdown(&options, target)? as f64);
    }
    let file = api.export(request).await?;
    let io = |e: std::io::Error| ApiError::new(mnemo_core::ErrorCode::Io, format!("{path}: {e}"));
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    std::io::Write::write_all(&mut tmp, &file.body).map_err(io)?;
    // A temporary file is owner-only; the export is an ordinary file of the person's.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o644);
        tmp.as_file().set_permissions(mode).map_err(io)?;
    }
    tmp.persist(target).map_err(|e| io(e.error))?;
    Ok(file.body.len() as f64)
}

/// Where agents and browsers reach this app: the local server's URL and bearer token.
#[tauri::command]
#[specta::specta]
pub fn local_server(server: State<'_, crate::LocalServer>) -> crate::LocalServer {
    server.inner().clone()
}
