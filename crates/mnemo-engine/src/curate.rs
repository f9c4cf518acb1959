//! Curation on the engine: merge, supersede, undo and redo, each one action in the log.

use mnemo_core::{Actor, BulkEdit, Error, Memory, NewMemory, Result};

use crate::ingest::{self, AddOptions};
use crate::plan::bulk::BulkReport;
use crate::plan::history::{self, History};
use crate::plan::merge::{self, MergeInput, MergePreview};
use crate::plan::supersede::Superseded;
use crate::plan::undo::{UndoInput, UndoReport};
use crate::writer::{Command, NewSide, SupersedeInput, Write, WriteInput, WriteReply};
use crate::{Engine, Preparing};

/// How many of the newest operations the undo and redo stacks are read from.
const HISTORY_OPERATIONS: usize = 20_000;

/// Whose actions an undo or redo looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose<'a> {
    /// Everyone's: the last action in the store.
    Anyone,
    /// One actor's own (the app's Ctrl+Z undoes the person's, not an agent's).
    Only(&'a str),
}

impl Engine {
    /// The review queue as the memory stands now.
    pub fn review(&self, settings: &crate::ReviewSettings) -> crate::ReviewQueue {
        self.read(|st| crate::review::queue(st, settings, mnemo_core::now()))
    }

    /// "These are two": a confirmed near-duplicate edge between them (the one flagged at
    /// ingest, else a new one) keeps the pair out of the review queue. Undoable like any link.
    pub async fn keep_apart(
        &self,
        a: &str,
        b: &str,
        actor: impl Into<Actor>,
    ) -> Result<mnemo_core::Edge> {
        let actor: Actor = actor.into();
        let flagged = (self.edges_of(a).into_iter()).find(|e| {
            e.kind == mnemo_core::EdgeKind::NearDuplicate
                && ((e.from == a && e.to == b) || (e.from == b && e.to == a))
        });
        match flagged {
            Some(e) if e.confirmed => Ok(e),
            Some(e) => self.confirm_edge(&e.id, &actor).await,
            None => {
                let edge = mnemo_core::NewEdge {
                    from: a.to_string(),
                    to: b.to_string(),
                    kind: Some(mnemo_core::EdgeKind::NearDuplicate),
                    relation: Some("kept apart".into()),
                    weight: None,
                    valid_from: None,
                    valid_until: None,
                };
                self.link(edge, &actor).await
            }
        }
    }

    /// One change to many memories (status, pin, tags, space) as one action: one undo.
    pub async fn bulk_edit(&self, input: BulkEdit, actor: impl Into<Actor>) -> Result<BulkReport> {
        let actor: Actor = actor.into();
        self.send(|reply| {
            Command::Write(Write {
                actor,
                input: WriteInput::Bulk(input),
                reply: WriteReply::Bulk(reply),
            })
        })
        .await
    }

    /// What merging would do, without writing anything.
    pub fn merge_preview(&self, input: &MergeInput) -> Result<MergePreview> {
        self.read(|st| merge::preview(st, input, mnemo_core::now()))
    }

    /// Merges memories into one (see [`MergeInput`]); returns the survivor.
    pub async fn merge(&self, mut input: MergeInput, actor: impl Into<Actor>) -> Result<Memory> {
        let actor: Actor = actor.into();
        // Embed a new text here, off the writer; the writer asks again if the store moved.
        let preview = self.merge_preview(&input)?;
        let text = preview.survivor.embedding_text();
        let current = (self.get(&preview.survivor.id)).map(|m| m.embedding_text());
        if current.as_deref() != Some(text.as_str()) {
            let v = self.shared.embeds.embed(vec![text.clone()]).await?;
            input.vector = v.into_iter().next().map(|v| (text, v));
        }
        self.write(input, |input, reply| {
            Command::Write(Write {
                actor: actor.clone(),
                input: WriteInput::Merge(input),
                reply: WriteReply::Merge(reply),
            })
        })
        .await
    }

