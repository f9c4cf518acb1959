//! Numbered graph deltas: what the writer publishes after every committed change.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{Edge, Memory, Space, Timestamp};

/// One committed change of the graph. Clients that see a gap in `seq` fetch a fresh snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct GraphDelta {
    /// Increases by one per delta within one engine's lifetime.
    #[specta(type = f64)]
    pub seq: u64,
    pub at: Timestamp,
    pub actor: String,
    pub changes: Vec<GraphChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GraphChange {
    MemoryUpserted {
        memory: Memory,
    },
    MemoryRemoved {
        id: String,
    },
    EdgeUpserted {
        edge: Edge,
    },
    EdgeRemoved {
        id: String,
    },
    /// A space made or changed (a rename removes the old name and upserts the new one).
    SpaceUpserted {
        space: Space,
    },
    SpaceRemoved {
        name: String,
    },
}
