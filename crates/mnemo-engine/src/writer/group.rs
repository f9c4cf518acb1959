//! Group commit: writes that wait while a commit is in flight are planned one after another under
//! one lock and committed as one change, each answered only once that change is durable. Many
//! agents adding one memory at a time then cost a few commits, not one each.

use mnemo_core::{Actor, BulkEdit, Edge, Error, GraphChange, Memory, Result, now};
use mnemo_store::WriteGuard;
use std::collections::{HashSet, VecDeque};
use tokio::sync::oneshot;

use super::{Reply, Writer};
use crate::changeset::ChangeSet;
use crate::plan::bulk::BulkReport;
use crate::plan::link::FoundPair;
use crate::plan::merge::MergeInput;
use crate::plan::purge::PurgeReport;
use crate::plan::space::{SpaceInput, SpaceReport};
use crate::plan::supersede::Superseded;
use crate::plan::undo::{UndoInput, UndoReport};
use crate::plan::vault::{Resync, ResyncReport};
use crate::plan::{self, AddReport, Batch, Edit, Origin, Plan, PlanError, Supply};
use crate::state::State;

/// At most this many writes share one commit.
pub(super) const GROUP_MAX: usize = 256;
/// A write with more memories than this goes in a group of its own: only small inputs are
/// copied, so that one whose plan collides with the group's can be planned again after it.
const SMALL: usize = 64;

/// A write waiting for the writer: who makes it, what it is, where its answer goes.
pub struct Write {
    pub actor: Actor,
    pub input: WriteInput,
    pub reply: WriteReply,
}

#[derive(Clone)]
pub enum WriteInput {
    Add(Batch),
    Update(Edit),
    Bulk(BulkEdit),
    /// Pairs the duplicate scan found, to flag for review.
    FlagDuplicates(Vec<FoundPair>),
    Link(Edge),
    Unlink(String),
    Confirm(String),
    Merge(MergeInput),
    Supersede(SupersedeInput),
    Undo(UndoInput),
    /// Memories to erase for good (see `Engine::purge`).
    Purge(Vec<String>),
    Space(SpaceInput),
    /// A vault imported again.
    Resync(Resync),
}

/// A supersede as sent to the writer: the old memory and the new one, existing or added with it.
#[derive(Debug, Clone)]
pub struct SupersedeInput {
    pub old: String,
    pub new: NewSide,
}

#[derive(Debug, Clone)]
pub enum NewSide {
    Existing(String),
    /// Added in the same change; it carries its `valid_from`.
    Added(Batch),
}

impl Supply for SupersedeInput {
    fn supply(&mut self, texts: Vec<String>, vectors: Vec<Vec<f32>>) {
        if let NewSide::Added(batch) = &mut self.new {
            batch.supply(texts, vectors);
        }
    }
}

/// A write's answer: the output, or an error that may hand the input back for vectors.
pub enum WriteReply {
    Add(Reply<AddReport, Batch>),
    Update(Reply<Memory, Edit>),
    Bulk(oneshot::Sender<Result<BulkReport>>),
    Count(oneshot::Sender<Result<usize>>),
    Edge(oneshot::Sender<Result<Edge>>),
    Merge(Reply<Memory, MergeInput>),
    Supersede(Reply<Superseded, SupersedeInput>),
    Undo(Reply<UndoReport, UndoInput>),
    Purge(oneshot::Sender<Result<PurgeReport>>),
    Space(oneshot::Sender<Result<SpaceReport>>),
    Resync(Reply<ResyncReport, Resync>),
}

/// What a planned write answers once committed.
enum Output {
    Add(AddReport),
    Memory(Memory),
    Bulk(BulkReport),
    Count(usize),
    Edge(Edge),
    Superseded(Superseded),
    Undone(UndoReport),
    Purged(PurgeReport),
    Space(SpaceReport),
    Resync(ResyncReport),
}

