//! JSONL import and export: idempotence, all-or-nothing on a bad line, and export → import equality.

use mnemo_engine::{AddOptions, ExportOptions};
use mnemo_tests::{repo_root, temp_engine};

async fn import_str(
    engine: &mnemo_engine::Engine,
    text: &str,
) -> mnemo_core::Result<mnemo_engine::ImportReport> {
    engine
        .import_jsonl(
            std::io::Cursor::new(text.as_bytes()),
            "test.jsonl",
            &AddOptions::default(),
            "user",
            &|_| {},
        )
        .await
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_nothing() {
    let (engine, _dir) = temp_engine().await;
    let demo = std::fs::read_to_string(repo_root().join("assets/demo/memories.jsonl")).unwrap();
    let first = import_str(&engine, &demo).await.unwrap();
    assert_eq!(first.added as usize, demo.lines().count());
    assert!(
        first.entities_created > 5 && first.edges_created > first.added,
        "{first:?}"
    );
    let counts = engine.store().counts().await.unwrap();
    let second = import_str(&engine, &demo).await.unwrap();
    assert_eq!(second.added, 0);
    assert_eq!(second.unchanged as usize, demo.lines().count());
    assert_eq!(second.edges_created, 0);
    let after = engine.store().counts().await.unwrap();
    assert_eq!(
        (after.memories, after.edges),
        (counts.memories, counts.edges)
    );
    // Explicit links resolved by external id, with custom relations.
    let n4 = engine
        .memories(None)
        .into_iter()
        .find(|m| m.external_id.as_deref() == Some("n4"))
        .unwrap();
    let supports = engine
        .edges_of(&n4.id)
        .into_iter()
        .find(|e| e.relation == "supports")
        .expect("link from the file");
    assert!(!supports.automatic);
    assert_eq!(n4.source, "import:test.jsonl");
}

#[tokio::test]
async fn a_malformed_line_fails_the_file_with_its_line_number_and_writes_nothing() {
    let (engine, _dir) = temp_engine().await;
    import_str(
        &engine,
        "{\"text\": \"already here\", \"external_id\": \"x0\"}\n",
    )
    .await
    .unwrap();
    let before = engine.store().counts().await.unwrap();
    let cases = [
        (
            "{\"text\": \"ok\"}\n{\"text\": \"fine\"}\n{\"text\": \"bad\", \"kind\": \"thought\"}\n",
            "invalid line 3: memorykind: unknown value \"thought\"",
        ),
        (
            "{\"text\": \"ok\"}\n{\"text\": oops}\n",
            "invalid line 2: expected value",
        ),
        (
            "{\"text\": \"ok\", \"links\": [{\"to\": \"missing\"}]}\n",
            "invalid line 1: links[0].to: no memory in this file or store",
        ),
        (
            "{\"text\": \"ok\"}\n\n{\"txt\": \"typo\"}\n",
            "invalid line 3: unknown field `txt`",
        ),
        (
            "{\"text\": \"a\", \"external_id\": \"d\"}\n{\"text\": \"b\", \"external_id\": \"d\"}\n",
            "invalid line 2: external_id: \"d\" is also used on line 1",
        ),
        (
            "{\"text\": \"ok\", \"vector\": [0.5, 0.5]}\n",
            "invalid line 1: vector: has 2 dimensions",
        ),
        (
            "{\"text\": \"ok\", \"valid_from\": \"2024-02-01\", \"valid_until\": \"2024-01-01\"}\n",
            "invalid line 1: valid_until",
        ),
    ];
    for (file, expected) in cases {
        let err = import_str(&engine, file).await.unwrap_err().to_string();
        assert!(
            err.starts_with(expected),
            "{err:?} should start with {expected:?}"
        );
        let after = engine.store().counts().await.unwrap();
        assert_eq!(after, before, "nothing from {file:?} was written");
    }
}

#[tokio::test]
async fn export_then_import_into_an_empty_store_gives_back_the_same_memories_and_edges() {
    let (engine, _dir) = temp_engine().await;
    let demo = std::fs::read_to_string(repo_root().join("assets/demo/memories.jsonl")).unwrap();
    import_str(&engine, &demo).await.unwrap();
    let m = engine
        .memories(None)
        .into_iter()
        .find(|m| m.external_id.as_deref() == Some("p4"))
        .unwrap();
    engine
        .update(
            &m.id,
            mnemo_core::MemoryPatch {
                pinned: Some(true),
                ..Default::default()
            },
            "user",
        )
        .await
        .unwrap();
    let mut exported = Vec::new();
    let n = engine
        .export_jsonl(&mut exported, &ExportOptions::default())
        .await
        .unwrap();
    assert_eq!(n, engine.memories(None).len());

    let (copy, _dir2) = temp_engine().await;
    let report = import_str(&copy, std::str::from_utf8(&exported).unwrap())
        .await
        .unwrap();
    assert_eq!(report.added as usize, n);
    assert_eq!(report.entities_created, 0, "a restore creates nothing new");
    assert_eq!(copy.memories(None), engine.memories(None));
    assert_eq!(copy.edges(), engine.edges());
    let mut again = Vec::new();
    copy.export_jsonl(&mut again, &ExportOptions::default())
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(again).unwrap(),
        String::from_utf8(exported.clone()).unwrap(),
        "exports are stable"
    );
    // Vectors came across too: the same query ranks the same way in both stores.
    let q = mnemo_core::RetrievalQuery {
        text: "index rebuilds".into(),
        ..Default::default()
    };
    let a = engine.recall(q.clone(), Default::default()).await.unwrap();
    let b = copy.recall(q, Default::default()).await.unwrap();
    let ids = |r: &mnemo_engine::RecallAnswer| {
        r.results
            .iter()
            .map(|r| r.memory.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
}
