//! The vectors that `similar` links are found among (every Active memory but entities), held in
//! memory per space, so that an agent's single add links by one exact product instead of a
//! LanceDB search: on a table that many small commits have left in pieces, a search cost more
//! CPU than the rest of the add together.
//!
//! The writer keeps it current: the vectors of its own commits go in as they are committed;
//! other processes' changes (replayed from the log without vectors) mark their memories stale,
//! and the next lookup reads just those vectors from the store. Nothing is read until the
//! first lookup, and above [`MAX_VECTORS`] the index stands aside for LanceDB's vector index.
//! Lookups that wait together are answered by one pass over the vectors (agents answered
//! together add together), which reads them from memory once instead of once per add.

use mnemo_core::{Error, GraphChange, Memory, MemoryKind, MemoryStatus, Result};
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};
use tokio::sync::oneshot;

use crate::similar;
use crate::state::State;

/// Above this many linkable memories (about 300 MB of vectors at 384 dimensions, and 80 MB of
/// their int8 codes), lookups go to LanceDB, whose vector index then answers in a few
/// milliseconds.
pub(crate) const MAX_VECTORS: usize = 200_000;

/// Whether a stored memory can be the target of a `similar` link.
pub(crate) fn linkable(m: &Memory) -> bool {
    m.status == MemoryStatus::Active && m.kind != MemoryKind::Entity
}

#[derive(Default)]
pub(crate) struct LinkIndex {
    vectors: RwLock<Vectors>,
    /// Lookups not answered yet.
    waiting: Mutex<Vec<Lookup>>,
    /// Held by the lookup that refreshes the index and answers every waiting one.
    turn: tokio::sync::Mutex<()>,
}

/// One add's queries: (space, vector) each, and where their answer goes.
struct Lookup {
    queries: Vec<(String, Vec<f32>)>,
    reply: oneshot::Sender<Result<Option<Vec<Similar>>>>,
}

#[derive(Default)]
struct Vectors {
    /// False until the first lookup; until then nothing is kept.
    loaded: bool,
    spaces: HashMap<String, SpaceVectors>,
    /// Each kept memory's space.
    home: HashMap<String, String>,
    /// Memories whose vector must be read from the store, each with the number of its mark:
    /// a vector read before a later mark is not taken.
    stale: HashMap<String, u64>,
    marks: u64,
}

/// One space's vectors, row-major, with their ids, and coded for the int8 prefilter (kept
/// here, as the vectors change, so that a lookup codes only its queries: quantising 45,000
/// targets at each add, or scoring each in f32, was a quarter of the server's CPU while 20
/// agents added one memory at a time).
#[derive(Default)]
struct SpaceVectors {
    ids: Vec<String>,
    data: Vec<f32>,
    row: HashMap<String, usize>,
    /// None on a CPU without an int8 kernel.
    coded: Option<similar::CodedTargets>,
}

/// One draft's similar memories: (id, score), best first.
pub(crate) type Similar = Vec<(String, f32)>;

impl LinkIndex {
    /// Called by the writer with the read state as it was *before* `changes` apply to it.
    pub(crate) fn note(&self, before: &State, changes: &[GraphChange]) {
        let mut v = self.vectors.write().expect("link index lock");
        if !v.loaded {
            return;
        }
        for c in changes {
            match c {
                GraphChange::MemoryUpserted { memory } => v.note_upsert(before, memory),
                GraphChange::MemoryRemoved { id } => v.remove(id),
                _ => {}
            }
        }
    }

