//! Spaces a person manages, through the API on a real store: made with a description and a
//! colour; renamed with every memory moving along (one action, undone whole, tokens following the
//! new name, a second process following the log); archived (no new memories, searched only when
//! named); deleted with its memories moved (undoable) or purged (out of every file); never by an
//! agent.

use mnemo_api::ops::NoInput;
use mnemo_api::ops::{
    AddMemory, CreateAgentToken, CreateSpace, DeleteSpace, ListAgentTokens, ListSpaces, Recall,
    RecallRequest, SpaceDeletion, SpaceUpdate, Undo, UndoRequest, UpdateSpace,
};
use mnemo_api::{Api, ApiError, Caller};
use mnemo_core::{ErrorCode, MemoryKind, NewMemory, RetrievalQuery, Rights, Space, TrustPolicy};
use mnemo_engine::{AgentTokenSpec, NewSpace, SpacePatch, SpaceReport};
use mnemo_tests::{add_to, files_holding, note, open, temp_engine};
use std::time::Duration;

fn person() -> Caller {
    Caller::user()
}

async fn spaces(api: &Api) -> Vec<Space> {
    api.call::<ListSpaces>(NoInput {}, &person()).await.unwrap()
}

fn named<'a>(spaces: &'a [Space], name: &str) -> Option<&'a Space> {
    spaces.iter().find(|s| s.name == name)
}

async fn update(api: &Api, name: &str, patch: SpacePatch) -> Result<SpaceReport, ApiError> {
    let r = SpaceUpdate {
        name: name.into(),
        patch,
    };
    api.call::<UpdateSpace>(r, &person()).await
}

async fn delete(
    api: &Api,
    name: &str,
    move_to: Option<&str>,
    purge: bool,
) -> Result<SpaceReport, ApiError> {
    let r = SpaceDeletion {
        name: name.into(),
        move_to: move_to.map(str::to_string),
        purge: Some(purge),
    };
    api.call::<DeleteSpace>(r, &person()).await
}

async fn recall(api: &Api, caller: &Caller, text: &str, spaces: &[&str]) -> Vec<String> {
    let query = RetrievalQuery {
        text: text.into(),
        spaces: spaces.iter().map(|s| s.to_string()).collect(),
        limit: 20,
        ..Default::default()
    };
    let r = RecallRequest {
        query,
        config: None,
        config_name: None,
    };
    let answer = api.call::<Recall>(r, caller).await.expect("recall answers");
    answer.results.into_iter().map(|r| r.memory.id).collect()
}

async fn undo_last(api: &Api) -> mnemo_engine::UndoReport {
    let r = UndoRequest {
        action: None,
        force: None,
        mine: None,
    };
    api.call::<Undo>(r, &person()).await.expect("undo")
}

fn refused(r: Result<impl std::fmt::Debug, ApiError>, code: ErrorCode, says: &str) {
    let e = r.expect_err("refused");
    assert_eq!(e.code, code, "{}", e.message);
    assert!(
        e.message.contains(says),
        "{:?} does not say {says:?}",
        e.message
    );
}

fn space_of(engine: &mnemo_engine::Engine, id: &str) -> String {
    engine.get(id).expect("memory exists").space
}

