//! Planning a merge: several memories become one. The survivor takes the others' tags, names and
//! edges; they stay in the store as `merged`, pointing at it, so their history and their
//! external ids (re-imports stay idempotent) still lead somewhere.

use mnemo_core::{
    Edge, Error, Memory, MemoryKind, MemoryPatch, MemoryStatus, OperationKind, Result, new_id,
    normalize_name, to_json,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::{Origin, Outcome, Plan, PlanError, Supply, op};
use crate::changeset::ChangeSet;
use crate::state::State;

/// What a merge is asked to do.
#[derive(Debug, Clone, Default)]
pub struct MergeInput {
    /// Every memory to merge, the survivor among them.
    pub ids: Vec<String>,
    /// The survivor; by default a pinned one, else the oldest.
    pub keep: Option<String>,
    /// The survivor's text and title after the merge; by default its own.
    pub text: Option<String>,
    pub title: Option<String>,
    /// The vector of the survivor's new text, when it changes.
    pub vector: Option<(String, Vec<f32>)>,
}

impl Supply for MergeInput {
    fn supply(&mut self, texts: Vec<String>, vectors: Vec<Vec<f32>>) {
        self.vector = texts.into_iter().zip(vectors).next();
    }
}

/// What a merge would do, before anything is written: the merge preview.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct MergePreview {
    /// The survivor as it would be.
    pub survivor: Memory,
    /// The memories it absorbs, as they are now.
    pub merged: Vec<Memory>,
    /// Edges that move onto the survivor.
    pub edges_moved: u32,
    /// Edges dropped: between the merged memories, or repeating one the survivor has.
    pub edges_dropped: u32,
}

/// The rows of a merge, worked out.
struct Worked {
    before: Memory,
    survivor: Memory,
    reembed: bool,
    merged: Vec<(Memory, Memory)>,
    removed: Vec<Edge>,
    moved: Vec<Edge>,
}

/// Shows what merging would do; writes nothing.
pub fn preview(st: &State, input: &MergeInput, at: mnemo_core::Timestamp) -> Result<MergePreview> {
    let w = work(st, input, at)?;
    Ok(MergePreview {
        edges_moved: w.moved.len() as u32,
        edges_dropped: (w.removed.len() - w.moved.len()) as u32,
        merged: w.merged.into_iter().map(|(before, _)| before).collect(),
        survivor: w.survivor,
    })
}

/// Plans a merge; one whose new text has no vector yet comes back for one.
pub fn merge(st: &State, input: MergeInput, by: Origin) -> Outcome<Plan<Memory>, MergeInput> {
    let w = work(st, &input, by.at)?;
    let vector = if w.reembed {
        let text = w.survivor.embedding_text();
        match input.vector.as_ref().filter(|(t, _)| *t == text) {
            Some((_, v)) => Some(v.clone()),
            None => {
                return Err(PlanError::NeedsVectors {
                    texts: vec![text],
                    input,
                });
            }
        }
    } else {
        None
    };
    let space = w.survivor.space.clone();
    let merge_op = |before: &Memory, after: &Memory| {
        let (b, a) = (to_json(before), to_json(after));
        op(OperationKind::Merge, by, &after.id, &space, b, a)
    };
    let mut cs = ChangeSet::default();
    cs.operations.push(merge_op(&w.before, &w.survivor));
    cs.updated_memories.push((w.survivor.clone(), vector));
    for (before, after) in w.merged {
        cs.operations.push(merge_op(&before, &after));
        cs.updated_memories.push((after, None));
    }
    for e in w.removed {
        let o = op(OperationKind::Unlink, by, &e.id, &space, to_json(&e), None);
        cs.operations.push(o);
        cs.removed_edges.push(e.id);
    }
    for e in w.moved {
        let o = op(OperationKind::Link, by, &e.id, &space, None, to_json(&e));
        cs.operations.push(o);
        cs.new_edges.push(e);
    }
    Ok(Plan {
        changes: cs,
        output: w.survivor,
    })
}

fn work(st: &State, input: &MergeInput, at: mnemo_core::Timestamp) -> Result<Worked> {
    let members = members(st, input)?;
    let keep = survivor_of(&members, input.keep.as_deref())?;
    let before = members[keep].clone();
    let others: Vec<&Memory> = (members.iter().enumerate())
        .filter(|(i, _)| *i != keep)
        .map(|(_, m)| *m)
        .collect();
    let (mut survivor, reembed) = MemoryPatch {
        text: input.text.clone(),
        title: input.title.clone(),
        ..Default::default()
    }
    .apply(&before, at)?;
    absorb(&mut survivor, &others)?;
    survivor.version = before.version.saturating_add(1);
    survivor.updated_at = at;
    let merged = (others.iter())
        .map(|m| {
            let after = Memory {
                status: MemoryStatus::Merged,
                merged_into: Some(survivor.id.clone()),
                version: m.version.saturating_add(1),
                updated_at: at,
                ..(*m).clone()
            };
            ((*m).clone(), after)
        })
        .collect();
    let ids: HashSet<&str> = others.iter().map(|m| m.id.as_str()).collect();
    let (removed, moved) = move_edges(st, &survivor.id, &ids);
    Ok(Worked {
        before,
        survivor,
        reembed,
        merged,
        removed,
        moved,
    })
}

