//! Planning a supersede: a newer memory replaces an older one. The old one stops holding when
//! the new one starts (so "as of" views before then still show it), and a `supersedes` edge
//! keeps the chain.

use mnemo_core::{
    Edge, EdgeKind, Error, Memory, MemoryStatus, OperationKind, Result, Timestamp, new_id, to_json,
};
use serde::{Deserialize, Serialize};

use super::{Origin, Plan, op};
use crate::changeset::ChangeSet;
use crate::state::State;

/// Both ends of a supersede, as committed.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct Superseded {
    /// The memory replaced: status `superseded`, valid until the new one holds.
    pub old: Memory,
    /// The memory that replaces it.
    pub new: Memory,
    /// The `supersedes` edge from the new memory to the old.
    pub edge: Edge,
}

/// Plans `new` replacing `old`. `new` is the memory as it stands, or as an add in the same
/// change makes it (then it must already hold a `valid_from`, as nothing here changes it).
pub fn supersede(st: &State, old_id: &str, new: &Memory, by: Origin) -> Result<Plan<Superseded>> {
    let old = (st.memories.get(old_id)).ok_or_else(|| Error::not_found("memory", old_id))?;
    check(st, old, new)?;
    let from = new.valid_from.or(new.occurred_at).unwrap_or(new.created_at);
    if old.valid_from.is_some_and(|f| f > from) {
        return Err(Error::invalid(
            "new",
            format!(
                "{} holds from {from}, before {} began to hold",
                new.id, old.id
            ),
        ));
    }
    let old_after = Memory {
        status: MemoryStatus::Superseded,
        valid_until: Some(old.valid_until.map_or(from, |u| u.min(from))),
        version: old.version.saturating_add(1),
        updated_at: by.at,
        ..old.clone()
    };
    let mut cs = ChangeSet::default();
    let space = old.space.clone();
    let o = op(
        OperationKind::Supersede,
        by,
        old_id,
        &space,
        to_json(old),
        to_json(&old_after),
    );
    cs.operations.push(o);
    cs.updated_memories.push((old_after.clone(), None));
    let new_after = starts(new, from, by.at);
    if let Some(after) = &new_after {
        let o = op(
            OperationKind::Update,
            by,
            &new.id,
            &new.space,
            to_json(new),
            to_json(after),
        );
        cs.operations.push(o);
        cs.updated_memories.push((after.clone(), None));
    }
    let edge = chain_edge(&new.id, old_id, by);
    cs.operations.push(op(
        OperationKind::Link,
        by,
        &edge.id,
        &space,
        None,
        to_json(&edge),
    ));
    cs.new_edges.push(edge.clone());
    let output = Superseded {
        old: old_after,
        new: new_after.unwrap_or_else(|| new.clone()),
        edge,
    };
    Ok(Plan {
        changes: cs,
        output,
    })
}

fn check(st: &State, old: &Memory, new: &Memory) -> Result<()> {
    if old.id == new.id {
        return Err(Error::invalid("new", "a memory cannot supersede itself"));
    }
    for m in [old, new] {
        if matches!(m.status, MemoryStatus::Merged | MemoryStatus::Forgotten) {
            return Err(Error::Conflict(format!(
                "memory {} is {}; restore it first",
                m.id, m.status
            )));
        }
    }
    if old.status == MemoryStatus::Superseded {
        return Err(Error::Conflict(format!(
            "memory {} is already superseded",
            old.id
        )));
    }
    let backwards = (st.graph.edges_of(&old.id).into_iter())
        .any(|e| e.kind == EdgeKind::Supersedes && e.from == old.id && e.to == new.id);
    if backwards {
        return Err(Error::invalid(
            "new",
            format!(
                "{} supersedes {} already; the chain cannot turn back",
                old.id, new.id
            ),
        ));
    }
    Ok(())
}

/// The new memory with its validity starting at `from`, if it had none.
fn starts(new: &Memory, from: Timestamp, at: Timestamp) -> Option<Memory> {
    new.valid_from.is_none().then(|| Memory {
        valid_from: Some(from),
        version: new.version.saturating_add(1),
        updated_at: at,
        ..new.clone()
    })
}

fn chain_edge(new: &str, old: &str, by: Origin) -> Edge {
    Edge {
        id: new_id(),
        from: new.to_string(),
        to: old.to_string(),
        kind: EdgeKind::Supersedes,
        relation: EdgeKind::Supersedes.as_str().to_string(),
        weight: 1.0,
        valid_from: None,
        valid_until: None,
        provenance: format!("superseded by {}", by.actor),
        automatic: false,
        confirmed: true,
        created_at: by.at,
    }
}
