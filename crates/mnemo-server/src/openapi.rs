//! The OpenAPI 3 document of `/api/v1`, made by walking `mnemo-api`'s registry: each operation's
//! route, parameters, body and answer come from the same types the handlers use (their JSON
//! Schemas from `schemars` derives), so the document cannot drift from the code.

use mnemo_api::{ApiError, ApiOperation, ImportReport, Visitor};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

/// `add_memory` → `addMemory`.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

struct Document {
    g: SchemaGenerator,
    paths: Map<String, Value>,
    error: Value,
}

impl Visitor for Document {
    fn visit<O: ApiOperation>(&mut self, name: &'static str) {
        let route = O::ROUTE;
        let (params, body) = self.inputs::<O>();
        let mut operation = json!({
            "operationId": camel(name),
            "summary": O::SUMMARY,
            "security": [{"bearer": []}],
            "parameters": params,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": self.g.subschema_for::<O::Response>()}}},
                "4XX": {"description": "Bad input, unknown id, missing token, foreign origin or too large a body: an error code and a message.", "content": {"application/json": {"schema": self.error}}},
            },
        });
        if let Some((schema, required)) = body {
            operation["requestBody"] =
                json!({"required": required, "content": {"application/json": {"schema": schema}}});
        }
        let method = format!("{:?}", route.method).to_lowercase();
        let entry = self.paths.entry(route.path).or_insert_with(|| json!({}));
        entry[method] = operation;
    }
}

impl Document {
    /// The parameters (path, then query) and the body schema, with whether the body is required.
    fn inputs<O: ApiOperation>(&mut self) -> (Vec<Value>, Option<(Value, bool)>) {
        let route = O::ROUTE;
        let path_params: Vec<&str> = route.params().collect();
        // A request that is all body keeps its name (NewMemory, NewEdge, …) as a component.
        if path_params.is_empty() && route.method.has_body() && route.body.is_none() {
            let required = !O::Request::json_schema(&mut self.g)
                .get("required")
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty);
            return (
                vec![],
                Some((self.g.subschema_for::<O::Request>().to_value(), required)),
            );
        }
        let schema = O::Request::json_schema(&mut self.g).to_value();
        let props = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let param = |name: &str, place: &str| {
            let s = &props[name];
            json!({"name": name, "in": place, "required": place == "path" || required.contains(&name),
                   "description": s.get("description").cloned().unwrap_or_default(), "schema": s})
        };
        let mut params: Vec<Value> = path_params.iter().map(|p| param(p, "path")).collect();
        let rest: Vec<&String> = props
            .keys()
            .filter(|k| !path_params.contains(&k.as_str()))
            .collect();
        if !route.method.has_body() {
            params.extend(rest.iter().map(|k| param(k, "query")));
            return (params, None);
        }
        let body = match route.body {
            Some(field) => Some((props[field].clone(), true)),
            None if rest.is_empty() => None,
            None => {
                let mut object = schema.clone();
                object["properties"] = rest
                    .iter()
                    .map(|k| ((*k).clone(), props[*k].clone()))
                    .collect();
                object["required"] = json!(
                    required
                        .iter()
                        .filter(|r| !path_params.contains(r))
                        .collect::<Vec<_>>()
                );
                let needed = !object["required"].as_array().is_none_or(Vec::is_empty);
                Some((object, needed))
            }
        };
        (params, body)
    }
}

/// The document served at `/api/v1/openapi.json`.
pub fn document() -> Value {
    let mut g = SchemaSettings::openapi3()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .into_generator();
    let error = g.subschema_for::<ApiError>().to_value();
    let mut doc = Document {
        g,
        paths: Map::new(),
        error: error.clone(),
    };
    mnemo_api::visit_operations(&mut doc);
    let Document {
        mut g, mut paths, ..
    } = doc;
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
                "200": {"description": "OK", "content": {"application/json": {"schema": g.subschema_for::<ImportReport>()}}},
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_documented_with_its_inputs() {
        let doc = document();
        let p = &doc["paths"];
        assert_eq!(p["/memories"]["post"]["operationId"], "addMemory");
        assert_eq!(
            p["/memories"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/NewMemory"
        );
        let update = &p["/memories/{id}"]["patch"];
        assert_eq!(update["parameters"][0]["name"], "id");
        assert_eq!(
            update["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/MemoryPatch"
        );
        let ops = &p["/operations"]["get"]["parameters"];
        let names: Vec<&str> = ops
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["target", "limit"]);
        assert!(
            p["/edges/{id}/confirm"]["post"]
                .get("requestBody")
                .is_none(),
            "nothing but the id"
        );
        let status = &p["/memories/{id}/status"]["post"]["requestBody"]["content"]["application/json"]
            ["schema"];
        assert!(
            status["properties"].get("status").is_some()
                && status["properties"].get("id").is_none()
        );
    }
}
