//! Markdown and Obsidian vaults: one `note` per file. Its title is the front matter's `title`,
//! else its first `# heading`, else its file name; YAML front matter gives `tags`, `aliases` and
//! `created`/`date`; `[[wiki links]]`, `[[note|alias]]`, `[[note#heading]]` and `![[embeds]]`
//! become edges between notes, and a link to a note that does not exist yet an edge to a
//! placeholder entity of that name. A long note is split at its `## ` headings into sections
//! linked to it, so that retrieval finds the right part. Identity is the path in the vault.
//! Front matter fields of the note's own (`status: draft`, `rating: 4`) are kept as its
//! properties; `mnemo:` holds what an export wrote of Mnemo's own fields, and is not one.

use mnemo_core::{Error, ImportLine, ImportLink, Result};
use std::collections::HashMap;

use crate::Located;

/// A note longer than this (in bytes) with `## ` headings is split into sections.
pub const SPLIT_ABOVE: usize = 4000;

/// A file of a vault: its path inside the vault (`/`-separated) and its text.
#[derive(Debug, Clone)]
pub struct VaultFile {
    pub path: String,
    pub text: String,
}

/// A note's external id: its path in the vault.
fn note_id(path: &str) -> String {
    format!("vault:{path}")
}

pub fn vault(files: &[VaultFile]) -> Result<Vec<Located>> {
    let names = NoteNames::of(files);
    let mut out = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for f in files {
        let at = format!("note {:?}", f.path);
        let note = Note::parse(f).map_err(|e| Error::invalid(&at, e))?;
        let mut lines = note.lines(&f.path);
        let typed = note
            .typed_links
            .iter()
            .map(|(t, r)| (t.clone(), r.as_str()));
        for (target, relation) in links(&note.body).into_iter().chain(typed) {
            let to = match names.find(&target) {
                Some(path) if path != f.path => note_id(path),
                Some(_) => continue, // a link to itself
                None => {
                    if !missing.contains(&target) {
                        missing.push(target.clone());
                    }
                    placeholder_id(&target)
                }
            };
            let link = ImportLink {
                to,
                relation: Some(relation.to_string()),
                ..Default::default()
            };
            if !lines[0].links.contains(&link) {
                lines[0].links.push(link);
            }
        }
        out.extend(lines.into_iter().map(|l| (at.clone(), l)));
    }
    // Placeholders first, so that every link resolves within the file set.
    let placeholders = missing.into_iter().map(|name| {
        let line = ImportLine {
            kind: Some("entity".into()),
            title: Some(name.clone()),
            text: name.clone(),
            external_id: Some(placeholder_id(&name)),
            ..Default::default()
        };
        (format!("link [[{name}]]"), line)
    });
    Ok(placeholders.chain(out).collect())
}

fn placeholder_id(name: &str) -> String {
    format!("vault-missing:{}", name.to_lowercase())
}

/// Notes by the names links use: the file name without `.md`, or the path without it, any case.
struct NoteNames<'a>(HashMap<String, &'a str>);

impl<'a> NoteNames<'a> {
    fn of(files: &'a [VaultFile]) -> Self {
        let mut names = HashMap::new();
        for f in files {
            let stem = f.path.trim_end_matches(".md");
            names.insert(stem.to_lowercase(), f.path.as_str());
            let file = stem.rsplit('/').next().unwrap_or(stem);
            names.entry(file.to_lowercase()).or_insert(f.path.as_str());
        }
        NoteNames(names)
    }

    fn find(&self, target: &str) -> Option<&'a str> {
        let t = target.trim().trim_end_matches(".md").to_lowercase();
        self.0.get(&t).copied()
    }
}

/// The `[[…]]` links of a text, each once, with its relation (`links to`, `embeds`).
pub fn links(text: &str) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        let embed = open > 0 && rest[..open].ends_with('!');
        let after = &rest[open + 2..];
        let Some(close) = after.find("]]") else { break };
        let inner = &after[..close];
        rest = &after[close + 2..];
        if inner.contains('\n') || inner.contains("[[") {
            continue;
        }
        let target = inner.split(['|', '#', '^']).next().unwrap_or("").trim();
        if target.is_empty() || is_attachment(target) {
            continue; // [[#heading]] is a link within the note; ![[photo.png]] is not a note
        }
        let relation = if embed { "embeds" } else { "links to" };
        if !out.iter().any(|(t, r)| t == target && *r == relation) {
            out.push((target.to_string(), relation));
        }
    }
    out
}

