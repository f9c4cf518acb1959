//! The store and the writer: field round trips, reopening, concurrent writers, deltas, schema versions.

use mnemo_core::{Edge, MemoryKind, MemoryPatch, MemoryStatus, NewEdge, NewMemory};
use mnemo_tests::{note, open, temp_engine};

fn full_input() -> NewMemory {
    NewMemory {
        text: "Decision: Atlas uses LanceDB embedded in the service.".into(),
        kind: Some("fact".into()),
        title: Some("Atlas database decision".into()),
        tags: vec!["atlas".into(), "#Decision".into()],
        space: Some("work".into()),
        source: Some("agent:claude-code".into()),
        session: Some("atlas-meetings".into()),
        external_id: Some("n3".into()),
        occurred_at: Some("2024-05-08T14:00:00.123456Z".into()),
        valid_from: Some("2024-05-08T14:00:00Z".into()),
        valid_until: Some("2025-01-01T00:00:00+02:00".into()),
        importance: Some(0.9),
        pinned: Some(true),
        status: Some("superseded".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_field_round_trips_through_the_store() {
    let (engine, dir) = temp_engine().await;
    let m = engine.add(full_input(), "tester").await.unwrap();
    assert_eq!(m.kind, MemoryKind::Fact);
    assert_eq!(m.tags, ["atlas", "decision"]);
    assert_eq!(m.status, MemoryStatus::Superseded);
    assert_eq!(
        m.valid_until.unwrap().to_rfc3339(),
        "2024-12-31T22:00:00+00:00"
    );
    assert_eq!(m.occurred_at.unwrap().timestamp_subsec_micros(), 123456);
    assert_eq!(m.source, "agent:claude-code");
    assert_eq!(m.embedder, engine.embedder().id());
    // Edit a few fields so version, updated_at and the rest are non-default too.
    let patch = MemoryPatch {
        importance: Some(0.25),
        ..Default::default()
    };
    let m = engine.update(&m.id, patch, "tester").await.unwrap();
    assert_eq!(m.version, 2);
    drop(engine);

    let engine = open(&dir).await;
    let back = engine.get(&m.id).expect("memory survives reopening");
    assert_eq!(back, m, "every field is equal after a reopen");
    let stored = engine.store().load_memories().await.unwrap();
    assert!(stored.contains(&m));
    let ops = engine.operations(Some(&m.id), 10).await.unwrap();
    assert_eq!(ops.len(), 2, "an add and an update are recorded");
    assert_eq!(ops[0].actor, "tester");
    let before: serde_json::Value =
        serde_json::from_str(ops[0].before.as_ref().unwrap().get()).unwrap();
    assert_eq!(
        before["importance"],
        serde_json::json!(0.9),
        "the log holds the value as it was written"
    );
}

#[tokio::test]
async fn validation_names_the_field_and_writes_nothing() {
    let (engine, _dir) = temp_engine().await;
    let cases: Vec<(NewMemory, &str)> = vec![
        (note("  "), "invalid text: must not be empty"),
        (
            NewMemory {
                kind: Some("thought".into()),
                ..note("x")
            },
            "invalid memorykind: unknown value \"thought\"",
        ),
        (
            NewMemory {
                occurred_at: Some("last tuesday".into()),
                ..note("x")
            },
            "invalid occurred_at",
        ),
        (
            NewMemory {
                importance: Some(1.5),
                ..note("x")
            },
            "invalid importance: 1.5 is outside 0..1",
        ),
        (
            NewMemory {
                links: vec![mnemo_core::LinkSpec {
                    to: "nope".into(),
                    relation: None,
                }],
                ..note("x")
            },
            "invalid links[0].to: no memory with external id or id \"nope\"",
        ),
        (
            NewMemory {
                vector: Some(vec![0.1; 3]),
                ..note("x")
            },
            "invalid memories[0].vector: has 3 dimensions",
        ),
    ];
    for (input, expected) in cases {
        let err = engine.add(input, "t").await.unwrap_err().to_string();
        assert!(
            err.starts_with(expected),
            "{err:?} should start with {expected:?}"
        );
    }
    let err = engine
        .link(
            NewEdge {
                from: "a".into(),
                to: "b".into(),
                kind: None,
                relation: None,
                weight: None,
                valid_from: None,
                valid_until: None,
            },
            "t",
        )
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "invalid from: no memory a");
    assert_eq!(engine.store().counts().await.unwrap().memories, 0);
}

#[tokio::test]
async fn concurrent_writers_lose_nothing() {
    let (engine, dir) = temp_engine().await;
    let mut tasks = Vec::new();
    for t in 0..8 {
        let engine = engine.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..12 {
                let input = NewMemory {
                    session: Some(format!("writer-{t}")),
                    ..note(&format!(
                        "writer {t} wrote note number {i} about topic {}",
                        i % 3
                    ))
                };
                ids.push(engine.add(input, &format!("agent:w{t}")).await.unwrap().id);
            }
            ids
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    assert_eq!(all.len(), 96);
    drop(engine);
    let engine = open(&dir).await;
    for id in &all {
        assert!(engine.get(id).is_some(), "memory {id} was lost");
    }
    // Each writer's session is one chain of `next` edges: 11 edges for 12 memories.
    let next = engine
        .edges()
        .into_iter()
        .filter(|e| e.kind == mnemo_core::EdgeKind::Next)
        .count();
    assert_eq!(next, 8 * 11);
}

#[tokio::test]
async fn graph_mirror_equals_the_tables_after_reopen() {
    let (engine, dir) = temp_engine().await;
    let a = engine
        .add(
            NewMemory {
                session: Some("s".into()),
                ..note("Maria visited Lisbon in May")
            },
            "t",
        )
        .await
        .unwrap();
    let b = engine
        .add(
            NewMemory {
                session: Some("s".into()),
                ..note("Maria loved the tiles in Lisbon")
            },
            "t",
        )
        .await
        .unwrap();
    let e = engine
        .link(
            NewEdge {
                from: a.id.clone(),
                to: b.id.clone(),
                kind: None,
                relation: Some("inspired".into()),
                weight: Some(0.5),
                valid_from: None,
                valid_until: None,
            },
            "t",
        )
        .await
        .unwrap();
    assert_eq!(e.kind, mnemo_core::EdgeKind::Related);
    assert_eq!(e.relation, "inspired");
    let auto = engine
        .edges()
        .into_iter()
        .find(|e| e.automatic)
        .expect("some automatic edge");
    engine.unlink(&auto.id, "t").await.unwrap();
    engine
        .set_status(&b.id, MemoryStatus::Archived, "t")
        .await
        .unwrap();

    let before = engine.snapshot();
    let stored_memories = engine.store().load_memories().await.unwrap();
    let stored_edges: Vec<Edge> = engine.store().load_edges().await.unwrap();
    assert_eq!(before.memories, stored_memories);
    assert_eq!(before.edges, stored_edges);
    drop(engine);
    let engine = open(&dir).await;
    let after = engine.snapshot();
    assert_eq!(after.memories, before.memories);
    assert_eq!(after.edges, before.edges);
    let stats = engine.stats().await.unwrap();
    assert_eq!(stats.graph_nodes, stats.store.memories);
    assert_eq!(stats.graph_edges, stats.store.edges);
}

#[tokio::test]
async fn every_commit_publishes_a_numbered_delta() {
    let (engine, _dir) = temp_engine().await;
    let mut rx = engine.subscribe();
    let m = engine
        .add(note("The garden shed needs a new roof"), "t")
        .await
        .unwrap();
    let d1 = rx.recv().await.unwrap();
    assert_eq!(d1.actor, "t");
    assert!(d1.changes.iter().any(
        |c| matches!(c, mnemo_core::GraphChange::MemoryUpserted { memory } if memory.id == m.id)
    ));
    engine
        .update(
            &m.id,
            MemoryPatch {
                pinned: Some(true),
                ..Default::default()
            },
            "t",
        )
        .await
        .unwrap();
    let d2 = rx.recv().await.unwrap();
    assert_eq!(d2.seq, d1.seq + 1);
    assert_eq!(engine.snapshot().seq, d2.seq);
    let ops = engine.operations(Some(&m.id), 5).await.unwrap();
    assert_eq!(ops[0].kind, mnemo_core::OperationKind::Pin);
}

#[tokio::test]
async fn a_store_from_a_newer_mnemo_is_refused() {
    use arrow_array::{RecordBatch, StringArray};
    use std::sync::Arc;
    let (engine, dir) = temp_engine().await;
    drop(engine);
    let db = lancedb::connect(&dir.path().to_string_lossy())
        .execute()
        .await
        .unwrap();
    let meta = db.open_table("meta").execute().await.unwrap();
    meta.delete("key = 'schema_version'").await.unwrap();
    let schema = meta.schema().await.unwrap();
    let batch = RecordBatch::try_new(
        schema,
        vec![
            Arc::new(StringArray::from(vec!["schema_version"])),
            Arc::new(StringArray::from(vec!["99"])),
        ],
    )
    .unwrap();
    meta.add(batch).execute().await.unwrap();
    let err = mnemo_engine::Engine::open(&dir.path().to_string_lossy(), mnemo_tests::embedder())
        .await
        .err()
        .expect("refused");
    assert_eq!(err.code(), mnemo_core::ErrorCode::SchemaTooNew);
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[tokio::test]
async fn close_writes_what_is_queued_then_refuses_writes() {
    let (engine, _dir) = temp_engine().await;
    engine
        .add(note("Closing time at the harbour"), "tester")
        .await
        .unwrap();
    let q = mnemo_core::RetrievalQuery {
        text: "harbour".into(),
        limit: 5,
        ..Default::default()
    };
    let r = engine
        .recall(
            q,
            mnemo_engine::RecallOptions {
                record: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    // The trace is queued for the writer's next flush; closing writes it.
    engine.close().await.unwrap();
    let stored = engine.traces(10).await.unwrap();
    assert!(
        stored.iter().any(|t| t.id == r.trace.id),
        "the queued trace was written on close"
    );
    let err = engine.add(note("Too late"), "tester").await.unwrap_err();
    assert!(err.to_string().contains("the writer has stopped"), "{err}");
    assert_eq!(
        engine.memories(None).len(),
        1,
        "nothing was written after close"
    );
}

/// Traces are saved many to a commit, and retention keeps the newest ones within their age.
#[tokio::test]
async fn traces_are_saved_together_and_pruned_by_count_and_age() {
    let (engine, _dir) = temp_engine().await;
    engine
        .add(note("Retention keeps the newest traces"), "user")
        .await
        .unwrap();
    let query = mnemo_core::RetrievalQuery {
        text: "traces".into(),
        ..Default::default()
    };
    let options = mnemo_engine::RecallOptions {
        actor: "user".into(),
        ..Default::default()
    };
    let template = engine.recall(query, options).await.unwrap().trace;
    let now = mnemo_core::now();
    // 30 traces a day apart, newest first in id order (ids sort by creation).
    let traces: Vec<_> = (0..30)
        .map(|i| {
            let mut t = template.clone();
            t.id = mnemo_core::new_id();
            t.at = now - chrono::Duration::days(29 - i);
            t
        })
        .collect();
    let store = engine.store();
    let before = store.log_versions().await.unwrap()[1];
    store.save_traces(&traces).await.unwrap();
    assert_eq!(
        store.log_versions().await.unwrap()[1],
        before + 1,
        "one commit for 30 traces"
    );
    assert_eq!(store.list_traces(100).await.unwrap().len(), 30);

    // Keep 20, and nothing older than 25 days: the 5 oldest go by age, 5 more by count.
    let gone = store
        .prune_traces(20, now - chrono::Duration::days(25))
        .await
        .unwrap();
    let kept = store.list_traces(100).await.unwrap();
    assert_eq!((gone, kept.len()), (10, 20));
    let newest: Vec<&str> = traces
        .iter()
        .rev()
        .take(20)
        .map(|t| t.id.as_str())
        .collect();
    let kept_ids: Vec<&str> = kept.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(kept_ids, newest, "the newest twenty remain");
    assert!(
        store.get_trace(&traces[0].id).await.is_err(),
        "a pruned trace is gone"
    );
    engine.close().await.unwrap();
}

/// One agent adding one memory at a time leaves a small file per commit, and every search
/// scans each file not yet indexed on its own: the writer merges them within seconds,
/// long before the next full optimization, and nothing is lost on the way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_small_files_of_single_writes_are_merged_soon() {
    let (engine, _dir) = temp_engine().await;
    for i in 0..12 {
        let text = format!("Single write number {i} about the quarterly harvest");
        engine.add(note(&text), "agent:test").await.unwrap();
    }
    let memory_files = || async {
        let counts = engine.store().file_counts().await.unwrap();
        counts.iter().find(|(t, _)| *t == "memories").unwrap().1
    };
    // Unmerged, the table would have a file per add until the full optimize, 20 s after the
    // last write; merging may already have begun while the adds ran.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while memory_files().await > 1 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(memory_files().await, 1, "merged into one file");
    let found = engine
        .recall(
            mnemo_core::RetrievalQuery {
                text: "quarterly harvest".into(),
                limit: 20,
                ..Default::default()
            },
            Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(found.results.len(), 12, "every write is still there");
    engine.close().await.unwrap();
}

/// While writes go on, an optimize folds new rows into each index as a segment of just those
/// rows, or merges them with the newest segments no larger than what they are merged with (a
/// binary counter, so that each row is rewritten a few times, not at every optimize); settling
/// merges all into one. Every row stays findable through each of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexes_merge_segments_of_comparable_size_and_all_on_settling() {
    let (engine, _dir) = temp_engine().await;
    let store = engine.store();
    let full_text = || async {
        let segments = store.index_segments().await.unwrap();
        (segments.iter().find(|(c, _)| c == "search_text"))
            .expect("a full-text index")
            .1
    };
    let found = |text: &'static str| async move {
        let hits = store.keyword_search(text, 50, &[], &[]).await.unwrap();
        hits.len()
    };
    // Lower case, so that no entity joins a round: each adds the same three rows.
    for i in 0..20 {
        let text = format!("seed {i} of the quiet harbour");
        engine.add(note(&text), "agent:test").await.unwrap();
    }
    store.optimize(true, false).await.unwrap();
    assert_eq!(full_text().await, 1, "settled");
    let mut seen = Vec::new();
    for round in 0..4 {
        for i in 0..3 {
            let text = format!("round {round} entry {i} of the orchard ledger");
            engine.add(note(&text), "agent:test").await.unwrap();
        }
        store.optimize(false, false).await.unwrap();
        seen.push(full_text().await);
        assert_eq!(
            found("orchard ledger").await,
            3 * (round + 1),
            "round {round}"
        );
    }
    // [20, 3] -> [20, 6] -> [20, 6, 3] -> [20, 12]: the base of 20 stays apart.
    assert_eq!(seen, [2, 2, 3, 2], "segments after each optimize");
    store.optimize(true, false).await.unwrap();
    assert_eq!(full_text().await, 1, "settling merges");
    assert_eq!(found("orchard ledger").await, 12);
    assert_eq!(found("quiet harbour").await, 20);
    engine.close().await.unwrap();
}

/// An agent's `mnemo mcp` that writes and exits leaves its rows out of the indexes (a writer
/// indexes its own rows once writing has paused for 20 s), and every search then scans them
/// file by file. A process that stays open indexes them once the store has been quiet: rows it
/// saw another process write, and rows left before it opened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_other_processes_left_unindexed_are_indexed_once_the_store_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let agent_writes = |round: usize| {
        let dir = &dir;
        async move {
            let agent = open(dir).await;
            for i in 0..4 {
                let text = format!("Round {round}: agent note {i} about the kiln schedule");
                agent.add(note(&text), "agent:kiln").await.unwrap();
            }
            agent.close().await.unwrap();
        }
    };
    let indexed_soon = |engine: mnemo_engine::Engine| async move {
        let store = engine.store();
        let started = std::time::Instant::now();
        let waited = || started.elapsed();
        // This process sees the agent's rows once it has followed the log (every second).
        let mut left = store.unindexed_rows().await.unwrap();
        while left == 0 {
            assert!(
                waited().as_secs() < 10,
                "the agent's rows never showed up unindexed"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            left = store.unindexed_rows().await.unwrap();
        }
        while store.unindexed_rows().await.unwrap() > 0 {
            assert!(
                waited().as_secs() < 90,
                "{left} rows still unindexed after {:?}",
                waited()
            );
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        engine.close().await.unwrap();
    };

    let first = open(&dir).await;
    first
        .add(note("The kiln fires on Tuesdays"), "tester")
        .await
        .unwrap();
    first.store().optimize(true, true).await.unwrap(); // the indexes exist
    first.close().await.unwrap();

    let app = open(&dir).await; // writes nothing itself, so has nothing of its own to index
    agent_writes(0).await;
    indexed_soon(app).await;

    agent_writes(1).await;
    let later = open(&dir).await;
    indexed_soon(later).await;
}
