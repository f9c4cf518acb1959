//! The engine's in-memory read state: every memory (without vectors), the graph mirror, and the
//! indexes linking needs. Only the writer mutates it, and only after a commit to the store.

use mnemo_core::{
    Edge, EdgeKind, GraphChange, Memory, MemoryKind, MemoryStatus, Space, Timestamp, normalize_name,
};
use mnemo_graph::MemoryGraph;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// (space, name): how entities, external ids and sessions are keyed.
pub type SpaceKey = (String, String);

#[derive(Default)]
pub struct State {
    pub memories: FxHashMap<String, Memory>,
    pub graph: MemoryGraph,
    /// (space, normalised name) → entity memory id.
    pub entities: FxHashMap<SpaceKey, String>,
    /// (space, external id) → memory id.
    pub externals: FxHashMap<SpaceKey, String>,
    /// (space, session) → members in time order.
    pub sessions: FxHashMap<SpaceKey, BTreeSet<(Timestamp, String)>>,
    pub spaces: BTreeMap<String, Space>,
    /// How many memories each (space, status) holds: searches skip filters that exclude nothing.
    pub scope_counts: FxHashMap<(String, MemoryStatus), usize>,
    /// Sequence number of the last published delta.
    pub seq: u64,
}

pub fn session_key(m: &Memory) -> Option<SpaceKey> {
    m.session.as_ref().map(|s| (m.space.clone(), s.clone()))
}

pub fn entity_key(m: &Memory) -> Option<SpaceKey> {
    (m.kind == MemoryKind::Entity).then(|| (m.space.clone(), normalize_name(&m.title)))
}

impl State {
    pub fn build(memories: Vec<Memory>, edges: Vec<Edge>, spaces: Vec<Space>) -> (Self, usize) {
        let mut s = State::default();
        for sp in spaces {
            s.spaces.insert(sp.name.clone(), sp);
        }
        for m in memories {
            s.upsert_memory(m);
        }
        let mut dangling = 0;
        for e in edges {
            if !s.graph.upsert_edge(&e) {
                dangling += 1;
            }
        }
        (s, dangling)
    }

    pub fn upsert_memory(&mut self, m: Memory) {
        if let Some(old) = self.memories.remove(&m.id) {
            self.unindex(&old);
        }
        let names = Names::of(&m);
        // A duplicate (left by an older Mnemo's race) never takes the name from the first.
        for k in names.entities {
            self.entities
                .entry(k)
                .or_insert_with(|| names.owner.clone());
        }
        for k in names.externals {
            self.externals
                .entry(k)
                .or_insert_with(|| names.owner.clone());
        }
        if let Some(k) = session_key(&m) {
            self.sessions
                .entry(k)
                .or_default()
                .insert((m.effective_time(), m.id.clone()));
        }
        *self
            .scope_counts
            .entry((m.space.clone(), m.status))
            .or_default() += 1;
        self.graph.upsert_memory(&m);
        self.memories.insert(m.id.clone(), m);
    }

    fn unindex(&mut self, old: &Memory) {
        if let Some(n) = self.scope_counts.get_mut(&(old.space.clone(), old.status)) {
            *n = n.saturating_sub(1);
        }
        let names = Names::of(old);
        for k in names.entities {
            if self.entities.get(&k) == Some(&names.owner) {
                self.entities.remove(&k);
            }
        }
        for k in names.externals {
            if self.externals.get(&k) == Some(&names.owner) {
                self.externals.remove(&k);
            }
        }
        if let Some(k) = session_key(old)
            && let Some(set) = self.sessions.get_mut(&k)
        {
            set.remove(&(old.effective_time(), old.id.clone()));
        }
    }

    pub fn remove_memory(&mut self, id: &str) {
        if let Some(old) = self.memories.remove(id) {
            self.unindex(&old);
        }
        self.graph.remove_memory(id);
    }

