//! Retrieval with a trace: embed → vector k-NN ‖ BM25 → fusion → graph expansion → replies →
//! filters → re-rank. Every stage records its candidates, scores, rank changes, drops and time;
//! the stages themselves are `mnemo_retrieval`'s, and this module does the I/O around them.

use mnemo_core::{
    Memory, MemoryStatus, PathStep, Result, RetrievalConfig, RetrievalQuery, RetrievalResult,
    RetrievalTrace, StageKind, TraceStage,
};
use mnemo_retrieval::{self as stages, Candidate, Hit, SearchChannel};
use mnemo_store::SearchHit;
use std::collections::HashMap;
use std::time::Instant;

use crate::Engine;
use crate::scope::SearchScope;
use crate::state::State;
use crate::writer::Command;

/// How a recall runs beyond its query.
#[derive(Debug, Clone, Default)]
pub struct RecallOptions {
    /// Who asks: `user`, `agent:<name>`, `cli`.
    pub actor: String,
    /// Overrides the engine's retrieval configuration for this query.
    pub config: Option<RetrievalConfig>,
    /// The configuration by name (the default when neither this nor `config` is given); with
    /// `config`, the name its trace records for those weights.
    pub config_name: Option<String>,
    /// A precomputed query embedding (then the embed stage is skipped).
    pub query_vector: Option<Vec<f32>>,
    /// Store the trace and count the access (on by default for people and agents).
    pub record: bool,
}

/// Results and the trace that explains them.
#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, specta::Type, schemars::JsonSchema,
)]
pub struct RecallAnswer {
    pub results: Vec<RetrievalResult>,
    pub trace: RetrievalTrace,
}

type Paths = HashMap<String, Vec<PathStep>>;

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

impl Engine {
    /// Retrieves memories for a query and explains how.
    pub async fn recall(
        &self,
        query: RetrievalQuery,
        options: RecallOptions,
    ) -> Result<RecallAnswer> {
        let started = Instant::now();
        let (config_name, cfg) = match options.config.clone() {
            Some(c) => (
                options
                    .config_name
                    .clone()
                    .unwrap_or_else(|| "custom".into()),
                c,
            ),
            None => self.resolve_config(options.config_name.as_deref()).await?,
        };
        query.validate()?;
        cfg.validate()?;
        let query = self.without_archived(query);
        let mut trace = Vec::new();
        // "Known at T": the memories as they were then, read back from the log; the stages
        // after the searches look memories up there instead of in the state.
        let past = match query.known_at {
            Some(t) => Some(self.memories_known_at(t).await?),
            None => None,
        };
        let vector = self.embed_query(&query, &options, &mut trace).await?;
        let mut found = self.search(&query, &vector, &cfg).await?;
        found.record(&query, &cfg, &mut trace);
        // Known at T: what was not known then, or had a status the query leaves out, goes before
        // fusion, so that the rest is scored as it would have been then.
        let unknown = (past.as_ref()).map_or_else(Vec::new, |p| found.keep_known(p, &query));
        let fused = found.fuse(&cfg, &mut trace);
        // Stages 4–7 read the graph and memories under one short read lock (no I/O inside).
        let (results, paths) = self.read(|st| {
            let look = Lookup {
                st,
                past: past.as_ref(),
            };
            let at = query.as_of.unwrap_or_else(mnemo_core::now);
            let time = mnemo_graph::EdgeTime {
                valid_at: Some(at),
                known_at: query.known_at,
            };
            let (cands, mut paths) = expand(look, fused, &cfg, time, &mut trace);
            let (cands, replies) = add_replies(look, cands, &cfg, time, &mut trace);
            for (id, path) in stages::reply_paths(&replies) {
                paths.entry(id).or_insert(path);
            }
            let cands = filter(look, cands, &query, &mut trace);
            if let Some(f) = trace.last_mut().filter(|s| s.kind == StageKind::Filter) {
                f.dropped.extend(unknown);
            }
            let cands = rerank(look, cands, &query, &cfg, &replies, &mut trace);
            (stages::results(&cands, look.memory(), &paths), paths)
        });
        let ending = stages::trace_ending(&trace, &results, &paths);
        let trace = RetrievalTrace {
            id: mnemo_core::new_id(),
            at: mnemo_core::now(),
            actor: options.actor.clone(),
            query,
            config: cfg,
            config_name,
            embedder: self.embedder().id().to_string(),
            stages: trace,
            results: ending.results,
            paths: ending.paths,
            total_ms: ms(started),
        };
        if options.record {
            self.record(&trace, &results).await;
        }
        Ok(RecallAnswer { results, trace })
    }

