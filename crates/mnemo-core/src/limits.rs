//! Limits on everything a client sends: one table per input, read by validation (each breach an
//! `invalid_input` error naming the field and the limit), by the JSON Schemas (OpenAPI, MCP), and
//! by the UI's forms, so that no front-end accepts what another refuses.

use schemars::Schema;
use serde_json::{Value, json};

use crate::{Error, MemoryKind, MemoryStatus, Result, RetrievalConfig, RetrievalQuery};

/// Most tags, entities or links on one memory.
pub const MAX_LIST: usize = 100;
/// Most own fields (properties) on one memory, and their size as JSON.
pub const MAX_PROPERTIES: usize = 64;
pub const MAX_PROPERTIES_BYTES: usize = 16 * 1024;
/// Memories one bulk change may touch.
pub const MAX_BULK: usize = 10_000;
/// Longest tag, in characters.
pub const MAX_TAG_CHARS: usize = 64;
/// Longest entity name or link relation, in characters.
pub const MAX_NAME_CHARS: usize = 128;
/// Longest query text, in bytes.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most results one query returns.
pub const MAX_RESULTS: u32 = 1000;
/// Most edge kinds or relations `expansion.edge_weights` may weigh.
pub const MAX_EDGE_WEIGHTS: usize = 64;
/// Longest memory text, in bytes.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest space, source, session, external id or link target, in characters (`check_name`).
pub const MAX_ID_CHARS: usize = MAX_NAME_CHARS * 2;

/// Every numeric field of [`RetrievalConfig`]: its path, least and greatest value. The bounds keep
/// every stage's work proportional to the store (no field sizes an allocation or a loop by itself).
pub const CONFIG_BOUNDS: &[(&str, f64, f64)] = &[
    ("vector_k", 0.0, 1000.0),
    ("keyword_k", 0.0, 1000.0),
    ("rrf_k", 0.0, 1000.0),
    ("vector_weight", 0.0, 100.0),
    ("keyword_weight", 0.0, 100.0),
    ("seeds", 0.0, 100.0),
    ("expansion.hops", 0.0, 4.0),
    ("expansion.restart", 0.01, 1.0),
    ("expansion.iterations", 0.0, 100.0),
    ("expansion.max_new", 0.0, 500.0),
    ("expansion.min_activation", 0.0, 1.0),
    ("expansion.edge_weights.*", 0.0, 10.0),
    ("rerank.relevance", -10.0, 10.0),
    ("rerank.graph", -10.0, 10.0),
    ("rerank.recency", -10.0, 10.0),
    ("rerank.recency_half_life_days", 0.0, 36500.0),
    ("rerank.importance", -10.0, 10.0),
    ("rerank.pinned", -10.0, 10.0),
    ("rerank.date", -10.0, 10.0),
    ("rerank.reply", 0.0, 1.0),
];

