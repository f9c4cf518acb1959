//! Planning a purge: memories and every edge touching them go, and the log records only that
//! something was purged, by whom and when — no text, no title, no entity name. What older log
//! entries and traces hold of them is redacted after the commit (see `Engine::purge`).

use mnemo_core::{Error, MemoryStatus, OperationKind, Result};
use serde::Serialize;
use std::collections::BTreeSet;

use super::{Origin, Plan, op};
use crate::changeset::ChangeSet;
use crate::state::State;

/// What a purge did.
#[derive(Debug, Clone, Default, Serialize, specta::Type, schemars::JsonSchema)]
pub struct PurgeReport {
    /// The memories erased.
    pub purged: Vec<String>,
    /// Edges removed with them.
    pub edges: u32,
    /// Log entries whose before/after were redacted.
    pub redacted_operations: u32,
    /// Stored traces whose text of them was redacted.
    pub redacted_traces: u32,
}

/// The redacted record a purge leaves in place of a memory or an edge.
#[derive(Serialize)]
struct Purged<'a> {
    purged: bool,
    by: &'a str,
}

/// Plans the purge of `ids` (each once; every one must exist and be forgotten).
pub fn purge(st: &State, ids: &[String], by: Origin) -> Result<Plan<PurgeReport>> {
    if ids.is_empty() {
        return Err(Error::invalid("ids", "name at least one memory to purge"));
    }
    for id in ids {
        let m = (st.memories.get(id)).ok_or_else(|| Error::not_found("memory", id))?;
        // Forget, then purge: a memory restored meanwhile (another client) is not erased.
        if m.status != MemoryStatus::Forgotten {
            return Err(Error::Conflict(format!(
                "memory {id} ({:?}) is {}, not forgotten: forget it first, then purge",
                m.title, m.status
            )));
        }
    }
    Ok(erase(st, ids, by))
}

/// Plans the erasure of `ids`, which exist, whatever their status (a deleted space's memories).
pub(crate) fn erase(st: &State, ids: &[String], by: Origin) -> Plan<PurgeReport> {
    let ids: BTreeSet<&String> = (ids.iter())
        .filter(|id| st.memories.contains_key(*id))
        .collect();
    let mut cs = ChangeSet::default();
    let mut edges = BTreeSet::new();
    for id in &ids {
        edges.extend(st.graph.edges_of(id).into_iter().map(|e| e.id.clone()));
    }
    let record = || {
        mnemo_core::to_json(&Purged {
            purged: true,
            by: by.actor,
        })
    };
    for e in &edges {
        // No `before`: an edge's provenance can name what was purged.
        cs.operations
            .push(op(OperationKind::Unlink, by, e, "", None, record()));
    }
    for id in &ids {
        let space = &st.memories[*id].space;
        cs.operations
            .push(op(OperationKind::Purge, by, id, space, None, record()));
    }
    cs.removed_edges = edges.into_iter().collect();
    cs.removed_memories = ids.iter().map(|s| s.to_string()).collect();
    let report = PurgeReport {
        purged: cs.removed_memories.clone(),
        edges: cs.removed_edges.len() as u32,
        ..Default::default()
    };
    Plan {
        changes: cs,
        output: report,
    }
}
