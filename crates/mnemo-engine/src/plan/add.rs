//! Planning an add: repeats, entities for mentions, similar, explicit and `next` links.

use mnemo_core::{
    Edge, EdgeKind, Error, Memory, MemoryKind, MemoryStatus, OperationKind, Result, Space,
    normalize_name, to_json,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeSet, HashMap};

use super::{LinkConfig, Origin, Outcome, Plan, PlanError, Supply, auto_edge, op, session};
use crate::changeset::ChangeSet;
use crate::state::{SpaceKey, State, entity_key, session_key};

/// A memory ready to plan: validated, embedded, its mentions and neighbours found off the writer.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub memory: Memory,
    pub vector: Vec<f32>,
    /// Entities it mentions: display name, normalised key, how it was found.
    pub mentions: Vec<(String, String, &'static str)>,
    /// Explicit links, targets resolved to ids (or to ids of memories in the same batch).
    pub links: Vec<Edge>,
    /// Nearest existing or earlier-in-batch memories: (id, cosine).
    pub similar: Vec<(String, f32)>,
    /// A verbatim restore (from an export): no automatic linking, edges as given.
    pub restore: bool,
}

/// What an add hands the writer.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub items: Vec<Prepared>,
    /// Vectors of entity names, by the name as written: every name the store lacked when the
    /// batch was prepared. A new entity takes the vector of its name.
    pub names: HashMap<String, Vec<f32>>,
    /// Id of the embedder that made the vectors, recorded on new entities.
    pub embedder: String,
    /// Memories other than entities that a name leads to, by (space, normalised name): a
    /// vault's notes by their titles, file names and aliases. A mention of such a name links to
    /// the note, where it would otherwise make an entity of that name beside it.
    pub hubs: HashMap<SpaceKey, String>,
}

impl Supply for Batch {
    fn supply(&mut self, texts: Vec<String>, vectors: Vec<Vec<f32>>) {
        self.names.extend(texts.into_iter().zip(vectors));
    }
}

/// What an add did.
#[derive(Debug, Clone, Default)]
pub struct AddReport {
    /// The memories as committed, in input order (an existing one where the input was a repeat).
    pub memories: Vec<Memory>,
    pub added: usize,
    pub skipped: usize,
    pub entities_created: usize,
    pub edges_created: usize,
}

/// Plans an add. The batch is only read until every vector is at hand, so a batch that lacks
/// some comes back whole in [`PlanError::NeedsVectors`].
pub fn add(
    st: &State,
    link: &LinkConfig,
    batch: Batch,
    by: Origin,
) -> Outcome<Plan<AddReport>, Batch> {
    if let Some(p) = (batch.items.iter()).find(|p| st.is_archived(&p.memory.space)) {
        return Err(PlanError::Failed(archived(&p.memory.space)));
    }
    let mut walk = Walk::new(st, link, by, batch.embedder.clone(), batch.hubs.clone());
    for (i, p) in batch.items.iter().enumerate() {
        walk.visit(i, p, &batch.items);
    }
    walk.link_up()?;
    let texts = walk.missing_names(&batch.names);
    if !texts.is_empty() {
        return Err(PlanError::NeedsVectors {
            texts,
            input: batch,
        });
    }
    Ok(walk.assemble(batch))
}

/// Why nothing can be written into an archived space.
pub(crate) fn archived(space: &str) -> mnemo_core::Error {
    mnemo_core::Error::Conflict(format!(
        "space {space:?} is archived: it takes no new memories until it is unarchived"
    ))
}

/// A memory new in the batch, in commit order.
#[derive(Clone, Copy)]
enum Slot {
    /// `items[i]` of the batch.
    Item(usize),
    /// The `j`th entity created for a mention.
    Entity(usize),
}

/// One pass over a batch, by reference: what is new, what repeats, which edges to make.
struct Walk<'a> {
    st: &'a State,
    hubs: HashMap<SpaceKey, String>,
    link: &'a LinkConfig,
    by: Origin<'a>,
    embedder: String,
    report: AddReport,
    slots: Vec<Slot>,
    /// Where each memory new in the batch sits in `slots`, by id.
    index: FxHashMap<String, usize>,
    /// Entities created for mentions, without vectors yet.
    entities: Vec<Memory>,
    batch_entities: FxHashMap<SpaceKey, String>,
    batch_externals: FxHashMap<SpaceKey, String>,
    new_spaces: BTreeSet<String>,
    sessions: FxHashMap<SpaceKey, Vec<(mnemo_core::Timestamp, String)>>,
    restores: FxHashSet<String>,
    /// Ids of repeats map to the memory that already exists, so links still land.
    remap: FxHashMap<String, String>,
    links: Vec<Edge>,
    similar: Vec<(String, String, f32)>,
    edges_by_memory: FxHashMap<String, Vec<Edge>>,
    removed_edges: Vec<String>,
}

