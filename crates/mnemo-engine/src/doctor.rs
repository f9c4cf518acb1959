//! `mnemo doctor`: finds what an interrupted or racing writer of an older Mnemo could leave in a
//! store (rows no change accounts for, duplicates of what should be unique), and repairs it.

use mnemo_core::{Edge, Memory, MemoryKind, MemoryStatus, Result, normalize_name};
use mnemo_store::Recovery;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

use crate::Engine;
use crate::writer::Command;

/// Who repairs, in the log.
const DOCTOR: &str = "doctor";

/// What `mnemo doctor` found, and whether it repaired it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DoctorReport {
    /// Changes cut short by a stopped writer, finished or rolled back when the store was opened.
    pub recovered: Vec<String>,
    /// Edges whose endpoint memory is missing.
    pub dangling_edges: Vec<String>,
    /// Memories that no operation in the log is about: written by a change that never completed.
    pub unlogged_memories: Vec<String>,
    /// Memories sharing one external id, or entities sharing one name, within a space.
    pub duplicates: Vec<Duplicate>,
    pub repaired: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicate {
    pub space: String,
    /// `external id x` or `entity x`.
    pub what: String,
    /// The first one, which stays.
    pub kept: String,
    /// The later ones, forgotten by a repair.
    pub others: Vec<String>,
}

impl DoctorReport {
    /// Nothing to repair (a recovery at open has already been dealt with).
    pub fn is_clean(&self) -> bool {
        self.dangling_edges.is_empty()
            && self.unlogged_memories.is_empty()
            && self.duplicates.is_empty()
    }
}

/// The checks, on the store's rows as read: a pure function.
pub fn check(memories: &[Memory], edges: &[Edge], logged: &HashSet<String>) -> DoctorReport {
    let ids: HashSet<&str> = memories.iter().map(|m| m.id.as_str()).collect();
    let dangling_edges = (edges.iter())
        .filter(|e| !ids.contains(e.from.as_str()) || !ids.contains(e.to.as_str()))
        .map(|e| e.id.clone())
        .collect();
    let unlogged_memories: Vec<String> = (memories.iter())
        .filter(|m| !logged.contains(&m.id))
        .map(|m| m.id.clone())
        .collect();
    let stray: HashSet<&str> = unlogged_memories.iter().map(String::as_str).collect();
    let live = (memories.iter())
        .filter(|m| m.status != MemoryStatus::Forgotten && !stray.contains(m.id.as_str()));
    let mut groups: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    for m in live {
        if let Some(x) = &m.external_id {
            let key = (m.space.clone(), format!("external id {x}"));
            groups.entry(key).or_default().push(&m.id);
        }
        if m.kind == MemoryKind::Entity {
            let key = (
                m.space.clone(),
                format!("entity {}", normalize_name(&m.title)),
            );
            groups.entry(key).or_default().push(&m.id);
        }
    }
    let duplicates = (groups.into_iter())
        .filter(|(_, ids)| ids.len() > 1)
        .map(|((space, what), mut ids)| {
            ids.sort_unstable();
            Duplicate {
                space,
                what,
                kept: ids[0].to_string(),
                others: ids[1..].iter().map(|s| s.to_string()).collect(),
            }
        })
        .collect();
    DoctorReport {
        recovered: Vec::new(),
        dangling_edges,
        unlogged_memories,
        duplicates,
        repaired: false,
    }
}

fn describe(r: &Recovery) -> String {
    match r {
        Recovery::Completed { seq } => format!("change {seq} was complete; its journal was left"),
        Recovery::RolledBack { seq, tables } if tables.is_empty() => {
            format!("change {seq} had written nothing; dropped")
        }
        Recovery::RolledBack { seq, tables } => {
            format!(
                "change {seq} was cut short; rolled back {}",
                tables.join(", ")
            )
        }
    }
}

impl Engine {
    /// Checks the store; with `repair`, removes stray rows and forgets later duplicates (those
    /// through the log, so other processes see it).
    pub async fn doctor(&self, repair: bool) -> Result<DoctorReport> {
        self.flush().await?;
        let store = self.store();
        let (memories, edges, logged) = tokio::try_join!(
            store.load_memories(),
            store.load_edges(),
            store.operation_targets()
        )?;
        let mut report = check(&memories, &edges, &logged);
        report.recovered = store.recoveries().iter().map(describe).collect();
        if !repair || report.is_clean() {
            return Ok(report);
        }
        if !report.dangling_edges.is_empty() || !report.unlogged_memories.is_empty() {
            let (memories, edges) = (
                report.unlogged_memories.clone(),
                report.dangling_edges.clone(),
            );
            self.send(|reply| Command::RemoveStray {
                memories,
                edges,
                reply,
            })
            .await?;
        }
        for d in &report.duplicates {
            for id in &d.others {
                self.set_status(id, MemoryStatus::Forgotten, DOCTOR).await?;
            }
        }
        report.repaired = true;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnemo_core::{EdgeKind, now};

    fn memory(id: &str, kind: MemoryKind, title: &str, ext: Option<&str>) -> Memory {
        let input = mnemo_core::NewMemory {
            text: format!("about {title}"),
            title: Some(title.into()),
            kind: Some(kind.as_str().into()),
            external_id: ext.map(String::from),
            ..Default::default()
        };
        input
            .build(id.into(), now(), "default", "test", "e")
            .unwrap()
    }

    fn edge(id: &str, from: &str, to: &str) -> Edge {
        Edge {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            kind: EdgeKind::Related,
            relation: "related".into(),
            weight: 1.0,
            valid_from: None,
            valid_until: None,
            provenance: "test".into(),
            automatic: false,
            confirmed: true,
            created_at: now(),
        }
    }

    #[test]
    fn finds_dangling_edges_unlogged_memories_and_duplicates() {
        let ms = vec![
            memory("a", MemoryKind::Episode, "A", Some("x1")),
            memory("b", MemoryKind::Episode, "B", Some("x1")),
            memory("c", MemoryKind::Entity, "Alice", None),
            memory("d", MemoryKind::Entity, " alice ", None),
            memory("e", MemoryKind::Episode, "E", Some("x1")),
        ];
        let es = vec![edge("e1", "a", "b"), edge("e2", "a", "gone")];
        let logged: HashSet<String> = ["a", "b", "c", "d"].map(String::from).into();
        let r = check(&ms, &es, &logged);
        assert_eq!(r.dangling_edges, vec!["e2"]);
        assert_eq!(r.unlogged_memories, vec!["e"], "e has no log entry");
        assert_eq!(r.duplicates.len(), 2, "{:?}", r.duplicates);
        let ext = r
            .duplicates
            .iter()
            .find(|d| d.what == "external id x1")
            .unwrap();
        assert_eq!(
            (ext.kept.as_str(), ext.others.clone()),
            ("a", vec!["b".to_string()])
        );
        let ent = r
            .duplicates
            .iter()
            .find(|d| d.what.starts_with("entity"))
            .unwrap();
        assert_eq!(
            (ent.kept.as_str(), ent.others.clone()),
            ("c", vec!["d".to_string()])
        );
        assert!(!r.is_clean());
    }

    #[test]
    fn a_consistent_store_is_clean() {
        let ms = vec![memory("a", MemoryKind::Episode, "A", Some("x1"))];
        let logged: HashSet<String> = ["a"].map(String::from).into();
        assert!(check(&ms, &[], &logged).is_clean());
    }
}
