//! Limits on everything a client sends: one table per input, read by validation (each breach an
//! `invalid_input` error naming the field and the limit), by the JSON Schemas (OpenAPI, MCP), and
//! by the UI's forms, so that no front-end accepts what another refuses.

use serde_json::Value;

use crate::{Error, Result, RetrievalConfig, RetrievalQuery};

/// Most tags, entities or links on one memory.
pub const MAX_LIST: usize = 100;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
