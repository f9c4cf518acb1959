//! Planning an undo: the inverse of one logged action, computed from its operations' before and
//! after, applied as a new action (so the log stays append-only and an undo is undone the same
//! way: that is redo).
//!
//! Every logged operation is one of six primitive steps — a memory created, changed or removed;
//! an edge created, changed or removed — and each step's inverse swaps its before and after.
//! Where the store has moved on since (a memory edited again, an edge removed), the undo stops
//! with `conflict` naming what changed, unless forced.

use mnemo_core::{
    Edge, Error, Memory, MemoryStatus, Operation, OperationKind, Result, Space, to_json,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

use super::{Origin, Outcome, Plan, PlanError, Supply, op};
use crate::changeset::ChangeSet;
use crate::state::State;

/// What an undo is given: the action and its operations as logged.
#[derive(Debug, Clone, Default)]
pub struct UndoInput {
    pub action: String,
    pub operations: Vec<Operation>,
    /// Overwrite later changes to the same memories instead of stopping with `conflict`.
    pub force: bool,
    /// Embedder of vectors made for the undo (recorded on memories it brings back).
    pub embedder: String,
    /// Vectors for texts the undo brings back, by text.
    pub vectors: HashMap<String, Vec<f32>>,
}

impl Supply for UndoInput {
    fn supply(&mut self, texts: Vec<String>, vectors: Vec<Vec<f32>>) {
        self.vectors.extend(texts.into_iter().zip(vectors));
    }
}

/// What an undo did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct UndoReport {
    /// The undo's own action (undo it to redo).
    pub action: String,
    /// The action it reversed.
    pub undid: String,
    /// Memories it changed, brought back or removed.
    pub memories: Vec<String>,
    /// Edges it made or removed.
    pub edges: u32,
}

/// One primitive change: a row's state before and after (`None`: absent).
#[derive(Debug, Clone)]
enum Step {
    Memory(Option<Memory>, Option<Memory>),
    Edge(Option<Edge>, Option<Edge>),
    Space(Option<Space>, Option<Space>),
}

/// Plans the undo of `input.action`.
pub fn undo(st: &State, input: UndoInput, by: Origin) -> Outcome<Plan<UndoReport>, UndoInput> {
    // Name the purged memory (a purge's first entries may be the links it took along).
    let purged = (input.operations.iter())
        .find(|o| o.kind == OperationKind::Purge)
        .or_else(|| input.operations.iter().find(|o| is_redacted(o)));
    if let Some(o) = purged {
        return Err(Error::Conflict(format!(
            "{} was purged: nothing of it is left to bring back",
            o.target
        ))
        .into());
    }
    let steps = steps_of(&input.operations)?;
    if steps.is_empty() {
        return Err(Error::not_found("action", &input.action).into());
    }
    let later = conflicts(st, &steps);
    if !later.is_empty() && !input.force {
        return Err(Error::Conflict(format!(
            "undo would overwrite later changes: {}; undo with force to overwrite them",
            summary(&later)
        ))
        .into());
    }
    let mut inverse = Inverse::new(st, &input, by);
    for step in steps.iter().rev() {
        inverse.step(step);
    }
    let missing = inverse.missing_texts();
    if !missing.is_empty() {
        return Err(PlanError::NeedsVectors {
            texts: missing,
            input,
        });
    }
    Ok(inverse.finish())
}

/// A log entry a purge redacted: its before and after hold only the purge's note.
fn is_redacted(o: &Operation) -> bool {
    o.before.is_none()
        && o.after
            .as_ref()
            .is_some_and(|a| a.get().starts_with("{\"purged\":true"))
}

