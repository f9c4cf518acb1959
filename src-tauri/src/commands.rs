//! Tauri commands: one per operation of `mnemo-api`'s registry, generated, plus those only the
//! desktop has (a file import with progress over a channel, the local server's address, and
//! switching stores, in `stores.rs`).
//! The person at the window is the caller.

use mnemo_api::{Api, ApiError, ApiOperation, Caller, ImportReport, Progress};
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

/// Where agents and browsers reach this app: the local server's URL and bearer token.
#[tauri::command]
#[specta::specta]
pub fn local_server(server: State<'_, crate::LocalServer>) -> crate::LocalServer {
    server.inner().clone()
}
