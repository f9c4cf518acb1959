//! Which store the desktop app opens, and the ones it opened before: the person's choice,
//! remembered in a small JSON file beside the token (`stores.json` in Mnemo's config directory).

use crate::{ApiError, ApiResult};
use mnemo_core::ErrorCode;
use mnemo_engine::{Location, StoreFolder, inspect_folder};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::{Path, PathBuf};

/// How many stores "Open recent" lists.
pub const MAX_RECENT: usize = 10;

/// The remembered choice and the recently opened stores, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct StoreHistory {
    /// The store the app opens next time (none: the default store).
    pub current: Option<String>,
    pub recent: Vec<RecentStore>,
    /// The vault folder the app follows for each store, so a restart follows it again.
    #[serde(default)]
    pub watches: Vec<FolderWatch>,
}

/// A vault folder the app follows live for a store (File → Import → Follow).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FolderWatch {
    pub store: String,
    pub path: String,
    pub space: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecentStore {
    pub uri: String,
    /// When it was last opened, in milliseconds since the Unix epoch.
    pub opened_at: f64,
}

/// Why the app opened the store it has open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StoreOrigin {
    /// `MNEMO_DB` named it for this launch.
    Environment,
    /// The person chose it in the app (Open store, New empty store, Open recent).
    Chosen,
    /// Nothing else did: the OS data directory.
    Default,
}

impl StoreOrigin {
    /// Only the default store gets the demo memory on first run: a store the person asked to be
    /// new and empty stays empty.
    pub fn seeds_demo(self) -> bool {
        self != StoreOrigin::Chosen
    }
}

/// The store to open: `MNEMO_DB` if set, else the remembered choice, else the default.
pub fn resolve(
    env_db: Option<&str>,
    history: &StoreHistory,
    default: &str,
) -> (String, StoreOrigin) {
    if let Some(db) = env_db.filter(|s| !s.is_empty()) {
        return (db.to_string(), StoreOrigin::Environment);
    }
    match &history.current {
        Some(uri) => (uri.clone(), StoreOrigin::Chosen),
        None => (default.to_string(), StoreOrigin::Default),
    }
}

impl StoreHistory {
    /// `uri` was just opened: it goes first in the recent list, once.
    pub fn opened(mut self, uri: &str, now_ms: f64) -> Self {
        self.recent.retain(|r| r.uri != uri);
        self.recent.insert(
            0,
            RecentStore {
                uri: uri.to_string(),
                opened_at: now_ms,
            },
        );
        self.recent.truncate(MAX_RECENT);
        self
    }

    /// The person chose `uri`: the app opens it from now on.
    pub fn chose(mut self, uri: &str) -> Self {
        self.current = Some(uri.to_string());
        self
    }

    /// Takes `uri` off the recent list (the store itself is untouched).
    pub fn without(mut self, uri: &str) -> Self {
        self.recent.retain(|r| r.uri != uri);
        self
    }

    /// The app follows `watch` for `store` from now on (none: it follows nothing there).
    pub fn following(mut self, store: &str, watch: Option<(String, Option<String>)>) -> Self {
        self.watches.retain(|w| w.store != store);
        if let Some((path, space)) = watch {
            self.watches.push(FolderWatch {
                store: store.to_string(),
                path,
                space,
            });
        }
        self
    }

    /// The folder the app followed for `store` when it last had it open.
    pub fn followed(&self, store: &str) -> Option<&FolderWatch> {
        self.watches.iter().find(|w| w.store == store)
    }

    /// Reads the file; a missing file is an empty history.
    pub fn load(path: &Path) -> ApiResult<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(io_error(path, "read", e)),
        };
        serde_json::from_str(&text).map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} is not a store history ({e}); delete it to start afresh",
                    path.display()
                ),
            )
        })
    }

    /// Writes the file whole or not at all: a temporary file beside it, synced, then renamed.
    pub fn save(&self, path: &Path) -> ApiResult<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create", e))?;
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self).map_err(crate::internal)?;
        let write = || -> std::io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        write().map_err(|e| io_error(path, "write", e))
    }
}

fn io_error(path: &Path, verb: &str, e: std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Io,
        format!("cannot {verb} {}: {e}", path.display()),
    )
}

/// Where the history lives: `$MNEMO_STORES_FILE`, else `stores.json` in Mnemo's config directory.
pub fn history_path() -> PathBuf {
    if let Some(p) = std::env::var_os("MNEMO_STORES_FILE") {
        return p.into();
    }
    config_dir().join("stores.json")
}

