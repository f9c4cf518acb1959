//! Curation on a real store: merge, supersede, and undo/redo of every kind of action, checked
//! against the rows on disk and the graph mirror, and across two processes' views.

use mnemo_core::{Edge, EdgeKind, Memory, MemoryPatch, MemoryStatus, NewEdge, NewMemory};
use mnemo_engine::{AddOptions, Engine, MergeInput, Whose};
use mnemo_tests::{note, open, temp_engine};
use std::collections::BTreeMap;

/// What an undo must give back: every memory's content (not its version, update time or
/// access counts, which count on) and every edge, as stored.
#[derive(Debug, PartialEq)]
struct Rows {
    memories: BTreeMap<String, Memory>,
    edges: BTreeMap<String, Edge>,
}

fn content(m: &Memory) -> Memory {
    Memory {
        version: 0,
        updated_at: chrono::DateTime::UNIX_EPOCH,
        access_count: 0,
        last_accessed_at: None,
        ..m.clone()
    }
}

/// The rows on disk, which must equal the graph mirror's.
async fn rows(engine: &Engine) -> Rows {
    let stored = engine.store().load_memories().await.unwrap();
    let edges = engine.store().load_edges().await.unwrap();
    let snap = engine.snapshot();
    let mut mirror = snap.memories.clone();
    mirror.sort_by(|a, b| a.id.cmp(&b.id));
    let mut on_disk = stored.clone();
    on_disk.sort_by(|a, b| a.id.cmp(&b.id));
    let strip = |v: &[Memory]| v.iter().map(content).collect::<Vec<_>>();
    assert_eq!(
        strip(&mirror),
        strip(&on_disk),
        "the mirror holds the stored memories"
    );
    let mut sorted_edges = edges.clone();
    sorted_edges.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(
        snap.edges, sorted_edges,
        "the mirror holds the stored edges"
    );
    Rows {
        memories: stored.iter().map(|m| (m.id.clone(), content(m))).collect(),
        edges: edges.into_iter().map(|e| (e.id.clone(), e)).collect(),
    }
}

fn in_session(text: &str, session: &str, at: &str) -> NewMemory {
    NewMemory {
        session: Some(session.into()),
        occurred_at: Some(at.into()),
        ..note(text)
    }
}

fn edge(from: &str, to: &str, relation: &str) -> NewEdge {
    NewEdge {
        from: from.into(),
        to: to.into(),
        kind: None,
        relation: Some(relation.into()),
        weight: None,
        valid_from: None,
        valid_until: None,
    }
}

const LINES: &str = r#"{"text":"Priya leads the Atlas database migration","external_id":"n1","entities":["Priya","Atlas"]}
{"text":"Priya S. moved the Atlas launch to May","external_id":"n2","entities":["Priya S.","Atlas"]}
{"text":"The Atlas team meets on Tuesdays","external_id":"n3","entities":["Atlas"]}
"#;

async fn import(engine: &Engine) -> mnemo_engine::ImportReport {
    engine
        .import_jsonl(
            LINES.as_bytes(),
            "notes.jsonl",
            &AddOptions::default(),
            "user",
            &|_| {},
        )
        .await
        .unwrap()
}

fn entity(engine: &Engine, title: &str) -> Memory {
    let all = engine.memories(None);
    all.into_iter()
        .find(|m| m.kind == mnemo_core::MemoryKind::Entity && m.title == title)
        .unwrap_or_else(|| panic!("entity {title}"))
}

