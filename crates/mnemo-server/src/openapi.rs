//! The OpenAPI 3 document of `/api/v1`, built from the same types the handlers use (their JSON
//! Schemas come from `schemars` derives), so that it cannot drift from the code's shapes. The
//! route list here mirrors `routes::router`; `tests/server.rs` checks every path it names exists.

use mnemo_api::{ApiError, RecallRequest, StatusChange};
use mnemo_core::{MemoryPatch, NewEdge, NewMemory};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn schema<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

/// A query or path parameter: name, where, required, description.
type Param = (&'static str, &'static str, bool, &'static str);

struct Operation {
    method: &'static str,
    path: &'static str,
    id: &'static str,
    summary: &'static str,
    params: &'static [Param],
    body: Option<SchemaFn>,
    response: SchemaFn,
}

const ID: Param = ("id", "path", true, "The memory's or link's id.");
const LIMIT: Param = ("limit", "query", false, "At most this many, newest first.");

fn operations() -> Vec<Operation> {
    use mnemo_core as core;
    let op = |method, path, id, summary, params, body, response| Operation {
        method,
        path,
        id,
        summary,
        params,
        body,
        response,
    };
    vec![
        op(
            "get",
            "/snapshot",
            "snapshot",
            "Every memory and link, for drawing the graph.",
            &[],
            None,
            schema::<mnemo_api::GraphSnapshot> as SchemaFn,
        ),
        op(
            "post",
            "/memories",
            "addMemory",
            "Add a memory: embedded, linked to its entities, session and similar memories.",
            &[],
            Some(schema::<NewMemory> as SchemaFn),
            schema::<core::Memory>,
        ),
        op(
            "get",
            "/memories/{id}",
            "getMemory",
            "A memory with its links, neighbours and history.",
            &[ID],
            None,
            schema::<mnemo_api::MemoryDetail>,
        ),
        op(
            "patch",
            "/memories/{id}",
            "updateMemory",
            "Change a memory's fields; absent fields stay as they are.",
            &[ID],
            Some(schema::<MemoryPatch>),
            schema::<core::Memory>,
        ),
        op(
            "post",
            "/memories/{id}/status",
            "setStatus",
            "Archive, forget or restore a memory.",
            &[ID],
            Some(schema::<StatusChange>),
            schema::<core::Memory>,
        ),
        op(
            "post",
            "/edges",
            "link",
            "Link two memories.",
            &[],
            Some(schema::<NewEdge>),
            schema::<core::Edge>,
        ),
        op(
            "delete",
            "/edges/{id}",
            "unlink",
            "Remove a link.",
            &[ID],
            None,
            schema::<core::Edge>,
        ),
        op(
            "post",
            "/edges/{id}/confirm",
            "confirmEdge",
            "Confirm an automatic link.",
            &[ID],
            None,
            schema::<core::Edge>,
        ),
        op(
            "post",
            "/recall",
            "recall",
            "Retrieve memories for a query, with the trace that explains the order.",
            &[],
            Some(schema::<RecallRequest>),
            schema::<mnemo_api::RecallAnswer>,
        ),
        op(
            "get",
            "/traces",
            "listTraces",
            "Recent retrieval traces, newest first.",
            &[LIMIT],
            None,
            schema::<Vec<mnemo_api::TraceSummary>>,
        ),
        op(
            "get",
            "/traces/{id}",
            "getTrace",
            "One retrieval trace.",
            &[("id", "path", true, "The trace's id.")],
            None,
            schema::<core::RetrievalTrace>,
        ),
        op(
            "get",
            "/spaces",
            "listSpaces",
            "The memory spaces.",
            &[],
            None,
            schema::<Vec<core::Space>>,
        ),
        op(
            "get",
            "/operations",
            "listOperations",
            "The operation log: every change with its actor, newest first.",
            &[
                LIMIT,
                (
                    "target",
                    "query",
                    false,
                    "Only operations on this memory or link.",
                ),
            ],
            None,
            schema::<Vec<core::Operation>>,
        ),
        op(
            "get",
            "/config",
            "retrievalConfig",
            "The retrieval configuration (every weight).",
            &[],
            None,
            schema::<core::RetrievalConfig>,
        ),
        op(
            "get",
            "/overview",
            "overview",
            "Counts and time range of the store.",
            &[],
            None,
            schema::<mnemo_api::Overview>,
        ),
    ]
}

/// The document served at `/api/v1/openapi.json`.
pub fn document() -> Value {
    let mut g = SchemaSettings::openapi3()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let error = schema::<ApiError>(&mut g);
    let mut paths: Map<String, Value> = Map::new();
    for o in operations() {
        let mut params: Vec<Value> = o
            .params
            .iter()
            .map(|(name, place, required, description)| {
                let ty = if *name == "limit" { json!({"type": "integer", "minimum": 0, "maximum": 4294967295u64}) } else { json!({"type": "string"}) };
                json!({"name": name, "in": place, "required": required, "description": description, "schema": ty})
            })
            .collect();
        params.sort_by_key(|p| p["in"].as_str().map(str::to_string));
        let mut operation = json!({
            "operationId": o.id,
            "summary": o.summary,
            "security": [{"bearer": []}],
            "parameters": params,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": (o.response)(&mut g)}}},
                "4XX": {"description": "Bad input, unknown id, missing token, foreign origin or too large a body: an error code and a message.", "content": {"application/json": {"schema": error}}},
            },
        });
        if let Some(body) = o.body {
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": body(&mut g)}}});
        }
        let entry = paths.entry(o.path.to_string()).or_insert_with(|| json!({}));
        entry[o.method] = operation;
    }
    // The import takes JSONL (one memory per line), and events are a live stream.
    paths.insert(
        "/import".into(),
        json!({"post": {
            "operationId": "importJsonl",
            "summary": "Import memories from JSONL, one JSON object per line (the `mnemo import` format). All or nothing: a bad line names its number and nothing is written.",
            "security": [{"bearer": []}],
            "parameters": [
                {"name": "space", "in": "query", "required": false, "schema": {"type": "string"}, "description": "Space for lines without one."},
                {"name": "name", "in": "query", "required": false, "schema": {"type": "string"}, "description": "The file's name, for messages."},
            ],
            "requestBody": {"required": true, "content": {
                "application/x-ndjson": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
            }},
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": schema::<mnemo_api::ImportReport>(&mut g)}}},
                "4XX": {"description": "A malformed line (with its number), or too large a file.", "content": {"application/json": {"schema": error}}},
            },
        }}),
    );
    paths.insert(
        "/events".into(),
        json!({"get": {
            "operationId": "events",
            "summary": "Server-sent events: `hello` (the current delta sequence), `delta` (a GraphDelta), `trace` (a new trace's summary), `import_progress`, and `lagged` (reload the snapshot). Browsers' EventSource may pass the token as `?token=`.",
            "security": [{"bearer": []}],
            "responses": {
                "200": {"description": "An endless event stream.", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
                "4XX": {"description": "Missing token or foreign origin.", "content": {"application/json": {"schema": error}}},
            },
        }}),
    );
    let schemas: Map<String, Value> = g.take_definitions(true).into_iter().collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Mnemo",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Memories, links, retrieval with traces, and the operation log of a Mnemo store. Served on 127.0.0.1; every request carries the bearer token from ~/.config/mnemo/token. Agents may prefer MCP at /mcp.",
        },
        "servers": [{"url": crate::API_PREFIX}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    })
}
