//! The planners on an in-memory state with hand-made inputs: no store, no embedding model.

use mnemo_core::{
    Edge, EdgeKind, Error, ErrorCode, Memory, MemoryKind, MemoryPatch, MemoryStatus, OperationKind,
    Timestamp,
};

use super::{Batch, Edit, LinkConfig, Origin, Plan, PlanError, Prepared, Supply, add, edit, link};
use crate::changeset::ChangeSet;
use crate::ingest::manual_edge;
use crate::state::State;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn by() -> Origin<'static> {
    Origin {
        actor: "test",
        via: "",
        at: t("2024-05-01T12:00:00Z"),
    }
}

fn memory(id: &str, title: &str) -> Memory {
    Memory {
        id: id.into(),
        kind: MemoryKind::Note,
        title: title.into(),
        text: title.into(),
        tags: vec![],
        space: "default".into(),
        source: "test".into(),
        session: None,
        external_id: None,
        occurred_at: None,
        valid_from: None,
        valid_until: None,
        created_at: t("2024-05-01T00:00:00Z"),
        updated_at: t("2024-05-01T00:00:00Z"),
        importance: 0.5,
        pinned: false,
        status: MemoryStatus::Active,
        access_count: 0,
        last_accessed_at: None,
        embedder: "tiny".into(),
        version: 1,
        aliases: Vec::new(),
        merged_from: Vec::new(),
        merged_into: None,
        written_by: "user".into(),
        held: None,
        properties: Default::default(),
    }
}

fn in_session(id: &str, time: &str) -> Memory {
    Memory {
        session: Some("s".into()),
        occurred_at: Some(t(time)),
        ..memory(id, id)
    }
}

fn item(memory: Memory) -> Prepared {
    Prepared {
        memory,
        vector: vec![1.0, 0.0],
        mentions: vec![],
        links: vec![],
        similar: vec![],
        restore: false,
    }
}

fn mentioning(memory: Memory, names: &[&str]) -> Prepared {
    let mentions = names
        .iter()
        .map(|n| (n.to_string(), mnemo_core::normalize_name(n), "given"))
        .collect();
    Prepared {
        mentions,
        ..item(memory)
    }
}

fn batch(items: Vec<Prepared>, names: &[&str]) -> Batch {
    Batch {
        items,
        names: names
            .iter()
            .map(|n| (n.to_string(), vec![0.0, 1.0]))
            .collect(),
        embedder: "tiny".into(),
        hubs: Default::default(),
    }
}

fn state(memories: Vec<Memory>) -> State {
    State::build(memories, vec![], vec![]).0
}

fn plan_add(st: &State, b: Batch) -> Plan<crate::AddReport> {
    add::add(st, &LinkConfig::default(), b, by()).unwrap()
}

/// What the writer does with a committed change set, minus the store.
fn commit(st: &mut State, cs: &ChangeSet) {
    for s in &cs.new_spaces {
        st.spaces.insert(s.name.clone(), s.clone());
    }
    for c in cs.graph_changes() {
        st.apply(&c);
    }
}

fn edges_of_kind(cs: &ChangeSet, kind: EdgeKind) -> Vec<&Edge> {
    cs.new_edges.iter().filter(|e| e.kind == kind).collect()
}