/// The memories named, each once, in the order given; all must exist, in one space, unmerged.
fn members<'a>(st: &'a State, input: &MergeInput) -> Result<Vec<&'a Memory>> {
    let mut seen = HashSet::new();
    let mut out: Vec<&Memory> = Vec::new();
    for id in &input.ids {
        if !seen.insert(id.as_str()) {
            continue;
        }
        let m = (st.memories.get(id)).ok_or_else(|| Error::not_found("memory", id))?;
        if let (MemoryStatus::Merged, Some(into)) = (m.status, &m.merged_into) {
            return Err(Error::Conflict(format!(
                "memory {id} was already merged into {into}; merge that one instead"
            )));
        }
        if let Some(first) = out.first()
            && first.space != m.space
        {
            return Err(Error::invalid(
                "ids",
                format!(
                    "{} is in space {:?} and {id} in {:?}; only memories of one space merge",
                    first.id, first.space, m.space
                ),
            ));
        }
        out.push(m);
    }
    if out.len() < 2 {
        return Err(Error::invalid(
            "ids",
            "name at least two different memories",
        ));
    }
    Ok(out)
}

/// Which member survives: the one asked for, else the first pinned one, else the oldest.
fn survivor_of(members: &[&Memory], keep: Option<&str>) -> Result<usize> {
    if let Some(k) = keep {
        return (members.iter().position(|m| m.id == k)).ok_or_else(|| {
            Error::invalid("keep", format!("{k} is not one of the memories merged"))
        });
    }
    let oldest = (0..members.len())
        .min_by_key(|&i| (!members[i].pinned, &members[i].created_at, &members[i].id));
    Ok(oldest.unwrap_or(0))
}

/// The survivor takes the others' tags, names, external ids, lineage, and the larger of their
/// importances; it stays pinned if any was.
fn absorb(survivor: &mut Memory, others: &[&Memory]) -> Result<()> {
    let mut tags: Vec<String> = survivor.tags.clone();
    let mut aliases: Vec<String> = survivor.aliases.clone();
    let own_name = normalize_name(&survivor.title);
    for m in others {
        tags.extend(m.tags.iter().cloned());
        aliases.extend(m.external_id.iter().cloned());
        aliases.extend(m.aliases.iter().cloned());
        let named = m.kind == MemoryKind::Entity && normalize_name(&m.title) != own_name;
        aliases.extend(named.then(|| m.title.clone()));
        survivor.merged_from.push(m.id.clone());
        survivor.merged_from.extend(m.merged_from.iter().cloned());
        survivor.importance = survivor.importance.max(m.importance);
        survivor.pinned |= m.pinned;
        survivor.occurred_at = survivor.occurred_at.or(m.occurred_at);
    }
    survivor.tags = mnemo_core::validate::clean_tags(&dedup(tags.into_iter()))?;
    let own: HashSet<String> = survivor.external_id.iter().cloned().collect();
    survivor.aliases = dedup(aliases.into_iter().filter(|a| !own.contains(a)));
    survivor.merged_from = dedup(survivor.merged_from.drain(..));
    let limit = mnemo_core::limits::MAX_LIST;
    if survivor.aliases.len() > limit {
        return Err(mnemo_core::limits::too_many(
            "aliases",
            survivor.aliases.len(),
            limit,
        ));
    }
    Ok(())
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items.filter(|s| seen.insert(s.clone())).collect()
}

/// Every edge of the merged memories goes: each comes back on the survivor under a new id,
/// unless it would be a self-loop or repeat one the survivor has (same ends, kind, relation).
/// Returns (edges removed, edges made).
fn move_edges(st: &State, survivor: &str, merged: &HashSet<&str>) -> (Vec<Edge>, Vec<Edge>) {
    let key = |e: &Edge| (e.from.clone(), e.to.clone(), e.kind, e.relation.clone());
    let mut have: HashSet<_> = (st.graph.edges_of(survivor).into_iter()).map(key).collect();
    let mut ids: Vec<&str> = merged.iter().copied().collect();
    ids.sort();
    let mut seen = HashSet::new();
    let (mut removed, mut moved) = (Vec::new(), Vec::new());
    for id in ids {
        for e in st.graph.edges_of(id) {
            if !seen.insert(e.id.clone()) {
                continue; // an edge between two merged memories comes up twice
            }
            let onto = |end: &String| {
                if merged.contains(end.as_str()) {
                    survivor.to_string()
                } else {
                    end.clone()
                }
            };
            let e = e.clone();
            let next = Edge {
                id: new_id(),
                from: onto(&e.from),
                to: onto(&e.to),
                ..e.clone()
            };
            if next.from != next.to && have.insert(key(&next)) {
                moved.push(next);
            }
            removed.push(e);
        }
    }
    (removed, moved)
}