#[tokio::test]
async fn a_rename_moves_every_memory_in_one_action_that_undo_takes_back_and_tokens_follow() {
    let dir = tempfile::tempdir().unwrap();
    let engine = open(&dir).await;
    let other_process = open(&dir).await;
    let api = Api::new(engine.clone());
    let made = api
        .call::<CreateSpace>(
            NewSpace {
                name: "work".into(),
                description: "Everything about the Atlas project".into(),
                colour: "#3A7BD5".into(),
            },
            &person(),
        )
        .await
        .unwrap();
    assert_eq!(made.space.as_ref().unwrap().colour, "#3a7bd5");
    refused(
        api.call::<CreateSpace>(
            NewSpace {
                name: "work".into(),
                ..Default::default()
            },
            &person(),
        )
        .await,
        ErrorCode::Conflict,
        "exists already",
    );
    let a = add_to(
        &api,
        "The Atlas launch moved to the second week of May",
        "work",
    )
    .await;
    let b = add_to(&api, "Priya owns the Atlas database migration", "work").await;
    let entity = engine
        .add(
            NewMemory {
                kind: Some(MemoryKind::Entity.as_str().into()),
                space: Some("work".into()),
                ..note("Priya")
            },
            "user",
        )
        .await
        .unwrap();
    let kept = add_to(&api, "Buy oat milk on the way home", "default").await;
    let spec = AgentTokenSpec {
        name: "atlas-bot".into(),
        policy: TrustPolicy::Trusted,
        rights: Rights {
            read_spaces: vec!["work".into()],
            ..Default::default()
        },
    };
    let token = api.call::<CreateAgentToken>(spec, &person()).await.unwrap();
    // The note's names became entities of the space too.
    let in_work = engine.memories(Some("work")).len();
    assert!(in_work >= 3, "{in_work}");

    let renamed = update(
        &api,
        "work",
        SpacePatch {
            rename: Some("atlas".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(renamed.moved as usize, in_work);
    let now = spaces(&api).await;
    assert!(named(&now, "work").is_none(), "{now:?}");
    let atlas = named(&now, "atlas").expect("the new name is listed");
    assert_eq!(
        (atlas.description.as_str(), atlas.colour.as_str()),
        ("Everything about the Atlas project", "#3a7bd5")
    );
    for id in [&a.id, &b.id, &entity.id] {
        assert_eq!(space_of(&engine, id), "atlas");
    }
    assert_eq!(space_of(&engine, &kept.id), "default");
    let tokens = api
        .call::<ListAgentTokens>(NoInput {}, &person())
        .await
        .unwrap();
    assert_eq!(
        tokens[0].rights.read_spaces,
        ["atlas"],
        "the token follows the rename"
    );
    let bot = Caller::token(&tokens[0]);
    assert!(
        recall(&api, &bot, "Atlas launch date", &[])
            .await
            .contains(&a.id)
    );
    assert_eq!(token.token.id, tokens[0].id);

    // Another process on the store follows the rename from the log.
    let mut followed = false;
    for _ in 0..100 {
        let there = other_process.spaces();
        let moved = other_process.get(&a.id).is_some_and(|m| m.space == "atlas");
        if moved && named(&there, "atlas").is_some() && named(&there, "work").is_none() {
            followed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        followed,
        "the other process sees {:?}",
        other_process.spaces()
    );

    // One undo takes the whole rename back.
    let undone = undo_last(&api).await;
    assert_eq!(undone.undid, renamed.action);
    let back = spaces(&api).await;
    assert!(named(&back, "atlas").is_none(), "{back:?}");
    assert_eq!(named(&back, "work").unwrap().colour, "#3a7bd5");
    for id in [&a.id, &b.id, &entity.id] {
        assert_eq!(space_of(&engine, id), "work");
    }

    // Everything is in the store: a fresh open reads the same spaces.
    drop((api, engine, other_process));
    let reopened = open(&dir).await;
    let names: Vec<String> = reopened.spaces().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["default", "work"]);
    assert_eq!(space_of(&reopened, &b.id), "work");
}

#[tokio::test]
async fn renames_that_would_lose_something_are_refused_and_write_nothing() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    add_to(&api, "Notes from the reading group", "books").await;
    add_to(&api, "The garden needs mulch", "garden").await;
    let rename = |to: &str| SpacePatch {
        rename: Some(to.into()),
        ..Default::default()
    };
    refused(
        update(&api, "books", rename("garden")).await,
        ErrorCode::Conflict,
        "exists already",
    );
    refused(
        update(&api, "default", rename("inbox")).await,
        ErrorCode::InvalidInput,
        "names no space",
    );
    // Nothing was written to the default space yet: it takes no other space's memories all the
    // same, and may be described.
    assert!(engine.space("default").is_none());
    refused(
        update(&api, "books", rename("default")).await,
        ErrorCode::Conflict,
        "exists already",
    );
    let described = SpacePatch {
        description: Some("Where writes without a space land".into()),
        ..Default::default()
    };
    update(&api, "default", described).await.unwrap();
    let default = engine.space("default").expect("made by describing it");
    assert_eq!(default.description, "Where writes without a space land");
    let before = engine.operations(None, 1000).await.unwrap().len();
    refused(
        update(&api, "nowhere", rename("x")).await,
        ErrorCode::NotFound,
        "nowhere",
    );
    refused(
        update(&api, "books", rename("  ")).await,
        ErrorCode::InvalidInput,
        "rename",
    );
    let bad_colour = SpacePatch {
        colour: Some("blue".into()),
        ..Default::default()
    };
    refused(
        update(&api, "books", bad_colour).await,
        ErrorCode::InvalidInput,
        "#rrggbb",
    );
    assert_eq!(engine.operations(None, 1000).await.unwrap().len(), before);
    // A rename to the same name, or a patch that changes nothing, changes nothing.
    let same = update(&api, "books", rename("books")).await.unwrap();
    assert!(same.action.is_empty());
    assert_eq!(engine.operations(None, 1000).await.unwrap().len(), before);
}

#[tokio::test]
async fn an_archived_space_takes_no_new_memories_and_is_searched_only_when_named() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    let old = add_to(
        &api,
        "The 2019 tax return was filed with Ms. Okafor",
        "old-taxes",
    )
    .await;
    let live = add_to(&api, "The 2024 tax return is due in April", "default").await;
    let archive = |on: bool| SpacePatch {
        archived: Some(on),
        ..Default::default()
    };
    update(&api, "old-taxes", archive(true)).await.unwrap();
    assert!(named(&spaces(&api).await, "old-taxes").unwrap().archived);

    refused(
        api.call::<AddMemory>(
            NewMemory {
                space: Some("old-taxes".into()),
                ..note("One more")
            },
            &person(),
        )
        .await,
        ErrorCode::Conflict,
        "archived",
    );
    let found = recall(&api, &person(), "tax return", &[]).await;
    assert!(
        found.contains(&live.id) && !found.contains(&old.id),
        "{found:?}"
    );
    let named_it = recall(&api, &person(), "tax return", &["old-taxes"]).await;
    assert_eq!(named_it, [old.id.clone()]);
    refused(
        update(&api, "default", archive(true)).await,
        ErrorCode::InvalidInput,
        "names no space",
    );

    update(&api, "old-taxes", archive(false)).await.unwrap();
    assert!(
        recall(&api, &person(), "tax return", &[])
            .await
            .contains(&old.id)
    );
}

#[tokio::test]
async fn a_deleted_space_moves_its_memories_undoably_or_purges_them_from_every_file() {
    let (engine, dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    let a = add_to(&api, "Standup moved to 9:30 on Tuesdays", "team").await;
    let b = add_to(&api, "retro notes go in the shared folder", "team").await;
    // With the names the notes mention, as entities of the space.
    let held = engine.memories(Some("team")).len();
    let says = format!("holds {held} memories");
    refused(
        delete(&api, "team", None, false).await,
        ErrorCode::InvalidInput,
        &says,
    );
    refused(
        delete(&api, "default", Some("team"), false).await,
        ErrorCode::InvalidInput,
        "names no space",
    );

    let moved = delete(&api, "team", Some("work"), false).await.unwrap();
    assert_eq!(moved.moved as usize, held);
    let now = spaces(&api).await;
    assert!(
        named(&now, "team").is_none() && named(&now, "work").is_some(),
        "{now:?}"
    );
    assert_eq!(space_of(&engine, &a.id), "work");
    undo_last(&api).await;
    assert!(named(&spaces(&api).await, "team").is_some());
    assert_eq!(space_of(&engine, &b.id), "team");

    // Purged with its space: the words are in no file of the store, and this cannot be undone.
    let secret = "okapi-lantern-5521";
    let c = add_to(&api, &format!("The door code is {secret}"), "team").await;
    assert!(!files_holding(dir.path(), secret.as_bytes()).is_empty());
    let held = engine.memories(Some("team")).len();
    let purged = delete(&api, "team", None, true).await.unwrap();
    assert_eq!(purged.purged.len(), held);
    assert!(purged.purged.contains(&c.id));
    assert!(engine.get(&c.id).is_none());
    assert!(named(&spaces(&api).await, "team").is_none());
    assert_eq!(
        files_holding(dir.path(), secret.as_bytes()),
        Vec::<String>::new()
    );
    refused(
        api.call::<Undo>(
            UndoRequest {
                action: Some(purged.action.clone()),
                force: None,
                mine: None,
            },
            &person(),
        )
        .await,
        ErrorCode::Conflict,
        "purged",
    );
}

#[tokio::test]
async fn agents_may_list_the_spaces_they_read_but_not_manage_any() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    add_to(&api, "Shared plan", "shared").await;
    add_to(&api, "Private diary", "diary").await;
    let spec = AgentTokenSpec {
        name: "helper".into(),
        policy: TrustPolicy::Trusted,
        rights: Rights {
            read_spaces: vec!["shared".into()],
            ..Default::default()
        },
    };
    let made = api.call::<CreateAgentToken>(spec, &person()).await.unwrap();
    let agent = Caller::token(&made.token);
    let seen = api.call::<ListSpaces>(NoInput {}, &agent).await.unwrap();
    assert_eq!(
        seen.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["shared"]
    );
    let new = NewSpace {
        name: "mine".into(),
        ..Default::default()
    };
    refused(
        api.call::<CreateSpace>(new, &agent).await,
        ErrorCode::Forbidden,
        "make spaces",
    );
    let patch = SpaceUpdate {
        name: "shared".into(),
        patch: SpacePatch {
            archived: Some(true),
            ..Default::default()
        },
    };
    refused(
        api.call::<UpdateSpace>(patch, &agent).await,
        ErrorCode::Forbidden,
        "change spaces",
    );
    let del = SpaceDeletion {
        name: "diary".into(),
        move_to: None,
        purge: Some(true),
    };
    refused(
        api.call::<DeleteSpace>(del, &agent).await,
        ErrorCode::Forbidden,
        "delete spaces",
    );
    assert_eq!(engine.spaces().len(), 2);
}
