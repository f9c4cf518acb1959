//! Planning an edit of one memory: its fields, its status (archive, forget, restore…), its pin.

use mnemo_core::{Error, Memory, MemoryPatch, MemoryStatus, OperationKind, to_json};

use super::{Origin, Outcome, Plan, PlanError, Supply, op};
use crate::changeset::ChangeSet;
use crate::state::State;

/// An edit as sent to the writer.
#[derive(Debug, Clone)]
pub struct Edit {
    pub id: String,
    pub patch: MemoryPatch,
    /// When the patch changes what is embedded: that text, and its vector.
    pub vector: Option<(String, Vec<f32>)>,
    /// Set by admission when the edit's words hold the memory for review: why.
    pub held: Option<String>,
}

impl Supply for Edit {
    fn supply(&mut self, texts: Vec<String>, vectors: Vec<Vec<f32>>) {
        self.vector = texts.into_iter().zip(vectors).next();
    }
}

/// Plans an edit. One that changes nothing writes nothing; one whose new text has no vector
/// (another process changed the memory after the vector was made) comes back for one.
pub fn update(st: &State, edit: Edit, by: Origin) -> Outcome<Plan<Memory>, Edit> {
    let before = (st.memories.get(&edit.id)).ok_or_else(|| Error::not_found("memory", &edit.id))?;
    if let Some(expected) = edit.patch.expected_version
        && expected != before.version
    {
        return Err(PlanError::Failed(Error::Conflict(format!(
            "memory {} was edited since version {expected} (it is at version {} now); reload it and edit again",
            edit.id, before.version
        ))));
    }
    let (mut after, reembed) = edit.patch.apply(before, by.at)?;
    if let Some(why) = &edit.held {
        after.held = Some(why.clone());
    }
    if after == *before {
        return Ok(Plan::nothing(after));
    }
    let vector = if reembed {
        let text = after.embedding_text();
        let fresh = (edit.vector.as_ref())
            .filter(|(t, _)| *t == text)
            .map(|(_, v)| v.clone());
        let Some(v) = fresh else {
            return Err(PlanError::NeedsVectors {
                texts: vec![text],
                input: edit,
            });
        };
        Some(v)
    } else {
        None // the stored vector stays
    };
    let kind = kind_of(&edit.patch, before);
    let o = op(
        kind,
        by,
        &edit.id,
        &after.space,
        to_json(before),
        to_json(&after),
    );
    let changes = ChangeSet {
        updated_memories: vec![(after.clone(), vector)],
        operations: vec![o],
        ..Default::default()
    };
    Ok(Plan {
        changes,
        output: after,
    })
}

/// What the log calls an edit: a status change, a pin, or an update.
pub(super) fn kind_of(patch: &MemoryPatch, before: &Memory) -> OperationKind {
    let pin_only = || {
        *patch
            == MemoryPatch {
                pinned: patch.pinned,
                expected_version: patch.expected_version,
                ..Default::default()
            }
    };
    match (patch.status, patch.pinned) {
        (Some(MemoryStatus::Archived), _) => OperationKind::Archive,
        (Some(MemoryStatus::Forgotten), _) => OperationKind::Forget,
        (Some(MemoryStatus::Active), _) if before.status == MemoryStatus::Pending => {
            OperationKind::Approve
        }
        (Some(MemoryStatus::Superseded), _) => OperationKind::Supersede,
        (Some(MemoryStatus::Active), _) if before.status != MemoryStatus::Active => {
            OperationKind::Restore
        }
        (None, Some(_)) if pin_only() => OperationKind::Pin,
        _ => OperationKind::Update,
    }
}
