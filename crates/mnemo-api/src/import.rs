//! Imports: Mnemo's JSONL or another tool's file (see `mnemo_formats`, detected from the content
//! unless named) from a path, an upload or the built-in demo, with progress. They report progress
//! as they go, so each front-end adapts them by hand rather than through the request/response
//! registry.

use mnemo_core::ErrorCode;
use mnemo_engine::{AddOptions, ImportReport, Progress};
use mnemo_formats::Format;

use crate::{Api, ApiError, ApiResult, Caller};

/// How to import, beyond the lines themselves.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The file's name, for provenance and messages.
    pub name: String,
    /// The space for lines that name none.
    pub space: Option<String>,
    /// Propose `similar` links (costly for very large imports).
    pub link_similar: bool,
    /// The file's format; detected from its content when not given.
    pub format: Option<Format>,
}

impl ImportOptions {
    pub fn named(name: impl Into<String>) -> Self {
        ImportOptions {
            name: name.into(),
            space: None,
            link_similar: true,
            format: None,
        }
    }
}

/// The demo memory (`assets/demo/memories.jsonl`), built in so every front-end can seed a first run.
pub const DEMO_JSONL: &str = include_str!("../../../assets/demo/memories.jsonl");
/// Judged queries on the demo memory (relevant memories by external id), so that the retrieval
/// lab shows real numbers on a first run.
pub const DEMO_JUDGMENTS: &str = include_str!("../../../assets/demo/judgments.jsonl");

impl Api {
    /// Imports a file: all or nothing, a bad line (or conversation, or message) named.
    pub async fn import(
        &self,
        mut file: impl std::io::BufRead,
        options: ImportOptions,
        caller: &Caller,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> ApiResult<ImportReport> {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| {
            ApiError::new(
                ErrorCode::Io,
                format!("{} cannot be read: {e}", options.name),
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            // Name the line, as for any other bad line.
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            mnemo_core::Error::invalid(format!("line {line}"), "is not UTF-8 text")
        })?;
        let format = options
            .format
            .unwrap_or_else(|| mnemo_formats::detect(&text));
        let lines = format.convert(&text)?;
        let add = AddOptions {
            space: options.space.filter(|s| !s.trim().is_empty()),
            source: None,
            link_similar: options.link_similar,
        };
        let name = &options.name;
        let actor = caller.actor();
        let mut report = (self.engine)
            .import_lines(lines, name, &add, actor, progress)
            .await?;
        report.format = format.name().into();
        Ok(report)
    }

    /// Imports a Markdown (Obsidian) vault: every `.md` file under `dir`, hidden folders such as
    /// `.obsidian` and `.trash` left out, as one change (see `mnemo_formats::vault`). Importing
    /// it again brings its notes in line with the files (see `Engine::import_vault`).
    pub async fn import_vault(
        &self,
        dir: &std::path::Path,
        options: ImportOptions,
        caller: &Caller,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> ApiResult<ImportReport> {
        let files = read_vault(dir)?;
        let add = AddOptions {
            space: options.space.filter(|s| !s.trim().is_empty()),
            source: None,
            link_similar: options.link_similar,
        };
        // An emptied vault that was imported before archives its notes; a folder never
        // imported with nothing in it is more likely the wrong folder.
        if files.is_empty() && !self.engine.vault_imported(&options.name, &add) {
            return Err(ApiError::invalid(format!(
                "{} holds no Markdown notes (.md files)",
                dir.display()
            )));
        }
        let lines = mnemo_formats::vault(&files)?;
        Ok((self.engine)
            .import_vault(lines, &options.name, &add, caller.actor(), progress)
            .await?)
    }

    /// Imports a JSONL file from a path on this machine (the desktop app's file dialog).
    pub async fn import_file(
        &self,
        path: &str,
        space: Option<String>,
        caller: &Caller,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> ApiResult<ImportReport> {
        let file = std::fs::File::open(path)
            .map_err(|e| ApiError::new(ErrorCode::Io, format!("cannot read {path}: {e}")))?;
        let name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let options = ImportOptions {
            space,
            ..ImportOptions::named(name)
        };
        let lines = std::io::BufReader::new(file);
        self.import(lines, options, caller, progress).await
    }

    /// Fills an empty store with the demo memory, so a first run shows a real graph. Returns
    /// whether it did.
    pub async fn seed_demo(&self) -> ApiResult<bool> {
        if self.engine.snapshot_counts().1 > 0 {
            return Ok(false);
        }
        let demo = ImportOptions::named("demo/memories.jsonl");
        let mnemo = Caller::system();
        self.import(DEMO_JSONL.as_bytes(), demo, &mnemo, &|_| {})
            .await?;
        self.seed_demo_judgments().await?;
        self.engine.flush().await?;
        Ok(true)
    }

    async fn seed_demo_judgments(&self) -> ApiResult<()> {
        #[derive(serde::Deserialize)]
        struct Line {
            text: String,
            relevant: Vec<String>,
        }
        let memories = self.engine.memories(None);
        for line in DEMO_JUDGMENTS.lines().filter(|l| !l.trim().is_empty()) {
            let l: Line = serde_json::from_str(line)
                .map_err(|e| ApiError::invalid(format!("demo judgments: {e}")))?;
            for x in &l.relevant {
                let Some(m) = memories
                    .iter()
                    .find(|m| m.external_id.as_deref() == Some(x))
                else {
                    continue; // merged into another since: the survivor carries it
                };
                let judgment = mnemo_engine::Judgment {
                    query: l.text.clone(),
                    spaces: Vec::new(),
                    memory: m.id.clone(),
                    relevant: Some(true),
                };
                self.engine.judge(judgment).await?;
            }
        }
        Ok(())
    }
}

/// The notes of a vault, by their path inside it, in path order.
fn read_vault(root: &std::path::Path) -> ApiResult<Vec<mnemo_formats::VaultFile>> {
    let io = |p: &std::path::Path, e: std::io::Error| {
        ApiError::new(ErrorCode::Io, format!("{}: {e}", p.display()))
    };
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
            let path = entry.map_err(|e| io(&dir, e))?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') {
                continue; // .obsidian, .trash, .git
            }
            if path.is_dir() {
                folders.push(path);
            } else if name.to_lowercase().ends_with(".md") {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
                let text = String::from_utf8(bytes).map_err(|_| {
                    mnemo_core::Error::invalid(format!("note {rel:?}"), "is not UTF-8 text")
                })?;
                files.push(mnemo_formats::VaultFile { path: rel, text });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