/// Why a write has no plan.
enum Refused {
    Add(PlanError<Batch>),
    Update(PlanError<Edit>),
    /// Refused outright (no vectors to ask for).
    Failed(Error),
    Merge(PlanError<MergeInput>),
    Supersede(PlanError<SupersedeInput>),
    Undo(PlanError<UndoInput>),
    Resync(PlanError<Resync>),
}

impl WriteReply {
    fn send(self, answer: std::result::Result<Output, Refused>) {
        use {Output as O, Refused as R, WriteReply as W};
        // The pairs are made by `plan` from one write; no other pair can occur.
        match (self, answer) {
            (W::Add(tx), Ok(O::Add(o))) => drop(tx.send(Ok(o))),
            (W::Add(tx), Err(R::Add(e))) => drop(tx.send(Err(e))),
            (W::Update(tx), Ok(O::Memory(m))) => drop(tx.send(Ok(m))),
            (W::Update(tx), Err(R::Update(e))) => drop(tx.send(Err(e))),
            (W::Bulk(tx), Ok(O::Bulk(r))) => drop(tx.send(Ok(r))),
            (W::Bulk(tx), Err(R::Failed(e))) => drop(tx.send(Err(e))),
            (W::Count(tx), Ok(O::Count(n))) => drop(tx.send(Ok(n))),
            (W::Count(tx), Err(R::Failed(e))) => drop(tx.send(Err(e))),
            (W::Edge(tx), Ok(O::Edge(e))) => drop(tx.send(Ok(e))),
            (W::Edge(tx), Err(R::Failed(e))) => drop(tx.send(Err(e))),
            (W::Merge(tx), Ok(O::Memory(m))) => drop(tx.send(Ok(m))),
            (W::Merge(tx), Err(R::Merge(e))) => drop(tx.send(Err(e))),
            (W::Supersede(tx), Ok(O::Superseded(s))) => drop(tx.send(Ok(s))),
            (W::Supersede(tx), Err(R::Supersede(e))) => drop(tx.send(Err(e))),
            (W::Undo(tx), Ok(O::Undone(u))) => drop(tx.send(Ok(u))),
            (W::Undo(tx), Err(R::Undo(e))) => drop(tx.send(Err(e))),
            (W::Purge(tx), Ok(O::Purged(r))) => drop(tx.send(Ok(r))),
            (W::Space(tx), Ok(O::Space(r))) => drop(tx.send(Ok(r))),
            (W::Resync(tx), Ok(O::Resync(r))) => drop(tx.send(Ok(r))),
            (W::Resync(tx), Err(R::Resync(e))) => drop(tx.send(Err(e))),
            // Admission refuses any kind of write.
            (reply, Err(R::Failed(e))) => reply.fail(e),
            (reply, _) => reply.fail(Error::Storage("mismatched answer".into())),
        }
    }

    fn fail(self, e: Error) {
        match self {
            WriteReply::Add(tx) => drop(tx.send(Err(e.into()))),
            WriteReply::Update(tx) => drop(tx.send(Err(e.into()))),
            WriteReply::Edge(tx) => drop(tx.send(Err(e))),
            WriteReply::Bulk(tx) => drop(tx.send(Err(e))),
            WriteReply::Count(tx) => drop(tx.send(Err(e))),
            WriteReply::Merge(tx) => drop(tx.send(Err(e.into()))),
            WriteReply::Supersede(tx) => drop(tx.send(Err(e.into()))),
            WriteReply::Undo(tx) => drop(tx.send(Err(e.into()))),
            WriteReply::Purge(tx) => drop(tx.send(Err(e))),
            WriteReply::Space(tx) => drop(tx.send(Err(e))),
            WriteReply::Resync(tx) => drop(tx.send(Err(e.into()))),
        }
    }
}

impl WriteInput {
    fn is_small(&self) -> bool {
        match self {
            WriteInput::Add(batch) => batch.items.len() <= SMALL,
            WriteInput::Undo(u) => u.operations.len() <= SMALL,
            WriteInput::Bulk(b) => b.ids.len() <= SMALL,
            WriteInput::FlagDuplicates(p) => p.len() <= SMALL,
            WriteInput::Purge(ids) => ids.len() <= SMALL,
            // A rename or a delete rewrites the whole space: alone.
            WriteInput::Space(_) | WriteInput::Resync(_) => false,
            _ => true,
        }
    }
}