/// Mnemo's config directory (the token, the store history): `$XDG_CONFIG_HOME/mnemo`, else
/// `~/.config/mnemo`.
pub fn config_dir() -> PathBuf {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("mnemo")
}

/// The open store and the recent ones, as the app shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StoreInfo {
    pub uri: String,
    pub origin: StoreOrigin,
    /// Newest first, the open one included; each says whether it is still there.
    pub recent: Vec<RecentStoreView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecentStoreView {
    pub uri: String,
    pub opened_at: f64,
    /// False when its folder no longer holds a store (moved, deleted, unmounted).
    pub present: bool,
}

impl StoreInfo {
    pub fn new(uri: &str, origin: StoreOrigin, history: &StoreHistory) -> Self {
        let recent = history
            .recent
            .iter()
            .map(|r| RecentStoreView {
                uri: r.uri.clone(),
                opened_at: r.opened_at,
                // A bucket is not looked into here: that would wait on the network.
                present: r.uri.contains("://")
                    || inspect_folder(Path::new(&r.uri)).is_ok_and(|f| f == StoreFolder::Store),
            })
            .collect();
        StoreInfo {
            uri: uri.to_string(),
            origin,
            recent,
        }
    }
}

/// What the person asks for in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StoreRequest {
    /// Open the store in this folder.
    Open,
    /// Make a new, empty store in this folder.
    Create,
}