fn ends(edges: &[&Edge]) -> Vec<(String, String)> {
    edges
        .iter()
        .map(|e| (e.from.clone(), e.to.clone()))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn an_entity_is_created_once_per_normalised_name_and_reused_by_later_batches() {
    let mut st = state(vec![]);
    let items = vec![
        mentioning(memory("a", "a"), &["Alice", "Bob"]),
        mentioning(memory("b", "b"), &["alice"]),
    ];
    let plan = plan_add(&st, batch(items, &["Alice", "Bob"]));
    assert_eq!(plan.output.entities_created, 2);
    assert_eq!(plan.output.added, 2);
    let entities: Vec<&Memory> = (plan.changes.new_memories.iter())
        .map(|(m, _)| m)
        .filter(|m| m.kind == MemoryKind::Entity)
        .collect();
    assert_eq!(entities.len(), 2);
    assert_eq!(entities[0].title, "Alice", "the first form seen names it");
    assert_eq!(entities[0].embedder, "tiny");
    // Entities are committed before the memory that mentions them.
    assert_eq!(plan.changes.new_memories[0].0.title, "Alice");
    assert_eq!(plan.changes.new_memories[0].1, vec![0.0, 1.0]);
    let mentions = edges_of_kind(&plan.changes, EdgeKind::Mentions);
    let alice = &entities[0].id;
    assert_eq!(mentions.iter().filter(|e| e.to == *alice).count(), 2);
    assert!(mentions[0].provenance.contains("(given)"));
    // One log entry per entity, one per memory.
    assert_eq!(plan.changes.operations.len(), 4);
    let alice = alice.clone();
    commit(&mut st, &plan.changes);

    let plan = plan_add(
        &st,
        batch(vec![mentioning(memory("c", "c"), &["ALICE"])], &[]),
    );
    assert_eq!(plan.output.entities_created, 0);
    let mentions = edges_of_kind(&plan.changes, EdgeKind::Mentions);
    assert_eq!(ends(&mentions), [pair("c", &alice)]);
}

#[test]
fn an_entity_does_not_mention_its_own_name_and_a_named_entity_joins_the_known_one() {
    let mut st = state(vec![]);
    let entity = Memory {
        kind: MemoryKind::Entity,
        ..memory("e", "Alice")
    };
    let plan = plan_add(&st, batch(vec![mentioning(entity, &["Alice"])], &["Alice"]));
    assert_eq!(plan.output.entities_created, 0);
    assert!(plan.changes.new_edges.is_empty());
    commit(&mut st, &plan.changes);

    let again = Memory {
        kind: MemoryKind::Entity,
        ..memory("e2", "alice")
    };
    let plan = plan_add(&st, batch(vec![item(again)], &[]));
    assert_eq!((plan.output.added, plan.output.skipped), (0, 1));
    assert_eq!(plan.output.memories[0].id, "e");
    assert!(plan.changes.is_empty());
}

#[test]
fn similar_or_near_duplicate_by_threshold_capped_by_similar_max() {
    let st = state(vec![
        memory("a", "a"),
        memory("b", "b"),
        memory("c", "c"),
        memory("d", "d"),
    ]);
    let similar = vec![
        ("a".to_string(), 0.97),
        ("b".to_string(), 0.8),
        ("c".to_string(), 0.78),
        ("d".to_string(), 0.76),
    ];
    let p = Prepared {
        similar,
        ..item(memory("n", "n"))
    };
    let plan = plan_add(&st, batch(vec![p], &[]));
    let near = edges_of_kind(&plan.changes, EdgeKind::NearDuplicate);
    let similar = edges_of_kind(&plan.changes, EdgeKind::Similar);
    assert_eq!(ends(&near), [pair("n", "a")]);
    assert_eq!(ends(&similar), [pair("n", "b"), pair("n", "c")]);
    assert_eq!(similar[0].weight, 0.8);
    assert_eq!(similar[0].provenance, "cosine 0.800");
    assert!(similar.iter().all(|e| e.automatic && !e.confirmed));
    assert_eq!(plan.output.edges_created, 3);

    let tight = LinkConfig {
        similar_max: 1,
        duplicate_threshold: 0.99,
        ..LinkConfig::default()
    };
    let p = Prepared {
        similar: vec![("a".to_string(), 0.97), ("b".to_string(), 0.8)],
        ..item(memory("m", "m"))
    };
    let plan = add::add(&st, &tight, batch(vec![p], &[]), by()).unwrap();
    assert_eq!(
        ends(&edges_of_kind(&plan.changes, EdgeKind::Similar)),
        [pair("m", "a")]
    );
    assert!(edges_of_kind(&plan.changes, EdgeKind::NearDuplicate).is_empty());
}

#[test]
fn next_edges_follow_time_and_an_insert_replaces_the_edge_it_splits() {
    let mut st = state(vec![]);
    let items = vec![
        item(in_session("late", "2024-01-03T00:00:00Z")),
        item(in_session("early", "2024-01-01T00:00:00Z")),
    ];
    let plan = plan_add(&st, batch(items, &[]));
    let next = edges_of_kind(&plan.changes, EdgeKind::Next);
    assert_eq!(ends(&next), [pair("early", "late")]);
    assert_eq!(next[0].provenance, "next in session \"s\"");
    let old = next[0].id.clone();
    commit(&mut st, &plan.changes);

    let plan = plan_add(
        &st,
        batch(vec![item(in_session("mid", "2024-01-02T00:00:00Z"))], &[]),
    );
    assert_eq!(plan.changes.removed_edges, [old]);
    let mut next = ends(&edges_of_kind(&plan.changes, EdgeKind::Next));
    next.sort();
    assert_eq!(next, [pair("early", "mid"), pair("mid", "late")]);
    commit(&mut st, &plan.changes);
    assert_eq!(st.graph.edge_count(), 2);
}

#[test]
fn a_repeat_by_external_id_adds_nothing_and_its_links_land_on_the_existing_memory() {
    let existing = Memory {
        external_id: Some("x1".into()),
        ..memory("x", "x")
    };
    let st = state(vec![existing]);
    let repeat = Memory {
        external_id: Some("x1".into()),
        ..memory("r", "r")
    };
    let linking = Prepared {
        links: vec![manual_edge("y", "r", None, "test")],
        ..item(memory("y", "y"))
    };
    let plan = plan_add(&st, batch(vec![item(repeat), linking], &[]));
    let report = &plan.output;
    assert_eq!((report.added, report.skipped), (1, 1));
    assert_eq!(
        report.memories[0].id, "x",
        "the repeat answers with the memory it repeats"
    );
    assert_eq!(plan.changes.new_memories.len(), 1);
    assert_eq!(plan.changes.new_memories[0].0.id, "y");
    assert_eq!(
        ends(&plan.changes.new_edges.iter().collect::<Vec<_>>()),
        [pair("y", "x")]
    );
    assert_eq!(plan.changes.operations.len(), 1);
    assert_eq!(plan.changes.operations[0].kind, OperationKind::Add);
}

#[test]
fn a_restore_keeps_its_own_edges_and_gets_no_automatic_ones() {
    let st = state(vec![memory("old", "old")]);
    let mut own_next = manual_edge("r1", "r2", Some("next"), "test");
    own_next.id = "given-next".into();
    let first = Prepared {
        restore: true,
        links: vec![own_next],
        similar: vec![("old".to_string(), 0.99)],
        ..mentioning(in_session("r1", "2024-01-01T00:00:00Z"), &["Alice"])
    };
    let second = Prepared {
        restore: true,
        ..item(in_session("r2", "2024-01-02T00:00:00Z"))
    };
    let plan = plan_add(&st, batch(vec![first, second], &[]));
    let ids: Vec<&str> = plan
        .changes
        .new_edges
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["given-next"]);
    assert_eq!(plan.output.entities_created, 0);
}

