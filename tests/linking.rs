//! Linking on ingest: `next` edges in time order, `mentions` to de-duplicated entities, and
//! automatic `similar` / near-duplicate edges.

use mnemo_core::{EdgeKind, MemoryKind, NewMemory};
use mnemo_engine::AddOptions;
use mnemo_tests::{note, temp_engine};

fn at(text: &str, session: &str, time: &str) -> NewMemory {
    NewMemory {
        session: Some(session.into()),
        occurred_at: Some(time.into()),
        ..note(text)
    }
}

#[tokio::test]
async fn next_edges_follow_time_even_when_memories_arrive_out_of_order() {
    let (engine, _dir) = temp_engine().await;
    let a = engine
        .add(
            at("first we met at the cafe", "s1", "2024-01-01T10:00:00Z"),
            "t",
        )
        .await
        .unwrap();
    let c = engine
        .add(
            at("then we walked to the river", "s1", "2024-01-01T12:00:00Z"),
            "t",
        )
        .await
        .unwrap();
    let other = engine
        .add(
            at("an unrelated session", "s2", "2024-01-01T11:00:00Z"),
            "t",
        )
        .await
        .unwrap();
    // Arrives last but happened in between: a→c is replaced by a→b→c.
    let b = engine
        .add(
            at("we ordered two coffees", "s1", "2024-01-01T11:00:00Z"),
            "t",
        )
        .await
        .unwrap();
    let next: Vec<(String, String)> = engine
        .edges()
        .into_iter()
        .filter(|e| e.kind == EdgeKind::Next)
        .map(|e| (e.from, e.to))
        .collect();
    assert_eq!(next.len(), 2, "{next:?}");
    assert!(next.contains(&(a.id.clone(), b.id.clone())));
    assert!(next.contains(&(b.id.clone(), c.id.clone())));
    assert!(!next.iter().any(|(f, t)| f == &other.id || t == &other.id));
}

#[tokio::test]
async fn mentions_link_to_one_entity_per_normalised_name() {
    let (engine, _dir) = temp_engine().await;
    let m1 = engine
        .add(
            note("Yesterday Caroline went to the LGBTQ support group with Melanie."),
            "t",
        )
        .await
        .unwrap();
    let m2 = engine
        .add(
            NewMemory {
                entities: vec!["caroline".into()],
                ..note("Met [[Project Atlas]] folks. #planning")
            },
            "t",
        )
        .await
        .unwrap();
    let entities: Vec<_> = engine
        .memories(None)
        .into_iter()
        .filter(|m| m.kind == MemoryKind::Entity)
        .collect();
    let names: Vec<&str> = entities.iter().map(|m| m.title.as_str()).collect();
    for expected in ["Caroline", "Melanie", "LGBTQ", "Project Atlas", "planning"] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert_eq!(
        names
            .iter()
            .filter(|n| n.eq_ignore_ascii_case("caroline"))
            .count(),
        1,
        "one Caroline: {names:?}"
    );
    let caroline = entities.iter().find(|m| m.title == "Caroline").unwrap();
    let mentions_caroline: Vec<String> = engine
        .edges_of(&caroline.id)
        .into_iter()
        .filter(|e| e.kind == EdgeKind::Mentions && e.to == caroline.id)
        .map(|e| e.from)
        .collect();
    assert!(mentions_caroline.contains(&m1.id) && mentions_caroline.contains(&m2.id));
    assert!(
        m2.tags.contains(&"planning".to_string()),
        "inline #tags join the tags"
    );
    let e = engine
        .edges_of(&m2.id)
        .into_iter()
        .find(|e| e.to == caroline.id)
        .unwrap();
    assert!(
        e.automatic && e.provenance.contains("given"),
        "{}",
        e.provenance
    );
}

#[tokio::test]
async fn similar_and_near_duplicate_edges_are_automatic_and_explained() {
    let (engine, _dir) = temp_engine().await;
    let a = engine
        .add(
            note("The quarterly budget review is moved to Thursday afternoon."),
            "t",
        )
        .await
        .unwrap();
    let dup = engine
        .add(
            note("The quarterly budget review is moved to Thursday afternoon!"),
            "t",
        )
        .await
        .unwrap();
    let far = engine
        .add(note("Sourdough needs a long cold proof overnight."), "t")
        .await
        .unwrap();
    let e = engine
        .edges_of(&dup.id)
        .into_iter()
        .find(|e| e.to == a.id)
        .expect("the duplicate is linked");
    assert_eq!(e.kind, EdgeKind::NearDuplicate);
    assert!(e.automatic && !e.confirmed);
    assert!(e.provenance.starts_with("cosine 0.9"), "{}", e.provenance);
    assert!(
        !engine
            .edges_of(&far.id)
            .iter()
            .any(|e| e.kind == EdgeKind::Similar || e.kind == EdgeKind::NearDuplicate)
    );
    let confirmed = engine.confirm_edge(&e.id, "user").await.unwrap();
    assert!(confirmed.confirmed);

    // With similar-linking off, no similarity edges are made.
    let report = engine
        .add_many(
            vec![note("The quarterly budget review moved to Thursday.")],
            "t",
            &AddOptions {
                link_similar: false,
                ..Default::default()
            },
            &|_| {},
        )
        .await
        .unwrap();
    let id = &report.memories[0].id;
    assert!(
        !engine
            .edges_of(id)
            .iter()
            .any(|e| matches!(e.kind, EdgeKind::Similar | EdgeKind::NearDuplicate))
    );
}
