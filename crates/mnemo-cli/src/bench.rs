//! `mnemo bench`: embedding throughput, bulk import, query latency and LoCoMo retrieval quality.
//! Each prints medians next to a baseline measured in the same run, because these machines are noisy.

use anyhow::{Context, Result};
use clap::Subcommand;
use mnemo_core::{MemoryStatus, RetrievalQuery, StageKind};
use mnemo_embed::Embedder;
use mnemo_engine::{AddOptions, Engine, RecallOptions};
use mnemo_eval::synthetic::{Rng, sentence};
use mnemo_store::Location;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Subcommand)]
pub enum Which {
    /// Texts per second: pocket-encoder one at a time (baseline) vs Mnemo's parallel batches.
    Embed {
        #[arg(long, default_value_t = 2000)]
        texts: usize,
    },
    /// Bulk import with precomputed vectors, by default (similar-linking on) and with
    /// similar-linking off, vs LanceDB appends of the same rows.
    Import {
        #[arg(long, default_value_t = 20_000)]
        memories: usize,
    },
    /// A generated Markdown vault imported, then imported again unchanged and after an edit of
    /// 1% of its notes, against the JSONL import of the same notes.
    Vault {
        #[arg(long, default_value_t = 10_000)]
        notes: usize,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Query latency p50/p95 and each stage's share, at each store size.
    Query {
        #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
        sizes: Vec<usize>,
        #[arg(long, default_value_t = 100)]
        queries: usize,
        /// A retrieval configuration (JSON; missing fields take defaults) to time beside the
        /// default on the same store and queries, taken in turn (repeatable).
        #[arg(long = "config")]
        configs: Vec<PathBuf>,
    },
    /// Vector and keyword search alone on an existing store (`--db`), under several index
    /// parameters: latency and recall@10 against exact search.
    Search {
        #[arg(long, default_value_t = 50)]
        queries: usize,
        /// Build bitmap indexes on status and space first.
        #[arg(long)]
        scope_indexes: bool,
        /// Run only the variants whose name contains this.
        #[arg(long)]
        only: Option<String>,
    },
    /// Recall latency on a store on object storage (`--db s3://bucket/prefix`: a fresh prefix
    /// under it) beside the same synthetic memories in a local folder, queries alternating.
    Remote {
        #[arg(long, default_value_t = 5_000)]
        memories: usize,
        #[arg(long, default_value_t = 200)]
        queries: usize,
    },
    /// Fill the store (`--db`) with synthetic memories, about two edges each: for the UI's render
    /// benchmark and for trying Mnemo at scale.
    MakeStore {
        #[arg(long, default_value_t = 10_000)]
        memories: usize,
    },
    /// Concurrent agents adding one memory each at a time over HTTP (with the embedder), with
    /// `mnemo add` runs beside them: adds/s and latency against one client alone, and a check
    /// that every write is stored exactly once.
    Writes {
        #[arg(long, default_value_t = 20)]
        clients: usize,
        /// Adds per client.
        #[arg(long, default_value_t = 100)]
        adds: usize,
        /// `mnemo add` runs beside the many clients.
        #[arg(long, default_value_t = 20)]
        cli_adds: usize,
    },
    /// Recall and remember as an agent calls them: MCP tool calls from a client in another
    /// process over stdio and over HTTP, and REST, beside the engine's own recall in this process.
    Agents {
        #[arg(long, default_value_t = 100_000)]
        memories: usize,
        /// Measured calls of each kind (after a warm-up).
        #[arg(long, default_value_t = 200)]
        calls: usize,
    },
    /// The background duplicate scan: the first scan of a store (time, resident memory), and a
    /// later one of 1,000 new memories, against reading every vector.
    Duplicates {
        #[arg(long, default_value_t = 100_000)]
        memories: usize,
    },
    /// The kill campaign: an import and adds over HTTP from two processes, SIGKILL to one at a
    /// random instant, then checks that nothing acknowledged is lost and nothing is half there.
    Crash {
        #[arg(long, default_value_t = 50)]
        rounds: usize,
        /// Lines in the import file.
        #[arg(long, default_value_t = 20_000)]
        lines: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The shape of vector data (intrinsic dimensionality, neighbour cosines): real embeddings of
    /// LoCoMo turns by the bundled model beside the synthetic vectors the other benchmarks use.
    Data {
        /// Folder of LoCoMo conversation files (*.json).
        #[arg(long, default_value = "tests/data/locomo")]
        data: PathBuf,
        /// Other weights for the synthetic vectors: common,topic,subtopic,within,rank,noise.
        #[arg(long, value_delimiter = ',')]
        style: Vec<f32>,
    },
    /// Evidence recall@5/10/20 on LoCoMo conversations, imported through the JSONL path.
    Locomo {
        /// Folder of LoCoMo conversation files (*.json).
        #[arg(long, default_value = "tests/data/locomo")]
        data: PathBuf,
        /// A retrieval configuration (JSON; missing fields take defaults) to compare as well (repeatable).
        #[arg(long = "config")]
        configs: Vec<PathBuf>,
    },
}

pub async fn run(which: Which, uri: &Location) -> Result<()> {
    match which {
        Which::MakeStore { memories } => make_store(uri, memories).await,
        Which::Remote { memories, queries } => {
            crate::bench_remote::run(uri, memories, queries).await
        }
        Which::Embed { texts } => embed(texts),
        Which::Import { memories } => import(memories).await,
        Which::Vault { notes, runs } => crate::bench_vault::run(notes, runs).await,
        Which::Writes {
            clients,
            adds,
            cli_adds,
        } => crate::load::run(clients, adds, cli_adds).await,
        Which::Agents { memories, calls } => crate::agents::run(memories, calls).await,
        Which::Duplicates { memories } => crate::dupscan::run(memories).await,
        Which::Crash {
            rounds,
            lines,
            seed,
        } => crate::crash::run(rounds, lines, seed).await,
        Which::Query {
            sizes,
            queries,
            configs,
        } => {
            let configs = read_configs(&configs)?;
            for n in sizes {
                query(n, queries, &configs).await?;
            }
            Ok(())
        }
        Which::Data { data, style } => data_shape(&data, &style),
        Which::Locomo { data, configs } => locomo(&data, &configs).await,
        Which::Search {
            queries,
            scope_indexes,
            only,
        } => search(uri, queries, scope_indexes, only.as_deref()).await,
    }
}

pub(crate) fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() { 0.0 } else { v[v.len() / 2] }
}

pub fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        0.0
    } else {
        v[((v.len() as f64 - 1.0) * p).round() as usize]
    }
}

