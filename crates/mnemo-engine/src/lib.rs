//! Mnemo's engine: the one entry point the CLI, the server, the MCP server and the desktop app
//! share. It owns the store, the graph mirror and the single writer task, links memories as
//! they arrive, and retrieves with a trace. It knows nothing of any front-end.

mod access;
mod changeset;
mod curate;
mod doctor;
mod dup_scan;
mod embed_queue;
mod ingest;
mod jsonl;
mod lab;
mod link_index;
mod plan;
mod purge;
mod recall;
mod review;
mod scope;
mod search_context;
mod similar;
mod spaces;
mod state;
mod sync;
mod vault;
mod writer;

use mnemo_core::{
    Actor, Edge, EdgeKind, Error, GraphDelta, Memory, MemoryPatch, MemoryStatus, NewEdge,
    NewMemory, Operation, Result, RetrievalConfig, RetrievalTrace, Space, TraceSummary,
};
use mnemo_embed::Embedder;
use mnemo_store::MemoryStore;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::{broadcast, mpsc, oneshot};

pub use access::{AgentTokenSpec, NewAgentToken};
pub use curate::Whose;
pub use doctor::{DoctorReport, Duplicate};
pub use dup_scan::ScanReport;
pub use ingest::{AddOptions, Progress};
pub use jsonl::{ExportOptions, ImportLine, ImportLink, ImportReport};
pub use lab::configs::{ConfigBook, NamedConfig, STANDARD};
pub use lab::evaluate::{Evaluation, LabelledQuery, QueryScore};
pub use lab::judgments::{JudgedQuery, Judgment};
pub use lab::replay::{Movement, RankChange, Replay, ReplayOptions};
pub use lab::why_not::{ChannelPlace, WhyNot};
pub use mnemo_store::{Location, StoreCounts, StoreFolder, inspect_folder};
pub use plan::bulk::BulkReport;
pub use plan::history::{ActionSummary, History};
pub use plan::merge::{MergeInput, MergePreview};
pub use plan::purge::PurgeReport;
pub use plan::space::{Disposal, NewSpace, SpacePatch, SpaceReport};
pub use plan::supersede::Superseded;
pub use plan::undo::UndoReport;
pub use plan::{AddReport, LinkConfig};
pub use recall::{RecallAnswer, RecallOptions};
pub use review::{
    Contradiction, Difference, DuplicateGroup, HeldMemory, LinkReview, ReviewCounts, ReviewQueue,
    ReviewSettings, StaleMemory,
};
pub use writer::OPTIMIZE_AFTER_ROWS;

use plan::{Batch, Edit, PlanError, Supply};
use state::State;
use writer::{Command, Write, WriteInput, WriteReply, Writer};

/// Where the store lives when neither `--db` nor `MNEMO_DB` says: the OS data directory.
pub fn default_db_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("mnemo")
        .join("store")
}

/// A consistent copy of the whole graph, for clients that start or lost their place.
#[derive(Debug, Clone, Serialize, specta::Type, schemars::JsonSchema)]
pub struct GraphSnapshot {
    /// The delta sequence number this snapshot includes.
    #[specta(type = f64)]
    pub seq: u64,
    pub memories: Vec<Memory>,
    pub edges: Vec<Edge>,
}

/// Counts for `mnemo stats`.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub store: StoreCounts,
    pub graph_nodes: usize,
    pub graph_edges: usize,
    pub by_kind: std::collections::BTreeMap<String, usize>,
    pub by_space: std::collections::BTreeMap<String, usize>,
    pub by_edge_kind: std::collections::BTreeMap<String, usize>,
    pub components: usize,
    pub embedder: String,
    pub uri: String,
    pub schema_version: u32,
}