#[tokio::test]
async fn merging_entities_moves_every_edge_keeps_names_and_reimports_add_nothing() {
    let (engine, dir) = temp_engine().await;
    import(&engine).await;
    let (priya, priya_s) = (entity(&engine, "Priya"), entity(&engine, "Priya S."));
    let moving: Vec<Edge> = engine.edges_of(&priya_s.id);
    assert!(!moving.is_empty());
    let before = engine.edges_of(&priya.id);
    // An edge moves unless the survivor has its twin (the extractor may have linked a memory
    // to both names).
    let key = |e: &Edge, from: &str, to: &str| {
        (from.to_string(), to.to_string(), e.kind, e.relation.clone())
    };
    let onto = |id: &str| {
        if id == priya_s.id {
            priya.id.clone()
        } else {
            id.to_string()
        }
    };
    let have: std::collections::HashSet<_> =
        before.iter().map(|e| key(e, &e.from, &e.to)).collect();
    let expected = (moving.iter())
        .filter(|e| !have.contains(&key(e, &onto(&e.from), &onto(&e.to))))
        .count();

    let input = MergeInput {
        ids: vec![priya_s.id.clone(), priya.id.clone()],
        ..Default::default()
    };
    let preview = engine.merge_preview(&input).unwrap();
    assert_eq!(
        preview.survivor.id, priya.id,
        "the oldest survives by default"
    );
    let survivor = engine.merge(input, "user").await.unwrap();
    assert_eq!(survivor, engine.get(&priya.id).unwrap());
    assert_eq!(preview.edges_moved as usize, expected);
    assert_eq!(preview.edges_dropped as usize, moving.len() - expected);
    assert_eq!(survivor.aliases, vec!["Priya S.".to_string()]);
    assert_eq!(survivor.merged_from, vec![priya_s.id.clone()]);
    let merged = engine.get(&priya_s.id).unwrap();
    assert_eq!(merged.status, MemoryStatus::Merged);
    assert_eq!(merged.merged_into.as_deref(), Some(priya.id.as_str()));
    assert!(
        engine.edges_of(&priya_s.id).is_empty(),
        "no edge is left on the merged entity"
    );
    assert_eq!(engine.edges_of(&priya.id).len(), before.len() + expected);
    for e in &moving {
        let other = if e.from == priya_s.id { &e.to } else { &e.from };
        let moved = engine.edges_of(&priya.id);
        assert!(
            moved
                .iter()
                .any(|m| (&m.from == other || &m.to == other) && m.kind == e.kind),
            "edge {} to {other} moved",
            e.id
        );
    }

    // The name now leads to the survivor, and re-importing the file adds nothing.
    let again = import(&engine).await;
    assert_eq!((again.added, again.entities_created), (0, 0));
    let later = engine
        .add(
            NewMemory {
                entities: vec!["priya s.".into()],
                ..note("Priya S. reviewed the schema")
            },
            "user",
        )
        .await
        .unwrap();
    let mention = engine.edges_of(&later.id);
    assert!(
        mention
            .iter()
            .any(|e| e.kind == EdgeKind::Mentions && e.to == priya.id),
        "a mention of an absorbed name lands on the survivor"
    );

    // The rows on disk say the same after a restart.
    let now = rows(&engine).await;
    drop(engine);
    let engine = open(&dir).await;
    assert_eq!(rows(&engine).await, now);
}

#[tokio::test]
async fn undo_of_every_kind_of_action_gives_back_the_exact_rows_and_redo_makes_them_again() {
    let (engine, _dir) = temp_engine().await;
    import(&engine).await;
    let a = engine
        .add(
            in_session("Booked the venue", "trip", "2024-03-01T10:00:00Z"),
            "user",
        )
        .await
        .unwrap();
    let c = engine
        .add(
            in_session("Paid the deposit", "trip", "2024-03-03T10:00:00Z"),
            "user",
        )
        .await
        .unwrap();
    let n1 = engine
        .memories(None)
        .into_iter()
        .find(|m| m.external_id.as_deref() == Some("n1"))
        .unwrap();
    let n2 = engine
        .memories(None)
        .into_iter()
        .find(|m| m.external_id.as_deref() == Some("n2"))
        .unwrap();

    // Each action: undo gives the rows before it back, and redo (an undo of the undo) gives
    // the rows after it back.
    let e = &engine;
    // An add that lands between two members of a session breaks their `next` edge.
    round(e, "add", async move {
        e.add(
            in_session("Signed the contract", "trip", "2024-03-02T10:00:00Z"),
            "user",
        )
        .await
        .unwrap();
    })
    .await;
    let id = n1.id.clone();
    round(e, "edit", async move {
        let patch = MemoryPatch {
            text: Some("Priya leads the Atlas migration to Postgres".into()),
            tags: Some(vec!["db".into()]),
            ..Default::default()
        };
        e.update(&id, patch, "user").await.unwrap();
    })
    .await;
    let id = a.id.clone();
    round(e, "archive", async move {
        e.set_status(&id, MemoryStatus::Archived, "user")
            .await
            .unwrap();
    })
    .await;
    let (x, y) = (a.id.clone(), c.id.clone());
    round(e, "link", async move {
        e.link(edge(&x, &y, "paid for"), "user").await.unwrap();
    })
    .await;
    let id = a.id.clone();
    round(e, "unlink", async move {
        let first = e.edges_of(&id).into_iter().next().expect("an edge").id;
        e.unlink(&first, "user").await.unwrap();
    })
    .await;
    let ids = vec![n1.id.clone(), n2.id.clone()];
    round(e, "merge", async move {
        let text = Some("Priya leads the Atlas migration; the launch moved to May".into());
        e.merge(
            MergeInput {
                ids,
                text,
                ..Default::default()
            },
            "user",
        )
        .await
        .unwrap();
    })
    .await;
    let old = c.id.clone();
    round(e, "supersede", async move {
        let new = NewMemory {
            kind: Some("fact".into()),
            ..note("The Atlas launch moved to June")
        };
        e.supersede_with(&old, new, "user").await.unwrap();
    })
    .await;
    round(e, "import", async move {
        let lines = "{\"text\":\"Lina joined the Atlas team\",\"external_id\":\"n4\",\"entities\":[\"Lina\"]}\n{\"text\":\"Lina owns the backups\",\"external_id\":\"n5\",\"entities\":[\"Lina\"]}\n";
        e.import_jsonl(lines.as_bytes(), "more.jsonl", &AddOptions::default(), "user", &|_| {}).await.unwrap();
    })
    .await;
    let h = engine.history(Whose::Only("user")).await.unwrap();
    assert!(h.redo.is_empty());
}

