//! The commit protocol: a change cut short is rolled back (or kept, if its log entry made it) by
//! whoever opens the store next; two writers on one store take turns, so an external id or an
//! entity is added once and an edit made against an old version is refused; writes waiting
//! together share a commit. (Two engines on one directory in one test process have separate
//! locks and share only the store, as two processes would; `tests/agents/test_races.py` and
//! `mnemo bench crash` use real processes.)

use mnemo_core::{
    Edge, EdgeKind, ErrorCode, Memory, MemoryPatch, NewMemory, Operation, OperationKind, now,
    to_json,
};
use mnemo_store::{Change, MemoryRow, MemoryStore, Recovery};
use mnemo_tests::{embedder, note, open};

fn uri(dir: &tempfile::TempDir) -> String {
    dir.path().to_string_lossy().into_owned()
}

/// A memory and an edge to `to`, with the log entry an add would write.
fn draft(to: &str) -> (Memory, Vec<f32>, Edge, Operation) {
    let m = note("Written by a writer that was killed")
        .build(mnemo_core::new_id(), now(), "default", "test", "e")
        .unwrap();
    let mut v = vec![0.0; 384];
    v[0] = 1.0;
    let e = Edge {
        id: mnemo_core::new_id(),
        from: m.id.clone(),
        to: to.into(),
        kind: EdgeKind::Related,
        relation: "related".into(),
        weight: 1.0,
        valid_from: None,
        valid_until: None,
        provenance: "test".into(),
        automatic: false,
        confirmed: true,
        created_at: now(),
    };
    let op = Operation {
        id: mnemo_core::new_id(),
        kind: OperationKind::Add,
        actor: "test".into(),
        at: now(),
        target: m.id.clone(),
        space: "default".into(),
        before: None,
        after: to_json(&serde_json::json!({ "memory": m, "edges": [e] })),
        action: String::new(),
        undoes: None,
        via: String::new(),
    };
    (m, v, e, op)
}

/// Opens the store bare and leaves a change as a killed writer would; answers the memory's id.
async fn interrupted(dir: &tempfile::TempDir, to: &str, logged: bool) -> String {
    use mnemo_embed::Embedder;
    let e = embedder();
    let store = MemoryStore::open(&uri(dir), e.id(), e.dimensions())
        .await
        .unwrap();
    let guard = store.lock_writes().await.unwrap();
    let (m, v, edge, op) = draft(to);
    let change = Change {
        seq: store.last_seq().await.unwrap() + 1,
        new_memories: vec![MemoryRow::new(&m, &v)],
        new_edges: std::slice::from_ref(&edge),
        operations: std::slice::from_ref(&op),
        ..Default::default()
    };
    store
        .commit_interrupted(&guard, change, logged)
        .await
        .unwrap();
    m.id
}

#[tokio::test]
async fn a_change_cut_short_before_its_log_entry_is_rolled_back_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    let first = engine.add(note("The first memory"), "test").await.unwrap();
    engine.close().await.unwrap();

    let half = interrupted(&dir, &first.id, false).await;

    let engine = open(&dir).await;
    let recovered = engine.store().recoveries();
    assert!(
        matches!(&recovered[..], [Recovery::RolledBack { tables, .. }] if tables.contains(&"memories") && tables.contains(&"edges")),
        "{recovered:?}"
    );
    assert!(
        engine.get(&half).is_none(),
        "the half-written memory is gone"
    );
    let counts = engine.store().counts().await.unwrap();
    assert_eq!(
        (counts.memories, counts.edges),
        (1, 0),
        "rows as before the change"
    );
    assert!(engine.doctor(false).await.unwrap().is_clean());
    // The store takes writes again, numbered after the last complete change.
    engine.add(note("After recovery"), "test").await.unwrap();
    assert_eq!(engine.memories(None).len(), 2);
    engine.close().await.unwrap();
}

#[tokio::test]
async fn a_change_whose_log_entry_made_it_is_kept_and_other_processes_see_it() {
    let dir = tempfile::tempdir().unwrap();
    let watcher = open(&dir).await;
    let first = watcher.add(note("The first memory"), "test").await.unwrap();

    let whole = interrupted(&dir, &first.id, true).await;

    let engine = open(&dir).await;
    assert!(
        matches!(
            &engine.store().recoveries()[..],
            [Recovery::Completed { .. }]
        ),
        "{:?}",
        engine.store().recoveries()
    );
    assert!(engine.get(&whole).is_some());
    assert_eq!(engine.edges_of(&whole).len(), 1);
    assert!(engine.doctor(false).await.unwrap().is_clean());
    // The process that was open all along replays it from the log.
    for _ in 0..100 {
        if watcher.get(&whole).is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        watcher.get(&whole).is_some(),
        "followers read it from the log"
    );
    engine.close().await.unwrap();
    watcher.close().await.unwrap();
}

