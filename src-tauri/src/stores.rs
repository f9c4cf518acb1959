//! Switching stores in the desktop app: File → Open Store…, New Empty Store…, Open Recent, and the
//! same from the UI. The choice is remembered (`mnemo_api::stores`); the app then starts afresh on
//! it, so every part of the old store (graph, caches, the local server, open agent sessions) is
//! gone at once rather than swapped piece by piece.

use mnemo_api::stores::{self, StoreHistory, StoreInfo, StoreOrigin, StoreRequest};
use mnemo_api::{Api, ApiError};
use mnemo_core::ErrorCode;
use tauri::menu::{MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

/// The store this process has open, and how it came to.
pub struct OpenStore {
    pub uri: String,
    pub origin: StoreOrigin,
    /// The local server's task: stopped before a relaunch so the new process gets its port.
    pub server: std::sync::Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

/// Which store to open at launch, with the history updated to say it was opened.
pub fn choose_at_launch() -> (String, StoreOrigin) {
    let path = stores::history_path();
    let history = StoreHistory::load(&path).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "ignoring the store history");
        StoreHistory::default()
    });
    let default = mnemo_engine::default_db_dir()
        .to_string_lossy()
        .into_owned();
    let env = std::env::var("MNEMO_DB").ok();
    let (uri, origin) = stores::resolve(env.as_deref(), &history, &default);
    if let Err(e) = history.opened(&uri, now_ms()).save(&path) {
        tracing::warn!(error = %e, "cannot record the store in the history");
    }
    (uri, origin)
}

fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64)
}

fn load_history() -> Result<StoreHistory, ApiError> {
    StoreHistory::load(&stores::history_path())
}

/// The open store and the recent ones.
#[tauri::command]
#[specta::specta]
pub fn store_info(open: State<'_, OpenStore>) -> Result<StoreInfo, ApiError> {
    Ok(StoreInfo::new(&open.uri, open.origin, &load_history()?))
}

/// Takes a store off the recent list; the store itself is untouched.
#[tauri::command]
#[specta::specta]
pub fn forget_recent_store(open: State<'_, OpenStore>, uri: String) -> Result<StoreInfo, ApiError> {
    let history = load_history()?.without(&uri);
    history.save(&stores::history_path())?;
    Ok(StoreInfo::new(&open.uri, open.origin, &history))
}

/// Opens the store in `uri` (or makes a new empty one there) and restarts the app on it.
/// Nothing is remembered or restarted when the folder is wrong for the request.
#[tauri::command]
#[specta::specta]
pub async fn switch_store(
    app: AppHandle,
    uri: String,
    request: StoreRequest,
) -> Result<(), ApiError> {
    switch(&app, &uri, request).await
}

/// Shows the folder picker for `request`, then switches as [`switch_store`] does. Returns false
/// when the person cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_store(app: AppHandle, request: StoreRequest) -> Result<bool, ApiError> {
    let title = match request {
        StoreRequest::Open => "Open a Mnemo store",
        StoreRequest::Create => "Choose an empty folder for the new store",
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app.dialog().file();
    // Not the working directory: from an AppImage, that is the inside of the image.
    if let Ok(home) = app.path().home_dir() {
        dialog = dialog.set_directory(home);
    }
    dialog
        .set_title(title)
        .set_can_create_directories(true)
        .pick_folder(move |folder| {
            let _ = tx.send(folder);
        });
    let Some(folder) = rx.await.ok().flatten() else {
        return Ok(false);
    };
    let path = folder
        .into_path()
        .map_err(|e| ApiError::invalid(format!("the chosen folder has no local path: {e}")))?;
    switch(&app, &path.to_string_lossy(), request).await?;
    Ok(true)
}

async fn switch(app: &AppHandle, uri: &str, request: StoreRequest) -> Result<(), ApiError> {
    let uri = stores::check_choice(uri, request)?;
    let path = stores::history_path();
    load_history()?
        .opened(&uri, now_ms())
        .chose(&uri)
        .save(&path)?;
    tracing::info!(uri, ?request, "switching store: restarting on it");
    relaunch(app).await
}

/// Starts this program again (same arguments, `MNEMO_DB` removed so the remembered choice wins)
/// and ends this process once its writes are on disk and its port is free.
async fn relaunch(app: &AppHandle) -> Result<(), ApiError> {
    app.state::<Api>().flush().await?;
    let server = app
        .state::<OpenStore>()
        .server
        .lock()
        .ok()
        .and_then(|mut s| s.take());
    if let Some(task) = server {
        task.abort();
        let _ = task.await;
    }
    let exe = std::env::current_exe().map_err(|e| {
        ApiError::new(
            ErrorCode::Io,
            format!("cannot find this program to restart it: {e}"),
        )
    })?;
    std::process::Command::new(&exe)
        .args(std::env::args_os().skip(1))
        .env_remove("MNEMO_DB")
        .spawn()
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("cannot restart {}: {e}", exe.display()),
            )
        })?;
    app.exit(0);
    Ok(())
}

/// The window's menu bar: File with the store commands (recent stores as of this launch) and Quit.
pub fn install_menu(app: &tauri::App) -> tauri::Result<()> {
    let open = MenuItemBuilder::with_id("store:open", "Open Store…")
        .accelerator("CmdOrCtrl+O")
        .build(app)?;
    let new = MenuItemBuilder::with_id("store:new", "New Empty Store…").build(app)?;
    // Tauri's predefined Quit item does nothing on Linux.
    let quit = MenuItemBuilder::with_id("app:quit", "Quit")
        .accelerator("CmdOrCtrl+Q")
        .build(app)?;
    let history = load_history().unwrap_or_default();
    let mut recent = SubmenuBuilder::new(app, "Open Recent");
    let current = app.state::<OpenStore>().uri.clone();
    let others: Vec<_> = history.recent.iter().filter(|r| r.uri != current).collect();
    for (i, r) in others.iter().enumerate() {
        recent = recent.text(format!("store:recent:{i}"), &r.uri);
    }
    let recent = recent.enabled(!others.is_empty()).build()?;
    let file = SubmenuBuilder::new(app, "File")
        .item(&open)
        .item(&new)
        .item(&recent)
        .separator()
        .item(&quit)
        .build()?;
    app.set_menu(MenuBuilder::new(app).item(&file).build()?)?;
    let recent_uris: Vec<String> = others.iter().map(|r| r.uri.clone()).collect();
    app.on_menu_event(move |app, event| on_menu(app, &event, &recent_uris));
    Ok(())
}

fn on_menu(app: &AppHandle, event: &MenuEvent, recent: &[String]) {
    let id = event.id().as_ref();
    let app = app.clone();
    let action = match id {
        "app:quit" => return app.exit(0),
        "store:open" => Action::Pick(StoreRequest::Open),
        "store:new" => Action::Pick(StoreRequest::Create),
        _ => match id
            .strip_prefix("store:recent:")
            .and_then(|i| i.parse::<usize>().ok())
        {
            Some(i) if i < recent.len() => Action::Open(recent[i].clone()),
            _ => return,
        },
    };
    tauri::async_runtime::spawn(async move {
        let result = match action {
            Action::Pick(request) => choose_store(app.clone(), request).await.map(drop),
            Action::Open(uri) => switch(&app, &uri, StoreRequest::Open).await,
        };
        if let Err(e) = result {
            app.dialog()
                .message(e.message)
                .title("Cannot open the store")
                .kind(MessageDialogKind::Error)
                .show(|_| {});
        }
    });
}

enum Action {
    Pick(StoreRequest),
    Open(String),
}