/// Checks that `uri` can be opened as asked, before anything is written there. Returns the
/// folder's path as it will be remembered (trimmed, without a trailing slash).
pub fn check_choice(uri: &str, request: StoreRequest) -> ApiResult<String> {
    let remote = uri.contains("://");
    let uri = uri.trim().trim_end_matches('/');
    if uri.is_empty() {
        return Err(ApiError::invalid("choose a folder for the store"));
    }
    if remote {
        // Opened, or started if nothing is there yet; credentials and endpoint come from the
        // usual AWS_* environment variables.
        let location = Location::from(uri);
        return match location.bucket_and_prefix() {
            Some((bucket, _)) if location.is_shared_object_store() && !bucket.is_empty() => {
                Ok(uri.to_string())
            }
            _ => Err(ApiError::invalid(format!(
                "{uri}: of object storage, Mnemo opens S3-compatible URIs, s3://bucket/prefix"
            ))),
        };
    }
    let path = Path::new(uri);
    if !path.is_absolute() {
        return Err(ApiError::invalid(format!(
            "{uri}: give the folder's full path"
        )));
    }
    let folder = inspect_folder(path).map_err(|e| io_error(path, "read", e))?;
    match (request, folder) {
        (StoreRequest::Open, StoreFolder::Store) => Ok(uri.to_string()),
        (StoreRequest::Create, StoreFolder::Empty | StoreFolder::Missing) => Ok(uri.to_string()),
        (StoreRequest::Open, StoreFolder::Empty | StoreFolder::Missing) => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("{uri} holds no Mnemo store; to start one there, use New empty store"),
        )),
        (StoreRequest::Create, StoreFolder::Store) => Err(ApiError::new(
            ErrorCode::Conflict,
            format!("{uri} already holds a Mnemo store; use Open store to open it"),
        )),
        (_, StoreFolder::NotAStore) => Err(ApiError::invalid(format!(
            "{uri} is not a Mnemo store: it holds other files. Choose a store's folder, or an empty one for a new store."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_wins_then_the_choice_then_the_default() {
        let none = StoreHistory::default();
        let chosen = StoreHistory::default().chose("/s/work");
        assert_eq!(
            resolve(Some("/e"), &chosen, "/d"),
            ("/e".into(), StoreOrigin::Environment)
        );
        assert_eq!(
            resolve(Some(""), &chosen, "/d"),
            ("/s/work".into(), StoreOrigin::Chosen)
        );
        assert_eq!(
            resolve(None, &none, "/d"),
            ("/d".into(), StoreOrigin::Default)
        );
        assert!(!StoreOrigin::Chosen.seeds_demo());
        assert!(StoreOrigin::Default.seeds_demo());
    }

    #[test]
    fn recent_stores_are_newest_first_once_each_and_bounded() {
        let mut h = StoreHistory::default();
        for i in 0..12 {
            h = h.opened(&format!("/s/{i}"), i as f64);
        }
        assert_eq!(h.recent.len(), MAX_RECENT);
        assert_eq!(h.recent[0].uri, "/s/11");
        h = h.opened("/s/5", 99.0);
        assert_eq!(
            h.recent[0],
            RecentStore {
                uri: "/s/5".into(),
                opened_at: 99.0
            }
        );
        assert_eq!(h.recent.iter().filter(|r| r.uri == "/s/5").count(), 1);
        assert_eq!(h.recent.len(), MAX_RECENT);
        let h = h.without("/s/5");
        assert!(h.recent.iter().all(|r| r.uri != "/s/5"));
    }

    #[test]
    fn a_followed_folder_is_kept_per_store_and_replaced_or_dropped() {
        let h = StoreHistory::default()
            .following("/a", Some(("/notes".into(), None)))
            .following("/b", Some(("/work".into(), Some("work".into()))));
        assert_eq!(h.followed("/a").map(|w| w.path.as_str()), Some("/notes"));
        let h = h.following("/a", Some(("/other".into(), None)));
        assert_eq!(h.followed("/a").map(|w| w.path.as_str()), Some("/other"));
        assert_eq!(h.watches.len(), 2, "one per store");
        let h = h.following("/a", None);
        assert_eq!(h.followed("/a"), None);
        assert_eq!(
            h.followed("/b").and_then(|w| w.space.as_deref()),
            Some("work")
        );
        // A history written before watches were remembered still reads.
        let old: StoreHistory = serde_json::from_str(r#"{"current": null, "recent": []}"#).unwrap();
        assert!(old.watches.is_empty());
    }

    #[test]
    fn history_round_trips_and_a_broken_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cfg").join("stores.json");
        assert_eq!(StoreHistory::load(&path).unwrap(), StoreHistory::default());
        let h = StoreHistory::default().opened("/s/a", 1.0).chose("/s/a");
        h.save(&path).unwrap();
        assert_eq!(StoreHistory::load(&path).unwrap(), h);
        assert!(!path.with_extension("json.tmp").exists());
        std::fs::write(&path, "[1,2").unwrap();
        let err = StoreHistory::load(&path).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert!(err.message.contains("stores.json"), "{}", err.message);
    }

    #[test]
    fn a_choice_is_checked_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_string_lossy().into_owned();
        // An empty folder: new, not open.
        assert_eq!(
            check_choice(&format!("{root}/"), StoreRequest::Create).unwrap(),
            root
        );
        assert_eq!(
            check_choice(&root, StoreRequest::Open).unwrap_err().code,
            ErrorCode::NotFound
        );
        let missing = format!("{root}/new");
        assert_eq!(
            check_choice(&missing, StoreRequest::Create).unwrap(),
            missing
        );
        assert!(!Path::new(&missing).exists(), "checking writes nothing");
        // A folder of other files: neither.
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        for r in [StoreRequest::Open, StoreRequest::Create] {
            let e = check_choice(&root, r).unwrap_err();
            assert!(e.message.contains("not a Mnemo store"), "{}", e.message);
        }
        assert_eq!(
            check_choice("relative/dir", StoreRequest::Create)
                .unwrap_err()
                .code,
            ErrorCode::InvalidInput
        );
        for r in [StoreRequest::Open, StoreRequest::Create] {
            assert_eq!(
                check_choice(" s3://team/memory/ ", r).unwrap(),
                "s3://team/memory"
            );
        }
        for bad in ["s3://", "gs://bucket/x", "memory://x"] {
            let e = check_choice(bad, StoreRequest::Open).unwrap_err();
            assert!(
                e.message.contains("s3://bucket/prefix"),
                "{bad}: {}",
                e.message
            );
        }
        assert!(check_choice("  ", StoreRequest::Open).is_err());
    }

    #[tokio::test]
    async fn a_real_store_opens_and_cannot_be_created_again() {
        let dir = tempfile::tempdir().unwrap();
        let uri = dir.path().join("store").to_string_lossy().into_owned();
        let embedder = std::sync::Arc::new(mnemo_embed::PocketEmbedder::new().unwrap());
        mnemo_engine::Engine::open(&uri, embedder).await.unwrap();
        assert_eq!(check_choice(&uri, StoreRequest::Open).unwrap(), uri);
        assert_eq!(
            check_choice(&uri, StoreRequest::Create).unwrap_err().code,
            ErrorCode::Conflict
        );
    }
}
