//! The JSONL interchange format: `mnemo import` reads it, `mnemo export` writes it, and an
//! export imported into an empty store gives back the same memories and edges.
//!
//! A line is one memory. Plain lines need only `text`; lines written by an export also carry
//! `id` and every stored field, and are restored verbatim (no re-embedding, no automatic links).

use mnemo_core::validate::parse_time;
use mnemo_core::{Actor, Edge, Error, Memory, MemoryStatus, Result, Timestamp};
// The line format itself lives in `mnemo-core`, where it is fuzzed without a store.
pub use mnemo_core::{ImportLine, ImportLink};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Write};

use crate::Engine;
use crate::ingest::{AddOptions, Draft, Progress, manual_edge, prepare_drafts};

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct ImportReport {
    pub lines: u32,
    pub added: u32,
    /// Lines whose memory was already there (same external id or id): nothing written.
    pub unchanged: u32,
    pub entities_created: u32,
    pub edges_created: u32,
    /// The file's format as read (`jsonl`, `chatgpt`, `claude`, `transcript`, `mcp-memory`,
    /// `markdown`).
    #[serde(default)]
    pub format: String,
    /// Memories already there whose source changed (a vault's note edited): updated in place.
    #[serde(default)]
    pub updated: u32,
    /// Of those, notes found under a new path (a vault's note moved or renamed).
    #[serde(default)]
    pub renamed: u32,
    /// Memories whose source is gone (a vault's note deleted): archived.
    #[serde(default)]
    pub archived: u32,
    /// Links the source no longer makes (a `[[link]]` taken out of a note): removed.
    #[serde(default)]
    pub links_removed: u32,
}

/// Options of an export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub space: Option<String>,
    /// Only these memories (a selection); empty: every memory (of the space).
    pub ids: Vec<String>,
}

fn rfc(t: Option<Timestamp>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// A list of names or ids on an import line, within the limits of a memory's lists.
fn checked_names(ctx: &str, field: &str, names: &[String]) -> Result<Vec<String>> {
    use mnemo_core::limits::{MAX_LIST, too_many};
    if names.len() > MAX_LIST {
        return Err(too_many(&format!("{ctx}{field}"), names.len(), MAX_LIST));
    }
    for (i, n) in names.iter().enumerate() {
        mnemo_core::validate::check_name(&format!("{ctx}{field}[{i}]"), n)?;
    }
    Ok(names.to_vec())
}

fn is_merged(status: &Option<String>) -> bool {
    status
        .as_deref()
        .and_then(|s| s.parse::<MemoryStatus>().ok())
        == Some(MemoryStatus::Merged)
}

fn opt_time(field: &str, v: &Option<String>) -> Result<Option<Timestamp>> {
    v.as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_time(field, s))
        .transpose()
}

