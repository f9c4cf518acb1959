//! Retrieval with a trace: embed → vector k-NN ‖ BM25 → fusion → graph expansion → filters →
//! re-rank. Every stage records its candidates, scores, rank changes, drops and time.

use mnemo_core::{
    Channel, DroppedCandidate, Error, Memory, MemoryStatus, PathStep, Result, RetrievalConfig,
    RetrievalQuery, RetrievalResult, RetrievalTrace, StageKind,
};
use mnemo_retrieval::{self as stages, Candidate};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

use crate::scope::SearchScope;
use crate::writer::Command;
use crate::{Engine, join_error};

/// How a recall runs beyond its query.
#[derive(Debug, Clone, Default)]
pub struct RecallOptions {
    /// Who asks: `user`, `agent:<name>`, `cli`.
    pub actor: String,
    /// Overrides the engine's retrieval configuration for this query.
    pub config: Option<RetrievalConfig>,
    /// A precomputed query embedding (then the embed stage is skipped).
    pub query_vector: Option<Vec<f32>>,
    /// Store the trace and count the access (on by default for people and agents).
    pub record: bool,
}

/// Results and the trace that explains them.
#[derive(Debug, Clone)]
pub struct Recall {
    pub results: Vec<RetrievalResult>,
    pub trace: RetrievalTrace,
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn hits_as_candidates(hits: &[mnemo_store::SearchHit], channel: Channel) -> Vec<Candidate> {
    hits.iter()
        .enumerate()
        .map(|(i, h)| {
            let mut signals = mnemo_core::Signals::default();
            match channel {
                Channel::Vector => {
                    signals.vector = Some(h.score);
                    signals.vector_rank = Some(i as u32 + 1);
                }
                _ => {
                    signals.keyword = Some(h.score);
                    signals.keyword_rank = Some(i as u32 + 1);
                }
            }
            Candidate {
                id: h.id.clone(),
                channels: vec![channel],
                signals,
                score: h.score,
            }
        })
        .collect()
}

impl Engine {
    /// Retrieves memories for a query and explains how.
    pub async fn recall(&self, query: RetrievalQuery, options: RecallOptions) -> Result<Recall> {
        let started = Instant::now();
        let cfg = options
            .config
            .clone()
            .unwrap_or_else(|| self.retrieval_config());
        if query.text.trim().is_empty() {
            return Err(Error::invalid("query", "must not be empty"));
        }
        if query.limit == 0 || query.limit > 1000 {
            return Err(Error::invalid(
                "limit",
                format!("{} is outside 1..1000", query.limit),
            ));
        }
        let mut trace_stages = Vec::new();

        // 1. Embed the query.
        let vector = match options.query_vector.clone() {
            Some(v) => v,
            None => {
                let t = Instant::now();
                let embedder = self.embedder().clone();
                let text = query.text.clone();
                let v = tokio::task::spawn_blocking(move || embedder.embed_one(&text))
                    .await
                    .map_err(join_error)??;
                trace_stages.push(stages::stage(
                    StageKind::Embed,
                    ms(t),
                    &[],
                    None,
                    vec![],
                    format!("{} dimensions", v.len()),
                ));
                v
            }
        };

        // 2. Vector and keyword search, concurrently, scoped to the query's spaces and statuses.
        let statuses: Vec<MemoryStatus> = if query.statuses.is_empty() {
            vec![MemoryStatus::Active]
        } else {
            query.statuses.clone()
        };
        let store = self.store();
        let scope = SearchScope::plan(self, &query.spaces, &statuses);
        let t = Instant::now();
        let (vector_hits, vector_ms, keyword_hits, keyword_ms) = {
            let v = async {
                let t = Instant::now();
                let r = store
                    .vector_search(
                        &vector,
                        scope.fetch(cfg.vector_k),
                        scope.spaces(),
                        scope.statuses(),
                    )
                    .await;
                (r, ms(t))
            };
            let k = async {
                let t = Instant::now();
                let r = store
                    .keyword_search(
                        &query.text,
                        scope.fetch(cfg.keyword_k),
                        scope.spaces(),
                        scope.statuses(),
                    )
                    .await;
                (r, ms(t))
            };
            let ((vr, vms), (kr, kms)) = tokio::join!(v, k);
            (
                scope.keep(self, vr?, cfg.vector_k),
                vms,
                scope.keep(self, kr?, cfg.keyword_k),
                kms,
            )
        };
        let search_ms = ms(t);
        let vector_c = hits_as_candidates(&vector_hits, Channel::Vector);
        let keyword_c = hits_as_candidates(&keyword_hits, Channel::Keyword);
        let scope = if query.spaces.is_empty() {
            "all spaces".to_string()
        } else {
            format!("spaces {}", query.spaces.join(", "))
        };
        trace_stages.push(stages::stage(
            StageKind::Vector,
            vector_ms,
            &vector_c,
            None,
            vec![],
            format!("{} nearest of k={} by cosine in {scope} (ran alongside keyword; both took {search_ms:.1} ms)", vector_c.len(), cfg.vector_k),
        ));
        trace_stages.push(stages::stage(
            StageKind::Keyword,
            keyword_ms,
            &keyword_c,
            None,
            vec![],
            format!(
                "{} BM25 matches of k={} over title, text and tags",
                keyword_c.len(),
                cfg.keyword_k
            ),
        ));

        // 3. Fusion.
        let t = Instant::now();
        let vh: Vec<(&str, f32)> = vector_hits
            .iter()
            .map(|h| (h.id.as_str(), h.score))
            .collect();
        let kh: Vec<(&str, f32)> = keyword_hits
            .iter()
            .map(|h| (h.id.as_str(), h.score))
            .collect();
        let fused = stages::fuse(&vh, &kh, &cfg);
        trace_stages.push(stages::stage(
            StageKind::Fusion,
            ms(t),
            &fused,
            None,
            vec![],
            match cfg.fusion {
                mnemo_core::FusionMethod::Rrf => format!(
                    "weighted reciprocal-rank fusion (k={}, vector ×{}, keyword ×{})",
                    cfg.rrf_k, cfg.vector_weight, cfg.keyword_weight
                ),
                mnemo_core::FusionMethod::Score => format!(
                    "weighted score fusion (vector ×{} of min-max cosine, keyword ×{} of BM25 over the best)",
                    cfg.vector_weight, cfg.keyword_weight
                ),
            },
        ));

        // 4–6 read the graph and memories under one short read lock (no I/O inside).
        let (results, mut rest_stages, paths) = self.read(|st| {
            let mut out_stages = Vec::new();
            let mut cands = fused.clone();

            // 4. Graph expansion from the top fused candidates.
            let t = Instant::now();
            let mut paths: HashMap<String, Vec<PathStep>> = HashMap::new();
            if cfg.expansion.enabled && !cands.is_empty() && cfg.seeds > 0 {
                let seeds: Vec<(String, f32)> = cands
                    .iter()
                    .take(cfg.seeds as usize)
                    .map(|c| (c.id.clone(), c.signals.relevance.unwrap_or(0.0).max(1e-6)))
                    .collect();
                let total: f32 = seeds.iter().map(|s| s.1).sum();
                let restart: HashMap<&str, f32> =
                    seeds.iter().map(|(id, w)| (id.as_str(), cfg.expansion.restart * w / total)).collect();
                let expansion = st.graph.expand(&seeds, &cfg.expansion);
                // Graph support: activation beyond what a seed gets from restarting at itself,
                // i.e. what flowed in from its neighbours.
                let support = |id: &str| {
                    let a = expansion.activation.get(id).copied().unwrap_or(0.0);
                    (a - restart.get(id).copied().unwrap_or(0.0)).max(0.0)
                };
                let max_support = expansion.activation.keys().map(|id| support(id)).fold(0.0f32, f32::max);
                let in_cands: HashSet<String> = cands.iter().map(|c| c.id.clone()).collect();
                if max_support > 0.0 {
                    for c in &mut cands {
                        let s = support(&c.id) / max_support;
                        if s > 0.0 {
                            c.signals.graph = Some(s);
                        }
                    }
                }
                let mut reached: Vec<(&String, f32)> = expansion
                    .activation
                    .keys()
                    .filter(|id| !in_cands.contains(*id))
                    .filter(|id| st.memories.get(*id).is_some_and(|m| stages::expandable(m, &cfg)))
                    .map(|id| (id, support(id) / max_support.max(f32::MIN_POSITIVE)))
                    .filter(|(_, s)| *s > 0.0)
                    .collect();
                reached.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                let mut dropped = Vec::new();
                for (i, (id, s)) in reached.into_iter().enumerate() {
                    if i >= cfg.expansion.max_new as usize {
                        dropped.push(DroppedCandidate {
                            id: id.clone(),
                            reason: format!("graph support {s:.3}, beyond the {} new memories expansion may add", cfg.expansion.max_new),
                        });
                        continue;
                    }
                    let signals = mnemo_core::Signals { graph: Some(s), relevance: Some(0.0), ..Default::default() };
                    cands.push(Candidate { id: id.clone(), channels: vec![Channel::Graph], signals, score: 0.0 });
                    if let Some(p) = expansion.paths.get(id) {
                        paths.insert(id.clone(), p.clone());
                    }
                }
                let added = cands.len() - in_cands.len();
                for c in &mut cands {
                    let w = &cfg.rerank;
                    c.score = w.relevance * c.signals.relevance.unwrap_or(0.0) + w.graph * c.signals.graph.unwrap_or(0.0);
                }
                let before = cands.clone();
                stages::sort_by_score(&mut cands);
                out_stages.push(stages::stage(
                    StageKind::Expansion,
                    ms(t),
                    &cands,
                    Some(&before),
                    dropped,
                    format!(
                        "personalized PageRank from {} seeds, {} hops: {} memories reached, {} added",
                        seeds.len(),
                        cfg.expansion.hops,
                        expansion.reached,
                        added
                    ),
                ));
            }

            // 5. Filters.
            let t = Instant::now();
            let before = cands.clone();
            let mut dropped = Vec::new();
            cands.retain(|c| match st.memories.get(&c.id) {
                None => {
                    dropped.push(DroppedCandidate { id: c.id.clone(), reason: "no longer exists".into() });
                    false
                }
                Some(m) => match stages::filter_reason(m, &query) {
                    Some(reason) => {
                        dropped.push(DroppedCandidate { id: c.id.clone(), reason });
                        false
                    }
                    None => true,
                },
            });
            let n_dropped = dropped.len();
            out_stages.push(stages::stage(
                StageKind::Filter,
                ms(t),
                &cands,
                Some(&before),
                dropped,
                format!("{} kept, {n_dropped} dropped by space, status, kind, tag, time and as-of filters", cands.len()),
            ));

            // 6. Re-rank and cut to the limit.
            let t = Instant::now();
            let before = cands.clone();
            let memories: HashMap<&str, &Memory> =
                cands.iter().filter_map(|c| st.memories.get(&c.id).map(|m| (m.id.as_str(), m))).collect();
            let reference = query.as_of.unwrap_or_else(mnemo_core::now);
            stages::rerank(&mut cands, &memories, &cfg, reference);
            let limit = query.limit as usize;
            let dropped: Vec<DroppedCandidate> = cands
                .iter()
                .enumerate()
                .skip(limit)
                .map(|(i, c)| DroppedCandidate {
                    id: c.id.clone(),
                    reason: format!("ranked {} with score {:.4}, below the limit of {limit}", i + 1, c.score),
                })
                .collect();
            cands.truncate(limit);
            let w = &cfg.rerank;
            out_stages.push(stages::stage(
                StageKind::Rerank,
                ms(t),
                &cands,
                Some(&before),
                dropped,
                format!(
                    "score = {}·relevance + {}·graph + {}·recency (half-life {} d) + {}·importance + {} if pinned",
                    w.relevance, w.graph, w.recency, w.recency_half_life_days, w.importance, w.pinned
                ),
            ));
            let results: Vec<RetrievalResult> = cands
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    st.memories.get(&c.id).map(|m| RetrievalResult {
                        memory: m.clone(),
                        rank: i as u32 + 1,
                        score: c.score,
                        channels: c.channels.clone(),
                        signals: c.signals.clone(),
                        path: paths.get(&c.id).cloned().unwrap_or_default(),
                    })
                })
                .collect();
            (results, out_stages, paths)
        });
        trace_stages.append(&mut rest_stages);

