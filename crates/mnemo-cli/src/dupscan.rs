//! `mnemo bench duplicates`: the background duplicate scan over a large store — the first scan
//! of everything, and a later one of a thousand new memories — against reading every vector.

use anyhow::Result;
use mnemo_core::NewMemory;
use mnemo_engine::{AddOptions, Engine, ScanReport};
use mnemo_eval::synthetic::Rng;
use std::time::Instant;

/// How many times each scan is measured (median printed).
const RUNS: usize = 3;

pub async fn run(memories: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let uri = dir.path().join("store").to_string_lossy().to_string();
    // Made without similar-linking, so nothing is flagged at ingest: the first scan finds all.
    crate::bench::make_store(&uri, memories).await?;
    let engine = crate::open_engine(&uri).await?;
    // Synthetic vectors are far apart: near-copies of 1% of them give the scan something to find.
    let copies = memories / 100;
    add_copies(&engine, copies, copies, 99).await?;
    println!(
        "duplicate scan, {memories} memories + {copies} near-copies, median of {RUNS}; resident memory of this process"
    );

    let mut read = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let v = engine.store().load_vectors(None).await?;
        read.push(t.elapsed().as_secs_f64());
        drop(v);
    }
    let read = crate::bench::median(&mut read);
    println!("  baseline, reading every vector: {read:.2} s");

    let (full, rss) = scan_from_scratch(&engine).await?;
    println!(
        "  first scan of every memory: {:.2} s ({:.1}× the read), {} pairs above the threshold, {} flagged; RSS {} MiB before, peak {} MiB, after {} MiB",
        full.seconds,
        full.seconds / read,
        full.found,
        full.flagged,
        rss[0] / 1024,
        rss[1] / 1024,
        rss[2] / 1024
    );

    let mut later = Vec::new();
    let mut flagged = 0;
    for run in 0..RUNS {
        add_copies(&engine, 1_000, 100, run as u64).await?;
        let r = engine.scan_duplicates().await?;
        flagged += r.flagged;
        later.push(r.seconds);
        assert_eq!(r.scanned, 1_000, "only the new memories are scanned: {r:?}");
    }
    println!(
        "  later scan of 1,000 new memories (100 of them copies): {:.2} s, {} flagged in {RUNS} runs",
        crate::bench::median(&mut later),
        flagged
    );
    engine.close().await?;
    Ok(())
}

/// The first scan, measured [`RUNS`] times from a watermark set back to the start; the RSS
/// before, at its peak during the scans, and after.
async fn scan_from_scratch(engine: &Engine) -> Result<(ScanReport, [u64; 3])> {
    let before = status_kib("VmRSS:");
    // Writing 5 resets the peak (VmHWM) to the current RSS.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let mut runs: Vec<ScanReport> = Vec::new();
    for _ in 0..RUNS {
        engine.forget_duplicate_scan().await?;
        runs.push(engine.scan_duplicates().await?);
    }
    let peak = status_kib("VmHWM:");
    let first_flagged = runs[0].flagged;
    runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
    let mut median = runs[RUNS / 2].clone();
    median.flagged = first_flagged;
    Ok((median, [before, peak, status_kib("VmRSS:")]))
}

/// Adds `n` memories, `copies` of them near-copies of stored ones, without similar-linking.
async fn add_copies(engine: &Engine, n: usize, copies: usize, seed: u64) -> Result<()> {
    let stored = engine.store().load_vectors(None).await?;
    let dims = engine.embedder().dimensions();
    let mut rng = Rng::new(1000 + seed);
    let inputs: Vec<NewMemory> = (0..n)
        .map(|i| {
            let vector = if i < copies {
                let (_, v) = &stored[rng.below(stored.len())];
                let noisy: Vec<f32> = v.iter().map(|x| x + 0.002 * (rng.unit() - 0.5)).collect();
                unit(noisy)
            } else {
                unit((0..dims).map(|_| rng.unit() - 0.5).collect())
            };
            NewMemory {
                text: format!("later memory {seed}-{i}"),
                vector: Some(vector),
                embedder: Some(engine.embedder().id().to_string()),
                ..Default::default()
            }
        })
        .collect();
    let options = AddOptions {
        link_similar: false,
        ..Default::default()
    };
    engine.add_many(inputs, "bench", &options, &|_| {}).await?;
    Ok(())
}

fn unit(mut v: Vec<f32>) -> Vec<f32> {
    mnemo_eval::synthetic::normalise(&mut v);
    v
}

/// A line of /proc/self/status, in KiB.
fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    (status.lines())
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}