struct Shared {
    store: MemoryStore,
    embedder: Arc<dyn Embedder>,
    /// Where texts are embedded: concurrent requests share a pass.
    embeds: embed_queue::EmbedQueue,
    state: Arc<RwLock<State>>,
    deltas: broadcast::Sender<GraphDelta>,
    trace_events: broadcast::Sender<TraceSummary>,
    writer: mpsc::Sender<Command>,
    /// This process's copy of the default configuration (see `lab::configs`).
    config: RwLock<lab::configs::DefaultConfig>,
    link: LinkConfig,
    /// The vectors single adds find their `similar` links among.
    links: Arc<link_index::LinkIndex>,
    /// Adds being prepared (embedded, linked): the writer waits a moment for them to join a group.
    preparing: Arc<AtomicUsize>,
    /// This process's latest traces: readable at once, while the writer saves them (within a
    /// second), so that a trace announced live opens before it reaches the store.
    recent_traces: std::sync::Mutex<std::collections::VecDeque<RetrievalTrace>>,
    /// Agents' named tokens as last read from the store.
    tokens: std::sync::Mutex<access::TokenCache>,
}

/// How many of this process's latest traces are kept in memory.
const RECENT_TRACES: usize = 64;

/// How often a write is sent again with vectors the writer asked for: each retry answers a
/// change another process made in between, so a second one is already rare.
const WRITE_ATTEMPTS: usize = 4;

/// Counts an add while it is prepared, errors and cancellation included.
struct Preparing<'a>(&'a AtomicUsize);

impl<'a> Preparing<'a> {
    fn start(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        Preparing(count)
    }
}

impl Drop for Preparing<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Everything [`Engine::load`] reads besides the log's position.
type Loaded = (Vec<Memory>, Vec<Edge>, Vec<Space>);

/// A handle on an open memory store. Cheap to clone; all clones share one writer.
#[derive(Clone)]
pub struct Engine {
    shared: Arc<Shared>,
}

impl Engine {
    /// Opens (or creates) the store at `location` and rebuilds the graph mirror from it.
    /// Must be called inside a tokio runtime: it spawns the writer task.
    pub async fn open(
        location: impl Into<mnemo_store::Location>,
        embedder: Arc<dyn Embedder>,
    ) -> Result<Engine> {
        let store = MemoryStore::open(location, embedder.id(), embedder.dimensions()).await?;
        let (follower, (memories, edges, spaces)) = Self::load(&store).await?;
        let (state, dangling) = State::build(memories, edges, spaces);
        if dangling > 0 {
            // Left by an older Mnemo stopped between its memory and edge commits.
            tracing::warn!(
                dangling,
                "ignored edges whose endpoints are missing; `mnemo doctor --repair` removes them"
            );
        }
        let state = Arc::new(RwLock::new(state));
        let (deltas, _) = broadcast::channel(1024);
        let (trace_events, _) = broadcast::channel(256);
        let (tx, rx) = mpsc::channel(256);
        let link = LinkConfig::default();
        let links = Arc::new(link_index::LinkIndex::default());
        let preparing = Arc::new(AtomicUsize::new(0));
        let writer = Writer::new(
            store.clone(),
            state.clone(),
            deltas.clone(),
            link.clone(),
            links.clone(),
            preparing.clone(),
            trace_events.clone(),
            follower,
        );
        tokio::spawn(writer.run(rx));
        let engine = Engine {
            shared: Arc::new(Shared {
                store,
                embeds: embed_queue::EmbedQueue::start(embedder.clone()),
                embedder,
                state,
                deltas,
                trace_events,
                writer: tx,
                config: RwLock::new(Default::default()),
                recent_traces: Default::default(),
                tokens: Default::default(),
                link,
                links,
                preparing,
            }),
        };
        // A purge a kill cut short is finished before anything reads the store's files.
        engine.finish_pending_purge().await?;
        Ok(engine)
    }

    /// The log's position and every memory, edge and space at it. Read without the write lock
    /// if no other process writes meanwhile (a `mnemo add` beside a busy server would otherwise
    /// hold up its writes for as long as reading the store takes); under it, where the tables
    /// hold exactly the changes up to the log's last, if one did.
    async fn load(store: &MemoryStore) -> Result<(sync::Follower, Loaded)> {
        async fn read(store: &MemoryStore) -> Result<(sync::Follower, Loaded)> {
            let follower = sync::Follower::primed(store).await?;
            let loaded = tokio::try_join!(
                store.load_memories(),
                store.load_edges(),
                store.load_spaces()
            )?;
            Ok((follower, loaded))
        }
        if let Some(mark) = store.quiet_mark().await? {
            let read = read(store).await?;
            if store.still_quiet(&mark).await? {
                return Ok(read);
            }
            tracing::debug!("another process wrote while the store was read; reading it again");
        }
        let guard = store.lock_writes().await?;
        let read = read(store).await?;
        store.caught_up(&guard);
        Ok(read)
    }

