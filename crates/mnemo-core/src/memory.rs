//! Memories (nodes), edges and spaces, and the inputs that create and change them.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::Error;

/// A memory's id: a UUIDv7 string, so ids sort by creation.
pub type MemoryId = String;
/// A UTC instant; RFC 3339 on the wire.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// How the reason of a memory held for reading as instructions to a model begins. Such a memory
/// is not recalled even by its writer: serving a poisoned tool result back to the agent that
/// stored it is the attack itself.
pub const HELD_AS_INSTRUCTIONS: &str = "looks like instructions aimed at a model";

/// The space a memory goes to when none is named.
pub const DEFAULT_SPACE: &str = "default";

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($text => Ok($name::$variant),)+
                    other => Err(Error::invalid(
                        stringify!($name).to_ascii_lowercase(),
                        format!("unknown value {other:?}; expected one of: {}",
                            [$($text),+].join(", ")),
                    )),
                }
            }
        }
    };
}

string_enum!(
    /// What a memory is.
    MemoryKind {
        Episode => "episode",
        Fact => "fact",
        Entity => "entity",
        Note => "note",
        Summary => "summary",
    }
);

pub(crate) use string_enum;

string_enum!(
    /// Lifecycle state; only `active` memories are retrieved by default. `pending` ones wait
    /// for a person's approval (their writer is under review, or they look like instructions
    /// aimed at a model): only their writer and the review queue see them.
    MemoryStatus {
        Active => "active",
        Pending => "pending",
        Archived => "archived",
        Superseded => "superseded",
        Merged => "merged",
        Forgotten => "forgotten",
    }
);

string_enum!(
    /// What an edge means. Custom relations use `related` with their own `relation` label.
    EdgeKind {
        Next => "next",
        Mentions => "mentions",
        Similar => "similar",
        NearDuplicate => "near_duplicate",
        DerivedFrom => "derived_from",
        Supersedes => "supersedes",
        Contradicts => "contradicts",
        Related => "related",
    }
);

/// A memory: one node of the graph, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct Memory {
    pub id: MemoryId,
    pub kind: MemoryKind,
    pub title: String,
    pub text: String,
    pub tags: Vec<String>,
    pub space: String,
    /// Who wrote it: `user`, `agent:<name>`, `import:<file>`.
    pub source: String,
    /// Session or thread the memory belongs to; `next` edges follow it.
    pub session: Option<String>,
    /// The writer's own id, unique within the space: makes imports idempotent.
    pub external_id: Option<String>,
    /// When it happened (event time).
    pub occurred_at: Option<Timestamp>,
    /// When a fact holds.
    pub valid_from: Option<Timestamp>,
    pub valid_until: Option<Timestamp>,
    /// When Mnemo learned and last changed it.
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// 0..1.
    pub importance: f32,
    pub pinned: bool,
    pub status: MemoryStatus,
    pub access_count: u32,
    pub last_accessed_at: Option<Timestamp>,
    /// Id of the embedder that made the stored vector.
    pub embedder: String,
    pub version: u32,
    /// External ids and names it absorbed in merges: re-imports and mentions of them land here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Lineage: the memories merged into this one.
    #[serde(default)]
    pub merged_from: Vec<String>,
    /// Set while the status is `merged`: the memory that carries on for this one.
    #[serde(default)]
    pub merged_into: Option<MemoryId>,
    /// Who wrote it, as the server knows the connection (`user`, `agent:<name>`, `cli`): unlike
    /// `source`, which the writer may claim, never set by a client.
    #[serde(default)]
    pub written_by: String,
    /// Why it waits for review while `pending` (the writer's policy, or what looked like
    /// instructions aimed at a model).
    #[serde(default)]
    pub held: Option<String>,
    /// Fields of its own beyond Mnemo's, such as a note's front matter (`status: draft`,
    /// `rating: 4`, `reviewers: [Ana]`): kept as given, shown, and written back on export.
    #[serde(default)]
    #[specta(type = BTreeMap<String, specta_typescript::Unknown>)]
    pub properties: Properties,
}

/// A memory's own fields, by name (`unknown` values in TypeScript: specta refuses JSON's 64-bit
/// integers).
pub type Properties = BTreeMap<String, serde_json::Value>;

impl Memory {
    /// The instant used for time filters and recency: event time, else when it was learned.
    pub fn effective_time(&self) -> Timestamp {
        self.occurred_at.unwrap_or(self.created_at)
    }

    /// Title and text as one string: what the embedder reads (full-text search adds the tags).
    pub fn embedding_text(&self) -> String {
        embedding_text(&self.title, &self.text)
    }

    /// Whether the memory held at `t` ("as of" views): a memory with a validity interval
    /// while it lasted, any other from its effective time on (an event once it happened).
    pub fn true_at(&self, t: Timestamp) -> bool {
        if self.valid_from.is_none() && self.valid_until.is_none() {
            return self.effective_time() <= t;
        }
        self.valid_from.is_none_or(|from| from <= t)
            && self.valid_until.is_none_or(|until| t < until)
    }
}

pub(crate) fn embedding_text(title: &str, text: &str) -> String {
    if title.is_empty() || text.starts_with(title) {
        text.to_string()
    } else {
        format!("{title}\n{text}")
    }
}

