//! Purge: after it, no file of the store holds the purged memory's text — not the memories table,
//! not a neighbour's full-text context, not the log's before/after, not a stored trace, not an
//! old version — before and after a restart; the log keeps a redacted record of who purged.

use mnemo_api::ops::{
    ListOperations, OperationsPage, PurgeMemories, PurgeRequest, Undo, UndoRequest,
};
use mnemo_api::{Api, Caller};
use mnemo_core::{ErrorCode, MemoryPatch, MemoryStatus, NewMemory, OperationKind, RetrievalQuery};
use mnemo_engine::RecallOptions;
use mnemo_tests::{embedder, files_holding, temp_engine};

const SECRET: &str = "zanzibar-quokka-7731";

fn in_session(text: &str) -> NewMemory {
    NewMemory {
        text: text.into(),
        session: Some("vault-chat".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_purged_memory_is_in_no_file_of_the_store_and_the_log_says_who_purged_it() {
    let (engine, dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    let secret = engine
        .add(
            in_session(&format!(
                "The vault combination is {SECRET}, keep it secret"
            )),
            "user",
        )
        .await
        .unwrap();
    // Its successor in the session carries its words in its full-text context.
    let next = engine
        .add(
            in_session("Also the spare key is with the neighbour"),
            "user",
        )
        .await
        .unwrap();
    let patch = MemoryPatch {
        title: Some(format!("Vault {SECRET}")),
        ..Default::default()
    };
    engine.update(&secret.id, patch, "user").await.unwrap();
    let query = RetrievalQuery {
        text: format!("what is {SECRET}"),
        ..Default::default()
    };
    let options = RecallOptions {
        actor: "user".into(),
        record: true,
        ..Default::default()
    };
    let answer = engine.recall(query, options).await.unwrap();
    assert_eq!(answer.results[0].memory.id, secret.id);
    engine
        .set_status(&secret.id, MemoryStatus::Forgotten, "user")
        .await
        .unwrap();
    engine.flush().await.unwrap();
    engine.optimize().await.unwrap();
    let before = files_holding(dir.path(), SECRET.as_bytes());
    assert!(
        before.len() >= 3,
        "the text is on disk before the purge (memories, log, traces): {before:?}"
    );

    let agent = Caller::agent("cleaner");
    let refused = api
        .call::<PurgeMemories>(
            PurgeRequest {
                ids: vec![secret.id.clone()],
                ..Default::default()
            },
            &agent,
        )
        .await;
    assert_eq!(refused.unwrap_err().code, ErrorCode::Forbidden);
    let report = api
        .call::<PurgeMemories>(
            PurgeRequest {
                ids: vec![secret.id.clone()],
                ..Default::default()
            },
            &Caller::user(),
        )
        .await
        .unwrap();
    assert_eq!(report.purged, [secret.id.clone()]);
    assert!(report.edges >= 1, "its next edge went with it");
    assert!(report.redacted_operations >= 3, "{report:?}");
    assert!(report.redacted_traces >= 1, "{report:?}");
    assert_eq!(
        files_holding(dir.path(), SECRET.as_bytes()),
        Vec::<String>::new()
    );
    assert!(engine.get(&secret.id).is_none());
    assert!(engine.get(&next.id).is_some(), "its neighbour stays");
    // What Mnemo knew before everything, and before the purge: the log's redacted entries are
    // read past (a schemathesis run found `known_at` in year 466 answering 500), and the purged
    // memory is in no view of the past.
    let epoch = "0466-06-26T03:40:15Z".parse().unwrap();
    assert!(
        engine
            .snapshot_known_at(epoch)
            .await
            .unwrap()
            .memories
            .is_empty()
    );
    let then = engine.snapshot_known_at(mnemo_core::now()).await.unwrap();
    assert!(then.memories.iter().all(|m| m.id != secret.id));
    assert!(then.memories.iter().any(|m| m.id == next.id));

    let page = OperationsPage {
        target: Some(secret.id.clone()),
        limit: None,
    };
    let ops = api
        .call::<ListOperations>(page, &Caller::user())
        .await
        .unwrap();
    let purge = ops
        .iter()
        .find(|o| o.kind == OperationKind::Purge)
        .expect("a purge record");
    assert_eq!(purge.actor, "user");
    assert!(
        ops.iter().all(|o| o.before.is_none()),
        "no before holds it any more"
    );
    let undo = UndoRequest {
        action: Some(purge.action.clone()),
        ..Default::default()
    };
    let e = api.call::<Undo>(undo, &Caller::user()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict, "{}", e.message);

    engine.close().await.unwrap();
    drop(api);
    let reopened = mnemo_engine::Engine::open(&dir.path().to_string_lossy(), embedder())
        .await
        .unwrap();
    assert!(
        reopened.get(&secret.id).is_none(),
        "still gone after a restart"
    );
    assert_eq!(
        files_holding(dir.path(), SECRET.as_bytes()),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn purging_everything_forgotten_before_a_date_takes_only_those() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    let old = engine
        .add(
            NewMemory {
                text: "an old forgotten note".into(),
                ..Default::default()
            },
            "user",
        )
        .await
        .unwrap();
    let kept = engine
        .add(
            NewMemory {
                text: "a note still in use".into(),
                ..Default::default()
            },
            "user",
        )
        .await
        .unwrap();
    engine
        .set_status(&old.id, MemoryStatus::Forgotten, "user")
        .await
        .unwrap();
    let cutoff = (mnemo_core::now() + chrono::Duration::seconds(1)).to_rfc3339();
    let dry = PurgeRequest {
        forgotten_before: Some(cutoff.clone()),
        dry_run: Some(true),
        ..Default::default()
    };
    let plan = api
        .call::<PurgeMemories>(dry, &Caller::user())
        .await
        .unwrap();
    assert_eq!(plan.purged, [old.id.clone()]);
    assert!(engine.get(&old.id).is_some(), "a dry run erases nothing");
    let run = PurgeRequest {
        forgotten_before: Some(cutoff),
        ..Default::default()
    };
    api.call::<PurgeMemories>(run, &Caller::user())
        .await
        .unwrap();
    assert!(engine.get(&old.id).is_none());
    assert!(engine.get(&kept.id).is_some());
}
