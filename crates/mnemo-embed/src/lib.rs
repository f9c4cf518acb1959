//! Embedders: the trait, and the bundled offline pocket-encoder model run in parallel batches.
//!
//! [`PocketEmbedder`] produces the coordinates of `pocket_encoder::Encoder` (same weights,
//! tokenizer, network and pooling, so the same [`Embedder::id`]), several times faster:
//! texts are tokenised on every core, packed into groups of about a thousand tokens, and
//! each group goes through one forward pass (see `batched.rs`); the groups are spread over
//! all cores. Nothing is downloaded at build or run time: the model is the one compiled
//! into pocket-encoder. All work is CPU-bound and blocking; from async code call it inside
//! `tokio::task::spawn_blocking` (or an equivalent).
//!
//! ```no_run
//! use mnemo_embed::{Embedder, PocketEmbedder};
//!
//! let embedder = PocketEmbedder::new()?; // loads the weights once per process
//! let vectors = embedder.embed_batch(&["Alice prefers tea.", "Renew the car insurance."])?;
//! assert_eq!(vectors[0].len(), embedder.dimensions());
//! let space: &str = embedder.id(); // store it with every vector
//! # let _ = space;
//! # Ok::<(), mnemo_core::Error>(())
//! ```

#[cfg(mnemo_embed_batched)]
mod batched;

use mnemo_core::Error;
use rayon::prelude::*;
use std::sync::Arc;
use std::time::Instant;

/// Something that turns texts into unit vectors of one fixed coordinate space.
pub trait Embedder: Send + Sync {
    /// Stable identity of the coordinate space (stored with every vector).
    fn id(&self) -> &str;

    /// Number of coordinates of every vector.
    fn dimensions(&self) -> usize;

    /// One unit vector per text, in order. Accepts any number of texts (chunked
    /// internally) and uses all cores it was configured for. Blocks until done.
    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error>;

    /// The unit vector of one text.
    fn embed_one(&self, text: &str) -> Result<Vec<f32>, Error> {
        self.embed_batch(&[text])?
            .pop()
            .ok_or_else(|| Error::Embedding("the embedder returned no vector".into()))
    }
}

/// pocket-encoder's input limit per text; kept so both strategies reject the same inputs.
/// Only the first 128 tokens count anyway: longer documents must be chunked by the caller.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Texts per call of pocket-encoder's own `embed` in the unbatched strategy: small enough
/// to balance threads, and far below its limits (4096 texts, 4 MiB per call).
const UNBATCHED_CHUNK: usize = 16;

/// Texts tokenised per job; tokenising is cheap, so jobs only need to amortise the queue.
#[cfg(mnemo_embed_batched)]
const TOKENIZE_CHUNK: usize = 64;

/// Tokens per forward pass (all layers of a group run before the next group starts): big
/// enough for efficient matrix products, small enough that a group's activations stay
/// in cache, and several groups per large batch so that all threads get work.
#[cfg(mnemo_embed_batched)]
const MAX_GROUP_TOKENS: usize = 1024;

/// The bundled pocket-encoder model (MiniLM-L3, 384 coordinates), run on all cores.
///
/// Cheap to clone: clones share the weights (and the thread pool, if any). Loading
/// happens once per process (about 70 MB of F32 weights per strategy used).
#[derive(Clone)]
pub struct PocketEmbedder {
    id: String,
    dimensions: usize,
    /// The process's embedding pool (see [`shared_pool`]) unless [`Self::with_threads`] gave
    /// another; None only if its threads could not start: rayon's global pool then.
    pool: Option<Arc<rayon::ThreadPool>>,
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    /// Groups of texts per forward pass over the same weights (see `batched.rs`).
    #[cfg(mnemo_embed_batched)]
    Batched(Arc<batched::Model>),
    /// pocket-encoder's own encoder, one text per forward pass, on several threads.
    Unbatched(pocket_encoder::Encoder),
}

