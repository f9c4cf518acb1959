//! Exports: Mnemo JSONL (lossless), GraphML and Cytoscape JSON as one file, a Markdown vault as
//! a folder; of everything, a space, or a selection. Files, not responses, so each front-end
//! adapts them by hand (a download, a save dialog, a path).

use mnemo_core::ErrorCode;
use mnemo_engine::ExportOptions;
use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::{Api, ApiError, ApiResult};

/// What to export, and as what.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// `jsonl` (default), `graphml` or `json`; `markdown` writes a folder (CLI and desktop app).
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub space: Option<String>,
    /// Only these memories, and the links among them.
    #[serde(default)]
    #[schemars(length(max = 100000))]
    pub ids: Vec<String>,
}

/// One exported file.
#[derive(Debug)]
pub struct ExportFile {
    pub file_name: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Api {
    /// Exports as one file.
    pub async fn export(&self, r: ExportRequest) -> ApiResult<ExportFile> {
        let format = r.format.as_deref().unwrap_or("jsonl");
        let options = ExportOptions {
            space: r.space.filter(|s| !s.is_empty()),
            ids: r.ids,
        };
        self.check_scope(&options)?;
        let (ext, content_type, body) = match format {
            "jsonl" => {
                let mut body = Vec::new();
                self.engine.export_jsonl(&mut body, &options).await?;
                ("jsonl", "application/x-ndjson", body)
            }
            "graphml" | "json" => {
                let (memories, edges) = self.engine.export_selection(&options);
                match format {
                    "graphml" => {
                        let text = mnemo_formats::export::graphml(&memories, &edges);
                        ("graphml", "application/graphml+xml", text.into_bytes())
                    }
                    _ => {
                        let text = mnemo_formats::export::graph_json(&memories, &edges);
                        ("json", "application/json", text.into_bytes())
                    }
                }
            }
            "markdown" => {
                return Err(ApiError::invalid(
                    "format markdown writes a folder: export it with `mnemo export --format markdown --out DIR` or from the desktop app",
                ));
            }
            other => {
                return Err(ApiError::invalid(format!(
                    "format {other:?} is not one of jsonl, graphml, json, markdown"
                )));
            }
        };
        let scope = options.space.as_deref().unwrap_or("mnemo");
        Ok(ExportFile {
            file_name: format!("{}.{ext}", scope.replace(['/', '\\'], "-")),
            content_type,
            body,
        })
    }

    /// An export of what does not exist is an error, not an empty file.
    fn check_scope(&self, options: &ExportOptions) -> ApiResult<()> {
        if let Some(s) = &options.space
            && self.engine.space(s).is_none()
            && self.engine.memories(Some(s)).is_empty()
        {
            return Err(mnemo_core::Error::not_found("space", s).into());
        }
        if let Some(id) = options.ids.iter().find(|id| self.engine.get(id).is_none()) {
            return Err(mnemo_core::Error::not_found("memory", id).into());
        }
        Ok(())
    }

    /// Writes a Markdown vault into `dir` (new, or empty): one file per memory under a folder
    /// per space. Written beside it first and moved into place, so a failure leaves nothing
    /// half-written. Returns how many notes it wrote.
    pub fn export_markdown(&self, options: &ExportOptions, dir: &Path) -> ApiResult<usize> {
        let io =
            |e: std::io::Error| ApiError::new(ErrorCode::Io, format!("{}: {e}", dir.display()));
        if dir.exists() && std::fs::read_dir(dir).map_err(io)?.next().is_some() {
            return Err(ApiError::invalid(format!(
                "{} is not empty: export a vault into a new or empty folder",
                dir.display()
            )));
        }
        self.check_scope(options)?;
        let (memories, edges) = self.engine.export_selection(options);
        let files = mnemo_formats::export::markdown(&memories, &edges);
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io)?;
        let staging = tempfile::Builder::new()
            .prefix(".mnemo-export-")
            .tempdir_in(parent)
            .map_err(io)?;
        for (path, body) in &files {
            let to = staging.path().join(path);
            if let Some(folder) = to.parent() {
                std::fs::create_dir_all(folder).map_err(io)?;
            }
            std::fs::write(&to, body).map_err(io)?;
        }
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(io)?;
        }
        std::fs::rename(staging.keep(), dir).map_err(io)?;
        Ok(files.len())
    }
}