/// An edge between two memories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct Edge {
    pub id: String,
    pub from: MemoryId,
    pub to: MemoryId,
    pub kind: EdgeKind,
    /// Free label; for built-in kinds the kind's name, for custom relations their own.
    pub relation: String,
    pub weight: f32,
    pub valid_from: Option<Timestamp>,
    pub valid_until: Option<Timestamp>,
    /// Why it exists: who made it and on what evidence (e.g. `cosine 0.83`).
    pub provenance: String,
    /// Made by Mnemo's linker rather than a person or agent: reviewable.
    pub automatic: bool,
    /// A person confirmed an automatic edge.
    pub confirmed: bool,
    pub created_at: Timestamp,
}

/// A named memory: one person's, one agent's, one project's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct Space {
    pub name: String,
    pub description: String,
    pub created_at: Timestamp,
    /// `#rrggbb`, or empty for the UI's palette colour of the name.
    #[serde(default)]
    pub colour: String,
    /// Kept with its memories, but takes no new ones and is searched only when named.
    #[serde(default)]
    pub archived: bool,
}

impl Space {
    /// A space with only a name, made now by a write into it.
    pub fn named(name: &str, at: Timestamp) -> Space {
        Space {
            name: name.to_string(),
            description: String::new(),
            created_at: at,
            colour: String::new(),
            archived: false,
        }
    }
}

/// A link requested by a writer: to a memory by id or by external id (within the same space).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct LinkSpec {
    #[schemars(transform = crate::limits::name)]
    pub to: String,
    #[serde(default)]
    #[schemars(transform = crate::limits::relation)]
    pub relation: Option<String>,
}

/// What a writer supplies to create a memory. Everything but `text` is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMemory {
    #[schemars(transform = crate::limits::memory_text)]
    pub text: String,
    #[serde(default)]
    #[schemars(transform = crate::limits::kind_name)]
    pub kind: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::title)]
    pub title: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::tags)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::name)]
    pub space: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::name)]
    pub source: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::name)]
    pub session: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::name)]
    pub external_id: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::time)]
    pub occurred_at: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::time)]
    pub valid_from: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::time)]
    pub valid_until: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::importance)]
    pub importance: Option<f32>,
    #[serde(default)]
    pub pinned: Option<bool>,
    #[serde(default)]
    #[schemars(transform = crate::limits::status_name)]
    pub status: Option<String>,
    /// Names of entities the memory mentions.
    #[serde(default)]
    #[schemars(transform = crate::limits::entities)]
    pub entities: Vec<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::links)]
    pub links: Vec<LinkSpec>,
    /// A precomputed embedding; then nothing is embedded.
    #[serde(default)]
    pub vector: Option<Vec<f32>>,
    /// Embedder id of a precomputed vector (export round trips); defaults to the store's.
    #[serde(default)]
    pub embedder: Option<String>,
    /// Fields of its own (see `Memory::properties`).
    #[serde(default)]
    #[specta(type = BTreeMap<String, specta_typescript::Unknown>)]
    #[schemars(transform = crate::limits::properties)]
    pub properties: Properties,
}

/// A partial update of a memory; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemoryPatch {
    #[serde(default)]
    #[schemars(transform = crate::limits::memory_text)]
    pub text: Option<String>,
    /// Its own fields, all of them (those left out are removed).
    #[serde(default)]
    #[specta(type = Option<BTreeMap<String, specta_typescript::Unknown>>)]
    #[schemars(transform = crate::limits::properties)]
    pub properties: Option<Properties>,
    #[serde(default)]
    #[schemars(transform = crate::limits::title)]
    pub title: Option<String>,
    #[serde(default)]
    pub kind: Option<MemoryKind>,
    #[serde(default)]
    #[schemars(transform = crate::limits::tags)]
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    #[schemars(transform = crate::limits::importance)]
    pub importance: Option<f32>,
    #[serde(default)]
    pub pinned: Option<bool>,
    #[serde(default)]
    pub status: Option<MemoryStatus>,
    /// RFC 3339, or an empty string to clear.
    #[serde(default)]
    #[schemars(transform = crate::limits::time_or_clear)]
    pub occurred_at: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::time_or_clear)]
    pub valid_from: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::time_or_clear)]
    pub valid_until: Option<String>,
    /// The memory's version this edit was made against. When the memory has changed since
    /// (another person, agent or process edited it), the edit is refused with `conflict`.
    #[serde(default)]
    pub expected_version: Option<u32>,
}

/// One change to many memories at once (a selection in the app): one action in the log, so
/// one undo brings them all back. Only what does not touch a memory's text can be changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkEdit {
    /// The memories, by id.
    #[schemars(length(min = 1, max = 10000))]
    pub ids: Vec<MemoryId>,
    /// `active` (restore), `archived` or `forgotten`.
    #[serde(default)]
    pub status: Option<MemoryStatus>,
    #[serde(default)]
    pub pinned: Option<bool>,
    /// Tags every memory gets.
    #[serde(default)]
    #[schemars(transform = crate::limits::tags)]
    pub add_tags: Vec<String>,
    /// Tags every memory loses.
    #[serde(default)]
    #[schemars(transform = crate::limits::tags)]
    pub remove_tags: Vec<String>,
    /// The space they move to (made if new).
    #[serde(default)]
    #[schemars(transform = crate::limits::name)]
    pub space: Option<String>,
}

/// An edge made by hand (person or agent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct NewEdge {
    pub from: MemoryId,
    pub to: MemoryId,
    #[serde(default)]
    pub kind: Option<EdgeKind>,
    #[serde(default)]
    #[schemars(transform = crate::limits::relation)]
    pub relation: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::weight)]
    pub weight: Option<f32>,
    #[serde(default)]
    #[schemars(transform = crate::limits::time)]
    pub valid_from: Option<String>,
    #[serde(default)]
    #[schemars(transform = crate::limits::time)]
    pub valid_until: Option<String>,
}
