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
    /// A memory's rows deleted: the undo of its add.
    Remove,
    /// A memory erased for good: its rows, its edges, and its text in the log and traces.
    /// Nothing of it is left to undo.
    Purge,
    /// A held (`pending`) memory let in by a person.
    Approve,
    /// A space made, changed (renamed, described, coloured, archived) or deleted: `before` and
    /// `after` hold the space; `target` is its name.
    Space,
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
            OperationKind::Remove => "remove",
            OperationKind::Purge => "purge",
            OperationKind::Approve => "approve",
            OperationKind::Space => "space",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        use OperationKind::*;
        [
            Add, Update, Link, Unlink, Merge, Supersede, Pin, Archive, Forget, Restore, Remove,
            Purge, Approve, Space,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// A JSON document kept as its text: the log is written far more often than it is read, and
/// serializing a memory straight to text costs a fraction of building a `serde_json::Value` first.
pub type Json = Box<serde_json::value::RawValue>;

/// Serializes a value as a log document.
pub fn to_json<T: Serialize + ?Sized>(v: &T) -> Option<Json> {
    serde_json::value::to_raw_value(v).ok()
}

/// One recorded change. `before`/`after` hold the JSON of the memory or edge.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
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
    #[schemars(with = "Option<serde_json::Value>")]
    pub before: Option<Json>,
    #[specta(type = Option<specta_typescript::Unknown>)]
    #[schemars(with = "Option<serde_json::Value>")]
    pub after: Option<Json>,
    /// The action it is part of (one add, import, merge, undo…): undo reverses an action whole.
    /// Its first operation's id; logs written before actions existed give each its own.
    #[serde(default)]
    pub action: String,
    /// Set on the operations of an undo: the action they reverse.
    #[serde(default)]
    pub undoes: Option<String>,
    /// How the actor was connected: `app`, `rest`, `cli`, `mcp-http <session id>`,
    /// `mcp-stdio pid <pid>`; empty in logs written before it was recorded.
    #[serde(default)]
    pub via: String,
}

impl PartialEq for Operation {
    fn eq(&self, o: &Self) -> bool {
        fn text(j: &Option<Json>) -> Option<&str> {
            j.as_deref().map(serde_json::value::RawValue::get)
        }
        (
            &self.id,
            self.kind,
            &self.actor,
            self.at,
            &self.target,
            &self.space,
        ) == (&o.id, o.kind, &o.actor, o.at, &o.target, &o.space)
            && text(&self.before) == text(&o.before)
            && text(&self.after) == text(&o.after)
            && (&self.action, &self.undoes, &self.via) == (&o.action, &o.undoes, &o.via)
    }
}
