//! `mnemo bench remote`: recall on a store on object storage beside the same memories in a local
//! folder, in one process, queries alternating between the two.

use anyhow::{Result, bail};
use mnemo_core::RetrievalQuery;
use mnemo_engine::{Engine, RecallOptions};
use mnemo_eval::synthetic::{Rng, sentence};
use mnemo_store::Location;
use std::time::Instant;

use crate::bench::{make_store, median, percentile};

/// `bucket` is the global `--db`: an object-store URI (with its `--storage-option`s) under
/// which a fresh prefix is made for this run.
pub async fn run(bucket: &Location, memories: usize, queries: usize) -> Result<()> {
    if !bucket.is_shared_object_store() {
        bail!("bench remote needs --db s3://bucket/prefix (given {bucket})");
    }
    let dir = tempfile::tempdir()?;
    let local = Location::from(&*dir.path().join("store").to_string_lossy());
    let remote = Location::new(
        format!(
            "{}/bench-{}",
            bucket.uri.trim_end_matches('/'),
            mnemo_core::new_id()
        ),
        bucket.options.clone(),
    );
    for store in [&local, &remote] {
        make_store(store, memories).await?;
    }
    let engines = [
        ("local folder", crate::open_engine(&local).await?),
        ("object storage", crate::open_engine(&remote).await?),
    ];
    let mut rng = Rng::new(42);
    let texts: Vec<String> = (0..queries + 10).map(|_| sentence(&mut rng)).collect();
    let mut ms: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for (i, text) in texts.iter().enumerate() {
        for (e, (_, engine)) in engines.iter().enumerate() {
            let t = Instant::now();
            recall(engine, text).await?;
            if i >= 10 {
                ms[e].push(t.elapsed().as_secs_f64() * 1e3); // the first ten warm the caches
            }
        }
    }
    println!("recall of {queries} queries (with the embedding), {memories} memories, alternating:");
    for ((name, _), ms) in engines.iter().zip(ms.iter_mut()) {
        println!(
            "  {name:<15} p50 {:>7.1} ms   p95 {:>7.1} ms",
            median(ms),
            percentile(ms, 0.95)
        );
    }
    let [a, b] = &mut ms;
    println!(
        "  object storage / local folder, medians: {:.1}x",
        median(b) / median(a)
    );
    println!("(the run's prefix stays in the bucket: {remote})");
    Ok(())
}

async fn recall(engine: &Engine, text: &str) -> Result<()> {
    let q = RetrievalQuery {
        text: text.to_string(),
        limit: 10,
        ..Default::default()
    };
    let options = RecallOptions {
        actor: "bench".into(),
        ..Default::default()
    };
    engine.recall(q, options).await?;
    Ok(())
}
