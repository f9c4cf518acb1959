//! The single writer: every change goes through this task, which writes LanceDB, then updates the
//! read state, then publishes a numbered [`GraphDelta`]. Reads never wait on its I/O.

use mnemo_core::{
    Edge, EdgeKind, Error, GraphChange, GraphDelta, Json, Memory, MemoryKind, MemoryPatch,
    MemoryStatus, Operation, OperationKind, Result, RetrievalTrace, Space, TraceSummary, new_id,
    normalize_name, now, to_json,
};
use mnemo_store::MemoryStore;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::state::{State, entity_key, session_key};
use crate::sync::{self, Follower};

/// A memory ready to commit: validated, embedded, with its links worked out off the writer's path.
pub struct Prepared {
    pub memory: Memory,
    pub vector: Vec<f32>,
    /// Entities it mentions: display name, normalised key, how it was found.
    pub mentions: Vec<(String, String, &'static str)>,
    /// Vectors for entity names that did not exist when this was prepared.
    pub entity_vectors: HashMap<String, Vec<f32>>,
    /// Explicit links, targets resolved to ids (or to ids of memories in the same batch).
    pub links: Vec<Edge>,
    /// Nearest existing or earlier-in-batch memories: (id, cosine).
    pub similar: Vec<(String, f32)>,
    /// A verbatim restore (from an export): no automatic linking, edges as given.
    pub restore: bool,
}

/// Thresholds for automatic links.
#[derive(Debug, Clone)]
pub struct LinkConfig {
    pub similar_threshold: f32,
    pub similar_max: usize,
    pub duplicate_threshold: f32,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            similar_threshold: 0.75,
            similar_max: 3,
            duplicate_threshold: 0.96,
        }
    }
}

pub enum Command {
    Add {
        items: Vec<Prepared>,
        actor: String,
        reply: oneshot::Sender<Result<AddReport>>,
    },
    Update {
        id: String,
        patch: MemoryPatch,
        vector: Option<Vec<f32>>,
        actor: String,
        reply: oneshot::Sender<Result<Memory>>,
    },
    Link {
        edge: Edge,
        actor: String,
        reply: oneshot::Sender<Result<Edge>>,
    },
    Unlink {
        id: String,
        actor: String,
        reply: oneshot::Sender<Result<Edge>>,
    },
    Confirm {
        id: String,
        actor: String,
        reply: oneshot::Sender<Result<Edge>>,
    },
    SaveTrace(Box<RetrievalTrace>),
    Touch(Vec<String>),
    Optimize {
        reply: oneshot::Sender<Result<()>>,
    },
    Flush {
        reply: oneshot::Sender<Result<()>>,
    },
    /// Flush, answer, and stop: nothing touches the store after the answer.
    Close {
        reply: oneshot::Sender<Result<()>>,
    },
}

