//! The background duplicate scan: memories written or changed since the last scan are compared
//! with every linkable memory of their space, and pairs above the duplicate threshold that ingest
//! did not flag (stored before it ran, edited into one, written by two processes at once) go to
//! the review queue as near-duplicate edges made by `mnemo`.

use mnemo_core::{Error, Memory, Result, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Weak;
use std::time::{Duration, Instant};

use crate::link_index::linkable;
use crate::plan::link::FoundPair;
use crate::similar;
use crate::state::State;
use crate::writer::{Command, Write, WriteInput, WriteReply};
use crate::{Engine, Shared};

/// The meta key holding the newest `updated_at` the scan has covered.
const WATERMARK: &str = "duplicate_scan";
/// The actor of the edges the scan makes.
const ACTOR: &str = "mnemo";
/// Each memory is flagged with at most this many of its nearest earlier memories.
const PER_MEMORY: usize = 3;
/// How often a long-running process scans: a scan with nothing new reads one meta key.
const SCAN_EVERY: Duration = Duration::from_secs(60);
/// Queries per pass over the targets: short passes leave the cores to recalls in between.
const QUERIES_PER_PASS: usize = 2_048;

/// What one scan did.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ScanReport {
    /// Memories written or changed since the last scan, compared with the rest.
    pub scanned: usize,
    /// Memories they were compared with (their spaces' linkable memories).
    pub compared_with: usize,
    /// Pairs above the threshold, flagged before or not.
    pub found: usize,
    /// Pairs newly flagged for review.
    pub flagged: usize,
    pub seconds: f64,
}

/// One space's memories for the scan: those covered by earlier scans, then the new ones in
/// the order they were last written.
#[derive(Debug, Default, PartialEq)]
struct SpaceScan {
    covered: Vec<String>,
    pending: Vec<String>,
}

/// The spaces with memories to scan, and the watermark once they are scanned. Runs every
/// minute under the state's read lock: ids are copied only for spaces with something new.
fn plan(st: &State, watermark: Option<Timestamp>) -> (Vec<SpaceScan>, Option<Timestamp>) {
    let is_new = |m: &Memory| watermark.is_none_or(|w| m.updated_at > w);
    let mut pending: HashMap<&str, Vec<(Timestamp, String)>> = HashMap::new();
    for m in st.memories.values().filter(|m| linkable(m) && is_new(m)) {
        (pending.entry(m.space.as_str()).or_default()).push((m.updated_at, m.id.clone()));
    }
    if pending.is_empty() {
        return (Vec::new(), watermark);
    }
    let mut covered: HashMap<&str, Vec<String>> = HashMap::new();
    for m in st.memories.values().filter(|m| linkable(m) && !is_new(m)) {
        if pending.contains_key(m.space.as_str()) {
            (covered.entry(m.space.as_str()).or_default()).push(m.id.clone());
        }
    }
    let mut next = watermark;
    let mut out = Vec::new();
    for (space, mut new) in pending {
        new.sort_unstable();
        next = next.max(new.last().map(|p| p.0));
        let mut old = covered.remove(space).unwrap_or_default();
        old.sort_unstable();
        out.push(SpaceScan {
            covered: old,
            pending: new.into_iter().map(|p| p.1).collect(),
        });
    }
    (out, next)
}

/// Pairs of one space scoring at least `threshold`: each pending memory against the covered
/// ones and the pending ones before it, so that every pair is compared once.
fn pairs_in(
    scan: &SpaceScan,
    vectors: &HashMap<String, Vec<f32>>,
    threshold: f32,
) -> Vec<FoundPair> {
    fn with_vector<'a>(
        ids: &'a [String],
        vectors: &'a HashMap<String, Vec<f32>>,
    ) -> impl Iterator<Item = (&'a String, &'a [f32])> {
        (ids.iter()).filter_map(|id| vectors.get(id).map(|v| (id, v.as_slice())))
    }
    let mut known: Vec<_> = with_vector(&scan.covered, vectors).collect();
    let covered = known.len();
    known.extend(with_vector(&scan.pending, vectors));
    let targets: Vec<&[f32]> = known.iter().map(|k| k.1).collect();
    let mut out = Vec::new();
    for start in (covered..known.len()).step_by(QUERIES_PER_PASS) {
        let end = (start + QUERIES_PER_PASS).min(known.len());
        let queries = &targets[start..end];
        let hits = similar::top_k(
            queries,
            &targets,
            |q| 0..start + q,
            |a, b| a.cmp(&b),
            threshold,
            PER_MEMORY,
        );
        for (q, hits) in hits.into_iter().enumerate() {
            let later = known[start + q].0;
            out.extend(
                hits.into_iter()
                    .map(|(t, cos)| (known[t].0.clone(), later.clone(), cos)),
            );
        }
    }
    out
}

