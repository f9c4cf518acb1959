//! Following a vault live: its folder watched (notify), each burst of saves imported again once
//! the folder is quiet, so that an edit saved in Obsidian is in the graph within a second (see
//! `Api::import_vault`: only what changed is written).

use mnemo_core::ErrorCode;
use notify::{EventKind, RecursiveMode, Watcher};
use serde::Serialize;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

use crate::{Api, ApiError, ApiResult, Caller, ImportOptions, ImportReport};

/// How long the folder stays quiet before a burst of changes is imported: an editor's save is
/// several events (a temporary file, a rename, a metadata change), a `git pull` many more.
const QUIET: Duration = Duration::from_millis(150);

/// What a watch reports after each import that changed something, or why one failed (say, a
/// note whose front matter is half typed): the watch goes on, and the next save tries again.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WatchEvent {
    Synced { report: ImportReport },
    Failed { error: ApiError },
}

/// A vault being followed. Dropping it ends the watch.
pub struct VaultWatch {
    pub dir: PathBuf,
    stop: Option<oneshot::Sender<()>>,
}

impl VaultWatch {
    /// Ends the watch; an import under way finishes first.
    pub fn stop(mut self) {
        self.stop.take().map(|s| s.send(()));
    }
}

impl Drop for VaultWatch {
    fn drop(&mut self) {
        self.stop.take().map(|s| s.send(()));
    }
}

impl Api {
    /// Imports a vault, then follows it: every change to its notes (saved, added, moved,
    /// deleted) is imported again once the folder is quiet, and reported to `on_event`.
    pub async fn watch_vault(
        &self,
        dir: &Path,
        options: ImportOptions,
        caller: Caller,
        on_event: impl Fn(WatchEvent) + Send + Sync + 'static,
    ) -> ApiResult<(ImportReport, VaultWatch)> {
        let dir = dir.canonicalize().map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("cannot watch {}: {e}", dir.display()),
            )
        })?;
        // Watching starts before the first import, so that a save during it is not missed.
        let (tx, rx) = mpsc::unbounded_channel();
        let root = dir.clone();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if event.is_ok_and(|e| concerns_notes(&root, &e)) {
                    let _ = tx.send(());
                }
            })
            .map_err(|e| watch_error(&dir, e))?;
        (watcher.watch(&dir, RecursiveMode::Recursive)).map_err(|e| watch_error(&dir, e))?;
        let first = self
            .import_vault(&dir, options.clone(), &caller, &|_| {})
            .await?;
        let (stop, stopped) = oneshot::channel();
        let follow = Follow {
            api: self.clone(),
            dir: dir.clone(),
            options,
            caller,
        };
        tokio::spawn(follow.run(rx, stopped, watcher, on_event));
        let watch = VaultWatch {
            dir,
            stop: Some(stop),
        };
        Ok((first, watch))
    }
}

fn watch_error(dir: &Path, e: notify::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Io,
        format!("cannot watch {}: {e}", dir.display()),
    )
}

/// Whether an event may change the vault's notes: a Markdown file, or a folder (moved or
/// deleted with its notes), outside hidden folders such as `.obsidian`; reads are not changes.
fn concerns_notes(root: &Path, e: &notify::Event) -> bool {
    if matches!(e.kind, EventKind::Access(_)) {
        return false;
    }
    e.paths.iter().any(|p| {
        let inside = p.strip_prefix(root).unwrap_or(p);
        let hidden = (inside.components())
            .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
        let ext = p.extension().map(|x| x.to_ascii_lowercase());
        !hidden && (ext.is_none() || ext.is_some_and(|x| x == "md"))
    })
}

/// The task that imports the vault again after each quiet burst of changes.
struct Follow {
    api: Api,
    dir: PathBuf,
    options: ImportOptions,
    caller: Caller,
}

impl Follow {
    async fn run(
        self,
        mut changes: mpsc::UnboundedReceiver<()>,
        mut stopped: oneshot::Receiver<()>,
        _watcher: notify::RecommendedWatcher,
        on_event: impl Fn(WatchEvent),
    ) {
        loop {
            tokio::select! {
                _ = &mut stopped => return,
                change = changes.recv() => if change.is_none() { return },
            }
            // The burst goes on while changes keep coming within QUIET of each other.
            loop {
                match tokio::time::timeout(QUIET, changes.recv()).await {
                    Ok(Some(())) => continue,
                    Ok(None) => return,
                    Err(_quiet) => break,
                }
            }
            let options = self.options.clone();
            match (self.api)
                .import_vault(&self.dir, options, &self.caller, &|_| {})
                .await
            {
                Ok(report) if changed_anything(&report) => on_event(WatchEvent::Synced { report }),
                Ok(_) => {}
                Err(error) => on_event(WatchEvent::Failed { error }),
            }
        }
    }
}

fn changed_anything(r: &ImportReport) -> bool {
    r.added + r.updated + r.archived + r.links_removed + r.edges_created > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn notes_and_folders_concern_the_vault_but_hidden_folders_reads_and_attachments_do_not() {
        let root = Path::new("/v");
        let saved = EventKind::Modify(ModifyKind::Any);
        assert!(concerns_notes(root, &event(saved, "/v/Atlas.md")));
        assert!(concerns_notes(root, &event(saved, "/v/people/Priya.MD")));
        assert!(concerns_notes(
            root,
            &event(EventKind::Create(CreateKind::Folder), "/v/team")
        ));
        assert!(!concerns_notes(
            root,
            &event(saved, "/v/.obsidian/workspace.json")
        ));
        assert!(!concerns_notes(root, &event(saved, "/v/.trash/Old.md")));
        assert!(!concerns_notes(root, &event(saved, "/v/diagram.png")));
        let read = EventKind::Access(AccessKind::Any);
        assert!(!concerns_notes(root, &event(read, "/v/Atlas.md")));
        // The vault itself may sit under a hidden folder: only what lies inside it counts.
        let hidden_root = Path::new("/home/a/.notes");
        assert!(concerns_notes(
            hidden_root,
            &event(saved, "/home/a/.notes/Atlas.md")
        ));
    }
}