#[test]
fn a_link_to_a_missing_memory_is_invalid_input_naming_links() {
    let st = state(vec![]);
    let p = Prepared {
        links: vec![manual_edge("a", "nowhere", None, "test")],
        ..item(memory("a", "a"))
    };
    let Err(PlanError::Failed(e)) =
        add::add(&st, &LinkConfig::default(), batch(vec![p], &[]), by())
    else {
        panic!("a dangling link was planned");
    };
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(
        matches!(&e, Error::Invalid { field, .. } if field == "links"),
        "{e}"
    );
}

#[test]
fn a_name_without_a_vector_sends_the_batch_back_whole() {
    let st = state(vec![]);
    let items = vec![mentioning(memory("a", "a"), &["Bob", "Carol"])];
    let out = add::add(&st, &LinkConfig::default(), batch(items, &["Carol"]), by());
    let Err(PlanError::NeedsVectors { texts, mut input }) = out else {
        panic!("planned without a vector for Bob");
    };
    assert_eq!(texts, ["Bob"]);
    assert_eq!(input.items.len(), 1);
    assert_eq!(input.items[0].memory.id, "a");
    input.supply(texts, vec![vec![0.5, 0.5]]);
    let plan = plan_add(&st, input);
    assert_eq!(plan.output.entities_created, 2);
    let bob = plan
        .changes
        .new_memories
        .iter()
        .find(|(m, _)| m.title == "Bob");
    assert_eq!(bob.map(|(_, v)| v.clone()), Some(vec![0.5, 0.5]));
}