/// Runs an action, then undo and redo, comparing the rows each time.
async fn round(engine: &Engine, name: &str, act: impl std::future::Future<Output = ()>) {
    let before = rows(engine).await;
    act.await;
    let after = rows(engine).await;
    assert_ne!(before, after, "{name} changed something");
    let undone = engine
        .undo(None, Whose::Only("user"), false, "user")
        .await
        .unwrap();
    assert_eq!(undone.undid.is_empty(), false);
    assert_eq!(
        rows(engine).await,
        before,
        "undo of {name} gives the rows before it back"
    );
    let redone = engine
        .redo(Whose::Only("user"), false, "user")
        .await
        .unwrap();
    assert_eq!(redone.undid, undone.action, "redo undoes the undo");
    assert_eq!(
        rows(engine).await,
        after,
        "redo of {name} gives its rows back"
    );
}

#[tokio::test]
async fn an_undo_that_would_overwrite_a_later_edit_asks_first() {
    let (engine, _dir) = temp_engine().await;
    let m = engine
        .add(note("The meeting is on Monday"), "user")
        .await
        .unwrap();
    let edit = |t: &str| MemoryPatch {
        text: Some(t.into()),
        ..Default::default()
    };
    engine
        .update(&m.id, edit("The meeting is on Tuesday"), "user")
        .await
        .unwrap();
    let first = engine.operations(Some(&m.id), 1).await.unwrap()[0]
        .action
        .clone();
    engine
        .update(&m.id, edit("The meeting is on Wednesday"), "agent:x")
        .await
        .unwrap();

    let e = engine
        .undo(Some(&first), Whose::Anyone, false, "user")
        .await
        .unwrap_err();
    assert_eq!(e.code(), mnemo_core::ErrorCode::Conflict, "{e}");
    assert!(e.to_string().contains(&m.id), "{e}");
    assert_eq!(
        engine.get(&m.id).unwrap().text,
        "The meeting is on Wednesday",
        "nothing written"
    );

    engine
        .undo(Some(&first), Whose::Anyone, true, "user")
        .await
        .unwrap();
    assert_eq!(engine.get(&m.id).unwrap().text, "The meeting is on Monday");
    let e = engine
        .undo(Some(&first), Whose::Anyone, false, "user")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("undone already"), "{e}");
}

#[tokio::test]
async fn supersede_closes_the_old_fact_when_the_new_one_starts_and_keeps_the_chain() {
    let (engine, _dir) = temp_engine().await;
    let fact = |t: &str, from: &str| NewMemory {
        kind: Some("fact".into()),
        valid_from: Some(from.into()),
        ..note(t)
    };
    let old = engine
        .add(fact("Ada lives in Paris", "2020-01-01T00:00:00Z"), "user")
        .await
        .unwrap();
    let new = engine
        .add(fact("Ada lives in Lyon", "2023-06-01T00:00:00Z"), "user")
        .await
        .unwrap();
    let s = engine.supersede(&old.id, &new.id, "user").await.unwrap();
    assert_eq!(s.old.status, MemoryStatus::Superseded);
    assert_eq!(s.old.valid_until, new.valid_from);
    assert_eq!(
        (s.edge.kind, s.edge.from.as_str(), s.edge.to.as_str()),
        (EdgeKind::Supersedes, new.id.as_str(), old.id.as_str())
    );
    let t = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let held = |m: &Memory, at: &str| {
        m.valid_from.is_none_or(|f| f <= t(at)) && m.valid_until.is_none_or(|u| t(at) < u)
    };
    assert!(
        held(&s.old, "2022-01-01T00:00:00Z"),
        "before the change the old fact held"
    );
    assert!(!held(&s.old, "2024-01-01T00:00:00Z") && held(&s.new, "2024-01-01T00:00:00Z"));

    // Turning the chain back, or superseding twice, is refused and writes nothing.
    let e = engine
        .supersede(&new.id, &old.id, "user")
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("superseded") || e.to_string().contains("chain"),
        "{e}"
    );
    let e = engine
        .supersede(&old.id, &new.id, "user")
        .await
        .unwrap_err();
    assert!(e.to_string().contains("already superseded"), "{e}");
    let chain = (engine.edges_of(&old.id).into_iter()).filter(|e| e.kind == EdgeKind::Supersedes);
    assert_eq!(chain.count(), 1);
}

