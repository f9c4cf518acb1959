//! Embedding requests that wait together share one model pass: many agents adding one memory at
//! a time, or recalling at once, cost a few batched passes instead of one small pass each (whose
//! buffers and thread hand-offs cost nearly what a pass over sixteen texts does).

use mnemo_core::{Error, Result};
use mnemo_embed::Embedder;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// At most this many texts go into one pass.
const MAX_TEXTS: usize = 256;
/// While requests keep coming (the last pass ended within [`BUSY`]), a pass waits this long
/// for more before it starts: agents answered together ask again together, a millisecond or
/// two apart, and one pass for all of them costs far less than a pass for the first alone and
/// another for the rest. A lone request never waits.
const GATHER: Duration = Duration::from_millis(2);
const BUSY: Duration = Duration::from_millis(100);

struct Job {
    texts: Vec<String>,
    reply: oneshot::Sender<Result<Vec<Vec<f32>>>>,
}

/// A handle on the queue; the task behind it stops when every handle is gone.
#[derive(Clone)]
pub struct EmbedQueue {
    jobs: mpsc::UnboundedSender<Job>,
    /// Passes run so far (the tests read it).
    #[cfg_attr(not(test), allow(dead_code))]
    passes: Arc<AtomicUsize>,
}

impl EmbedQueue {
    /// Starts the queue's task (inside a tokio runtime).
    pub fn start(embedder: Arc<dyn Embedder>) -> EmbedQueue {
        let (jobs, rx) = mpsc::unbounded_channel();
        let passes = Arc::new(AtomicUsize::new(0));
        tokio::spawn(run(rx, embedder, passes.clone()));
        EmbedQueue { jobs, passes }
    }

    #[cfg(test)]
    fn passes(&self) -> usize {
        self.passes.load(Ordering::Relaxed)
    }

    /// The texts' vectors, in order, from a pass shared with whatever else is waiting.
    pub async fn embed(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let (reply, answer) = oneshot::channel();
        (self.jobs.send(Job { texts, reply }))
            .map_err(|_| Error::Embedding("the embedding queue has stopped".into()))?;
        answer
            .await
            .map_err(|_| Error::Embedding("the embedding queue stopped before answering".into()))?
    }
}

/// One pass at a time; the jobs that arrive during a pass make up the next one.
async fn run(
    mut rx: mpsc::UnboundedReceiver<Job>,
    embedder: Arc<dyn Embedder>,
    passes: Arc<AtomicUsize>,
) {
    let mut last_pass: Option<Instant> = None;
    while let Some(first) = rx.recv().await {
        passes.fetch_add(1, Ordering::Relaxed);
        let busy = last_pass.is_some_and(|t| t.elapsed() < BUSY);
        let gather_until = Instant::now() + if busy { GATHER } else { Duration::ZERO };
        let mut jobs = vec![first];
        let mut n = jobs[0].texts.len();
        while n < MAX_TEXTS {
            let job = match rx.try_recv() {
                Ok(job) => job,
                Err(_) if Instant::now() >= gather_until => break,
                Err(_) => match tokio::time::timeout_at(gather_until, rx.recv()).await {
                    Ok(Some(job)) => job,
                    _ => break,
                },
            };
            n += job.texts.len();
            jobs.push(job);
        }
        let started = Instant::now();
        let texts: Vec<String> = jobs.iter().flat_map(|j| j.texts.iter().cloned()).collect();
        let e = embedder.clone();
        let pass = tokio::task::spawn_blocking(move || {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            e.embed_batch(&refs)
        })
        .await;
        let vectors = match pass {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(Error::Embedding(e.to_string())),
            Err(e) => Err(Error::Embedding(format!("embedding task failed: {e}"))),
        };
        let ms = started.elapsed().as_secs_f64() * 1e3;
        tracing::debug!(texts = n, requests = jobs.len(), ms, "embedding pass");
        answer(jobs, vectors);
        last_pass = Some(Instant::now());
    }
}

/// Hands each job its share of the pass, in order.
fn answer(jobs: Vec<Job>, vectors: Result<Vec<Vec<f32>>>) {
    match vectors {
        Ok(all) => {
            let mut all = all.into_iter();
            for job in jobs {
                let mine: Vec<Vec<f32>> = all.by_ref().take(job.texts.len()).collect();
                let _ = job.reply.send(Ok(mine));
            }
        }
        Err(e) => {
            for job in jobs {
                let _ = job.reply.send(Err(e.clone()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn requests_waiting_together_share_a_pass_and_each_gets_its_own_vectors() {
        let model = Arc::new(mnemo_embed::PocketEmbedder::new().unwrap());
        let queue = EmbedQueue::start(model.clone());
        let text = |i: usize| format!("Memory number {i} is about {}", "things ".repeat(i % 5));
        let asks = (0..24).map(|i| {
            let q = queue.clone();
            async move { (i, q.embed(vec![text(i), text(i + 100)]).await.unwrap()) }
        });
        for (i, got) in futures::future::join_all(asks).await {
            for (v, t) in got.iter().zip([text(i), text(i + 100)]) {
                let alone = model.embed_one(&t).unwrap();
                let cos: f32 = v.iter().zip(&alone).map(|(a, b)| a * b).sum();
                assert!(cos > 0.999, "request {i} got another text's vector ({cos})");
            }
        }
        assert!(
            queue.passes() < 24,
            "24 requests took {} passes",
            queue.passes()
        );
    }
}
