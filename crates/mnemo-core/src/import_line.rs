//! One line of the JSONL interchange format and its parser, apart from the store that imports it.
//!
//! The importer (`mnemo-engine`'s `import_jsonl`) reads a file through this parser line by line;
//! keeping it here lets the fuzz targets exercise exactly that parser without building the engine.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::{EdgeKind, Error, NewMemory, Result};

/// A link on an import line: to an external id (in the same space) or a memory id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportLink {
    pub to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    // Fields below are written by exports, so that edges come back exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EdgeKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automatic: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// One line of an import file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportLine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub space: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<ImportLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<Vec<f32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_accessed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: crate::Properties,
}

impl ImportLine {
    /// Parses line `n` (1-based, for the error) of an import file: `None` for a blank line.
    /// A byte-order mark before the object is skipped, as editors on Windows write one.
    pub fn parse(n: usize, line: &str) -> Result<Option<ImportLine>> {
        if line.trim().is_empty() {
            return Ok(None);
        }
        let body = line.trim_start().trim_start_matches('\u{feff}');
        // serde would also read a struct from a JSON array, by position.
        if !body.starts_with('{') {
            return Err(Error::invalid(
                format!("line {n}"),
                "is not a JSON object (one memory per line: {\"text\": …})",
            ));
        }
        serde_json::from_str(body)
            .map(Some)
            .map_err(|e| Error::invalid(format!("line {n}"), e.to_string()))
    }

    /// The memory the line asks for, as a writer's input. Links are left out: the importer
    /// resolves them once every line of the file is known.
    pub fn new_memory(&self) -> NewMemory {
        NewMemory {
            text: self.text.clone(),
            kind: self.kind.clone(),
            title: self.title.clone(),
            tags: self.tags.clone(),
            space: self.space.clone(),
            source: self.source.clone(),
            session: self.session.clone(),
            external_id: self.external_id.clone(),
            occurred_at: self.occurred_at.clone(),
            valid_from: self.valid_from.clone(),
            valid_until: self.valid_until.clone(),
            importance: self.importance,
            pinned: self.pinned,
            status: self.status.clone(),
            entities: self.entities.clone(),
            links: vec![],
            vector: self.vector.clone(),
            embedder: self.embedder.clone(),
            properties: self.properties.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(line: &str) -> String {
        ImportLine::parse(2, line).unwrap_err().to_string()
    }

    #[test]
    fn blank_lines_are_skipped_and_objects_parsed() {
        assert_eq!(ImportLine::parse(1, " \t ").unwrap(), None);
        let l = ImportLine::parse(1, r#"  {"text":"hi","tags":["a"]}  "#)
            .unwrap()
            .unwrap();
        assert_eq!((l.text.as_str(), l.tags), ("hi", vec!["a".to_string()]));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let l = ImportLine::parse(1, "\u{feff}{\"text\":\"first\"}")
            .unwrap()
            .unwrap();
        assert_eq!(l.text, "first");
    }

    #[test]
    fn what_is_not_one_object_names_the_line() {
        let array = error(r#"["an array", "is not a memory"]"#);
        assert!(
            array.starts_with("invalid line 2: is not a JSON object"),
            "{array}"
        );
        assert!(error("\u{feff}").contains("is not a JSON object"));
        assert!(error(r#"{"text":"x""#).starts_with("invalid line 2: EOF"));
        assert!(error(r#"{"text":"d","a":1}"#).contains("unknown field `a`"));
        assert!(error(r#"{"text":"x"} {"text":"y"}"#).contains("trailing characters"));
        assert!(error(r#"{"text":"n","importance":NaN}"#).starts_with("invalid line 2"));
    }

    #[test]
    fn the_memory_carries_every_field_but_links() {
        let l = ImportLine {
            text: "t".into(),
            kind: Some("fact".into()),
            space: Some("s".into()),
            importance: Some(0.3),
            links: vec![ImportLink {
                to: "x".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let m = l.new_memory();
        assert_eq!(
            (m.kind.as_deref(), m.space.as_deref(), m.importance),
            (Some("fact"), Some("s"), Some(0.3))
        );
        assert!(m.links.is_empty());
    }
}