#[tokio::test]
async fn another_process_sees_a_merge_and_its_undo() {
    let (engine, dir) = temp_engine().await;
    import(&engine).await;
    let other = open(&dir).await;
    let (priya, priya_s) = (entity(&engine, "Priya"), entity(&engine, "Priya S."));
    let input = MergeInput {
        ids: vec![priya.id.clone(), priya_s.id.clone()],
        ..Default::default()
    };
    engine.merge(input, "user").await.unwrap();
    other.follow().await.unwrap();
    assert_eq!(other.get(&priya_s.id).unwrap().status, MemoryStatus::Merged);
    assert_eq!(other.snapshot().edges, engine.snapshot().edges);

    // The other process undoes it; this one follows.
    other
        .undo(None, Whose::Anyone, false, "user")
        .await
        .unwrap();
    engine.follow().await.unwrap();
    assert_eq!(
        engine.get(&priya_s.id).unwrap().status,
        MemoryStatus::Active
    );
    assert_eq!(engine.snapshot().edges, other.snapshot().edges);
    // (This process's table handles see the other's commit within LanceDB's consistency
    // interval; its mirror, which followed the log, is compared with the other's rows.)
    let strip = |v: Vec<Memory>| v.iter().map(content).collect::<Vec<_>>();
    assert_eq!(
        strip(engine.snapshot().memories),
        strip(other.snapshot().memories)
    );
    rows(&other).await;
}

#[tokio::test]
async fn the_review_queue_shows_duplicates_until_merged_or_kept_apart() {
    let (engine, _dir) = temp_engine().await;
    let settings = mnemo_engine::ReviewSettings::default();
    let a = engine
        .add(note("Priya prefers green tea in the afternoon"), "agent:x")
        .await
        .unwrap();
    let b = engine
        .add(note("Priya prefers green tea in the afternoon."), "agent:x")
        .await
        .unwrap();
    let c = engine
        .add(note("Tom prefers black coffee in the morning"), "agent:x")
        .await
        .unwrap();
    let d = engine
        .add(note("Tom prefers black coffee in the morning!"), "agent:x")
        .await
        .unwrap();
    let q = engine.review(&settings);
    let groups: Vec<Vec<String>> = q.duplicates.iter().map(|g| g.ids.clone()).collect();
    assert!(
        groups.contains(&vec![a.id.clone(), b.id.clone()]),
        "{groups:?}"
    );
    assert!(
        groups.contains(&vec![c.id.clone(), d.id.clone()]),
        "{groups:?}"
    );
    let before = q.counts.duplicates;

    engine
        .merge(
            MergeInput {
                ids: vec![a.id.clone(), b.id.clone()],
                ..Default::default()
            },
            "user",
        )
        .await
        .unwrap();
    engine.keep_apart(&c.id, &d.id, "user").await.unwrap();
    let q = engine.review(&settings);
    assert_eq!(q.counts.duplicates, before - 2, "{:?}", q.duplicates);

    // Undoing "keep both" brings the pair back.
    engine
        .undo(None, Whose::Only("user"), false, "user")
        .await
        .unwrap();
    assert_eq!(engine.review(&settings).counts.duplicates, before - 1);
}

