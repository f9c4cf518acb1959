//! The official MCP memory server's `memory.jsonl`: `{"type":"entity","name","entityType",
//! "observations"}` and `{"type":"relation","from","to","relationType"}` lines. Each entity
//! becomes an entity memory (tagged with its type), each observation a fact linked to its
//! entity, each relation an edge with its label between the two entities.

use mnemo_core::{Error, ImportLine, ImportLink, Result};
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::{Located, fingerprint, json_lines};

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Line {
    Entity {
        name: String,
        #[serde(rename = "entityType", default)]
        entity_type: String,
        #[serde(default)]
        observations: Vec<String>,
    },
    Relation {
        from: String,
        to: String,
        #[serde(rename = "relationType")]
        relation_type: String,
    },
}

fn entity_id(name: &str) -> String {
    format!("mcp-entity:{name}")
}

pub fn mcp_memory(text: &str) -> Result<Vec<Located>> {
    let lines: Vec<(usize, Line)> = json_lines(text)?;
    // Entities first, in file order; a relation to a name no line defines makes a bare entity.
    let mut entities: BTreeMap<String, (usize, ImportLine)> = BTreeMap::new();
    let mut facts = Vec::new();
    for (n, line) in &lines {
        if let Line::Entity {
            name,
            entity_type,
            observations,
        } = line
        {
            let name = name.trim();
            if name.is_empty() {
                return Err(Error::invalid(
                    format!("line {n}"),
                    "an entity needs a name",
                ));
            }
            let tags = (!entity_type.trim().is_empty()).then(|| entity_type.trim().to_string());
            entities.insert(
                name.to_string(),
                (*n, entity(name, tags.into_iter().collect())),
            );
            for (i, o) in observations
                .iter()
                .filter(|o| !o.trim().is_empty())
                .enumerate()
            {
                facts.push((format!("line {n}: observations[{i}]"), fact(name, o)));
            }
        }
    }
    for (n, line) in &lines {
        if let Line::Relation {
            from,
            to,
            relation_type,
        } = line
        {
            for end in [from, to] {
                if !entities.contains_key(end.as_str()) {
                    entities.insert(end.clone(), (*n, entity(end, Vec::new())));
                }
            }
            let link = ImportLink {
                to: entity_id(to),
                relation: Some(relation_type.clone()),
                ..Default::default()
            };
            entities
                .get_mut(from.as_str())
                .expect("made above")
                .1
                .links
                .push(link);
        }
    }
    let mut out: Vec<Located> = (entities.into_values())
        .map(|(n, l)| (format!("line {n}"), l))
        .collect();
    out.sort_by_key(|(at, _)| line_number(at));
    out.extend(facts);
    Ok(out)
}

fn line_number(at: &str) -> usize {
    at.trim_start_matches("line ").parse().unwrap_or(0)
}

fn entity(name: &str, tags: Vec<String>) -> ImportLine {
    ImportLine {
        kind: Some("entity".into()),
        title: Some(name.to_string()),
        text: name.to_string(),
        external_id: Some(entity_id(name)),
        tags,
        ..Default::default()
    }
}

fn fact(entity: &str, observation: &str) -> ImportLine {
    ImportLine {
        kind: Some("fact".into()),
        text: observation.trim().to_string(),
        external_id: Some(format!(
            "mcp-observation:{}",
            fingerprint(&[entity, observation])
        )),
        links: vec![ImportLink {
            to: entity_id(entity),
            relation: Some("about".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}