impl RetrievalConfig {
    /// Checks every field against [`CONFIG_BOUNDS`]; the error names the first field outside.
    pub fn validate(&self) -> Result<()> {
        let tree =
            serde_json::to_value(self).map_err(|e| Error::invalid("config", e.to_string()))?;
        let weights = &self.expansion.edge_weights;
        if weights.len() > MAX_EDGE_WEIGHTS {
            return Err(too_many(
                "config.expansion.edge_weights",
                weights.len(),
                MAX_EDGE_WEIGHTS,
            ));
        }
        if let Some(k) = weights.keys().find(|k| k.chars().count() > MAX_NAME_CHARS) {
            return Err(Error::invalid(
                "config.expansion.edge_weights",
                format!(
                    "the key {:?}… is longer than {MAX_NAME_CHARS} characters",
                    short(k)
                ),
            ));
        }
        for &(path, min, max) in CONFIG_BOUNDS {
            for (field, value) in values_at(&tree, path) {
                // Non-finite floats serialize as null.
                let v = value.as_f64().unwrap_or(f64::NAN);
                if !(min..=max).contains(&v) {
                    let shown = if v.is_nan() {
                        "not a number".into()
                    } else {
                        v.to_string()
                    };
                    return Err(Error::invalid(
                        format!("config.{field}"),
                        format!("{shown} is outside {min}..={max}"),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl RetrievalQuery {
    /// Checks the text, the limit and the size of every list.
    pub fn validate(&self) -> Result<()> {
        if self.text.trim().is_empty() {
            return Err(Error::invalid("query.text", "a query needs some text"));
        }
        if self.text.len() > MAX_QUERY_BYTES {
            return Err(Error::invalid(
                "query.text",
                format!(
                    "is {} bytes; the limit is {MAX_QUERY_BYTES}",
                    self.text.len()
                ),
            ));
        }
        if self.limit == 0 || self.limit > MAX_RESULTS {
            return Err(Error::invalid(
                "query.limit",
                format!("{} is outside 1..={MAX_RESULTS}", self.limit),
            ));
        }
        let lists = [
            ("query.spaces", self.spaces.len()),
            ("query.kinds", self.kinds.len()),
            ("query.tags", self.tags.len()),
            ("query.statuses", self.statuses.len()),
        ];
        match lists.into_iter().find(|(_, n)| *n > MAX_LIST) {
            Some((field, n)) => Err(too_many(field, n, MAX_LIST)),
            None => Ok(()),
        }
    }
}

/// `field` holds `n` items, more than `max`.
pub fn too_many(field: &str, n: usize, max: usize) -> Error {
    Error::invalid(field, format!("has {n} items; the limit is {max}"))
}

/// A string of at most `max` characters, else an error naming the field.
pub fn check_length(field: &str, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("{:?}… is longer than {max} characters", short(value)),
        ));
    }
    Ok(())
}

fn short(s: &str) -> String {
    s.chars().take(24).collect()
}

/// The values at a dotted path (`*` for every entry of a map), with their concrete paths.
fn values_at<'a>(tree: &'a Value, path: &str) -> Vec<(String, &'a Value)> {
    let mut found = vec![(String::new(), tree)];
    for key in path.split('.') {
        found = found
            .into_iter()
            .flat_map(|(at, v)| -> Vec<(String, &Value)> {
                let join = |k: &str| {
                    if at.is_empty() {
                        k.to_string()
                    } else {
                        format!("{at}.{k}")
                    }
                };
                match (key, v) {
                    ("*", Value::Object(m)) => m.iter().map(|(k, v)| (join(k), v)).collect(),
                    (k, Value::Object(m)) => m.get(k).map(|v| (join(k), v)).into_iter().collect(),
                    _ => vec![],
                }
            })
            .collect();
    }
    found
}

/// Writes [`CONFIG_BOUNDS`] into a struct's JSON Schema as `minimum` / `maximum`, for the fields
/// under `prefix` (the schema of `RetrievalConfig`, `ExpansionConfig` or `RerankWeights`).
pub(crate) fn bound_schema(schema: &mut schemars::Schema, prefix: &str) {
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for &(path, min, max) in CONFIG_BOUNDS {
        let Some(field) = path.strip_prefix(prefix) else {
            continue;
        };
        let (name, target) = match field.split_once('.') {
            Some((map, "*")) => (map, Some("additionalProperties")),
            Some(_) => continue,
            None => (field, None),
        };
        let Some(p) = props.get_mut(name).and_then(Value::as_object_mut) else {
            continue;
        };
        if target.is_some() {
            p.insert("maxProperties".into(), MAX_EDGE_WEIGHTS.into());
        }
        let p = match target {
            Some(t) => match p.get_mut(t).and_then(Value::as_object_mut) {
                Some(inner) => inner,
                None => continue,
            },
            None => p,
        };
        p.insert("minimum".into(), min.into());
        p.insert("maximum".into(), max.into());
    }
}

pub(crate) fn bound_config(s: &mut schemars::Schema) {
    bound_schema(s, "");
}

pub(crate) fn bound_expansion(s: &mut schemars::Schema) {
    bound_schema(s, "expansion.");
}

pub(crate) fn bound_rerank(s: &mut schemars::Schema) {
    bound_schema(s, "rerank.");
}

// The request types' JSON Schemas, field by field (`#[schemars(transform = …)]`), so that a
// client, an agent or schemathesis learns every limit validation applies before sending. Where
// validation is more lenient than JSON Schema can say (case-insensitive kinds, bare dates, sizes
// measured after trimming or in bytes), the schema describes the canonical form.

/// Text with something other than white space in it.
const NOT_BLANK: &str = r"\S";
/// A tag that is not empty once trimmed and stripped of `#`.
const TAG: &str = r"[^\s#]";
/// A name: no control characters (Unicode `Cc`, as `char::is_control`), not blank.
const NAME: &str = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$";

/// Whether a field's schema admits `null` (an `Option`).
fn nullable(s: &Schema) -> bool {
    match s.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "null"),
        _ => false,
    }
}

/// Adds keywords to a schema.
fn set(s: &mut Schema, keywords: Value) {
    if let Value::Object(k) = keywords {
        s.ensure_object().extend(k);
    }
}

/// Adds keywords to a list's item schema (`Vec` or `Option<Vec>`).
fn set_items(s: &mut Schema, keywords: Value) {
    if let (Some(Value::Object(items)), Value::Object(k)) = (s.get_mut("items"), keywords) {
        items.extend(k);
    }
}

/// A string field that takes one of `values` (or `null`, when it is optional).
fn one_of<'a>(s: &mut Schema, values: impl Iterator<Item = &'a str>) {
    let mut values: Vec<Value> = values.map(Value::from).collect();
    if nullable(s) {
        values.push(Value::Null);
    }
    set(s, json!({ "enum": values }));
}