impl Command {
    /// Whether the command changes memories or edges (then it first catches up with other processes).
    fn writes(&self) -> bool {
        matches!(
            self,
            Command::Add { .. }
                | Command::Update { .. }
                | Command::Link { .. }
                | Command::Unlink { .. }
                | Command::Confirm { .. }
        )
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

pub struct Writer {
    pub store: MemoryStore,
    pub state: Arc<RwLock<State>>,
    pub deltas: broadcast::Sender<GraphDelta>,
    pub link: LinkConfig,
    pub embedder: Arc<dyn mnemo_embed::Embedder>,
    /// Headlines of new traces, this process's and other processes'.
    pub trace_events: broadcast::Sender<TraceSummary>,
    /// What this process has seen of the shared operation log and traces.
    pub follower: Follower,
    traces: Vec<RetrievalTrace>,
    touches: HashMap<String, u32>,
    last_touch_flush: std::time::Instant,
    /// Rows written since the indexes were last refreshed, and when the last write was.
    unindexed: usize,
    /// Rows went into delta segments since the store last settled.
    unsettled: bool,
    last_write: std::time::Instant,
}

/// Refresh indexes once this many rows are unindexed (full-text search scans them meanwhile)…
const OPTIMIZE_AFTER_ROWS: usize = 2_000;
/// …or once writing has paused this long with any unindexed rows.
const OPTIMIZE_WHEN_IDLE: Duration = Duration::from_secs(20);
/// Access counts go to their own log table in bulk: every half minute, or once this many memories
/// wait, and on shutdown. (Rewriting memories' rows every second took a core from the searches
/// being counted, and left rows out of the vector index.)
const TOUCH_FLUSH_EVERY: Duration = Duration::from_secs(30);
const TOUCH_FLUSH_COUNT: usize = 1_000;

fn edge(
    from: &str,
    to: &str,
    kind: EdgeKind,
    weight: f32,
    provenance: String,
    automatic: bool,
) -> Edge {
    Edge {
        id: new_id(),
        from: from.to_string(),
        to: to.to_string(),
        kind,
        relation: kind.as_str().to_string(),
        weight,
        valid_from: None,
        valid_until: None,
        provenance,
        automatic,
        confirmed: false,
        created_at: now(),
    }
}

/// What the log records for an added memory: the memory with the edges that came with it.
#[derive(serde::Serialize)]
struct Added<'a> {
    memory: &'a Memory,
    edges: &'a [Edge],
}

impl Writer {
    pub fn new(
        store: MemoryStore,
        state: Arc<RwLock<State>>,
        deltas: broadcast::Sender<GraphDelta>,
        link: LinkConfig,
        embedder: Arc<dyn mnemo_embed::Embedder>,
        trace_events: broadcast::Sender<TraceSummary>,
        follower: Follower,
    ) -> Self {
        Writer {
            store,
            state,
            deltas,
            trace_events,
            follower,
            link,
            embedder,
            traces: Vec::new(),
            touches: HashMap::new(),
            last_touch_flush: std::time::Instant::now(),
            unindexed: 0,
            unsettled: false,
            last_write: std::time::Instant::now(),
        }
    }