/// Takes memories and edges back to before `ops` (in commit order, the newest last): each
/// operation's rows get their `before`. How "what Mnemo knew at T" is read off the log.
pub(crate) fn rewind(
    memories: &mut HashMap<String, Memory>,
    edges: &mut HashMap<String, Edge>,
    ops: &[Operation],
) -> Result<()> {
    // A purge's records, and the entries it redacted, hold nothing to go back to: what was
    // purged stays out of every view of the past.
    let kept = ops.iter().filter(|o| !is_redacted(o));
    for step in steps_of(kept)?.into_iter().rev() {
        match step {
            Step::Memory(before, after) => {
                let Some(id) = (before.as_ref().or(after.as_ref())).map(|m| m.id.clone()) else {
                    continue;
                };
                match before {
                    Some(m) => memories.insert(id, m),
                    None => memories.remove(&id),
                };
            }
            Step::Edge(before, after) => {
                let Some(id) = (before.as_ref().or(after.as_ref())).map(|e| e.id.clone()) else {
                    continue;
                };
                match before {
                    Some(e) => edges.insert(id, e),
                    None => edges.remove(&id),
                };
            }
            Step::Space(..) => {}
        }
    }
    Ok(())
}

/// The primitive steps an action's operations record, in order.
fn steps_of<'a>(ops: impl IntoIterator<Item = &'a Operation>) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    for o in ops {
        let doc = |j: &Option<mnemo_core::Json>| -> Result<Option<serde_json::Value>> {
            j.as_ref()
                .map(|j| serde_json::from_str(j.get()))
                .transpose()
                .map_err(|e| Error::Storage(format!("operation {}: {e}", o.id)))
        };
        let (before, after) = (doc(&o.before)?, doc(&o.after)?);
        match o.kind {
            OperationKind::Link | OperationKind::Unlink => {
                steps.push(Step::Edge(parse(o, before)?, parse(o, after)?));
            }
            OperationKind::Space => steps.push(Step::Space(parse(o, before)?, parse(o, after)?)),
            // An add records the memory with the edges that came with it.
            OperationKind::Add if after.as_ref().is_some_and(|a| a.get("memory").is_some()) => {
                let mut a = after.unwrap_or_default();
                let memory = parse(o, a.get_mut("memory").map(serde_json::Value::take))?;
                steps.push(Step::Memory(None, memory));
                let edges = a.get_mut("edges").map(serde_json::Value::take);
                let edges: Vec<Edge> = parse(o, edges)?.unwrap_or_default();
                steps.extend(edges.into_iter().map(|e| Step::Edge(None, Some(e))));
            }
            _ => steps.push(Step::Memory(parse(o, before)?, parse(o, after)?)),
        }
    }
    Ok(steps)
}

fn parse<T: serde::de::DeserializeOwned>(
    o: &Operation,
    v: Option<serde_json::Value>,
) -> Result<Option<T>> {
    v.map(serde_json::from_value)
        .transpose()
        .map_err(|e| Error::Storage(format!("operation {} cannot be read back: {e}", o.id)))
}

/// What the store changed since the action: rows not as the action left them.
fn conflicts(st: &State, steps: &[Step]) -> Vec<String> {
    let mut out = Vec::new();
    // A row the action touched twice is checked against its last state.
    let mut last: HashMap<String, &Step> = HashMap::new();
    for s in steps {
        last.insert(key(s), s);
    }
    for s in last.values() {
        match s {
            Step::Memory(_, Some(m)) => match st.memories.get(&m.id) {
                Some(now) if now.version == m.version => {}
                Some(now) => out.push(format!(
                    "memory {} was changed since (version {} → {})",
                    m.id, m.version, now.version
                )),
                None => out.push(format!("memory {} was removed since", m.id)),
            },
            Step::Memory(Some(m), None) if st.memories.contains_key(&m.id) => {
                out.push(format!("memory {} was added again since", m.id));
            }
            Step::Edge(_, Some(e)) if st.graph.edge(&e.id) != Some(e) => {
                out.push(format!("edge {} was changed or removed since", e.id));
            }
            Step::Edge(Some(e), None) if st.graph.edge(&e.id).is_some() => {
                out.push(format!("edge {} was made again since", e.id));
            }
            Step::Space(_, Some(s)) if st.spaces.get(&s.name) != Some(s) => {
                out.push(format!("space {:?} was changed since", s.name));
            }
            Step::Space(Some(s), None) if st.spaces.contains_key(&s.name) => {
                out.push(format!("space {:?} was made again since", s.name));
            }
            _ => {}
        }
    }
    out.extend(later_links(st, steps));
    out.sort();
    out
}