    /// Vectors the writer has just committed, of memories as they now are.
    pub(crate) fn committed<'a>(&self, memories: impl Iterator<Item = (&'a Memory, &'a [f32])>) {
        let mut v = self.vectors.write().expect("link index lock");
        if !v.loaded {
            return;
        }
        for (m, vector) in memories {
            v.stale.remove(&m.id);
            match linkable(m) {
                true => v.upsert(&m.space, &m.id, vector),
                false => v.remove(&m.id),
            }
        }
    }

    /// Each query's most similar linkable memories of its space, scoring at least `threshold`,
    /// best first, equal scores by id, at most `k`; `None` when the store holds more than
    /// [`MAX_VECTORS`] of them (search LanceDB instead).
    pub(crate) async fn similar(
        &self,
        engine: &crate::Engine,
        queries: Vec<(String, Vec<f32>)>,
        threshold: f32,
        k: usize,
    ) -> Result<Option<Vec<Similar>>> {
        let (reply, answer) = oneshot::channel();
        (self.waiting.lock().expect("lookup queue")).push(Lookup { queries, reply });
        {
            let _turn = self.turn.lock().await;
            // Adds answered by one embedding pass reach here together: the first to take the
            // turn lets the others queue their lookups, so that one pass over the vectors
            // answers them all, not one for it and another for the rest.
            tokio::task::yield_now().await;
            // Refreshed first: a lookup cancelled meanwhile leaves the waiting ones queued.
            let fresh = self.refresh(engine).await;
            let lookups = std::mem::take(&mut *self.waiting.lock().expect("lookup queue"));
            self.answer(lookups, fresh, threshold, k);
        }
        answer
            .await
            .map_err(|_| Error::Storage("a similarity lookup went unanswered".into()))?
    }

    /// Answers `lookups` by one pass over each space's vectors.
    fn answer(&self, lookups: Vec<Lookup>, fresh: Result<bool>, threshold: f32, k: usize) {
        match fresh {
            Err(e) => lookups
                .into_iter()
                .for_each(|l| drop(l.reply.send(Err(e.clone())))),
            Ok(false) => lookups
                .into_iter()
                .for_each(|l| drop(l.reply.send(Ok(None)))),
            Ok(true) => {
                let v = self.vectors.read().expect("link index lock");
                let mut by_space: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
                for (l, lookup) in lookups.iter().enumerate() {
                    for (q, (space, _)) in lookup.queries.iter().enumerate() {
                        by_space.entry(space).or_default().push((l, q));
                    }
                }
                let mut found: Vec<Vec<Similar>> = (lookups.iter())
                    .map(|l| vec![Vec::new(); l.queries.len()])
                    .collect();
                for (space, members) in by_space {
                    let queries: Vec<&[f32]> = (members.iter())
                        .map(|&(l, q)| lookups[l].queries[q].1.as_slice())
                        .collect();
                    let hits = v.nearest(space, &queries, threshold, k);
                    for ((l, q), hits) in members.into_iter().zip(hits) {
                        found[l][q] = hits;
                    }
                }
                drop(v);
                for (lookup, found) in lookups.into_iter().zip(found) {
                    let _ = lookup.reply.send(Ok(Some(found)));
                }
            }
        }
    }

    /// Brings the index up to date with the read state (under the turn); false when it is
    /// too large to keep.
    async fn refresh(&self, engine: &crate::Engine) -> Result<bool> {
        let wanted = {
            let st = engine.shared.state.read().expect("state lock");
            let mut v = self.vectors.write().expect("link index lock");
            if !v.loaded {
                let count = st.memories.values().filter(|m| linkable(m)).count();
                if count > MAX_VECTORS {
                    return Ok(false);
                }
                v.loaded = true;
                for m in st.memories.values().filter(|m| linkable(m)) {
                    v.mark(&m.id);
                }
            }
            if v.home.len() + v.stale.len() > MAX_VECTORS {
                *v = Vectors::default();
                return Ok(false);
            }
            v.stale
                .iter()
                .map(|(id, mark)| (id.clone(), *mark))
                .collect::<Vec<_>>()
        };
        if wanted.is_empty() {
            return Ok(true);
        }
        // Stale marks come from the log, whose changes' rows are in the latest version.
        engine.store().refresh_memories().await?;
        let read = read_vectors(engine, &wanted).await?;
        let st = engine.shared.state.read().expect("state lock");
        let mut v = self.vectors.write().expect("link index lock");
        let mut read: HashMap<String, Vec<f32>> = read.into_iter().collect();
        for (id, mark) in wanted {
            if v.stale.get(&id) != Some(&mark) {
                continue; // marked again (or committed) since: a later refresh reads it
            }
            v.stale.remove(&id);
            match (
                st.memories.get(&id).filter(|m| linkable(m)),
                read.remove(&id),
            ) {
                (Some(m), Some(vector)) => v.upsert(&m.space, &id, &vector),
                _ => v.remove(&id),
            }
        }
        Ok(true)
    }
}

/// The stored vectors of `wanted`: by id, or by one scan of the table when most are wanted.
async fn read_vectors(
    engine: &crate::Engine,
    wanted: &[(String, u64)],
) -> Result<Vec<(String, Vec<f32>)>> {
    let store = engine.store();
    let rows = engine.read(|st| st.memories.len());
    // Reading by id filters a scan of the id column, so past a fifth of the rows one full scan
    // of ids and vectors is cheaper.
    if wanted.len() * 5 > rows {
        return store.load_vectors(None).await;
    }
    let ids: Vec<&str> = wanted.iter().map(|(id, _)| id.as_str()).collect();
    store.load_vectors(Some(&ids)).await
}

