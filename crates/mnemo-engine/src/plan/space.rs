//! Planning changes to spaces: make one, change it (rename, describe, colour, archive), delete it
//! with its memories moved to another space or purged. A rename or a move rewrites every memory
//! of the space as one action, so one undo brings the space back as it was.

use mnemo_core::validate::check_name;
use mnemo_core::{DEFAULT_SPACE, Error, Memory, OperationKind, Result, Space, Timestamp, to_json};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::{Origin, Plan, op};
use crate::changeset::ChangeSet;
use crate::state::State;

/// At most this many characters describe a space.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;

/// A space to make.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSpace {
    #[schemars(transform = mnemo_core::limits::name)]
    pub name: String,
    #[serde(default)]
    #[schemars(length(max = 2000))]
    pub description: String,
    /// `#rrggbb`; empty for the palette's colour.
    #[serde(default)]
    pub colour: String,
}

/// Changes to a space; what is left out stays as it is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpacePatch {
    /// A new name: every memory of the space moves with it.
    #[serde(default)]
    #[schemars(transform = mnemo_core::limits::name)]
    pub rename: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 2000))]
    pub description: Option<String>,
    /// `#rrggbb`, or empty for the palette's colour.
    #[serde(default)]
    pub colour: Option<String>,
    /// Archived spaces keep their memories, take no new ones, and are searched only when named.
    #[serde(default)]
    pub archived: Option<bool>,
}

/// What becomes of the memories of a space being deleted.
#[derive(Debug, Clone, PartialEq)]
pub enum Disposal {
    /// None: the space must be empty.
    None,
    /// Into this space (made if it does not exist).
    MoveTo(String),
    /// Erased for good, like a purge.
    Purge,
}

/// A change to a space, as the writer gets it.
#[derive(Debug, Clone)]
pub enum SpaceInput {
    Create(NewSpace),
    Change { name: String, patch: SpacePatch },
    Delete { name: String, memories: Disposal },
}

/// What a change to a space did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct SpaceReport {
    /// The space as it is now; none once deleted.
    pub space: Option<Space>,
    /// The action holding the change (undo it to take it back); empty when nothing changed.
    pub action: String,
    /// Memories that moved (a rename, or a delete that moved them).
    pub moved: u32,
    /// Memories erased with the space.
    pub purged: Vec<String>,
}

/// Plans a change to a space against `st`.
pub fn plan(st: &State, input: SpaceInput, by: Origin) -> Result<Plan<SpaceReport>> {
    let mut plan = match input {
        SpaceInput::Create(new) => create(st, new, by)?,
        SpaceInput::Change { name, patch } => change(st, &name, patch, by)?,
        SpaceInput::Delete { name, memories } => delete(st, &name, memories, by)?,
    };
    plan.output.action = (plan.changes.operations.first())
        .map(|o| o.id.clone())
        .unwrap_or_default();
    Ok(plan)
}

fn create(st: &State, new: NewSpace, by: Origin) -> Result<Plan<SpaceReport>> {
    let name = check_name("name", &new.name)?;
    if st.spaces.contains_key(&name) {
        return Err(Error::Conflict(format!("space {name:?} exists already")));
    }
    let space = Space {
        description: check_description(&new.description)?,
        colour: check_colour(&new.colour)?,
        ..Space::named(&name, by.at)
    };
    let mut cs = ChangeSet::default();
    cs.operations.push(space_op(by, None, Some(&space)));
    cs.new_spaces.push(space.clone());
    Ok(Plan {
        changes: cs,
        output: SpaceReport {
            space: Some(space),
            ..Default::default()
        },
    })
}

fn change(st: &State, name: &str, patch: SpacePatch, by: Origin) -> Result<Plan<SpaceReport>> {
    let default_space;
    let before = match (st.spaces.get(name), name == DEFAULT_SPACE) {
        // The default space is there before anything is written to it: it may be described.
        (None, true) => {
            default_space = Space::named(DEFAULT_SPACE, by.at);
            &default_space
        }
        _ => existing(st, name)?,
    };
    let renamed = patch.rename.as_deref().is_some_and(|n| n.trim() != name);
    if name == DEFAULT_SPACE && renamed {
        return Err(fixed("rename", "rename"));
    }
    if name == DEFAULT_SPACE && patch.archived == Some(true) {
        return Err(fixed("archived", "archive"));
    }
    let mut after = before.clone();
    if let Some(d) = &patch.description {
        after.description = check_description(d)?;
    }
    if let Some(c) = &patch.colour {
        after.colour = check_colour(c)?;
    }
    if let Some(a) = patch.archived {
        after.archived = a;
    }
    if let Some(new) = &patch.rename {
        after.name = check_name("rename", new)?;
    }
    if after == *before {
        return Ok(Plan::nothing(SpaceReport {
            space: Some(after),
            ..Default::default()
        }));
    }
    let mut cs = ChangeSet::default();
    cs.operations.push(space_op(by, Some(before), Some(&after)));
    let mut moved = 0;
    if after.name != before.name {
        if st.spaces.contains_key(&after.name) || after.name == DEFAULT_SPACE {
            return Err(Error::Conflict(format!(
                "space {:?} exists already: delete {name:?} moving its memories there instead",
                after.name
            )));
        }
        moved = move_all(st, name, &after.name, by, &mut cs)?;
        cs.removed_spaces.push(name.to_string());
    }
    cs.new_spaces.push(after.clone());
    Ok(Plan {
        changes: cs,
        output: SpaceReport {
            space: Some(after),
            moved,
            ..Default::default()
        },
    })
}