    /// A query that names no space searches every space but the archived ones (which it
    /// searches only when it names them).
    fn without_archived(&self, mut query: RetrievalQuery) -> RetrievalQuery {
        if query.spaces.is_empty() {
            let (live, archived) = self.read(|st| {
                let (a, l): (Vec<&mnemo_core::Space>, _) =
                    st.spaces.values().partition(|s| s.archived);
                let live: Vec<String> = l.into_iter().map(|s| s.name.clone()).collect();
                (live, !a.is_empty())
            });
            if archived {
                // No live space at all: a name no memory has, so nothing is found.
                query.spaces = if live.is_empty() {
                    vec![String::new()]
                } else {
                    live
                };
            }
        }
        query
    }

    /// 1. The query's embedding: the one given, or the embedder's (which is then a stage).
    async fn embed_query(
        &self,
        query: &RetrievalQuery,
        options: &RecallOptions,
        trace: &mut Vec<TraceStage>,
    ) -> Result<Vec<f32>> {
        if let Some(v) = &options.query_vector {
            return Ok(v.clone());
        }
        let t = Instant::now();
        let v = self.shared.embeds.embed(vec![query.text.clone()]).await?;
        let v = v.into_iter().next().unwrap_or_default();
        trace.push(stages::embed_stage(ms(t), v.len()));
        Ok(v)
    }

    /// 2. Vector and keyword search, concurrently, scoped to the query's spaces and statuses.
    async fn search(
        &self,
        query: &RetrievalQuery,
        vector: &[f32],
        cfg: &RetrievalConfig,
    ) -> Result<Found> {
        // A memory known at an earlier time may have another status now: the filter decides.
        let with_held: Vec<MemoryStatus>;
        let statuses = match query.known_at {
            Some(_) => MemoryStatus::ALL,
            // The asker's own held memories are candidates too (the filter keeps only those).
            None if query.viewer.is_some() && self.read(|st| st.holds_pending()) => {
                with_held = [stages::statuses(query), &[MemoryStatus::Pending]].concat();
                &with_held
            }
            None => stages::statuses(query),
        };
        let scope = SearchScope::plan(self, &query.spaces, statuses);
        let t = Instant::now();
        let store = self.store();
        let v = timed(store.vector_search(
            vector,
            scope.fetch(cfg.vector_k),
            scope.spaces(),
            scope.statuses(),
        ));
        let k = timed(store.keyword_search(
            &query.text,
            scope.fetch(cfg.keyword_k),
            scope.spaces(),
            scope.statuses(),
        ));
        let ((v, vector_ms), (k, keyword_ms)) = tokio::join!(v, k);
        let vector = scope.keep(self, v?, cfg.vector_k);
        let keyword = scope.keep(self, k?, cfg.keyword_k);
        Ok(Found {
            vector,
            vector_ms,
            keyword,
            keyword_ms,
            both_ms: ms(t),
        })
    }

    /// Keeps the trace among the recent ones, and queues it and the results' access counts for
    /// the writer: the query does not wait for either to be written.
    async fn record(&self, trace: &RetrievalTrace, results: &[RetrievalResult]) {
        let ids = results.iter().map(|r| r.memory.id.clone()).collect();
        {
            let mut recent = self.shared.recent_traces.lock().expect("recent traces");
            if recent.len() >= crate::RECENT_TRACES {
                recent.pop_front();
            }
            recent.push_back(trace.clone());
        }
        let writer = &self.shared.writer;
        let _ = writer
            .send(Command::SaveTrace(Box::new(trace.clone())))
            .await;
        let _ = writer.send(Command::Touch(ids)).await;
    }
}

async fn timed<T>(f: impl Future<Output = T>) -> (T, f64) {
    let t = Instant::now();
    let r = f.await;
    (r, ms(t))
}

/// What the two searches found, and how long they took.
struct Found {
    vector: Vec<SearchHit>,
    vector_ms: f64,
    keyword: Vec<SearchHit>,
    keyword_ms: f64,
    /// Wall time of both, which run together.
    both_ms: f64,
}

impl Found {
    /// Records the two search stages.
    fn record(&self, query: &RetrievalQuery, cfg: &RetrievalConfig, trace: &mut Vec<TraceStage>) {
        let vector = stages::hits_as_candidates(&hits(&self.vector), SearchChannel::Vector);
        let note = stages::vector_note(vector.len(), &query.spaces, self.both_ms, cfg);
        trace.push(stages::listing(
            StageKind::Vector,
            self.vector_ms,
            &vector,
            note,
        ));
        let keyword = stages::hits_as_candidates(&hits(&self.keyword), SearchChannel::Keyword);
        let note = stages::keyword_note(keyword.len(), cfg);
        trace.push(stages::listing(
            StageKind::Keyword,
            self.keyword_ms,
            &keyword,
            note,
        ));
    }

