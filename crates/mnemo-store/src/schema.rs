//! Table schemas. Bump [`SCHEMA_VERSION`] on any incompatible change.

use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use std::collections::HashMap;
use std::sync::Arc;

/// The version of the table layout this build writes and understands.
/// 2: the operation log's `seq`, the position of each committed change in one total order.
/// 3: memories' `aliases`, `merged_from`, `merged_into` (merges); the log's `action`, `undoes`.
/// 4: memories' `written_by` (the writer as the server knew it) and `held` (why it waits).
/// 5: spaces' `colour` and `archived`; the log's `via`; traces' `config`.
/// 6: memories' `properties` (their own fields, such as a note's front matter).
pub const SCHEMA_VERSION: u32 = 6;

/// What the full-text column `search_text` holds. 1: title, text and tags. 2: and the memory's
/// search context (its session predecessor). A store behind is re-indexed by its writer.
pub const SEARCH_INDEX_VERSION: u32 = 2;

pub const MEMORIES: &str = "memories";
pub const EDGES: &str = "edges";
pub const OPERATIONS: &str = "operations";
pub const TRACES: &str = "traces";
pub const SPACES: &str = "spaces";
pub const META: &str = "meta";
/// Recalls' access counts, appended in bulk, so that counting never rewrites a memory's row.
pub const ACCESS: &str = "access";

fn ts() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

/// A column of JSON documents. LanceDB would pick FSST for long strings, whose symbol-table
/// training cost about a tenth of a bulk import for the operation log alone; LZ4 is several times
/// faster to write and compresses JSON as well. (Stores made before this keep FSST; both read back
/// the same, and appends are accepted either way because Lance does not compare field metadata.)
fn json_text(name: &str, nullable: bool) -> Field {
    utf8(name, nullable).with_metadata(HashMap::from([(
        "lance-encoding:compression".to_string(),
        "lz4".to_string(),
    )]))
}

pub fn memories(dims: usize) -> SchemaRef {
    Arc::new(Schema::new(
        [
            utf8("id", false),
            utf8("kind", false),
            utf8("title", false),
            utf8("text", false),
            Field::new(
                "tags",
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                false,
            ),
            utf8("space", false),
            utf8("source", false),
            utf8("session", true),
            utf8("external_id", true),
            Field::new("occurred_at", ts(), true),
            Field::new("valid_from", ts(), true),
            Field::new("valid_until", ts(), true),
            Field::new("created_at", ts(), false),
            Field::new("updated_at", ts(), false),
            Field::new("importance", DataType::Float32, false),
            Field::new("pinned", DataType::Boolean, false),
            utf8("status", false),
            Field::new("access_count", DataType::UInt32, false),
            Field::new("last_accessed_at", ts(), true),
            utf8("embedder", false),
            Field::new("version", DataType::UInt32, false),
            // Title, text and tags in one column: the full-text index covers all three.
            utf8("search_text", false),
            Field::new(
                "vector",
                DataType::FixedSizeList(
                    Arc::new(Field::new("item", DataType::Float32, true)),
                    dims as i32,
                ),
                false,
            ),
        ]
        .into_iter()
        .chain(merge_fields())
        .chain(trust_fields())
        .chain(properties_fields())
        .collect::<Vec<_>>(),
    ))
}

/// Memories' columns added in version 4, after the merge columns; null in rows written before.
pub fn trust_fields() -> Vec<Field> {
    vec![utf8("written_by", true), utf8("held", true)]
}

/// Memories' column added in version 6: their own fields as JSON text (null: none).
pub fn properties_fields() -> Vec<Field> {
    vec![utf8("properties", true)]
}

fn string_list(name: &str) -> Field {
    let item = Arc::new(Field::new("item", DataType::Utf8, true));
    Field::new(name, DataType::List(item), true)
}

/// Memories' columns added in version 3, last (as an upgrade appends them); null reads as empty.
pub fn merge_fields() -> Vec<Field> {
    vec![
        string_list("aliases"),
        string_list("merged_from"),
        utf8("merged_into", true),
    ]
}

pub fn edges() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id", false),
        utf8("from_id", false),
        utf8("to_id", false),
        utf8("kind", false),
        utf8("relation", false),
        Field::new("weight", DataType::Float32, false),
        Field::new("valid_from", ts(), true),
        Field::new("valid_until", ts(), true),
        utf8("provenance", false),
        Field::new("automatic", DataType::Boolean, false),
        Field::new("confirmed", DataType::Boolean, false),
        Field::new("created_at", ts(), false),
    ]))
}

pub fn operations() -> SchemaRef {
    Arc::new(Schema::new(
        [
            utf8("id", false),
            utf8("kind", false),
            utf8("actor", false),
            Field::new("at", ts(), false),
            utf8("target", false),
            utf8("space", false),
            json_text("before", true),
            json_text("after", true),
            seq_field(),
        ]
        .into_iter()
        .chain(action_fields())
        .chain([via_field()])
        .collect::<Vec<_>>(),
    ))
}

/// The log's column added in version 5: how the actor was connected (null: not recorded).
pub fn via_field() -> Field {
    utf8("via", true)
}

/// The log's columns added in version 3: the action an operation belongs to (null: its own id)
/// and, for an undo's operations, the action undone.
pub fn action_fields() -> Vec<Field> {
    vec![utf8("action", true), utf8("undoes", true)]
}

/// The commit an operation belongs to: 1, 2, 3… in commit order, the same for every operation of
/// one change. Empty in logs written before it existed (schema version 1).
pub fn seq_field() -> Field {
    Field::new("seq", DataType::UInt64, true)
}

pub fn traces() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id", false),
        Field::new("at", ts(), false),
        utf8("actor", false),
        utf8("query", false),
        Field::new("results", DataType::UInt32, false),
        Field::new("total_ms", DataType::Float64, false),
        json_text("trace", false),
        config_field(),
    ]))
}

/// Traces' column added in version 5: the name of the configuration a recall ran with.
pub fn config_field() -> Field {
    utf8("config", true)
}

pub fn spaces() -> SchemaRef {
    Arc::new(Schema::new(
        [
            utf8("name", false),
            utf8("description", false),
            Field::new("created_at", ts(), false),
        ]
        .into_iter()
        .chain(space_fields())
        .collect::<Vec<_>>(),
    ))
}

/// Spaces' columns added in version 5; null in rows written before (no colour, not archived).
pub fn space_fields() -> Vec<Field> {
    vec![
        utf8("colour", true),
        Field::new("archived", DataType::Boolean, true),
    ]
}

pub fn access() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id", false),
        Field::new("count", DataType::UInt32, false),
        Field::new("at", ts(), false),
    ]))
}

pub fn meta() -> SchemaRef {
    Arc::new(Schema::new(vec![utf8("key", false), utf8("value", false)]))
}