/// A file name with an extension other than `.md` (an image, a PDF, a canvas).
fn is_attachment(target: &str) -> bool {
    let file = target.rsplit('/').next().unwrap_or(target);
    file.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && !ext.eq_ignore_ascii_case("md")
            && ext.len() <= 5
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// A note read: its front matter's fields, title and body.
struct Note {
    title: String,
    body: String,
    tags: Vec<String>,
    aliases: Vec<String>,
    date: Option<String>,
    properties: mnemo_core::Properties,
    /// Links with a relation of their own, from a `## Links` section as Mnemo's export writes it.
    typed_links: Vec<(String, String)>,
    /// The kind Mnemo's export recorded (`mnemo: kind: fact`); a note otherwise.
    kind: String,
}

/// Front matter fields Mnemo reads itself; every other field is a property of the note.
const READ_FIELDS: [&str; 6] = ["title", "tags", "aliases", "created", "date", "mnemo"];

/// The fields of a note's own, as JSON values (YAML's dates are text already).
fn properties(fields: &serde_yaml_ng::Mapping) -> mnemo_core::Properties {
    (fields.iter())
        .filter_map(|(k, v)| Some((k.as_str()?, v)))
        .filter(|(k, _)| !READ_FIELDS.contains(k))
        .filter_map(|(k, v)| Some((k.to_string(), serde_json::to_value(v).ok()?)))
        .collect()
}

impl Note {
    fn parse(f: &VaultFile) -> std::result::Result<Note, String> {
        let text = f.text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        let (front, body) = split_front_matter(&text);
        let fields = match front {
            Some(yaml) => parse_yaml(yaml)?,
            None => serde_yaml_ng::Mapping::new(),
        };
        let get = |k: &str| fields.get(serde_yaml_ng::Value::String(k.into()));
        let stem = f.path.trim_end_matches(".md");
        let file_name = stem.rsplit('/').next().unwrap_or(stem).to_string();
        let (body, typed_links) = typed_links(body);
        let given = get("title").and_then(|v| v.as_str().map(str::to_string));
        // A first line `# Heading` names the note; the title holds it, so the text does not.
        let first = body.trim_start().lines().next().unwrap_or("");
        let heading = first.strip_prefix("# ").map(|h| h.trim().to_string());
        let body = match (&given, &heading) {
            (None, Some(_)) => body.trim_start()[first.len()..].to_string(),
            _ => body.to_string(),
        };
        let title = given.or(heading).unwrap_or(file_name);
        let date = (get("created").or_else(|| get("date"))).and_then(time_of);
        Ok(Note {
            title,
            body: body.trim().to_string(),
            tags: list(get("tags")),
            aliases: list(get("aliases")),
            date,
            properties: properties(&fields),
            typed_links,
            kind: (get("mnemo")
                .and_then(|m| m.get("kind"))
                .and_then(|k| k.as_str()))
            .unwrap_or("note")
            .to_string(),
        })
    }

    /// The note's import line, then its sections' when it is split.
    fn lines(&self, path: &str) -> Vec<ImportLine> {
        let text = if self.body.is_empty() {
            self.title.clone()
        } else {
            self.body.clone()
        };
        let (intro, parts) = match text.len() > SPLIT_ABOVE {
            true => sections(&text),
            false => (text.clone(), Vec::new()),
        };
        let contents = || {
            let heads: Vec<&str> = parts.iter().map(|(h, _)| h.as_str()).collect();
            format!("{}: {}", self.title, heads.join("; "))
        };
        let note = ImportLine {
            kind: Some(self.kind.clone()),
            title: Some(self.title.clone()),
            text: if intro.is_empty() { contents() } else { intro },
            tags: self.tags.clone(),
            aliases: self.aliases.clone(),
            occurred_at: self.date.clone(),
            external_id: Some(note_id(path)),
            properties: self.properties.clone(),
            ..Default::default()
        };
        let sections = parts.iter().map(|(heading, body)| ImportLine {
            kind: Some("note".into()),
            title: Some(format!("{} › {heading}", self.title)),
            text: if body.is_empty() {
                heading.clone()
            } else {
                body.clone()
            },
            tags: self.tags.clone(),
            occurred_at: self.date.clone(),
            external_id: Some(format!("{}#{}", note_id(path), heading.to_lowercase())),
            links: vec![ImportLink {
                to: note_id(path),
                relation: Some("section of".into()),
                ..Default::default()
            }],
            ..Default::default()
        });
        std::iter::once(note).chain(sections).collect()
    }
}

/// A last `## Links` section whose every item is `- relation [[note]]`, as Mnemo's export
/// writes a memory's links: the text before it, and each (note, relation). Any other text is
/// left whole.
fn typed_links(body: &str) -> (&str, Vec<(String, String)>) {
    let Some(at) = body
        .rfind("\n## Links\n")
        .map(|i| i + 1)
        .or_else(|| body.starts_with("## Links\n").then_some(0))
    else {
        return (body, Vec::new());
    };
    let mut found = Vec::new();
    for item in body[at + "## Links\n".len()..]
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let parsed = (item.strip_prefix("- "))
            .and_then(|rest| rest.split_once(" [["))
            .and_then(|(relation, target)| Some((relation, target.strip_suffix("]]")?)));
        match parsed {
            Some((relation, target)) if !relation.trim().is_empty() && !target.contains("]]") => {
                found.push((target.trim().to_string(), relation.trim().to_string()))
            }
            _ => return (body, Vec::new()),
        }
    }
    (&body[..at], found)
}

