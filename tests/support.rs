//! Helpers shared by the integration tests: a fresh store in a temporary directory, with the real
//! embedder (loaded once per test process).

use mnemo_core::NewMemory;
use mnemo_engine::Engine;
use std::sync::{Arc, OnceLock};

pub fn embedder() -> Arc<mnemo_embed::PocketEmbedder> {
    static E: OnceLock<Arc<mnemo_embed::PocketEmbedder>> = OnceLock::new();
    E.get_or_init(|| Arc::new(mnemo_embed::PocketEmbedder::new().expect("bundled model loads")))
        .clone()
}

/// A store in a fresh temporary directory (kept alive by the returned guard).
pub async fn temp_engine() -> (Engine, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = open(&dir).await;
    (engine, dir)
}

pub async fn open(dir: &tempfile::TempDir) -> Engine {
    Engine::open(&dir.path().to_string_lossy(), embedder())
        .await
        .expect("store opens")
}

/// A memory the person adds through the API, into `space`.
pub async fn add_to(api: &mnemo_api::Api, text: &str, space: &str) -> mnemo_core::Memory {
    let input = NewMemory {
        space: Some(space.into()),
        ..note(text)
    };
    let person = mnemo_api::Caller::user();
    (api.call::<mnemo_api::ops::AddMemory>(input, &person).await).expect("the person adds")
}

pub fn note(text: &str) -> NewMemory {
    NewMemory {
        text: text.into(),
        ..Default::default()
    }
}

/// The repository's root, for shared data and assets.
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_path_buf()
}

/// Files under `dir` whose bytes contain `needle`.
pub fn files_holding(dir: &std::path::Path, needle: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p)
                && bytes.windows(needle.len()).any(|w| w == needle)
            {
                found.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}
