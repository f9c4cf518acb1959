//! A Markdown vault from the desktop: imported from a folder chosen in the dialog, and followed
//! live while the person keeps the watch on (`Api::watch_vault`; one watch at a time), again
//! after a restart (the store history remembers it).

use mnemo_api::stores::{self, StoreHistory};
use mnemo_api::{
    Api, ApiError, Caller, ImportOptions, ImportReport, Progress, VaultWatch, WatchEvent,
};
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tauri::State;
use tauri::ipc::Channel;

use crate::stores::OpenStore;

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
    /// A watch resumed at launch, while its first import runs: a window that loads meanwhile
    /// shows it and attaches.
    starting: Mutex<Option<WatchedFolder>>,
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
/// A watch already on is stopped first. The app follows it again when it next opens this store.
#[tauri::command]
#[specta::specta]
pub async fn watch_folder(
    api: State<'_, Api>,
    watching: State<'_, Watching>,
    open: State<'_, OpenStore>,
    path: String,
    space: Option<String>,
    on_event: Channel<WatchEvent>,
) -> Result<ImportReport, ApiError> {
    *watching.sink.lock().expect("watch lock") = Some(on_event);
    let (first, folder) = watching.start(&api, Path::new(&path), space).await?;
    remember(&open.uri, Some(folder));
    Ok(first)
}

/// Stops following the vault (what it imported stays), now and at the next launch.
#[tauri::command]
#[specta::specta]
pub fn stop_watching(watching: State<'_, Watching>, open: State<'_, OpenStore>) {
    if let Some((watch, _)) = watching.current.lock().expect("watch lock").take() {
        watch.stop();
    }
    remember(&open.uri, None);
}

/// At launch: follows the folder the app followed when it last had `store` open (changes made
/// while it was closed come in first). A folder gone since is forgotten.
pub async fn resume(api: &Api, watching: &Watching, store: &str) {
    let Ok(history) = StoreHistory::load(&stores::history_path()) else {
        return;
    };
    let Some(w) = history.followed(store).cloned() else {
        return;
    };
    let dir = Path::new(&w.path);
    if !dir.is_dir() {
        tracing::warn!(
            folder = w.path,
            "the followed folder is gone; no longer following it"
        );
        remember(store, None);
        return;
    }
    let folder = WatchedFolder {
        path: w.path.clone(),
        space: w.space.clone(),
    };
    *watching.starting.lock().expect("watch lock") = Some(folder);
    let started = watching.start(api, dir, w.space).await;
    watching.starting.lock().expect("watch lock").take();
    match started {
        Ok((report, _)) => tracing::info!(folder = w.path, ?report, "following the vault again"),
        Err(error) => {
            tracing::warn!(folder = w.path, %error, "cannot follow the vault again");
            if let Some(window) = watching.sink.lock().expect("watch lock").as_ref() {
                let _ = window.send(WatchEvent::Failed { error });
            }
        }
    }
}

/// Records in the store history which folder the app follows for `store`.
fn remember(store: &str, folder: Option<WatchedFolder>) {
    let path = stores::history_path();
    let saved = StoreHistory::load(&path).and_then(|h| {
        h.following(store, folder.map(|f| (f.path, f.space)))
            .save(&path)
    });
    if let Err(e) = saved {
        tracing::warn!(error = %e, "cannot remember the followed folder");
    }
}

impl Watching {
    /// Stops any watch, then imports `dir` and follows it; events go to the attached window.
    async fn start(
        &self,
        api: &Api,
        dir: &Path,
        space: Option<String>,
    ) -> Result<(ImportReport, WatchedFolder), ApiError> {
        drop(self.current.lock().expect("watch lock").take());
        let caller = Caller::user().via("app");
        let sink = self.sink.clone();
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
        *self.current.lock().expect("watch lock") = Some((watch, folder.clone()));
        Ok((first, folder))
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
    let folder = (current.as_ref().map(|(_, f)| f.clone()))
        .or_else(|| watching.starting.lock().expect("watch lock").clone());
    if folder.is_some() {
        *watching.sink.lock().expect("watch lock") = Some(on_event);
    }
    folder
}