fn retitle(title: &str, vector: Option<(&str, Vec<f32>)>) -> Edit {
    Edit {
        held: None,
        id: "a".into(),
        patch: MemoryPatch {
            text: Some(title.into()),
            ..Default::default()
        },
        vector: vector.map(|(t, v)| (t.to_string(), v)),
    }
}

#[test]
fn an_edit_of_the_text_needs_the_vector_of_exactly_that_text() {
    let st = state(vec![memory("a", "a")]);
    let Err(PlanError::NeedsVectors { texts, .. }) = edit::update(&st, retitle("b", None), by())
    else {
        panic!("planned a new text without a vector");
    };
    let text = texts[0].clone();
    let stale = retitle("b", Some(("something else", vec![0.0, 1.0])));
    assert!(matches!(
        edit::update(&st, stale, by()),
        Err(PlanError::NeedsVectors { .. })
    ));
    let plan = edit::update(
        &st,
        retitle("b", Some((text.as_str(), vec![0.0, 1.0]))),
        by(),
    )
    .unwrap();
    assert_eq!(plan.output.text, "b");
    assert_eq!(plan.changes.updated_memories[0].1, Some(vec![0.0, 1.0]));
    assert_eq!(plan.changes.operations[0].kind, OperationKind::Update);
}

#[test]
fn a_pin_or_status_change_keeps_the_stored_vector_and_a_no_op_writes_nothing() {
    let st = state(vec![memory("a", "a")]);
    let pin = |pinned| Edit {
        held: None,
        id: "a".into(),
        patch: MemoryPatch {
            pinned: Some(pinned),
            ..Default::default()
        },
        vector: None,
    };
    let plan = edit::update(&st, pin(true), by()).unwrap();
    assert_eq!(plan.changes.updated_memories[0].1, None);
    assert_eq!(plan.changes.operations[0].kind, OperationKind::Pin);
    assert!(
        edit::update(&st, pin(false), by())
            .unwrap()
            .changes
            .is_empty()
    );
    let archive = Edit {
        patch: MemoryPatch {
            status: Some(MemoryStatus::Archived),
            ..Default::default()
        },
        ..pin(true)
    };
    let plan = edit::update(&st, archive, by()).unwrap();
    assert_eq!(plan.changes.operations[0].kind, OperationKind::Archive);
}

#[test]
fn links_by_hand_check_their_ends_and_log_one_operation() {
    let mut st = state(vec![memory("a", "a"), memory("b", "b")]);
    let e = manual_edge("a", "missing", None, "test");
    let err = link::link(&st, e, by()).unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { field, .. } if field == "to"),
        "{err}"
    );

    let plan = link::link(&st, manual_edge("a", "b", None, "test"), by()).unwrap();
    assert_eq!(plan.changes.operations[0].space, "default");
    let id = plan.output.id.clone();
    commit(&mut st, &plan.changes);
    let plan = link::confirm(&st, &id, by()).unwrap();
    assert!(plan.output.confirmed);
    assert_eq!(plan.changes.updated_edges.len(), 1);
    let plan = link::unlink(&st, &id, by()).unwrap();
    assert_eq!(plan.changes.removed_edges, [id]);
    assert_eq!(plan.changes.operations[0].kind, OperationKind::Unlink);
    let missing = link::unlink(&st, "nope", by()).unwrap_err();
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[test]
fn a_new_space_is_created_with_the_plan_time() {
    let st = state(vec![]);
    let m = Memory {
        space: "work".into(),
        ..memory("a", "a")
    };
    let plan = plan_add(&st, batch(vec![item(m)], &[]));
    let spaces: Vec<(&str, Timestamp)> = (plan.changes.new_spaces.iter())
        .map(|s| (s.name.as_str(), s.created_at))
        .collect();
    assert_eq!(spaces, [("work", by().at)]);
}

