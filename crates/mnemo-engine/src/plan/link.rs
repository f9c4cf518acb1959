//! Planning edges made, removed or confirmed by hand.

use mnemo_core::{Edge, EdgeKind, Error, OperationKind, Result, to_json};

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

/// A pair the duplicate scan found: (earlier memory, later memory, cosine).
pub type FoundPair = (String, String, f32);

/// Flags found pairs as near-duplicates for review, automatic and unconfirmed, each once:
/// pairs already joined by a near-duplicate edge (flagged, or kept apart by a person) and
/// memories no longer active are left out. Returns how many were flagged.
pub fn flag_duplicates(st: &State, pairs: Vec<FoundPair>, by: Origin) -> Result<Plan<usize>> {
    let live = |id: &str| {
        st.memories
            .get(id)
            .filter(|m| crate::link_index::linkable(m))
    };
    let mut joined: std::collections::HashSet<(String, String)> = Default::default();
    let mut cs = ChangeSet::default();
    for (earlier, later, cos) in pairs {
        let (Some(a), Some(b)) = (live(&earlier), live(&later)) else {
            continue;
        };
        let key = if a.id <= b.id {
            (a.id.clone(), b.id.clone())
        } else {
            (b.id.clone(), a.id.clone())
        };
        let flagged = (st.graph.edges_of(&a.id).into_iter())
            .any(|e| e.kind == EdgeKind::NearDuplicate && (e.from == b.id || e.to == b.id));
        if a.space != b.space || flagged || !joined.insert(key) {
            continue;
        }
        let why = format!("cosine {cos:.3}, found by the duplicate scan");
        let e = super::auto_edge(&b.id, &a.id, EdgeKind::NearDuplicate, cos, why, by.at);
        let o = op(OperationKind::Link, by, &e.id, &b.space, None, to_json(&e));
        cs.operations.push(o);
        cs.new_edges.push(e);
    }
    let n = cs.new_edges.len();
    Ok(Plan {
        changes: cs,
        output: n,
    })
}
