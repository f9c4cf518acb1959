//! The single writer task: runs commands in order, plans each against the read state, commits it.

mod apply;
mod background;
pub use background::OPTIMIZE_AFTER_ROWS;
mod erase;
mod group;
mod reindex;

pub use group::{NewSide, SupersedeInput, Write, WriteInput, WriteReply};

use mnemo_core::{GraphChange, GraphDelta, Result, RetrievalTrace, TraceSummary};
use mnemo_store::MemoryStore;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::link_index::LinkIndex;
use crate::plan::{LinkConfig, Outcome};
use crate::state::State;
use crate::sync::Follower;

/// A planned write's answer: the output, or an error that may hand the input back for vectors.
pub type Reply<T, I> = oneshot::Sender<Outcome<T, I>>;

pub enum Command {
    /// An add, edit, link, unlink or confirmation: planned and committed with others waiting.
    Write(Write),
    /// Rows no committed change accounts for (see `doctor`), removed without a log entry.
    RemoveStray {
        memories: Vec<String>,
        edges: Vec<String>,
        reply: oneshot::Sender<Result<()>>,
    },
    SaveTrace(Box<RetrievalTrace>),
    Touch(Vec<String>),
    Optimize {
        reply: oneshot::Sender<Result<()>>,
    },
    /// Redact what the log and traces hold of purged memories, then remove every old version.
    Scrub {
        /// Who purged, as the redacted entries record it.
        actor: String,
        ids: Vec<String>,
        texts: Vec<String>,
        reply: oneshot::Sender<Result<(u32, u32)>>,
    },
    /// Replay other processes' changes now, rather than at the next tick.
    Follow {
        reply: oneshot::Sender<Result<()>>,
    },
    /// A bulk load begins (true) or ends: while one runs, indexes are left alone, to be built
    /// once by the `Optimize` that follows.
    Bulk(bool),
    Flush {
        reply: oneshot::Sender<Result<()>>,
    },
    /// Flush, answer, and stop: nothing touches the store after the answer.
    Close {
        reply: oneshot::Sender<Result<()>>,
    },
}

/// Owns every write to the store. It holds no embedder: an input arrives with its vectors, or
/// goes back to the engine for them, so no command waits on the model.
pub struct Writer {
    pub store: MemoryStore,
    pub state: Arc<RwLock<State>>,
    pub deltas: broadcast::Sender<GraphDelta>,
    pub link: LinkConfig,
    /// Kept current with every change this process commits or replays.
    links: Arc<LinkIndex>,
    /// Adds still being prepared, which a group waits a moment for.
    preparing: Arc<AtomicUsize>,
    /// Headlines of new traces, this process's and other processes'.
    pub trace_events: broadcast::Sender<TraceSummary>,
    /// What this process has seen of the shared operation log and traces.
    pub follower: Follower,
    traces: Vec<RetrievalTrace>,
    touches: HashMap<String, u32>,
    last_touch_flush: Instant,
    /// Upkeep the writes since the last optimize, compaction and maintenance call for.
    owed: background::Owed,
    /// The table whose recent files are merged next (they take turns).
    compacting: usize,
    /// Rows went into delta segments since the store last settled.
    unsettled: bool,
    /// When this process last wrote, when another process last did, and when the store was
    /// last maintained.
    last_write: Instant,
    last_others_write: Instant,
    last_maintenance: Instant,
    /// When this process last removed old table versions.
    last_prune: Option<Instant>,
    /// A bulk load is running: no index upkeep until it ends.
    bulk: bool,
    /// An older store's full-text column being brought up to date.
    reindex: Option<reindex::Reindex>,
    /// The optimize running beside the commits, if any.
    upkeep: Option<background::Upkeep>,
}