impl PocketEmbedder {
    /// The fastest strategy available on this build: batched forward passes over the
    /// bundled weights where they could be compiled in, otherwise [`Self::unbatched`].
    pub fn new() -> Result<Self, Error> {
        #[cfg(mnemo_embed_batched)]
        {
            use std::sync::OnceLock;
            static MODEL: OnceLock<Result<Arc<batched::Model>, String>> = OnceLock::new();
            let loaded = MODEL.get_or_init(|| {
                batched::Model::load().map(Arc::new).inspect_err(|e| {
                    // Same vectors either way; only speed is lost, so keep working.
                    tracing::warn!(
                        error = %e,
                        "batched model unavailable; embedding one text per forward pass"
                    )
                })
            });
            match loaded {
                Ok(model) => Ok(Self::with_backend(Backend::Batched(model.clone()))),
                Err(_) => Self::unbatched(),
            }
        }
        #[cfg(not(mnemo_embed_batched))]
        Self::unbatched()
    }

    /// pocket-encoder's own encoder (one forward pass per text) on every core. Same
    /// vectors as [`Self::new`], several times slower on many short texts; kept for
    /// builds without the batched path and for comparison.
    pub fn unbatched() -> Result<Self, Error> {
        let encoder = pocket_encoder::Encoder::new()
            .map_err(|e| Error::Embedding(format!("cannot load the bundled model: {e}")))?;
        Ok(Self::with_backend(Backend::Unbatched(encoder)))
    }

    fn with_backend(backend: Backend) -> Self {
        let info = pocket_encoder::model_info();
        Self {
            id: info.id,
            dimensions: info.dimensions,
            pool: shared_pool(),
            backend,
        }
    }

