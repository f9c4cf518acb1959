//! Mnemo's storage on embedded LanceDB: memories (with a vector column and a full-text index),
//! edges, operations, traces, spaces, and a meta table holding the schema version.
//!
//! Only this crate knows LanceDB; the engine talks to [`MemoryStore`] in domain types.

mod arrow;
mod commit;
mod erase;
mod folder;
pub mod lease;
mod location;
mod migrate;
mod schema;
mod segments;
mod store;

pub use arrow::MemoryRow;
pub use commit::{Change, Recovery, WriteGuard};
pub use erase::StoredTrace;
pub use folder::{StoreFolder, inspect_folder};
pub use location::{Location, parse_storage_option};
pub use schema::{SCHEMA_VERSION, SEARCH_INDEX_VERSION};
pub use store::{
    MemoryStore, RECENT_TABLES, SearchHit, StoreCounts, StoreInfo, VectorIndexState, VectorTuning,
    vector_index_due,
};
