//! Admission: a write checked against its actor's policy and rights before it is planned. New
//! memories are stamped with their writer; those of a writer under review, and any that look like
//! instructions aimed at a model, are held as `pending` with the reason; an agent's links are
//! automatic until a person confirms them. Runs in the writer, after catching up, so a check and
//! the change it admits see the same state.

use mnemo_core::{
    Actor, BulkEdit, Edge, EdgeKind, Error, HELD_AS_INSTRUCTIONS, Memory, MemoryKind, MemoryStatus,
    Result, TrustPolicy,
};

use super::injection::injection_reasons;
use super::{Batch, Edit};
use crate::ingest::linked_by;
use crate::state::State;
use crate::writer::{NewSide, SupersedeInput, WriteInput};

/// The write as it may be planned, or why the actor may not make it.
pub fn admit(st: &State, actor: &Actor, input: WriteInput) -> Result<WriteInput> {
    match input {
        WriteInput::Add(batch) => add(actor, batch).map(WriteInput::Add),
        WriteInput::Update(edit) => update(st, actor, edit).map(WriteInput::Update),
        WriteInput::Bulk(b) => bulk(st, actor, b).map(WriteInput::Bulk),
        WriteInput::Link(edge) => link(st, actor, edge).map(WriteInput::Link),
        WriteInput::Unlink(id) if actor.is_agent() => {
            unlink(st, actor, &id)?;
            Ok(WriteInput::Unlink(id))
        }
        WriteInput::Confirm(_) if actor.is_agent() => Err(Error::Forbidden(format!(
            "{} may not confirm links: a person confirms them",
            actor.name
        ))),
        WriteInput::Merge(m) => {
            for known in m.ids.iter().filter_map(|id| memory(st, id)) {
                refuse(actor.refuses_change(known, false))?;
            }
            Ok(WriteInput::Merge(m))
        }
        WriteInput::Supersede(s) => supersede(st, actor, s).map(WriteInput::Supersede),
        WriteInput::Purge(_) if actor.is_agent() => Err(Error::Forbidden(format!(
            "{} may not purge: only the person erases memories for good",
            actor.name
        ))),
        WriteInput::Space(_) if actor.is_agent() => Err(Error::Forbidden(format!(
            "{} may not manage spaces: a person makes, renames, archives and deletes them",
            actor.name
        ))),
        WriteInput::Resync(_) if actor.is_agent() => Err(Error::Forbidden(format!(
            "{} may not import a vault: a person imports one",
            actor.name
        ))),
        WriteInput::Undo(u) => {
            if actor.is_agent() && u.operations.iter().any(|o| o.actor != actor.name) {
                return Err(Error::Forbidden(format!(
                    "{} may undo only its own changes",
                    actor.name
                )));
            }
            Ok(WriteInput::Undo(u))
        }
        other => Ok(other),
    }
}

fn add(actor: &Actor, mut batch: Batch) -> Result<Batch> {
    for p in &mut batch.items {
        stamp(actor, &mut p.memory)?;
        if actor.is_agent() {
            p.links.iter_mut().for_each(automatic);
        }
    }
    Ok(batch)
}

fn update(st: &State, actor: &Actor, mut edit: Edit) -> Result<Edit> {
    let Some(m) = memory(st, &edit.id) else {
        return Ok(edit); // an unknown id is the planner's to report
    };
    let status = edit.patch.status;
    refuse(actor.refuses_change(m, status == Some(MemoryStatus::Forgotten)))?;
    if status.is_some_and(|s| s != MemoryStatus::Forgotten) {
        approves(actor, m)?;
    }
    if actor.is_agent() && edit.patch.pinned.is_some() && !actor.rights.edit_others {
        return Err(Error::Forbidden(format!(
            "{} may not pin or unpin: pinning is a person's act",
            actor.name
        )));
    }
    let (title, text) = (edit.patch.title.as_deref(), edit.patch.text.as_deref());
    if (title.is_some() || text.is_some())
        && let Some(why) = hold_reason(
            actor,
            &format!("{}\n{}", title.unwrap_or(""), text.unwrap_or("")),
        )
        && status.is_none()
    {
        // Changed words are checked like new ones: the memory waits again.
        edit.patch.status = Some(MemoryStatus::Pending);
        edit.held = Some(why);
    }
    Ok(edit)
}

fn bulk(st: &State, actor: &Actor, mut b: BulkEdit) -> Result<BulkEdit> {
    if b.status.is_some() && !actor.is_agent() {
        // Approving or rejecting a held memory decides for the entities it named too.
        let named: Vec<String> = (b.ids.iter()).flat_map(|id| held_names(st, id)).collect();
        for id in named {
            if !b.ids.contains(&id) {
                b.ids.push(id);
            }
        }
    }
    let forget = b.status == Some(MemoryStatus::Forgotten);
    for m in b.ids.iter().filter_map(|id| memory(st, id)) {
        refuse(actor.refuses_change(m, forget))?;
        if b.status.is_some_and(|s| s != MemoryStatus::Forgotten) {
            approves(actor, m)?;
        }
        if let Some(space) = &b.space {
            refuse(actor.refuses_write(space))?;
        }
    }
    Ok(b)
}