impl<'a> Walk<'a> {
    fn new(
        st: &'a State,
        link: &'a LinkConfig,
        by: Origin<'a>,
        embedder: String,
        hubs: HashMap<SpaceKey, String>,
    ) -> Self {
        Walk {
            st,
            hubs,
            link,
            by,
            embedder,
            report: AddReport::default(),
            slots: Vec::new(),
            index: FxHashMap::default(),
            entities: Vec::new(),
            batch_entities: FxHashMap::default(),
            batch_externals: FxHashMap::default(),
            new_spaces: BTreeSet::new(),
            sessions: FxHashMap::default(),
            restores: FxHashSet::default(),
            remap: FxHashMap::default(),
            links: Vec::new(),
            similar: Vec::new(),
            edges_by_memory: FxHashMap::default(),
            removed_edges: Vec::new(),
        }
    }

    fn visit(&mut self, i: usize, p: &Prepared, items: &[Prepared]) {
        match self.existing(&p.memory) {
            Some(existing) => self.repeat(p, existing, items),
            None => self.admit(i, p),
        }
    }

    /// The memory an input repeats: same external id, same id, or an entity of the same name.
    fn existing(&self, m: &Memory) -> Option<String> {
        let st = self.st;
        let by_external = m.external_id.as_ref().and_then(|x| {
            let k = (m.space.clone(), x.clone());
            st.externals
                .get(&k)
                .or_else(|| self.batch_externals.get(&k))
        });
        let by_name = || {
            let k = entity_key(m)?;
            st.entities.get(&k).or_else(|| self.batch_entities.get(&k))
        };
        by_external
            .cloned()
            .or_else(|| st.memories.contains_key(&m.id).then(|| m.id.clone()))
            .or_else(|| by_name().cloned())
    }

    fn repeat(&mut self, p: &Prepared, existing: String, items: &[Prepared]) {
        self.remap.insert(p.memory.id.clone(), existing.clone());
        self.report.skipped += 1;
        let found = (self.st.memories.get(&existing))
            .or_else(|| self.new_memory(&existing, items))
            .cloned();
        self.report.memories.extend(found);
        // A restore still brings its edges, e.g. to memories new in this file.
        if p.restore {
            self.links.extend(p.links.iter().cloned());
        }
    }

    fn new_memory<'m>(&'m self, id: &str, items: &'m [Prepared]) -> Option<&'m Memory> {
        self.index.get(id).map(|&s| match self.slots[s] {
            Slot::Item(i) => &items[i].memory,
            Slot::Entity(j) => &self.entities[j],
        })
    }

    fn admit(&mut self, i: usize, p: &Prepared) {
        let m = &p.memory;
        if !self.st.spaces.contains_key(&m.space) {
            self.new_spaces.insert(m.space.clone());
        }
        if let Some(x) = &m.external_id {
            let k = (m.space.clone(), x.clone());
            self.batch_externals.insert(k, m.id.clone());
        }
        if let Some(k) = entity_key(m) {
            self.batch_entities.insert(k, m.id.clone());
        }
        if let Some(k) = session_key(m) {
            let member = (m.effective_time(), m.id.clone());
            self.sessions.entry(k).or_default().push(member);
        }
        self.report.memories.push(m.clone());
        if p.restore {
            self.restores.insert(m.id.clone());
        } else {
            self.mentions(p);
            let similar = p.similar.iter().take(self.link.similar_max);
            let similar = similar.map(|(to, cos)| (m.id.clone(), to.clone(), *cos));
            self.similar.extend(similar);
        }
        self.links.extend(p.links.iter().cloned());
        // After the entities its mentions created: they are committed first.
        self.index.insert(m.id.clone(), self.slots.len());
        self.slots.push(Slot::Item(i));
    }

    /// Links a memory to the entities it mentions (not an entity to its own name), or to the
    /// note a name leads to (not by a `[[wiki link]]`, which is a link to it already).
    fn mentions(&mut self, p: &Prepared) {
        let m = &p.memory;
        for (name, key, origin) in &p.mentions {
            if m.kind == MemoryKind::Entity && normalize_name(&m.title) == *key {
                continue;
            }
            let hub = self.hub(m, key);
            if hub
                .as_ref()
                .is_some_and(|h| *h == m.id || *origin == "wiki link")
            {
                continue;
            }
            let entity = match hub {
                Some(h) => h,
                None => self.entity(m, name, key),
            };
            let provenance = format!("mentions {name:?} ({origin})");
            let e = auto_edge(
                &m.id,
                &entity,
                EdgeKind::Mentions,
                1.0,
                provenance,
                self.by.at,
            );
            self.edge(e);
        }
    }