#[tokio::test]
async fn two_writers_adding_one_external_id_or_entity_at_once_store_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (open(&dir).await, open(&dir).await);
    for i in 0..15 {
        let input = |who: &str| NewMemory {
            external_id: Some(format!("x{i}")),
            entities: vec![format!("Person {i}")],
            ..note(&format!("{who} wrote number {i}"))
        };
        let (ma, mb) = tokio::join!(a.add(input("a"), "a"), b.add(input("b"), "b"));
        assert_eq!(
            ma.unwrap().id,
            mb.unwrap().id,
            "both answer the one memory x{i}"
        );
    }
    let stored = a.store().load_memories().await.unwrap();
    let externals = stored.iter().filter(|m| m.external_id.is_some()).count();
    let entities = (stored.iter())
        .filter(|m| m.kind == mnemo_core::MemoryKind::Entity)
        .count();
    assert_eq!((externals, entities), (15, 15), "each stored once");
    assert!(a.doctor(false).await.unwrap().is_clean());
    a.close().await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test]
async fn of_two_edits_made_against_one_version_one_wins_and_the_other_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (open(&dir).await, open(&dir).await);
    let m = a.add(note("Edited from two places"), "a").await.unwrap();
    for _ in 0..50 {
        if b.get(&m.id).is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let patch = |title: &str| MemoryPatch {
        title: Some(title.into()),
        expected_version: Some(m.version),
        ..Default::default()
    };
    let (ra, rb) = tokio::join!(
        a.update(&m.id, patch("Title from a"), "a"),
        b.update(&m.id, patch("Title from b"), "b")
    );
    let (won, lost) = match (ra, rb) {
        (Ok(w), Err(l)) | (Err(l), Ok(w)) => (w, l),
        other => panic!("exactly one edit wins: {other:?}"),
    };
    assert_eq!(won.version, m.version + 1);
    assert_eq!(lost.code(), ErrorCode::Conflict);
    assert!(lost.to_string().contains(&m.id), "{lost}");
    a.close().await.unwrap();
    b.close().await.unwrap();
}

#[tokio::test]
async fn writes_waiting_together_share_one_commit_and_are_each_answered() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    let before = engine.store().last_seq().await.unwrap();
    let mut v = vec![0.0f32; 384];
    v[1] = 1.0;
    let adds = (0..40).map(|i| {
        let input = NewMemory {
            vector: Some(v.clone()),
            external_id: Some(format!("g{i}")),
            ..note(&format!("Grouped write {i}"))
        };
        engine.add(input, "agent")
    });
    let added = futures::future::try_join_all(adds).await.unwrap();
    let ids: std::collections::HashSet<&str> = added.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), 40, "each write answered with its own memory");
    let commits = engine.store().last_seq().await.unwrap() - before;
    assert!(commits < 40, "40 writes took {commits} commits");
    engine.close().await.unwrap();
    let engine = open(&dir).await;
    assert_eq!(engine.memories(None).len(), 40, "all of them durable");
    engine.close().await.unwrap();
}

#[tokio::test]
async fn doctor_finds_and_repairs_what_an_older_mnemo_left_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    engine.add(note("A complete memory"), "test").await.unwrap();
    engine.close().await.unwrap();
    // An older Mnemo wrote rows without a journal and died before its log entry.
    let stray = interrupted(&dir, "no-such-memory", false).await;
    std::fs::remove_file(dir.path().join("mnemo.journal")).unwrap();

    let engine = open(&dir).await;
    let found = engine.doctor(false).await.unwrap();
    assert_eq!(found.unlogged_memories, vec![stray.clone()]);
    assert_eq!(found.dangling_edges.len(), 1, "{found:?}");
    assert!(!found.repaired);
    let repaired = engine.doctor(true).await.unwrap();
    assert!(repaired.repaired);
    assert!(engine.get(&stray).is_none(), "gone from the graph at once");
    engine.close().await.unwrap();

    let engine = open(&dir).await;
    assert!(engine.doctor(false).await.unwrap().is_clean());
    let counts = engine.store().counts().await.unwrap();
    assert_eq!((counts.memories, counts.edges), (1, 0));
    engine.close().await.unwrap();
}

/// Writes one memory through a bare store: its whole change, as a writer would after catching
/// up, or (`cut_short`) only its tables, as a writer killed before its log entry leaves it.
async fn write_one(store: &MemoryStore, guard: &mnemo_store::WriteGuard, cut_short: bool) {
    let (m, v, _, op) = draft("nobody");
    let change = Change {
        seq: store.last_seq().await.unwrap() + 1,
        new_memories: vec![MemoryRow::new(&m, &v)],
        operations: std::slice::from_ref(&op),
        ..Default::default()
    };
    match cut_short {
        true => store.commit_interrupted(guard, change, false).await,
        false => store.commit(guard, change).await,
    }
    .unwrap();
}

