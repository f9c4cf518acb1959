//! Retrieval queries, the one configuration that holds every weight, and the trace of a retrieval.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

use crate::limits::{
    bound_config, bound_expansion, bound_rerank, query_limit, query_list, query_needs_text,
    query_text,
};
use crate::{EdgeKind, Memory, MemoryKind, MemoryStatus, Timestamp};

/// A retrieval request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(default)]
#[schemars(transform = query_needs_text)]
pub struct RetrievalQuery {
    #[schemars(transform = query_text)]
    pub text: String,
    /// Spaces to search; empty means all.
    #[schemars(transform = query_list)]
    pub spaces: Vec<String>,
    /// Kinds to keep; empty means all.
    #[schemars(transform = query_list)]
    pub kinds: Vec<MemoryKind>,
    /// Every listed tag must be present.
    #[schemars(transform = query_list)]
    pub tags: Vec<String>,
    /// Keep memories whose effective time lies in [time_from, time_to].
    pub time_from: Option<Timestamp>,
    pub time_to: Option<Timestamp>,
    /// Only what was *true* at this instant: facts valid then, events that had happened.
    /// Superseded memories count (they held until they were replaced) unless `statuses` says.
    pub as_of: Option<Timestamp>,
    /// Only what Mnemo *knew* at this instant, as it was then: memories are read back from the
    /// operation log (an edit, archive or merge after it does not count).
    pub known_at: Option<Timestamp>,
    /// Statuses to keep; empty means only `active`.
    #[schemars(transform = query_list)]
    pub statuses: Vec<MemoryStatus>,
    #[schemars(transform = query_limit)]
    pub limit: u32,
    /// Who asks, set by the server (never read from a request): a writer sees its own held
    /// (`pending`) memories; nobody else's.
    #[serde(skip)]
    #[specta(skip)]
    #[schemars(skip)]
    pub viewer: Option<String>,
}

impl Default for RetrievalQuery {
    fn default() -> Self {
        RetrievalQuery {
            text: String::new(),
            spaces: Vec::new(),
            kinds: Vec::new(),
            tags: Vec::new(),
            time_from: None,
            time_to: None,
            as_of: None,
            known_at: None,
            statuses: Vec::new(),
            limit: 10,
            viewer: None,
        }
    }
}

/// How the vector and keyword channels are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FusionMethod {
    /// Weighted reciprocal-rank fusion: only ranks count.
    Rrf,
    /// Weighted sum of each channel's scores, normalised within the channel: a channel that is
    /// sure of a match (a high BM25 score, a close vector) counts for more than its rank says.
    Score,
}

/// Every weight of the retrieval pipeline, in one place a person can change and compare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(default)]
#[schemars(transform = bound_config)]
pub struct RetrievalConfig {
    /// Candidates taken from vector k-NN.
    pub vector_k: u32,
    /// Candidates taken from BM25.
    pub keyword_k: u32,
    pub fusion: FusionMethod,
    /// Reciprocal-rank-fusion constant.
    pub rrf_k: f32,
    pub vector_weight: f32,
    pub keyword_weight: f32,
    /// Seeds for graph expansion: the top fused candidates.
    pub seeds: u32,
    pub expansion: ExpansionConfig,
    pub rerank: RerankWeights,
}

impl Default for RetrievalConfig {
    fn default() -> Self {
        RetrievalConfig {
            vector_k: 50,
            // BM25's top-k search skips less the deeper it goes: at a million memories, 20 took
            // 9.7 ms and 50 took 13.9 ms (mnemo bench search), while LoCoMo's R@5/R@10/R@20 fell
            // by 0.000/0.0035/0.005 on average over two runs (mnemo bench locomo; runs differ by
            // up to 0.005). A keyword hit below 20 rarely reaches the top 10.
            keyword_k: 20,
            // Measured on LoCoMo (mnemo bench locomo): score fusion lets a confident BM25 match
            // outweigh a middling vector rank, where RRF interleaves the weaker channel; the
            // bundled MiniLM-L3's cosine spreads its top 50 over the whole 0–1 range after
            // min-max, so at equal weight it overrules BM25 (R@10 0.746 at 1.0, 0.791 at 0.3).
            fusion: FusionMethod::Score,
            rrf_k: 60.0,
            vector_weight: 0.3,
            keyword_weight: 1.0,
            seeds: 10,
            expansion: ExpansionConfig::default(),
            rerank: RerankWeights::default(),
        }
    }
}