    /// Drops the hits of memories unknown at the query's `known_at` (`past` holds those known),
    /// or whose status then the query leaves out; returns them with the reason.
    fn keep_known(
        &mut self,
        past: &HashMap<String, Memory>,
        query: &RetrievalQuery,
    ) -> Vec<mnemo_core::DroppedCandidate> {
        let at = query
            .known_at
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string());
        let reason = |id: &str| match past.get(id) {
            None => Some(format!("not yet known on {}", at.as_deref().unwrap_or(""))),
            Some(m)
                if m.status != MemoryStatus::Pending
                    && !stages::statuses(query).contains(&m.status) =>
            {
                Some(format!("status was {} then", m.status))
            }
            Some(_) => None,
        };
        let mut dropped: Vec<mnemo_core::DroppedCandidate> = Vec::new();
        for hits in [&mut self.vector, &mut self.keyword] {
            hits.retain(|h| match reason(&h.id) {
                Some(reason) => {
                    if !dropped.iter().any(|d| d.id == h.id) {
                        let id = h.id.clone();
                        dropped.push(mnemo_core::DroppedCandidate { id, reason });
                    }
                    false
                }
                None => true,
            });
        }
        dropped
    }

    /// 3. Fusion of the two channels.
    fn fuse(&self, cfg: &RetrievalConfig, trace: &mut Vec<TraceStage>) -> Vec<Candidate> {
        let t = Instant::now();
        let fused = stages::fuse(&hits(&self.vector), &hits(&self.keyword), cfg);
        let note = stages::fusion_note(cfg);
        trace.push(stages::listing(StageKind::Fusion, ms(t), &fused, note));
        fused
    }
}

fn hits(found: &[SearchHit]) -> Vec<Hit<'_>> {
    found.iter().map(|h| (h.id.as_str(), h.score)).collect()
}

/// Where the pure stages look memories up: the read state, or the memories as they were at a
/// query's `known_at`.
#[derive(Clone, Copy)]
struct Lookup<'s> {
    st: &'s State,
    past: Option<&'s HashMap<String, Memory>>,
}

impl<'s> Lookup<'s> {
    fn memory(self) -> impl Fn(&str) -> Option<&'s Memory> + Copy {
        move |id: &str| match self.past {
            Some(past) => past.get(id),
            None => self.st.memories.get(id),
        }
    }
}

/// 4. Graph expansion from the top candidates, when it is on.
fn expand(
    look: Lookup,
    fused: Vec<Candidate>,
    cfg: &RetrievalConfig,
    time: mnemo_graph::EdgeTime,
    trace: &mut Vec<TraceStage>,
) -> (Vec<Candidate>, Paths) {
    if !stages::expansion_runs(&fused, cfg) {
        return (fused, Paths::new());
    }
    let t = Instant::now();
    let expanded = stages::expand(fused, &look.st.graph, look.memory(), cfg, time);
    let cands = expanded.outcome.record(StageKind::Expansion, ms(t), trace);
    (cands, expanded.paths)
}

/// 5. The replies to candidates that ask a question, when they count; the stage is in the trace
/// only when some candidate asks.
fn add_replies(
    look: Lookup,
    cands: Vec<Candidate>,
    cfg: &RetrievalConfig,
    time: mnemo_graph::EdgeTime,
    trace: &mut Vec<TraceStage>,
) -> (Vec<Candidate>, Vec<stages::Reply>) {
    if !stages::replies_run(&cands, cfg) {
        return (cands, Vec::new());
    }
    let t = Instant::now();
    let next_of = |id: &str| look.st.graph.next_of(id, time);
    let replied = stages::add_replies(cands, look.memory(), next_of, cfg);
    if replied.replies.is_empty() {
        return (replied.outcome.previous, Vec::new());
    }
    let cands = replied.outcome.record(StageKind::Replies, ms(t), trace);
    (cands, replied.replies)
}

/// 6. The query's filters.
fn filter(
    look: Lookup,
    cands: Vec<Candidate>,
    query: &RetrievalQuery,
    trace: &mut Vec<TraceStage>,
) -> Vec<Candidate> {
    let t = Instant::now();
    let outcome = stages::filter(cands, look.memory(), query);
    outcome.record(StageKind::Filter, ms(t), trace)
}

/// 7. Re-rank and cut to the query's limit.
fn rerank(
    look: Lookup,
    cands: Vec<Candidate>,
    query: &RetrievalQuery,
    cfg: &RetrievalConfig,
    replies: &[stages::Reply],
    trace: &mut Vec<TraceStage>,
) -> Vec<Candidate> {
    let t = Instant::now();
    let now = stages::recency_reference(query);
    let limit = query.limit as usize;
    // Days are the person's: the machine's zone, as the app and the server show times.
    let named = stages::named_time(&query.text, &chrono::Local, now);
    let scoring = stages::Scoring {
        now,
        named: named.as_ref(),
        replies,
    };
    let outcome = stages::rerank_and_cut(cands, look.memory(), cfg, scoring, limit);
    outcome.record(StageKind::Rerank, ms(t), trace)
}
