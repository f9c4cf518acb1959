//! The review queue: what a person curating a memory should look at — memories held for
//! approval, near-duplicates,
//! unconfirmed automatic links, possible contradictions, orphans and stale memories — read off
//! the state as it is. Deciding is the person's; nothing here writes.

mod contradiction;
mod names;

pub use contradiction::{Difference, compare};

use mnemo_core::{Edge, EdgeKind, Memory, MemoryKind, MemoryStatus, Timestamp, normalize_name};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::state::State;

/// What the queue shows.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct ReviewSettings {
    /// Stale below this retention (0..1; default 0.1): see [`retention`].
    pub stale_below: f32,
    /// At most this many items per section (the counts are whole).
    pub limit: u32,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            stale_below: 0.1,
            limit: 200,
        }
    }
}

/// Memories that are probably one, and why.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct DuplicateGroup {
    /// Two or more memories, oldest first.
    pub ids: Vec<String>,
    pub reason: String,
    /// The strongest evidence: cosine of the texts, or 1 for names.
    pub score: f32,
}

/// An automatic link no person has confirmed, and why it was made.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct LinkReview {
    pub edge: Edge,
    pub reason: String,
}

/// Two statements that may contradict each other.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct Contradiction {
    /// The older memory (by creation).
    pub a: String,
    /// The newer one: the one that would supersede `a`.
    pub b: String,
    pub difference: Difference,
}

/// A memory fading from use.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct StaleMemory {
    pub id: String,
    /// 0..1: how much of it is "remembered" now (see [`retention`]).
    pub retention: f32,
}

/// A memory waiting for a person's approval, and why it waits.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct HeldMemory {
    pub id: String,
    pub written_by: String,
    pub reason: String,
}

/// How many items each section holds in all.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct ReviewCounts {
    pub held: u32,
    pub duplicates: u32,
    pub links: u32,
    pub contradictions: u32,
    pub orphans: u32,
    pub stale: u32,
}

/// The queue, section by section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct ReviewQueue {
    /// Held for approval (`pending`), oldest first: approve makes them active, reject forgets them.
    pub held: Vec<HeldMemory>,
    pub duplicates: Vec<DuplicateGroup>,
    pub links: Vec<LinkReview>,
    pub contradictions: Vec<Contradiction>,
    /// Active memories with no edge, newest first.
    pub orphans: Vec<String>,
    /// Least retained first.
    pub stale: Vec<StaleMemory>,
    pub counts: ReviewCounts,
}

/// The queue as the state stands at `now`.
pub fn queue(st: &State, settings: &ReviewSettings, now: Timestamp) -> ReviewQueue {
    let limit = settings.limit as usize;
    let mut q = ReviewQueue::default();
    let duplicates = duplicates(st);
    let links = unconfirmed_links(st);
    let contradictions = contradictions(st);
    let (orphans, stale) = orphans_and_stale(st, settings.stale_below, now);
    let held = held(st);
    q.counts = ReviewCounts {
        held: held.len() as u32,
        duplicates: duplicates.len() as u32,
        links: links.len() as u32,
        contradictions: contradictions.len() as u32,
        orphans: orphans.len() as u32,
        stale: stale.len() as u32,
    };
    q.held = held.into_iter().take(limit).collect();
    q.duplicates = duplicates.into_iter().take(limit).collect();
    q.links = links.into_iter().take(limit).collect();
    q.contradictions = contradictions.into_iter().take(limit).collect();
    q.orphans = orphans.into_iter().take(limit).collect();
    q.stale = stale.into_iter().take(limit).collect();
    q
}

/// Retention after MemoryBank's forgetting curve, R = e^(−t/S): `t` the days since the memory was
/// last used or changed, `S` its strength — 30 days, more for each recall and for importance.
/// A pinned memory keeps all of it.
pub fn retention(m: &Memory, now: Timestamp) -> f32 {
    if m.pinned {
        return 1.0;
    }
    let last = m.last_accessed_at.unwrap_or(m.updated_at).max(m.updated_at);
    let days = (now - last).num_seconds().max(0) as f32 / 86_400.0;
    let strength = 30.0 * (1.0 + m.access_count as f32).sqrt() * (0.5 + m.importance);
    (-days / strength).exp()
}