fn delete(st: &State, name: &str, memories: Disposal, by: Origin) -> Result<Plan<SpaceReport>> {
    if name == DEFAULT_SPACE {
        return Err(fixed("name", "delete"));
    }
    let before = existing(st, name)?;
    let held = st.memories_in(name);
    let mut cs = ChangeSet::default();
    let mut report = SpaceReport::default();
    match memories {
        Disposal::None if !held.is_empty() => {
            return Err(Error::invalid(
                "memories",
                format!(
                    "space {name:?} holds {} memories: move them to another space or purge them",
                    held.len()
                ),
            ));
        }
        Disposal::None => {}
        Disposal::MoveTo(to) => {
            let to = check_name("move_to", &to)?;
            if to == name {
                return Err(Error::invalid(
                    "move_to",
                    "name another space than the one deleted",
                ));
            }
            if st.is_archived(&to) {
                return Err(super::add::archived(&to));
            }
            report.moved = move_all(st, name, &to, by, &mut cs)?;
            if !st.spaces.contains_key(&to) {
                let made = Space::named(&to, by.at);
                cs.operations.insert(0, space_op(by, None, Some(&made)));
                cs.new_spaces.push(made);
            }
        }
        Disposal::Purge => {
            let ids: Vec<String> = held.iter().map(|m| m.id.clone()).collect();
            if !ids.is_empty() {
                let purge = super::purge::erase(st, &ids, by);
                report.purged = purge.output.purged;
                cs.absorb(purge.changes);
            }
        }
    }
    cs.operations.push(space_op(by, Some(before), None));
    cs.removed_spaces.push(name.to_string());
    Ok(Plan {
        changes: cs,
        output: report,
    })
}

/// Moves every memory of `from` into `to`, refusing names `to` already holds.
fn move_all(st: &State, from: &str, to: &str, by: Origin, cs: &mut ChangeSet) -> Result<u32> {
    let mut taken = HashSet::new();
    let mut n = 0;
    for m in st.memories_in(from) {
        let after = moved(m, to, by.at);
        super::bulk::check_move(st, &after, &mut taken)?;
        let o = op(
            OperationKind::Update,
            by,
            &m.id,
            to,
            to_json(m),
            to_json(&after),
        );
        cs.operations.push(o);
        cs.updated_memories.push((after, None));
        n += 1;
    }
    Ok(n)
}

fn moved(m: &Memory, to: &str, at: Timestamp) -> Memory {
    Memory {
        space: to.to_string(),
        version: m.version.saturating_add(1),
        updated_at: at,
        ..m.clone()
    }
}

fn existing<'s>(st: &'s State, name: &str) -> Result<&'s Space> {
    st.spaces
        .get(name)
        .ok_or_else(|| Error::not_found("space", name))
}

fn space_op(by: Origin, before: Option<&Space>, after: Option<&Space>) -> mnemo_core::Operation {
    let name = (before.or(after)).map_or("", |s| s.name.as_str());
    let space = after.or(before).map_or("", |s| s.name.as_str());
    op(
        OperationKind::Space,
        by,
        name,
        space,
        before.and_then(to_json),
        after.and_then(to_json),
    )
}

/// Why the default space stays: writes that name no space land there.
fn fixed(field: &str, what: &str) -> Error {
    Error::invalid(
        field,
        format!(
            "the {DEFAULT_SPACE:?} space takes every write that names no space: it cannot be {what}d"
        ),
    )
}

fn check_description(d: &str) -> Result<String> {
    let d = d.trim();
    if d.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(Error::invalid(
            "description",
            format!("is longer than {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    Ok(d.to_string())
}

/// `#rrggbb` (any case, stored lower case), or empty.
fn check_colour(c: &str) -> Result<String> {
    let c = c.trim();
    let hex = c.strip_prefix('#').unwrap_or("");
    if c.is_empty() || (hex.len() == 6 && hex.chars().all(|h| h.is_ascii_hexdigit())) {
        return Ok(c.to_ascii_lowercase());
    }
    Err(Error::invalid(
        "colour",
        format!("{c:?} is not a colour: write it as #rrggbb"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_hex_triplets_or_nothing() {
        assert_eq!(check_colour(" #A1b2C3 ").unwrap(), "#a1b2c3");
        assert_eq!(check_colour("").unwrap(), "");
        for bad in ["red", "#fff", "a1b2c3", "#a1b2cz", "#a1b2c3d"] {
            assert!(check_colour(bad).is_err(), "{bad}");
        }
    }
}
