//! The retrieval lab on a real store: a replay of a trace on an unchanged store gives the same
//! ranking, and "as of then" ignores what came later; named configurations, one the default that
//! traces name; judgments evaluated with figures computed by hand; "why not?" names the stage that
//! lost a memory (filtered by space, below the keyword depth, never reached by expansion).

use mnemo_api::ops::{
    ConfigRef, ConfigToSave, Evaluate, EvaluateRequest, ExplainMiss, Judge, ListConfigs, Recall,
    RecallRequest, ReplayRequest, ReplayTrace, SaveConfig, SetDefaultConfig, WhyNotRequest,
};
use mnemo_api::{Api, Caller};
use mnemo_core::{Memory, RetrievalConfig, RetrievalQuery, StageKind};
use mnemo_engine::{Judgment, Movement, RecallAnswer, ReplayOptions};
use mnemo_tests::{add_to, temp_engine};

fn person() -> Caller {
    Caller::user()
}

async fn recall(api: &Api, text: &str, config_name: Option<&str>) -> RecallAnswer {
    let r = RecallRequest {
        query: RetrievalQuery {
            text: text.into(),
            limit: 5,
            ..Default::default()
        },
        config: None,
        config_name: config_name.map(str::to_string),
    };
    api.call::<Recall>(r, &Caller::agent("scout"))
        .await
        .unwrap()
}

fn ids(answer: &RecallAnswer) -> Vec<String> {
    answer.results.iter().map(|r| r.memory.id.clone()).collect()
}

const NOTES: [&str; 6] = [
    "The Atlas launch moved to the second week of May",
    "Priya owns the Atlas database migration",
    "The garden needs mulch before the frost",
    "Lunch with Marco at the harbour on Friday",
    "The database backups run every night at two",
    "Atlas uses Postgres for the metadata store",
];

#[tokio::test]
async fn a_replay_on_an_unchanged_store_ranks_the_same_and_as_of_then_ignores_later_memories() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    for n in NOTES {
        add_to(&api, n, "default").await;
    }
    let original = recall(&api, "atlas database", None).await;
    engine.flush().await.unwrap();
    let replay = |options: ReplayOptions| ReplayRequest {
        id: original.trace.id.clone(),
        options,
    };
    let same = api
        .call::<ReplayTrace>(replay(ReplayOptions::default()), &Caller::agent("scout"))
        .await
        .unwrap();
    assert_eq!(ids(&same.replay), ids(&original));
    assert!(same.changes.iter().all(|c| c.movement == Movement::Same));
    assert_eq!(same.replay.trace.config_name, "standard");

    // A later memory that the query finds first: today's replay has it, "as of then" does not.
    let later = add_to(
        &api,
        "Atlas database: the migration to Postgres is done",
        "default",
    )
    .await;
    let today = api
        .call::<ReplayTrace>(replay(ReplayOptions::default()), &person())
        .await
        .unwrap();
    assert!(ids(&today.replay).contains(&later.id));
    let new = today.changes.iter().find(|c| c.id == later.id).unwrap();
    assert_eq!((new.movement, new.before), (Movement::New, None));
    let then = ReplayOptions {
        as_of_then: true,
        ..Default::default()
    };
    let then = api
        .call::<ReplayTrace>(replay(then), &person())
        .await
        .unwrap();
    assert_eq!(ids(&then.replay), ids(&original));

    // An agent replays its own recalls only.
    let other = api
        .call::<ReplayTrace>(replay(ReplayOptions::default()), &Caller::agent("intruder"))
        .await;
    assert_eq!(other.unwrap_err().code, mnemo_core::ErrorCode::Forbidden);
}

