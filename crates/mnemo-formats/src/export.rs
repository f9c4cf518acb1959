//! Memories and their links written for other tools: GraphML (Gephi, yEd), Cytoscape's JSON, and
//! a Markdown vault (one file per memory, front matter and `[[links]]`, readable in Obsidian).

use mnemo_core::{Edge, Memory};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};

fn rfc(t: Option<mnemo_core::Timestamp>) -> String {
    t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 has no place for most control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The node attributes both graph formats carry.
const NODE_KEYS: [(&str, &str); 9] = [
    ("label", "string"),
    ("kind", "string"),
    ("text", "string"),
    ("space", "string"),
    ("tags", "string"),
    ("status", "string"),
    ("importance", "double"),
    ("pinned", "boolean"),
    ("occurred_at", "string"),
];
const EDGE_KEYS: [(&str, &str); 4] = [
    ("relation", "string"),
    ("edge_kind", "string"),
    ("weight", "double"),
    ("automatic", "boolean"),
];

fn node_values(m: &Memory) -> [String; 9] {
    [
        m.title.clone(),
        m.kind.to_string(),
        m.text.clone(),
        m.space.clone(),
        m.tags.join(" "),
        m.status.to_string(),
        m.importance.to_string(),
        m.pinned.to_string(),
        rfc(m.occurred_at),
    ]
}

fn edge_values(e: &Edge) -> [String; 4] {
    [
        e.relation.clone(),
        e.kind.as_str().to_string(),
        e.weight.to_string(),
        e.automatic.to_string(),
    ]
}

/// GraphML: a directed graph with the memories' fields as node data and links as edges.
pub fn graphml(memories: &[Memory], edges: &[Edge]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    for (k, ty) in NODE_KEYS {
        out.push_str(&format!(
            "  <key id=\"{k}\" for=\"node\" attr.name=\"{k}\" attr.type=\"{ty}\"/>\n"
        ));
    }
    for (k, ty) in EDGE_KEYS {
        out.push_str(&format!(
            "  <key id=\"{k}\" for=\"edge\" attr.name=\"{k}\" attr.type=\"{ty}\"/>\n"
        ));
    }
    out.push_str("  <graph id=\"mnemo\" edgedefault=\"directed\">\n");
    for m in memories {
        out.push_str(&format!("    <node id=\"{}\">\n", xml(&m.id)));
        for ((k, _), v) in NODE_KEYS.iter().zip(node_values(m)) {
            out.push_str(&format!("      <data key=\"{k}\">{}</data>\n", xml(&v)));
        }
        out.push_str("    </node>\n");
    }
    for e in edges {
        let (id, from, to) = (xml(&e.id), xml(&e.from), xml(&e.to));
        out.push_str(&format!(
            "    <edge id=\"{id}\" source=\"{from}\" target=\"{to}\">\n"
        ));
        for ((k, _), v) in EDGE_KEYS.iter().zip(edge_values(e)) {
            out.push_str(&format!("      <data key=\"{k}\">{}</data>\n", xml(&v)));
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// Cytoscape's JSON (`elements` with `nodes` and `edges`, each under `data`).
pub fn graph_json(memories: &[Memory], edges: &[Edge]) -> String {
    let node = |m: &Memory| {
        let mut data = serde_json::Map::new();
        data.insert("id".into(), json!(m.id));
        for ((k, _), v) in NODE_KEYS.iter().zip(node_values(m)) {
            data.insert((*k).into(), Value::String(v));
        }
        data.insert("importance".into(), json!(m.importance));
        data.insert("pinned".into(), json!(m.pinned));
        data.insert("tags".into(), json!(m.tags));
        json!({ "data": data })
    };
    let edge = |e: &Edge| {
        json!({ "data": {
            "id": e.id, "source": e.from, "target": e.to, "relation": e.relation,
            "edge_kind": e.kind.as_str(), "weight": e.weight, "automatic": e.automatic,
        }})
    };
    let doc = json!({
        "format": "mnemo-graph",
        "elements": {
            "nodes": memories.iter().map(node).collect::<Vec<_>>(),
            "edges": edges.iter().map(edge).collect::<Vec<_>>(),
        }
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// A Markdown vault: one file per memory, named by its title (made unique), with the memory's
/// fields as YAML front matter, its text, and its outgoing links as `[[wiki links]]`.
pub fn markdown(memories: &[Memory], edges: &[Edge]) -> Vec<(String, String)> {
    let names = file_names(memories);
    let mut outgoing: HashMap<&str, Vec<&Edge>> = HashMap::new();
    for e in edges {
        outgoing.entry(e.from.as_str()).or_default().push(e);
    }
    (memories.iter())
        .map(|m| {
            let links = outgoing
                .get(m.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let body = note(m, links, &names);
            (
                format!("{}/{}.md", safe(&m.space), names[m.id.as_str()]),
                body,
            )
        })
        .collect()
}

fn note(m: &Memory, links: &[&Edge], names: &HashMap<&str, String>) -> String {
    let mut out = String::from("---\n");
    let mut field = |k: &str, v: String| out.push_str(&format!("{k}: {v}\n"));
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|t| yaml(t)).collect();
        format!("[{}]", quoted.join(", "))
    };
    // What Obsidian reads, then the note's own fields, then Mnemo's under `mnemo:`, which an
    // import reads past, so that a person's `status: draft` never meets Mnemo's status.
    if !m.tags.is_empty() {
        field("tags", list(&m.tags));
    }
    if !m.aliases.is_empty() {
        field("aliases", list(&m.aliases));
    }
    field("created", rfc(Some(m.created_at)));
    if m.occurred_at.is_some() {
        field("date", rfc(m.occurred_at));
    }
    for (k, v) in &m.properties {
        field(&yaml_key(k), serde_json::to_string(v).unwrap_or_default());
    }
    out.push_str("mnemo:\n");
    let mut own = |k: &str, v: String| out.push_str(&format!("  {k}: {v}\n"));
    own("id", yaml(&m.id));
    own("kind", m.kind.to_string());
    for (k, v) in [("valid_from", m.valid_from), ("valid_until", m.valid_until)] {
        if v.is_some() {
            own(k, rfc(v));
        }
    }
    own("space", yaml(&m.space));
    own("source", yaml(&m.source));
    if let Some(x) = &m.external_id {
        own("external_id", yaml(x));
    }
    if let Some(s) = &m.session {
        own("session", yaml(s));
    }
    own("importance", m.importance.to_string());
    if m.pinned {
        own("pinned", "true".into());
    }
    if m.status != mnemo_core::MemoryStatus::Active {
        own("status", m.status.to_string());
    }
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n\n{}\n", m.title, m.text));
    let targets: Vec<String> = (links.iter())
        .filter_map(|e| names.get(e.to.as_str()).map(|n| (e, n)))
        .map(|(e, n)| format!("- {} [[{n}]]", e.relation))
        .collect();
    if !targets.is_empty() {
        out.push_str(&format!("\n## Links\n\n{}\n", targets.join("\n")));
    }
    out
}

/// A front matter key: bare when it is a plain name (`status`, `due-date`), else quoted.
fn yaml_key(k: &str) -> String {
    let plain = k.chars().next().is_some_and(|c| c.is_alphabetic())
        && k.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
        && !k.ends_with(' ');
    if plain { k.to_string() } else { yaml(k) }
}

/// A YAML scalar, quoted (JSON strings are valid YAML).
fn yaml(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A name usable as a file name on every system: no path separators or reserved characters.
fn safe(s: &str) -> String {
    let cleaned: String = (s.chars())
        .map(|c| {
            if "/\\:*?\"<>|#^[]".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').to_string();
    let cut: String = cleaned.chars().take(100).collect();
    if cut.is_empty() {
        "untitled".into()
    } else {
        cut
    }
}

/// Each memory's file name (without `.md`): its title, with ` (2)`, ` (3)`… for repeats.
fn file_names(memories: &[Memory]) -> HashMap<&str, String> {
    let mut taken: HashSet<(String, String)> = HashSet::new();
    let mut out = HashMap::new();
    for m in memories {
        let base = safe(&m.title);
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert((m.space.clone(), name.to_lowercase())) {
            name = format!("{base} ({n})");
            n += 1;
        }
        out.insert(m.id.as_str(), name);
    }
    out
}
