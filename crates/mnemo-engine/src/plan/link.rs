//! Planning edges made, removed or confirmed by hand.

use mnemo_core::{Edge, Error, OperationKind, Result, to_json};

use super::{Origin, Plan, op};
use crate::changeset::ChangeSet;
use crate::state::State;

/// Adds an edge between two memories that exist.
pub fn link(st: &State, e: Edge, by: Origin) -> Result<Plan<Edge>> {
    let from = (st.memories.get(&e.from))
        .ok_or_else(|| Error::invalid("from", format!("no memory {}", e.from)))?;
    if !st.memories.contains_key(&e.to) {
        return Err(Error::invalid("to", format!("no memory {}", e.to)));
    }
    let o = op(
        OperationKind::Link,
        by,
        &e.id,
        &from.space,
        None,
        to_json(&e),
    );
    Ok(Plan {
        changes: ChangeSet {
            new_edges: vec![e.clone()],
            operations: vec![o],
            ..Default::default()
        },
        output: e,
    })
}

/// Removes an edge; returns it as it was.
pub fn unlink(st: &State, id: &str, by: Origin) -> Result<Plan<Edge>> {
    let e = st
        .graph
        .edge(id)
        .ok_or_else(|| Error::not_found("edge", id))?;
    let space = (st.memories.get(&e.from)).map_or("", |m| m.space.as_str());
    let o = op(OperationKind::Unlink, by, id, space, to_json(e), None);
    Ok(Plan {
        changes: ChangeSet {
            removed_edges: vec![id.to_string()],
            operations: vec![o],
            ..Default::default()
        },
        output: e.clone(),
    })
}

/// Marks an automatic edge as confirmed by a person.
pub fn confirm(st: &State, id: &str, by: Origin) -> Result<Plan<Edge>> {
    let before = st
        .graph
        .edge(id)
        .ok_or_else(|| Error::not_found("edge", id))?;
    let after = Edge {
        confirmed: true,
        ..before.clone()
    };
    let o = op(
        OperationKind::Link,
        by,
        id,
        "",
        to_json(before),
        to_json(&after),
    );
    Ok(Plan {
        changes: ChangeSet {
            updated_edges: vec![after.clone()],
            operations: vec![o],
            ..Default::default()
        },
        output: after,
    })
}
