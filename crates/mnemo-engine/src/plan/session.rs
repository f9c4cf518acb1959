//! A session's `next` chain: its members in time order, each linked to the one after it.

use mnemo_core::{Edge, EdgeKind, Timestamp};
use rustc_hash::{FxHashMap, FxHashSet};

use super::auto_edge;
use crate::state::{SpaceKey, State};

/// The `next` edges a session needs once `new` members join it, and the ids of old edges to
/// remove: pairs that involve a new member become edges (unless a restore brings its own), and
/// old neighbours that now have a member between them are unlinked.
pub(super) fn next_edges(
    st: &State,
    key: &SpaceKey,
    new: Vec<(Timestamp, String)>,
    restores: &FxHashSet<String>,
    at: Timestamp,
) -> (Vec<Edge>, Vec<String>) {
    let old: Vec<(Timestamp, String)> = st
        .sessions
        .get(key)
        .map(|s| s.iter().cloned().collect())
        .unwrap_or_default();
    let new_ids: FxHashSet<String> = new.iter().map(|(_, id)| id.clone()).collect();
    let mut merged: Vec<(Timestamp, String)> = old.iter().cloned().chain(new).collect();
    merged.sort();
    let removed = broken_edges(st, &old, &merged);
    let mut edges = Vec::new();
    for w in merged.windows(2) {
        let (a, b) = (&w[0].1, &w[1].1);
        let involves_new = new_ids.contains(a) || new_ids.contains(b);
        // Restores bring their own `next` edges (or deliberately lack one).
        let restored = restores.contains(a) || restores.contains(b);
        if involves_new && !restored && st.next_edge(a, b).is_none() {
            let provenance = format!("next in session {:?}", key.1);
            edges.push(auto_edge(a, b, EdgeKind::Next, 1.0, provenance, at));
        }
    }
    (edges, removed)
}

/// Ids of the `next` edges between old neighbours that are no longer adjacent.
fn broken_edges(
    st: &State,
    old: &[(Timestamp, String)],
    merged: &[(Timestamp, String)],
) -> Vec<String> {
    let position: FxHashMap<&str, usize> = (merged.iter().enumerate())
        .map(|(i, (_, id))| (id.as_str(), i))
        .collect();
    old.windows(2)
        .filter(|w| position[w[0].1.as_str()] + 1 != position[w[1].1.as_str()])
        .filter_map(|w| st.next_edge(&w[0].1, &w[1].1))
        .map(|e| e.id.clone())
        .collect()
}
