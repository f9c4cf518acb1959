//! `mnemo bench vault`: importing a generated Markdown vault (front matter, `[[links]]`, tags)
//! against the JSONL import of the same notes, then importing it again unchanged and after an
//! edit of 1% of its notes: notes/s, medians of the runs.

use anyhow::Result;
use mnemo_api::{Api, Caller, ImportOptions};
use mnemo_eval::synthetic::{Rng, sentence};
use std::path::Path;
use std::time::Instant;

use crate::bench::median;

/// A generated note: its path in the vault, title, tags, date, text and the notes it links to.
struct Note {
    path: String,
    title: String,
    tags: Vec<String>,
    date: String,
    text: String,
    links: Vec<usize>,
}

fn notes(n: usize, seed: u64) -> Vec<Note> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let title = format!("Note {i:05}");
            let folder = ["projects", "people", "journal", "ideas"][rng.below(4)];
            let words = 2 + rng.below(4);
            let text = (0..words)
                .map(|_| sentence(&mut rng))
                .collect::<Vec<_>>()
                .join(" ");
            let links = (0..rng.below(4))
                .map(|_| rng.below(n))
                .filter(|&j| j != i)
                .collect();
            let tags = vec![["work", "home", "reading", "atlas"][rng.below(4)].to_string()];
            let date = format!("2024-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
            Note {
                path: format!("{folder}/{title}.md"),
                title,
                tags,
                date,
                text,
                links,
            }
        })
        .collect()
}

/// The note as a file: front matter (with a field of its own), its text and its links.
fn file(note: &Note, all: &[Note]) -> String {
    let links: Vec<String> = (note.links.iter())
        .map(|&j| format!("[[{}]]", all[j].title))
        .collect();
    format!(
        "---\ntags: [{}]\ncreated: {}\nstatus: draft\n---\n{}\n\nSee {}\n",
        note.tags.join(", "),
        note.date,
        note.text,
        links.join(", ")
    )
}

/// The same note as a JSONL line: what the vault's note becomes, with its links by path.
fn line(note: &Note, all: &[Note]) -> String {
    let links: Vec<serde_json::Value> = (note.links.iter())
        .map(|&j| serde_json::json!({"to": format!("vault:{}", all[j].path), "relation": "links to"}))
        .collect();
    let body = format!("{}\n\nSee {}", note.text, {
        let l: Vec<String> = note
            .links
            .iter()
            .map(|&j| format!("[[{}]]", all[j].title))
            .collect();
        l.join(", ")
    });
    serde_json::json!({
        "text": body, "kind": "note", "title": note.title, "tags": note.tags,
        "occurred_at": note.date, "external_id": format!("vault:{}", note.path),
        "properties": {"status": "draft"}, "links": links,
    })
    .to_string()
}

fn write_vault(dir: &Path, all: &[Note]) -> Result<()> {
    for note in all {
        let path = dir.join(&note.path);
        std::fs::create_dir_all(path.parent().expect("a folder"))?;
        std::fs::write(path, file(note, all))?;
    }
    Ok(())
}

async fn fresh_api(dir: &tempfile::TempDir) -> Result<Api> {
    Ok(Api::new(
        crate::open_engine(&dir.path().join("store").to_string_lossy()).await?,
    ))
}

pub async fn run(n: usize, runs: usize) -> Result<()> {
    println!(
        "import of a generated vault of {n} notes (front matter, tags, 0-3 [[links]] each) vs JSONL of the same notes; median of {runs}"
    );
    let all = notes(n, 7);
    let vault = tempfile::tempdir()?;
    write_vault(vault.path(), &all)?;
    let jsonl: String = all.iter().map(|note| line(note, &all) + "\n").collect();
    let person = Caller::user();
    let (mut json_s, mut vault_s, mut same_s, mut edit_s) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let dir = tempfile::tempdir()?;
        let api = fresh_api(&dir).await?;
        let t = Instant::now();
        let r = api
            .import(
                jsonl.as_bytes(),
                ImportOptions::named("bench.jsonl"),
                &person,
                &|_| {},
            )
            .await?;
        json_s.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(r.added as usize == n, "JSONL added {} of {n}", r.added);
        api.engine().close().await?;

        let dir = tempfile::tempdir()?;
        let api = fresh_api(&dir).await?;
        let options = || ImportOptions::named("vault");
        let t = Instant::now();
        let r = api
            .import_vault(vault.path(), options(), &person, &|_| {})
            .await?;
        vault_s.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(r.added as usize == n, "the vault added {} of {n}", r.added);
        let t = Instant::now();
        let r = api
            .import_vault(vault.path(), options(), &person, &|_| {})
            .await?;
        same_s.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(r.added + r.updated + r.archived == 0, "unchanged: {r:?}");
        let edited = (n / 100).max(1);
        for note in all.iter().take(edited) {
            let path = vault.path().join(&note.path);
            let text = std::fs::read_to_string(&path)?;
            std::fs::write(
                &path,
                text.replace("status: draft", "status: final") + "\nEdited.\n",
            )?;
        }
        let t = Instant::now();
        let r = api
            .import_vault(vault.path(), options(), &person, &|_| {})
            .await?;
        edit_s.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(
            r.updated as usize == edited,
            "edited {edited}, updated {}",
            r.updated
        );
        write_vault(vault.path(), &all)?; // as generated, for the next run
        api.engine().close().await?;
    }
    let (j, v, s, e) = (
        median(&mut json_s),
        median(&mut vault_s),
        median(&mut same_s),
        median(&mut edit_s),
    );
    let rate = |secs: f64| n as f64 / secs;
    println!(
        "  JSONL import of the same notes (baseline): {j:7.2} s {:8.0} notes/s",
        rate(j)
    );
    println!(
        "  vault import, first time:                  {v:7.2} s {:8.0} notes/s   {:.2} of the JSONL rate",
        rate(v),
        j / v
    );
    println!(
        "  vault imported again, unchanged:           {s:7.2} s {:8.0} notes/s   (writes nothing)",
        rate(s)
    );
    println!(
        "  vault imported again, 1% of notes edited:  {e:7.2} s {:8.0} notes/s",
        rate(e)
    );
    Ok(())
}
