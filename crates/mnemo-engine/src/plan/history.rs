//! The undo and redo stacks, read off the log: which action Ctrl+Z undoes next, and which undo
//! Ctrl+Shift+Z undoes (that is redo).

use mnemo_core::{Operation, OperationKind, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One action of the log, summed up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct ActionSummary {
    /// The action's id (its first operation's).
    pub action: String,
    /// Its first operation's kind: what it was (an import is an `add`).
    pub kind: OperationKind,
    pub actor: String,
    pub at: Timestamp,
    /// Its first operation's target.
    pub target: String,
    /// How many operations it holds.
    pub operations: u32,
    /// For an undo (or redo), the action it reversed.
    pub undoes: Option<String>,
    /// The memories it purged: actions about them can no longer be undone.
    #[serde(skip)]
    #[specta(skip)]
    #[schemars(skip)]
    pub purges: Vec<String>,
}

/// What can be undone and redone, newest first.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema,
)]
pub struct History {
    pub undo: Vec<ActionSummary>,
    pub redo: Vec<ActionSummary>,
}

/// Groups operations (any order) into actions, oldest first.
pub fn actions(ops: &[Operation]) -> Vec<ActionSummary> {
    let mut by_action: HashMap<&str, ActionSummary> = HashMap::new();
    let mut sorted: Vec<&Operation> = ops.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    for o in sorted {
        let a = by_action.entry(&o.action).or_insert_with(|| ActionSummary {
            action: o.action.clone(),
            kind: o.kind,
            actor: o.actor.clone(),
            at: o.at,
            target: o.target.clone(),
            operations: 0,
            undoes: o.undoes.clone(),
            purges: Vec::new(),
        });
        a.operations += 1;
        if o.kind == OperationKind::Purge {
            // The purge is what the action was, not the links it took along.
            a.kind = OperationKind::Purge;
            a.target = o.target.clone();
            a.purges.push(o.target.clone());
        }
    }
    let mut out: Vec<ActionSummary> = by_action.into_values().collect();
    out.sort_by(|a, b| a.action.cmp(&b.action));
    out
}

/// Replays actions (oldest first) into the two stacks. A new action goes on the undo stack and
/// empties the redo stack; an undo takes its target off whichever stack holds it and goes on
/// the other (undoing an undo is a redo, which can be undone again).
pub fn history(actions: &[ActionSummary]) -> History {
    let (mut undo, mut redo): (Vec<ActionSummary>, Vec<ActionSummary>) = (Vec::new(), Vec::new());
    for a in actions {
        if !a.purges.is_empty() {
            // Nothing of a purged memory is left to bring back: what came before about it goes
            // from the stacks. The purge itself stays on top, where undo says it cannot be
            // undone (history ends there, as after any irreversible change).
            let gone = |s: &ActionSummary| a.purges.contains(&s.target);
            undo.retain(|u| !gone(u));
            redo.clear();
            undo.push(a.clone());
            continue;
        }
        let Some(target) = &a.undoes else {
            undo.push(a.clone());
            redo.clear();
            continue;
        };
        if let Some(i) = undo.iter().position(|u| &u.action == target) {
            undo.remove(i);
            redo.push(a.clone());
        } else if let Some(i) = redo.iter().position(|r| &r.action == target) {
            redo.remove(i);
            undo.push(a.clone());
        }
    }
    undo.reverse();
    redo.reverse();
    History { undo, redo }
}

/// Whether `action` is undone now: an undo of it sits on the redo stack.
pub fn is_undone(history: &History, action: &str) -> bool {
    (history.redo.iter()).any(|r| r.undoes.as_deref() == Some(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: &str, undoes: Option<&str>) -> ActionSummary {
        ActionSummary {
            action: id.into(),
            kind: OperationKind::Add,
            actor: "user".into(),
            at: mnemo_core::now(),
            target: "m".into(),
            operations: 1,
            undoes: undoes.map(str::to_string),
            purges: Vec::new(),
        }
    }

    fn ids(stack: &[ActionSummary]) -> Vec<&str> {
        stack.iter().map(|a| a.action.as_str()).collect()
    }

    #[test]
    fn undo_moves_an_action_to_redo_and_redo_moves_it_back() {
        let log = [
            action("a", None),
            action("b", None),
            action("u1", Some("b")),
        ];
        let h = history(&log);
        assert_eq!((ids(&h.undo), ids(&h.redo)), (vec!["a"], vec!["u1"]));
        assert!(is_undone(&h, "b") && !is_undone(&h, "a"));

        let mut log = log.to_vec();
        log.push(action("r1", Some("u1"))); // redo b
        let h = history(&log);
        assert_eq!((ids(&h.undo), ids(&h.redo)), (vec!["r1", "a"], vec![]));
        assert!(!is_undone(&h, "b"));

        log.push(action("u2", Some("r1"))); // undo b again
        let h = history(&log);
        assert_eq!((ids(&h.undo), ids(&h.redo)), (vec!["a"], vec!["u2"]));
    }

    #[test]
    fn a_purge_leaves_nothing_of_its_memory_on_the_stacks_but_itself() {
        let about = |id: &str, target: &str| ActionSummary {
            target: target.into(),
            ..action(id, None)
        };
        let purge = ActionSummary {
            kind: OperationKind::Purge,
            purges: vec!["m".into()],
            ..about("c", "m")
        };
        let log = [about("a", "m"), about("b", "other"), about("x", "m"), purge];
        let h = history(&log);
        assert_eq!(
            ids(&h.undo),
            ["c", "b"],
            "the purge on top, then what it did not erase"
        );
        assert!(h.redo.is_empty());
    }

    #[test]
    fn a_new_action_empties_the_redo_stack_and_undos_stack_up() {
        let log = [
            action("a", None),
            action("b", None),
            action("u1", Some("b")),
            action("u2", Some("a")),
        ];
        let h = history(&log);
        assert_eq!((ids(&h.undo), ids(&h.redo)), (vec![], vec!["u2", "u1"]));
        let mut log = log.to_vec();
        log.push(action("c", None));
        let h = history(&log);
        assert_eq!((ids(&h.undo), ids(&h.redo)), (vec!["c"], vec![]));
    }

    #[test]
    fn operations_group_into_actions_in_log_order() {
        let op = |id: &str, action: &str| Operation {
            id: id.into(),
            kind: OperationKind::Merge,
            actor: "user".into(),
            at: mnemo_core::now(),
            target: id.into(),
            space: "default".into(),
            before: None,
            after: None,
            action: action.into(),
            undoes: None,
            via: String::new(),
        };
        let a = actions(&[op("3", "3"), op("1", "1"), op("2", "1")]);
        let summed: Vec<(&str, u32, &str)> = (a.iter())
            .map(|a| (a.action.as_str(), a.operations, a.target.as_str()))
            .collect();
        assert_eq!(summed, [("1", 2, "1"), ("3", 1, "3")]);
    }
}
