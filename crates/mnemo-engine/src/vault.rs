//! Importing a vault, the first time or again: what changed in its files since the last import
//! is updated in place, renamed notes are followed, deleted ones archived (see `plan::vault`).

use mnemo_core::{Actor, ImportLine, Memory, Result};
use std::collections::HashMap;

use crate::Engine;
use crate::ingest::{AddOptions, Draft, Progress, embed_all, prepare_drafts};
use crate::jsonl::ImportReport;
use crate::plan::Origin;
use crate::plan::vault::{
    Fate, NoteUpdate, Resync, ResyncReport, is_note_id, is_vault_id, match_notes,
};
use crate::state::{SpaceKey, State};
use crate::writer::{Command, Write, WriteInput, WriteReply};

/// A vault's lines as they meet the store: what to send, and what it came to before sending.
struct Reading {
    resync: Resync,
    /// New notes, sections and placeholders, to prepare like any add.
    drafts: Vec<Draft>,
    /// Texts of changed notes to embed.
    texts: Vec<String>,
    /// The notes by the names that lead to them.
    hubs: HashMap<SpaceKey, String>,
    renamed: usize,
    skipped: usize,
}

/// The space and source an import of the vault `name` writes under: the options' own, else the
/// default space and `import:<name>`.
fn vault_scope<'o>(name: &str, options: &'o AddOptions) -> (&'o str, String) {
    let space = (options.space.as_deref()).unwrap_or(mnemo_core::DEFAULT_SPACE);
    let source = (options.source.clone()).unwrap_or_else(|| format!("import:{name}"));
    (space, source)
}

/// The memories an earlier import of a vault left in `space`: its source's vault notes and sections.
fn vault_notes<'s>(st: &'s State, space: &str, source: &str) -> Vec<&'s Memory> {
    (st.memories_in(space).into_iter())
        .filter(|m| m.source == source && m.external_id.as_deref().is_some_and(is_vault_id))
        .collect()
}