/// A memory's text: not blank, at most [`MAX_TEXT_BYTES`] (bytes, so at most that many characters).
pub fn memory_text(s: &mut Schema) {
    set(
        s,
        json!({"minLength": 1, "maxLength": MAX_TEXT_BYTES, "pattern": NOT_BLANK}),
    );
}

pub(crate) fn title(s: &mut Schema) {
    set(s, json!({ "maxLength": MAX_TITLE_CHARS }));
}

/// `NewMemory.kind`, a string parsed into [`MemoryKind`].
pub(crate) fn kind_name(s: &mut Schema) {
    one_of(s, MemoryKind::ALL.iter().map(|k| k.as_str()));
}

/// `NewMemory.status`, a string parsed into [`MemoryStatus`] (`merged` only a merge sets).
pub(crate) fn status_name(s: &mut Schema) {
    let settable = MemoryStatus::ALL
        .iter()
        .filter(|k| **k != MemoryStatus::Merged);
    one_of(s, settable.map(|k| k.as_str()));
}

pub(crate) fn tags(s: &mut Schema) {
    set(s, json!({ "maxItems": MAX_LIST }));
    set_items(
        s,
        json!({"minLength": 1, "maxLength": MAX_TAG_CHARS, "pattern": TAG}),
    );
}

pub(crate) fn entities(s: &mut Schema) {
    set(s, json!({ "maxItems": MAX_LIST }));
    set_items(s, json!({"minLength": 1, "maxLength": MAX_NAME_CHARS}));
}

pub(crate) fn properties(s: &mut Schema) {
    set(
        s,
        json!({ "maxProperties": MAX_PROPERTIES, "propertyNames": {"minLength": 1, "maxLength": MAX_NAME_CHARS} }),
    );
}

pub(crate) fn links(s: &mut Schema) {
    set(s, json!({ "maxItems": MAX_LIST }));
}

/// A space, source, session, external id or link target, as `validate::check_name` takes it.
pub fn name(s: &mut Schema) {
    set(
        s,
        json!({"minLength": 1, "maxLength": MAX_ID_CHARS, "pattern": NAME}),
    );
}

/// A link's or edge's relation label.
pub(crate) fn relation(s: &mut Schema) {
    set(s, json!({ "maxLength": MAX_NAME_CHARS }));
}

/// An RFC 3339 instant given as a string (validation also takes a bare date).
pub fn time(s: &mut Schema) {
    set(s, json!({"format": "date-time"}));
}

/// A patch's time: an RFC 3339 instant, or the empty string, which clears the field.
pub(crate) fn time_or_clear(s: &mut Schema) {
    set(
        s,
        json!({"anyOf": [{"format": "date-time"}, {"const": ""}]}),
    );
}

pub(crate) fn importance(s: &mut Schema) {
    set(s, json!({"minimum": 0.0, "maximum": 1.0}));
}

/// An edge's weight: positive.
pub(crate) fn weight(s: &mut Schema) {
    set(s, json!({"exclusiveMinimum": 0.0}));
}

/// A query's text: not blank, at most [`MAX_QUERY_BYTES`] (bytes, so at most that many characters).
pub fn query_text(s: &mut Schema) {
    set(
        s,
        json!({"minLength": 1, "maxLength": MAX_QUERY_BYTES, "pattern": NOT_BLANK}),
    );
}