/// A memory edited into a copy of another is not flagged at ingest; the duplicate scan finds
/// it, once, and a scan with nothing new since compares nothing.
#[tokio::test]
async fn the_duplicate_scan_flags_what_ingest_could_not_see_once() {
    let (engine, _dir) = temp_engine().await;
    let settings = mnemo_engine::ReviewSettings::default();
    let first = engine.scan_duplicates().await.unwrap();
    assert_eq!((first.scanned, first.flagged), (0, 0), "an empty store");
    let a = engine
        .add(
            note("The staging database is backed up every night at 2am."),
            "user",
        )
        .await
        .unwrap();
    let b = engine
        .add(note("Lisbon has seven hills and yellow trams."), "user")
        .await
        .unwrap();
    let scan = engine.scan_duplicates().await.unwrap();
    assert_eq!((scan.scanned, scan.flagged), (2, 0), "{scan:?}");
    assert_eq!(engine.review(&settings).counts.duplicates, 0);

    let copy = MemoryPatch {
        text: Some("The staging database is backed up every night at 2 am.".into()),
        title: Some(a.title.clone()),
        ..Default::default()
    };
    engine.update(&b.id, copy, "agent:x").await.unwrap();
    let scan = engine.scan_duplicates().await.unwrap();
    assert_eq!(scan.scanned, 1, "only the edited memory is new: {scan:?}");
    assert_eq!(scan.compared_with, 1);
    assert_eq!(scan.flagged, 1, "{scan:?}");
    let q = engine.review(&settings);
    assert_eq!(q.duplicates.len(), 1, "{:?}", q.duplicates);
    assert_eq!(q.duplicates[0].ids, vec![a.id.clone(), b.id.clone()]);
    assert!(
        q.duplicates[0].reason.contains("duplicate scan"),
        "{}",
        q.duplicates[0].reason
    );

    let again = engine.scan_duplicates().await.unwrap();
    assert_eq!((again.scanned, again.flagged), (0, 0), "{again:?}");
    // The watermark is in the store: another process starts where this one stopped.
    engine.close().await.unwrap();
    let reopened = open(&_dir).await;
    let scan = reopened.scan_duplicates().await.unwrap();
    assert_eq!((scan.scanned, scan.flagged), (0, 0), "{scan:?}");
}

/// "What Mnemo knew at T" is read back from the log: an edit, a link, a new memory and a
/// forget after T do not show, and everything shows as it was.
#[tokio::test]
async fn the_graph_as_known_at_a_time_undoes_what_came_after() {
    let (engine, _dir) = temp_engine().await;
    let before_all = mnemo_core::now();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let a = engine
        .add(note("The office moves to Porto."), "user")
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let t = mnemo_core::now();
    let at_t = engine.snapshot();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let edit = MemoryPatch {
        text: Some("The office moves to Braga.".into()),
        ..Default::default()
    };
    engine.update(&a.id, edit, "user").await.unwrap();
    let b = engine.add(note("Lunch is at noon."), "user").await.unwrap();
    let link = NewEdge {
        from: a.id.clone(),
        to: b.id.clone(),
        kind: Some(EdgeKind::Related),
        relation: None,
        weight: None,
        valid_from: None,
        valid_until: None,
    };
    engine.link(link, "user").await.unwrap();
    engine
        .set_status(&a.id, MemoryStatus::Forgotten, "user")
        .await
        .unwrap();

    // Exactly the graph as it stood at t (the memory and the entity its text named).
    let then = engine.snapshot_known_at(t).await.unwrap();
    assert_eq!((&then.memories, &then.edges), (&at_t.memories, &at_t.edges));
    assert!(then.memories.iter().all(|m| m.id != b.id));
    let was = then.memories.iter().find(|m| m.id == a.id).unwrap();
    assert_eq!(was.text, "The office moves to Porto.");
    assert_eq!((was.status, was.version), (MemoryStatus::Active, a.version));

    let now = engine.snapshot_known_at(mnemo_core::now()).await.unwrap();
    let current = engine.snapshot();
    assert_eq!((now.memories, now.edges), (current.memories, current.edges));
    let empty = engine.snapshot_known_at(before_all).await.unwrap();
    assert!(empty.memories.is_empty() && empty.edges.is_empty());

    // A recall "known at t" finds the memory as it was then, though it is forgotten now, and
    // says why the later one is not there.
    let recall = |known_at| {
        let q = mnemo_core::RetrievalQuery {
            text: "where does the office move to".into(),
            known_at,
            ..Default::default()
        };
        engine.recall(q, mnemo_engine::RecallOptions::default())
    };
    let r = recall(Some(t)).await.unwrap();
    let texts: Vec<&str> = r.results.iter().map(|r| r.memory.text.as_str()).collect();
    assert_eq!(texts, ["The office moves to Porto."]);
    let filter = (r.trace.stages.iter())
        .find(|s| s.kind == mnemo_core::StageKind::Filter)
        .unwrap();
    assert!(
        (filter.dropped.iter()).any(|d| d.id == b.id && d.reason.starts_with("not yet known")),
        "{:?}",
        filter.dropped
    );
    let today = recall(None).await.unwrap();
    assert!(
        today.results.iter().all(|r| r.memory.id != a.id),
        "forgotten now"
    );
}
