//! The single writer task: runs commands in order, plans each against the read state, commits it.

mod apply;
mod background;

use mnemo_core::{Edge, GraphDelta, Memory, Result, RetrievalTrace, TraceSummary, now};
use mnemo_store::MemoryStore;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::plan::{self, AddReport, Batch, Edit, LinkConfig, Origin, Outcome, Plan};
use crate::state::State;
use crate::sync::Follower;

/// A planned write's answer: the output, or an error that may hand the input back for vectors.
pub type Reply<T, I> = oneshot::Sender<Outcome<T, I>>;

pub enum Command {
    Add {
        batch: Batch,
        actor: String,
        reply: Reply<AddReport, Batch>,
    },
    Update {
        edit: Edit,
        actor: String,
        reply: Reply<Memory, Edit>,
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

/// Owns every write to the store. It holds no embedder: an input arrives with its vectors, or
/// goes back to the engine for them, so no command waits on the model.
pub struct Writer {
    pub store: MemoryStore,
    pub state: Arc<RwLock<State>>,
    pub deltas: broadcast::Sender<GraphDelta>,
    pub link: LinkConfig,
    /// Headlines of new traces, this process's and other processes'.
    pub trace_events: broadcast::Sender<TraceSummary>,
    /// What this process has seen of the shared operation log and traces.
    pub follower: Follower,
    traces: Vec<RetrievalTrace>,
    touches: HashMap<String, u32>,
    last_touch_flush: Instant,
    /// Rows written since the indexes were last refreshed, and when the last write was.
    unindexed: usize,
    /// Rows went into delta segments since the store last settled.
    unsettled: bool,
    last_write: Instant,
    /// Commits of traces and access counts since the last timed compaction, and when that was.
    bookkeeping_commits: usize,
    last_maintenance: Instant,
}

impl Writer {
    pub fn new(
        store: MemoryStore,
        state: Arc<RwLock<State>>,
        deltas: broadcast::Sender<GraphDelta>,
        link: LinkConfig,
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
            traces: Vec::new(),
            touches: HashMap::new(),
            last_touch_flush: Instant::now(),
            unindexed: 0,
            unsettled: false,
            last_write: Instant::now(),
            bookkeeping_commits: 0,
            last_maintenance: Instant::now(),
        }
    }

    /// Runs until every sender is dropped or a `Close` arrives; background bookkeeping (other
    /// processes' writes, traces, access counts, index upkeep) runs every second in between.
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
                _ = tick.tick() => self.tick().await,
            }
        }
        if let Err(e) = self.flush_background(true).await {
            tracing::warn!(error = %e, "final flush failed");
        }
    }

    async fn handle(&mut self, cmd: Command) {
        if cmd.writes() {
            self.catch_up().await;
        }
        match cmd {
            Command::Add {
                batch,
                actor,
                reply,
            } => {
                let link = self.link.clone();
                let r = self.carry_out(&actor, |st, by| plan::add::add(st, &link, batch, by));
                let _ = reply.send(r.await);
            }
            Command::Update { edit, actor, reply } => {
                let r = self.carry_out(&actor, |st, by| plan::edit::update(st, edit, by));
                let _ = reply.send(r.await);
            }
            Command::Link { edge, actor, reply } => {
                let r = self.carry_out(&actor, |st, by| plan::link::link(st, edge, by));
                let _ = reply.send(r.await);
            }
            Command::Unlink { id, actor, reply } => {
                let r = self.carry_out(&actor, |st, by| plan::link::unlink(st, &id, by));
                let _ = reply.send(r.await);
            }
            Command::Confirm { id, actor, reply } => {
                let r = self.carry_out(&actor, |st, by| plan::link::confirm(st, &id, by));
                let _ = reply.send(r.await);
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
            // `run` stops on Close itself; here it can only mean "flush".
            Command::Flush { reply } | Command::Close { reply } => {
                let _ = reply.send(self.flush_background(true).await);
            }
        }
    }

    /// Plans against the read state as it is now, then commits the plan.
    async fn carry_out<T, E: From<mnemo_core::Error>>(
        &mut self,
        actor: &str,
        planner: impl FnOnce(&State, Origin) -> std::result::Result<Plan<T>, E>,
    ) -> std::result::Result<T, E> {
        let started = Instant::now();
        let plan = {
            let st = self.state.read().expect("state lock");
            planner(&st, Origin { actor, at: now() })?
        };
        let plan_ms = started.elapsed().as_secs_f64() * 1e3;
        tracing::debug!(plan_ms, "planned");
        self.apply(actor, plan.changes).await?;
        Ok(plan.output)
    }
}