    /// `new` replaces `old`: `old` holds until `new` does, and a `supersedes` edge joins them.
    pub async fn supersede(
        &self,
        old: &str,
        new: &str,
        actor: impl Into<Actor>,
    ) -> Result<Superseded> {
        let actor: Actor = actor.into();
        let input = SupersedeInput {
            old: old.to_string(),
            new: NewSide::Existing(new.to_string()),
        };
        self.write_supersede(input, &actor).await
    }

    /// Adds a memory that replaces `old`, in one change. It holds from now unless it says when.
    pub async fn supersede_with(
        &self,
        old: &str,
        mut new: NewMemory,
        actor: impl Into<Actor>,
    ) -> Result<Superseded> {
        let actor: Actor = actor.into();
        if new.valid_from.is_none() {
            let now = mnemo_core::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            new.valid_from = Some(now);
        }
        let batch = {
            let _preparing = Preparing::start(&self.shared.preparing);
            let options = AddOptions::default();
            ingest::prepare(self, vec![new], &actor, &options, &|_| {}).await?
        };
        let input = SupersedeInput {
            old: old.to_string(),
            new: NewSide::Added(batch),
        };
        self.write_supersede(input, &actor).await
    }

    async fn write_supersede(&self, input: SupersedeInput, actor: &Actor) -> Result<Superseded> {
        self.write(input, |input, reply| {
            Command::Write(Write {
                actor: actor.clone(),
                input: WriteInput::Supersede(input),
                reply: WriteReply::Supersede(reply),
            })
        })
        .await
    }

    /// What can be undone and redone now, newest first.
    pub async fn history(&self, whose: Whose<'_>) -> Result<History> {
        let headers = self
            .shared
            .store
            .operation_headers(HISTORY_OPERATIONS)
            .await?;
        let mine = |o: &&mnemo_core::Operation| match whose {
            Whose::Anyone => true,
            Whose::Only(actor) => o.actor == actor,
        };
        let ops: Vec<mnemo_core::Operation> = headers.iter().filter(mine).cloned().collect();
        Ok(history::history(&history::actions(&ops)))
    }

    /// Undoes an action (by default the newest that is not undone) as a new action.
    pub async fn undo(
        &self,
        action: Option<&str>,
        whose: Whose<'_>,
        force: bool,
        actor: impl Into<Actor>,
    ) -> Result<UndoReport> {
        let actor: Actor = actor.into();
        let h = self.history(whose).await?;
        let action = match action {
            Some(a) if history::is_undone(&h, a) => {
                return Err(Error::Conflict(format!(
                    "action {a} is undone already; redo it instead"
                )));
            }
            Some(a) => a.to_string(),
            None => (h.undo.first().map(|a| a.action.clone()))
                .ok_or_else(|| Error::not_found("action", "to undo (the history is empty)"))?,
        };
        self.undo_action(action, force, &actor).await
    }

    /// Undoes the newest undo: the action it reversed is back.
    pub async fn redo(
        &self,
        whose: Whose<'_>,
        force: bool,
        actor: impl Into<Actor>,
    ) -> Result<UndoReport> {
        let actor: Actor = actor.into();
        let h = self.history(whose).await?;
        let undo = (h.redo.first().map(|a| a.action.clone()))
            .ok_or_else(|| Error::not_found("action", "to redo (nothing was undone)"))?;
        self.undo_action(undo, force, &actor).await
    }

    async fn undo_action(&self, action: String, force: bool, actor: &Actor) -> Result<UndoReport> {
        let operations = self.shared.store.action_operations(&action).await?;
        if operations.is_empty() {
            return Err(Error::not_found("action", &action));
        }
        let input = UndoInput {
            action,
            operations,
            force,
            embedder: self.embedder().id().to_string(),
            vectors: Default::default(),
        };
        self.write(input, |input, reply| {
            Command::Write(Write {
                actor: actor.clone(),
                input: WriteInput::Undo(input),
                reply: WriteReply::Undo(reply),
            })
        })
        .await
    }
}
