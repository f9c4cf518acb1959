//! Exact top-k nearest vectors above a threshold for many queries at once (int8 prefilter, f32 scores).

#[cfg(target_arch = "x86_64")]
mod avx2;
mod int8;
#[cfg(target_arch = "x86_64")]
mod vnni;

use int8::{Kernel, Prefilter};
use std::cmp::Ordering;
use std::ops::Range;

/// Below this many query-target pairs, one thread does the work (spawning costs more).
const PARALLEL_PAIRS: usize = 1 << 20;
/// From this many queries on, the int8 prefilter pays for quantising the targets.
const PREFILTER_QUERIES: usize = 16;
/// Queries per unit of work handed to a thread.
const UNIT: usize = 64;

/// The score of two vectors: their dot product (their cosine, for unit vectors). Every path
/// scores with this function, in this summation order, so all give bit-identical scores.
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    const L: usize = 16;
    let mut acc = [0f32; L];
    let (ca, ra) = a.as_chunks::<L>();
    let (cb, rb) = b.as_chunks::<L>();
    for (x, y) in ca.iter().zip(cb) {
        for l in 0..L {
            acc[l] += x[l] * y[l];
        }
    }
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    let mut width = L;
    while width > 1 {
        width /= 2;
        for l in 0..width {
            acc[l] += acc[l + width];
        }
    }
    acc[0] + tail
}

/// Query-target dimension products per second that [`top_k`] reaches on this CPU, about (2 cores).
pub(crate) fn products_per_sec() -> f64 {
    match Kernel::detect() {
        #[cfg(target_arch = "x86_64")]
        Some(Kernel::Vnni) => 1e11,
        #[cfg(target_arch = "x86_64")]
        Some(Kernel::Avx2) => 4e10,
        None => 5e9,
    }
}

/// A hit: target index and score.
pub(crate) type Hit = (usize, f32);

/// For each query, the targets in `range(query)` scoring at least `threshold`: at most `k`,
/// best first, equal scores in `order` of their targets.
pub(crate) fn top_k(
    queries: &[&[f32]],
    targets: &[&[f32]],
    range: impl Fn(usize) -> Range<usize> + Sync,
    order: impl Fn(usize, usize) -> Ordering + Sync,
    threshold: f32,
    k: usize,
) -> Vec<Vec<Hit>> {
    // Quantising the targets costs about one exact pass over them: worth it for many queries.
    let filter = || {
        (queries.len() >= PREFILTER_QUERIES)
            .then(|| Prefilter::new(queries, targets, threshold))
            .flatten()
    };
    top_k_by(queries, targets, range, order, threshold, k, filter)
}

/// Targets kept coded for the int8 prefilter, updated one at a time as their owner's vectors
/// change (the link index's): [`top_k_coded`] then prefilters even a single query, which alone
/// would not pay for quantising every target.
pub(crate) struct CodedTargets(int8::Targets);

