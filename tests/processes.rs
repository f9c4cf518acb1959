//! Several processes on one store: each engine follows the others' operation log, so its graph
//! mirror converges and it publishes their changes as deltas. (Two engines on one directory in
//! one test process share nothing but the store, as two processes would; the CLI test and the
//! browser test use real separate processes.)

use mnemo_core::{GraphChange, MemoryPatch, NewEdge};
use mnemo_tests::{note, open};
use std::time::Duration;

async fn converged(a: &mnemo_engine::Engine, b: &mnemo_engine::Engine) -> bool {
    for _ in 0..100 {
        let (sa, sb) = (a.snapshot(), b.snapshot());
        if sa.memories == sb.memories && sa.edges == sb.edges {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn a_second_process_sees_the_first_ones_writes_live() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(&dir).await;
    let agent = open(&dir).await;
    let mut deltas = app.subscribe();

    let m = agent
        .add(
            mnemo_core::NewMemory {
                entities: vec!["Ada".into()],
                ..note("Ada reviewed the Atlas schema")
            },
            "agent:claude",
        )
        .await
        .unwrap();
    // The app learns of it within a couple of seconds, as a delta by the agent.
    let delta = tokio::time::timeout(Duration::from_secs(10), deltas.recv())
        .await
        .expect("a delta in time")
        .unwrap();
    assert_eq!(delta.actor, "agent:claude");
    assert!(
        delta
            .changes
            .iter()
            .any(|c| matches!(c, GraphChange::MemoryUpserted { memory } if memory.id == m.id))
    );
    assert!(
        converged(&app, &agent).await,
        "the graphs converge after an add with an entity"
    );

    // Edits, links and unlinks both ways.
    let edited = app
        .update(
            &m.id,
            MemoryPatch {
                title: Some("Schema review".into()),
                ..Default::default()
            },
            "user",
        )
        .await
        .unwrap();
    let other = app
        .add(note("The schema gained a vector column"), "user")
        .await
        .unwrap();
    let e = agent
        .link(
            NewEdge {
                from: m.id.clone(),
                to: other.id.clone(),
                kind: None,
                relation: Some("led_to".into()),
                weight: None,
                valid_from: None,
                valid_until: None,
            },
            "agent:claude",
        )
        .await
        .unwrap();
    assert!(
        converged(&app, &agent).await,
        "the graphs converge after edits and links"
    );
    assert_eq!(agent.get(&m.id).unwrap().title, edited.title);
    assert!(app.edges_of(&m.id).iter().any(|x| x.id == e.id));
    app.unlink(&e.id, "user").await.unwrap();
    assert!(
        converged(&app, &agent).await,
        "the graphs converge after an unlink"
    );
    assert!(!agent.edges_of(&m.id).iter().any(|x| x.id == e.id));

    // Each side's view equals a fresh reopen of the store.
    let fresh = open(&dir).await;
    assert!(
        converged(&app, &fresh).await,
        "the followed graph equals the stored one"
    );
}

#[tokio::test]
async fn concurrent_writers_in_two_processes_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = open(&dir).await;
    let b = open(&dir).await;
    let write = |e: mnemo_engine::Engine, who: &'static str| async move {
        for i in 0..15 {
            e.add(note(&format!("{who} writes note {i}")), who)
                .await
                .unwrap();
        }
    };
    tokio::join!(write(a.clone(), "agent:a"), write(b.clone(), "agent:b"));
    assert!(converged(&a, &b).await);
    let notes = |e: &mnemo_engine::Engine| {
        e.memories(None)
            .iter()
            .filter(|m| m.text.contains(" writes note "))
            .count()
    };
    assert_eq!(notes(&a), 30);
    let fresh = open(&dir).await;
    assert_eq!(notes(&fresh), 30, "all 30 writes are in the store");
}

#[tokio::test]
async fn traces_recorded_by_another_process_join_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(&dir).await;
    let agent = open(&dir).await;
    agent.add(note("Trace me"), "agent:x").await.unwrap();
    let mut traces = app.subscribe_traces();
    let q = mnemo_core::RetrievalQuery {
        text: "trace".into(),
        ..Default::default()
    };
    let opts = mnemo_engine::RecallOptions {
        actor: "agent:x".into(),
        config: None,
        config_name: None,
        query_vector: None,
        record: true,
    };
    let r = agent.recall(q, opts).await.unwrap();
    let t = tokio::time::timeout(Duration::from_secs(10), traces.recv())
        .await
        .expect("a trace in time")
        .unwrap();
    assert_eq!(t.id, r.trace.id);
    assert_eq!(t.actor, "agent:x");
}
