//! The writer's upkeep between commands: other processes' writes, traces, access counts, indexes.

use mnemo_core::{Memory, Result, RetrievalTrace, Timestamp, now};
use std::time::{Duration, Instant};

use super::Writer;
use crate::sync;

/// Refresh indexes once this many rows are unindexed (full-text search scans them meanwhile),
/// or compact once this many commits have left their small files (one agent adding one memory
/// at a time makes a commit per memory, and a commit's cost grows with the files before it)…
pub const OPTIMIZE_AFTER_ROWS: usize = 2_000;
const OPTIMIZE_AFTER_COMMITS: usize = 256;
/// …or once writing has paused this long with any unindexed rows.
const OPTIMIZE_WHEN_IDLE: Duration = Duration::from_secs(20);
/// Merge the small files of recent commits once there are this many (see
/// `Store::compact_recent`): each costs every search a little until it is merged. A table per
/// tick, beside the writes, and while writes keep coming only once this many more files have
/// piled up: a merge takes CPU from the writes, so merges go where writes pause (an agent's loop
/// of remember and recall pauses between its calls).
const COMPACT_RECENT_AFTER: usize = 4;
const COMPACT_RECENT_ANYWAY: usize = 32;
const COMPACT_WHEN_QUIET: Duration = Duration::from_millis(250);
/// A tick that takes this long is logged (at debug) with where its time went.
const SLOW_TICK: Duration = Duration::from_millis(20);
/// Access counts go to their own log table in bulk: every half minute, or once this many memories
/// wait, and on shutdown. (Rewriting memories' rows every second took a core from the searches
/// being counted, and left rows out of the vector index.)
const TOUCH_FLUSH_EVERY: Duration = Duration::from_secs(30);
const TOUCH_FLUSH_COUNT: usize = 1_000;
/// Traces, access counts and other processes' writes add table versions without a memory write:
/// compact on a timer too, so a recall-only workload keeps a bounded store…
const MAINTAIN_EVERY: Duration = Duration::from_secs(600);
/// …and keep the newest traces, for this long.
pub(crate) const KEEP_TRACES: usize = 10_000;
pub(crate) const KEEP_TRACE_DAYS: i64 = 90;
/// Old table versions are removed at most this often (each removal reads every version's
/// manifest, and a version is kept for an hour anyway).
const PRUNE_EVERY: Duration = Duration::from_secs(300);

/// Upkeep (an optimize, or a merge of recent files) running beside the writer's commits, and
/// what was owed when it started.
pub(super) struct Upkeep {
    task: tokio::task::JoinHandle<Result<()>>,
    job: Job,
    /// What was owed when it started: paid once it succeeds.
    paid: Owed,
}

/// What an [`Upkeep`] task does.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// `Store::optimize`: compaction and index refresh of every table.
    Optimize { settle: bool, prune: bool },
    /// `Store::compact_recent` of one table.
    CompactRecent { table: usize },
}

/// Upkeep the writes call for, counted until an optimize, a compaction or maintenance pays it.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Owed {
    /// Rows written since the indexes were last refreshed.
    pub unindexed: usize,
    /// Commits since then: each leaves small files that every later commit and scan pays for.
    pub uncompacted: usize,
    /// Commits (memories, traces, access counts) since small files were last merged.
    pub recent_commits: usize,
    /// Commits of traces and access counts since the last timed compaction.
    pub bookkeeping_commits: usize,
    /// Rows other processes wrote that may not be in the indexes yet (seen in the log, or left
    /// so before this process opened the store).
    pub others_unindexed: usize,
}

impl Owed {
    /// Takes off what an optimize that started at `paid` covered; what was written while it ran
    /// is left for the next one.
    fn pay(&mut self, paid: Owed) {
        self.unindexed -= paid.unindexed.min(self.unindexed);
        self.uncompacted -= paid.uncompacted.min(self.uncompacted);
        self.recent_commits -= paid.recent_commits.min(self.recent_commits);
        self.bookkeeping_commits -= paid.bookkeeping_commits.min(self.bookkeeping_commits);
        self.others_unindexed -= paid.others_unindexed.min(self.others_unindexed);
    }
}