#[test]
fn an_edit_made_against_an_older_version_is_a_conflict_naming_the_memory() {
    let st = state(vec![memory("a", "a")]);
    let current = st.memories["a"].version;
    let against = |v: u32| Edit {
        held: None,
        id: "a".into(),
        patch: MemoryPatch {
            pinned: Some(true),
            expected_version: Some(v),
            ..Default::default()
        },
        vector: None,
    };
    let Err(PlanError::Failed(e)) = edit::update(&st, against(current + 1), by()) else {
        panic!("an edit against another version was planned");
    };
    assert_eq!(e.code(), mnemo_core::ErrorCode::Conflict);
    assert!(e.to_string().contains("memory a"), "{e}");
    let plan = edit::update(&st, against(current), by()).unwrap();
    assert_eq!(plan.output.version, current + 1);
    assert_eq!(plan.changes.operations[0].kind, OperationKind::Pin);
}

fn hand_edge(id: &str, from: &str, to: &str, kind: EdgeKind) -> Edge {
    Edge {
        id: id.into(),
        from: from.into(),
        to: to.into(),
        kind,
        relation: kind.as_str().into(),
        weight: 1.0,
        valid_from: None,
        valid_until: None,
        provenance: "test".into(),
        automatic: false,
        confirmed: true,
        created_at: t("2024-05-01T00:00:00Z"),
    }
}

#[test]
fn a_merge_moves_edges_drops_self_loops_and_repeats_and_keeps_the_names() {
    let mut a = memory("a", "Priya");
    a.kind = MemoryKind::Entity;
    let mut b = memory("b", "Priya S.");
    b.kind = MemoryKind::Entity;
    b.external_id = Some("crm-17".into());
    b.tags = vec!["team".into()];
    let (x, y) = (memory("x", "note x"), memory("y", "note y"));
    let edges = vec![
        hand_edge("ab", "a", "b", EdgeKind::NearDuplicate), // becomes a self-loop
        hand_edge("xa", "x", "a", EdgeKind::Mentions),
        hand_edge("xb", "x", "b", EdgeKind::Mentions), // repeats x → a
        hand_edge("yb", "y", "b", EdgeKind::Mentions), // moves to y → a
    ];
    let mut st = State::build(vec![a, b, x, y], edges, vec![]).0;
    let input = super::merge::MergeInput {
        ids: vec!["b".into(), "a".into()],
        keep: Some("a".into()),
        ..Default::default()
    };
    let plan = super::merge::merge(&st, input, by()).unwrap();
    let survivor = &plan.output;
    assert_eq!(survivor.aliases, ["crm-17", "Priya S."]);
    assert_eq!(
        (survivor.merged_from.clone(), survivor.tags.clone()),
        (vec!["b".to_string()], vec!["team".to_string()])
    );
    let cs = &plan.changes;
    let mut removed = cs.removed_edges.clone();
    removed.sort();
    assert_eq!(removed, ["ab", "xb", "yb"]);
    assert_eq!(
        ends(&cs.new_edges.iter().collect::<Vec<_>>()),
        [pair("y", "a")]
    );
    let kinds: Vec<OperationKind> = cs.operations.iter().map(|o| o.kind).collect();
    use OperationKind::{Link, Merge, Unlink};
    assert_eq!(kinds, [Merge, Merge, Unlink, Unlink, Unlink, Link]);
    commit(&mut st, cs);
    let merged = &st.memories["b"];
    assert_eq!(
        (merged.status, merged.merged_into.as_deref()),
        (MemoryStatus::Merged, Some("a"))
    );
    // The absorbed name and external id now lead to the survivor.
    let key = (
        "default".to_string(),
        mnemo_core::normalize_name("Priya S."),
    );
    assert_eq!(st.entities.get(&key).map(String::as_str), Some("a"));
    assert_eq!(st.resolve("default", "crm-17").as_deref(), Some("a"));
    assert_eq!(st.resolve("default", "b").as_deref(), Some("a"));
}