fn link(st: &State, actor: &Actor, mut edge: Edge) -> Result<Edge> {
    for m in [&edge.from, &edge.to]
        .into_iter()
        .filter_map(|id| memory(st, id))
    {
        refuse(actor.refuses_write(&m.space))?;
    }
    if actor.is_agent() {
        automatic(&mut edge);
    }
    Ok(edge)
}

/// An agent removes only the links it made, unless its token allows more.
fn unlink(st: &State, actor: &Actor, id: &str) -> Result<()> {
    let Some(edge) = st.graph.edge(id) else {
        return Ok(()); // an unknown id is the planner's to report
    };
    if edge.provenance != linked_by(&actor.name) && !actor.rights.edit_others {
        return Err(Error::Forbidden(format!(
            "{} may not remove a link it did not make; its token does not allow it",
            actor.name
        )));
    }
    Ok(())
}

fn supersede(st: &State, actor: &Actor, mut s: SupersedeInput) -> Result<SupersedeInput> {
    if let Some(old) = memory(st, &s.old) {
        refuse(actor.refuses_change(old, false))?;
    }
    if let NewSide::Added(batch) = &mut s.new {
        for p in &mut batch.items {
            stamp(actor, &mut p.memory)?;
        }
    }
    Ok(s)
}

/// A new memory: its writer recorded, and held when the writer is under review or the text
/// reads as instructions to a model.
fn stamp(actor: &Actor, m: &mut Memory) -> Result<()> {
    refuse(actor.refuses_write(&m.space))?;
    if m.written_by.is_empty() {
        m.written_by = actor.name.clone();
    }
    let text = format!("{}\n{}", m.title, m.text);
    if let Some(why) = hold_reason(actor, &text) {
        m.status = MemoryStatus::Pending;
        m.held = Some(why);
    }
    if actor.is_agent() {
        // Pinning is a person's act: an agent cannot make its own memory untouchable.
        m.pinned = false;
    }
    Ok(())
}

/// Why a write by `actor` of `text` waits for a person, if it does. The person's own writes
/// never wait: they are the one who approves.
pub fn hold_reason(actor: &Actor, text: &str) -> Option<String> {
    if !actor.is_agent() {
        return None;
    }
    let signs = injection_reasons(text);
    if !signs.is_empty() {
        return Some(format!(
            "{HELD_AS_INSTRUCTIONS}: it {}",
            signs.join("; it ")
        ));
    }
    (actor.policy == TrustPolicy::Review)
        .then(|| format!("written by {}, whose writes wait for review", actor.name))
}

/// Only a person approves: an agent may not take a memory out of `pending` except to forget it.
fn approves(actor: &Actor, m: &Memory) -> Result<()> {
    if actor.is_agent() && m.status == MemoryStatus::Pending {
        return Err(Error::Forbidden(format!(
            "{} may not approve a held memory ({:?}); a person approves it in the review queue",
            actor.name, m.title
        )));
    }
    Ok(())
}

/// The held entities a held memory named (made with it, waiting with it).
pub fn held_names(st: &State, id: &str) -> Vec<String> {
    let Some(m) = st
        .memories
        .get(id)
        .filter(|m| m.status == MemoryStatus::Pending)
    else {
        return Vec::new();
    };
    (st.graph.edges_of(id).into_iter())
        .filter(|e| e.kind == EdgeKind::Mentions && e.from == id)
        .filter_map(|e| st.memories.get(&e.to))
        .filter(|n| n.kind == MemoryKind::Entity && n.status == MemoryStatus::Pending)
        .filter(|n| n.written_by == m.written_by)
        .map(|n| n.id.clone())
        .collect()
}

/// Whether `m` is a held entity that waits on a held memory naming it (decided with that memory).
pub fn named_by_held(st: &State, m: &Memory) -> bool {
    m.kind == MemoryKind::Entity
        && m.status == MemoryStatus::Pending
        && (st.graph.edges_of(&m.id).into_iter()).any(|e| {
            e.kind == EdgeKind::Mentions
                && e.to == m.id
                && st
                    .memories
                    .get(&e.from)
                    .is_some_and(|f| f.status == MemoryStatus::Pending)
        })
}

fn automatic(e: &mut Edge) {
    e.automatic = true;
    e.confirmed = false;
}

/// A memory the write names, if it exists: an unknown id is the planner's to report.
fn memory<'s>(st: &'s State, id: &str) -> Option<&'s Memory> {
    st.memories.get(id)
}

fn refuse(why: Option<String>) -> Result<()> {
    why.map_or(Ok(()), |w| Err(Error::Forbidden(w)))
}
