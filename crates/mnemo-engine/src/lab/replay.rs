//! Replaying a past recall: its query again, against today's memory or as Mnemo knew it when the
//! recall ran, with its own configuration or another; and how the two rankings differ.

use mnemo_core::{Result, RetrievalConfig, RetrievalTrace, Signals, TraceCandidate};
use serde::{Deserialize, Serialize};

use crate::{Engine, RecallAnswer, RecallOptions};

/// How to replay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayOptions {
    /// Against the memory as Mnemo knew it when the trace was recorded (what its asker could have
    /// found then), instead of today's.
    #[serde(default)]
    pub as_of_then: bool,
    /// Run with this named configuration instead of the trace's own.
    #[serde(default)]
    pub config_name: Option<String>,
    /// Or with these weights.
    #[serde(default)]
    pub config: Option<RetrievalConfig>,
}

/// A replay beside its original.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct Replay {
    pub original: RetrievalTrace,
    pub replay: RecallAnswer,
    /// Every memory of either ranking: the replay's order first, then those it dropped.
    pub changes: Vec<RankChange>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    Same,
    Up,
    Down,
    New,
    Dropped,
}

/// One memory's place in the two rankings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct RankChange {
    pub id: String,
    pub before: Option<u32>,
    pub after: Option<u32>,
    pub movement: Movement,
    pub signals_before: Option<Signals>,
    pub signals_after: Option<Signals>,
}

impl Engine {
    /// Replays trace `id` (see [`ReplayOptions`]); nothing is recorded.
    pub async fn replay(&self, id: &str, options: ReplayOptions) -> Result<Replay> {
        let original = self.trace(id).await?;
        let mut query = original.query.clone();
        // The asker's own view: an agent's held memories and spaces, as recorded.
        query.viewer = Some(original.actor.clone());
        if options.as_of_then {
            query.known_at = Some(original.at);
        }
        let (config, config_name) = match (options.config, options.config_name) {
            (Some(c), name) => (Some(c), name.or(Some("custom".into()))),
            (None, Some(name)) => (None, Some(name)),
            (None, None) => (
                Some(original.config.clone()),
                Some(original.config_name.clone()),
            ),
        };
        let recall = RecallOptions {
            actor: "user".into(),
            config,
            config_name,
            record: false,
            ..Default::default()
        };
        let replay = self.recall(query, recall).await?;
        let changes = diff(&original.results, &replay.trace.results);
        Ok(Replay {
            original,
            replay,
            changes,
        })
    }
}

/// How `after` ranks what `before` ranked.
pub fn diff(before: &[TraceCandidate], after: &[TraceCandidate]) -> Vec<RankChange> {
    let find = |list: &[TraceCandidate], id: &str| list.iter().find(|c| c.id == id).cloned();
    let mut out: Vec<RankChange> = (after.iter())
        .map(|a| {
            let b = find(before, &a.id);
            let movement = match b.as_ref().map(|b| b.rank) {
                None => Movement::New,
                Some(r) if r == a.rank => Movement::Same,
                Some(r) if r > a.rank => Movement::Up,
                Some(_) => Movement::Down,
            };
            RankChange {
                id: a.id.clone(),
                before: b.as_ref().map(|b| b.rank),
                after: Some(a.rank),
                movement,
                signals_before: b.map(|b| b.signals),
                signals_after: Some(a.signals.clone()),
            }
        })
        .collect();
    let dropped = before.iter().filter(|b| find(after, &b.id).is_none());
    out.extend(dropped.map(|b| RankChange {
        id: b.id.clone(),
        before: Some(b.rank),
        after: None,
        movement: Movement::Dropped,
        signals_before: Some(b.signals.clone()),
        signals_after: None,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(id: &str, rank: u32) -> TraceCandidate {
        TraceCandidate {
            id: id.into(),
            rank,
            previous_rank: None,
            score: 1.0 / rank as f32,
            channels: vec![],
            signals: Signals::default(),
        }
    }

    #[test]
    fn the_diff_names_every_memory_of_either_ranking() {
        let before = [at("a", 1), at("b", 2), at("c", 3)];
        let after = [at("b", 1), at("a", 2), at("d", 3)];
        let moves: Vec<(String, Movement, Option<u32>)> = (diff(&before, &after).into_iter())
            .map(|c| (c.id, c.movement, c.before))
            .collect();
        let want = [
            ("b", Movement::Up, Some(2)),
            ("a", Movement::Down, Some(1)),
            ("d", Movement::New, None),
            ("c", Movement::Dropped, Some(3)),
        ]
        .map(|(id, m, b)| (id.to_string(), m, b));
        assert_eq!(moves, want);
        assert!(
            diff(&before, &before)
                .iter()
                .all(|c| c.movement == Movement::Same)
        );
    }
}