#[tokio::test]
async fn a_writer_reads_the_store_again_only_when_another_process_has_changed_it() {
    use mnemo_embed::Embedder;
    let dir = tempfile::tempdir().unwrap();
    let e = embedder();
    let at = uri(&dir);
    let open_bare = || MemoryStore::open(&at, e.id(), e.dimensions());
    let (a, b) = (open_bare().await.unwrap(), open_bare().await.unwrap());

    let guard = a.lock_writes().await.unwrap();
    assert!(!guard.is_quiet(), "a fresh process has seen nothing yet");
    a.caught_up(&guard);
    write_one(&a, &guard, false).await;
    drop(guard);
    let guard = a.lock_writes().await.unwrap();
    assert!(
        guard.is_quiet(),
        "only this process wrote since it last read"
    );
    drop(guard);
    assert!(
        a.seen_all().await.unwrap(),
        "a follower has nothing to read"
    );
    assert!(!b.seen_all().await.unwrap(), "b has never read the store");

    let guard = b.lock_writes().await.unwrap();
    assert!(!guard.is_quiet(), "b has never read the store");
    // b writes without saying it caught up: even b must read again next time.
    write_one(&b, &guard, false).await;
    drop(guard);
    assert!(!b.lock_writes().await.unwrap().is_quiet());
    assert!(
        !a.seen_all().await.unwrap(),
        "a's follower must read b's change"
    );

    let guard = a.lock_writes().await.unwrap();
    assert!(!guard.is_quiet(), "b wrote after a's last look");
    a.caught_up(&guard);
    drop(guard);
    assert!(a.lock_writes().await.unwrap().is_quiet());
    assert!(a.seen_all().await.unwrap());

    // A journal left behind (a writer killed mid-change) always means reading again.
    let guard = a.lock_writes().await.unwrap();
    write_one(&a, &guard, true).await;
    assert!(!a.seen_all().await.unwrap(), "a change is in flight");
    drop(guard);
    let guard = a.lock_writes().await.unwrap();
    assert!(
        !guard.is_quiet(),
        "the journal sends every writer back to the store"
    );
    assert!(matches!(&a.recoveries()[..], [Recovery::RolledBack { .. }]));
}

#[tokio::test]
async fn single_adds_link_to_memories_another_process_added_edited_or_archived() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (open(&dir).await, open(&dir).await);
    let text = "The lighthouse keeper logged a storm over the northern reef at dawn";
    // a's link index is loaded by its first add.
    let first = a.add(note(text), "a").await.unwrap();
    let from_b = b.add(note(text), "b").await.unwrap();
    let similar_to = |m: &Memory, engine: &mnemo_engine::Engine| -> Vec<String> {
        (engine.edges_of(&m.id).into_iter())
            .filter(|e| e.from == m.id)
            .filter(|e| matches!(e.kind, EdgeKind::Similar | EdgeKind::NearDuplicate))
            .map(|e| e.to)
            .collect()
    };
    a.follow().await.unwrap();
    let second = a.add(note(text), "a").await.unwrap();
    let mut linked = similar_to(&second, &a);
    linked.sort();
    let mut expected = vec![first.id.clone(), from_b.id.clone()];
    expected.sort();
    assert_eq!(linked, expected, "linked to a's own and b's memory");

    // b archives its memory and rewrites a's first: a's next add sees both changes.
    b.follow().await.unwrap();
    b.set_status(&from_b.id, mnemo_core::MemoryStatus::Archived, "b")
        .await
        .unwrap();
    let patch = MemoryPatch {
        title: Some("Taxes".into()),
        text: Some("Quarterly tax forms were filed with the accountant".into()),
        ..Default::default()
    };
    b.update(&first.id, patch, "b").await.unwrap();
    a.follow().await.unwrap();
    let third = a.add(note(text), "a").await.unwrap();
    assert_eq!(
        similar_to(&third, &a),
        vec![second.id.clone()],
        "not the archived memory, nor the one whose text changed"
    );
    a.close().await.unwrap();
    b.close().await.unwrap();
}

/// Opening reads a quiet store without the write lock, so that a `mnemo add` does not hold up a
/// busy server's writes while it reads; a change in flight sends it to the lock, and recovery.
#[tokio::test]
async fn opening_reads_a_quiet_store_without_the_lock_and_waits_out_a_change_in_flight() {
    use mnemo_embed::Embedder;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    engine.add(note("Written before"), "test").await.unwrap();
    engine.close().await.unwrap();

    // Another process holds the lock, between changes.
    let e = embedder();
    let busy = MemoryStore::open(&uri(&dir), e.id(), e.dimensions())
        .await
        .unwrap();
    let guard = busy.lock_writes().await.unwrap();
    let reader = tokio::time::timeout(Duration::from_secs(20), open(&dir))
        .await
        .expect("opened while another process held the lock");
    assert_eq!(reader.memories(None).len(), 1);
    reader.close().await.unwrap();

    // Now it is half-way through a change: opening waits for it, then rolls it back.
    write_one(&busy, &guard, true).await;
    let opening = tokio::spawn({
        let at = uri(&dir);
        async move { mnemo_engine::Engine::open(&at, embedder()).await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!opening.is_finished(), "read a change in flight");
    drop(guard);
    let engine = opening.await.unwrap().unwrap();
    assert!(
        matches!(
            &engine.store().recoveries()[..],
            [Recovery::RolledBack { .. }]
        ),
        "{:?}",
        engine.store().recoveries()
    );
    assert_eq!(engine.memories(None).len(), 1);
    engine.close().await.unwrap();
}