impl CodedTargets {
    /// None when this CPU has no int8 kernel.
    pub(crate) fn new(vector_len: usize) -> Option<Self> {
        Some(CodedTargets(int8::Targets::new(
            Kernel::detect()?,
            vector_len,
        )))
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    pub(crate) fn vector_len(&self) -> usize {
        self.0.vector_len()
    }

    /// Codes `v` as target `t`: the next one (`t == len`) or in place of one.
    pub(crate) fn set(&mut self, t: usize, v: &[f32]) {
        self.0.set(t, v);
    }

    /// The last target takes `t`'s place, as `Vec::swap_remove`.
    pub(crate) fn swap_remove(&mut self, t: usize) {
        self.0.swap_remove(t);
    }
}

/// [`top_k`] over every target, prefiltered by `coded`, which must code `targets` as they are.
pub(crate) fn top_k_coded(
    queries: &[&[f32]],
    targets: &[&[f32]],
    coded: &CodedTargets,
    order: impl Fn(usize, usize) -> Ordering + Sync,
    threshold: f32,
    k: usize,
) -> Vec<Vec<Hit>> {
    debug_assert_eq!(coded.len(), targets.len(), "the codes follow the targets");
    let filter = || Prefilter::over(&coded.0, queries, threshold);
    top_k_by(
        queries,
        targets,
        |_| 0..targets.len(),
        order,
        threshold,
        k,
        filter,
    )
}

/// [`top_k`] with the prefilter `filter` makes (none: every pair in range is scored).
fn top_k_by<'t>(
    queries: &[&[f32]],
    targets: &[&[f32]],
    range: impl Fn(usize) -> Range<usize> + Sync,
    order: impl Fn(usize, usize) -> Ordering + Sync,
    threshold: f32,
    k: usize,
    filter: impl FnOnce() -> Option<Prefilter<'t>>,
) -> Vec<Vec<Hit>> {
    let mut out = vec![Vec::new(); queries.len()];
    if k == 0 || targets.is_empty() {
        return out;
    }
    let search = Search {
        queries,
        targets,
        range: &range,
        order: &order,
        threshold,
        k,
        filter: filter(),
    };
    let pairs: usize = (0..queries.len()).map(|q| range(q).len()).sum();
    // A single add scores a few thousand pairs: decide that before asking the OS for cores.
    let threads = if pairs < PARALLEL_PAIRS { 1 } else { cores() };
    if threads == 1 {
        search.run(0, &mut out);
        return out;
    }
    // Units dealt round-robin: the cost per query varies smoothly, so each thread gets a fair share.
    let mut shares: Vec<Vec<(usize, &mut [Vec<Hit>])>> = (0..threads).map(|_| Vec::new()).collect();
    for (u, chunk) in out.chunks_mut(UNIT).enumerate() {
        shares[u % threads].push((u * UNIT, chunk));
    }
    std::thread::scope(|s| {
        for share in shares {
            let search = &search;
            s.spawn(move || {
                for (first, chunk) in share {
                    search.run(first, chunk);
                }
            });
        }
    });
    out
}

struct Search<'a, 't, R, O> {
    queries: &'a [&'a [f32]],
    targets: &'a [&'a [f32]],
    range: &'a R,
    order: &'a O,
    threshold: f32,
    k: usize,
    filter: Option<Prefilter<'t>>,
}

impl<R, O> Search<'_, '_, R, O>
where
    R: Fn(usize) -> Range<usize> + Sync,
    O: Fn(usize, usize) -> Ordering + Sync,
{
    /// Fills `out` with the hits of queries `first..first + out.len()`.
    fn run(&self, first: usize, out: &mut [Vec<Hit>]) {
        match &self.filter {
            // Once a query's top k is full, only pairs beating its last may still enter.
            Some(f) => f.candidates(first, out.len(), self.range, &mut |q, t| {
                let hits = &mut out[q - first];
                self.score(q, t, hits);
                (hits.len() == self.k).then(|| hits[self.k - 1].1)
            }),
            // A few queries per pass over their targets, which then come from cache.
            None => {
                for (block, hits) in out.chunks_mut(8).enumerate() {
                    let q0 = first + block * 8;
                    let ranges: Vec<Range<usize>> = (q0..q0 + hits.len()).map(self.range).collect();
                    let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
                    let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
                    for t in lo..hi {
                        for (i, _) in ranges.iter().enumerate().filter(|(_, r)| r.contains(&t)) {
                            self.score(q0 + i, t, &mut hits[i]);
                        }
                    }
                }
            }
        }
    }

    fn score(&self, q: usize, t: usize, hits: &mut Vec<Hit>) {
        let s = dot(self.queries[q], self.targets[t]);
        if s >= self.threshold {
            offer(hits, (t, s), self.k, self.order);
        }
    }
}

/// Keeps `hits` the best `k` seen, best first.
fn offer(hits: &mut Vec<Hit>, hit: Hit, k: usize, order: &impl Fn(usize, usize) -> Ordering) {
    let cmp = |a: &Hit, b: &Hit| b.1.total_cmp(&a.1).then_with(|| order(a.0, b.0));
    if hits.len() == k && cmp(&hit, &hits[k - 1]) != Ordering::Less {
        return;
    }
    let at = hits.partition_point(|h| cmp(h, &hit) == Ordering::Less);
    hits.insert(at, hit);
    hits.truncate(k);
}