    pub fn embedder(&self) -> &Arc<dyn Embedder> {
        &self.shared.embedder
    }

    pub fn store(&self) -> &MemoryStore {
        &self.shared.store
    }

    /// Live graph deltas, numbered; a receiver that lags should take a fresh [`Engine::snapshot`].
    pub fn subscribe(&self) -> broadcast::Receiver<GraphDelta> {
        self.shared.deltas.subscribe()
    }

    /// Headlines of new retrieval traces as they are recorded, by this process or another.
    pub fn subscribe_traces(&self) -> broadcast::Receiver<TraceSummary> {
        self.shared.trace_events.subscribe()
    }

    /// The default configuration, as this process last read it.
    pub fn retrieval_config(&self) -> RetrievalConfig {
        self.shared
            .config
            .read()
            .expect("config lock")
            .config()
            .clone()
    }

    async fn send<T>(&self, make: impl FnOnce(oneshot::Sender<Result<T>>) -> Command) -> Result<T> {
        self.ask(make).await?
    }

    /// Sends a command and waits for the writer's answer.
    async fn ask<R>(&self, make: impl FnOnce(oneshot::Sender<R>) -> Command) -> Result<R> {
        let (tx, rx) = oneshot::channel();
        self.shared
            .writer
            .send(make(tx))
            .await
            .map_err(|_| Error::Storage("the writer has stopped".into()))?;
        rx.await
            .map_err(|_| Error::Storage("the writer stopped before answering".into()))
    }

    /// Sends a planned write. When the writer lacks vectors (the store changed after the input
    /// was prepared, e.g. another process renamed an entity), they are embedded here, off the
    /// writer's task, and the input goes again.
    async fn write<I: Supply, T>(
        &self,
        mut input: I,
        make: impl Fn(I, writer::Reply<T, I>) -> Command,
    ) -> Result<T> {
        for _ in 0..WRITE_ATTEMPTS {
            match self.ask(|reply| make(input, reply)).await? {
                Ok(out) => return Ok(out),
                Err(PlanError::Failed(e)) => return Err(e),
                Err(PlanError::NeedsVectors { texts, input: back }) => {
                    let vectors =
                        ingest::embed_all(self, texts.clone(), "embedding", &|_| {}).await?;
                    input = back;
                    input.supply(texts, vectors);
                }
            }
        }
        Err(Error::Conflict(
            "the store kept changing under this write; try again".into(),
        ))
    }

    async fn write_add(&self, batch: Batch, actor: &Actor) -> Result<AddReport> {
        self.write(batch, |batch, reply| {
            Command::Write(Write {
                actor: actor.clone(),
                input: WriteInput::Add(batch),
                reply: WriteReply::Add(reply),
            })
        })
        .await
    }

    /// Adds one memory, linked and embedded; returns it as stored.
    pub async fn add(&self, input: NewMemory, actor: impl Into<Actor>) -> Result<Memory> {
        let report = self
            .add_many(vec![input], actor, &AddOptions::default(), &|_| {})
            .await?;
        report
            .memories
            .into_iter()
            .next()
            .ok_or_else(|| Error::Storage("add returned nothing".into()))
    }

