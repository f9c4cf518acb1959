//! A Markdown vault from the desktop: imported from a folder chosen in the dialog, and followed
//! live while the person keeps the watch on (`Api::watch_vault`; one watch at a time).

use mnemo_api::{
    Api, ApiError, Caller, ImportOptions, ImportReport, Progress, VaultWatch, WatchEvent,
};
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tauri::State;
use tauri::ipc::Channel;

/// The folder being followed.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct WatchedFolder {
    pub path: String,
    pub space: Option<String>,
}

/// The app's one watch, if on, and where its events go: the window's channel, replaced when a
/// reloaded window attaches again.
#[derive(Default)]
pub struct Watching {
    current: Mutex<Option<(VaultWatch, WatchedFolder)>>,
    sink: Arc<Mutex<Option<Channel<WatchEvent>>>>,
}

fn options(path: &Path, space: Option<String>) -> ImportOptions {
    let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let name = (full.file_name()).map_or("import".into(), |n| n.to_string_lossy().into_owned());
    ImportOptions {
        space: space.filter(|s| !s.trim().is_empty()),
        ..ImportOptions::named(name)
    }
}

/// Imports the vault in a folder (again: brought in line with its files).
#[tauri::command]
#[specta::specta]
pub async fn import_folder(
    api: State<'_, Api>,
    path: String,
    space: Option<String>,
    on_progress: Channel<Progress>,
) -> Result<ImportReport, ApiError> {
    let dir = Path::new(&path);
    let caller = Caller::user().via("app");
    api.import_vault(dir, options(dir, space), &caller, &move |p| {
        let _ = on_progress.send(p);
    })
    .await
}

/// Imports a vault and follows it: each change to its notes comes back through `on_event`.
/// A watch already on is stopped first.
#[tauri::command]
#[specta::specta]
pub async fn watch_folder(
    api: State<'_, Api>,
    watching: State<'_, Watching>,
    path: String,
    space: Option<String>,
    on_event: Channel<WatchEvent>,
) -> Result<ImportReport, ApiError> {
    drop(watching.current.lock().expect("watch lock").take());
    *watching.sink.lock().expect("watch lock") = Some(on_event);
    let dir = Path::new(&path);
    let caller = Caller::user().via("app");
    let sink = watching.sink.clone();
    let (first, watch) = api
        .watch_vault(dir, options(dir, space.clone()), caller, move |e| {
            if let Some(window) = sink.lock().expect("watch lock").as_ref() {
                let _ = window.send(e);
            }
        })
        .await?;
    let folder = WatchedFolder {
        path: watch.dir.to_string_lossy().into_owned(),
        space,
    };
    *watching.current.lock().expect("watch lock") = Some((watch, folder));
    Ok(first)
}

/// Stops following the vault (what it imported stays).
#[tauri::command]
#[specta::specta]
pub fn stop_watching(watching: State<'_, Watching>) {
    if let Some((watch, _)) = watching.current.lock().expect("watch lock").take() {
        watch.stop();
    }
}

/// The folder being followed, if any; its events go to `on_event` from now on (a reloaded
/// window attaches again).
#[tauri::command]
#[specta::specta]
pub fn watched_folder(
    watching: State<'_, Watching>,
    on_event: Channel<WatchEvent>,
) -> Option<WatchedFolder> {
    let current = watching.current.lock().expect("watch lock");
    let folder = current.as_ref().map(|(_, f)| f.clone());
    if folder.is_some() {
        *watching.sink.lock().expect("watch lock") = Some(on_event);
    }
    folder
}