#[cfg(test)]
mod tests {
    use super::int8::quantize;
    use super::*;

    /// Every kernel this CPU runs (the fastest first).
    fn kernels() -> Vec<Kernel> {
        let mut all = Vec::new();
        #[cfg(target_arch = "x86_64")]
        {
            if vnni::available() {
                all.push(Kernel::Vnni);
            }
            if avx2::available() {
                all.push(Kernel::Avx2);
            }
        }
        all
    }

    /// A xorshift generator: deterministic, no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn unit(&mut self) -> f32 {
            (self.next() >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        }
    }

    fn normalised(mut v: Vec<f32>) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= n);
        v
    }

    /// Unit vectors around a few unit centres, each moved by noise of norm up to `spread`, so
    /// that the pairs' scores spread over the whole range and many land near any threshold.
    fn clustered(rng: &mut Rng, n: usize, dims: usize, spread: f32) -> Vec<Vec<f32>> {
        let random = |rng: &mut Rng| normalised((0..dims).map(|_| rng.unit()).collect());
        let centres: Vec<Vec<f32>> = (0..4).map(|_| random(rng)).collect();
        (0..n)
            .map(|_| {
                let c = &centres[(rng.next() % 4) as usize];
                let r = spread * (rng.unit() + 0.5);
                let noise = random(rng);
                normalised(c.iter().zip(&noise).map(|(x, e)| x + r * e).collect())
            })
            .collect()
    }

    fn naive(
        queries: &[&[f32]],
        targets: &[&[f32]],
        range: impl Fn(usize) -> Range<usize>,
        threshold: f32,
        k: usize,
    ) -> Vec<Vec<Hit>> {
        (0..queries.len())
            .map(|q| {
                let mut all: Vec<Hit> = range(q)
                    .map(|t| (t, dot(queries[q], targets[t])))
                    .filter(|h| h.1 >= threshold)
                    .collect();
                all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                all.truncate(k);
                all
            })
            .collect()
    }

    fn refs(v: &[Vec<f32>]) -> Vec<&[f32]> {
        v.iter().map(Vec::as_slice).collect()
    }

    #[test]
    fn dot_matches_the_plain_sum() {
        let mut rng = Rng(3);
        for dims in [1, 15, 16, 17, 384, 385] {
            let a: Vec<f32> = (0..dims).map(|_| rng.unit()).collect();
            let b: Vec<f32> = (0..dims).map(|_| rng.unit()).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| f64::from(x * y)).sum();
            assert!((f64::from(dot(&a, &b)) - plain).abs() < 1e-5, "{dims} dims");
        }
    }

    #[test]
    fn windowed_batch_matches_the_naive_loop() {
        let mut rng = Rng(11);
        // 385 dimensions: not a whole number of 4-byte groups or 16-float chunks.
        for (n, dims, spread, window) in [(300, 385, 1.5, 120), (700, 64, 1.5, 5_000)] {
            let v = clustered(&mut rng, n, dims, spread);
            let v = refs(&v);
            let range = |q: usize| q.saturating_sub(window)..q;
            for threshold in [0.2, 0.75, 0.9] {
                let want = naive(&v, &v, range, threshold, 3);
                let some = want.iter().any(|h| !h.is_empty());
                assert!(some, "some hits at {threshold}");
                let got = top_k(&v, &v, range, |a, b| a.cmp(&b), threshold, 3);
                assert_eq!(got, want, "n {n}, threshold {threshold}");
                let plain = top_k_by(&v, &v, range, |a, b| a.cmp(&b), threshold, 3, || None);
                assert_eq!(
                    plain, want,
                    "without prefilter: n {n}, threshold {threshold}"
                );
                for kernel in kernels() {
                    let filter = || Prefilter::with(kernel, &v, &v, threshold);
                    let got = top_k_by(&v, &v, range, |a, b| a.cmp(&b), threshold, 3, filter);
                    assert_eq!(got, want, "{kernel:?}: n {n}, threshold {threshold}");
                }
            }
        }
    }

    #[test]
    fn separate_targets_match_the_naive_loop_in_parallel() {
        let mut rng = Rng(5);
        // Enough pairs to split across threads.
        let both = clustered(&mut rng, 2_100, 128, 1.5);
        let (queries, targets) = both.split_at(1_100);
        let (q, t) = (refs(&queries), refs(&targets));
        let all = |_| 0..targets.len();
        let got = top_k(&q, &t, all, |a, b| a.cmp(&b), 0.8, 5);
        assert_eq!(got, naive(&q, &t, all, 0.8, 5));
        let plain = top_k_by(&q, &t, all, |a, b| a.cmp(&b), 0.8, 5, || None);
        assert_eq!(plain, got);
        for kernel in kernels() {
            let filter = || Prefilter::with(kernel, &q, &t, 0.8);
            let with = top_k_by(&q, &t, all, |a, b| a.cmp(&b), 0.8, 5, filter);
            assert_eq!(with, got, "{kernel:?}");
        }
        assert!(got.iter().filter(|h| h.len() == 5).count() > 10);
    }

    #[test]
    fn targets_coded_one_at_a_time_match_the_naive_loop() {
        let mut rng = Rng(31);
        let all = clustered(&mut rng, 900, 385, 1.5);
        let (queries, pool) = all.split_at(20);
        let Some(mut coded) = CodedTargets::new(385) else {
            return; // no int8 kernel on this CPU: lookups score every pair exactly
        };
        // Added one at a time, some overwritten in place, some swap-removed, as a space's are.
        let mut targets: Vec<Vec<f32>> = Vec::new();
        for (i, v) in pool.iter().enumerate() {
            coded.set(targets.len(), v);
            targets.push(v.clone());
            if i % 7 == 3 {
                let t = (i * 13) % targets.len();
                coded.set(t, &pool[pool.len() - 1 - i]);
                targets[t] = pool[pool.len() - 1 - i].clone();
            }
            if i % 5 == 4 {
                let t = (i * 17) % targets.len();
                coded.swap_remove(t);
                targets.swap_remove(t);
            }
        }
        assert_eq!(coded.len(), targets.len());
        let t = refs(&targets);
        let whole = |_| 0..t.len();
        for n in [1, 3, 20] {
            let q = refs(&queries[..n]);
            for threshold in [0.3, 0.6, 0.9] {
                let want = naive(&q, &t, whole, threshold, 5);
                let hits = want.iter().any(|h| !h.is_empty());
                assert!(hits || threshold > 0.5, "some hits at {threshold}");
                let got = top_k_coded(&q, &t, &coded, |a, b| a.cmp(&b), threshold, 5);
                assert_eq!(got, want, "{n} queries at {threshold}");
            }
        }
        // Emptied again, then refilled.
        while coded.len() > 0 {
            coded.swap_remove(0);
            targets.swap_remove(0);
        }
        coded.set(0, &pool[0]);
        let q = refs(&queries[..1]);
        let got = top_k_coded(&q, &[&pool[0]], &coded, |a, b| a.cmp(&b), -1.0, 1);
        assert_eq!(got, naive(&q, &[&pool[0]], |_| 0..1, -1.0, 1));
    }

    #[test]
    fn equal_scores_follow_the_given_order_and_k_caps() {
        let v = vec![vec![1.0, 0.0]; 6];
        let v = refs(&v);
        // Reverse order: the later target wins a tie.
        let got = top_k(&v, &v, |q| 0..q, |a, b| b.cmp(&a), 0.5, 2);
        assert_eq!(got[0], vec![]);
        assert_eq!(got[5], vec![(4, 1.0), (3, 1.0)]);
        assert_eq!(top_k(&v, &v, |q| 0..q, |a, b| a.cmp(&b), 0.5, 0)[5], vec![]);
    }

    #[test]
    fn the_prefilter_keeps_every_pair_that_scores_and_skips_most_others() {
        let mut rng = Rng(21);
        let v = clustered(&mut rng, 400, 384, 1.5);
        let v = refs(&v);
        let pairs = v.len() * (v.len() - 1) / 2;
        let scoring: Vec<(usize, usize)> = (0..v.len())
            .flat_map(|q| (0..q).map(move |t| (q, t)))
            .filter(|&(q, t)| dot(v[q], v[t]) >= 0.85)
            .collect();
        assert!(!scoring.is_empty());
        for kernel in kernels() {
            let filter = Prefilter::with(kernel, &v, &v, 0.85).expect("same lengths");
            let mut kept = std::collections::HashSet::new();
            filter.candidates(0, v.len(), &|q| 0..q, &mut |q, t| {
                kept.insert((q, t));
                None
            });
            assert!(scoring.iter().all(|p| kept.contains(p)), "{kernel:?}");
            assert!(
                kept.len() < pairs / 4,
                "{kernel:?}: {} of {pairs} kept",
                kept.len()
            );
            assert!(kept.iter().all(|&(q, t)| t < q), "only pairs in range");
        }
    }

    #[test]
    fn a_full_top_k_raises_the_cutoff_and_skips_more() {
        let mut rng = Rng(23);
        let v = clustered(&mut rng, 400, 384, 1.5);
        let v = refs(&v);
        for kernel in kernels() {
            let filter = Prefilter::with(kernel, &v, &v, 0.3).expect("same lengths");
            let count = |raise: bool| {
                let mut hits = vec![Vec::new(); v.len()];
                let mut visited = 0;
                filter.candidates(0, v.len(), &|q| 0..q, &mut |q, t| {
                    visited += 1;
                    offer(&mut hits[q], (t, dot(v[q], v[t])), 2, &|a, b| a.cmp(&b));
                    let h: &Vec<Hit> = &hits[q];
                    (raise && h.len() == 2).then(|| h[1].1)
                });
                (visited, hits)
            };
            let (all, want) = count(false);
            let (fewer, got) = count(true);
            let want: Vec<Vec<Hit>> = want
                .into_iter()
                .map(|h| h.into_iter().filter(|h| h.1 >= 0.3).collect())
                .collect();
            let got: Vec<Vec<Hit>> = got
                .into_iter()
                .map(|h| h.into_iter().filter(|h| h.1 >= 0.3).collect())
                .collect();
            assert_eq!(got, want, "{kernel:?}: the same top 2");
            assert!(fewer * 2 < all, "{kernel:?}: {fewer} of {all} visited");
        }
    }

    #[test]
    fn quantisation_bound_holds() {
        let mut rng = Rng(9);
        for _ in 0..200 {
            let a: Vec<f32> = (0..97).map(|_| rng.unit() * rng.unit()).collect();
            let b: Vec<f32> = (0..97).map(|_| rng.unit()).collect();
            let max = if rng.next() % 2 == 0 { 127.0 } else { 63.0 };
            let (qa, qb) = (quantize(&a, max), quantize(&b, 127.0));
            let approx: f64 = (qa.codes.iter().zip(&qb.codes))
                .map(|(&x, &y)| f64::from(x) * f64::from(y))
                .sum::<f64>()
                / (f64::from(qa.scale) * f64::from(qb.scale));
            let exact: f64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| f64::from(*x) * f64::from(*y))
                .sum();
            let bound = qa.norm * qb.error + qa.error * qb.norm + qa.error * qb.error;
            assert!(
                (exact - approx).abs() <= bound,
                "{exact} vs {approx} ± {bound}"
            );
            assert!(
                bound < 0.05 * qa.norm * qb.norm,
                "the bound is useful: {bound}"
            );
        }
    }
}

/// The cores this process may use, asked of the OS once (each ask reads cgroup files on Linux).
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}