impl Engine {
    /// Scans what was written or changed since the last scan (of any process) and flags the
    /// near-duplicates ingest missed. Reads the vectors it needs, holds no lock while comparing.
    pub async fn scan_duplicates(&self) -> Result<ScanReport> {
        let started = Instant::now();
        let store = &self.shared.store;
        let watermark = (store.meta(WATERMARK).await?)
            .map(|v| mnemo_core::validate::parse_time(WATERMARK, &v))
            .transpose()?;
        let (spaces, next) = self.read(|st| plan(st, watermark));
        let mut report = ScanReport {
            scanned: spaces.iter().map(|s| s.pending.len()).sum(),
            compared_with: spaces.iter().map(|s| s.covered.len()).sum(),
            ..Default::default()
        };
        let threshold = self.shared.link.duplicate_threshold;
        let mut found = Vec::new();
        for scan in spaces {
            let vectors = self.vectors_of(&scan).await?;
            let pairs = tokio::task::spawn_blocking(move || pairs_in(&scan, &vectors, threshold))
                .await
                .map_err(|e| Error::Storage(format!("the duplicate scan stopped: {e}")))?;
            found.extend(pairs);
        }
        report.found = found.len();
        if !found.is_empty() {
            report.flagged = self
                .send(|reply| {
                    Command::Write(Write {
                        actor: ACTOR.into(),
                        input: WriteInput::FlagDuplicates(found),
                        reply: WriteReply::Count(reply),
                    })
                })
                .await?;
        }
        if let Some(next) = next.filter(|n| Some(*n) != watermark) {
            let at = next.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            let guard = store.lock_writes().await?;
            store.set_meta(&guard, WATERMARK, &at).await?;
        }
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Sets the scan back to the start: the next scan compares every memory (benchmarks).
    pub async fn forget_duplicate_scan(&self) -> Result<()> {
        let guard = self.shared.store.lock_writes().await?;
        let start = "1970-01-01T00:00:00Z";
        self.shared.store.set_meta(&guard, WATERMARK, start).await
    }

    /// The vectors of a space's scan. Most of the store is read whole: a thousand ids per
    /// filtered read would read it many times over.
    async fn vectors_of(&self, scan: &SpaceScan) -> Result<HashMap<String, Vec<f32>>> {
        let store = &self.shared.store;
        let wanted: Vec<&str> = (scan.covered.iter().chain(&scan.pending))
            .map(String::as_str)
            .collect();
        let total = self.read(|st| st.memories.len());
        let rows = if wanted.len() * 4 > total {
            let keep: std::collections::HashSet<&str> = wanted.iter().copied().collect();
            let mut all = store.load_vectors(None).await?;
            all.retain(|(id, _)| keep.contains(id.as_str()));
            all
        } else {
            store.load_vectors(Some(&wanted)).await?
        };
        Ok(rows.into_iter().collect())
    }

    /// Scans every [`SCAN_EVERY`] (the first time after it) for as long as the engine is open.
    /// For long-running front-ends (the app, `mnemo serve`, `mnemo mcp`), not one-shot commands.
    pub fn start_duplicate_scan(&self) {
        let every = SCAN_EVERY;
        let shared: Weak<Shared> = std::sync::Arc::downgrade(&self.shared);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
                let Some(shared) = shared.upgrade() else {
                    return;
                };
                match (Engine { shared }).scan_duplicates().await {
                    Ok(r) if r.scanned > 0 => tracing::info!(
                        scanned = r.scanned,
                        flagged = r.flagged,
                        seconds = r.seconds,
                        "duplicate scan"
                    ),
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "the duplicate scan failed; it runs again later")
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn new_memories_meet_the_covered_and_each_other_once_and_covered_pairs_are_not_compared() {
        let unit = |x: f32, y: f32| {
            let n = (x * x + y * y).sqrt();
            vec![x / n, y / n]
        };
        let vectors: HashMap<String, Vec<f32>> = [
            ("c1", unit(1.0, 0.0)),
            ("c2", unit(1.0, 0.01)), // a duplicate of c1, but both were covered before
            ("p1", unit(1.0, 0.02)),
            ("p2", unit(0.0, 1.0)),
            ("p3", unit(0.01, 1.0)),
            ("p4", unit(1.0, 1.0)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let scan = SpaceScan {
            covered: ids(&["c1", "c2", "gone"]),
            pending: ids(&["p1", "p2", "p3", "p4"]),
        };
        let mut pairs: Vec<(String, String)> = pairs_in(&scan, &vectors, 0.96)
            .into_iter()
            .map(|(a, b, cos)| {
                assert!(cos >= 0.96, "{a} {b} {cos}");
                (a, b)
            })
            .collect();
        pairs.sort();
        let want = [("c1", "p1"), ("c2", "p1"), ("p2", "p3")];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(pairs, want);
    }
}
