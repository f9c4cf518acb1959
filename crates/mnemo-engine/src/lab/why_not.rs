//! "Why not?": where a memory a recall did not return stood at each stage — its rank and score
//! in each channel (searched deeper than the recall does), whether fusion kept it and expansion
//! reached it, which filter or cut-off dropped it — and the first stage that lost it.

use mnemo_core::{Error, Result, RetrievalConfig, RetrievalQuery, StageKind, TraceStage};
use mnemo_retrieval as stages;
use serde::{Deserialize, Serialize};

use crate::{Engine, RecallOptions};

/// How deep the channels are searched for the memory (the recall itself takes `vector_k` and
/// `keyword_k`).
const DEPTH: usize = 1000;

/// A channel's view of the memory.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema,
)]
pub struct ChannelPlace {
    /// 1-based rank in the channel; none when it is not in the top 1000 (or, for keywords,
    /// shares no word with the query).
    pub rank: Option<u32>,
    pub score: Option<f32>,
    /// How many the recall takes from the channel.
    pub taken: u32,
}

/// Where the memory stood, stage by stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct WhyNot {
    pub memory: String,
    /// Its rank among the results, when the recall did return it.
    pub returned: Option<u32>,
    pub vector: ChannelPlace,
    pub keyword: ChannelPlace,
    /// Its rank after fusion, when a channel brought it in.
    pub fused_rank: Option<u32>,
    /// Graph expansion reached it from the seeds.
    pub expanded: bool,
    /// Why the query's filters drop it, if they do.
    pub filtered: Option<String>,
    /// Its rank after re-ranking, before the cut to the query's limit.
    pub reranked: Option<u32>,
    pub limit: u32,
    /// The first stage that lost it (none: it was returned).
    pub lost_at: Option<StageKind>,
    /// The answer in a sentence.
    pub verdict: String,
}

impl Engine {
    /// Explains why `memory` is not among the results of `query` under `config` (the default
    /// when none is given); nothing is recorded.
    pub async fn why_not(
        &self,
        query: RetrievalQuery,
        config: Option<RetrievalConfig>,
        memory: &str,
    ) -> Result<WhyNot> {
        let m = self
            .get(memory)
            .ok_or_else(|| Error::not_found("memory", memory))?;
        let (_, config) = match config {
            Some(c) => ("custom".to_string(), c),
            None => self.resolve_config(None).await?,
        };
        let vector = self.shared.embeds.embed(vec![query.text.clone()]).await?;
        let vector = vector.into_iter().next().unwrap_or_default();
        let options = RecallOptions {
            actor: "user".into(),
            config: Some(config.clone()),
            config_name: None,
            query_vector: Some(vector.clone()),
            record: false,
            ..Default::default()
        };
        let answer = self.recall(query.clone(), options).await?;
        let query = answer.trace.query.clone();
        let statuses = stages::statuses(&query);
        let store = self.store();
        let (v, k) = tokio::join!(
            store.vector_search(&vector, DEPTH, &query.spaces, statuses),
            store.keyword_search(&query.text, DEPTH, &query.spaces, statuses),
        );
        let place = |hits: Vec<mnemo_store::SearchHit>, taken: u32| {
            let at = hits.iter().position(|h| h.id == m.id);
            ChannelPlace {
                rank: at.map(|i| i as u32 + 1),
                score: at.map(|i| hits[i].score),
                taken,
            }
        };
        let mut why = WhyNot {
            memory: m.id.clone(),
            returned: (answer.results.iter())
                .find(|r| r.memory.id == m.id)
                .map(|r| r.rank),
            vector: place(v?, config.vector_k),
            keyword: place(k?, config.keyword_k),
            fused_rank: rank_in(&answer.trace.stages, StageKind::Fusion, &m.id),
            expanded: reached(&answer.trace.stages, &m.id),
            filtered: stages::filter_reason(&m, &query),
            reranked: rank_in(&answer.trace.stages, StageKind::Rerank, &m.id),
            limit: query.limit,
            lost_at: None,
            verdict: String::new(),
        };
        (why.lost_at, why.verdict) = verdict(&why);
        Ok(why)
    }
}

fn stage(stages: &[TraceStage], kind: StageKind) -> Option<&TraceStage> {
    stages.iter().find(|s| s.kind == kind)
}

fn rank_in(stages: &[TraceStage], kind: StageKind, id: &str) -> Option<u32> {
    let s = stage(stages, kind)?;
    let ranked = s.candidates.iter().find(|c| c.id == id).map(|c| c.rank);
    // A stage that cut it lists it among its drops, after its last kept candidate.
    ranked.or_else(|| {
        let at = s.dropped.iter().position(|d| d.id == id)?;
        Some((s.candidates.len() + at) as u32 + 1)
    })
}

/// Whether the graph brought it in: expansion's walk, or as the reply to a candidate that asks.
fn reached(stages: &[TraceStage], id: &str) -> bool {
    [StageKind::Expansion, StageKind::Replies]
        .into_iter()
        .any(|kind| {
            stage(stages, kind).is_some_and(|s| {
                (s.candidates.iter())
                    .any(|c| c.id == id && c.channels.contains(&mnemo_core::Channel::Graph))
            })
        })
}

/// The first stage that lost the memory, and why, in a sentence.
pub fn verdict(w: &WhyNot) -> (Option<StageKind>, String) {
    if let Some(r) = w.returned {
        return (None, format!("It was returned, at rank {r}."));
    }
    if let Some(reason) = &w.filtered {
        return (
            Some(StageKind::Filter),
            format!("The query's filters leave it out: {reason}."),
        );
    }
    let in_vector = w.vector.rank.is_some_and(|r| r <= w.vector.taken);
    let in_keyword = w.keyword.rank.is_some_and(|r| r <= w.keyword.taken);
    if !in_vector && !in_keyword && !w.expanded {
        let v = match w.vector.rank {
            Some(r) => format!(
                "vector rank {r} (the recall takes the top {})",
                w.vector.taken
            ),
            None => "not in the vector channel's top 1000".into(),
        };
        let k = match w.keyword.rank {
            Some(r) => format!(
                "keyword rank {r} (the recall takes the top {})",
                w.keyword.taken
            ),
            None => "no keyword match".into(),
        };
        return (
            Some(StageKind::Vector),
            format!("No channel brought it in: {v}; {k}; graph expansion did not reach it."),
        );
    }
    match w.reranked {
        Some(r) if r > w.limit => (
            Some(StageKind::Rerank),
            format!("It ranked {r} after re-ranking; the query keeps the top {}.", w.limit),
        ),
        _ => (
            Some(StageKind::Fusion),
            "It was a candidate but fell out before re-ranking (below the candidates expansion and re-ranking keep).".into(),
        ),
    }
}