#[test]
fn a_merge_refuses_one_memory_other_spaces_and_merged_ones() {
    let mut c = memory("c", "other");
    c.space = "work".into();
    let st = state(vec![memory("a", "one"), memory("b", "two"), c]);
    let merge = |ids: &[&str]| {
        let input = super::merge::MergeInput {
            ids: ids.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        match super::merge::merge(&st, input, by()) {
            Err(PlanError::Failed(e)) => e,
            other => panic!("expected an error, got {other:?}"),
        }
    };
    assert_eq!(merge(&["a", "a"]).code(), ErrorCode::InvalidInput);
    assert!(merge(&["a", "c"]).to_string().contains("one space"));
    assert_eq!(merge(&["a", "nope"]).code(), ErrorCode::NotFound);
}

/// The undo of a committed change set's action.
fn undoing(cs: &ChangeSet) -> super::undo::UndoInput {
    super::undo::UndoInput {
        action: cs.operations[0].action.clone(),
        operations: cs.operations.clone(),
        ..Default::default()
    }
}

#[test]
fn undo_of_a_link_removes_it_and_undo_of_an_edit_wants_the_old_text_embedded() {
    let mut st = state(vec![memory("a", "a"), memory("b", "two")]);
    let plan = link::link(&st, hand_edge("e", "a", "b", EdgeKind::Related), by()).unwrap();
    let mut cs = plan.changes;
    cs.seal_action();
    commit(&mut st, &cs);
    let input = undoing(&cs);
    let undo = super::undo::undo(&st, input, by()).unwrap();
    assert_eq!(undo.changes.removed_edges, ["e"]);
    assert_eq!(
        undo.changes.operations[0].undoes.as_deref(),
        Some(cs.operations[0].action.as_str())
    );

    let edit = edit::update(
        &st,
        retitle("renamed", Some(("a\nrenamed", vec![0.5, 0.5]))),
        by(),
    )
    .unwrap();
    let mut cs = edit.changes;
    cs.seal_action();
    commit(&mut st, &cs);
    let input = undoing(&cs);
    match super::undo::undo(&st, input, by()) {
        Err(PlanError::NeedsVectors { texts, mut input }) => {
            assert_eq!(texts, ["a"]);
            input.supply(texts, vec![vec![1.0, 0.0]]);
            let plan = super::undo::undo(&st, input, by()).unwrap();
            let (m, v) = &plan.changes.updated_memories[0];
            assert_eq!((m.text.as_str(), m.version), ("a", 3));
            assert_eq!(v.as_deref(), Some(&[1.0, 0.0][..]));
        }
        other => panic!("expected a request for the old text's vector, got {other:?}"),
    }
}

fn bulk_of(ids: &[&str]) -> mnemo_core::BulkEdit {
    mnemo_core::BulkEdit {
        ids: ids.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

#[test]
fn a_bulk_change_is_one_action_and_one_undo_brings_every_memory_back() {
    let tagged = |id: &str, tags: &[&str]| Memory {
        tags: tags.iter().map(|s| s.to_string()).collect(),
        ..memory(id, id)
    };
    let archived = Memory {
        status: MemoryStatus::Archived,
        ..tagged("c", &["keep", "x"])
    };
    let originals = vec![tagged("a", &["old"]), tagged("b", &["keep"]), archived];
    let mut st = state(originals.clone());
    let input = mnemo_core::BulkEdit {
        status: Some(MemoryStatus::Archived),
        add_tags: vec!["#X".into()],
        remove_tags: vec!["old".into()],
        ..bulk_of(&["a", "b", "c", "a"])
    };
    let plan = super::bulk::bulk(&st, input, by()).unwrap();
    assert_eq!(plan.output.changed, ["a", "b"]);
    assert_eq!(plan.output.unchanged, ["c"], "already archived with tag x");
    let mut cs = plan.changes;
    cs.seal_action();
    assert_eq!(plan.output.action, cs.operations[0].action);
    assert!(cs.operations.iter().all(|o| o.action == plan.output.action));
    assert!(
        cs.operations
            .iter()
            .all(|o| o.kind == OperationKind::Archive)
    );
    assert!(
        cs.updated_memories.iter().all(|(_, v)| v.is_none()),
        "no re-embedding"
    );
    commit(&mut st, &cs);
    assert_eq!(st.memories["a"].tags, ["x"]);
    assert_eq!(st.memories["b"].tags, ["keep", "x"]);
    assert_eq!(st.memories["b"].status, MemoryStatus::Archived);

    let undo = super::undo::undo(&st, undoing(&cs), by()).unwrap();
    let mut undone = undo.changes;
    undone.seal_action();
    assert_eq!(undone.operations.len(), 2, "one action reverses both");
    commit(&mut st, &undone);
    for m in &originals {
        let now = &st.memories[&m.id];
        assert_eq!((&now.tags, now.status), (&m.tags, m.status), "{}", m.id);
    }
}

#[test]
fn a_bulk_move_makes_the_space_and_a_name_clash_refuses_the_whole_change() {
    let entity = |id: &str, name: &str, space: &str| Memory {
        kind: MemoryKind::Entity,
        space: space.into(),
        ..memory(id, name)
    };
    let external = |id: &str, x: &str, space: &str| Memory {
        external_id: Some(x.into()),
        space: space.into(),
        ..memory(id, id)
    };
    let st = state(vec![
        memory("a", "a"),
        entity("p", "Priya", "default"),
        entity("q", "priya", "work"),
        external("x1", "row-1", "one"),
        external("x2", "row-1", "two"),
    ]);
    let to = |ids: &[&str], space: &str| mnemo_core::BulkEdit {
        space: Some(space.into()),
        ..bulk_of(ids)
    };
    let plan = super::bulk::bulk(&st, to(&["a"], " new "), by()).unwrap();
    assert_eq!(plan.changes.new_spaces[0].name, "new");
    let (moved, _) = &plan.changes.updated_memories[0];
    assert_eq!((moved.space.as_str(), moved.version), ("new", 2));

    let code = |input| super::bulk::bulk(&st, input, by()).unwrap_err();
    let e = code(to(&["a", "p"], "work"));
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
    assert!(e.to_string().contains("entity named \"Priya\""), "{e}");
    let e = code(to(&["x1", "x2"], "three"));
    assert!(e.to_string().contains("external id \"row-1\""), "{e}");
    let e = code(to(&["a", "missing"], "new"));
    assert_eq!(e.code(), ErrorCode::NotFound, "{e}");
    let merged = mnemo_core::BulkEdit {
        status: Some(MemoryStatus::Merged),
        ..bulk_of(&["a"])
    };
    assert_eq!(code(merged).code(), ErrorCode::InvalidInput);
    assert_eq!(
        code(bulk_of(&["a"])).code(),
        ErrorCode::InvalidInput,
        "nothing to change"
    );
    let both = mnemo_core::BulkEdit {
        add_tags: vec!["t".into()],
        remove_tags: vec!["#T".into()],
        ..bulk_of(&["a"])
    };
    assert!(code(both).to_string().contains("remove_tags"));
}

#[test]
fn the_scan_flags_each_new_pair_once_and_leaves_kept_apart_and_inactive_ones() {
    let gone = Memory {
        status: MemoryStatus::Forgotten,
        ..memory("d", "d")
    };
    let mut st = state(vec![
        memory("a", "a"),
        memory("b", "b"),
        memory("c", "c"),
        gone,
    ]);
    let kept = Edge {
        confirmed: true,
        ..hand_edge("k", "c", "a", EdgeKind::NearDuplicate)
    };
    st.graph.upsert_edge(&kept);
    let found = |a: &str, b: &str| (a.to_string(), b.to_string(), 0.97);
    let pairs = vec![
        found("a", "b"),
        found("b", "a"), // the same pair the other way
        found("a", "c"), // a person kept these apart
        found("a", "d"), // forgotten
        found("a", "missing"),
    ];
    let plan = link::flag_duplicates(&st, pairs, by()).unwrap();
    assert_eq!(plan.output, 1);
    let e = &plan.changes.new_edges[0];
    assert_eq!((e.from.as_str(), e.to.as_str()), ("b", "a"));
    assert!(e.automatic && !e.confirmed && e.kind == EdgeKind::NearDuplicate);
    assert!(e.provenance.contains("duplicate scan"), "{}", e.provenance);
    assert_eq!(plan.changes.operations.len(), 1);
    commit(&mut st, &plan.changes);
    let again = link::flag_duplicates(&st, vec![found("a", "b")], by()).unwrap();
    assert_eq!(again.output, 0, "flagged already");
}

fn in_space(id: &str, space: &str) -> Memory {
    Memory {
        space: space.into(),
        ..memory(id, id)
    }
}

fn with_space(mut st: State, name: &str) -> State {
    let s = mnemo_core::Space {
        colour: "#112233".into(),
        ..mnemo_core::Space::named(name, by().at)
    };
    st.spaces.insert(name.into(), s);
    st
}

#[test]
fn a_rename_moves_every_memory_and_one_undo_puts_the_space_back() {
    use super::space::{SpaceInput, SpacePatch, plan};
    let memories = vec![
        in_space("a", "work"),
        in_space("b", "work"),
        memory("c", "c"),
    ];
    let mut st = with_space(state(memories), "work");
    let patch = SpacePatch {
        rename: Some("job".into()),
        ..Default::default()
    };
    let input = SpaceInput::Change {
        name: "work".into(),
        patch,
    };
    let p = plan(&st, input, by()).unwrap();
    assert_eq!(p.output.moved, 2);
    assert_eq!(p.changes.removed_spaces, ["work"]);
    assert_eq!(p.changes.operations[0].kind, OperationKind::Space);
    let mut cs = p.changes;
    cs.seal_action();
    commit(&mut st, &cs);
    assert!(st.spaces.contains_key("job") && !st.spaces.contains_key("work"));
    assert_eq!(
        (st.memories["a"].space.as_str(), st.memories["a"].version),
        ("job", 2)
    );
    assert_eq!(st.memories["c"].space, "default");

    let input = super::undo::UndoInput {
        action: cs.operations[0].action.clone(),
        operations: cs.operations.clone(),
        ..Default::default()
    };
    let undo = super::undo::undo(&st, input, by()).unwrap();
    commit(&mut st, &undo.changes);
    assert_eq!(st.spaces["work"].colour, "#112233");
    assert!(!st.spaces.contains_key("job"));
    assert_eq!(st.memories["b"].space, "work");
}

#[test]
fn a_delete_moves_or_erases_every_memory_and_refuses_a_move_that_would_clash() {
    use super::space::{Disposal, SpaceInput, plan};
    let entity = |id: &str, space: &str| Memory {
        kind: MemoryKind::Entity,
        title: "Priya".into(),
        ..in_space(id, space)
    };
    let memories = vec![
        entity("p1", "team"),
        Memory {
            status: MemoryStatus::Superseded,
            ..in_space("old", "team")
        },
        entity("p2", "work"),
    ];
    let st = with_space(with_space(state(memories), "team"), "work");
    let delete = |memories| SpaceInput::Delete {
        name: "team".into(),
        memories,
    };
    let clash = plan(&st, delete(Disposal::MoveTo("work".into())), by()).unwrap_err();
    assert_eq!(clash.code(), ErrorCode::Conflict, "{clash}");
    let refused = plan(&st, delete(Disposal::None), by()).unwrap_err();
    assert!(
        refused.to_string().contains("holds 2 memories"),
        "{refused}"
    );

    let moved = plan(&st, delete(Disposal::MoveTo("fresh".into())), by()).unwrap();
    let made: Vec<&str> = moved
        .changes
        .new_spaces
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!((made, moved.output.moved), (vec!["fresh"], 2));
    assert_eq!(moved.changes.removed_spaces, ["team"]);

    // Purged whatever their status (a superseded one too), with the space.
    let purged = plan(&st, delete(Disposal::Purge), by()).unwrap();
    assert_eq!(purged.output.purged, ["old", "p1"]);
    assert_eq!(purged.changes.removed_memories, ["old", "p1"]);
    let kinds: Vec<OperationKind> = purged.changes.operations.iter().map(|o| o.kind).collect();
    assert_eq!(
        kinds,
        [
            OperationKind::Purge,
            OperationKind::Purge,
            OperationKind::Space
        ]
    );
}