fn embed(n: usize) -> Result<()> {
    let mut rng = Rng::new(7);
    let texts: Vec<String> = (0..n).map(|_| sentence(&mut rng)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let baseline_n = 200.min(n);
    let encoder = pocket_encoder::Encoder::new()?;
    let ours = mnemo_embed::PocketEmbedder::new()?;
    // Warm both up (weights load once per process).
    encoder.embed(&refs[..4])?;
    ours.embed_batch(&refs[..4])?;
    let (mut base, mut fast) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let t = Instant::now();
        encoder.embed(&refs[..baseline_n])?;
        base.push(baseline_n as f64 / t.elapsed().as_secs_f64());
        let t = Instant::now();
        ours.embed_batch(&refs)?;
        fast.push(n as f64 / t.elapsed().as_secs_f64());
    }
    let (b, f) = (median(&mut base), median(&mut fast));
    println!(
        "embedding throughput (median of 3 runs, {} cores)",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!("  pocket-encoder sequential (baseline), {baseline_n} texts: {b:8.1} texts/s");
    println!("  mnemo PocketEmbedder, {n} texts:                 {f:8.1} texts/s");
    println!("  ratio: {:.2}x", f / b);
    query_latency(&refs)
}

/// What a recall waits for: one short text at a time, on every core and on one thread.
fn query_latency(texts: &[&str]) -> Result<()> {
    let all = mnemo_embed::PocketEmbedder::new()?;
    let one = mnemo_embed::PocketEmbedder::new()?.with_threads(1)?;
    let encoder = pocket_encoder::Encoder::new()?;
    let time = |f: &dyn Fn(&str) -> Result<()>| -> Result<f64> {
        let mut ms = Vec::new();
        for (i, t) in texts.iter().take(230).enumerate() {
            let started = Instant::now();
            f(t)?;
            if i >= 30 {
                ms.push(started.elapsed().as_secs_f64() * 1e3);
            }
        }
        Ok(median(&mut ms))
    };
    let base = time(&|t| {
        encoder.embed(&[t])?;
        Ok(())
    })?;
    let all_ms = time(&|t| {
        all.embed_one(t)?;
        Ok(())
    })?;
    let one_ms = time(&|t| {
        one.embed_one(t)?;
        Ok(())
    })?;
    println!(
        "one text at a time (a query), median: pocket-encoder {base:.2} ms, batched on all cores {all_ms:.2} ms, on one thread {one_ms:.2} ms"
    );
    Ok(())
}

async fn open_temp(dir: &tempfile::TempDir) -> Result<Engine> {
    crate::open_engine(&dir.path().to_string_lossy()).await
}

async fn import(n: usize) -> Result<()> {
    println!(
        "bulk import of {n} memories with precomputed vectors (next and mention links on; median of 3)"
    );
    let (mut lance, mut off, mut on) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..3 {
        let dir = tempfile::tempdir()?;
        let engine = open_temp(&dir).await?;
        let data = mnemo_eval::synthetic::memories(
            n,
            engine.embedder().dimensions(),
            engine.embedder().id(),
            11 + run,
        );
        engine.close().await?;
        lance.push(raw_append_secs(&data.inputs, &engine).await?);
        let no_similar = AddOptions {
            link_similar: false,
            ..Default::default()
        };
        off.push(engine_import_secs(data.inputs.clone(), &no_similar).await?);
        on.push(engine_import_secs(data.inputs, &AddOptions::default()).await?);
    }
    let (l, off, on) = (median(&mut lance), median(&mut off), median(&mut on));
    let rate = |secs: f64| n as f64 / secs;
    println!(
        "  LanceDB append of the same rows (baseline):  {:6.2} s {:10.0} memories/s",
        l,
        rate(l)
    );
    println!(
        "  mnemo import, similar-linking off:           {:6.2} s {:10.0} memories/s   {:.2} of the append rate",
        off,
        rate(off),
        l / off
    );
    println!(
        "  mnemo import, default (similar-linking on):  {:6.2} s {:10.0} memories/s   {:.2} of the append rate, {:.2} of similar-off",
        on,
        rate(on),
        l / on,
        off / on
    );
    Ok(())
}

/// Seconds to append the rows an import would write straight to LanceDB, in one commit.
async fn raw_append_secs(inputs: &[mnemo_core::NewMemory], engine: &Engine) -> Result<f64> {
    let base_dir = tempfile::tempdir()?;
    let store = mnemo_store_open(&base_dir, engine).await?;
    let rows: Vec<(mnemo_core::Memory, Vec<f32>)> = inputs
        .iter()
        .map(|i| {
            let m = i
                .build(
                    mnemo_core::new_id(),
                    mnemo_core::now(),
                    "default",
                    "bench",
                    engine.embedder().id(),
                )
                .expect("valid");
            (m, i.vector.clone().expect("vector"))
        })
        .collect();
    let refs: Vec<mnemo_store::MemoryRow> = (rows.iter())
        .map(|(m, v)| mnemo_store::MemoryRow::new(m, v))
        .collect();
    let t = Instant::now();
    store.insert_memories(&refs).await?;
    Ok(t.elapsed().as_secs_f64())
}

/// Seconds for `add_many` (validate, link, write) into a fresh store.
async fn engine_import_secs(
    inputs: Vec<mnemo_core::NewMemory>,
    options: &AddOptions,
) -> Result<f64> {
    let n = inputs.len();
    let dir = tempfile::tempdir()?;
    let engine = open_temp(&dir).await?;
    let t = Instant::now();
    let report = engine.add_many(inputs, "bench", options, &|_| {}).await?;
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(report.added, n, "every memory is added");
    // Stop the writer before its temporary store is deleted.
    engine.close().await?;
    Ok(secs)
}

async fn mnemo_store_open(
    dir: &tempfile::TempDir,
    engine: &Engine,
) -> Result<mnemo_engine_store::MemoryStore> {
    Ok(mnemo_engine_store::MemoryStore::open(
        &dir.path().to_string_lossy(),
        engine.embedder().id(),
        engine.embedder().dimensions(),
    )
    .await?)
}

use mnemo_store as mnemo_engine_store;

pub async fn make_store(uri: impl Into<Location>, n: usize) -> Result<()> {
    let uri: Location = uri.into();
    let engine = crate::open_engine(&uri).await?;
    let dims = engine.embedder().dimensions();
    let mut data = mnemo_eval::synthetic::memories(n, dims, engine.embedder().id(), 11);
    // Besides `next` within each session of 50, one link to an earlier memory, mostly nearby, so
    // the graph has local structure and some long-range edges, as real memories do.
    let mut rng = Rng::new(7);
    for i in 1..data.inputs.len() {
        let j = if rng.below(10) < 8 {
            i.saturating_sub(1 + rng.below(200.min(i)))
        } else {
            rng.below(i)
        };
        data.inputs[i].links = vec![mnemo_core::LinkSpec {
            to: format!("m{j}"),
            relation: None,
        }];
        data.inputs[i].title = Some(format!("Memory {i}"));
        data.inputs[i].importance = Some(rng.unit());
    }
    let t = Instant::now();
    engine.begin_bulk().await?;
    for chunk in data.inputs.chunks(20_000) {
        engine
            .add_many(
                chunk.to_vec(),
                "bench",
                &AddOptions {
                    link_similar: false,
                    ..Default::default()
                },
                &|_| {},
            )
            .await?;
    }
    engine.optimize().await?;
    let (_, nodes, edges) = engine.snapshot_counts();
    println!(
        "{uri}: {nodes} memories, {edges} edges in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn query(
    n: usize,
    queries: usize,
    configs: &[(String, mnemo_core::RetrievalConfig)],
) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut engine = open_temp(&dir).await?;
    let dims = engine.embedder().dimensions();
    let data = mnemo_eval::synthetic::memories(n, dims, engine.embedder().id(), 5);
    let vectors: Vec<Vec<f32>> = data
        .inputs
        .iter()
        .map(|i| i.vector.clone().expect("vector"))
        .collect();
    let t = Instant::now();
    engine.begin_bulk().await?;
    for chunk in data.inputs.chunks(20_000) {
        engine
            .add_many(
                chunk.to_vec(),
                "bench",
                &AddOptions {
                    link_similar: false,
                    ..Default::default()
                },
                &|_| {},
            )
            .await?;
    }
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    engine.optimize().await?;
    let index = engine.store().vector_index().await?;
    println!(
        "\nquery latency at {n} memories (loaded in {load_s:.1} s, indexed in {:.1} s; vector index: {})",
        t.elapsed().as_secs_f64(),
        index.map_or("none, exact search".to_string(), |i| format!(
            "{} rows in {} segment(s), {} unindexed",
            i.indexed, i.segments, i.unindexed
        ))
    );
    if std::env::var_os("MNEMO_BENCH_REOPEN").is_some() {
        engine.close().await?;
        drop(engine);
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        engine = open_temp(&dir).await?;
    }
    let mut rng = Rng::new(99);
    let qs: Vec<(String, Vec<f32>)> = (0..queries)
        .map(|_| {
            let v = data.space.sample(&mut rng);
            (sentence(&mut rng), v)
        })
        .collect();
    // Warm-up with other queries: the first searches load index partitions (about sqrt(n)/2 of
    // them, each loaded when first probed) and the full-text index's pages into memory.
    for _ in 0..50 {
        let v = data.space.sample(&mut rng);
        recall(&engine, &sentence(&mut rng), Some(v), None).await?;
    }
    let mut without = Vec::new();
    let mut with = Vec::new();
    let mut stage_ms: BTreeMap<String, f64> = BTreeMap::new();
    let mut total_ms = 0.0;
    for (text, v) in &qs {
        let r = recall(&engine, text, Some(v.clone()), None).await?;
        without.push(r.trace.total_ms);
        total_ms += r.trace.total_ms;
        for s in &r.trace.stages {
            *stage_ms.entry(format!("{:?}", s.kind)).or_default() += s.duration_ms;
        }
        let r = recall(&engine, text, None, None).await?;
        with.push(r.trace.total_ms);
    }
    println!(
        "  without query embedding: p50 {:6.2} ms   p95 {:6.2} ms",
        percentile(&mut without, 0.5),
        percentile(&mut without, 0.95)
    );
    println!(
        "  with query embedding:    p50 {:6.2} ms   p95 {:6.2} ms",
        percentile(&mut with, 0.5),
        percentile(&mut with, 0.95)
    );
    // Vector and keyword search run concurrently, so their shares overlap.
    let shares: Vec<String> = stage_ms
        .iter()
        .map(|(k, v)| format!("{k} {:.0}%", 100.0 * v / total_ms))
        .collect();
    println!(
        "  stage shares (without embedding; vector and keyword overlap): {}",
        shares.join(", ")
    );
    if !configs.is_empty() {
        compare_configs(&engine, &qs, configs).await?;
    }

    // Recall of the store's vector search against exact search over the same vectors: with k = 10,
    // and as recall searches (k = vector_k, then the ten best of those).
    let store = engine.store();
    let memories = engine.memories(None);
    let by_ext: std::collections::HashMap<&str, usize> = memories
        .iter()
        .filter_map(|m| {
            m.external_id
                .as_deref()
                .map(|x| (m.id.as_str(), x[1..].parse::<usize>().unwrap_or(0)))
        })
        .collect();
    let sample: Vec<&Vec<f32>> = qs.iter().map(|(_, q)| q).take(100).collect();
    let truth = exact_top10(&vectors, &sample);
    let k = mnemo_core::RetrievalConfig::default().vector_k as usize;
    let (mut at10, mut atk) = (0.0, 0.0);
    for (q, truth) in sample.iter().zip(&truth) {
        let found = |hits: Vec<mnemo_engine_store::SearchHit>| {
            hits.iter()
                .take(10)
                .filter(|h| by_ext.get(h.id.as_str()).is_some_and(|i| truth.contains(i)))
                .count() as f64
                / 10.0
        };
        at10 += found(
            store
                .vector_search(q, 10, &[], &[MemoryStatus::Active])
                .await?,
        );
        atk += found(
            store
                .vector_search(q, k, &[], &[MemoryStatus::Active])
                .await?,
        );
    }
    let n = sample.len() as f64;
    println!(
        "  vector search recall@10 vs exact ({} queries): {:.3} at k = 10, {:.3} at k = {k} as recall searches",
        sample.len(),
        at10 / n,
        atk / n
    );
    engine.close().await?;
    Ok(())
}

/// The default configuration and each given one on the same queries (without the embedding),
/// taken in turn query by query so that the machine's drift falls on all of them alike.
async fn compare_configs(
    engine: &Engine,
    qs: &[(String, Vec<f32>)],
    configs: &[(String, mnemo_core::RetrievalConfig)],
) -> Result<()> {
    let default = mnemo_core::RetrievalConfig::default();
    let all: Vec<(&str, &mnemo_core::RetrievalConfig)> = std::iter::once(("default", &default))
        .chain(configs.iter().map(|(n, c)| (n.as_str(), c)))
        .collect();
    let mut ms = vec![Vec::new(); all.len()];
    for (text, v) in qs {
        for ((_, cfg), ms) in all.iter().zip(&mut ms) {
            let r = recall(engine, text, Some(v.clone()), Some(cfg)).await?;
            ms.push(r.trace.total_ms);
        }
    }
    let base = percentile(&mut ms[0].clone(), 0.5);
    for ((name, _), ms) in all.iter().zip(&mut ms) {
        let p50 = percentile(ms, 0.5);
        println!(
            "  config {name:<24} without embedding: p50 {p50:6.2} ms   p95 {:6.2} ms   p50 {:.2}x default",
            percentile(ms, 0.95),
            p50 / base
        );
    }
    Ok(())
}

/// Each query's ten nearest vectors by brute force, one pass over the vectors for all queries.
fn exact_top10(
    vectors: &[Vec<f32>],
    queries: &[&Vec<f32>],
) -> Vec<std::collections::HashSet<usize>> {
    let mut best: Vec<Vec<(f32, usize)>> = vec![Vec::with_capacity(11); queries.len()];
    for (i, v) in vectors.iter().enumerate() {
        for (q, top) in queries.iter().zip(best.iter_mut()) {
            let score: f32 = v.iter().zip(q.iter()).map(|(a, b)| a * b).sum();
            if top.len() < 10 || score > top[top.len() - 1].0 {
                let at = top.partition_point(|(s, _)| *s >= score);
                top.insert(at, (score, i));
                top.truncate(10);
            }
        }
    }
    best.into_iter()
        .map(|top| top.into_iter().map(|(_, i)| i).collect())
        .collect()
}

async fn recall(
    engine: &Engine,
    text: &str,
    vector: Option<Vec<f32>>,
    config: Option<&mnemo_core::RetrievalConfig>,
) -> Result<mnemo_engine::RecallAnswer> {
    let q = RetrievalQuery {
        text: text.to_string(),
        limit: 10,
        ..Default::default()
    };
    Ok(engine
        .recall(
            q,
            RecallOptions {
                actor: "bench".into(),
                query_vector: vector,
                config: config.cloned(),
                ..Default::default()
            },
        )
        .await?)
}

/// Retrieval configurations from JSON files (missing fields take defaults), named by file stem.
fn read_configs(files: &[PathBuf]) -> Result<Vec<(String, mnemo_core::RetrievalConfig)>> {
    files
        .iter()
        .map(|f| {
            let text =
                std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
            let cfg: mnemo_core::RetrievalConfig =
                serde_json::from_str(&text).with_context(|| format!("parsing {}", f.display()))?;
            cfg.validate()
                .with_context(|| format!("checking {}", f.display()))?;
            let name = f.file_stem().map(|s| s.to_string_lossy().into_owned());
            Ok((name.unwrap_or_default(), cfg))
        })
        .collect()
}

async fn locomo(data: &std::path::Path, config_files: &[PathBuf]) -> Result<()> {
    let mut modes: Vec<(String, mnemo_core::RetrievalConfig)> = mnemo_eval::locomo::modes()
        .into_iter()
        .map(|(n, c)| (n.to_string(), c))
        .collect();
    modes.extend(read_configs(config_files)?);
    let files = locomo_files(data)?;
    let dir = tempfile::tempdir()?;
    let engine = open_temp(&dir).await?;
    let ks = [5, 10, 20];
    let t = Instant::now();
    let mut convs = Vec::new();
    for f in &files {
        let c = mnemo_eval::locomo::load(f)?;
        let space = mnemo_eval::locomo::import(&engine, &c).await?;
        convs.push((c, space));
    }
    let questions: usize = convs.iter().map(|(c, _)| c.questions.len()).sum();
    println!(
        "LoCoMo evidence recall: {} conversations ({}), {questions} questions with evidence; imported in {:.1} s",
        convs.len(),
        convs
            .iter()
            .map(|(c, _)| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        t.elapsed().as_secs_f64()
    );
    println!(
        "R = share of a question's evidence turns in the top k; any = share of questions with at least one"
    );
    println!(
        "{:<22} {:<12} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}",
        "configuration", "category", "n", "R@5", "R@10", "R@20", "any@5", "any@10", "any@20"
    );
    for (name, cfg) in &modes {
        let t = Instant::now();
        let mut scores = Vec::new();
        for (c, space) in &convs {
            scores.extend(mnemo_eval::locomo::score(&engine, space, c, cfg, &ks).await?);
        }
        let per_query_ms = t.elapsed().as_secs_f64() * 1e3 / scores.len().max(1) as f64;
        let mut by_category: BTreeMap<mnemo_eval::locomo::Category, Vec<_>> = BTreeMap::new();
        for s in &scores {
            by_category.entry(s.category).or_default().push(s);
        }
        let row = |label: &str, rows: &[&mnemo_eval::locomo::QuestionScore], extra: String| {
            let n = rows.len().max(1) as f64;
            let mean = |f: &dyn Fn(&mnemo_eval::locomo::QuestionScore) -> f64| {
                rows.iter().map(|s| f(s)).sum::<f64>() / n
            };
            println!(
                "{:<22} {:<12} {:>5}  {:>6.3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3} {:>6.3}{extra}",
                name,
                label,
                rows.len(),
                mean(&|s| s.recall[0]),
                mean(&|s| s.recall[1]),
                mean(&|s| s.recall[2]),
                mean(&|s| s.any[0]),
                mean(&|s| s.any[1]),
                mean(&|s| s.any[2]),
            );
        };
        let all: Vec<_> = scores.iter().collect();
        row("all", &all, format!("  ({per_query_ms:.1} ms/query)"));
        for (cat, rows) in &by_category {
            row(cat.name(), rows, String::new());
        }
    }
    println!(
        "baseline (plain BM25 over \"speaker: text\", from the data set's README): R@5 0.44  R@10 0.54  R@20 0.60"
    );
    let _ = StageKind::Rerank;
    engine.close().await?;
    Ok(())
}

fn data_shape(data: &std::path::Path, style: &[f32]) -> Result<()> {
    let mut texts = Vec::new();
    for f in locomo_files(data)? {
        let c = mnemo_eval::locomo::load(&f)?;
        texts.extend(c.lines.into_iter().map(|l| l.text));
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let embedder = mnemo_embed::PocketEmbedder::new()?;
    let real = embedder.embed_batch(&refs)?;
    let n = real.len();
    println!("shape of vector sets, from 20 nearest neighbours of 300 of their points:");
    let show = |name: &str, vs: &[Vec<f32>]| {
        let s = mnemo_eval::shape::measure(vs, 300, 20);
        println!(
            "  {name:<40} intrinsic dim {:5.1}  cos nearest {:.3}  20th {:.3}  any pair {:.3}",
            s.lid, s.nearest, s.kth, s.mean
        );
    };
    show(&format!("LoCoMo turns, bundled embedder ({n})"), &real);
    let style = match style {
        [c, t, s, w, r, noise] => mnemo_eval::synthetic::Style {
            common: *c,
            topic: *t,
            subtopic: *s,
            within: *w,
            rank: *r as usize,
            noise: *noise,
        },
        _ => Default::default(),
    };
    println!("  synthetic: {style:?}");
    for size in [n, 20_000, 100_000] {
        let vs: Vec<Vec<f32>> = mnemo_eval::synthetic::memories_styled(
            size,
            embedder.dimensions(),
            embedder.id(),
            11,
            style,
        )
        .inputs
        .into_iter()
        .filter_map(|m| m.vector)
        .collect();
        show(&format!("synthetic ({size})"), &vs);
    }
    Ok(())
}

fn locomo_files(data: &std::path::Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data)
        .with_context(|| format!("reading {}", data.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(files)
}

async fn search(
    uri: &Location,
    queries: usize,
    scope_indexes: bool,
    only: Option<&str>,
) -> Result<()> {
    use mnemo_store::VectorTuning;
    let probes = |n: usize| VectorTuning {
        nprobes: Some(n),
        ..VectorTuning::STANDARD
    };
    let engine = crate::open_engine(uri).await?;
    let store = engine.store();
    if scope_indexes {
        let t = Instant::now();
        store.ensure_scalar_indexes().await?;
        println!("scope indexes built in {:.1} s", t.elapsed().as_secs_f64());
    }
    println!("{uri}: {} memories", store.counts().await?.memories);
    // Queries as `bench query` makes them: drawn like the memories of `make-store` (seed 11).
    let space = mnemo_eval::synthetic::memories(
        0,
        engine.embedder().dimensions(),
        engine.embedder().id(),
        11,
    )
    .space;
    let mut rng = Rng::new(42);
    let qs: Vec<Vec<f32>> = (0..queries).map(|_| space.sample(&mut rng)).collect();
    let texts: Vec<String> = (0..queries).map(|_| sentence(&mut rng)).collect();
    let active = [MemoryStatus::Active];
    let exact = VectorTuning {
        exact: true,
        ..Default::default()
    };
    let variants: Vec<(&str, VectorTuning, bool)> = vec![
        ("exact, no filter", exact.clone(), false),
        (
            "standard (as recall searches)",
            VectorTuning::STANDARD,
            false,
        ),
        ("standard, status filter", VectorTuning::STANDARD, true),
        ("default, status filter", VectorTuning::default(), true),
        ("default, no filter", VectorTuning::default(), false),
        (
            "nprobes 16",
            VectorTuning {
                nprobes: Some(16),
                ..Default::default()
            },
            false,
        ),
        (
            "nprobes 32",
            VectorTuning {
                nprobes: Some(32),
                ..Default::default()
            },
            false,
        ),
        (
            "ef 100",
            VectorTuning {
                ef: Some(100),
                ..Default::default()
            },
            false,
        ),
        (
            "ef 200",
            VectorTuning {
                ef: Some(200),
                ..Default::default()
            },
            false,
        ),
        (
            "refine 2",
            VectorTuning {
                refine_factor: Some(2),
                ..Default::default()
            },
            false,
        ),
        (
            "ef 100 refine 1",
            VectorTuning {
                ef: Some(100),
                refine_factor: Some(1),
                ..Default::default()
            },
            false,
        ),
        (
            "ef 100 refine 2",
            VectorTuning {
                ef: Some(100),
                refine_factor: Some(2),
                ..Default::default()
            },
            false,
        ),
        (
            "ef 200 refine 1",
            VectorTuning {
                ef: Some(200),
                refine_factor: Some(1),
                ..Default::default()
            },
            false,
        ),
        (
            "ef 400 refine 1",
            VectorTuning {
                ef: Some(400),
                refine_factor: Some(1),
                ..Default::default()
            },
            false,
        ),
        // Wider probing, for large stores (a million memories has 500 partitions).
        ("nprobes 64 ef 200 refine 1", probes(64), false),
    ];
    let variants: Vec<_> = variants
        .into_iter()
        .filter(|(name, _, _)| only.is_none_or(|o| name.contains(o)))
        .collect();
    // The exact search is the slowest part of this benchmark: only when a variant needs it.
    let mut truth = Vec::new();
    for q in qs.iter().filter(|_| !variants.is_empty()) {
        let hits = store.vector_search_tuned(q, 10, &[], &[], &exact).await?;
        truth.push(
            hits.into_iter()
                .map(|h| h.id)
                .collect::<std::collections::HashSet<_>>(),
        );
    }
    for (name, tuning, filtered) in &variants {
        let statuses: &[MemoryStatus] = if *filtered { &active } else { &[] };
        for q in qs.iter().take(3) {
            store
                .vector_search_tuned(q, 50, &[], statuses, tuning)
                .await?;
        }
        let mut ms = Vec::new();
        let (mut rec50, mut rec10) = (0.0, 0.0);
        for (q, t) in qs.iter().zip(&truth) {
            let start = Instant::now();
            let hits = store
                .vector_search_tuned(q, 50, &[], statuses, tuning)
                .await?;
            ms.push(start.elapsed().as_secs_f64() * 1e3);
            rec50 += hits.iter().take(10).filter(|h| t.contains(&h.id)).count() as f64 / 10.0;
            let hits = store
                .vector_search_tuned(q, 10, &[], statuses, tuning)
                .await?;
            rec10 += hits.iter().filter(|h| t.contains(&h.id)).count() as f64 / 10.0;
        }
        println!(
            "  vector {name:<34} k=50: p50 {:6.2} ms  p95 {:6.2} ms  recall@10 {:.3};  k=10: recall@10 {:.3}",
            percentile(&mut ms.clone(), 0.5),
            percentile(&mut ms, 0.95),
            rec50 / qs.len() as f64,
            rec10 / qs.len() as f64
        );
    }
    // Both channels of one query, as recall runs them: concurrently, and one after the other.
    if only.is_none_or(|o| "both".contains(o)) {
        let cfg = mnemo_core::RetrievalConfig::default();
        let (vector_k, keyword_k) = (cfg.vector_k as usize, cfg.keyword_k as usize);
        let (mut conc, mut seq) = (Vec::new(), Vec::new());
        for (q, t) in qs.iter().zip(&texts) {
            let start = Instant::now();
            let (a, b) = tokio::join!(
                store.vector_search_tuned(q, vector_k, &[], &[], &VectorTuning::STANDARD),
                store.keyword_search(t, keyword_k, &[], &[])
            );
            a?;
            b?;
            conc.push(start.elapsed().as_secs_f64() * 1e3);
            let start = Instant::now();
            store
                .vector_search_tuned(q, vector_k, &[], &[], &VectorTuning::STANDARD)
                .await?;
            store.keyword_search(t, keyword_k, &[], &[]).await?;
            seq.push(start.elapsed().as_secs_f64() * 1e3);
        }
        println!(
            "  both channels concurrently                p50 {:6.2} ms  p95 {:6.2} ms",
            percentile(&mut conc.clone(), 0.5),
            percentile(&mut conc, 0.95)
        );
        println!(
            "  both channels one after the other         p50 {:6.2} ms  p95 {:6.2} ms",
            percentile(&mut seq.clone(), 0.5),
            percentile(&mut seq, 0.95)
        );
    }
    // The keyword search at the default depth, filtered as a scoped recall is, then at other
    // depths: BM25's top-k search skips less of the posting lists the deeper it goes.
    let depth = mnemo_core::RetrievalConfig::default().keyword_k as usize;
    let mut keyword_variants = vec![(format!("keyword k={depth}, status filter"), depth, true)];
    for k in std::collections::BTreeSet::from([10, depth, 30, 50]) {
        keyword_variants.push((format!("keyword k={k}, no filter"), k, false));
    }
    for (name, k, filtered) in keyword_variants {
        if only.is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let statuses: &[MemoryStatus] = if filtered { &active } else { &[] };
        let mut ms = Vec::new();
        for t in &texts {
            let start = Instant::now();
            store.keyword_search(t, k, &[], statuses).await?;
            ms.push(start.elapsed().as_secs_f64() * 1e3);
        }
        println!(
            "  {name:<41} p50 {:6.2} ms  p95 {:6.2} ms",
            percentile(&mut ms.clone(), 0.5),
            percentile(&mut ms, 0.95)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_take_defaults_for_missing_fields_and_are_named_by_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("keyword50.json");
        std::fs::write(&f, r#"{"keyword_k": 50}"#).unwrap();
        let configs = read_configs(&[f]).unwrap();
        assert_eq!(configs.len(), 1);
        assert_eq!(configs[0].0, "keyword50");
        let expected = mnemo_core::RetrievalConfig {
            keyword_k: 50,
            ..Default::default()
        };
        assert_eq!(configs[0].1, expected);
    }

    #[test]
    fn a_config_out_of_bounds_names_its_file_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("deep.json");
        std::fs::write(&f, r#"{"keyword_k": 5000}"#).unwrap();
        let err = format!("{:#}", read_configs(&[f]).unwrap_err());
        assert!(err.contains("deep.json"), "{err}");
        assert!(err.contains("keyword_k"), "{err}");
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, r#"{"keyword_k": "many"}"#).unwrap();
        let err = format!("{:#}", read_configs(&[bad]).unwrap_err());
        assert!(err.contains("parsing") && err.contains("bad.json"), "{err}");
    }
}