fn key(s: &Step) -> String {
    let id = |m: &Option<Memory>, n: &Option<Memory>| {
        (m.as_ref().or(n.as_ref())).map_or(String::new(), |m| m.id.clone())
    };
    match s {
        Step::Memory(b, a) => format!("memory {}", id(b, a)),
        Step::Edge(b, a) => format!("edge {}", (b.as_ref().or(a.as_ref())).map_or("", |e| &e.id)),
        Step::Space(b, a) => format!(
            "space {}",
            (a.as_ref().or(b.as_ref())).map_or("", |s| &s.name)
        ),
    }
}

/// Links made by hand since, to memories the undo removes: a later change touching them.
fn later_links(st: &State, steps: &[Step]) -> Vec<String> {
    let ours: HashSet<&str> = (steps.iter())
        .filter_map(|s| match s {
            Step::Edge(b, a) => b.as_ref().or(a.as_ref()).map(|e| e.id.as_str()),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for s in steps {
        if let Step::Memory(None, Some(m)) = s {
            for e in st.graph.edges_of(&m.id) {
                if !e.automatic && !ours.contains(e.id.as_str()) {
                    out.push(format!("edge {} to memory {} was made since", e.id, m.id));
                }
            }
        }
    }
    out
}

fn summary(items: &[String]) -> String {
    let shown = items.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    match items.len() {
        n if n > 3 => format!("{shown}; and {} more", n - 3),
        _ => shown,
    }
}

/// The inverse change, built step by step from the last step back.
struct Inverse<'a> {
    st: &'a State,
    input: &'a UndoInput,
    by: Origin<'a>,
    /// Memory rows as the undo leaves them, by id (a memory touched twice ends as the first
    /// step's before).
    memories: HashMap<String, Option<Memory>>,
    memory_order: Vec<String>,
    edges: HashMap<String, Option<Edge>>,
    edge_order: Vec<String>,
    /// Space rows as the undo leaves them, by name (a rename's new name: none).
    spaces: HashMap<String, Option<Space>>,
    space_order: Vec<String>,
}

impl<'a> Inverse<'a> {
    fn new(st: &'a State, input: &'a UndoInput, by: Origin<'a>) -> Self {
        Inverse {
            st,
            input,
            by,
            memories: HashMap::new(),
            memory_order: Vec::new(),
            edges: HashMap::new(),
            edge_order: Vec::new(),
            spaces: HashMap::new(),
            space_order: Vec::new(),
        }
    }

    fn step(&mut self, s: &Step) {
        match s {
            Step::Memory(before, after) => {
                let id = (before.as_ref().or(after.as_ref())).map(|m| m.id.clone());
                let Some(id) = id else { return };
                if !self.memories.contains_key(&id) {
                    self.memory_order.push(id.clone());
                }
                self.memories.insert(id, before.clone());
            }
            Step::Edge(before, after) => {
                let id = (before.as_ref().or(after.as_ref())).map(|e| e.id.clone());
                let Some(id) = id else { return };
                if !self.edges.contains_key(&id) {
                    self.edge_order.push(id.clone());
                }
                self.edges.insert(id, before.clone());
            }
            Step::Space(before, after) => {
                let renamed = |a: &Space| before.as_ref().is_none_or(|b| b.name != a.name);
                if let Some(a) = after.as_ref().filter(|a| renamed(a)) {
                    self.set_space(&a.name, None);
                }
                if let Some(b) = before {
                    self.set_space(&b.name, Some(b.clone()));
                }
            }
        }
    }

    fn set_space(&mut self, name: &str, to: Option<Space>) {
        if !self.spaces.contains_key(name) {
            self.space_order.push(name.to_string());
        }
        self.spaces.insert(name.to_string(), to);
    }

    /// Texts of memories the undo writes whose vector must be made again: brought back, or
    /// with another text than now.
    fn missing_texts(&self) -> Vec<String> {
        let mut out: Vec<String> = (self.memories.iter())
            .filter_map(|(id, m)| {
                let m = m.as_ref()?;
                let text = m.embedding_text();
                let same =
                    (self.st.memories.get(id)).is_some_and(|now| now.embedding_text() == text);
                (!same && !self.input.vectors.contains_key(&text)).then_some(text)
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn finish(self) -> Plan<UndoReport> {
        let mut cs = ChangeSet::default();
        let mut report = UndoReport {
            undid: self.input.action.clone(),
            ..Default::default()
        };
        let removed = self.write_memories(&mut cs, &mut report);
        self.write_edges(&mut cs, &removed);
        self.write_spaces(&mut cs);
        for o in &mut cs.operations {
            o.undoes = Some(self.input.action.clone());
        }
        report.edges =
            (cs.new_edges.len() + cs.updated_edges.len() + cs.removed_edges.len()) as u32;
        report.action = cs
            .operations
            .first()
            .map(|o| o.id.clone())
            .unwrap_or_default();
        Plan {
            changes: cs,
            output: report,
        }
    }

    /// Memories restored, brought back or removed; returns the ids removed.
    fn write_memories(&self, cs: &mut ChangeSet, report: &mut UndoReport) -> HashSet<String> {
        let mut removed = HashSet::new();
        let mut gone = Vec::new();
        for id in &self.memory_order {
            let now = self.st.memories.get(id);
            let target = self.memories[id].as_ref();
            report.memories.push(id.clone());
            match (now, target) {
                (Some(now), None) => {
                    removed.insert(id.clone());
                    gone.push(op(
                        OperationKind::Remove,
                        self.by,
                        id,
                        &now.space,
                        to_json(now),
                        None,
                    ));
                    cs.removed_memories.push(id.clone());
                }
                (Some(now), Some(then)) => {
                    let mut row = self.restored(then, Some(now));
                    let kind = restore_kind(now, &row);
                    let vector = (now.embedding_text() != row.embedding_text())
                        .then(|| self.vector_of(&row));
                    if vector.is_some() && !self.input.embedder.is_empty() {
                        row.embedder = self.input.embedder.clone();
                    }
                    let o = op(kind, self.by, id, &row.space, to_json(now), to_json(&row));
                    cs.operations.push(o);
                    cs.updated_memories.push((row, vector));
                }
                (None, Some(then)) => {
                    let row = self.restored(then, None);
                    let after = to_json(&serde_json::json!({ "memory": &row, "edges": [] }));
                    let o = op(OperationKind::Add, self.by, id, &row.space, None, after);
                    cs.operations.push(o);
                    let vector = self.vector_of(&row);
                    cs.new_memories.push((row, vector));
                }
                (None, None) => {}
            }
        }
        // Removals last in the log, after the unlinks of their edges (followers apply in order).
        cs.operations.extend(gone);
        removed
    }

    /// Spaces put back as they were: made again first, removed last, and a space that would
    /// still hold memories (written there since) kept.
    fn write_spaces(&self, cs: &mut ChangeSet) {
        // Where the undo leaves the memories it writes (removed: nowhere).
        let mut ends: HashMap<&str, &str> = (cs.updated_memories.iter())
            .map(|(m, _)| (m.id.as_str(), m.space.as_str()))
            .collect();
        ends.extend(cs.removed_memories.iter().map(|id| (id.as_str(), "")));
        let (mut made, mut gone) = (Vec::new(), Vec::new());
        for name in &self.space_order {
            let now = self.st.spaces.get(name);
            match (now, self.spaces[name].as_ref()) {
                (Some(now), None) => {
                    let stays = (self.st.memories_in(name).iter())
                        .any(|m| ends.get(m.id.as_str()).is_none_or(|s| s == name));
                    if !stays {
                        gone.push(op(
                            OperationKind::Space,
                            self.by,
                            name,
                            name,
                            to_json(now),
                            None,
                        ));
                        cs.removed_spaces.push(name.clone());
                    }
                }
                (now, Some(then)) if now != Some(then) => {
                    made.push(op(
                        OperationKind::Space,
                        self.by,
                        name,
                        name,
                        now.and_then(to_json),
                        to_json(then),
                    ));
                    cs.new_spaces.push(then.clone());
                }
                _ => {}
            }
        }
        cs.operations.splice(0..0, made);
        cs.operations.extend(gone);
    }

    /// Edges put back as they were, or removed; edges that would dangle are left out, and
    /// every other edge of a removed memory goes with it.
    fn write_edges(&self, cs: &mut ChangeSet, removed: &HashSet<String>) {
        let exists = |id: &str| {
            !removed.contains(id)
                && (self.st.memories.contains_key(id)
                    || self.memories.get(id).is_some_and(Option::is_some))
        };
        let mut unlinks = Vec::new();
        let mut handled: HashSet<&str> = HashSet::new();
        for id in &self.edge_order {
            handled.insert(id);
            let now = self.st.graph.edge(id);
            match (now, self.edges[id].as_ref()) {
                (Some(now), None) => unlinks.push(now.clone()),
                (Some(now), Some(then)) if now != then => {
                    let o = op(
                        OperationKind::Link,
                        self.by,
                        id,
                        "",
                        to_json(now),
                        to_json(then),
                    );
                    cs.operations.push(o);
                    cs.updated_edges.push(then.clone());
                }
                (None, Some(then)) if exists(&then.from) && exists(&then.to) => {
                    let o = op(OperationKind::Link, self.by, id, "", None, to_json(then));
                    cs.operations.push(o);
                    cs.new_edges.push(then.clone());
                }
                _ => {}
            }
        }
        for m in removed {
            let others = self.st.graph.edges_of(m).into_iter();
            unlinks.extend(others.filter(|e| !handled.contains(e.id.as_str())).cloned());
        }
        let mut seen = HashSet::new();
        for e in unlinks.into_iter().filter(|e| seen.insert(e.id.clone())) {
            let o = op(OperationKind::Unlink, self.by, &e.id, "", to_json(&e), None);
            // Before any removal of a memory, which the log lists last.
            let at = (cs.operations.iter())
                .position(|o| o.kind == OperationKind::Remove)
                .unwrap_or(cs.operations.len());
            cs.operations.insert(at, o);
            cs.removed_edges.push(e.id);
        }
    }

    /// A memory as it was, as a new version: the version counts on from the row it replaces
    /// (or from the row it last was), and access counts stay as they are now.
    fn restored(&self, then: &Memory, now: Option<&Memory>) -> Memory {
        let base = now.map_or(then.version, |n| n.version.max(then.version));
        let mut row = Memory {
            version: base.saturating_add(1),
            updated_at: self.by.at,
            ..then.clone()
        };
        match now {
            Some(now) => {
                row.access_count = now.access_count;
                row.last_accessed_at = now.last_accessed_at;
            }
            // Brought back with a vector made now, by this store's embedder.
            None if !self.input.embedder.is_empty() => row.embedder = self.input.embedder.clone(),
            None => {}
        }
        row
    }

    fn vector_of(&self, row: &Memory) -> Vec<f32> {
        // `missing_texts` asked for every text written here before `finish` runs.
        (self.input.vectors.get(&row.embedding_text()))
            .cloned()
            .unwrap_or_default()
    }
}

/// How the log names a memory put back: a restore when it leaves a merge, a forget, an archive
/// or a supersede for active, else an update.
fn restore_kind(now: &Memory, row: &Memory) -> OperationKind {
    if now.status != MemoryStatus::Active && row.status == MemoryStatus::Active {
        OperationKind::Restore
    } else {
        OperationKind::Update
    }
}