    /// The note a name leads to in the memory's space, when no entity has that name.
    fn hub(&self, m: &Memory, key: &str) -> Option<String> {
        let k = (m.space.clone(), key.to_string());
        if self.st.entities.contains_key(&k) || self.batch_entities.contains_key(&k) {
            return None;
        }
        self.hubs.get(&k).cloned()
    }

    /// The entity known by a name in the memory's space, created the first time it is seen.
    fn entity(&mut self, m: &Memory, name: &str, key: &str) -> String {
        let k = (m.space.clone(), key.to_string());
        if let Some(id) = self
            .st
            .entities
            .get(&k)
            .or_else(|| self.batch_entities.get(&k))
        {
            return id.clone();
        }
        let entity = new_entity(m, name, &self.embedder);
        let id = entity.id.clone();
        self.batch_entities.insert(k, id.clone());
        self.report.entities_created += 1;
        self.index.insert(id.clone(), self.slots.len());
        self.slots.push(Slot::Entity(self.entities.len()));
        self.entities.push(entity);
        id
    }

    fn edge(&mut self, e: Edge) {
        self.edges_by_memory
            .entry(e.from.clone())
            .or_default()
            .push(e);
    }

    fn exists(&self, id: &str) -> bool {
        self.st.memories.contains_key(id) || self.index.contains_key(id)
    }