impl Engine {
    /// Imports a JSONL file. Every line is parsed, validated and its links resolved before
    /// anything is written: a bad line fails the whole file with its line number.
    /// Lines already imported (same external id in the space, or same id) are skipped.
    pub async fn import_jsonl(
        &self,
        reader: impl BufRead,
        source_name: &str,
        options: &AddOptions,
        actor: impl Into<Actor>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<ImportReport> {
        let mut lines: Vec<(String, ImportLine)> = Vec::new();
        for (i, line) in reader.lines().enumerate() {
            let n = i + 1;
            let line = line
                .map_err(|e| Error::invalid(format!("line {n}"), format!("cannot be read: {e}")))?;
            if let Some(parsed) = ImportLine::parse(n, &line)? {
                lines.push((format!("line {n}"), parsed));
            }
        }
        self.import_lines(lines, source_name, options, actor, progress)
            .await
    }

    /// Imports lines, each named by where it came from (for errors), as one change: every line
    /// is validated and its links resolved before anything is written.
    pub async fn import_lines(
        &self,
        lines: Vec<(String, ImportLine)>,
        source_name: &str,
        options: &AddOptions,
        actor: impl Into<Actor>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<ImportReport> {
        let actor: Actor = actor.into();
        let default_source = options
            .source
            .clone()
            .unwrap_or_else(|| format!("import:{source_name}"));
        let drafts = self.drafts_from_lines(&lines, options, &default_source, &actor.name)?;
        let total = drafts.len() as u32;
        let batch = prepare_drafts(self, drafts, options, progress).await?;
        progress(Progress {
            stage: "writing",
            done: 0,
            total,
        });
        let report = self.write_add(batch, &actor).await?;
        progress(Progress {
            stage: "writing",
            done: total,
            total,
        });
        Ok(ImportReport {
            lines: lines.len() as u32,
            added: report.added as u32,
            unchanged: report.skipped as u32,
            entities_created: report.entities_created as u32,
            edges_created: report.edges_created as u32,
            format: "jsonl".into(),
            ..Default::default()
        })
    }

    pub(crate) fn drafts_from_lines(
        &self,
        lines: &[(String, ImportLine)],
        options: &AddOptions,
        default_source: &str,
        actor: &str,
    ) -> Result<Vec<Draft>> {
        let now = mnemo_core::now();
        let default_space = options
            .space
            .as_deref()
            .unwrap_or(mnemo_core::DEFAULT_SPACE);
        let embedder = self.embedder().id().to_string();
        let mut drafts = Vec::with_capacity(lines.len());
        // (space, external id) and ids of this file, for links between its own lines.
        let mut file_ext: HashMap<(String, String), (String, String)> = HashMap::new();
        let mut file_ids: HashMap<String, String> = HashMap::new();
        for (n, l) in lines {
            let ctx = format!("{n}: ");
            let restore = l.id.is_some();
            let mut input = l.new_memory();
            // Only a merge makes `merged`: an export brings it back with what it merged into.
            let merged = restore && is_merged(&input.status);
            if merged {
                input.status = None;
            }
            input.space = input.space.or_else(|| options.space.clone());
            let id = match &l.id {
                Some(id) => {
                    mnemo_core::validate::check_name("id", id).map_err(|e| e.in_context(&ctx))?
                }
                None => mnemo_core::new_id(),
            };
            let mut m: Memory = input
                .build(id, now, default_space, default_source, &embedder)
                .map_err(|e| e.in_context(&ctx))?;
            if restore {
                let times = (|| -> Result<()> {
                    if let Some(t) = opt_time("created_at", &l.created_at)? {
                        m.created_at = t;
                    }
                    if let Some(t) = opt_time("updated_at", &l.updated_at)? {
                        m.updated_at = t;
                    }
                    m.last_accessed_at = opt_time("last_accessed_at", &l.last_accessed_at)?;
                    Ok(())
                })();
                times.map_err(|e| e.in_context(&ctx))?;
                m.access_count = l.access_count.unwrap_or(0);
                m.version = l.version.unwrap_or(1).max(1);
                m.aliases = checked_names(&ctx, "aliases", &l.aliases)?;
                m.merged_from = checked_names(&ctx, "merged_from", &l.merged_from)?;
                if merged {
                    let into = l.merged_into.clone().ok_or_else(|| {
                        Error::invalid(
                            format!("{ctx}merged_into"),
                            "a merged memory names the memory it merged into",
                        )
                    })?;
                    m.status = MemoryStatus::Merged;
                    m.merged_into = Some(into);
                }
                if l.vector.is_none() {
                    m.embedder = embedder.clone();
                }
            }
            if let Some(v) = &l.vector
                && v.len() != self.embedder().dimensions()
            {
                return Err(Error::invalid(
                    format!("{ctx}vector"),
                    format!(
                        "has {} dimensions; this store holds {}",
                        v.len(),
                        self.embedder().dimensions()
                    ),
                ));
            }
            if l.vector.is_some() && m.embedder != embedder {
                return Err(Error::invalid(
                    format!("{ctx}embedder"),
                    format!(
                        "vector is from {:?}, but this store's vectors are from {embedder:?}",
                        m.embedder
                    ),
                ));
            }
            if let Some(x) = &m.external_id
                && let Some((first, _)) =
                    file_ext.insert((m.space.clone(), x.clone()), (n.clone(), m.id.clone()))
            {
                return Err(Error::invalid(
                    format!("{ctx}external_id"),
                    format!("{x:?} is also used on {first}"),
                ));
            }
            if let Some(first) = file_ids.insert(m.id.clone(), n.clone()) {
                return Err(Error::invalid(
                    format!("{ctx}id"),
                    format!("{:?} is also used on {first}", m.id),
                ));
            }
            drafts.push(Draft {
                memory: m,
                vector: l.vector.clone(),
                entities: l.entities.clone(),
                links: vec![],
                restore,
            });
        }
        // Resolve links now that every line's id is known.
        self.read(|st| {
            for ((n, l), d) in lines.iter().zip(drafts.iter_mut()) {
                for (j, link) in l.links.iter().enumerate() {
                    let field = format!("{n}: links[{j}]");
                    let space = d.memory.space.clone();
                    let to = file_ext
                        .get(&(space.clone(), link.to.clone()))
                        .map(|(_, id)| id.clone())
                        .or_else(|| file_ids.contains_key(&link.to).then(|| link.to.clone()))
                        .or_else(|| st.resolve(&space, &link.to))
                        .ok_or_else(|| {
                            Error::invalid(
                                format!("{field}.to"),
                                format!(
                                    "no memory in this file or store has external id or id {:?}",
                                    link.to
                                ),
                            )
                        })?;
                    let mut e = manual_edge(&d.memory.id, &to, link.relation.as_deref(), actor);
                    if let Some(k) = link.kind {
                        e.kind = k;
                    }
                    if let Some(id) = &link.id {
                        e.id = id.clone();
                    }
                    if let Some(w) = link.weight {
                        if !w.is_finite() || w <= 0.0 {
                            return Err(Error::invalid(
                                format!("{field}.weight"),
                                format!("{w} must be a positive number"),
                            ));
                        }
                        e.weight = w;
                    }
                    let time = |f: &str, v: &Option<String>| {
                        opt_time(f, v).map_err(|e| e.in_context(&format!("{field}.")))
                    };
                    e.valid_from = time("valid_from", &link.valid_from)?;
                    e.valid_until = time("valid_until", &link.valid_until)?;
                    if let Some(t) = time("created_at", &link.created_at)? {
                        e.created_at = t;
                    }
                    if let Some(p) = &link.provenance {
                        e.provenance = p.clone();
                    }
                    if let Some(a) = link.automatic {
                        e.automatic = a;
                    }
                    if let Some(c) = link.confirmed {
                        e.confirmed = c;
                    }
                    d.links.push(e);
                }
            }
            Ok::<_, Error>(())
        })?;
        Ok(drafts)
    }

    /// The memories an export writes (of a space, or a selection; ordered by space, then id) and
    /// the edges among them. A partial export keeps only edges whose both ends it writes, so
    /// that it imports again on its own.
    pub fn export_selection(&self, options: &ExportOptions) -> (Vec<Memory>, Vec<Edge>) {
        let mut memories = self.memories(options.space.as_deref());
        if !options.ids.is_empty() {
            let wanted: std::collections::HashSet<&str> =
                options.ids.iter().map(String::as_str).collect();
            memories.retain(|m| wanted.contains(m.id.as_str()));
        }
        memories.sort_by(|a, b| (&a.space, &a.id).cmp(&(&b.space, &b.id)));
        let kept: std::collections::HashSet<&str> =
            memories.iter().map(|m| m.id.as_str()).collect();
        let whole = options.space.is_none() && options.ids.is_empty();
        let mut edges: Vec<Edge> = (self.edges().into_iter())
            .filter(|e| whole || (kept.contains(e.from.as_str()) && kept.contains(e.to.as_str())))
            .collect();
        edges.sort_by(|a, b| a.id.cmp(&b.id));
        (memories, edges)
    }

    /// Writes memories (optionally of one space) as JSONL in the import format, ordered by space
    /// then id, each with its vector and outgoing edges. Returns the number of lines.
    pub async fn export_jsonl(
        &self,
        out: &mut impl Write,
        options: &ExportOptions,
    ) -> Result<usize> {
        let (memories, edges) = self.export_selection(options);
        let vectors: HashMap<String, Vec<f32>> =
            if options.space.is_some() || !options.ids.is_empty() {
                let ids: Vec<&str> = memories.iter().map(|m| m.id.as_str()).collect();
                self.store()
                    .load_vectors(Some(&ids))
                    .await?
                    .into_iter()
                    .collect()
            } else {
                self.store().load_vectors(None).await?.into_iter().collect()
            };
        let mut outgoing: HashMap<String, Vec<Edge>> = HashMap::new();
        for e in edges {
            outgoing.entry(e.from.clone()).or_default().push(e);
        }
        let mut n = 0;
        for m in memories {
            let mut edges = outgoing.remove(&m.id).unwrap_or_default();
            edges.sort_by(|a, b| a.id.cmp(&b.id));
            let line = ImportLine {
                id: Some(m.id.clone()),
                text: m.text,
                kind: Some(m.kind.to_string()),
                title: Some(m.title),
                tags: m.tags,
                space: Some(m.space),
                external_id: m.external_id,
                occurred_at: rfc(m.occurred_at),
                valid_from: rfc(m.valid_from),
                valid_until: rfc(m.valid_until),
                session: m.session,
                source: Some(m.source),
                importance: Some(m.importance),
                pinned: Some(m.pinned),
                status: (m.status != MemoryStatus::Active).then(|| m.status.to_string()),
                entities: vec![],
                links: edges
                    .into_iter()
                    .map(|e| ImportLink {
                        to: e.to,
                        relation: Some(e.relation),
                        id: Some(e.id),
                        kind: Some(e.kind),
                        weight: Some(e.weight),
                        valid_from: rfc(e.valid_from),
                        valid_until: rfc(e.valid_until),
                        provenance: Some(e.provenance),
                        automatic: Some(e.automatic),
                        confirmed: Some(e.confirmed),
                        created_at: rfc(Some(e.created_at)),
                    })
                    .collect(),
                vector: vectors.get(&m.id).cloned(),
                properties: m.properties,
                embedder: Some(m.embedder),
                created_at: rfc(Some(m.created_at)),
                updated_at: rfc(Some(m.updated_at)),
                access_count: Some(m.access_count),
                last_accessed_at: rfc(m.last_accessed_at),
                version: Some(m.version),
                aliases: m.aliases,
                merged_from: m.merged_from,
                merged_into: m.merged_into,
            };
            serde_json::to_writer(&mut *out, &line).map_err(|e| Error::Io(e.to_string()))?;
            out.write_all(b"\n")?;
            n += 1;
        }
        out.flush()?;
        Ok(n)
    }
}