/// The front matter between a first line `---` and the next `---`, and what follows it.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    match rest.find("\n---") {
        Some(end) => {
            let after = &rest[end + 4..];
            let body = after.split_once('\n').map_or("", |(_, b)| b);
            (Some(&rest[..end]), body)
        }
        None => (None, text),
    }
}

fn parse_yaml(yaml: &str) -> std::result::Result<serde_yaml_ng::Mapping, String> {
    if yaml.trim().is_empty() {
        return Ok(serde_yaml_ng::Mapping::new());
    }
    match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(yaml) {
        Ok(serde_yaml_ng::Value::Mapping(m)) => Ok(m),
        Ok(serde_yaml_ng::Value::Null) => Ok(serde_yaml_ng::Mapping::new()),
        Ok(_) => Err("front matter is not a set of `key: value` fields".into()),
        Err(e) => Err(format!("front matter is not valid YAML: {e}")),
    }
}

/// A list field: a YAML list, or one string of words separated by commas or spaces.
fn list(v: Option<&serde_yaml_ng::Value>) -> Vec<String> {
    let words = |s: &str| -> Vec<String> {
        (s.split([',', ' '])
            .map(|w| w.trim().trim_start_matches('#')))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
    };
    match v {
        Some(serde_yaml_ng::Value::Sequence(items)) => (items.iter())
            .filter_map(|i| {
                i.as_str()
                    .map(|s| s.trim().trim_start_matches('#').to_string())
            })
            .filter(|s| !s.is_empty())
            .collect(),
        Some(serde_yaml_ng::Value::String(s)) => words(s),
        _ => Vec::new(),
    }
}

/// A date or time field as RFC 3339 (a bare date is its start, in UTC).
fn time_of(v: &serde_yaml_ng::Value) -> Option<String> {
    let s = v.as_str()?.trim();
    if chrono::DateTime::parse_from_rfc3339(s).is_ok() {
        return Some(s.to_string());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(format!("{d}T00:00:00Z"));
    }
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .map(|t| t.and_utc().to_rfc3339())
}

/// The text before its first `## ` heading, and each `## ` section with its heading (headings
/// inside code fences are text).
fn sections(text: &str) -> (String, Vec<(String, String)>) {
    let (mut intro, mut parts) = (String::new(), Vec::<(String, String)>::new());
    let mut fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        match line.strip_prefix("## ").filter(|_| !fence) {
            Some(h) => parts.push((h.trim().to_string(), String::new())),
            None => {
                let body = match parts.last_mut() {
                    Some((_, b)) => b,
                    None => &mut intro,
                };
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    for p in &mut parts {
        p.1 = p.1.trim().to_string();
    }
    (intro.trim().to_string(), parts)
}
