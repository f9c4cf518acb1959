//! `mnemo import PATH [--format F]`: a file in any format Mnemo reads (detected from its content
//! unless named), or a folder of Markdown notes.

use anyhow::{Context, Result, bail};
use mnemo_api::{Api, Caller, Format, ImportOptions, ImportReport};
use std::path::Path;

use crate::progress_bar;

pub async fn run(
    api: &Api,
    path: &Path,
    format: Option<&str>,
    mut options: ImportOptions,
    json: bool,
) -> Result<()> {
    options.name = name_of(path);
    let person = Caller::user().via("cli");
    let bar = progress_bar();
    let vault = path.is_dir() || format == Some("markdown");
    let report = if vault {
        if !path.is_dir() {
            bail!(
                "--format markdown reads a folder of notes; {} is a file",
                path.display()
            );
        }
        api.import_vault(path, options, &person, &bar).await
    } else {
        options.format = format.map(Format::parse).transpose()?;
        let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        api.import(std::io::BufReader::new(f), options, &person, &bar)
            .await
    };
    let report = report.with_context(|| format!("importing {}", path.display()))?;
    print(path, &report, json)
}

/// What an import is called (its source is `import:<name>`): the file or folder's own name,
/// also for `.` or a relative path, so that `mnemo watch .` and `mnemo import ~/vault` agree.
pub fn name_of(path: &Path) -> String {
    let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    (full.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into())
}

fn print(path: &Path, r: &ImportReport, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(r)?);
        return Ok(());
    }
    println!("{}", summary(path, r));
    Ok(())
}

/// One line: what was read, what was added, and what changed in place (a vault read again).
pub fn summary(path: &Path, r: &ImportReport) -> String {
    let mut line = format!(
        "{} ({}): {} lines: {} added, {} already present, {} entities and {} edges created",
        path.display(),
        r.format,
        r.lines,
        r.added,
        r.unchanged,
        r.entities_created,
        r.edges_created
    );
    if r.updated + r.archived + r.links_removed > 0 {
        line.push_str(&format!(
            "; {} updated ({} moved), {} archived (gone from the source), {} links removed",
            r.updated, r.renamed, r.archived, r.links_removed
        ));
    }
    line
}