    fn resolve(&self, id: &str) -> String {
        self.remap
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// The edges that need the whole batch seen: similar, explicit, `next`.
    fn link_up(&mut self) -> Result<()> {
        self.settle_hub_mentions();
        self.similar_edges();
        self.explicit_links()?;
        self.next_edges();
        Ok(())
    }

    fn similar_edges(&mut self) {
        for (from, to, cos) in std::mem::take(&mut self.similar) {
            let to = self.resolve(&to);
            if from == to || !self.exists(&to) {
                continue;
            }
            let kind = if cos >= self.link.duplicate_threshold {
                EdgeKind::NearDuplicate
            } else {
                EdgeKind::Similar
            };
            let provenance = format!("cosine {cos:.3}");
            self.edge(auto_edge(&from, &to, kind, cos, provenance, self.by.at));
        }
    }

    /// Mentions that lead to a note new in the batch point at it as committed (a note another
    /// process stored meanwhile is that one), and never at a memory that is not there.
    fn settle_hub_mentions(&mut self) {
        if self.hubs.is_empty() {
            return;
        }
        let mut edges = std::mem::take(&mut self.edges_by_memory);
        for list in edges.values_mut() {
            for e in list.iter_mut() {
                e.to = self.resolve(&e.to);
            }
            list.retain(|e| self.exists(&e.to));
        }
        self.edges_by_memory = edges;
    }

    fn explicit_links(&mut self) -> Result<()> {
        for mut e in std::mem::take(&mut self.links) {
            e.from = self.resolve(&e.from);
            e.to = self.resolve(&e.to);
            if self.st.graph.edge(&e.id).is_some() || self.linked_already(&e) {
                continue; // already there (a repeated restore, or the same file imported again)
            }
            if !self.exists(&e.from) || !self.exists(&e.to) {
                let message = format!(
                    "edge {} → {} points at a memory that does not exist",
                    e.from, e.to
                );
                return Err(Error::invalid("links", message));
            }
            self.edge(e);
        }
        Ok(())
    }

    /// Whether the store holds this link already: same ends, same relation.
    fn linked_already(&self, e: &Edge) -> bool {
        (self.st.graph.edges_of(&e.from).into_iter())
            .any(|x| x.from == e.from && x.to == e.to && x.relation == e.relation)
    }

    fn next_edges(&mut self) {
        for (key, members) in std::mem::take(&mut self.sessions) {
            let (edges, removed) =
                session::next_edges(self.st, &key, members, &self.restores, self.by.at);
            self.removed_edges.extend(removed);
            for e in edges {
                self.edge(e);
            }
        }
    }

    /// Names of entities to create that have no vector, each once.
    fn missing_names(&self, names: &HashMap<String, Vec<f32>>) -> Vec<String> {
        let mut missing: Vec<String> = (self.entities.iter())
            .filter(|e| !names.contains_key(&e.title))
            .map(|e| e.title.clone())
            .collect();
        missing.sort();
        missing.dedup();
        missing
    }

    /// The change set: memories in slot order; operations for entities first, then for each new
    /// memory with its edges, then for edges whose source was a repeat.
    fn assemble(mut self, batch: Batch) -> Plan<AddReport> {
        let mut cs = ChangeSet::default();
        for i in self.take_memories(batch, &mut cs) {
            self.record_added(&cs.new_memories[i].0, &mut cs.operations, &mut cs.new_edges);
        }
        self.record_repeat_edges(&mut cs);
        // A `next` edge broken by a memory that joins its session between the two: logged, so
        // that followers drop it too and an undo puts it back.
        for id in std::mem::take(&mut self.removed_edges) {
            if let Some(e) = self.st.graph.edge(&id) {
                let o = op(OperationKind::Unlink, self.by, &id, "", to_json(e), None);
                cs.operations.push(o);
            }
            cs.removed_edges.push(id);
        }
        cs.new_spaces = self.spaces();
        self.report.added = cs.new_memories.len() - self.report.entities_created;
        self.report.edges_created = cs.new_edges.len();
        Plan {
            changes: cs,
            output: self.report,
        }
    }

    /// Moves the new memories into the change set in slot order, logging each entity; returns
    /// where the batch's own memories landed.
    fn take_memories(&mut self, batch: Batch, cs: &mut ChangeSet) -> Vec<usize> {
        let mut items: Vec<Option<Prepared>> = batch.items.into_iter().map(Some).collect();
        let mut entities = std::mem::take(&mut self.entities).into_iter();
        let mut added = Vec::new();
        for slot in std::mem::take(&mut self.slots) {
            let row = match slot {
                Slot::Entity(_) => {
                    let e = entities.next().expect("one entity per entity slot");
                    let v = batch.names.get(&e.title).cloned();
                    let o = op(
                        OperationKind::Add,
                        self.by,
                        &e.id,
                        &e.space,
                        None,
                        to_json(&e),
                    );
                    cs.operations.push(o);
                    (e, v.expect("missing names were checked"))
                }
                Slot::Item(i) => {
                    let p = items[i].take().expect("each item has one slot");
                    added.push(cs.new_memories.len());
                    (p.memory, p.vector)
                }
            };
            cs.new_memories.push(row);
        }
        added
    }

    /// The log records an added memory with the edges that came with it.
    fn record_added(
        &mut self,
        m: &Memory,
        ops: &mut Vec<mnemo_core::Operation>,
        all: &mut Vec<Edge>,
    ) {
        let edges = self.edges_by_memory.remove(&m.id).unwrap_or_default();
        let after = to_json(&Added {
            memory: m,
            edges: &edges,
        });
        ops.push(op(
            OperationKind::Add,
            self.by,
            &m.id,
            &m.space,
            None,
            after,
        ));
        all.extend(edges);
    }

    /// Edges from memories that were repeats (restores into a store that has them).
    fn record_repeat_edges(&mut self, cs: &mut ChangeSet) {
        for (_, edges) in std::mem::take(&mut self.edges_by_memory) {
            for e in edges {
                let o = op(OperationKind::Link, self.by, &e.id, "", None, to_json(&e));
                cs.operations.push(o);
                cs.new_edges.push(e);
            }
        }
    }

    fn spaces(&mut self) -> Vec<Space> {
        let at = self.by.at;
        (std::mem::take(&mut self.new_spaces).into_iter())
            .map(|name| Space::named(&name, at))
            .collect()
    }
}

/// What the log records for an added memory: the memory with the edges that came with it.
#[derive(serde::Serialize)]
struct Added<'a> {
    memory: &'a Memory,
    edges: &'a [Edge],
}

/// An entity for a name a memory mentions, in the memory's space and from its source.
fn new_entity(m: &Memory, name: &str, embedder: &str) -> Memory {
    Memory {
        id: mnemo_core::new_id(),
        kind: MemoryKind::Entity,
        title: name.to_string(),
        text: name.to_string(),
        tags: Vec::new(),
        space: m.space.clone(),
        source: m.source.clone(),
        session: None,
        external_id: None,
        occurred_at: None,
        valid_from: None,
        valid_until: None,
        created_at: m.created_at,
        updated_at: m.created_at,
        importance: 0.5,
        pinned: false,
        // A held memory's new entities wait with it: a name is text too.
        status: if m.status == MemoryStatus::Pending {
            MemoryStatus::Pending
        } else {
            MemoryStatus::Active
        },
        access_count: 0,
        last_accessed_at: None,
        embedder: embedder.to_string(),
        version: 1,
        aliases: Vec::new(),
        merged_from: Vec::new(),
        merged_into: None,
        written_by: m.written_by.clone(),
        held: m
            .held
            .as_ref()
            .map(|_| format!("named by a held memory ({:?})", m.title)),
        properties: Default::default(),
    }
}
