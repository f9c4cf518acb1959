//! The audit log: every change, with actor, time and before/after, so it can be reviewed and undone.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    Add,
    Update,
    Link,
    Unlink,
    Merge,
    Supersede,
    Pin,
    Archive,
    Forget,
    Restore,
}

impl OperationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OperationKind::Add => "add",
            OperationKind::Update => "update",
            OperationKind::Link => "link",
            OperationKind::Unlink => "unlink",
            OperationKind::Merge => "merge",
            OperationKind::Supersede => "supersede",
            OperationKind::Pin => "pin",
            OperationKind::Archive => "archive",
            OperationKind::Forget => "forget",
            OperationKind::Restore => "restore",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        use OperationKind::*;
        [
            Add, Update, Link, Unlink, Merge, Supersede, Pin, Archive, Forget, Restore,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One recorded change. `before`/`after` hold the JSON of the memory or edge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct Operation {
    pub id: String,
    pub kind: OperationKind,
    pub actor: String,
    pub at: Timestamp,
    /// The memory or edge the operation is about.
    pub target: String,
    pub space: String,
    /// Arbitrary JSON: `unknown` in TypeScript (specta would refuse JSON's 64-bit integers).
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub before: Option<serde_json::Value>,
    #[specta(type = Option<specta_typescript::Unknown>)]
    pub after: Option<serde_json::Value>,
}