/// One of a query's filter lists.
pub(crate) fn query_list(s: &mut Schema) {
    set(s, json!({ "maxItems": MAX_LIST }));
}

pub(crate) fn query_limit(s: &mut Schema) {
    set(s, json!({"minimum": 1, "maximum": MAX_RESULTS}));
}

/// A query's text defaults to empty, which validation refuses: in effect it is required.
pub(crate) fn query_needs_text(s: &mut Schema) {
    let required = s
        .ensure_object()
        .entry("required")
        .or_insert_with(|| json!([]));
    if let Some(r) = required.as_array_mut()
        && !r.iter().any(|f| f == "text")
    {
        r.push("text".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{MemoryPatch, NewEdge, NewMemory};

    fn schema_of<T: schemars::JsonSchema>() -> Value {
        serde_json::to_value(schemars::schema_for!(T)).unwrap()
    }

    fn names<T: Copy + std::fmt::Display>(all: &[T]) -> Vec<Value> {
        all.iter().map(|v| Value::from(v.to_string())).collect()
    }

    /// `NewMemory` as validation takes it, to test each limit at its edge.
    fn build(m: NewMemory) -> Result<crate::Memory> {
        m.build("id".into(), crate::now(), "default", "user", "e")
    }

    fn text(t: &str) -> NewMemory {
        NewMemory {
            text: t.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_default_configuration_is_within_bounds() {
        RetrievalConfig::default().validate().unwrap();
    }

    #[test]
    fn every_field_out_of_bounds_is_named() {
        let mut c = RetrievalConfig::default();
        c.expansion.hops = u32::MAX;
        let e = c.validate().unwrap_err().to_string();
        assert!(
            e.contains("config.expansion.hops") && e.contains("0..=4"),
            "{e}"
        );
        let mut c = RetrievalConfig::default();
        c.expansion.iterations = u32::MAX;
        assert!(
            c.validate()
                .unwrap_err()
                .to_string()
                .contains("expansion.iterations")
        );
        let mut c = RetrievalConfig::default();
        c.rerank.graph = f32::NAN;
        let e = c.validate().unwrap_err().to_string();
        assert!(
            e.contains("config.rerank.graph") && e.contains("not a number"),
            "{e}"
        );
        let mut c = RetrievalConfig::default();
        c.expansion.edge_weights.insert("next".into(), 11.0);
        let e = c.validate().unwrap_err().to_string();
        assert!(e.contains("config.expansion.edge_weights.next"), "{e}");
        let mut c = RetrievalConfig::default();
        c.expansion.edge_weights = (0..65).map(|i| (format!("r{i}"), 1.0)).collect();
        assert!(
            c.validate()
                .unwrap_err()
                .to_string()
                .contains("the limit is 64")
        );
    }

    #[test]
    fn queries_are_bounded() {
        let q = |text: &str, limit| RetrievalQuery {
            text: text.into(),
            limit,
            ..Default::default()
        };
        q("hello", 10).validate().unwrap();
        assert!(
            q(" ", 10)
                .validate()
                .unwrap_err()
                .to_string()
                .contains("query.text")
        );
        let long = "x".repeat(MAX_QUERY_BYTES + 1);
        assert!(
            q(&long, 10)
                .validate()
                .unwrap_err()
                .to_string()
                .contains("the limit is 4096")
        );
        assert!(
            q("a", 0)
                .validate()
                .unwrap_err()
                .to_string()
                .contains("query.limit")
        );
        let mut many = q("a", 5);
        many.tags = vec!["t".into(); MAX_LIST + 1];
        assert!(
            many.validate()
                .unwrap_err()
                .to_string()
                .contains("query.tags")
        );
    }

    #[test]
    fn the_schema_carries_the_bounds() {
        let s = serde_json::to_value(schemars::schema_for!(RetrievalConfig)).unwrap();
        assert_eq!(s["properties"]["vector_k"]["maximum"], 1000.0);
        let expansion = &s["$defs"]["ExpansionConfig"]["properties"];
        assert_eq!(expansion["hops"]["maximum"], 4.0);
        assert_eq!(expansion["edge_weights"]["maxProperties"], 64);
        assert_eq!(
            expansion["edge_weights"]["additionalProperties"]["maximum"],
            10.0
        );
        assert_eq!(
            s["$defs"]["RerankWeights"]["properties"]["graph"]["minimum"],
            -10.0
        );
    }

    #[test]
    fn new_memory_schema_lists_choices_formats_and_bounds() {
        let s = schema_of::<NewMemory>();
        let p = &s["properties"];
        let mut kinds = names(MemoryKind::ALL);
        kinds.push(Value::Null);
        assert_eq!(p["kind"]["enum"], Value::from(kinds));
        let settable: Vec<MemoryStatus> = (MemoryStatus::ALL.iter().copied())
            .filter(|s| *s != MemoryStatus::Merged)
            .collect();
        let mut statuses = names(&settable);
        statuses.push(Value::Null);
        assert_eq!(p["status"]["enum"], Value::from(statuses));
        assert_eq!(p["text"]["maxLength"], MAX_TEXT_BYTES);
        assert_eq!(p["text"]["minLength"], 1);
        assert_eq!(p["title"]["maxLength"], MAX_TITLE_CHARS);
        assert_eq!(p["tags"]["maxItems"], MAX_LIST);
        assert_eq!(p["tags"]["items"]["maxLength"], MAX_TAG_CHARS);
        assert_eq!(p["tags"]["items"]["pattern"], TAG);
        assert_eq!(p["entities"]["maxItems"], MAX_LIST);
        assert_eq!(p["entities"]["items"]["maxLength"], MAX_NAME_CHARS);
        assert_eq!(p["links"]["maxItems"], MAX_LIST);
        for f in ["space", "source", "session", "external_id"] {
            assert_eq!(p[f]["maxLength"], MAX_ID_CHARS, "{f}");
            assert_eq!(p[f]["pattern"], NAME, "{f}");
        }
        for f in ["occurred_at", "valid_from", "valid_until"] {
            assert_eq!(p[f]["format"], "date-time", "{f}");
            assert_eq!(
                p[f]["type"],
                json!(["string", "null"]),
                "{f}: still optional"
            );
        }
        assert_eq!(
            (&p["importance"]["minimum"], &p["importance"]["maximum"]),
            (&json!(0.0), &json!(1.0))
        );
        let link = &s["$defs"]["LinkSpec"]["properties"];
        assert_eq!(link["to"]["maxLength"], MAX_ID_CHARS);
        assert_eq!(link["relation"]["maxLength"], MAX_NAME_CHARS);
        assert_eq!(s["required"], json!(["text"]));
        assert_eq!(s["additionalProperties"], false);
    }

    #[test]
    fn patch_edge_and_query_schemas_carry_the_limits() {
        let s = schema_of::<MemoryPatch>();
        let p = &s["properties"];
        assert_eq!(p["text"]["maxLength"], MAX_TEXT_BYTES);
        assert_eq!(p["title"]["maxLength"], MAX_TITLE_CHARS);
        assert_eq!(p["tags"]["maxItems"], MAX_LIST);
        assert_eq!(p["tags"]["items"]["maxLength"], MAX_TAG_CHARS);
        assert_eq!(p["importance"]["maximum"], 1.0);
        for f in ["occurred_at", "valid_from", "valid_until"] {
            assert_eq!(
                p[f]["anyOf"],
                json!([{"format": "date-time"}, {"const": ""}]),
                "{f}: an empty string clears"
            );
        }
        // Typed enums carry their choices by reference.
        assert_eq!(
            s["$defs"]["MemoryKind"]["enum"],
            Value::from(names(MemoryKind::ALL))
        );
        assert_eq!(
            s["$defs"]["MemoryStatus"]["enum"],
            Value::from(names(MemoryStatus::ALL))
        );

        let p = &schema_of::<NewEdge>()["properties"];
        assert_eq!(p["weight"]["exclusiveMinimum"], 0.0);
        assert_eq!(p["relation"]["maxLength"], MAX_NAME_CHARS);
        assert_eq!(p["valid_from"]["format"], "date-time");
        assert_eq!(p["valid_until"]["format"], "date-time");

        let s = schema_of::<RetrievalQuery>();
        let p = &s["properties"];
        assert_eq!(s["required"], json!(["text"]));
        assert_eq!(p["text"]["maxLength"], MAX_QUERY_BYTES);
        assert_eq!(p["text"]["minLength"], 1);
        assert_eq!(p["limit"]["minimum"], 1);
        assert_eq!(p["limit"]["maximum"], MAX_RESULTS);
        for f in ["spaces", "kinds", "tags", "statuses"] {
            assert_eq!(p[f]["maxItems"], MAX_LIST, "{f}");
        }
        for f in ["time_from", "time_to", "as_of", "known_at"] {
            assert_eq!(p[f]["format"], "date-time", "{f}");
        }
    }

    /// The schema's numbers are the ones validation applies: each limit is accepted at its edge
    /// and refused one past it.
    #[test]
    fn validation_refuses_exactly_past_each_schema_limit() {
        build(text(&"x".repeat(MAX_TEXT_BYTES))).unwrap();
        build(text(&"x".repeat(MAX_TEXT_BYTES + 1))).unwrap_err();
        let titled = |n| NewMemory {
            title: Some("t".repeat(n)),
            ..text("x")
        };
        build(titled(MAX_TITLE_CHARS)).unwrap();
        build(titled(MAX_TITLE_CHARS + 1)).unwrap_err();
        let tagged = |tags: Vec<String>| NewMemory { tags, ..text("x") };
        build(tagged(vec!["é".repeat(MAX_TAG_CHARS)])).unwrap();
        build(tagged(vec!["é".repeat(MAX_TAG_CHARS + 1)])).unwrap_err();
        build(tagged(vec!["#".into()])).unwrap_err();
        build(tagged((0..MAX_LIST).map(|i| i.to_string()).collect())).unwrap();
        build(tagged((0..=MAX_LIST).map(|i| i.to_string()).collect())).unwrap_err();
        let spaced = |s: String| NewMemory {
            space: Some(s),
            ..text("x")
        };
        build(spaced("s".repeat(MAX_ID_CHARS))).unwrap();
        build(spaced("s".repeat(MAX_ID_CHARS + 1))).unwrap_err();
        build(spaced("a\u{85}b".into())).unwrap_err();
        let named = |e: String| NewMemory {
            entities: vec![e],
            ..text("x")
        };
        build(named("n".repeat(MAX_NAME_CHARS))).unwrap();
        build(named("n".repeat(MAX_NAME_CHARS + 1))).unwrap_err();
        let weighed = |v| NewMemory {
            importance: Some(v),
            ..text("x")
        };
        build(weighed(0.0)).unwrap();
        build(weighed(1.0)).unwrap();
        build(weighed(1.01)).unwrap_err();
        build(weighed(-0.01)).unwrap_err();
        for k in MemoryKind::ALL {
            let m = NewMemory {
                kind: Some(k.to_string()),
                ..text("x")
            };
            assert_eq!(build(m).unwrap().kind, *k);
        }
        for st in MemoryStatus::ALL {
            let m = NewMemory {
                status: Some(st.to_string()),
                ..text("x")
            };
            match st {
                MemoryStatus::Merged => assert!(build(m).is_err(), "only a merge sets merged"),
                _ => assert_eq!(build(m).unwrap().status, *st),
            }
        }
        let q = |text: String, limit| RetrievalQuery {
            text,
            limit,
            ..Default::default()
        };
        q("q".repeat(MAX_QUERY_BYTES), MAX_RESULTS)
            .validate()
            .unwrap();
        q("q".into(), MAX_RESULTS + 1).validate().unwrap_err();
        q("q".repeat(MAX_QUERY_BYTES + 1), 1)
            .validate()
            .unwrap_err();
    }

    #[test]
    fn properties_are_limited_in_number_name_and_size() {
        let with = |p: crate::Properties| NewMemory {
            properties: p,
            ..text("a note")
        };
        let many: crate::Properties = (0..=MAX_PROPERTIES)
            .map(|i| (format!("f{i}"), json!(i)))
            .collect();
        let e = build(with(many)).unwrap_err().to_string();
        assert!(e.contains("properties") && e.contains("64"), "{e}");
        let unnamed = [(" ".to_string(), json!(1))].into_iter().collect();
        assert!(
            build(with(unnamed))
                .unwrap_err()
                .to_string()
                .contains("empty name")
        );
        let big = [("notes".to_string(), json!("x".repeat(MAX_PROPERTIES_BYTES)))];
        let e = build(with(big.into_iter().collect()))
            .unwrap_err()
            .to_string();
        assert!(e.contains("the limit is 16384"), "{e}");
        let fine = [
            ("status".to_string(), json!("draft")),
            ("rating".into(), json!(4)),
        ];
        let m = build(with(fine.into_iter().collect())).unwrap();
        assert_eq!(m.properties["rating"], 4);
    }
}