/// Pending memories, oldest first (ids are UUIDv7: they sort by creation).
fn held(st: &State) -> Vec<HeldMemory> {
    let mut held: Vec<HeldMemory> = (st.memories.values())
        .filter(|m| m.status == MemoryStatus::Pending)
        // An entity a held memory named is decided with that memory.
        .filter(|m| !crate::plan::trust::named_by_held(st, m))
        .map(|m| HeldMemory {
            id: m.id.clone(),
            written_by: m.written_by.clone(),
            reason: (m.held.clone()).unwrap_or_else(|| "set pending by its writer".into()),
        })
        .collect();
    held.sort_by(|a, b| a.id.cmp(&b.id));
    held
}

fn reviewable(m: &Memory) -> bool {
    matches!(m.status, MemoryStatus::Active)
}

/// Pairs a person kept apart: a confirmed near-duplicate edge says "these are two".
fn kept_apart(st: &State) -> FxHashSet<(String, String)> {
    (st.graph.edges())
        .filter(|e| e.kind == EdgeKind::NearDuplicate && e.confirmed)
        .map(|e| pair(&e.from, &e.to))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// Near-duplicate pairs (flagged at ingest by cosine, or entities by name), joined into groups.
fn duplicates(st: &State) -> Vec<DuplicateGroup> {
    let kept = kept_apart(st);
    let mut pairs: Vec<(String, String, f32, String)> = Vec::new();
    for e in st.graph.edges() {
        let live = |id: &str| st.memories.get(id).is_some_and(reviewable);
        if e.kind == EdgeKind::NearDuplicate && !e.confirmed && live(&e.from) && live(&e.to) {
            pairs.push((
                e.from.clone(),
                e.to.clone(),
                e.weight,
                format!("texts nearly the same ({})", e.provenance),
            ));
        }
    }
    pairs.extend(entity_pairs(st));
    let pairs: Vec<_> = pairs
        .into_iter()
        .filter(|(a, b, ..)| !kept.contains(&pair(a, b)))
        .collect();
    group(st, pairs)
}

/// Entities of one space whose names look like one entity's.
fn entity_pairs(st: &State) -> Vec<(String, String, f32, String)> {
    // Compared within blocks sharing a first letter: names one edit apart or with an added
    // initial almost always do.
    let mut blocks: FxHashMap<(String, char), Vec<(&Memory, String)>> = FxHashMap::default();
    for m in st.memories.values() {
        if m.kind == MemoryKind::Entity && reviewable(m) {
            let name = normalize_name(&m.title);
            if let Some(c) = name.chars().next() {
                blocks
                    .entry((m.space.clone(), c))
                    .or_default()
                    .push((m, name));
            }
        }
    }
    let mut out = Vec::new();
    for members in blocks.values() {
        // A block of thousands would cost millions of comparisons: such names are compared by
        // their first token only.
        if members.len() > 2_000 {
            continue;
        }
        for (i, (a, na)) in members.iter().enumerate() {
            for (b, nb) in &members[i + 1..] {
                if let Some(why) = names::same_entity(na, nb) {
                    out.push((
                        a.id.clone(),
                        b.id.clone(),
                        1.0,
                        format!("{why}: {:?} and {:?}", a.title, b.title),
                    ));
                }
            }
        }
    }
    out
}

/// Joins pairs into groups (union–find), each with its strongest reason.
fn group(st: &State, pairs: Vec<(String, String, f32, String)>) -> Vec<DuplicateGroup> {
    let mut parent: FxHashMap<String, String> = FxHashMap::default();
    fn root(parent: &mut FxHashMap<String, String>, x: &str) -> String {
        let mut r = x.to_string();
        while let Some(p) = parent.get(&r).filter(|p| **p != r) {
            r = p.clone();
        }
        parent.insert(x.to_string(), r.clone());
        r
    }
    for (a, b, ..) in &pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    let mut groups: FxHashMap<String, DuplicateGroup> = FxHashMap::default();
    for (a, b, score, reason) in pairs {
        let r = root(&mut parent, &a);
        let g = groups.entry(r).or_insert_with(|| DuplicateGroup {
            ids: Vec::new(),
            reason: String::new(),
            score: 0.0,
        });
        for id in [a, b] {
            if !g.ids.contains(&id) {
                g.ids.push(id);
            }
        }
        if score >= g.score {
            (g.score, g.reason) = (score, reason);
        }
    }
    let created = |id: &String| st.memories.get(id).map(|m| m.created_at);
    let mut out: Vec<DuplicateGroup> = groups.into_values().collect();
    for g in &mut out {
        g.ids.sort_by_key(|id| (created(id), id.clone()));
    }
    // Newest evidence first: the duplicates an agent just wrote are what a person looks for.
    out.sort_by(|a, b| b.ids.last().cmp(&a.ids.last()));
    out
}

/// Automatic links no person has confirmed: similar texts and names found in the prose.
fn unconfirmed_links(st: &State) -> Vec<LinkReview> {
    let mut out: Vec<LinkReview> = (st.graph.edges())
        .filter(|e| e.automatic && !e.confirmed)
        .filter(|e| {
            e.kind == EdgeKind::Similar
                || (e.kind == EdgeKind::Mentions && e.provenance.ends_with("(name)"))
        })
        .map(|e| LinkReview {
            edge: e.clone(),
            reason: link_reason(e),
        })
        .collect();
    out.sort_by(|a, b| {
        b.edge
            .created_at
            .cmp(&a.edge.created_at)
            .then_with(|| b.edge.id.cmp(&a.edge.id))
    });
    out
}

fn link_reason(e: &Edge) -> String {
    match e.kind {
        EdgeKind::Similar => format!("similar meaning ({})", e.provenance),
        _ => format!("a name found in the text: {}", e.provenance),
    }
}

/// Facts about a shared entity, holding at the same time, whose texts disagree.
fn contradictions(st: &State) -> Vec<Contradiction> {
    let kept = kept_apart(st);
    let mut by_entity: FxHashMap<&str, Vec<&Memory>> = FxHashMap::default();
    for e in st.graph.edges().filter(|e| e.kind == EdgeKind::Mentions) {
        if let Some(m) = st
            .memories
            .get(&e.from)
            .filter(|m| m.kind == MemoryKind::Fact && reviewable(m))
        {
            by_entity.entry(e.to.as_str()).or_default().push(m);
        }
    }
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    for facts in by_entity.values_mut() {
        // An entity mentioned by thousands of facts: its newest 200 are compared.
        facts.sort_by(|a, b| b.id.cmp(&a.id));
        facts.truncate(200);
        for (i, a) in facts.iter().enumerate() {
            for b in &facts[i + 1..] {
                let key = pair(&a.id, &b.id);
                if kept.contains(&key) || !overlap(a, b) || !seen.insert(key) {
                    continue;
                }
                if let Some(difference) = compare(&b.text, &a.text) {
                    out.push(Contradiction {
                        a: b.id.clone(),
                        b: a.id.clone(),
                        difference,
                    });
                }
            }
        }
    }
    out.sort_by(|x, y| y.b.cmp(&x.b));
    out
}

/// Whether two facts hold at some common time.
fn overlap(a: &Memory, b: &Memory) -> bool {
    let starts = a.valid_from.max(b.valid_from);
    let ends = match (a.valid_until, b.valid_until) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    match (starts, ends) {
        (Some(s), Some(e)) => s < e,
        _ => true,
    }
}

/// Active memories with no edge, newest first; and memories fading below the threshold.
fn orphans_and_stale(st: &State, below: f32, now: Timestamp) -> (Vec<String>, Vec<StaleMemory>) {
    let mut orphans = Vec::new();
    let mut stale = Vec::new();
    for m in st.memories.values().filter(|m| reviewable(m)) {
        if st.graph.degree(&m.id) == 0 {
            orphans.push(m.id.clone());
        }
        let r = retention(m, now);
        if r < below && m.kind != MemoryKind::Entity {
            stale.push(StaleMemory {
                id: m.id.clone(),
                retention: r,
            });
        }
    }
    orphans.sort_by(|a, b| b.cmp(a));
    stale.sort_by(|a, b| {
        a.retention
            .total_cmp(&b.retention)
            .then_with(|| a.id.cmp(&b.id))
    });
    (orphans, stale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnemo_core::NewMemory;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn memory(id: &str, kind: &str, text: &str) -> Memory {
        let input = NewMemory {
            text: text.into(),
            kind: Some(kind.into()),
            ..Default::default()
        };
        let mut m = input
            .build(id.into(), t("2026-01-01T00:00:00Z"), "default", "test", "e")
            .unwrap();
        m.updated_at = m.created_at;
        m
    }

    fn edge(id: &str, from: &str, to: &str, kind: EdgeKind, confirmed: bool) -> Edge {
        Edge {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            kind,
            relation: kind.as_str().into(),
            weight: 0.97,
            valid_from: None,
            valid_until: None,
            provenance: if kind == EdgeKind::Mentions {
                "mentions \"X\" (name)".into()
            } else {
                "cosine 0.970".into()
            },
            automatic: true,
            confirmed,
            created_at: t("2026-01-01T00:00:00Z"),
        }
    }

    fn state(memories: Vec<Memory>, edges: Vec<Edge>) -> State {
        State::build(memories, edges, vec![]).0
    }

    #[test]
    fn near_duplicates_group_and_kept_pairs_leave_the_queue() {
        let ms = vec![
            memory("a", "note", "Priya prefers tea"),
            memory("b", "note", "Priya prefers tea."),
            memory("c", "note", "Priya prefers tea!"),
            memory("p1", "entity", "Priya"),
            memory("p2", "entity", "Priya S."),
            memory("q", "entity", "Ada Byron"),
            memory("r", "entity", "Ada Lovelace"),
        ];
        let dup = |id, a, b| edge(id, a, b, EdgeKind::NearDuplicate, false);
        let st = state(ms.clone(), vec![dup("e1", "a", "b"), dup("e2", "b", "c")]);
        let q = queue(&st, &ReviewSettings::default(), t("2026-01-02T00:00:00Z"));
        let groups: Vec<Vec<&str>> = q
            .duplicates
            .iter()
            .map(|g| g.ids.iter().map(String::as_str).collect())
            .collect();
        assert!(groups.contains(&vec!["a", "b", "c"]), "{groups:?}");
        assert!(groups.contains(&vec!["p1", "p2"]), "{groups:?}");
        assert_eq!(
            q.counts.duplicates, 2,
            "Ada Byron and Ada Lovelace are two people"
        );

        // "Keep both": a confirmed near-duplicate edge takes the pair out.
        let kept = edge("k", "p1", "p2", EdgeKind::NearDuplicate, true);
        let st = state(ms, vec![dup("e1", "a", "b"), kept]);
        let q = queue(&st, &ReviewSettings::default(), t("2026-01-02T00:00:00Z"));
        assert_eq!(q.counts.duplicates, 1);
        assert_eq!(q.duplicates[0].ids, ["a", "b"]);
    }

    #[test]
    fn facts_about_one_entity_that_disagree_while_both_hold_are_contradictions() {
        let mut paris = memory("f1", "fact", "Ada lives in Paris");
        let lyon = memory("f2", "fact", "Ada lives in Lyon");
        let note = memory("n1", "note", "Ada lives in Rome");
        let ada = memory("ada", "entity", "Ada");
        let mention = |id, from| edge(id, from, "ada", EdgeKind::Mentions, false);
        let edges = vec![
            mention("m1", "f1"),
            mention("m2", "f2"),
            mention("m3", "n1"),
        ];
        let st = state(
            vec![paris.clone(), lyon.clone(), note.clone(), ada.clone()],
            edges.clone(),
        );
        let q = queue(&st, &ReviewSettings::default(), t("2026-01-02T00:00:00Z"));
        assert_eq!(
            q.counts.contradictions, 1,
            "notes are not facts: {:?}",
            q.contradictions
        );
        let c = &q.contradictions[0];
        assert_eq!(
            (c.difference.kind.as_str(), c.difference.only_a.len()),
            ("named value", 1)
        );

        // One held before the other: no contradiction (that is history).
        paris.valid_until = Some(t("2025-01-01T00:00:00Z"));
        let mut lyon = lyon;
        lyon.valid_from = Some(t("2025-01-01T00:00:00Z"));
        let st = state(vec![paris, lyon, note, ada], edges);
        let q = queue(&st, &ReviewSettings::default(), t("2026-01-02T00:00:00Z"));
        assert_eq!(q.counts.contradictions, 0);
    }

    #[test]
    fn orphans_have_no_edge_and_stale_memories_fade_unless_pinned_or_used() {
        let mut old = memory("old", "note", "A note nobody reads");
        let mut pinned = memory("pinned", "note", "Keep this one");
        pinned.pinned = true;
        let mut used = memory("used", "note", "Read every week");
        used.last_accessed_at = Some(t("2026-06-25T00:00:00Z"));
        used.access_count = 40;
        let linked = memory("linked", "note", "Has a link");
        old.importance = 0.5;
        let st = state(
            vec![old, pinned, used, linked],
            vec![edge("e", "linked", "used", EdgeKind::Related, true)],
        );
        let q = queue(&st, &ReviewSettings::default(), t("2026-07-01T00:00:00Z"));
        let mut orphans = q.orphans.clone();
        orphans.sort();
        assert_eq!(orphans, ["old", "pinned"]);
        let stale: Vec<&str> = q.stale.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            stale,
            ["linked", "old"],
            "half a year untouched fades; pinned and used do not"
        );
        assert!(q.stale[0].retention < 0.01);
    }
}