    /// Adds many memories in one commit: validated first (nothing is written if any is bad),
    /// embedded in parallel off the writer, linked, then written.
    pub async fn add_many(
        &self,
        inputs: Vec<NewMemory>,
        actor: impl Into<Actor>,
        options: &AddOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<AddReport> {
        let actor: Actor = actor.into();
        let batch = {
            let _preparing = Preparing::start(&self.shared.preparing);
            ingest::prepare(self, inputs, &actor, options, progress).await?
        };
        self.write_add(batch, &actor).await
    }

    pub fn get(&self, id: &str) -> Option<Memory> {
        self.read(|s| s.memories.get(id).cloned())
    }

    /// A memory, reading other processes' latest changes first if it is not known here yet (an
    /// agent may edit a memory the app added a moment ago).
    pub async fn get_latest(&self, id: &str) -> Result<Memory> {
        if let Some(m) = self.get(id) {
            return Ok(m);
        }
        self.follow().await?;
        self.get(id).ok_or_else(|| Error::not_found("memory", id))
    }

    /// Reads other processes' latest changes now, rather than within the next second.
    pub async fn follow(&self) -> Result<()> {
        self.send(|reply| Command::Follow { reply }).await
    }

    /// Memories, optionally of one space, in id (creation) order.
    pub fn memories(&self, space: Option<&str>) -> Vec<Memory> {
        let mut v: Vec<Memory> = self.read(|s| {
            s.memories
                .values()
                .filter(|m| space.is_none_or(|sp| m.space == sp))
                .cloned()
                .collect()
        });
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    pub fn edge(&self, id: &str) -> Option<Edge> {
        self.read(|s| s.graph.edge(id).cloned())
    }

    pub fn edges_of(&self, id: &str) -> Vec<Edge> {
        self.read(|s| s.graph.edges_of(id).into_iter().cloned().collect())
    }

    pub fn edges(&self) -> Vec<Edge> {
        let mut v: Vec<Edge> = self.read(|s| s.graph.edges().cloned().collect());
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    pub fn spaces(&self) -> Vec<Space> {
        self.read(|s| s.spaces.values().cloned().collect())
    }

    /// The memories and edges within `hops` of a memory.
    pub fn neighborhood(&self, id: &str, hops: u32) -> Result<(Vec<Memory>, Vec<Edge>)> {
        self.read(|s| {
            if !s.memories.contains_key(id) {
                return Err(Error::not_found("memory", id));
            }
            let n = s.graph.neighborhood(id, hops);
            Ok((
                n.nodes
                    .iter()
                    .filter_map(|i| s.memories.get(i).cloned())
                    .collect(),
                n.edges
                    .iter()
                    .filter_map(|i| s.graph.edge(i).cloned())
                    .collect(),
            ))
        })
    }

    pub fn snapshot(&self) -> GraphSnapshot {
        self.read(|s| {
            let mut memories: Vec<Memory> = s.memories.values().cloned().collect();
            memories.sort_by(|a, b| a.id.cmp(&b.id));
            let mut edges: Vec<Edge> = s.graph.edges().cloned().collect();
            edges.sort_by(|a, b| a.id.cmp(&b.id));
            GraphSnapshot {
                seq: s.seq,
                memories,
                edges,
            }
        })
    }

    /// The latest delta number and the graph's node and edge counts, without copying it.
    /// What Mnemo knew at `t`: every memory and link as recorded then, read back from the log
    /// (an edit after `t` does not show; a memory forgotten or merged after `t` is as it was).
    pub async fn snapshot_known_at(&self, t: mnemo_core::Timestamp) -> Result<GraphSnapshot> {
        let now = self.snapshot();
        let (memories, edges) = self.rewind_to(t, now.memories, now.edges).await?;
        let mut memories: Vec<Memory> = memories.into_values().collect();
        memories.sort_by(|a, b| a.id.cmp(&b.id));
        // Links stand only between memories known then.
        let known: std::collections::HashSet<&str> =
            memories.iter().map(|m| m.id.as_str()).collect();
        let mut edges: Vec<Edge> = (edges.into_values())
            .filter(|e| known.contains(e.from.as_str()) && known.contains(e.to.as_str()))
            .collect();
        edges.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(GraphSnapshot {
            seq: now.seq,
            memories,
            edges,
        })
    }

    /// The memories as Mnemo knew them at `t`, by id.
    pub(crate) async fn memories_known_at(
        &self,
        t: mnemo_core::Timestamp,
    ) -> Result<std::collections::HashMap<String, Memory>> {
        let now = self.read(|s| s.memories.values().cloned().collect());
        Ok(self.rewind_to(t, now, Vec::new()).await?.0)
    }

    /// Rows as they are now, taken back to `t` by the log. The log is read after the rows: an
    /// operation logged but not yet in them rewinds its rows to what they hold already.
    async fn rewind_to(
        &self,
        t: mnemo_core::Timestamp,
        memories: Vec<Memory>,
        edges: Vec<Edge>,
    ) -> Result<(
        std::collections::HashMap<String, Memory>,
        std::collections::HashMap<String, Edge>,
    )> {
        let ops = self.shared.store.operations_since(t).await?;
        let mut memories: std::collections::HashMap<String, Memory> =
            (memories.into_iter()).map(|m| (m.id.clone(), m)).collect();
        let mut edges: std::collections::HashMap<String, Edge> =
            (edges.into_iter()).map(|e| (e.id.clone(), e)).collect();
        plan::undo::rewind(&mut memories, &mut edges, &ops)?;
        Ok((memories, edges))
    }

    pub fn snapshot_counts(&self) -> (u64, usize, usize) {
        self.read(|s| (s.seq, s.graph.node_count(), s.graph.edge_count()))
    }

    fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.shared.state.read().expect("state lock"))
    }

    /// Edits a memory; a changed title or text is re-embedded (here, not on the writer).
    pub async fn update(
        &self,
        id: &str,
        patch: MemoryPatch,
        actor: impl Into<Actor>,
    ) -> Result<Memory> {
        let actor: Actor = actor.into();
        let current = self.get_latest(id).await?;
        let (next, reembed) = patch.apply(&current, mnemo_core::now())?;
        let vector = if reembed {
            let text = next.embedding_text();
            let v = self.shared.embeds.embed(vec![text.clone()]).await?;
            Some((text, v.into_iter().next().unwrap_or_default()))
        } else {
            None
        };
        let edit = Edit {
            held: None,
            id: id.to_string(),
            patch,
            vector,
        };
        self.write(edit, |edit, reply| {
            Command::Write(Write {
                actor: actor.clone(),
                input: WriteInput::Update(edit),
                reply: WriteReply::Update(reply),
            })
        })
        .await
    }

    pub async fn set_status(
        &self,
        id: &str,
        status: MemoryStatus,
        actor: impl Into<Actor>,
    ) -> Result<Memory> {
        self.update(
            id,
            MemoryPatch {
                status: Some(status),
                ..Default::default()
            },
            actor,
        )
        .await
    }

    /// Links two memories by hand.
    pub async fn link(&self, input: NewEdge, actor: impl Into<Actor>) -> Result<Edge> {
        let actor: Actor = actor.into();
        let parse = |f: &str, v: &Option<String>| -> Result<Option<mnemo_core::Timestamp>> {
            v.as_deref()
                .filter(|s| !s.is_empty())
                .map(|s| mnemo_core::validate::parse_time(f, s))
                .transpose()
        };
        let relation = input
            .relation
            .clone()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if let Some(r) = &relation {
            mnemo_core::limits::check_length("relation", r, mnemo_core::limits::MAX_NAME_CHARS)?;
        }
        let kind = input
            .kind
            .or_else(|| relation.as_deref().and_then(|r| r.parse::<EdgeKind>().ok()))
            .unwrap_or(EdgeKind::Related);
        let weight = input.weight.unwrap_or(1.0);
        if !weight.is_finite() || weight <= 0.0 {
            return Err(Error::invalid(
                "weight",
                format!("{weight} must be a positive number"),
            ));
        }
        if input.from == input.to {
            return Err(Error::invalid("to", "a memory cannot link to itself"));
        }
        let edge = Edge {
            id: mnemo_core::new_id(),
            from: input.from.clone(),
            to: input.to.clone(),
            kind,
            relation: relation.unwrap_or_else(|| kind.as_str().to_string()),
            weight,
            valid_from: parse("valid_from", &input.valid_from)?,
            valid_until: parse("valid_until", &input.valid_until)?,
            provenance: ingest::linked_by(&actor.name),
            automatic: false,
            confirmed: true,
            created_at: mnemo_core::now(),
        };
        self.write_edge(&actor, WriteInput::Link(edge)).await
    }

    pub async fn unlink(&self, edge_id: &str, actor: impl Into<Actor>) -> Result<Edge> {
        (self.write_edge(&actor.into(), WriteInput::Unlink(edge_id.to_string()))).await
    }

    /// A person confirms an automatic edge.
    pub async fn confirm_edge(&self, edge_id: &str, actor: impl Into<Actor>) -> Result<Edge> {
        (self.write_edge(&actor.into(), WriteInput::Confirm(edge_id.to_string()))).await
    }

    async fn write_edge(&self, actor: &Actor, input: WriteInput) -> Result<Edge> {
        let actor = actor.clone();
        self.send(|reply| {
            Command::Write(Write {
                actor,
                input,
                reply: WriteReply::Edge(reply),
            })
        })
        .await
    }

    pub async fn operations(&self, target: Option<&str>, limit: usize) -> Result<Vec<Operation>> {
        self.shared.store.list_operations(target, limit).await
    }

    /// Stored traces, newest first. Traces of queries made in the last second may still be queued.
    pub async fn traces(&self, limit: usize) -> Result<Vec<TraceSummary>> {
        self.shared.store.list_traces(limit).await
    }

    pub async fn trace(&self, id: &str) -> Result<RetrievalTrace> {
        let recent = self
            .shared
            .recent_traces
            .lock()
            .expect("recent traces")
            .iter()
            .find(|t| t.id == id)
            .cloned();
        match recent {
            Some(t) => Ok(t),
            None => self.shared.store.get_trace(id).await,
        }
    }

    /// Waits until queued traces and access counts are written.
    pub async fn flush(&self) -> Result<()> {
        self.send(|reply| Command::Flush { reply }).await
    }

    /// Writes what is queued and stops the writer; later writes fail with "the writer has
    /// stopped". Call it before a store's directory goes away (tests, benchmarks) or at shutdown,
    /// so that no background work is left running against the store.
    pub async fn close(&self) -> Result<()> {
        self.send(|reply| Command::Close { reply }).await
    }

    /// Compacts the tables, refreshes the indexes, and builds the vector index once large.
    /// Ends a bulk load.
    pub async fn optimize(&self) -> Result<()> {
        self.tell(Command::Bulk(false)).await?;
        self.send(|reply| Command::Optimize { reply }).await
    }

    /// Starts a bulk load: many large adds in a row, during which the writer leaves the indexes
    /// alone (rebuilding the vector index as the table doubled cost more than the load itself);
    /// [`Engine::optimize`] afterwards builds them once.
    pub async fn begin_bulk(&self) -> Result<()> {
        self.tell(Command::Bulk(true)).await
    }

    /// Sends a command that has no answer.
    async fn tell(&self, cmd: Command) -> Result<()> {
        (self.shared.writer.send(cmd).await)
            .map_err(|_| Error::Storage("the writer has stopped".into()))
    }

    pub async fn stats(&self) -> Result<Stats> {
        let store = self.shared.store.counts().await?;
        let info = self.shared.store.info().clone();
        Ok(self.read(|s| {
            let mut by_kind = std::collections::BTreeMap::new();
            let mut by_space = std::collections::BTreeMap::new();
            for m in s.memories.values() {
                *by_kind.entry(m.kind.to_string()).or_insert(0) += 1;
                *by_space.entry(m.space.clone()).or_insert(0) += 1;
            }
            let mut by_edge_kind = std::collections::BTreeMap::new();
            for e in s.graph.edges() {
                *by_edge_kind.entry(e.kind.to_string()).or_insert(0) += 1;
            }
            Stats {
                store,
                graph_nodes: s.graph.node_count(),
                graph_edges: s.graph.edge_count(),
                by_kind,
                by_space,
                by_edge_kind,
                components: s.graph.components().len(),
                embedder: info.embedder,
                uri: info.uri,
                schema_version: info.schema_version,
            }
        }))
    }
}