        let final_stage = trace_stages
            .last()
            .map(|s| s.candidates.clone())
            .unwrap_or_default();
        let result_paths: BTreeMap<String, Vec<PathStep>> = results
            .iter()
            .filter_map(|r| {
                paths
                    .get(&r.memory.id)
                    .map(|p| (r.memory.id.clone(), p.clone()))
            })
            .collect();
        let trace = RetrievalTrace {
            id: mnemo_core::new_id(),
            at: mnemo_core::now(),
            actor: options.actor.clone(),
            query,
            config: cfg,
            embedder: self.embedder().id().to_string(),
            stages: trace_stages,
            results: final_stage,
            paths: result_paths,
            total_ms: ms(started),
        };
        if options.record {
            let ids = results.iter().map(|r| r.memory.id.clone()).collect();
            {
                let mut recent = self.shared.recent_traces.lock().expect("recent traces");
                if recent.len() >= crate::RECENT_TRACES {
                    recent.pop_front();
                }
                recent.push_back(trace.clone());
            }
            // Queued, not awaited: the query does not wait for the trace to be written.
            let _ = self
                .shared
                .writer
                .send(Command::SaveTrace(Box::new(trace.clone())))
                .await;
            let _ = self.shared.writer.send(Command::Touch(ids)).await;
        }
        Ok(Recall { results, trace })
    }
}
