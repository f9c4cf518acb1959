//! Planning a vault imported again: notes changed in the vault are updated in place, renamed
//! ones followed by their content, deleted ones archived, and the links between notes brought in
//! line with the files, all as one action.

use mnemo_core::{Edge, Error, ImportLine, Memory, MemoryStatus, OperationKind, Result, to_json};
use std::collections::{HashMap, HashSet};

use super::{AddReport, Batch};
use super::{LinkConfig, Origin, Outcome, Plan, PlanError, Supply, add, op};
use crate::changeset::ChangeSet;
use crate::state::State;

/// Relations a vault's files make. Edges with these leaving a vault's note follow its file.
pub const VAULT_RELATIONS: [&str; 3] = ["links to", "embeds", "section of"];

/// Texts at least this alike (shared words over all words) make a deleted note and a new one
/// a rename, when no text is the same.
const RENAME_LIKENESS: f64 = 0.6;
/// Above this many (new note, deleted note) pairs, renames are found by equal text only.
const RENAME_PAIRS_MAX: usize = 250_000;

/// Whether an external id names a vault's note, section or placeholder.
pub fn is_vault_id(x: &str) -> bool {
    x.starts_with("vault:") || x.starts_with("vault-missing:")
}

/// A whole note (not one of its sections, nor a placeholder).
pub fn is_note_id(x: &str) -> bool {
    x.starts_with("vault:") && !x.contains('#')
}

/// What a line of the vault is to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// No memory holds it: added.
    New,
    /// This memory holds it (by its path, or by its content after a rename): updated in place.
    Stored(String),
    /// Its memory was forgotten, merged or superseded in Mnemo: left alone.
    Skip,
}

/// How a vault's lines meet the memories an earlier import of it made.
#[derive(Debug, Clone, PartialEq)]
pub struct Matching {
    /// One per line, in order.
    pub fates: Vec<Fate>,
    /// Notes found under a new path.
    pub renamed: usize,
    /// Memories whose file is gone (ids), to archive.
    pub gone: Vec<String>,
}

/// A stored memory the vault still has: one that a person has not forgotten, merged or
/// superseded. An archived one counts: its file came back.
fn updatable(m: &Memory) -> bool {
    matches!(
        m.status,
        MemoryStatus::Active | MemoryStatus::Pending | MemoryStatus::Archived
    )
}

/// Matches the vault's lines with the memories an earlier import of it made (`stored`): by
/// path, then, for notes under a new path, by content (the same text, else the most alike above
/// [`RENAME_LIKENESS`]), their sections following them.
pub fn match_notes(stored: &[&Memory], lines: &[ImportLine]) -> Matching {
    let by_ext: HashMap<&str, &Memory> = (stored.iter())
        .filter_map(|m| m.external_id.as_deref().map(|x| (x, *m)))
        .collect();
    let mut used: HashSet<&str> = HashSet::new();
    let mut fates: Vec<Fate> = (lines.iter())
        .map(
            |l| match by_ext.get(l.external_id.as_deref().unwrap_or("")) {
                Some(m) => {
                    used.insert(&m.id);
                    if updatable(m) {
                        Fate::Stored(m.id.clone())
                    } else {
                        Fate::Skip
                    }
                }
                None => Fate::New,
            },
        )
        .collect();
    let orphans: Vec<&Memory> = (stored.iter().copied())
        .filter(|m| !used.contains(m.id.as_str()) && updatable(m))
        .filter(|m| m.external_id.as_deref().is_some_and(is_note_id))
        .collect();
    let newcomers: Vec<usize> = (0..lines.len())
        .filter(|&i| fates[i] == Fate::New)
        .filter(|&i| lines[i].external_id.as_deref().is_some_and(is_note_id))
        .collect();
    let mut renamed = 0;
    for (i, m) in renames(lines, &newcomers, &orphans) {
        used.insert(&m.id);
        fates[i] = Fate::Stored(m.id.clone());
        renamed += 1;
        // Its sections: `vault:new.md#heading` is what `vault:old.md#heading` was.
        let (old, new) = (
            format!("{}#", m.external_id.as_deref().unwrap_or("")),
            format!("{}#", lines[i].external_id.as_deref().unwrap_or("")),
        );
        for (j, l) in lines.iter().enumerate() {
            let Some(heading) = (l.external_id.as_deref()).and_then(|x| x.strip_prefix(&new))
            else {
                continue;
            };
            if fates[j] != Fate::New {
                continue;
            }
            if let Some(s) = by_ext.get(format!("{old}{heading}").as_str())
                && !used.contains(s.id.as_str())
                && updatable(s)
            {
                used.insert(&s.id);
                fates[j] = Fate::Stored(s.id.clone());
            }
        }
    }
    let gone = (stored.iter())
        .filter(|m| !used.contains(m.id.as_str()))
        .filter(|m| matches!(m.status, MemoryStatus::Active | MemoryStatus::Pending))
        .map(|m| m.id.clone())
        .collect();
    Matching {
        fates,
        renamed,
        gone,
    }
}