#[tokio::test]
async fn a_saved_configuration_made_default_is_what_recalls_use_and_name() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    for n in NOTES {
        add_to(&api, n, "default").await;
    }
    let keyword_only = RetrievalConfig {
        vector_k: 0,
        ..Default::default()
    };
    let save = ConfigToSave {
        name: "keyword only".into(),
        config: keyword_only.clone(),
    };
    api.call::<SaveConfig>(save, &person()).await.unwrap();
    let standard = ConfigToSave {
        name: "standard".into(),
        config: RetrievalConfig::default(),
    };
    let refused = api
        .call::<SaveConfig>(standard, &person())
        .await
        .unwrap_err();
    assert_eq!(refused.code, mnemo_core::ErrorCode::InvalidInput);
    let named = recall(&api, "atlas", Some("keyword only")).await;
    assert_eq!(named.trace.config_name, "keyword only");
    assert_eq!(named.trace.config, keyword_only);
    assert_eq!(
        recall(&api, "atlas", None).await.trace.config_name,
        "standard"
    );

    let pick = ConfigRef {
        name: "keyword only".into(),
    };
    let book = api.call::<SetDefaultConfig>(pick, &person()).await.unwrap();
    assert_eq!(book.default, "keyword only");
    let names: Vec<&str> = book.configs.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["standard", "keyword only"]);
    // Agents' recalls use the default unless they name another.
    let by_default = recall(&api, "atlas", None).await;
    assert_eq!(by_default.trace.config_name, "keyword only");
    assert_eq!(by_default.trace.config.vector_k, 0);
    let as_agent = api
        .call::<SaveConfig>(
            ConfigToSave {
                name: "mine".into(),
                config: RetrievalConfig::default(),
            },
            &Caller::agent("scout"),
        )
        .await;
    assert_eq!(as_agent.unwrap_err().code, mnemo_core::ErrorCode::Forbidden);
    let listed = api
        .call::<ListConfigs>(mnemo_api::ops::NoInput {}, &Caller::agent("scout"))
        .await
        .unwrap();
    assert_eq!(listed.default, "keyword only");
}

/// The ids a person's recall of `text` returns, 20 deep.
async fn ranked(api: &Api, text: &str) -> Vec<String> {
    let query = RetrievalQuery {
        text: text.into(),
        limit: 20,
        ..Default::default()
    };
    let r = RecallRequest {
        query,
        config: None,
        config_name: None,
    };
    ids(&api.call::<Recall>(r, &person()).await.unwrap())
}

#[tokio::test]
async fn judgments_evaluate_to_the_figures_their_ranks_give() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    let mut made = Vec::new();
    for n in NOTES {
        made.push(add_to(&api, n, "default").await);
    }
    let judge = |query: &str, memory: &Memory, relevant: Option<bool>| Judgment {
        query: query.into(),
        spaces: vec![],
        memory: memory.id.clone(),
        relevant,
    };
    for (q, m, r) in [
        ("atlas database", &made[1], Some(true)),
        ("atlas database", &made[4], Some(true)),
        ("atlas database", &made[2], Some(false)),
        ("garden frost", &made[2], Some(true)),
        ("garden frost", &made[3], Some(true)),
        ("garden frost", &made[3], None),
    ] {
        api.call::<Judge>(judge(q, m, r), &person()).await.unwrap();
    }
    let judged = engine.judgments().await.unwrap();
    assert_eq!(judged.len(), 2);
    assert_eq!(
        judged[1].relevant,
        [made[2].id.clone()],
        "the cleared mark is gone"
    );

    let request = EvaluateRequest {
        configs: vec!["standard".into()],
        set: None,
    };
    let evaluation = api.call::<Evaluate>(request, &person()).await.unwrap();
    let e = &evaluation[0];
    assert_eq!((e.config.as_str(), e.queries), ("standard", 2));
    // The figures from the ranks the recalls give, computed here by hand.
    let a = ranked(&api, "atlas database").await;
    let g = ranked(&api, "garden frost").await;
    let pos = |list: &[String], m: &Memory| list.iter().position(|x| *x == m.id).map(|p| p + 1);
    let (a1, a4, g2) = (pos(&a, &made[1]), pos(&a, &made[4]), pos(&g, &made[2]));
    let within = |r: Option<usize>, k: usize| r.is_some_and(|r| r <= k) as u32 as f64;
    let r5 = ((within(a1, 5) + within(a4, 5)) / 2.0 + within(g2, 5)) / 2.0;
    assert!(
        (e.recall_at_5 - r5).abs() < 1e-9,
        "{} vs {r5}",
        e.recall_at_5
    );
    let first_a = [a1, a4].into_iter().flatten().min();
    let rr = |r: Option<usize>| r.map_or(0.0, |r| 1.0 / r as f64);
    assert!(
        (e.mrr - (rr(first_a) + rr(g2)) / 2.0).abs() < 1e-9,
        "mrr {}",
        e.mrr
    );
    assert_eq!(e.curve.len(), 20);
    assert_eq!(e.per_query.len(), 2);
}