    pub fn apply(&mut self, change: &GraphChange) {
        match change {
            GraphChange::MemoryUpserted { memory } => self.upsert_memory(memory.clone()),
            GraphChange::MemoryRemoved { id } => self.remove_memory(id),
            GraphChange::EdgeUpserted { edge } => {
                self.graph.upsert_edge(edge);
            }
            GraphChange::EdgeRemoved { id } => {
                self.graph.remove_edge(id);
            }
            GraphChange::SpaceUpserted { space } => {
                self.spaces.insert(space.name.clone(), space.clone());
            }
            GraphChange::SpaceRemoved { name } => {
                self.spaces.remove(name);
            }
        }
    }

    pub fn is_archived(&self, space: &str) -> bool {
        self.spaces.get(space).is_some_and(|s| s.archived)
    }

    /// The memories of a space, every status, in id order.
    pub fn memories_in(&self, space: &str) -> Vec<&Memory> {
        let mut out: Vec<&Memory> = (self.memories.values())
            .filter(|m| m.space == space)
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// How many memories lie outside a search scope (no spaces: every space).
    /// Whether any memory waits for review.
    pub fn holds_pending(&self) -> bool {
        (self.scope_counts.iter()).any(|((_, s), n)| *s == MemoryStatus::Pending && *n > 0)
    }

    pub fn outside_scope(&self, spaces: &[String], statuses: &[MemoryStatus]) -> usize {
        self.scope_counts
            .iter()
            .filter(|((space, status), _)| {
                !(spaces.is_empty() || spaces.contains(space)) || !statuses.contains(status)
            })
            .map(|(_, n)| n)
            .sum()
    }

    /// Whether a memory lies inside a search scope.
    pub fn in_scope(&self, id: &str, spaces: &[String], statuses: &[MemoryStatus]) -> bool {
        self.memories.get(id).is_some_and(|m| {
            (spaces.is_empty() || spaces.contains(&m.space)) && statuses.contains(&m.status)
        })
    }

    /// The `next` edge from `a` to `b`, if there is one.
    pub fn next_edge(&self, a: &str, b: &str) -> Option<&Edge> {
        self.graph
            .edges_of(a)
            .into_iter()
            .find(|e| e.kind == EdgeKind::Next && e.from == a && e.to == b)
    }

    /// Resolves a link target: an external id within `space`, else a memory id; a merged
    /// memory resolves to the one that carries on for it.
    pub fn resolve(&self, space: &str, to: &str) -> Option<String> {
        let id = self
            .externals
            .get(&(space.to_string(), to.to_string()))
            .cloned()
            .or_else(|| self.memories.contains_key(to).then(|| to.to_string()))?;
        Some(self.survivor(&id))
    }

    /// The memory that carries on for `id`: itself, or where its merges lead.
    pub fn survivor(&self, id: &str) -> String {
        let mut at = id;
        // Merge chains are short; the bound only guards against a cycle in a damaged store.
        for _ in 0..64 {
            match self.memories.get(at).and_then(|m| m.merged_into.as_deref()) {
                Some(next) if self.memories.contains_key(next) => at = next,
                _ => break,
            }
        }
        at.to_string()
    }
}

/// The names a memory answers to, and who answers for them: itself, or the memory it was
/// merged into (whose aliases then hold its names too).
struct Names {
    owner: String,
    entities: Vec<SpaceKey>,
    externals: Vec<SpaceKey>,
}

impl Names {
    fn of(m: &Memory) -> Names {
        let owner = match (m.status, &m.merged_into) {
            (MemoryStatus::Merged, Some(into)) => into.clone(),
            _ => m.id.clone(),
        };
        let key = |s: &str| (m.space.clone(), s.to_string());
        let mut entities: Vec<SpaceKey> = entity_key(m).into_iter().collect();
        if m.kind == MemoryKind::Entity {
            let aliases = m.aliases.iter().map(|a| normalize_name(a));
            entities.extend(aliases.filter(|a| !a.is_empty()).map(|a| key(&a)));
        }
        let externals = (m.external_id.iter().chain(&m.aliases)).map(|x| key(x));
        Names {
            owner,
            entities,
            externals: externals.collect(),
        }
    }
}