/// A write planned in a group: its changes wait for the group's commit.
struct Planned {
    actor: Actor,
    changes: ChangeSet,
    output: Output,
    reply: WriteReply,
}

impl Writer {
    /// Commits the waiting writes, in as few groups as their plans allow.
    pub(super) async fn write_all(&mut self, mut pending: VecDeque<Write>) {
        while !pending.is_empty() {
            self.write_group(&mut pending).await;
        }
    }

    /// Takes the lock, catches up, plans writes from the front of `pending` until one collides
    /// with those before it (it waits for the next group), and commits them as one change.
    async fn write_group(&mut self, pending: &mut VecDeque<Write>) {
        let started = std::time::Instant::now();
        let guard = match self.lock_and_catch_up().await {
            Ok(g) => g,
            Err(e) => {
                pending.drain(..).for_each(|w| w.reply.fail(e.clone()));
                return;
            }
        };
        let caught_up = started.elapsed();
        let mut group: Vec<Planned> = Vec::new();
        let mut claimed: HashSet<String> = HashSet::new();
        while let Some(w) = pending.pop_front() {
            let small = w.input.is_small();
            if !small && !group.is_empty() {
                pending.push_front(w);
                break;
            }
            let Write {
                actor,
                input,
                reply,
            } = w;
            // A small input is kept, to be planned again if its plan collides.
            let (input, kept) = if small {
                (input.clone(), Some(input))
            } else {
                (input, None)
            };
            let (mut changes, output) = match self.plan(&actor, input) {
                Ok(planned) => planned,
                Err(refused) => {
                    reply.send(Err(refused));
                    continue;
                }
            };
            changes.seal_action();
            // A large write goes alone (below), so nothing is checked against its claims.
            let claims = if small {
                changes.claims()
            } else {
                HashSet::new()
            };
            if let Some(input) = kept.filter(|_| !claimed.is_disjoint(&claims)) {
                pending.push_front(Write {
                    actor,
                    input,
                    reply,
                });
                break;
            }
            claimed.extend(claims);
            group.push(Planned {
                actor,
                changes,
                output,
                reply,
            });
            if !small {
                break;
            }
        }
        let (locked, writes) = (started.elapsed(), group.len());
        self.commit_group(&guard, group).await;
        guard.release().await;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        tracing::debug!(
            writes,
            caught_up_ms = ms(caught_up),
            planned_ms = ms(locked - caught_up),
            total_ms = ms(started.elapsed()),
            "group written"
        );
    }

    async fn lock_and_catch_up(&mut self) -> Result<WriteGuard> {
        let guard = self.store.lock_writes().await?;
        // Quiet: no other process has written since this one last saw the whole log.
        if !guard.is_quiet() {
            self.catch_up(&guard).await?;
            self.store.caught_up(&guard);
        }
        Ok(guard)
    }

