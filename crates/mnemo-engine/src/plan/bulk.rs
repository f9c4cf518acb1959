//! Planning one change to many memories (a selection): status, pin, tags, space. All of it is one
//! action, so one undo reverses the whole selection; any refusal refuses all of it.

use mnemo_core::limits::{MAX_BULK, too_many};
use mnemo_core::validate::{check_name, clean_tags};
use mnemo_core::{BulkEdit, Error, Memory, MemoryPatch, MemoryStatus, Result, Space, to_json};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

use super::edit::kind_of;
use super::{Origin, Plan, op};
use crate::changeset::ChangeSet;
use crate::state::{State, entity_key};

/// What a bulk change did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct BulkReport {
    /// The action that holds every change (undo it to bring them all back); empty when nothing
    /// changed.
    pub action: String,
    /// Memories changed.
    pub changed: Vec<String>,
    /// Memories that were already as asked.
    pub unchanged: Vec<String>,
}

/// Plans a bulk change against `st`. Unknown ids, a status a person cannot set, or a move that
/// would give a space two memories with one external id or entity name refuse the whole change.
pub fn bulk(st: &State, input: BulkEdit, by: Origin) -> Result<Plan<BulkReport>> {
    let ids = distinct(&input.ids)?;
    let change = Change::of(&input)?;
    if let Some(space) = change.space.as_ref().filter(|s| st.is_archived(s)) {
        return Err(super::add::archived(space));
    }
    let mut cs = ChangeSet::default();
    let mut report = BulkReport::default();
    let mut moved_names: HashSet<(String, String)> = HashSet::new();
    for id in ids {
        let before = (st.memories.get(id)).ok_or_else(|| Error::not_found("memory", id))?;
        let after = change.apply(before, by)?;
        if after == *before {
            report.unchanged.push(id.clone());
            continue;
        }
        if after.space != before.space {
            check_move(st, &after, &mut moved_names)?;
        }
        let kind = kind_of(&change.patch_for(before), before);
        let o = op(kind, by, id, &after.space, to_json(before), to_json(&after));
        cs.operations.push(o);
        cs.updated_memories.push((after, None));
        report.changed.push(id.clone());
    }
    if let Some(space) = &change.space
        && !st.spaces.contains_key(space)
        && !cs.updated_memories.is_empty()
    {
        cs.new_spaces.push(Space::named(space, by.at));
    }
    report.action = (cs.operations.first().map(|o| o.id.clone())).unwrap_or_default();
    Ok(Plan {
        changes: cs,
        output: report,
    })
}

/// The ids in order, each once; at least one, at most [`MAX_BULK`].
fn distinct(ids: &[String]) -> Result<Vec<&String>> {
    if ids.is_empty() {
        return Err(Error::invalid("ids", "name at least one memory"));
    }
    if ids.len() > MAX_BULK {
        return Err(too_many("ids", ids.len(), MAX_BULK));
    }
    let mut seen = HashSet::new();
    Ok(ids.iter().filter(|id| seen.insert(id.as_str())).collect())
}

/// A bulk edit, validated once for every memory.
struct Change {
    status: Option<MemoryStatus>,
    pinned: Option<bool>,
    add: Vec<String>,
    remove: BTreeSet<String>,
    space: Option<String>,
}

impl Change {
    fn of(input: &BulkEdit) -> Result<Change> {
        if let Some(s) = input.status
            && !matches!(
                s,
                MemoryStatus::Active | MemoryStatus::Archived | MemoryStatus::Forgotten
            )
        {
            return Err(Error::invalid(
                "status",
                format!(
                    "{} cannot be set on a selection: use active, archived or forgotten (merge and supersede have their own actions)",
                    s.as_str()
                ),
            ));
        }
        let add = clean_tags(&input.add_tags).map_err(|e| rename(e, "tags", "add_tags"))?;
        let remove =
            clean_tags(&input.remove_tags).map_err(|e| rename(e, "tags", "remove_tags"))?;
        if let Some(t) = add.iter().find(|t| remove.contains(t)) {
            return Err(Error::invalid(
                "remove_tags",
                format!("{t:?} is also in add_tags"),
            ));
        }
        let space = (input.space.as_deref())
            .map(|s| check_name("space", s))
            .transpose()?;
        let change = Change {
            status: input.status,
            pinned: input.pinned,
            add,
            remove: remove.into_iter().collect(),
            space,
        };
        if change.is_empty() {
            return Err(Error::invalid(
                "ids",
                "nothing to change: give status, pinned, add_tags, remove_tags or space",
            ));
        }
        Ok(change)
    }

    fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.pinned.is_none()
            && self.add.is_empty()
            && self.remove.is_empty()
            && self.space.is_none()
    }

    /// The same change as a patch of one memory (its tags with these added and removed).
    fn patch_for(&self, m: &Memory) -> MemoryPatch {
        let tags = (!self.add.is_empty() || !self.remove.is_empty()).then(|| {
            let kept = m.tags.iter().filter(|t| !self.remove.contains(*t));
            let mut tags: Vec<String> = kept.cloned().collect();
            tags.extend(self.add.iter().filter(|t| !m.tags.contains(t)).cloned());
            tags
        });
        MemoryPatch {
            status: self.status.filter(|s| *s != m.status),
            pinned: self.pinned,
            tags,
            ..Default::default()
        }
    }

    fn apply(&self, m: &Memory, by: Origin) -> Result<Memory> {
        let patch = self.patch_for(m);
        let (mut after, _) = patch
            .apply(m, by.at)
            .map_err(|e| Error::invalid(format!("memory {}", m.id), e.to_string()))?;
        if let Some(space) = self.space.as_ref().filter(|s| **s != m.space) {
            after.space = space.clone();
            if after.version == m.version {
                after.version = m.version.saturating_add(1);
                after.updated_at = by.at;
            }
        }
        Ok(after)
    }
}

/// A memory moving to another space must not take a name another memory there has.
pub(super) fn check_move(
    st: &State,
    m: &Memory,
    taken: &mut HashSet<(String, String)>,
) -> Result<()> {
    let clash = |what: &str, name: &str| {
        Error::Conflict(format!(
            "space {:?} already has {what} {name:?}; memory {} cannot move there (merge them instead)",
            m.space, m.id
        ))
    };
    if let Some(x) = &m.external_id {
        let key = (m.space.clone(), x.clone());
        if st.externals.contains_key(&key) || !taken.insert(key) {
            return Err(clash("a memory with external id", x));
        }
    }
    if let Some((space, name)) = entity_key(m) {
        let key = (space, format!("\0entity {name}"));
        if st.entities.contains_key(&(key.0.clone(), name.clone())) || !taken.insert(key) {
            return Err(clash("an entity named", &m.title));
        }
    }
    Ok(())
}

/// An error about `from` reported under the bulk field's name.
fn rename(e: Error, from: &str, to: &str) -> Error {
    match e {
        Error::Invalid { field, message } => Error::Invalid {
            field: field.replacen(from, to, 1),
            message,
        },
        other => other,
    }
}