    /// Runs this embedder's work on a dedicated pool of `threads` threads (at least 1)
    /// instead of rayon's global pool, e.g. to leave a core to a UI. The matrix products
    /// inside a call then also stay on those threads.
    pub fn with_threads(mut self, threads: usize) -> Result<Self, Error> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .thread_name(|i| format!("mnemo-embed-{i}"))
            .build()
            .map_err(|e| Error::Embedding(format!("cannot start embedding threads: {e}")))?;
        self.pool = Some(Arc::new(pool));
        Ok(self)
    }

    /// Threads one call uses at most.
    pub fn threads(&self) -> usize {
        match &self.pool {
            Some(pool) => pool.current_num_threads(),
            None => rayon::current_num_threads(),
        }
    }

    /// Whether this embedder runs many texts per forward pass (true) or one.
    pub fn is_batched(&self) -> bool {
        match self.backend {
            #[cfg(mnemo_embed_batched)]
            Backend::Batched(_) => true,
            Backend::Unbatched(_) => false,
        }
    }

    /// The complete coordinate-space identity (weights and tokenizer checksums, pooling),
    /// for callers that store more than [`Embedder::id`].
    pub fn model_info(&self) -> pocket_encoder::ModelInfo {
        pocket_encoder::model_info()
    }

    #[cfg(mnemo_embed_batched)]
    fn embed_batched(
        &self,
        model: &batched::Model,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>, Error> {
        let tokens = run_jobs(texts.len().div_ceil(TOKENIZE_CHUNK), |job| {
            let start = job * TOKENIZE_CHUNK;
            let end = (start + TOKENIZE_CHUNK).min(texts.len());
            (start..end)
                .map(|i| {
                    model
                        .tokenize(texts[i])
                        .map_err(|e| Error::Embedding(format!("texts[{i}]: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()
        })?
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();

        // Consecutive texts up to a token budget per group: tokens are packed without
        // padding, so lengths need not match, and equal budgets balance the threads.
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        let mut used = 0;
        for (i, t) in tokens.iter().enumerate() {
            if i > start && used + t.len() > MAX_GROUP_TOKENS {
                groups.push(start..i);
                start = i;
                used = 0;
            }
            used += t.len();
        }
        groups.push(start..tokens.len());

        // With fewer groups than threads (short inputs, single queries), the matrix
        // products themselves are split over the threads instead.
        let split_products = groups.len() < rayon::current_num_threads();
        let vectors = run_jobs(groups.len(), |job| {
            let range = groups[job].clone();
            let members: Vec<_> = tokens[range.clone()].iter().collect();
            range
                .zip(model.pooled(&members, split_products))
                .map(|(i, pooled)| {
                    normalize(pooled).map_err(|e| Error::Embedding(format!("texts[{i}]: {e}")))
                })
                .collect::<Result<Vec<_>, _>>()
        })?;
        tracing::trace!(groups = groups.len(), "batched forward passes");
        Ok(vectors.into_iter().flatten().collect())
    }

    fn embed_unbatched(
        &self,
        encoder: &pocket_encoder::Encoder,
        texts: &[&str],
    ) -> Result<Vec<Vec<f32>>, Error> {
        let chunks = run_jobs(texts.len().div_ceil(UNBATCHED_CHUNK), |job| {
            let start = job * UNBATCHED_CHUNK;
            let end = (start + UNBATCHED_CHUNK).min(texts.len());
            encoder
                .embed(&texts[start..end])
                .map_err(|e| Error::Embedding(format!("texts[{start}..{end}]: {e}")))
        })?;
        Ok(chunks.into_iter().flatten().collect())
    }
}

impl Embedder for PocketEmbedder {
    fn id(&self) -> &str {
        &self.id
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        validate(texts)?;
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let started = Instant::now();
        let run = || match &self.backend {
            #[cfg(mnemo_embed_batched)]
            Backend::Batched(model) => self.embed_batched(model, texts),
            Backend::Unbatched(encoder) => self.embed_unbatched(encoder, texts),
        };
        let vectors = match &self.pool {
            Some(pool) => pool.install(run)?,
            None => run()?,
        };
        tracing::debug!(
            texts = texts.len(),
            threads = self.threads(),
            batched = self.is_batched(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "embedded texts"
        );
        Ok(vectors)
    }
}

/// One pool for every embedder of the process, a thread per core (unless `RAYON_NUM_THREADS`
/// says otherwise), apart from rayon's global pool: LanceDB builds its vector indexes on the
/// global pool, and a pass queued behind that work waited seconds (measured: a 20-text pass of
/// 30 ms took 2.1 s and 5.3 s while 20 agents wrote and an index segment was built). With
/// threads of its own, a pass shares the cores with an index build instead of waiting for it.
fn shared_pool() -> Option<Arc<rayon::ThreadPool>> {
    static POOL: std::sync::OnceLock<Option<Arc<rayon::ThreadPool>>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        // rayon's builder sizes the pool from `RAYON_NUM_THREADS`, else the core count.
        (rayon::ThreadPoolBuilder::new())
            .thread_name(|i| format!("mnemo-embed-{i}"))
            .build()
            .inspect_err(|e| tracing::warn!(error = %e, "embedding threads did not start"))
            .ok()
            .map(Arc::new)
    })
    .clone()
}

/// Rejects what pocket-encoder rejects, naming the offending input by its index.
fn validate(texts: &[&str]) -> Result<(), Error> {
    for (i, text) in texts.iter().enumerate() {
        if text.trim().is_empty() {
            return Err(Error::invalid(
                format!("texts[{i}]"),
                "text is empty or only whitespace",
            ));
        }
        if text.len() > MAX_TEXT_BYTES {
            return Err(Error::invalid(
                format!("texts[{i}]"),
                format!(
                    "text is {} bytes, over the {MAX_TEXT_BYTES}-byte limit; split it into chunks",
                    text.len()
                ),
            ));
        }
    }
    Ok(())
}

/// L2 normalisation exactly as pocket-encoder does it (in f64), so vectors match bit for bit
/// whenever the pooled sums do.
#[cfg(mnemo_embed_batched)]
fn normalize(pooled: Vec<f32>) -> Result<Vec<f32>, &'static str> {
    let norm = pooled
        .iter()
        .map(|v| (*v as f64).powi(2))
        .sum::<f64>()
        .sqrt();
    if !norm.is_finite() || norm <= 0.0 {
        return Err("non-finite or zero embedding");
    }
    Ok(pooled
        .into_iter()
        .map(|v| (v as f64 / norm) as f32)
        .collect())
}

/// Runs `work(0..jobs)` in parallel and returns the results in job order.
///
/// The jobs run as rayon tasks, because gemm (the matrix products of Candle, so of
/// pocket-encoder, and of `batched.rs`) already splits large products over rayon's pool:
/// one started from a pool thread shares that pool instead of adding threads of its own,
/// so the machine is never oversubscribed (measured: scoped threads on top of gemm's were
/// slower than one thread), and idle threads steal work, so uneven jobs still keep every
/// core busy.
fn run_jobs<T: Send>(
    jobs: usize,
    work: impl Fn(usize) -> Result<T, Error> + Sync + Send,
) -> Result<Vec<T>, Error> {
    (0..jobs).into_par_iter().map(work).collect()
}