    /// Plans one write against the read state as it is.
    fn plan(
        &self,
        actor: &Actor,
        input: WriteInput,
    ) -> std::result::Result<(ChangeSet, Output), Refused> {
        let st = self.state.read().expect("state lock");
        let st: &State = &st;
        let input = plan::trust::admit(st, actor, input).map_err(Refused::Failed)?;
        let by = Origin {
            actor: &actor.name,
            via: &actor.via,
            at: now(),
        };
        fn split<T, E>(
            r: std::result::Result<Plan<T>, E>,
            ok: fn(T) -> Output,
            err: fn(E) -> Refused,
        ) -> std::result::Result<(ChangeSet, Output), Refused> {
            r.map(|p| (p.changes, ok(p.output))).map_err(err)
        }
        match input {
            WriteInput::Add(batch) => split(
                plan::add::add(st, &self.link, batch, by),
                Output::Add,
                Refused::Add,
            ),
            WriteInput::Update(edit) => split(
                plan::edit::update(st, edit, by),
                Output::Memory,
                Refused::Update,
            ),
            WriteInput::Bulk(b) => {
                split(plan::bulk::bulk(st, b, by), Output::Bulk, Refused::Failed)
            }
            WriteInput::FlagDuplicates(pairs) => split(
                plan::link::flag_duplicates(st, pairs, by),
                Output::Count,
                Refused::Failed,
            ),
            WriteInput::Link(edge) => split(
                plan::link::link(st, edge, by),
                Output::Edge,
                Refused::Failed,
            ),
            WriteInput::Unlink(id) => split(
                plan::link::unlink(st, &id, by),
                Output::Edge,
                Refused::Failed,
            ),
            WriteInput::Confirm(id) => split(
                plan::link::confirm(st, &id, by),
                Output::Edge,
                Refused::Failed,
            ),
            WriteInput::Merge(m) => split(
                plan::merge::merge(st, m, by),
                Output::Memory,
                Refused::Merge,
            ),
            WriteInput::Supersede(s) => split(
                self.plan_supersede(st, s, by),
                Output::Superseded,
                Refused::Supersede,
            ),
            WriteInput::Undo(u) => {
                split(plan::undo::undo(st, u, by), Output::Undone, Refused::Undo)
            }
            WriteInput::Purge(ids) => split(
                plan::purge::purge(st, &ids, by),
                Output::Purged,
                Refused::Failed,
            ),
            WriteInput::Space(s) => {
                split(plan::space::plan(st, s, by), Output::Space, Refused::Failed)
            }
            WriteInput::Resync(r) => split(
                plan::vault::resync(st, &self.link, r, by),
                Output::Resync,
                Refused::Resync,
            ),
        }
    }

    /// A supersede, with the add of its new memory when that comes with it.
    fn plan_supersede(
        &self,
        st: &State,
        input: SupersedeInput,
        by: Origin,
    ) -> plan::Outcome<Plan<Superseded>, SupersedeInput> {
        let batch = match &input.new {
            NewSide::Existing(id) => {
                let new = (st.memories.get(id)).ok_or_else(|| Error::not_found("memory", id))?;
                return Ok(plan::supersede::supersede(st, &input.old, new, by)?);
            }
            NewSide::Added(batch) => batch.clone(),
        };
        let added = match plan::add::add(st, &self.link, batch, by) {
            Ok(p) => p,
            Err(PlanError::Failed(e)) => return Err(e.into()),
            Err(PlanError::NeedsVectors { texts, .. }) => {
                return Err(PlanError::NeedsVectors { texts, input });
            }
        };
        let new = (added.output.memories.first())
            .ok_or_else(|| Error::invalid("new", "no memory to supersede with"))?;
        let mut plan = plan::supersede::supersede(st, &input.old, new, by)?;
        let mut changes = added.changes;
        changes.absorb(plan.changes);
        plan.changes = changes;
        Ok(plan)
    }

    /// One change for the whole group; each write's delta is published under its own actor.
    async fn commit_group(&mut self, guard: &WriteGuard, group: Vec<Planned>) {
        let deltas: Vec<(String, Vec<GraphChange>)> = (group.iter())
            .map(|p| (p.actor.name.clone(), p.changes.graph_changes()))
            .collect();
        let mut merged = ChangeSet::default();
        let mut answers = Vec::with_capacity(group.len());
        for p in group {
            merged.absorb(p.changes);
            answers.push((p.reply, p.output));
        }
        match self.apply(guard, &merged).await {
            Ok(()) => {
                let started = std::time::Instant::now();
                self.update_state(&merged, deltas);
                tracing::debug!(
                    state_ms = started.elapsed().as_secs_f64() * 1e3,
                    "read state updated"
                );
                for (reply, output) in answers {
                    reply.send(Ok(output));
                }
            }
            Err(e) => {
                for (reply, _) in answers {
                    reply.fail(e.clone());
                }
            }
        }
    }
}