/// Graph expansion by personalized PageRank from the fused seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(default)]
#[schemars(transform = bound_expansion)]
pub struct ExpansionConfig {
    pub enabled: bool,
    /// Maximum hops from a seed.
    pub hops: u32,
    /// Restart probability of the walk (higher stays closer to the seeds).
    pub restart: f32,
    pub iterations: u32,
    /// How far activation flows along each edge kind (0 blocks the kind).
    pub edge_weights: BTreeMap<String, f32>,
    /// Memories reached by expansion that may join the candidates.
    pub max_new: u32,
    /// Activation below this share of the strongest seed's is ignored.
    pub min_activation: f32,
    /// Whether entity hubs reached only through the graph may become results. Off by default:
    /// hubs collect activation from every memory that mentions them and would crowd out content.
    pub entities_as_results: bool,
}

impl Default for ExpansionConfig {
    fn default() -> Self {
        let edge_weights = [
            (EdgeKind::Next, 0.6),
            (EdgeKind::Mentions, 0.5),
            (EdgeKind::Similar, 0.7),
            (EdgeKind::NearDuplicate, 0.3),
            (EdgeKind::DerivedFrom, 0.8),
            (EdgeKind::Supersedes, 0.5),
            (EdgeKind::Contradicts, 0.3),
            (EdgeKind::Related, 0.8),
        ]
        .into_iter()
        .map(|(k, w)| (k.as_str().to_string(), w))
        .collect();
        ExpansionConfig {
            enabled: true,
            hops: 2,
            restart: 0.5,
            iterations: 12,
            edge_weights,
            max_new: 20,
            min_activation: 0.02,
            entities_as_results: false,
        }
    }
}

impl ExpansionConfig {
    pub fn weight_of(&self, kind: EdgeKind) -> f32 {
        self.edge_weights.get(kind.as_str()).copied().unwrap_or(0.0)
    }
}

/// How the final score mixes its signals (each signal is in 0..1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(default)]
#[schemars(transform = bound_rerank)]
pub struct RerankWeights {
    /// Weight of the fused text relevance.
    pub relevance: f32,
    /// Weight of graph activation.
    pub graph: f32,
    pub recency: f32,
    /// Half-life of recency, in days.
    pub recency_half_life_days: f32,
    pub importance: f32,
    /// Added to a pinned memory's score.
    pub pinned: f32,
    /// Added when the query names a day, week, month or year ("on October 13, 2023", "in July
    /// 2023", "last week", "yesterday") and the memory's time falls in it.
    pub date: f32,
    /// A memory that asks a question ("How did the kids handle it?") is answered by the one
    /// after it in its session: that reply scores at least this share of the question's score.
    /// 0 turns replies off.
    pub reply: f32,
}

impl Default for RerankWeights {
    fn default() -> Self {
        RerankWeights {
            relevance: 1.0,
            graph: 0.3,
            recency: 0.0,
            recency_half_life_days: 30.0,
            importance: 0.05,
            pinned: 0.1,
            // Measured on LoCoMo (mnemo bench locomo): a named day should outrank the text's
            // preference among the candidates, as a person who names it means.
            date: 1.0,
            // Measured on LoCoMo (mnemo bench locomo): R@5/R@10 rose alike from 0.7 to 0.9; the
            // question, which names what was asked, still ranks above its reply.
            reply: 0.8,
        }
    }
}

/// Retrieval channels a candidate came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
// `Channel` is a name the Tauri runtime reserves in the generated bindings.
#[serde(rename = "RetrievalChannel")]
pub enum Channel {
    Vector,
    Keyword,
    Graph,
}