/// Pairs of (new line, stored note) that are one note moved: equal texts first, then the most
/// alike, each side used once.
fn renames<'m>(
    lines: &[ImportLine],
    newcomers: &[usize],
    orphans: &[&'m Memory],
) -> Vec<(usize, &'m Memory)> {
    if newcomers.is_empty() || orphans.is_empty() {
        return Vec::new();
    }
    let alike = newcomers.len() * orphans.len() <= RENAME_PAIRS_MAX;
    let words: Vec<HashSet<String>> = orphans.iter().map(|m| word_set(&m.text)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for &i in newcomers {
        let line_words = alike.then(|| word_set(&lines[i].text));
        for (k, m) in orphans.iter().enumerate() {
            let score = if lines[i].text == m.text {
                2.0 // above any likeness
            } else if let Some(w) = &line_words {
                likeness(w, &words[k])
            } else {
                0.0
            };
            if score >= RENAME_LIKENESS {
                pairs.push((score, i, k));
            }
        }
    }
    // Best first; ties by position, so the result never depends on hashing.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let (mut taken_line, mut taken_note) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for (_, i, k) in pairs {
        if taken_line.contains(&i) || taken_note.contains(&k) {
            continue;
        }
        taken_line.insert(i);
        taken_note.insert(k);
        out.push((i, orphans[k]));
    }
    out
}