impl Vectors {
    fn mark(&mut self, id: &str) {
        self.marks += 1;
        self.stale.insert(id.to_string(), self.marks);
    }

    /// A memory another process, or this one without a new vector, changed: kept as it was
    /// when its text (so its vector) is unchanged, moved if its space changed, else re-read.
    fn note_upsert(&mut self, before: &State, m: &Memory) {
        if !linkable(m) {
            self.stale.remove(&m.id);
            self.remove(&m.id);
            return;
        }
        let same_text = (before.memories.get(&m.id))
            .is_some_and(|old| old.title == m.title && old.text == m.text);
        match (same_text, self.home.get(&m.id).cloned()) {
            (true, Some(space)) if space == m.space => {}
            (true, Some(space)) => {
                let vector = self.spaces[&space].vector(&m.id).to_vec();
                self.upsert(&m.space, &m.id, &vector);
            }
            _ => self.mark(&m.id),
        }
    }

    fn upsert(&mut self, space: &str, id: &str, vector: &[f32]) {
        match self.home.get(id) {
            Some(s) if s == space => {
                let rows = self.spaces.get_mut(space).expect("home space");
                rows.set(id, vector);
                return;
            }
            Some(_) => self.remove(id),
            None => {}
        }
        let rows = self.spaces.entry(space.to_string()).or_default();
        rows.set(id, vector);
        self.home.insert(id.to_string(), space.to_string());
    }

    fn remove(&mut self, id: &str) {
        if let Some(space) = self.home.remove(id) {
            let rows = self.spaces.get_mut(&space).expect("home space");
            rows.remove(id);
            if rows.ids.is_empty() {
                self.spaces.remove(&space);
            }
        }
    }

    /// Each query's best targets in `space`.
    fn nearest(&self, space: &str, queries: &[&[f32]], threshold: f32, k: usize) -> Vec<Similar> {
        let Some(rows) = self.spaces.get(space) else {
            return vec![Vec::new(); queries.len()];
        };
        let dims = queries.first().map_or(1, |q| q.len());
        let targets: Vec<&[f32]> = rows.data.chunks_exact(dims).collect();
        let order = |a: usize, b: usize| rows.ids[a].cmp(&rows.ids[b]);
        let hits = match &rows.coded {
            Some(coded) if coded.vector_len() == dims => {
                similar::top_k_coded(queries, &targets, coded, order, threshold, k)
            }
            _ => similar::top_k(queries, &targets, |_| 0..targets.len(), order, threshold, k),
        };
        let named = |h: Vec<(usize, f32)>| h.into_iter().map(|(t, s)| (rows.ids[t].clone(), s));
        hits.into_iter().map(|h| named(h).collect()).collect()
    }
}

impl SpaceVectors {
    fn vector(&self, id: &str) -> &[f32] {
        let dims = self.data.len() / self.ids.len();
        let r = self.row[id];
        &self.data[r * dims..(r + 1) * dims]
    }

    fn set(&mut self, id: &str, vector: &[f32]) {
        let dims = vector.len();
        let r = match self.row.get(id) {
            Some(&r) => {
                self.data[r * dims..(r + 1) * dims].copy_from_slice(vector);
                r
            }
            None => {
                self.row.insert(id.to_string(), self.ids.len());
                self.ids.push(id.to_string());
                self.data.extend_from_slice(vector);
                self.ids.len() - 1
            }
        };
        if self.ids.len() == 1 && r == 0 {
            self.coded = similar::CodedTargets::new(dims);
        }
        match &mut self.coded {
            Some(coded) if coded.vector_len() == dims => coded.set(r, vector),
            // Vectors of another length: lookups score every pair exactly.
            _ => self.coded = None,
        }
    }

    /// Swap-removes the row: the last row takes its place.
    fn remove(&mut self, id: &str) {
        let Some(r) = self.row.remove(id) else {
            return;
        };
        let dims = self.data.len() / self.ids.len();
        let last = self.ids.len() - 1;
        if r != last {
            self.data
                .copy_within(last * dims..(last + 1) * dims, r * dims);
            self.ids.swap(r, last);
            self.row.insert(self.ids[r].clone(), r);
        }
        self.ids.pop();
        self.data.truncate(last * dims);
        if let Some(coded) = &mut self.coded {
            coded.swap_remove(r);
        }
    }
}
