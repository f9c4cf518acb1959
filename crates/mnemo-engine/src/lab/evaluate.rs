//! Evaluating configurations on a labelled query set: each query recalled under each
//! configuration (nothing recorded), scored against the memories judged relevant.

use mnemo_core::{Result, RetrievalQuery};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::judgments::JudgedQuery;
use super::metrics::{mean, ndcg_at, recall_at, reciprocal_rank};
use crate::{Engine, RecallOptions};

/// How deep an evaluation looks: recall@20 and the curve need the top 20.
pub const DEPTH: usize = 20;

/// A query and the memories relevant to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct LabelledQuery {
    pub query: RetrievalQuery,
    pub relevant: Vec<String>,
}

impl LabelledQuery {
    /// The judged queries that have at least one relevant memory.
    pub fn from_judgments(judged: &[JudgedQuery]) -> Vec<LabelledQuery> {
        (judged.iter().filter(|j| !j.relevant.is_empty()))
            .map(|j| LabelledQuery {
                query: RetrievalQuery {
                    text: j.query.clone(),
                    spaces: j.spaces.clone(),
                    ..Default::default()
                },
                relevant: j.relevant.clone(),
            })
            .collect()
    }
}

/// One query under one configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct QueryScore {
    pub query: String,
    /// Ranks (1-based) at which its relevant memories came, within the top 20.
    pub found: Vec<u32>,
    pub relevant: u32,
    pub recall_at_10: f64,
    pub reciprocal_rank: f64,
    pub ndcg_at_10: f64,
}

/// A configuration's scores over a query set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct Evaluation {
    pub config: String,
    pub queries: u32,
    pub recall_at_1: f64,
    pub recall_at_5: f64,
    pub recall_at_10: f64,
    pub recall_at_20: f64,
    pub mrr: f64,
    pub ndcg_at_10: f64,
    /// Mean recall at k = 1..=20, for the chart.
    pub curve: Vec<f64>,
    pub per_query: Vec<QueryScore>,
}

impl Engine {
    /// Runs `set` under each named configuration (none: the default), in order.
    pub async fn evaluate(
        &self,
        set: &[LabelledQuery],
        configs: &[String],
    ) -> Result<Vec<Evaluation>> {
        let names: Vec<Option<&str>> = match configs.is_empty() {
            true => vec![None],
            false => configs.iter().map(|c| Some(c.as_str())).collect(),
        };
        let mut out = Vec::new();
        for name in names {
            let (name, config) = self.resolve_config(name).await?;
            let mut rankings: Vec<Vec<String>> = Vec::new();
            // A query asked twice in a set is answered once (the same store, the same ranking).
            let mut asked: HashMap<String, usize> = HashMap::new();
            for q in set {
                let key = serde_json::to_string(&q.query).unwrap_or_default();
                if let Some(&earlier) = asked.get(&key) {
                    rankings.push(rankings[earlier].clone());
                    continue;
                }
                asked.insert(key, rankings.len());
                let query = RetrievalQuery {
                    limit: DEPTH as u32,
                    ..q.query.clone()
                };
                let options = RecallOptions {
                    actor: "user".into(),
                    config: Some(config.clone()),
                    config_name: Some(name.clone()),
                    record: false,
                    ..Default::default()
                };
                let answer = self.recall(query, options).await?;
                rankings.push(answer.results.into_iter().map(|r| r.memory.id).collect());
            }
            out.push(score(name, set, &rankings));
        }
        Ok(out)
    }
}

/// Scores rankings (one per query of `set`, in order).
pub fn score(config: String, set: &[LabelledQuery], rankings: &[Vec<String>]) -> Evaluation {
    let pairs = || set.iter().zip(rankings);
    let at = |k: usize| mean(pairs().map(|(q, r)| recall_at(r, &q.relevant, k)));
    let per_query = pairs()
        .map(|(q, r)| QueryScore {
            query: q.query.text.clone(),
            found: (r.iter().enumerate())
                .filter(|(_, id)| q.relevant.contains(id))
                .map(|(i, _)| i as u32 + 1)
                .collect(),
            relevant: q.relevant.len() as u32,
            recall_at_10: recall_at(r, &q.relevant, 10),
            reciprocal_rank: reciprocal_rank(r, &q.relevant),
            ndcg_at_10: ndcg_at(r, &q.relevant, 10),
        })
        .collect();
    Evaluation {
        config,
        queries: set.len() as u32,
        recall_at_1: at(1),
        recall_at_5: at(5),
        recall_at_10: at(10),
        recall_at_20: at(20),
        mrr: mean(pairs().map(|(q, r)| reciprocal_rank(r, &q.relevant))),
        ndcg_at_10: mean(pairs().map(|(q, r)| ndcg_at(r, &q.relevant, 10))),
        curve: (1..=DEPTH).map(at).collect(),
        per_query,
    }
}