impl Writer {
    /// Once a second: follow other processes, save traces and access counts, keep indexes fresh.
    pub(super) async fn tick(&mut self) {
        let started = Instant::now();
        self.finish_upkeep(false).await;
        // Retried every second; a failure here is also where a shutting-down runtime cancels
        // LanceDB's tasks, so it is not worth a warning.
        if let Err(e) = self.follow().await {
            tracing::debug!(error = %e, "reading other processes' writes failed");
        }
        let followed = started.elapsed();
        if let Err(e) = self.flush_background(false).await {
            tracing::warn!(error = %e, "flushing traces and access counts failed");
        }
        let flushed = started.elapsed();
        self.reindex_step().await;
        self.optimize_if_due().await;
        self.compact_recent_if_due();
        if self.upkeep.is_none() {
            self.maintain_if_due().await;
        }
        // Commands wait while a tick runs: say where a slow one spent its time.
        if started.elapsed() >= SLOW_TICK {
            tracing::debug!(
                follow_ms = millis(followed),
                flush_ms = millis(flushed - followed),
                rest_ms = millis(started.elapsed() - flushed),
                "slow tick"
            );
        }
    }

    /// Every ten minutes, if anything was committed: drop traces past their retention, then
    /// compact every table and clean old versions.
    async fn maintain_if_due(&mut self) {
        if self.last_maintenance.elapsed() < MAINTAIN_EVERY || self.owed.bookkeeping_commits == 0 {
            return;
        }
        self.last_maintenance = Instant::now();
        let cutoff = now() - chrono::Duration::days(KEEP_TRACE_DAYS);
        match self.store.prune_traces(KEEP_TRACES, cutoff).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(traces = n, "dropped traces past their retention"),
            Err(e) => tracing::warn!(error = %e, "pruning traces failed"),
        }
        match self.store.compact_access().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(records = n, "dropped superseded access records"),
            Err(e) => tracing::warn!(error = %e, "compacting access records failed"),
        }
        match self.store.optimize(false, true).await {
            Ok(()) => {
                self.owed.bookkeeping_commits = 0;
                self.last_prune = Some(Instant::now());
            }
            Err(e) => tracing::warn!(error = %e, "timed compaction failed"),
        }
    }

    /// Under the write lock, before planning: replays every change other processes committed,
    /// so that a plan builds on all of them (the lock has brought the log up to date).
    pub(super) async fn catch_up(&mut self, _guard: &mnemo_store::WriteGuard) -> Result<()> {
        self.replay_new_changes().await
    }

    /// Compaction and index refresh start here, and run beside the writer's commits: reads
    /// and writes go on. While writes go on, new rows join the indexes as delta segments; once
    /// writing pauses, the store settles (rebuilding the vector index if needed).
    async fn optimize_if_due(&mut self) {
        if self.bulk || self.upkeep.is_some() {
            return;
        }
        let idle = self.last_write.elapsed() >= OPTIMIZE_WHEN_IDLE;
        let settle = idle && (self.owed.unindexed > 0 || self.unsettled);
        let due = self.owed.unindexed >= OPTIMIZE_AFTER_ROWS
            || self.owed.uncompacted >= OPTIMIZE_AFTER_COMMITS;
        if !due && !settle {
            self.index_others_rows_if_quiet().await;
            return;
        }
        let prune = prune_due(self.last_prune);
        let store = self.store.clone();
        self.upkeep = Some(Upkeep {
            task: tokio::spawn(async move { store.optimize(settle, prune).await }),
            job: Job::Optimize { settle, prune },
            paid: self.owed,
        });
    }

    /// Takes the result of the upkeep running beside the writes, waiting for it if `wait`
    /// (before anything that must not overlap it: another optimize, a purge's scrub, closing).
    pub(super) async fn finish_upkeep(&mut self, wait: bool) {
        let done = self.upkeep.as_ref().is_some_and(|u| u.task.is_finished());
        let Some(upkeep) = self.upkeep.take_if(|_| wait || done) else {
            return;
        };
        let outcome = match upkeep.task.await {
            Ok(outcome) => outcome,
            Err(e) => Err(mnemo_core::Error::Storage(format!(
                "upkeep task failed: {e}"
            ))),
        };
        match (outcome, upkeep.job) {
            (Ok(()), Job::Optimize { settle, prune }) => {
                if prune {
                    self.last_prune = Some(Instant::now());
                }
                self.owed.pay(upkeep.paid);
                self.unsettled = !settle || self.owed.unindexed > 0;
            }
            (Ok(()), Job::CompactRecent { table }) => {
                self.compacting = (table + 1) % mnemo_store::RECENT_TABLES;
                if self.compacting == 0 {
                    let recent_commits = upkeep.paid.recent_commits;
                    self.owed.pay(Owed {
                        recent_commits,
                        ..Owed::default()
                    });
                }
            }
            (Err(e), Job::Optimize { .. }) => {
                tracing::warn!(error = %e, "background optimize failed")
            }
            (Err(e), Job::CompactRecent { .. }) => {
                tracing::warn!(error = %e, "merging recent files failed");
            }
        }
    }

    /// Other processes' rows join the indexes here once the store has been quiet for a while,
    /// since the process that wrote them may have exited before its own optimize. Only as a
    /// delta segment, at a cost in proportion to those rows: merging segments is left to the
    /// writing process's settling (or this one's, after its own writes), so that two idle
    /// processes do not both rewrite the indexes.
    async fn index_others_rows_if_quiet(&mut self) {
        if self.owed.others_unindexed == 0 || self.last_others_write.elapsed() < OPTIMIZE_WHEN_IDLE
        {
            return;
        }
        self.owed.others_unindexed = 0;
        let rows = match self.store.unindexed_rows().await {
            Ok(0) => return, // the writing process indexed them itself
            Ok(rows) => rows,
            Err(e) => return tracing::debug!(error = %e, "reading what the indexes cover failed"),
        };
        let started = Instant::now();
        match self.store.optimize(false, false).await {
            Ok(()) => {
                self.unsettled |= self.owed.unindexed > 0;
                self.owed.unindexed = 0;
                self.owed.uncompacted = 0;
                self.owed.recent_commits = 0;
                let ms = started.elapsed().as_secs_f64() * 1e3;
                tracing::debug!(rows, ms, "indexed rows other processes wrote");
            }
            Err(e) => tracing::warn!(error = %e, "indexing other processes' rows failed"),
        }
    }

    /// Between full optimizations, merges the files that recent commits left: one table per
    /// tick, when writing has paused (or too many files wait), beside the writes.
    fn compact_recent_if_due(&mut self) {
        let quiet = self.last_write.elapsed() >= COMPACT_WHEN_QUIET;
        if self.bulk
            || self.upkeep.is_some()
            || self.owed.recent_commits < COMPACT_RECENT_AFTER
            || !(quiet || self.owed.recent_commits >= COMPACT_RECENT_ANYWAY)
        {
            return;
        }
        let table = self.compacting;
        let store = self.store.clone();
        self.upkeep = Some(Upkeep {
            task: tokio::spawn(async move { store.compact_recent(table).await }),
            job: Job::CompactRecent { table },
            paid: self.owed,
        });
    }

    /// Flushes, then compacts and refreshes every index, as asked.
    pub(super) async fn optimize_now(&mut self) -> Result<()> {
        self.finish_upkeep(true).await;
        self.flush_background(true).await?;
        self.store.optimize(true, true).await?;
        self.last_prune = Some(Instant::now());
        self.owed.unindexed = 0;
        self.owed.uncompacted = 0;
        self.owed.recent_commits = 0;
        self.unsettled = false;
        Ok(())
    }

    pub(super) fn queue_trace(&mut self, t: RetrievalTrace) {
        self.follower.own_trace(&t.id);
        let _ = self.trace_events.send(t.summary());
        self.traces.push(t);
    }

    /// Replays what other processes committed since the last look: their operations become
    /// deltas here, their traces join the trace feed.
    pub(super) async fn follow(&mut self) -> Result<()> {
        let versions = self.store.log_versions().await?;
        if !self.follower.changed(versions) {
            return Ok(());
        }
        // The log moved, most often by this process's own changes: reading it for others'
        // took 10-37 ms a second, with every write waiting, while 20 agents wrote here.
        if !self.store.seen_all().await? {
            self.replay_new_changes().await?;
        }
        let floor = sync::trace_floor();
        let traces = self.store.traces_since(&floor).await?;
        for t in self.follower.new_traces(traces, &floor) {
            let _ = self.trace_events.send(t);
        }
        Ok(())
    }

    /// Reads the log's latest version and replays what is new in it.
    pub(super) async fn follow_now(&mut self) -> Result<()> {
        self.store.refresh_log().await?;
        self.replay_new_changes().await
    }

    /// The changes after the follower's position, in commit order, into the mirror.
    async fn replay_new_changes(&mut self) -> Result<()> {
        let ops = self
            .store
            .operations_after(self.follower.position())
            .await?;
        let Some(&(last, _)) = ops.last() else {
            return Ok(());
        };
        let ops: Vec<mnemo_core::Operation> = ops.into_iter().map(|(_, o)| o).collect();
        self.replay(&ops).await?;
        self.follower.advance_to(last);
        // Each operation rewrote or added memory rows (an estimate: the store is asked before
        // anything is indexed for them).
        self.owed.others_unindexed += ops.len();
        self.last_others_write = Instant::now();
        Ok(())
    }

    /// Applies other processes' operations: one delta per run by the same actor, in log order.
    async fn replay(&self, ops: &[mnemo_core::Operation]) -> Result<()> {
        let unknown_space = {
            let st = self.state.read().expect("state lock");
            (ops.iter()).any(|o| !o.space.is_empty() && !st.spaces.contains_key(&o.space))
        };
        let spaces = if unknown_space {
            self.store.load_spaces().await?
        } else {
            Vec::new()
        };
        let mut st = self.state.write().expect("state lock");
        for s in spaces {
            st.spaces.insert(s.name.clone(), s);
        }
        for run in ops.chunk_by(|a, b| a.actor == b.actor) {
            let (mut changes, mut edges) = (Vec::new(), Vec::new());
            for o in run {
                sync::changes_of(o, &mut changes, &mut edges);
            }
            changes.append(&mut edges);
            self.links.note(&st, &changes);
            for c in &changes {
                st.apply(c);
            }
            self.publish(&mut st, &run[0].actor, changes);
        }
        Ok(())
    }

    /// Saves pending traces; writes access counts when `force`d or when they are due.
    pub(super) async fn flush_background(&mut self, force: bool) -> Result<()> {
        let traces = std::mem::take(&mut self.traces);
        if !traces.is_empty() {
            self.store.save_traces(&traces).await?;
            self.owed.bookkeeping_commits += 1;
            self.owed.recent_commits += 1;
        }
        let due = self.touches.len() >= TOUCH_FLUSH_COUNT
            || self.last_touch_flush.elapsed() >= TOUCH_FLUSH_EVERY;
        if self.touches.is_empty() || !(force || due) {
            return Ok(());
        }
        self.last_touch_flush = Instant::now();
        let at = now();
        let touched = self.touched(at);
        let rows: Vec<(&str, u32, Timestamp)> = (touched.iter())
            .map(|m| (m.id.as_str(), m.access_count, at))
            .collect();
        self.store.append_access(&rows).await?;
        self.owed.bookkeeping_commits += 1;
        self.owed.recent_commits += 1;
        // Access counts are bookkeeping, not a graph change: no delta.
        let mut st = self.state.write().expect("state lock");
        for m in touched {
            st.upsert_memory(m);
        }
        Ok(())
    }

    /// The memories accessed since the last flush, with their new counts.
    fn touched(&mut self, at: Timestamp) -> Vec<Memory> {
        let touches = std::mem::take(&mut self.touches);
        let st = self.state.read().expect("state lock");
        (touches.iter())
            .filter_map(|(id, n)| {
                let mut m = st.memories.get(id)?.clone();
                m.access_count += n;
                m.last_accessed_at = Some(at);
                Some(m)
            })
            .collect()
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Whether old table versions are due for removal: never yet in this process, or not for
/// [`PRUNE_EVERY`].
fn prune_due(last: Option<Instant>) -> bool {
    last.is_none_or(|at| at.elapsed() >= PRUNE_EVERY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_pruned_first_then_every_few_minutes() {
        assert!(prune_due(None));
        assert!(!prune_due(Some(Instant::now())));
        let long_ago = Instant::now().checked_sub(PRUNE_EVERY + Duration::from_secs(1));
        assert!(long_ago.is_none_or(|at| prune_due(Some(at))));
    }

    #[test]
    fn paying_keeps_what_was_written_while_the_optimize_ran() {
        let paid = Owed {
            unindexed: 500,
            uncompacted: 7,
            recent_commits: 7,
            bookkeeping_commits: 2,
            others_unindexed: 3,
        };
        let mut owed = Owed {
            unindexed: 620,
            uncompacted: 9,
            recent_commits: 4,
            bookkeeping_commits: 2,
            others_unindexed: 0,
        };
        owed.pay(paid);
        assert_eq!(owed.unindexed, 120);
        assert_eq!(owed.uncompacted, 2);
        // A compaction in between already took some off: nothing goes below zero.
        assert_eq!(owed.recent_commits, 0);
        assert_eq!(owed.bookkeeping_commits, 0);
        assert_eq!(owed.others_unindexed, 0);
    }
}