impl Engine {
    /// Imports a vault's notes (made by `mnemo_formats::vault`) into a space as one action. The
    /// vault's earlier import in that space (its memories from the same source) is brought in
    /// line with the files: a changed note is updated, a moved one followed by its content, a
    /// deleted one archived, an archived one whose file is back restored, and links follow the
    /// files. A note forgotten, merged or superseded in Mnemo is left alone.
    pub async fn import_vault(
        &self,
        lines: Vec<(String, ImportLine)>,
        name: &str,
        options: &AddOptions,
        actor: impl Into<Actor>,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<ImportReport> {
        let actor: Actor = actor.into();
        let (space, source) = vault_scope(name, options);
        let total = lines.len() as u32;
        let mut reading = self.read_vault(lines, options, (space, &source), &actor)?;
        if !reading.texts.is_empty() {
            let texts = std::mem::take(&mut reading.texts);
            let vectors = embed_all(self, texts.clone(), "embedding", progress).await?;
            reading.resync.vectors = texts.into_iter().zip(vectors).collect();
        }
        let drafts = std::mem::take(&mut reading.drafts);
        if !drafts.is_empty() {
            reading.resync.batch = prepare_drafts(self, drafts, options, progress).await?;
            reading.resync.batch.hubs = std::mem::take(&mut reading.hubs);
        }
        progress(Progress {
            stage: "writing",
            done: 0,
            total,
        });
        let done = self.write_resync(reading.resync, &actor).await?;
        progress(Progress {
            stage: "writing",
            done: total,
            total,
        });
        tracing::debug!(skipped = reading.skipped, "vault imported");
        let added = done.added.added as u32;
        Ok(ImportReport {
            lines: total,
            added,
            unchanged: total.saturating_sub(added + done.updated as u32),
            entities_created: done.added.entities_created as u32,
            edges_created: (done.added.edges_created + done.links_added) as u32,
            format: "markdown".into(),
            updated: done.updated as u32,
            renamed: reading.renamed as u32,
            archived: done.archived as u32,
            links_removed: done.links_removed as u32,
        })
    }

    /// Whether an earlier import of the vault `name` left notes in the space `options` names.
    pub fn vault_imported(&self, name: &str, options: &AddOptions) -> bool {
        let (space, source) = vault_scope(name, options);
        self.read(|st| !vault_notes(st, space, &source).is_empty())
    }

    /// Matches the lines with the store and makes the resync: drafts of new lines (their links
    /// left to the resync), updates of stored ones, the links every line makes.
    fn read_vault(
        &self,
        lines: Vec<(String, ImportLine)>,
        options: &AddOptions,
        (space, source): (&str, &str),
        actor: &Actor,
    ) -> Result<Reading> {
        let (fates, renamed, gone, versions) = self.read(|st| {
            let stored = vault_notes(st, space, source);
            let only: Vec<ImportLine> = lines.iter().map(|(_, l)| l.clone()).collect();
            let m = match_notes(&stored, &only);
            let versions: HashMap<String, Memory> = (stored.iter())
                .map(|m| (m.id.clone(), (*m).clone()))
                .collect();
            (m.fates, m.renamed, m.gone, versions)
        });
        let new: Vec<(String, ImportLine)> = (lines.iter().zip(&fates))
            .filter(|(_, f)| **f == Fate::New)
            .map(|((at, l), _)| {
                let mut l = l.clone();
                l.links.clear(); // made by the resync, with every other link
                (at.clone(), l)
            })
            .collect();
        let drafts = self.drafts_from_lines(&new, options, source, &actor.name)?;
        let mut new_ids = drafts.iter().map(|d| d.memory.id.clone());
        let mut id_of: HashMap<String, String> = HashMap::new();
        let mut resync = Resync {
            gone,
            ..Default::default()
        };
        let by = Origin {
            actor: &actor.name,
            via: &actor.via,
            at: mnemo_core::now(),
        };
        let (mut texts, mut skipped) = (Vec::new(), 0);
        for ((at, l), fate) in lines.iter().zip(&fates) {
            let ext = l.external_id.clone().unwrap_or_default();
            match fate {
                Fate::New => {
                    id_of.insert(ext, new_ids.next().expect("a draft per new line"));
                }
                Fate::Stored(id) => {
                    let before = &versions[id];
                    let refreshed = crate::plan::vault::refreshed(before, l, by)
                        .map_err(|e| e.in_context(&format!("{at}: ")))?;
                    if let Some(after) = refreshed
                        && after.embedding_text() != before.embedding_text()
                    {
                        texts.push(after.embedding_text());
                    }
                    id_of.insert(ext, id.clone());
                    resync.owned.push(id.clone());
                    resync.updates.push(NoteUpdate {
                        id: id.clone(),
                        version: before.version,
                        line: l.clone(),
                    });
                }
                Fate::Skip => skipped += 1,
            }
        }
        for (_, l) in &lines {
            let Some(from) = l.external_id.as_ref().and_then(|x| id_of.get(x)) else {
                continue;
            };
            for link in &l.links {
                if let Some(to) = id_of.get(&link.to) {
                    let relation = link.relation.clone().unwrap_or_else(|| "related".into());
                    resync.links.push((from.clone(), to.clone(), relation));
                }
            }
        }
        let hubs = hubs(space, &lines, &id_of);
        Ok(Reading {
            resync,
            drafts,
            hubs,
            texts,
            renamed,
            skipped,
        })
    }

    async fn write_resync(&self, resync: Resync, actor: &Actor) -> Result<ResyncReport> {
        self.write(resync, |resync, reply| {
            Command::Write(Write {
                actor: actor.clone(),
                input: WriteInput::Resync(resync),
                reply: WriteReply::Resync(reply),
            })
        })
        .await
    }
}

/// The vault's notes by the names a text may call them: title, file name and aliases, each
/// name that leads to one note only.
fn hubs(
    space: &str,
    lines: &[(String, ImportLine)],
    id_of: &HashMap<String, String>,
) -> HashMap<SpaceKey, String> {
    let mut hubs: HashMap<SpaceKey, String> = HashMap::new();
    let mut shared = Vec::new();
    for (_, l) in lines {
        let Some(x) = l.external_id.as_deref().filter(|x| is_note_id(x)) else {
            continue;
        };
        let Some(id) = id_of.get(x) else { continue };
        let path = x.trim_start_matches("vault:").trim_end_matches(".md");
        let file = path.rsplit('/').next();
        for name in (l.title.as_deref().into_iter())
            .chain(file)
            .chain(l.aliases.iter().map(String::as_str))
        {
            let key = (space.to_string(), mnemo_core::normalize_name(name));
            if key.1.is_empty() {
                continue;
            }
            if let Some(other) = hubs.insert(key.clone(), id.clone())
                && other != *id
            {
                shared.push(key);
            }
        }
    }
    for k in shared {
        hubs.remove(&k);
    }
    hubs
}