/// Per-signal scores of one candidate. Absent signals did not apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct Signals {
    /// Cosine similarity to the query.
    pub vector: Option<f32>,
    pub vector_rank: Option<u32>,
    /// Raw BM25 score.
    pub keyword: Option<f32>,
    pub keyword_rank: Option<u32>,
    /// Fused relevance, normalised to 0..1 of the best.
    pub relevance: Option<f32>,
    /// Graph activation, normalised to 0..1 of the strongest.
    pub graph: Option<f32>,
    pub recency: Option<f32>,
    pub importance: Option<f32>,
    pub pinned: bool,
    /// 1 when the query names a time and the memory's falls in it, 0 when it does not; absent
    /// when the query names none.
    pub date: Option<f32>,
    /// The score a question among the candidates lends this memory, its reply (the `reply`
    /// weight times the question's score); absent when it replies to no asking candidate.
    pub reply: Option<f32>,
    /// The final score: the sum of the weighted signals, or what a question lends its reply
    /// when that is more.
    pub score: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    Embed,
    Vector,
    Keyword,
    Fusion,
    Expansion,
    Replies,
    Filter,
    Rerank,
}

/// One step of a graph path: how activation reached `to` from `from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct PathStep {
    pub from: String,
    pub to: String,
    pub edge_id: String,
    pub kind: EdgeKind,
    pub relation: String,
}

/// A candidate as one stage left it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct TraceCandidate {
    pub id: String,
    /// 1-based rank after this stage.
    pub rank: u32,
    /// Rank before this stage, when it had one.
    pub previous_rank: Option<u32>,
    /// The score this stage ranks by.
    pub score: f32,
    pub channels: Vec<Channel>,
    pub signals: Signals,
}

/// A candidate removed by a stage, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct DroppedCandidate {
    pub id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct TraceStage {
    pub kind: StageKind,
    pub duration_ms: f64,
    pub candidates: Vec<TraceCandidate>,
    pub dropped: Vec<DroppedCandidate>,
    /// What the stage did, in a sentence (e.g. "3 seeds, 2 hops, 12 reached").
    pub note: String,
}

/// A final result with the memory it points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct RetrievalResult {
    pub memory: Memory,
    pub rank: u32,
    pub score: f32,
    pub channels: Vec<Channel>,
    pub signals: Signals,
    /// For graph-expanded results: the edges from a seed to this memory.
    pub path: Vec<PathStep>,
}

/// The record of one retrieval: enough to explain, and replay, its final order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct RetrievalTrace {
    pub id: String,
    pub at: Timestamp,
    /// Who asked: `user`, `agent:<name>`, `cli`.
    pub actor: String,
    pub query: RetrievalQuery,
    pub config: RetrievalConfig,
    /// The configuration's name: a saved one, `standard` (the built-in), or `custom` (weights
    /// given with the query). Empty in traces recorded before names existed.
    #[serde(default)]
    pub config_name: String,
    /// The embedder of the query vector.
    pub embedder: String,
    pub stages: Vec<TraceStage>,
    /// Final results in order: id, rank, score, signals and path (memories not copied).
    pub results: Vec<TraceCandidate>,
    pub paths: BTreeMap<String, Vec<PathStep>>,
    pub total_ms: f64,
}

/// A trace's headline, for lists and live feeds without reading whole traces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct TraceSummary {
    pub id: String,
    pub at: Timestamp,
    pub actor: String,
    pub query: String,
    pub results: u32,
    pub total_ms: f64,
    /// The configuration it ran with (empty for traces recorded before names existed).
    #[serde(default)]
    pub config_name: String,
}

impl RetrievalTrace {
    pub fn summary(&self) -> TraceSummary {
        TraceSummary {
            id: self.id.clone(),
            at: self.at,
            actor: self.actor.clone(),
            query: self.query.text.clone(),
            results: self.results.len() as u32,
            total_ms: self.total_ms,
            config_name: self.config_name.clone(),
        }
    }
}
