//! Planners: pure functions from the read state and an input to the [`ChangeSet`] to commit.

pub mod add;
pub mod bulk;
pub mod edit;
pub mod history;
mod injection;
pub mod link;
pub mod merge;
pub mod purge;
mod session;
pub mod space;
pub mod supersede;
#[cfg(test)]
mod tests;
pub mod trust;
pub mod undo;
pub mod vault;

use mnemo_core::{Edge, EdgeKind, Error, Json, Operation, OperationKind, Timestamp, new_id};

use crate::changeset::ChangeSet;

// Planners do no I/O, no embedding, no locking, and stamp times only from the [`Origin`] they get
// (new ids still come from `new_id`, UUIDv7): the writer runs them under its read lock, and
// tests run them on a state built by hand.

pub use add::{AddReport, Batch, Prepared};
pub use edit::Edit;

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

/// Who makes a change and when: everything a plan stamps takes its time from here.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub actor: &'a str,
    /// How the actor is connected (see `Actor::via`).
    pub via: &'a str,
    pub at: Timestamp,
}

/// What a planner decided: the changes, and what the caller gets once they are committed.
#[derive(Debug)]
pub struct Plan<T> {
    pub changes: ChangeSet,
    pub output: T,
}

impl<T> Plan<T> {
    /// A plan that writes nothing (e.g. an edit that changes nothing).
    pub fn nothing(output: T) -> Self {
        Plan {
            changes: ChangeSet::default(),
            output,
        }
    }
}

/// Why there is no plan.
pub enum PlanError<I> {
    /// The input is refused, or committing failed: the caller gets the error.
    Failed(Error),
    /// Texts only the embedder can turn into vectors: the store changed after the input was
    /// prepared. The input comes back whole, to be completed off the writer and sent again.
    NeedsVectors { texts: Vec<String>, input: I },
}

impl<I> From<Error> for PlanError<I> {
    fn from(e: Error) -> Self {
        PlanError::Failed(e)
    }
}

impl<I> std::fmt::Debug for PlanError<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::Failed(e) => f.debug_tuple("Failed").field(e).finish(),
            PlanError::NeedsVectors { texts, .. } => f
                .debug_struct("NeedsVectors")
                .field("texts", texts)
                .finish(),
        }
    }
}

/// A result whose error may hand the input back for more vectors.
pub type Outcome<T, I> = Result<T, PlanError<I>>;

/// An input that can be given the vectors a planner asked for.
pub trait Supply {
    /// `vectors[i]` embeds `texts[i]`.
    fn supply(&mut self, texts: Vec<String>, vectors: Vec<Vec<f32>>);
}

/// An edge a planner makes on its own (not asked for by a writer).
pub(crate) fn auto_edge(
    from: &str,
    to: &str,
    kind: EdgeKind,
    weight: f32,
    provenance: String,
    at: Timestamp,
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
        automatic: true,
        confirmed: false,
        created_at: at,
    }
}

/// The log's record of one change.
pub(crate) fn op(
    kind: OperationKind,
    by: Origin,
    target: &str,
    space: &str,
    before: Option<Json>,
    after: Option<Json>,
) -> Operation {
    Operation {
        id: new_id(),
        kind,
        actor: by.actor.to_string(),
        at: by.at,
        target: target.to_string(),
        space: space.to_string(),
        before,
        after,
        action: String::new(), // set for the whole plan by `ChangeSet::seal_action`
        undoes: None,
        via: by.via.to_string(),
    }
}
