//! Following other processes: the desktop app, `mnemo serve` and `mnemo mcp` may share one store.
//! Every write commits its rows and then an operation whose `after` holds the new state, so the
//! operation log (UUIDv7 ids, hence time-ordered) tells a process what another one changed. The
//! writer replays those operations into its graph mirror and publishes them as deltas.

use mnemo_core::{Edge, GraphChange, Memory, Operation, OperationKind, TraceSummary};
use std::collections::HashSet;

/// How far back each poll looks: longer than any commit takes between making an operation id
/// and committing it, so nothing slips behind the window.
pub const WINDOW_MS: i64 = 120_000;

/// The smallest UUIDv7 string of the given millisecond: ids at or after it were made then or later.
pub fn uuid_floor(unix_ms: i64) -> String {
    let ms = unix_ms.max(0) as u64;
    format!(
        "{:08x}-{:04x}-7000-0000-000000000000",
        ms >> 16,
        ms & 0xffff
    )
}

/// What a process has already seen of the shared logs.
#[derive(Default)]
pub struct Follower {
    versions: Option<[u64; 2]>,
    seen_ops: HashSet<String>,
    seen_traces: HashSet<String>,
}

impl Follower {
    /// A follower that has seen everything in the logs now.
    pub async fn primed(store: &mnemo_store::MemoryStore) -> mnemo_core::Result<Follower> {
        let mut f = Follower {
            versions: Some(store.log_versions().await?),
            ..Default::default()
        };
        let floor = uuid_floor(mnemo_core::now().timestamp_millis() - WINDOW_MS);
        for o in store.operations_since(&floor).await? {
            f.seen_ops.insert(o.id);
        }
        for t in store.traces_since(&floor).await? {
            f.seen_traces.insert(t.id);
        }
        Ok(f)
    }

    /// Remembers an operation or trace this process wrote itself.
    pub fn own_op(&mut self, id: &str) {
        self.seen_ops.insert(id.to_string());
    }

    pub fn own_trace(&mut self, id: &str) {
        self.seen_traces.insert(id.to_string());
    }

    /// True when the log versions moved since the last poll.
    pub fn changed(&mut self, versions: [u64; 2]) -> bool {
        let changed = self.versions != Some(versions);
        self.versions = Some(versions);
        changed
    }

    /// Keeps the operations not seen yet, and forgets ids older than the window.
    pub fn new_ops(&mut self, ops: Vec<Operation>, floor: &str) -> Vec<Operation> {
        self.seen_ops.retain(|id| id.as_str() >= floor);
        ops.into_iter()
            .filter(|o| self.seen_ops.insert(o.id.clone()))
            .collect()
    }

    pub fn new_traces(&mut self, traces: Vec<TraceSummary>, floor: &str) -> Vec<TraceSummary> {
        self.seen_traces.retain(|id| id.as_str() >= floor);
        traces
            .into_iter()
            .filter(|t| self.seen_traces.insert(t.id.clone()))
            .collect()
    }
}

/// The graph changes an operation records. Memories come before edges so that an edge never
/// arrives ahead of its endpoint.
pub fn changes_of(op: &Operation, memories: &mut Vec<GraphChange>, edges: &mut Vec<GraphChange>) {
    // Followers read the log rarely and in small amounts: a parsed tree keeps this simple.
    let after: Option<serde_json::Value> = op
        .after
        .as_ref()
        .and_then(|j| serde_json::from_str(j.get()).ok());
    let after = after.as_ref();
    match op.kind {
        OperationKind::Link => {
            if let Some(edge) = after.and_then(|v| serde_json::from_value::<Edge>(v.clone()).ok()) {
                edges.push(GraphChange::EdgeUpserted { edge });
            }
        }
        OperationKind::Unlink => edges.push(GraphChange::EdgeRemoved {
            id: op.target.clone(),
        }),
        OperationKind::Add => {
            let Some(v) = after else { return };
            // A memory added with its automatic edges, or an entity on its own.
            if let Some(m) = v.get("memory") {
                if let Ok(memory) = serde_json::from_value::<Memory>(m.clone()) {
                    memories.push(GraphChange::MemoryUpserted { memory });
                }
                for e in v
                    .get("edges")
                    .and_then(|e| e.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Ok(edge) = serde_json::from_value::<Edge>(e.clone()) {
                        edges.push(GraphChange::EdgeUpserted { edge });
                    }
                }
            } else if let Ok(memory) = serde_json::from_value::<Memory>(v.clone()) {
                memories.push(GraphChange::MemoryUpserted { memory });
            }
        }
        // Updates, pins, archives, forgets, restores, merges and supersedes hold the memory after.
        _ => {
            if let Some(memory) =
                after.and_then(|v| serde_json::from_value::<Memory>(v.clone()).ok())
            {
                memories.push(GraphChange::MemoryUpserted { memory });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_sorts_like_uuidv7_ids_of_the_same_millisecond() {
        let id = uuid::Uuid::now_v7().to_string();
        let ms = i64::from_str_radix(&id[..8], 16).unwrap() << 16
            | i64::from_str_radix(&id[9..13], 16).unwrap();
        assert!(uuid_floor(ms).as_str() <= id.as_str());
        assert!(uuid_floor(ms + 1).as_str() > id.as_str());
        assert!(uuid_floor(ms - 1).as_str() < id.as_str());
    }
}