    /// Runs until every sender is dropped. Consecutive adds and trace saves are coalesced into
    /// one commit each; background bookkeeping (traces, access counts) is flushed every second.
    pub async fn run(mut self, mut rx: mpsc::Receiver<Command>) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(Command::Close { reply }) => {
                        let _ = reply.send(self.flush_background(true).await);
                        return;
                    }
                    Some(cmd) => self.handle(cmd).await,
                    None => break,
                },
                _ = tick.tick() => {
                    // Retried every second; a failure here is also where a shutting-down runtime
                    // cancels LanceDB's tasks, so it is not worth a warning.
                    if let Err(e) = self.follow().await {
                        tracing::debug!(error = %e, "reading other processes' writes failed");
                    }
                    if let Err(e) = self.flush_background(false).await {
                        tracing::warn!(error = %e, "flushing traces and access counts failed");
                    }
                    let idle = self.last_write.elapsed() >= OPTIMIZE_WHEN_IDLE;
                    // Compaction and index refresh run here, between commands: reads go on.
                    // While writes go on, new rows join the indexes as delta segments; once
                    // writing pauses, the store settles (rebuilding the vector index if needed).
                    let settle = idle && (self.unindexed > 0 || self.unsettled);
                    if self.unindexed >= OPTIMIZE_AFTER_ROWS || settle {
                        match self.store.optimize(settle).await {
                            Ok(()) => {
                                self.unindexed = 0;
                                self.unsettled = !settle;
                            }
                            Err(e) => tracing::warn!(error = %e, "background optimize failed"),
                        }
                    }
                }
            }
        }
        if let Err(e) = self.flush_background(true).await {
            tracing::warn!(error = %e, "final flush failed");
        }
    }

    async fn handle(&mut self, cmd: Command) {
        if cmd.writes() {
            // Build on what other processes committed, so an edit never overwrites theirs.
            if let Err(e) = self.store.refresh_log().await {
                tracing::warn!(error = %e, "refreshing the operation log failed");
            }
            if let Err(e) = self.follow().await {
                tracing::warn!(error = %e, "reading other processes' writes failed");
            }
        }
        match cmd {
            Command::Add {
                items,
                actor,
                reply,
            } => {
                let _ = reply.send(self.add(items, &actor).await);
            }
            Command::Update {
                id,
                patch,
                vector,
                actor,
                reply,
            } => {
                let _ = reply.send(self.update(&id, &patch, vector, &actor).await);
            }
            Command::Link { edge, actor, reply } => {
                let _ = reply.send(self.link(edge, &actor).await);
            }
            Command::Unlink { id, actor, reply } => {
                let _ = reply.send(self.unlink(&id, &actor).await);
            }
            Command::Confirm { id, actor, reply } => {
                let _ = reply.send(self.confirm(&id, &actor).await);
            }
            Command::SaveTrace(t) => {
                self.follower.own_trace(&t.id);
                let _ = self.trace_events.send(t.summary());
                self.traces.push(*t);
            }
            Command::Touch(ids) => {
                for id in ids {
                    *self.touches.entry(id).or_default() += 1;
                }
            }
            Command::Optimize { reply } => {
                let r = async {
                    self.flush_background(true).await?;
                    self.store.optimize(true).await
                }
                .await;
                if r.is_ok() {
                    self.unindexed = 0;
                    self.unsettled = false;
                }
                let _ = reply.send(r);
            }
            // `run` stops on Close itself; here it can only mean "flush".
            Command::Flush { reply } | Command::Close { reply } => {
                let _ = reply.send(self.flush_background(true).await);
            }
        }
    }

    fn publish(&self, state: &mut State, actor: &str, changes: Vec<GraphChange>) {
        if changes.is_empty() {
            return;
        }
        state.seq += 1;
        // No subscriber is fine: the UI may not be open.
        let _ = self.deltas.send(GraphDelta {
            seq: state.seq,
            at: now(),
            actor: actor.to_string(),
            changes,
        });
    }

    /// Commits memories and edges, then applies them to the read state and publishes one delta.
    #[allow(clippy::too_many_arguments)]
    async fn commit(
        &mut self,
        actor: &str,
        new_memories: &[(&Memory, &[f32])],
        updated_memories: &[(&Memory, &[f32])],
        new_edges: &[Edge],
        updated_edges: &[Edge],
        removed_edges: &[String],
        ops: &[Operation],
        new_spaces: &[Space],
    ) -> Result<()> {
        // Order matters for a crash between commits: the memories and edges tables first (at
        // once: reopening ignores an edge whose endpoint is missing, so either may land first),
        // then the log, which followers in other processes take as the record of what happened.
        let started = std::time::Instant::now();
        let store = &self.store;
        let memories = async {
            store.upsert_spaces(new_spaces).await?;
            store.insert_memories(new_memories).await?;
            store.update_memories(updated_memories).await
        };
        let edges = async {
            store
                .delete_edges(&removed_edges.iter().map(String::as_str).collect::<Vec<_>>())
                .await?;
            store.insert_edges(new_edges).await?;
            store.upsert_edges(updated_edges).await
        };
        tokio::try_join!(memories, edges)?;
        let tables_done = started.elapsed();
        self.store.append_operations(ops).await?;
        let ops_done = started.elapsed();
        for o in ops {
            self.follower.own_op(&o.id);
        }
        self.unindexed += new_memories.len() + updated_memories.len();
        self.last_write = std::time::Instant::now();

        let mut changes = Vec::new();
        for (m, _) in new_memories.iter().chain(updated_memories) {
            changes.push(GraphChange::MemoryUpserted {
                memory: (*m).clone(),
            });
        }
        for id in removed_edges {
            changes.push(GraphChange::EdgeRemoved { id: id.clone() });
        }
        for e in new_edges.iter().chain(updated_edges) {
            changes.push(GraphChange::EdgeUpserted { edge: e.clone() });
        }
        let mut state = self.state.write().expect("state lock");
        for s in new_spaces {
            state.spaces.insert(s.name.clone(), s.clone());
        }
        for c in &changes {
            state.apply(c);
        }
        self.publish(&mut state, actor, changes);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        tracing::debug!(
            memories = new_memories.len() + updated_memories.len(),
            edges = new_edges.len() + updated_edges.len(),
            ops = ops.len(),
            tables_ms = ms(tables_done),
            ops_ms = ms(ops_done - tables_done),
            apply_ms = ms(started.elapsed() - ops_done),
            "committed"
        );
        Ok(())
    }

    async fn add(&mut self, items: Vec<Prepared>, actor: &str) -> Result<AddReport> {
        let mut report = AddReport::default();
        let state = self.state.clone();
        let started = std::time::Instant::now();
        let plan = {
            let st = state.read().expect("state lock");
            self.plan_add(&st, items, actor, &mut report)?
        };
        tracing::debug!(
            plan_ms = started.elapsed().as_secs_f64() * 1e3,
            "add planned"
        );
        let rows: Vec<(&Memory, &[f32])> = plan
            .memories
            .iter()
            .map(|(m, v)| (m, v.as_slice()))
            .collect();
        self.commit(
            actor,
            &rows,
            &[],
            &plan.edges,
            &[],
            &plan.removed_edges,
            &plan.ops,
            &plan.spaces,
        )
        .await?;
        report.added = plan.memories.len() - report.entities_created;
        report.edges_created = plan.edges.len();
        Ok(report)
    }

    /// Works out everything an add writes, from the read state and the batch, without writing.
    fn plan_add(
        &self,
        st: &State,
        items: Vec<Prepared>,
        actor: &str,
        report: &mut AddReport,
    ) -> Result<AddPlan> {
        let mut plan = AddPlan::default();
        let mut batch_entities: FxHashMap<(String, String), String> = FxHashMap::default();
        let mut batch_externals: FxHashMap<(String, String), String> = FxHashMap::default();
        let mut new_spaces: BTreeSet<String> = BTreeSet::new();
        let mut session_members: FxHashMap<(String, String), Vec<(mnemo_core::Timestamp, String)>> =
            FxHashMap::default();
        let mut edges_by_memory: FxHashMap<String, Vec<Edge>> = FxHashMap::default();
        // Ids of repeats map to the memory that already exists, so links still land.
        let mut remap: FxHashMap<String, String> = FxHashMap::default();
        let mut pending_links: Vec<Edge> = Vec::new();
        let mut pending_similar: Vec<(String, String, f32)> = Vec::new();
        // Where each new memory (not entity) sits in `plan.memories`, in input order; and where
        // every memory and entity new in this batch sits, by id.
        let mut order: Vec<usize> = Vec::new();
        let mut batch_index: FxHashMap<String, usize> = FxHashMap::default();
        let mut restore_ids: FxHashSet<String> = FxHashSet::default();

        for mut p in items {
            let m = &p.memory;
            let ext_key = m.external_id.as_ref().map(|x| (m.space.clone(), x.clone()));
            let existing = ext_key
                .as_ref()
                .and_then(|k| st.externals.get(k).or_else(|| batch_externals.get(k)))
                .cloned()
                .or_else(|| st.memories.contains_key(&m.id).then(|| m.id.clone()))
                .or_else(|| {
                    // An entity restored or added by name joins the entity already known by that name.
                    entity_key(m).and_then(|k| {
                        st.entities
                            .get(&k)
                            .or_else(|| batch_entities.get(&k))
                            .cloned()
                    })
                });
            if let Some(existing) = existing {
                remap.insert(m.id.clone(), existing.clone());
                report.skipped += 1;
                if let Some(found) = st
                    .memories
                    .get(&existing)
                    .or_else(|| batch_index.get(&existing).map(|&i| &plan.memories[i].0))
                {
                    report.memories.push(found.clone());
                }
                // A restore still brings its edges, e.g. to memories new in this file.
                if p.restore {
                    pending_links.append(&mut p.links);
                }
                continue;
            }
            if !st.spaces.contains_key(&m.space) {
                new_spaces.insert(m.space.clone());
            }
            if let Some(k) = ext_key {
                batch_externals.insert(k, m.id.clone());
            }
            if let Some(k) = entity_key(m) {
                batch_entities.insert(k, m.id.clone());
            }
            if let Some(k) = session_key(m) {
                session_members
                    .entry(k)
                    .or_default()
                    .push((m.effective_time(), m.id.clone()));
            }
            if p.restore {
                restore_ids.insert(m.id.clone());
            }
            report.memories.push(p.memory.clone());

            if !p.restore {
                // Mentions: link to the entity by name, creating it the first time it is seen.
                for (name, key, origin) in &p.mentions {
                    if m.kind == MemoryKind::Entity && normalize_name(&m.title) == *key {
                        continue;
                    }
                    let sk = (m.space.clone(), key.clone());
                    let entity_id = match st.entities.get(&sk).or_else(|| batch_entities.get(&sk)) {
                        Some(id) => id.clone(),
                        None => {
                            let vector = match p.entity_vectors.remove(key) {
                                Some(v) => v,
                                None => self.embedder.embed_one(name)?,
                            };
                            let entity = Memory {
                                id: new_id(),
                                kind: MemoryKind::Entity,
                                title: name.clone(),
                                text: name.clone(),
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
                                status: MemoryStatus::Active,
                                access_count: 0,
                                last_accessed_at: None,
                                embedder: self.embedder.id().to_string(),
                                version: 1,
                            };
                            batch_entities.insert(sk, entity.id.clone());
                            report.entities_created += 1;
                            plan.ops.push(op(
                                OperationKind::Add,
                                actor,
                                &entity.id,
                                &entity.space,
                                None,
                                to_json(&entity),
                            ));
                            let id = entity.id.clone();
                            batch_index.insert(id.clone(), plan.memories.len());
                            plan.memories.push((entity, vector));
                            id
                        }
                    };
                    let e = edge(
                        &m.id,
                        &entity_id,
                        EdgeKind::Mentions,
                        1.0,
                        format!("mentions {name:?} ({origin})"),
                        true,
                    );
                    edges_by_memory.entry(m.id.clone()).or_default().push(e);
                }
                for (to, cos) in p.similar.iter().take(self.link.similar_max) {
                    pending_similar.push((m.id.clone(), to.clone(), *cos));
                }
            }
            pending_links.append(&mut p.links);
            order.push(plan.memories.len());
            batch_index.insert(p.memory.id.clone(), plan.memories.len());
            plan.memories.push((p.memory, p.vector));
        }

        let exists = |id: &str| st.memories.contains_key(id) || batch_index.contains_key(id);
        let resolve = |id: &str| remap.get(id).cloned().unwrap_or_else(|| id.to_string());

        for (from, to, cos) in pending_similar {
            let to = resolve(&to);
            if from == to || !exists(&to) {
                continue;
            }
            let kind = if cos >= self.link.duplicate_threshold {
                EdgeKind::NearDuplicate
            } else {
                EdgeKind::Similar
            };
            let e = edge(&from, &to, kind, cos, format!("cosine {cos:.3}"), true);
            edges_by_memory.entry(from).or_default().push(e);
        }
        for mut e in pending_links {
            e.from = resolve(&e.from);
            e.to = resolve(&e.to);
            if st.graph.edge(&e.id).is_some() {
                continue; // already there (a repeated restore)
            }
            if !exists(&e.from) || !exists(&e.to) {
                return Err(Error::invalid(
                    "links",
                    format!(
                        "edge {} → {} points at a memory that does not exist",
                        e.from, e.to
                    ),
                ));
            }
            edges_by_memory.entry(e.from.clone()).or_default().push(e);
        }

        // `next` edges: merge each touched session's members in time order; pairs that involve a
        // new member become edges, and old neighbours that now have one between them are unlinked.
        for (key, new_members) in session_members {
            let new_set: FxHashSet<&String> = new_members.iter().map(|(_, id)| id).collect();
            let old: Vec<(mnemo_core::Timestamp, String)> = st
                .sessions
                .get(&key)
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default();
            let mut merged: Vec<(mnemo_core::Timestamp, String)> = old
                .iter()
                .cloned()
                .chain(new_members.iter().cloned())
                .collect();
            merged.sort();
            let position: FxHashMap<&str, usize> = merged
                .iter()
                .enumerate()
                .map(|(i, (_, id))| (id.as_str(), i))
                .collect();
            for w in old.windows(2) {
                let (a, b) = (&w[0].1, &w[1].1);
                if position[a.as_str()] + 1 != position[b.as_str()]
                    && let Some(e) = st.next_edge(a, b)
                {
                    plan.removed_edges.push(e.id.clone());
                }
            }
            for w in merged.windows(2) {
                let (a, b) = (&w[0].1, &w[1].1);
                let involves_new = new_set.contains(a) || new_set.contains(b);
                // Restores bring their own `next` edges (or deliberately lack one).
                let restored = restore_ids.contains(a) || restore_ids.contains(b);
                if involves_new && !restored && st.next_edge(a, b).is_none() {
                    let e = edge(
                        a,
                        b,
                        EdgeKind::Next,
                        1.0,
                        format!("next in session {:?}", key.1),
                        true,
                    );
                    edges_by_memory.entry(a.clone()).or_default().push(e);
                }
            }
        }

        for i in order {
            let m = &plan.memories[i].0;
            let edges = edges_by_memory.remove(&m.id).unwrap_or_default();
            plan.ops.push(op(
                OperationKind::Add,
                actor,
                &m.id,
                &m.space,
                None,
                to_json(&Added {
                    memory: m,
                    edges: &edges,
                }),
            ));
            plan.edges.extend(edges);
        }
        // Edges from memories that were repeats (restores into a store that has them).
        for (_, edges) in edges_by_memory {
            for e in edges {
                plan.ops
                    .push(op(OperationKind::Link, actor, &e.id, "", None, to_json(&e)));
                plan.edges.push(e);
            }
        }
        let at = now();
        plan.spaces = new_spaces
            .into_iter()
            .map(|name| Space {
                name,
                description: String::new(),
                created_at: at,
            })
            .collect();
        Ok(plan)
    }

    async fn update(
        &mut self,
        id: &str,
        patch: &MemoryPatch,
        vector: Option<Vec<f32>>,
        actor: &str,
    ) -> Result<Memory> {
        let before = self
            .state
            .read()
            .expect("state lock")
            .memories
            .get(id)
            .cloned()
            .ok_or_else(|| Error::not_found("memory", id))?;
        let (after, reembed) = patch.apply(&before, now())?;
        if after == before {
            return Ok(before);
        }
        let vector = match (reembed, vector) {
            (true, Some(v)) => v,
            (true, None) => self.embedder.embed_one(&after.embedding_text())?,
            (false, _) => self
                .store
                .load_vectors(Some(&[id]))
                .await?
                .pop()
                .map(|(_, v)| v)
                .ok_or_else(|| Error::Storage(format!("memory {id} has no stored vector")))?,
        };
        let kind = match (patch.status, patch.pinned) {
            (Some(MemoryStatus::Archived), _) => OperationKind::Archive,
            (Some(MemoryStatus::Forgotten), _) => OperationKind::Forget,
            (Some(MemoryStatus::Superseded), _) => OperationKind::Supersede,
            (Some(MemoryStatus::Active), _) if before.status != MemoryStatus::Active => {
                OperationKind::Restore
            }
            (None, Some(_))
                if patch
                    == &(MemoryPatch {
                        pinned: patch.pinned,
                        ..Default::default()
                    }) =>
            {
                OperationKind::Pin
            }
            _ => OperationKind::Update,
        };
        let o = op(
            kind,
            actor,
            id,
            &after.space,
            to_json(&before),
            to_json(&after),
        );
        self.commit(actor, &[], &[(&after, &vector)], &[], &[], &[], &[o], &[])
            .await?;
        Ok(after)
    }

    async fn link(&mut self, e: Edge, actor: &str) -> Result<Edge> {
        let space = {
            let st = self.state.read().expect("state lock");
            let from = st
                .memories
                .get(&e.from)
                .ok_or_else(|| Error::invalid("from", format!("no memory {}", e.from)))?;
            if !st.memories.contains_key(&e.to) {
                return Err(Error::invalid("to", format!("no memory {}", e.to)));
            }
            from.space.clone()
        };
        let o = op(OperationKind::Link, actor, &e.id, &space, None, to_json(&e));
        self.commit(
            actor,
            &[],
            &[],
            std::slice::from_ref(&e),
            &[],
            &[],
            &[o],
            &[],
        )
        .await?;
        Ok(e)
    }

    async fn unlink(&mut self, id: &str, actor: &str) -> Result<Edge> {
        let (e, space) = {
            let st = self.state.read().expect("state lock");
            let e = st
                .graph
                .edge(id)
                .cloned()
                .ok_or_else(|| Error::not_found("edge", id))?;
            let space = st
                .memories
                .get(&e.from)
                .map(|m| m.space.clone())
                .unwrap_or_default();
            (e, space)
        };
        let o = op(OperationKind::Unlink, actor, id, &space, to_json(&e), None);
        self.commit(actor, &[], &[], &[], &[], &[id.to_string()], &[o], &[])
            .await?;
        Ok(e)
    }

    async fn confirm(&mut self, id: &str, actor: &str) -> Result<Edge> {
        let before = self
            .state
            .read()
            .expect("state lock")
            .graph
            .edge(id)
            .cloned()
            .ok_or_else(|| Error::not_found("edge", id))?;
        let mut after = before.clone();
        after.confirmed = true;
        let o = op(
            OperationKind::Link,
            actor,
            id,
            "",
            to_json(&before),
            to_json(&after),
        );
        self.commit(
            actor,
            &[],
            &[],
            &[],
            std::slice::from_ref(&after),
            &[],
            &[o],
            &[],
        )
        .await?;
        Ok(after)
    }

    /// Saves queued traces and folds access counts into the memories, in one commit each.
    /// Replays what other processes committed since the last look: their operations become
    /// deltas here, their traces join the trace feed.
    async fn follow(&mut self) -> Result<()> {
        let versions = self.store.log_versions().await?;
        if !self.follower.changed(versions) {
            return Ok(());
        }
        let floor = sync::uuid_floor(now().timestamp_millis() - sync::WINDOW_MS);
        let ops = self.store.operations_since(&floor).await?;
        let ops = self.follower.new_ops(ops, &floor);
        if !ops.is_empty() {
            let known_spaces: Vec<String> = self
                .state
                .read()
                .expect("state lock")
                .spaces
                .keys()
                .cloned()
                .collect();
            let spaces = if ops
                .iter()
                .any(|o| !o.space.is_empty() && !known_spaces.contains(&o.space))
            {
                self.store.load_spaces().await?
            } else {
                Vec::new()
            };
            let mut st = self.state.write().expect("state lock");
            for s in spaces {
                st.spaces.insert(s.name.clone(), s);
            }
            // One delta per run of operations by the same actor, in log order.
            for run in ops.chunk_by(|a, b| a.actor == b.actor) {
                let (mut memories, mut edges) = (Vec::new(), Vec::new());
                for o in run {
                    sync::changes_of(o, &mut memories, &mut edges);
                }
                memories.append(&mut edges);
                for c in &memories {
                    st.apply(c);
                }
                self.publish(&mut st, &run[0].actor, memories);
            }
        }
        for t in self
            .follower
            .new_traces(self.store.traces_since(&floor).await?, &floor)
        {
            let _ = self.trace_events.send(t);
        }
        Ok(())
    }

    /// Saves pending traces; writes access counts when `force`d or when they are due.
    async fn flush_background(&mut self, force: bool) -> Result<()> {
        for t in std::mem::take(&mut self.traces) {
            self.store.save_trace(&t).await?;
        }
        let due = self.touches.len() >= TOUCH_FLUSH_COUNT
            || self.last_touch_flush.elapsed() >= TOUCH_FLUSH_EVERY;
        if self.touches.is_empty() || !(force || due) {
            return Ok(());
        }
        self.last_touch_flush = std::time::Instant::now();
        let touches = std::mem::take(&mut self.touches);
        let at = now();
        let touched: Vec<Memory> = {
            let st = self.state.read().expect("state lock");
            touches
                .iter()
                .filter_map(|(id, n)| {
                    st.memories.get(id).map(|m| {
                        let mut m = m.clone();
                        m.access_count += n;
                        m.last_accessed_at = Some(at);
                        m
                    })
                })
                .collect()
        };
        let rows: Vec<(&str, u32, mnemo_core::Timestamp)> = touched
            .iter()
            .map(|m| (m.id.as_str(), m.access_count, at))
            .collect();
        self.store.append_access(&rows).await?;
        // Access counts are bookkeeping, not a graph change: no delta.
        let mut st = self.state.write().expect("state lock");
        for m in touched {
            st.upsert_memory(m);
        }
        Ok(())
    }
}

#[derive(Default)]
struct AddPlan {
    memories: Vec<(Memory, Vec<f32>)>,
    edges: Vec<Edge>,
    removed_edges: Vec<String>,
    ops: Vec<Operation>,
    spaces: Vec<Space>,
}

fn op(
    kind: OperationKind,
    actor: &str,
    target: &str,
    space: &str,
    before: Option<Json>,
    after: Option<Json>,
) -> Operation {
    Operation {
        id: new_id(),
        kind,
        actor: actor.to_string(),
        at: now(),
        target: target.to_string(),
        space: space.to_string(),
        before,
        after,
    }
}
