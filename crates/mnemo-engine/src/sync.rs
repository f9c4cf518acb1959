//! Following other processes: the desktop app, `mnemo serve` and `mnemo mcp` may share one store.
//! Every change commits its rows and then its operations, numbered with the change's position in
//! the log (`seq`: 1, 2, 3… in commit order, given out under the store's write lock). A process
//! remembers the last position it has seen and replays the operations after it into its graph
//! mirror, however long it was away. Traces are not changes: they are announced by time, within
//! a window.

use mnemo_core::{Edge, GraphChange, Memory, Operation, OperationKind, Space, TraceSummary};
use std::collections::HashSet;

/// How far back a poll looks for other processes' traces.
pub const TRACE_WINDOW_MS: i64 = 120_000;

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
    /// The last change this process has in its mirror.
    position: u64,
    versions: Option<[u64; 2]>,
    seen_traces: HashSet<String>,
}

impl Follower {
    /// A follower that has seen everything in the logs now.
    pub async fn primed(store: &mnemo_store::MemoryStore) -> mnemo_core::Result<Follower> {
        let mut f = Follower {
            position: store.last_seq().await?,
            versions: Some(store.log_versions().await?),
            ..Default::default()
        };
        for t in store.traces_since(&trace_floor()).await? {
            f.seen_traces.insert(t.id);
        }
        Ok(f)
    }

    pub fn position(&self) -> u64 {
        self.position
    }

    /// This process committed change `seq` (the next one, under the lock).
    pub fn committed(&mut self, seq: u64) {
        debug_assert_eq!(seq, self.position + 1);
        self.position = seq;
    }

    /// The mirror now holds every change up to `seq`.
    pub fn advance_to(&mut self, seq: u64) {
        self.position = self.position.max(seq);
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

    /// Keeps the traces not seen yet, and forgets ids older than the window.
    pub fn new_traces(&mut self, traces: Vec<TraceSummary>, floor: &str) -> Vec<TraceSummary> {
        self.seen_traces.retain(|id| id.as_str() >= floor);
        traces
            .into_iter()
            .filter(|t| self.seen_traces.insert(t.id.clone()))
            .collect()
    }
}

pub fn trace_floor() -> String {
    uuid_floor(mnemo_core::now().timestamp_millis() - TRACE_WINDOW_MS)
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
        // After its edges' removals, which come first in the change.
        OperationKind::Remove | OperationKind::Purge => edges.push(GraphChange::MemoryRemoved {
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
        // A space made or changed comes first; one deleted or renamed away goes last.
        OperationKind::Space => {
            let before: Option<Space> =
                (op.before.as_ref()).and_then(|j| serde_json::from_str(j.get()).ok());
            let after = after.and_then(|v| serde_json::from_value::<Space>(v.clone()).ok());
            if let Some(b) = before.filter(|b| after.as_ref().is_none_or(|a| a.name != b.name)) {
                edges.push(GraphChange::SpaceRemoved { name: b.name });
            }
            if let Some(space) = after {
                memories.push(GraphChange::SpaceUpserted { space });
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