impl Writer {
    pub fn new(
        store: MemoryStore,
        state: Arc<RwLock<State>>,
        deltas: broadcast::Sender<GraphDelta>,
        link: LinkConfig,
        links: Arc<LinkIndex>,
        preparing: Arc<AtomicUsize>,
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
            links,
            preparing,
            traces: Vec::new(),
            touches: HashMap::new(),
            last_touch_flush: Instant::now(),
            // An earlier process may have left rows unindexed (an agent's `mnemo mcp` that
            // wrote and exited): the store is asked once this process has been open a while,
            // so that a short command (`mnemo add`) pays nothing for it.
            owed: background::Owed {
                others_unindexed: 1,
                ..Default::default()
            },
            compacting: 0,
            unsettled: false,
            last_write: Instant::now(),
            last_others_write: Instant::now(),
            last_maintenance: Instant::now(),
            last_prune: None,
            bulk: false,
            reindex: None,
            upkeep: None,
        }
    }

    /// Runs until every sender is dropped or a `Close` arrives; background bookkeeping (other
    /// processes' writes, traces, access counts, index upkeep) runs every second in between.
    pub async fn run(mut self, mut rx: mpsc::Receiver<Command>) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        self.plan_reindex();
        loop {
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(cmd) => if self.handle(cmd, &mut rx).await {
                        return;
                    },
                    None => break,
                },
                _ = tick.tick() => self.tick().await,
            }
        }
        self.finish_upkeep(true).await;
        if let Err(e) = self.flush_background(true).await {
            tracing::warn!(error = %e, "final flush failed");
        }
    }

    /// Runs a command, with the writes waiting behind a write; true once the writer must stop.
    async fn handle(&mut self, cmd: Command, rx: &mut mpsc::Receiver<Command>) -> bool {
        let next = match cmd {
            Command::Write(w) => {
                let (writes, next) = gather(w, rx, &self.preparing).await;
                self.write_all(writes).await;
                next
            }
            other => Some(other),
        };
        match next {
            Some(cmd) => self.run_command(cmd).await,
            None => false,
        }
    }

    async fn run_command(&mut self, cmd: Command) -> bool {
        match cmd {
            Command::Write(w) => self.write_all([w].into()).await,
            Command::RemoveStray {
                memories,
                edges,
                reply,
            } => {
                let _ = reply.send(self.remove_stray(&memories, &edges).await);
            }
            Command::SaveTrace(t) => self.queue_trace(*t),
            Command::Touch(ids) => {
                for id in ids {
                    *self.touches.entry(id).or_default() += 1;
                }
            }
            Command::Optimize { reply } => {
                let _ = reply.send(self.optimize_now().await);
            }
            Command::Bulk(on) => self.bulk = on,
            Command::Scrub {
                actor,
                ids,
                texts,
                reply,
            } => {
                let _ = reply.send(self.scrub(&actor, &ids, &texts).await);
            }
            Command::Follow { reply } => {
                let _ = reply.send(self.follow_now().await);
            }
            Command::Flush { reply } => {
                let _ = reply.send(self.flush_background(true).await);
            }
            // Nothing touches the store after the answer.
            Command::Close { reply } => {
                self.finish_upkeep(true).await;
                let _ = reply.send(self.flush_background(true).await);
                return true;
            }
        }
        false
    }

    async fn remove_stray(&mut self, memories: &[String], edges: &[String]) -> Result<()> {
        let guard = self.store.lock_writes().await?;
        let memory_ids: Vec<&str> = memories.iter().map(String::as_str).collect();
        let edge_ids: Vec<&str> = edges.iter().map(String::as_str).collect();
        (self.store)
            .remove_stray_rows(&guard, &memory_ids, &edge_ids)
            .await?;
        let mut changes: Vec<GraphChange> = (edges.iter())
            .map(|id| GraphChange::EdgeRemoved { id: id.clone() })
            .collect();
        changes.extend((memories.iter()).map(|id| GraphChange::MemoryRemoved { id: id.clone() }));
        let mut st = self.state.write().expect("state lock");
        self.links.note(&st, &changes);
        for c in &changes {
            st.apply(c);
        }
        self.publish(&mut st, "doctor", changes);
        Ok(())
    }
}

/// How long a group waits for adds still being prepared. Agents answered together ask again
/// together, but their embeddings finish at different times; a commit costs ~20 ms however
/// small, so one that waits for the stragglers saves a commit that would hold up everyone.
const JOIN_WAIT: Duration = Duration::from_millis(30);

/// The writes waiting behind `first` and, while adds are being prepared, those that arrive
/// within [`JOIN_WAIT`], up to a group's size; the first other command met is handed back, to
/// run after them (commands keep their order).
async fn gather(
    first: Write,
    rx: &mut mpsc::Receiver<Command>,
    preparing: &AtomicUsize,
) -> (VecDeque<Write>, Option<Command>) {
    let deadline = tokio::time::Instant::now() + JOIN_WAIT;
    let mut writes = VecDeque::from([first]);
    while writes.len() < group::GROUP_MAX {
        let cmd = match rx.try_recv() {
            Ok(cmd) => cmd,
            Err(_) if preparing.load(Ordering::Relaxed) == 0 => break,
            Err(_) => match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(cmd)) => cmd,
                _ => break,
            },
        };
        match cmd {
            Command::Write(w) => writes.push_back(w),
            other => return (writes, Some(other)),
        }
    }
    (writes, None)
}