#[tokio::test]
async fn why_not_names_the_stage_that_lost_the_memory() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    for n in NOTES {
        add_to(&api, n, "default").await;
    }
    let elsewhere = add_to(&api, "The Atlas database keys live in the vault", "secrets").await;
    let deep = add_to(
        &api,
        "A note about harbour tides and nothing else",
        "default",
    )
    .await;
    let ask = |memory: &Memory, config: Option<RetrievalConfig>, spaces: &[&str]| WhyNotRequest {
        query: RetrievalQuery {
            text: "atlas database".into(),
            spaces: spaces.iter().map(|s| s.to_string()).collect(),
            limit: 3,
            ..Default::default()
        },
        config,
        memory: memory.id.clone(),
    };
    // Filtered: another space than the query's.
    let w = api
        .call::<ExplainMiss>(ask(&elsewhere, None, &["default"]), &person())
        .await
        .unwrap();
    assert_eq!(w.lost_at, Some(StageKind::Filter), "{}", w.verdict);
    assert!(
        w.verdict.contains("outside the query's spaces"),
        "{}",
        w.verdict
    );

    // Below the channels' depth and never reached by expansion: no channel brought it in.
    let shallow = RetrievalConfig {
        vector_k: 1,
        keyword_k: 1,
        ..Default::default()
    };
    let w = api
        .call::<ExplainMiss>(ask(&deep, Some(shallow), &[]), &person())
        .await
        .unwrap();
    assert_eq!(w.lost_at, Some(StageKind::Vector), "{}", w.verdict);
    assert!(!w.expanded && w.keyword.rank.is_none(), "{w:?}");
    assert!(w.vector.rank.is_some_and(|r| r > 1), "{w:?}");
    assert!(
        w.verdict.contains("graph expansion did not reach it"),
        "{}",
        w.verdict
    );

    // Below the keyword depth: it matches the query's words, but after the one keyword hit the
    // recall takes (no vector channel, no expansion).
    let backups = (engine.memories(None).into_iter())
        .find(|m| m.text.starts_with("The database backups"))
        .unwrap();
    let keyword_only = RetrievalConfig {
        vector_k: 0,
        keyword_k: 1,
        expansion: mnemo_core::ExpansionConfig {
            enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let w = api
        .call::<ExplainMiss>(ask(&backups, Some(keyword_only), &[]), &person())
        .await
        .unwrap();
    assert_eq!(w.lost_at, Some(StageKind::Vector), "{}", w.verdict);
    assert!(
        w.keyword.rank.is_some_and(|r| r > 1) && w.keyword.taken == 1,
        "{w:?}"
    );
    assert!(
        w.verdict.contains("keyword rank") && w.verdict.contains("takes the top 1"),
        "{}",
        w.verdict
    );

    // Found, but cut: re-ranked below the query's limit of 3.
    let top = recall(&api, "atlas database", None).await;
    let fifth = &top.results[4].memory;
    let w = api
        .call::<ExplainMiss>(ask(fifth, None, &[]), &person())
        .await
        .unwrap();
    assert_eq!(w.lost_at, Some(StageKind::Rerank), "{}", w.verdict);
    assert!(w.reranked.is_some_and(|r| r > 3), "{w:?}");
    // And a returned memory says so.
    let first = &top.results[0].memory;
    let w = api
        .call::<ExplainMiss>(ask(first, None, &[]), &person())
        .await
        .unwrap();
    assert_eq!((w.returned, w.lost_at), (Some(1), None), "{}", w.verdict);
}

#[tokio::test]
async fn the_demo_memory_ships_a_judged_query_set_that_evaluates() {
    let (engine, _dir) = temp_engine().await;
    let api = Api::new(engine.clone());
    assert!(api.seed_demo().await.unwrap());
    let judged = engine.judgments().await.unwrap();
    assert_eq!(judged.len(), 7);
    assert!(judged.iter().all(|j| !j.relevant.is_empty()));
    let e = api
        .call::<Evaluate>(EvaluateRequest::default(), &person())
        .await
        .unwrap();
    let e = &e[0];
    println!(
        "demo, {}: R@1 {:.3} R@5 {:.3} R@10 {:.3} MRR {:.3} nDCG@10 {:.3}",
        e.config, e.recall_at_1, e.recall_at_5, e.recall_at_10, e.mrr, e.ndcg_at_10
    );
    assert_eq!((e.config.as_str(), e.queries), ("standard", 7));
    assert!(e.recall_at_10 > 0.5, "{e:?}");
}
