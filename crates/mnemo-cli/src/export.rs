//! `mnemo export`: JSONL to a file or standard output, GraphML and Cytoscape JSON likewise, a
//! Markdown vault into a folder. A file is written beside its target and moved into place, so a
//! failed export never leaves half a file.

use anyhow::{Context, Result, bail};
use mnemo_api::{Api, ExportRequest};
use mnemo_engine::ExportOptions;
use std::io::Write;
use std::path::Path;

pub async fn run(api: &Api, space: Option<String>, format: &str, out: Option<&Path>) -> Result<()> {
    if format == "markdown" {
        let Some(dir) = out else {
            bail!("--format markdown writes a folder: give it with --out DIR");
        };
        let options = ExportOptions { space, ids: vec![] };
        let n = api.export_markdown(&options, dir)?;
        eprintln!("wrote {n} notes into {}", dir.display());
        return Ok(());
    }
    if format == "jsonl" {
        return jsonl(api, space, out).await;
    }
    let request = ExportRequest {
        format: Some(format.to_string()),
        space,
        ids: vec![],
    };
    let file = api.export(request).await?;
    write(out, |w| Ok(w.write_all(&file.body)?))?;
    Ok(())
}

/// JSONL streams straight to its target: a store's export can be large.
async fn jsonl(api: &Api, space: Option<String>, out: Option<&Path>) -> Result<()> {
    let options = ExportOptions { space, ids: vec![] };
    let engine = api.engine();
    match out {
        Some(path) => {
            let mut tmp = tempfile::NamedTempFile::new_in(beside(path))?;
            let n = {
                let mut w = std::io::BufWriter::new(tmp.as_file_mut());
                engine.export_jsonl(&mut w, &options).await?
            };
            publish(tmp, path)?;
            eprintln!("exported {n} memories");
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            engine.export_jsonl(&mut w, &options).await?;
        }
    }
    Ok(())
}

/// Moves a finished temporary file to its target, readable as any file the person writes (a
/// temporary file is made owner-only).
fn publish(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn beside(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn write(out: Option<&Path>, f: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match out {
        Some(path) => {
            let mut tmp = tempfile::NamedTempFile::new_in(beside(path))?;
            f(tmp.as_file_mut())?;
            publish(tmp, path)?;
        }
        None => f(&mut std::io::stdout().lock())?,
    }
    Ok(())
}