fn word_set(text: &str) -> HashSet<String> {
    (text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Shared words over all words (Jaccard); texts of fewer than five words are never alike.
fn likeness(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.len() < 5 || b.len() < 5 {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// A stored note as the vault has it now.
#[derive(Debug, Clone)]
pub struct NoteUpdate {
    pub id: String,
    /// The version it was read at: a note edited in Mnemo meanwhile refuses the whole change.
    pub version: u32,
    pub line: ImportLine,
}

/// A vault imported again, as sent to the writer.
#[derive(Debug, Clone, Default)]
pub struct Resync {
    /// New notes, sections and placeholders, prepared like any add, without their links.
    pub batch: Batch,
    pub updates: Vec<NoteUpdate>,
    /// Memories whose file is gone.
    pub gone: Vec<String>,
    /// Every link the vault makes now: (from id, to id, relation); ids of new notes are their
    /// draft ids.
    pub links: Vec<(String, String, String)>,
    /// Stored memories of the vault whose leaving links follow the files.
    pub owned: Vec<String>,
    /// Vectors of changed notes' texts, by the text embedded.
    pub vectors: HashMap<String, Vec<f32>>,
}

impl Supply for Resync {
    fn supply(&mut self, texts: Vec<String>, vectors: Vec<Vec<f32>>) {
        for (t, v) in texts.into_iter().zip(vectors) {
            self.batch.names.insert(t.clone(), v.clone());
            self.vectors.insert(t, v);
        }
    }
}

/// What importing a vault again did.
#[derive(Debug, Clone, Default)]
pub struct ResyncReport {
    pub added: AddReport,
    pub updated: usize,
    pub archived: usize,
    pub links_added: usize,
    pub links_removed: usize,
}

/// The stored note with the fields its file gives now (title, text, tags with its inline
/// #tags, date, path, its own fields), made active again if it was archived; `None` when
/// nothing changed.
pub fn refreshed(before: &Memory, line: &ImportLine, by: Origin) -> Result<Option<Memory>> {
    let mut file = (line.new_memory()).build(
        before.id.clone(),
        by.at,
        &before.space,
        &before.source,
        &before.embedder,
    )?;
    crate::ingest::add_inline_tags(&mut file);
    let mut after = before.clone();
    after.title = file.title;
    after.text = file.text;
    after.tags = file.tags;
    after.occurred_at = file.occurred_at;
    after.external_id = file.external_id;
    after.properties = file.properties;
    if after.status == MemoryStatus::Archived {
        after.status = MemoryStatus::Active;
    }
    if after == *before {
        return Ok(None);
    }
    after.version = before.version + 1;
    after.updated_at = by.at;
    Ok(Some(after))
}

/// Plans a vault imported again. Refused whole with `conflict` when a note it updates was
/// edited in Mnemo after the vault was read.
pub fn resync(
    st: &State,
    link: &LinkConfig,
    mut input: Resync,
    by: Origin,
) -> Outcome<Plan<ResyncReport>, Resync> {
    let mut report = ResyncReport::default();
    let mut cs = match updates(st, &input, by, &mut report)? {
        Ok(cs) => cs,
        Err(texts) => return Err(PlanError::NeedsVectors { texts, input }),
    };
    cs.absorb(archive(st, &input.gone, by, &mut report));
    let draft_ids: Vec<String> = (input.batch.items.iter())
        .map(|p| p.memory.id.clone())
        .collect();
    let mut all = if draft_ids.is_empty() {
        ChangeSet::default()
    } else {
        match add::add(st, link, std::mem::take(&mut input.batch), by) {
            Ok(p) => {
                report.added = p.output;
                p.changes
            }
            Err(PlanError::Failed(e)) => return Err(e.into()),
            Err(PlanError::NeedsVectors {
                texts,
                input: batch,
            }) => {
                input.batch = batch;
                return Err(PlanError::NeedsVectors { texts, input });
            }
        }
    };
    // A new note the store already held under its id (a race) is that memory.
    let remap: HashMap<String, String> = (draft_ids.into_iter())
        .zip(report.added.memories.iter().map(|m| m.id.clone()))
        .collect();
    let added: HashSet<&str> = (all.new_memories.iter())
        .map(|(m, _)| m.id.as_str())
        .collect();
    // Links the add made already (a tag's mention of a note) are not made twice.
    let made: HashSet<(String, String, String)> = (all.new_edges.iter())
        .map(|e| (e.from.clone(), e.to.clone(), e.relation.clone()))
        .collect();
    let links = relink(st, &input, &remap, &added, &made, by, &mut report);
    all.absorb(cs);
    all.absorb(links);
    Ok(Plan {
        changes: all,
        output: report,
    })
}

/// The updates of stored notes, or the texts still to embed.
fn updates(
    st: &State,
    input: &Resync,
    by: Origin,
    report: &mut ResyncReport,
) -> Result<std::result::Result<ChangeSet, Vec<String>>> {
    let mut cs = ChangeSet::default();
    let mut missing = Vec::new();
    for u in &input.updates {
        let before = (st.memories.get(&u.id)).ok_or_else(|| {
            Error::Conflict(format!(
                "memory {} was removed while the vault was read; import it again",
                u.id
            ))
        })?;
        if before.version != u.version {
            return Err(Error::Conflict(format!(
                "memory {} ({:?}) was changed in Mnemo while the vault was read; import it again",
                u.id, before.title
            )));
        }
        let Some(after) = refreshed(before, &u.line, by)? else {
            continue;
        };
        let vector = match after.embedding_text() {
            t if t == before.embedding_text() => None,
            t => match input.vectors.get(&t) {
                Some(v) => Some(v.clone()),
                None => {
                    missing.push(t);
                    continue;
                }
            },
        };
        let kind = match before.status {
            MemoryStatus::Archived => OperationKind::Restore,
            _ => OperationKind::Update,
        };
        replace(&mut cs, kind, by, before, after, vector);
        report.updated += 1;
    }
    Ok(match missing.is_empty() {
        true => Ok(cs),
        false => Err(missing),
    })
}

/// Archives memories whose file is gone (those still active or pending).
fn archive(st: &State, gone: &[String], by: Origin, report: &mut ResyncReport) -> ChangeSet {
    let mut cs = ChangeSet::default();
    for before in gone.iter().filter_map(|id| st.memories.get(id)) {
        if !matches!(before.status, MemoryStatus::Active | MemoryStatus::Pending) {
            continue;
        }
        let mut after = before.clone();
        after.status = MemoryStatus::Archived;
        after.version += 1;
        after.updated_at = by.at;
        replace(&mut cs, OperationKind::Archive, by, before, after, None);
        report.archived += 1;
    }
    cs
}

/// A stored memory replaced by `after`, logged with both.
fn replace(
    cs: &mut ChangeSet,
    kind: OperationKind,
    by: Origin,
    before: &Memory,
    after: Memory,
    vector: Option<Vec<f32>>,
) {
    let o = op(
        kind,
        by,
        &before.id,
        &before.space,
        to_json(before),
        to_json(&after),
    );
    cs.operations.push(o);
    cs.updated_memories.push((after, vector));
}

/// Links between the vault's notes made to match the files: ones the files no longer make
/// removed, new ones added, the rest left as they are.
fn relink(
    st: &State,
    input: &Resync,
    remap: &HashMap<String, String>,
    added: &HashSet<&str>,
    made: &HashSet<(String, String, String)>,
    by: Origin,
    report: &mut ResyncReport,
) -> ChangeSet {
    let id = |x: &str| remap.get(x).map_or(x, String::as_str).to_string();
    let exists = |x: &str| st.memories.contains_key(x) || added.contains(x);
    let mut wanted: Vec<(String, String, String)> = Vec::new();
    let mut seen = HashSet::new();
    for (from, to, relation) in &input.links {
        let key = (id(from), id(to), relation.clone());
        if key.0 != key.1 && exists(&key.0) && exists(&key.1) && seen.insert(key.clone()) {
            wanted.push(key);
        }
    }
    let mut cs = ChangeSet::default();
    let mut kept = HashSet::new();
    for owner in &input.owned {
        for e in st.graph.edges_of(owner) {
            if e.from != *owner {
                continue;
            }
            let key = (e.from.clone(), e.to.clone(), e.relation.clone());
            // An automatic edge the file's link repeats (a tag's mention) stands for it.
            if e.automatic || !VAULT_RELATIONS.contains(&e.relation.as_str()) {
                if seen.contains(&key) {
                    kept.insert(key);
                }
                continue;
            }
            if seen.contains(&key) && kept.insert(key) {
                continue;
            }
            let space = (st.memories.get(owner)).map_or("", |m| m.space.as_str());
            cs.operations.push(op(
                OperationKind::Unlink,
                by,
                &e.id,
                space,
                to_json(e),
                None,
            ));
            cs.removed_edges.push(e.id.clone());
            report.links_removed += 1;
        }
    }
    for (from, to, relation) in wanted {
        let key = (from.clone(), to.clone(), relation.clone());
        if kept.contains(&key) || made.contains(&key) {
            continue;
        }
        let mut e: Edge = crate::ingest::manual_edge(&from, &to, Some(&relation), by.actor);
        e.created_at = by.at;
        let o = op(OperationKind::Link, by, &e.id, "", None, to_json(&e));
        cs.operations.push(o);
        cs.new_edges.push(e);
        report.links_added += 1;
    }
    cs
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnemo_core::NewMemory;

    fn stored(id: &str, ext: &str, text: &str, status: MemoryStatus) -> Memory {
        let mut m = NewMemory {
            text: text.into(),
            kind: Some("note".into()),
            external_id: Some(ext.into()),
            ..Default::default()
        }
        .build(id.into(), mnemo_core::now(), "default", "import:vault", "e")
        .unwrap();
        m.status = status;
        m
    }

    fn line(ext: &str, text: &str) -> ImportLine {
        ImportLine {
            text: text.into(),
            kind: Some("note".into()),
            external_id: Some(ext.into()),
            ..Default::default()
        }
    }

    const LONG: &str =
        "We chose LanceDB for the memory store because it keeps vectors and text together";

    #[test]
    fn a_note_is_found_by_its_path_then_by_its_content() {
        use MemoryStatus::*;
        let a = stored("a", "vault:a.md", "Alpha note", Active);
        let b = stored("b", "vault:old/b.md", LONG, Active);
        let b1 = stored("b1", "vault:old/b.md#plan", "the plan", Active);
        let c = stored("c", "vault:c.md", "Gamma, deleted from the vault", Active);
        let f = stored("f", "vault:f.md", "Forgotten in Mnemo", Forgotten);
        let memories = [&a, &b, &b1, &c, &f];
        let lines = [
            line("vault:a.md", "Alpha note, edited"),
            line("vault:new/b.md", LONG),
            line("vault:new/b.md#plan", "the plan, changed"),
            line("vault:f.md", "Forgotten in Mnemo"),
            line("vault:d.md", "A new note"),
        ];
        let m = match_notes(&memories, &lines);
        assert_eq!(
            m.fates,
            [
                Fate::Stored("a".into()),
                Fate::Stored("b".into()),
                Fate::Stored("b1".into()),
                Fate::Skip,
                Fate::New
            ]
        );
        assert_eq!(m.renamed, 1);
        assert_eq!(m.gone, ["c"]);
    }

    #[test]
    fn a_renamed_and_edited_note_is_followed_when_most_of_its_words_stay() {
        let b = stored("b", "vault:b.md", LONG, MemoryStatus::Active);
        let edited = format!("{LONG} and searches both");
        let unrelated = "Lisbon in October: flights booked, the hotel near the river";
        let lines = [line("vault:x.md", unrelated), line("vault:y.md", &edited)];
        let m = match_notes(&[&b], &lines);
        assert_eq!(m.fates, [Fate::New, Fate::Stored("b".into())]);
        assert!(m.gone.is_empty());
        // Short texts are never "alike": two one-line notes are not one note moved.
        let short = stored("s", "vault:s.md", "todo list", MemoryStatus::Active);
        let m = match_notes(&[&short], &[line("vault:t.md", "todo list later")]);
        assert_eq!(m.fates, [Fate::New]);
        assert_eq!(m.gone, ["s"]);
    }

    #[test]
    fn an_archived_note_whose_file_is_back_is_matched_and_an_archived_one_is_not_gone_again() {
        let a = stored("a", "vault:a.md", "Alpha", MemoryStatus::Archived);
        let b = stored("b", "vault:b.md", "Beta", MemoryStatus::Archived);
        let m = match_notes(&[&a, &b], &[line("vault:a.md", "Alpha")]);
        assert_eq!(m.fates, [Fate::Stored("a".into())]);
        assert!(m.gone.is_empty(), "b is archived already");
    }

    #[test]
    fn refreshing_restores_an_archived_note_and_changes_nothing_when_the_file_is_the_same() {
        let by = Origin {
            actor: "user",
            via: "cli",
            at: mnemo_core::now(),
        };
        let a = stored("a", "vault:a.md", "Alpha", MemoryStatus::Active);
        assert_eq!(
            refreshed(&a, &line("vault:a.md", "Alpha"), by).unwrap(),
            None
        );
        let archived = stored("a", "vault:a.md", "Alpha", MemoryStatus::Archived);
        let back = refreshed(&archived, &line("vault:a.md", "Alpha"), by)
            .unwrap()
            .unwrap();
        assert_eq!(back.status, MemoryStatus::Active);
        assert_eq!(back.version, archived.version + 1);
        let moved = refreshed(&a, &line("vault:z/a.md", "Alpha!"), by)
            .unwrap()
            .unwrap();
        assert_eq!(
            (moved.external_id.as_deref(), moved.text.as_str()),
            (Some("vault:z/a.md"), "Alpha!")
        );
    }
}
